import type { UINode } from '../../src/runtime/ui-node.js';

let nextId = 1;

/** Builds a UINode by hand, as the framework would: `el('Text', ['hi'], { fontSize: [20] })`. */
export function el(type: string, args: unknown[] = [], attrs: Record<string, unknown[]> = {},
  children: UINode[] = []): UINode {
  const node: UINode = { elmtId: nextId++, type, args, attrs, children };
  for (const c of children) c.parent = node;
  return node;
}

/** A fixed-size box (a Column with width and height), for layout arithmetic. */
export function box(w: number | string, h: number | string, attrs: Record<string, unknown[]> = {}): UINode {
  return el('Column', [], { width: [w], height: [h], ...attrs });
}
