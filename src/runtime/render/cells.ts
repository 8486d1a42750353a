/**
 * Terminal cell renderer: draws the display list into a grid of character cells (the emulator's ink UI prints it).
 * vp are scaled to cells per axis (cols / device width, rows / device height); a box fills the cells whose centres it
 * covers, a bordered box gets box-drawing edges when it is at least 2×2 cells. The wearable's round screen leaves the
 * cells outside its circle empty.
 *
 * Text is laid out again in cells, as the app's text model lays it out in vp (text-measure.ts) but with a character
 * one cell wide (a wide CJK character two): a node's text wraps at its content box's cells, may widen into cells
 * beside it that no other element draws in (never over a neighbour), and what does not fit its rows is ellipsised —
 * whole characters only.
 */
import type { LaidOutPage, LayoutNode } from '../layout/types.js';
import { isWide, measureText } from '../layout/text-measure.js';
import { parseColor, toHex, type Rgba } from '../layout/color.js';
import { paint, type Box, type TextBlock } from './paint.js';

/** An Image with a picture, in a terminal cell: the layout's placeholder grey (components.ts). */
const IMAGE_CELL = parseColor('#ffe0e0e0')!;

export interface Cell {
  /** One character, or '' for the right half of a wide character. */
  char: string;
  /** '#rrggbb' */
  fg?: string;
  bg?: string;
  bold?: boolean;
}

export interface CellOptions {
  cols: number;
  rows: number;
  /** Page background (default '#ffffff'). */
  background?: string;
}

interface CellBox {
  c0: number;
  r0: number;
  c1: number; // exclusive
  r1: number;
}

export function renderCells(page: LaidOutPage, opts: CellOptions): Cell[][] {
  const cols = Math.max(1, Math.floor(opts.cols));
  const rows = Math.max(1, Math.floor(opts.rows));
  const { width: W, height: H, shape } = page.device;
  const sx = cols / W;
  const sy = rows / H;
  const bg = opts.background ?? '#ffffff';
  const grid: Cell[][] = Array.from({ length: rows }, () => Array.from({ length: cols }, () => ({ char: ' ', bg })));
  const toCells = (b: Box): CellBox => ({
    // Cells whose centre lies inside the box.
    c0: Math.max(0, Math.ceil(b.x * sx - 0.5)), r0: Math.max(0, Math.ceil(b.y * sy - 0.5)),
    c1: Math.min(cols, Math.ceil((b.x + b.w) * sx - 0.5)), r1: Math.min(rows, Math.ceil((b.y + b.h) * sy - 0.5)),
  });
  const clips: CellBox[] = [{ c0: 0, r0: 0, c1: cols, r1: rows }];
  const intersect = (a: CellBox, b: CellBox): CellBox => ({
    c0: Math.max(a.c0, b.c0), r0: Math.max(a.r0, b.r0), c1: Math.min(a.c1, b.c1), r1: Math.min(a.r1, b.r1),
  });
  const inClip = (c: number, r: number, clip: CellBox) => c >= clip.c0 && c < clip.c1 && r >= clip.r0 && r < clip.r1;
  const blend = (under: string | undefined, over: Rgba, opacity: number): string => {
    const a = over.a * opacity;
    if (a >= 0.999 || !under) return toHex(over);
    const u = parseInt(under.slice(1), 16);
    const mix = (o: number, shift: number) => o * a + ((u >> shift) & 0xff) * (1 - a);
    return toHex({ r: mix(over.r, 16), g: mix(over.g, 8), b: mix(over.b, 0), a: 1 });
  };
  const text = new CellText(page, cols, rows);
  const drawn = new Set<LayoutNode>();
  const put = (r: number, c: number, ch: string, fg: string, bold: boolean, box: CellBox) => {
    const wide = isWide(ch.codePointAt(0) ?? 0);
    if (!inClip(c, r, box) || (wide && !inClip(c + 1, r, box))) return;
    grid[r][c] = { char: ch, fg, bg: grid[r][c].bg, ...(bold ? { bold: true } : {}) };
    if (wide) grid[r][c + 1] = { char: '', fg, bg: grid[r][c + 1].bg };
  };
  for (const op of paint(page)) {
    const clip = clips[clips.length - 1];
    switch (op.op) {
      case 'clip':
        clips.push(intersect(clip, toCells(op)));
        break;
      case 'unclip':
        if (clips.length > 1) clips.pop();
        break;
      case 'rect':
      case 'ellipse': {
        const cb = intersect(toCells(op), clip);
        const full = toCells(op);
        const bordered = op.stroke && op.stroke.a > 0 && op.strokeWidth > 0 && full.c1 - full.c0 >= 2 && full.r1 - full.r0 >= 2;
        for (let r = cb.r0; r < cb.r1; r++) {
          for (let c = cb.c0; c < cb.c1; c++) {
            if (op.op === 'ellipse') {
              const dx = ((c + 0.5) / sx - (op.x + op.w / 2)) / (op.w / 2 || 1);
              const dy = ((r + 0.5) / sy - (op.y + op.h / 2)) / (op.h / 2 || 1);
              if (dx * dx + dy * dy > 1) continue;
            }
            const cell = grid[r][c];
            if (op.fill && op.fill.a > 0) {
              cell.bg = blend(cell.bg, op.fill, op.opacity);
              cell.char = ' ';
              delete cell.fg;
            }
            if (bordered && op.op === 'rect') {
              const top = r === full.r0, bottom = r === full.r1 - 1, left = c === full.c0, right = c === full.c1 - 1;
              const round = op.radius > 0;
              let ch = '';
              if (top && left) ch = round ? '╭' : '┌';
              else if (top && right) ch = round ? '╮' : '┐';
              else if (bottom && left) ch = round ? '╰' : '└';
              else if (bottom && right) ch = round ? '╯' : '┘';
              else if (top || bottom) ch = '─';
              else if (left || right) ch = '│';
              if (ch) {
                cell.char = ch;
                cell.fg = toHex(op.stroke!);
              }
            } else if (!op.fill && op.stroke && op.op === 'ellipse') {
              cell.char = '○';
              cell.fg = toHex(op.stroke);
            }
          }
        }
        break;
      }
      case 'image': {
        // Terminal cells cannot show the picture: its box, as the placeholder grey.
        const cb = intersect(toCells(op), clip);
        for (let r = cb.r0; r < cb.r1; r++) {
          for (let c = cb.c0; c < cb.c1; c++) {
            const cell = grid[r][c];
            cell.bg = blend(cell.bg, IMAGE_CELL, op.opacity);
            cell.char = ' ';
            delete cell.fg;
          }
        }
        break;
      }
      case 'text': {
        const fg = toHex(op.color);
        if (op.block) {
          // A node's text is laid out once, from its whole text, whichever of its lines comes first.
          if (drawn.has(op.block.node)) break;
          drawn.add(op.block.node);
          for (const line of text.layout(op.block, op.align, clip)) {
            let c = line.c;
            for (const ch of line.text) {
              put(line.r, c, ch, fg, op.bold, clip);
              c += isWide(ch.codePointAt(0) ?? 0) ? 2 : 1;
            }
          }
          break;
        }
        // A mark a control draws (a check, stars, a placeholder's label): one line in its box, cut to whole characters.
        const box = intersect(clip, toCells(op.clip));
        const r = Math.min(box.r1 - 1, Math.max(box.r0, Math.floor((op.y + op.h / 2) * sy)));
        const chars = fitLine([...op.text], box.c1 - box.c0);
        const width = cellWidth(chars);
        let c = op.align === 'center' ? box.c0 + Math.floor((box.c1 - box.c0 - width) / 2) : op.align === 'end' ? box.c1 - width : box.c0;
        for (const ch of chars) {
          put(r, c, ch, fg, op.bold, box);
          c += isWide(ch.codePointAt(0) ?? 0) ? 2 : 1;
        }
        break;
      }
    }
  }
  if (shape === 'round') {
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) {
        const dx = (c + 0.5) / cols - 0.5;
        const dy = (r + 0.5) / rows - 0.5;
        if (dx * dx + dy * dy > 0.25) grid[r][c] = { char: ' ' };
      }
    }
  }
  return grid;
}

/** Cells a run of characters takes. */
function cellWidth(chars: string[]): number {
  return chars.reduce((s, ch) => s + (isWide(ch.codePointAt(0) ?? 0) ? 2 : 1), 0);
}

/** The characters that fit `width` cells, the last one replaced by '…' when some do not (whole characters only). */
function fitLine(chars: string[], width: number): string[] {
  if (cellWidth(chars) <= width) return chars;
  const out: string[] = [];
  let w = 0;
  for (const ch of chars) {
    const cw = isWide(ch.codePointAt(0) ?? 0) ? 2 : 1;
    if (w + cw > width - 1) break;
    out.push(ch);
    w += cw;
  }
  return width >= 1 ? [...out, '…'] : [];
}

/**
 * Text layout in cells. Which node draws in which cell is known before any text is placed (`owners`: the deepest
 * node that draws something there), so a text can widen into cells only it and its ancestors draw in.
 */
class CellText {
  private readonly owners: (LayoutNode | undefined)[][];
  private readonly parents = new Map<LayoutNode, LayoutNode>();
  private readonly sx: number;
  private readonly sy: number;

  constructor(page: LaidOutPage, private readonly cols: number, private readonly rows: number) {
    this.sx = cols / page.device.width;
    this.sy = rows / page.device.height;
    this.owners = Array.from({ length: rows }, () => Array<LayoutNode | undefined>(cols));
    this.claim(page.root);
  }

  /** Cells whose centre the box covers. */
  private cells(b: Box): CellBox {
    return {
      c0: Math.max(0, Math.ceil(b.x * this.sx - 0.5)), r0: Math.max(0, Math.ceil(b.y * this.sy - 0.5)),
      c1: Math.min(this.cols, Math.ceil((b.x + b.w) * this.sx - 0.5)), r1: Math.min(this.rows, Math.ceil((b.y + b.h) * this.sy - 0.5)),
    };
  }

  /** Whether a node puts anything on screen itself (not only through its children). */
  private draws(n: LayoutNode): boolean {
    const s = n.style;
    return n.text !== undefined || n.children.length === 0 || s.backgroundColor !== undefined || (s.borderWidth > 0 && s.borderColor !== undefined);
  }

  /** Marks the cells `n` and its subtree draw in (inside the clips of scroll containers and the like). */
  private claim(n: LayoutNode, clip: CellBox = { c0: 0, r0: 0, c1: this.cols, r1: this.rows }): void {
    if (!n.visible) return;
    const own = this.cells({ x: n.x, y: n.y, w: n.width, h: n.height });
    if (this.draws(n) && n.width > 0 && n.height > 0) {
      for (let r = Math.max(own.r0, clip.r0); r < Math.min(own.r1, clip.r1); r++) {
        for (let c = Math.max(own.c0, clip.c0); c < Math.min(own.c1, clip.c1); c++) this.owners[r][c] = n;
      }
    }
    const inner = n.clip ? { c0: Math.max(own.c0, clip.c0), r0: Math.max(own.r0, clip.r0), c1: Math.min(own.c1, clip.c1), r1: Math.min(own.r1, clip.r1) } : clip;
    for (const k of n.children) {
      this.parents.set(k, n);
      this.claim(k, inner);
    }
  }

  /** Whether the text of `n` may use cell (r, c): nothing else draws there, or only `n` and its ancestors. */
  private free(n: LayoutNode, r: number, c: number): boolean {
    const owner = this.owners[r][c];
    if (!owner) return true;
    for (let a: LayoutNode | undefined = n; a; a = this.parents.get(a)) if (a === owner) return true;
    return false;
  }

  /** The lines of a node's text in cells: each with its row, first column and characters. */
  layout(block: TextBlock, align: 'start' | 'center' | 'end', clip: CellBox): Array<{ r: number; c: number; text: string[] }> {
    const n = block.node;
    // Every cell the content box touches (a glyph is often narrower than a cell), less the edge cells a neighbour
    // draws in; a box smaller than a cell still shows its text on the cell under its centre.
    const b = block.content;
    const home = {
      c0: Math.max(0, Math.floor(b.x * this.sx)), c1: Math.min(this.cols, Math.ceil((b.x + b.w) * this.sx)),
      r0: Math.max(0, Math.floor(b.y * this.sy)), r1: Math.min(this.rows, Math.ceil((b.y + b.h) * this.sy)),
    };
    const column = (c: number) => Array.from({ length: home.r1 - home.r0 }, (_, i) => home.r0 + i).every((r) => this.free(n, r, c));
    const row = (r: number) => Array.from({ length: home.c1 - home.c0 }, (_, i) => home.c0 + i).every((c) => this.free(n, r, c));
    while (home.r1 - home.r0 > 1 && !row(home.r0)) home.r0++;
    while (home.r1 - home.r0 > 1 && !row(home.r1 - 1)) home.r1--;
    while (home.c1 - home.c0 > 1 && !column(home.c0)) home.c0++;
    while (home.c1 - home.c0 > 1 && !column(home.c1 - 1)) home.c1--;
    if (home.c1 <= home.c0) {
      const c = Math.min(this.cols - 1, Math.max(0, Math.floor((b.x + b.w / 2) * this.sx)));
      Object.assign(home, { c0: c, c1: c + 1 });
    }
    if (home.r1 <= home.r0) {
      const r = Math.min(this.rows - 1, Math.max(0, Math.floor((b.y + b.h / 2) * this.sy)));
      Object.assign(home, { r0: r, r1: r + 1 });
    }
    const box = { c0: Math.max(home.c0, clip.c0), c1: Math.min(home.c1, clip.c1), r0: Math.max(home.r0, clip.r0), r1: Math.min(home.r1, clip.r1) };
    if (box.c1 <= box.c0 || box.r1 <= box.r0) return [];
    // A text the app shows unwrapped (one line per paragraph) but that needs more cells than its box has widens into
    // free cells beside it (inside its parent and the clip); a text the app wrapped wraps at its box here too.
    const paragraphs = block.text.split('\n');
    const want = n.lines && n.lines.length <= paragraphs.length ? Math.max(...paragraphs.map((p) => cellWidth([...p]))) : 0;
    const parent = this.parents.get(n);
    const outer = parent ? this.cells({ x: parent.x, y: parent.y, w: parent.width, h: parent.height }) : { c0: 0, c1: this.cols, r0: 0, r1: this.rows };
    const freeColumn = (c: number) => c >= Math.max(outer.c0, clip.c0) && c < Math.min(outer.c1, clip.c1)
      && Array.from({ length: box.r1 - box.r0 }, (_, i) => box.r0 + i).every((r) => this.free(n, r, c));
    const grow = (side: 'left' | 'right'): boolean => {
      if (box.c1 - box.c0 >= want || !freeColumn(side === 'right' ? box.c1 : box.c0 - 1)) return false;
      if (side === 'right') box.c1++;
      else box.c0--;
      return true;
    };
    // Start-aligned text grows to the right first, end-aligned to the left; centred text on both sides in turn.
    if (align === 'center') {
      for (let more = true; more;) more = [grow('right'), grow('left')].some(Boolean);
    } else {
      const [first, second] = align === 'start' ? ['right', 'left'] as const : ['left', 'right'] as const;
      while (grow(first));
      while (grow(second));
    }
    const width = box.c1 - box.c0;
    const rows = box.r1 - box.r0;
    // Wrapped as the text model wraps (at spaces, CJK anywhere, long words between characters), with a character one
    // cell wide: the model's 0.5 em at a font size of 2. The last row that fits ends with '…' when text is left over.
    const maxLines = Math.min(rows, block.maxLines ?? Infinity);
    const m = measureText({ text: block.text, fontSize: 2, maxLines, ellipsis: true }, width);
    const lines = m.lines.map((l) => fitLine([...l], width));
    const top = box.r0 + Math.floor((rows - lines.length) / 2);
    return lines.map((chars, i) => {
      const w = cellWidth(chars);
      const c = align === 'center' ? box.c0 + Math.floor((width - w) / 2) : align === 'end' ? box.c1 - w : box.c0;
      return { r: top + i, c, text: chars };
    });
  }
}

/** The grid's characters only, one string per row (for tests, logs and plain terminals). */
export function cellsToText(grid: Cell[][]): string {
  return grid.map((row) => row.map((c) => c.char).join('').replace(/\s+$/, '')).join('\n');
}
