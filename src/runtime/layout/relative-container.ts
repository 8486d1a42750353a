/**
 * RelativeContainer: each child placed by its alignRules against the container or a sibling (by id).
 */
import { HorizontalAlign, VerticalAlign } from '../enums.js';
import type { UINode } from '../ui-node.js';
import { nodeId } from './attributes.js';
import { type ContainerLayoutHost, type FlowResult } from './container-host.js';
import type { LayoutNode } from './types.js';

export function arrangeRelative(host: ContainerLayoutHost, kids: UINode[], w: number | undefined, h: number | undefined): FlowResult {
  const W = w ?? 0;
  const H = h ?? 0;
  const items = kids.map((k) => ({ ui: k, id: nodeId(k, host.r), flow: host.flow([k], w, h, {}) }));
  const rects = new Map<string, { x: number; y: number; w: number; h: number }>();
  rects.set('__container__', { x: 0, y: 0, w: W, h: H });
  const pos = items.map(() => ({ x: 0, y: 0 }));
  // Rules may point at siblings declared later: iterate until stable (bounded by the child count).
  for (let pass = 0; pass <= items.length; pass++) {
    items.forEach((it, i) => {
      const rules = (host.r.attr(it.ui, 'alignRules') ?? {}) as Record<string, { anchor?: string; align?: number }>;
      const cw = it.flow.width;
      const ch = it.flow.height;
      const anchor = (rule?: { anchor?: string }) => (rule?.anchor ? rects.get(rule.anchor) : undefined);
      const hx = (a: { x: number; w: number }, align?: number) =>
        align === HorizontalAlign.Center ? a.x + a.w / 2 : align === HorizontalAlign.End ? a.x + a.w : a.x;
      const vy = (a: { y: number; h: number }, align?: number) =>
        align === VerticalAlign.Center ? a.y + a.h / 2 : align === VerticalAlign.Bottom ? a.y + a.h : a.y;
      let x = 0;
      let y = 0;
      const left = rules.left ?? rules.start;
      const right = rules.right ?? rules.end;
      let a = anchor(left);
      if (a) x = hx(a, left?.align);
      else if ((a = anchor(rules.middle))) x = hx(a, rules.middle?.align) - cw / 2;
      else if ((a = anchor(right))) x = hx(a, right?.align) - cw;
      let b = anchor(rules.top);
      if (b) y = vy(b, rules.top?.align);
      else if ((b = anchor(rules.center))) y = vy(b, rules.center?.align) - ch / 2;
      else if ((b = anchor(rules.bottom))) y = vy(b, rules.bottom?.align) - ch;
      pos[i] = { x, y };
      if (it.id) rects.set(it.id, { x, y, w: cw, h: ch });
    });
  }
  const nodes: LayoutNode[] = [];
  let maxX = 0;
  let maxY = 0;
  items.forEach((it, i) => {
    for (const n of it.flow.nodes) {
      const c = { ...n, x: n.x + pos[i].x, y: n.y + pos[i].y };
      host.moveShift(n, c);
      nodes.push(c);
    }
    maxX = Math.max(maxX, pos[i].x + it.flow.width);
    maxY = Math.max(maxY, pos[i].y + it.flow.height);
  });
  return { nodes, width: w ?? maxX, height: h ?? maxY };
}
