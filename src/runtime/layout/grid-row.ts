/**
 * GridRow / GridCol: the 12-column (or breakpoint-chosen) grid with gutters, spans and offsets.
 */
import type { UINode } from '../ui-node.js';
import { type ContainerLayoutHost, type FlowResult } from './container-host.js';
import type { LayoutNode } from './types.js';
import { toVp } from './units.js';

export function arrangeGridRow(host: ContainerLayoutHost, ui: UINode, kids: UINode[], w: number | undefined): FlowResult {
  const W = w ?? host.device.width;
  // breakpoints: {value: ['320vp', '600vp', '840vp'], reference: WindowSize (0, default) | ComponentSize (1)}.
  const bpOpt = host.r.option(ui, 'breakpoints') as { value?: unknown[]; reference?: unknown } | undefined;
  const limits = (Array.isArray(bpOpt?.value) ? bpOpt.value : ['320vp', '600vp', '840vp'])
    .map((v) => toVp(v, host.ctx) ?? Infinity);
  const basis = bpOpt?.reference === 1 ? W : host.device.width;
  const order = ['xs', 'sm', 'md', 'lg', 'xl', 'xxl'];
  let level = 0;
  while (level < limits.length && level < order.length - 1 && basis >= limits[level]) level++;
  const bp = order[level];
  // Read by screen.ts, which fires onBreakpointChange when it differs from what the app was last told.
  ui.breakpoint = bp;
  const pick = (v: unknown, fallback: number): number => {
    if (typeof v === 'number') return v;
    if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>;
      // A breakpoint without a value inherits the nearest smaller one that has it.
      for (let i = order.indexOf(bp); i >= 0; i--) if (typeof o[order[i]] === 'number') return o[order[i]] as number;
    }
    return fallback;
  };
  const columns = pick(host.r.option(ui, 'columns'), 12);
  const gutter = host.r.option(ui, 'gutter');
  const gx = typeof gutter === 'number' ? gutter : pick((gutter as Record<string, unknown> | undefined)?.x, 0);
  const gy = typeof gutter === 'number' ? gutter : pick((gutter as Record<string, unknown> | undefined)?.y, 0);
  const colW = (W - gx * (columns - 1)) / columns;
  const nodes: LayoutNode[] = [];
  let col = 0;
  let y = 0;
  let rowH = 0;
  for (const k of kids) {
    const span = Math.min(columns, Math.max(1, pick(host.r.option(k, 'span'), 1)));
    const offset = pick(host.r.option(k, 'offset'), 0);
    col += offset;
    if (col + span > columns) {
      y += rowH + gy;
      rowH = 0;
      col = col + span > columns && col > 0 ? 0 : col;
    }
    const cellW = span * colW + (span - 1) * gx;
    const f = host.flow([k], cellW, undefined, { stretch: true });
    const x = col * (colW + gx);
    for (const n of f.nodes) {
      const c = { ...n, x: n.x + x, y: n.y + y };
      host.moveShift(n, c);
      nodes.push(c);
    }
    rowH = Math.max(rowH, f.height);
    col += span;
  }
  return { nodes, width: W, height: kids.length ? y + rowH : 0 };
}
