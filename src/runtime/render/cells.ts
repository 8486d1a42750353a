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
  /**
   * When given, what is wrong with the text drawn is pushed here: a node's text that is neither whole (its words in
   * order, wrapped anywhere) nor a beginning of it ending with '…', or a character of it covered by a drawing that
   * does not overlap the text's own box (a neighbour). For the layout's tests and corpus checks.
   */
  problems?: string[];
}

/** Where a node's text was drawn in cells. */
interface TextPlacement {
  text: string;
  /** The node's box in vp. */
  box: Box;
  lines: Array<{ r: number; c: number; text: string[] }>;
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
  const toCells = (b: Box): CellBox => centreCells(b, sx, sy, cols, rows);
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
  // Which drawing (its box in vp) wrote each cell last, and where texts went: for opts.problems.
  const drawer: (Box | undefined)[][] = Array.from({ length: rows }, () => Array<Box | undefined>(cols));
  const placed: TextPlacement[] = [];
  const put = (r: number, c: number, ch: string, fg: string, bold: boolean, box: CellBox, from: Box) => {
    const wide = isWide(ch.codePointAt(0) ?? 0);
    if (!inClip(c, r, box) || (wide && !inClip(c + 1, r, box))) return;
    grid[r][c] = { char: ch, fg, bg: grid[r][c].bg, ...(bold ? { bold: true } : {}) };
    drawer[r][c] = from;
    if (wide) {
      grid[r][c + 1] = { char: '', fg, bg: grid[r][c + 1].bg };
      drawer[r][c + 1] = from;
    }
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
              drawer[r][c] = op;
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
                drawer[r][c] = op;
              }
            } else if (!op.fill && op.stroke && op.op === 'ellipse') {
              cell.char = '○';
              cell.fg = toHex(op.stroke);
              drawer[r][c] = op;
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
            drawer[r][c] = op;
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
          const lines = text.layout(op.block, op.align, clip);
          const node = op.block.node;
          const from = { x: node.x, y: node.y, w: node.width, h: node.height };
          placed.push({ text: op.block.text, box: from, lines });
          for (const line of lines) {
            let c = line.c;
            for (const ch of line.text) {
              put(line.r, c, ch, fg, op.bold, clip, from);
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
          put(r, c, ch, fg, op.bold, box, op.clip);
          c += isWide(ch.codePointAt(0) ?? 0) ? 2 : 1;
        }
        break;
      }
    }
  }
  if (shape === 'round') {
    for (let r = 0; r < rows; r++) {
      for (let c = 0; c < cols; c++) if (outsideCircle(r, c, rows, cols)) grid[r][c] = { char: ' ' };
    }
  }
  if (opts.problems) opts.problems.push(...checkText(grid, drawer, placed));
  return grid;
}

const overlap = (a: Box, b: Box) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;

/** See CellOptions.problems. */
function checkText(grid: Cell[][], drawer: (Box | undefined)[][], placed: TextPlacement[]): string[] {
  const problems: string[] = [];
  const squash = (s: string) => s.replace(/\s+/g, '');
  for (const p of placed) {
    if (p.lines.length === 0) continue;
    const shown = squash(p.lines.map((l) => l.text.join('')).join(''));
    const whole = squash(p.text);
    if (shown !== whole && !(shown.endsWith('…') && whole.startsWith(shown.slice(0, -1)))) {
      problems.push(`"${p.text}" shows as "${p.lines.map((l) => l.text.join('')).join(' / ')}"`);
    }
    for (const l of p.lines) {
      let c = l.c;
      for (const ch of l.text) {
        const cell = grid[l.r]?.[c];
        const by = drawer[l.r]?.[c];
        // Covered by something stacked over the text in the app (a Stack's upper layer) is how the app looks.
        if (cell && cell.char !== ch && ch !== ' ' && !(by && by !== p.box && overlap(by, p.box))) {
          problems.push(`"${p.text}": '${ch}' at row ${l.r}, column ${c} is covered by '${cell.char}'`);
        }
        c += isWide(ch.codePointAt(0) ?? 0) ? 2 : 1;
      }
    }
  }
  return problems;
}

/**
 * The cells whose centre a box covers. Edges that fall on a cell's centre (common: layout lands on whole vp) count
 * for the box after it, whatever floating point made of them.
 */
function centreCells(b: Box, sx: number, sy: number, cols: number, rows: number): CellBox {
  const edge = (v: number) => Math.ceil(v - 0.5 - 1e-6);
  return {
    c0: Math.max(0, edge(b.x * sx)), r0: Math.max(0, edge(b.y * sy)),
    c1: Math.min(cols, edge((b.x + b.w) * sx)), r1: Math.min(rows, edge((b.y + b.h) * sy)),
  };
}

/** Whether a cell of the round watch's screen lies outside its circle. */
function outsideCircle(r: number, c: number, rows: number, cols: number): boolean {
  const dx = (c + 0.5) / cols - 0.5;
  const dy = (r + 0.5) / rows - 0.5;
  return dx * dx + dy * dy > 0.25;
}

/** Owner of the round screen's corners: nothing may draw text there. */
const ROUND_MASK = { type: 'RoundMask' } as LayoutNode;

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
    // The round screen's corners show nothing: no text goes there (it would lose letters to the mask).
    if (page.device.shape === 'round') {
      for (let r = 0; r < rows; r++) {
        for (let c = 0; c < cols; c++) if (outsideCircle(r, c, rows, cols)) this.owners[r][c] = ROUND_MASK;
      }
    }
  }

  private cells(b: Box): CellBox {
    return centreCells(b, this.sx, this.sy, this.cols, this.rows);
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

  /**
   * Whether the text of `n` may use cell (r, c): nothing else draws there, or only `n`, its ancestors, or a node
   * stacked over or under it (overlapping it in vp: the app draws one over the other there too). A neighbour's cells
   * — and the round screen's corners — are not free.
   */
  private free(n: LayoutNode, r: number, c: number): boolean {
    const owner = this.owners[r][c];
    if (!owner) return true;
    if (owner === ROUND_MASK) return false;
    for (let a: LayoutNode | undefined = n; a; a = this.parents.get(a)) if (a === owner) return true;
    return overlap({ x: owner.x, y: owner.y, w: owner.width, h: owner.height }, { x: n.x, y: n.y, w: n.width, h: n.height });
  }

  /** The lines of a node's text in cells: each with its row, first column and characters. */
  layout(block: TextBlock, align: 'start' | 'center' | 'end', clip: CellBox): Array<{ r: number; c: number; text: string[] }> {
    const n = block.node;
    const b = block.content;
    // Off the screen (a list's items below the fold): nothing to draw.
    if (b.x * this.sx >= this.cols || (b.x + b.w) * this.sx <= 0 || b.y * this.sy >= this.rows || (b.y + b.h) * this.sy <= 0) return [];
    // The rows and columns the content box touches (a glyph is often narrower than a cell), less those a neighbour
    // draws in: first the rows (free across the columns whose centre the box covers; the run nearest the box's
    // middle), then the edge columns on those rows. A box smaller than a cell keeps the cell under its centre.
    const range = (from: number, to: number) => Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);
    const clampRow = (r: number) => Math.min(this.rows - 1, Math.max(0, r));
    const clampCol = (c: number) => Math.min(this.cols - 1, Math.max(0, c));
    const home = {
      c0: Math.max(0, Math.floor(b.x * this.sx)), c1: Math.min(this.cols, Math.ceil((b.x + b.w) * this.sx)),
      r0: Math.max(0, Math.floor(b.y * this.sy)), r1: Math.min(this.rows, Math.ceil((b.y + b.h) * this.sy)),
    };
    const core = this.cells(b);
    const coreCols = core.c1 > core.c0 ? range(core.c0, core.c1) : range(home.c0, home.c1);
    const middle = clampRow(Math.floor((b.y + b.h / 2) * this.sy));
    const freeRows = range(home.r0, home.r1).filter((r) => coreCols.every((c) => this.free(n, r, c)));
    if (freeRows.length === 0) Object.assign(home, { r0: middle, r1: middle + 1 });
    else {
      // The run of free rows nearest the middle row.
      const nearest = freeRows.reduce((a, r) => (Math.abs(r - middle) < Math.abs(a - middle) ? r : a));
      let r0 = nearest, r1 = nearest + 1;
      while (freeRows.includes(r0 - 1)) r0--;
      while (freeRows.includes(r1)) r1++;
      Object.assign(home, { r0, r1 });
    }
    const column = (c: number) => range(home.r0, home.r1).every((r) => this.free(n, r, c));
    while (home.c1 - home.c0 > 1 && !column(home.c0)) home.c0++;
    while (home.c1 - home.c0 > 1 && !column(home.c1 - 1)) home.c1--;
    if (home.c1 <= home.c0) {
      const c = clampCol(Math.floor((b.x + b.w / 2) * this.sx));
      Object.assign(home, { c0: c, c1: c + 1 });
    }
    const box = { c0: Math.max(home.c0, clip.c0), c1: Math.min(home.c1, clip.c1), r0: Math.max(home.r0, clip.r0), r1: Math.min(home.r1, clip.r1) };
    if (box.c1 <= box.c0 || box.r1 <= box.r0) return [];
    // A text the app shows unwrapped (one line per paragraph) but that needs more cells than its box has widens into
    // free cells beside it (inside the enclosing clip); a text the app wrapped wraps at its box here too.
    const paragraphs = block.text.split('\n');
    const want = n.lines && n.lines.length <= paragraphs.length ? Math.max(...paragraphs.map((p) => cellWidth([...p]))) : 0;
    const freeColumn = (c: number) => c >= clip.c0 && c < clip.c1 && range(box.r0, box.r1).every((r) => this.free(n, r, c));
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
