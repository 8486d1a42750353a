/**
 * Grid and WaterFlow: columnsTemplate / rowsTemplate tracks, gaps, spans; WaterFlow fills the shortest column.
 */
import type { UINode } from '../ui-node.js';
import { parseTemplate, type ContainerLayoutHost, type FlowResult } from './container-host.js';
import type { LayoutNode } from './types.js';
import { toVp } from './units.js';

export function arrangeGrid(host: ContainerLayoutHost, ui: UINode, kids: UINode[], w: number | undefined, h: number | undefined, waterflow: boolean):
FlowResult {
  const W = w ?? host.device.width;
  const cols = parseTemplate(host.r.str(host.r.attr(ui, 'columnsTemplate')) ?? '1fr');
  const colGap = toVp(host.r.attr(ui, 'columnsGap'), host.ctx, W) ?? 0;
  const rowGap = toVp(host.r.attr(ui, 'rowsGap'), host.ctx, h) ?? 0;
  const total = cols.reduce((s, c) => s + c, 0);
  const free = Math.max(0, W - colGap * (cols.length - 1));
  const colW = cols.map((c) => (free * c) / total);
  const colX = colW.map((_, i) => colW.slice(0, i).reduce((s, x) => s + x + colGap, 0));
  const rowsTemplate = host.r.str(host.r.attr(ui, 'rowsTemplate'));
  const rowFr = rowsTemplate && h !== undefined && !waterflow ? parseTemplate(rowsTemplate) : undefined;
  const nodes: LayoutNode[] = [];
  const place = (flow: FlowResult, x: number, y: number) => {
    for (const n of flow.nodes) {
      const c = { ...n, x: n.x + x, y: n.y + y };
      host.moveShift(n, c);
      nodes.push(c);
    }
  };
  if (waterflow) {
    const heights = colW.map(() => 0);
    for (const k of kids) {
      const col = heights.indexOf(Math.min(...heights));
      const f = host.flow([k], colW[col], undefined, { stretch: true });
      place(f, colX[col], heights[col] === 0 ? 0 : heights[col] + rowGap);
      heights[col] = (heights[col] === 0 ? 0 : heights[col] + rowGap) + f.height;
    }
    return { nodes, width: W, height: Math.max(0, ...heights) };
  }
  // Place items in the column grid: GridItem rowStart/rowEnd/columnStart/columnEnd span cells; the others fill the
  // next free cell in reading order.
  const n = cols.length;
  const taken: boolean[][] = [];
  const fits = (r: number, c: number, rs: number, cs: number) => {
    if (c < 0 || r < 0 || c + cs > n) return false;
    for (let i = r; i < r + rs; i++) for (let j = c; j < c + cs; j++) if (taken[i]?.[j]) return false;
    return true;
  };
  const cells: { k: UINode; row: number; col: number; rs: number; cs: number }[] = [];
  let cur = 0; // next cell in reading order (row * n + col)
  for (const k of kids) {
    const num = (a: string) => host.r.num(host.r.attr(k, a));
    const [c0, c1, r0, r1] = [num('columnStart'), num('columnEnd'), num('rowStart'), num('rowEnd')];
    const cs = c0 !== undefined && c1 !== undefined && c1 >= c0 ? Math.min(n, c1 - c0 + 1) : 1;
    const rs = r0 !== undefined && r1 !== undefined && r1 >= r0 ? r1 - r0 + 1 : 1;
    let row = -1;
    let col = -1;
    if (c0 !== undefined && r0 !== undefined && fits(r0, c0, rs, cs)) {
      row = r0;
      col = c0;
    } else {
      for (let i = cur; row < 0; i++) {
        if (fits(Math.floor(i / n), i % n, rs, cs)) {
          row = Math.floor(i / n);
          col = i % n;
        }
      }
    }
    for (let i = row; i < row + rs; i++) {
      const line = (taken[i] ??= []);
      for (let j = col; j < col + cs; j++) line[j] = true;
    }
    cells.push({ k, row, col, rs, cs });
    while (taken[Math.floor(cur / n)]?.[cur % n]) cur++;
  }
  const rowCount = Math.max(0, ...cells.map((c) => c.row + c.rs));
  const rowH = rowFr
    ? rowFr.map((f) => (Math.max(0, h! - rowGap * (rowFr.length - 1)) * f) / rowFr.reduce((s, x) => s + x, 0))
    : Array<number>(rowCount).fill(0);
  const widthOf = (c: { col: number; cs: number }) => colW.slice(c.col, c.col + c.cs).reduce((s, x) => s + x, 0) + colGap * (c.cs - 1);
  const spanH = (c: { row: number; rs: number }) => rowH.slice(c.row, c.row + c.rs).reduce((s, x) => s + (x ?? 0), 0) + rowGap * (c.rs - 1);
  if (!rowFr) {
    // Rows as tall as their tallest single-row item, then grown where a spanning item needs more.
    for (const c of cells.filter((x) => x.rs === 1)) rowH[c.row] = Math.max(rowH[c.row], host.flow([c.k], widthOf(c), undefined, { stretch: true }).height);
    for (const c of cells.filter((x) => x.rs > 1)) {
      const need = host.flow([c.k], widthOf(c), undefined, { stretch: true }).height - spanH(c);
      if (need > 0) rowH[c.row + c.rs - 1] += need;
    }
  }
  const rowY = rowH.map((_, i) => rowH.slice(0, i).reduce((s, x) => s + x + rowGap, 0));
  for (const c of cells) {
    const fixed = rowFr !== undefined || c.rs > 1;
    const f = host.flow([c.k], widthOf(c), fixed ? spanH(c) : undefined, { stretch: true, fill: fixed });
    place(f, colX[c.col] ?? 0, rowY[c.row] ?? 0);
  }
  const y = rowH.length ? rowY[rowH.length - 1] + rowH[rowH.length - 1] : 0;
  return { nodes, width: W, height: y };
}
