/**
 * JSON renderer — a STABLE contract (preview --json, the connector's `tree`, tests):
 *   { "device": { "type", "width", "height" }, "page": "pages/Index", "root": Node }
 *   Node = { "type", "id"?, "text"?, "bounds": [x, y, w, h], "attrs"?, "children": [Node] }
 * bounds in vp relative to the page; attrs = set attributes by name (resources resolved, functions omitted);
 * text = the string a Text, Button, Span or TextInput shows. Keys appear in this order.
 */
import type { LaidOutPage, LayoutNode } from '../layout/types.js';

export interface JsonNode {
  type: string;
  id?: string;
  text?: string;
  bounds: [number, number, number, number];
  attrs?: Record<string, unknown>;
  children: JsonNode[];
}

export interface JsonPage {
  device: { type: string; width: number; height: number };
  page: string;
  root: JsonNode;
}

const r2 = (v: number) => Math.round(v * 100) / 100;

export function toJsonNode(n: LayoutNode): JsonNode {
  // Built in contract key order: type, id, text, bounds, attrs, children.
  return {
    type: n.type,
    ...(n.id !== undefined ? { id: n.id } : {}),
    ...(n.text !== undefined ? { text: n.text } : {}),
    bounds: [r2(n.x), r2(n.y), r2(n.width), r2(n.height)],
    ...(n.attrs ? { attrs: n.attrs } : {}),
    children: n.children.map(toJsonNode),
  };
}

export function toJsonPage(page: LaidOutPage): JsonPage {
  return {
    device: { type: page.device.type, width: page.device.width, height: page.device.height },
    page: page.page,
    root: toJsonNode(page.root),
  };
}

export function renderJson(page: LaidOutPage, indent = 2): string {
  return JSON.stringify(toJsonPage(page), null, indent) + '\n';
}
