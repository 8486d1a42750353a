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
  // Plain loops: a frame makes rows × cols cells (2,500 for a 50 × 50 pane), and Array.from's callbacks cost more.
  const grid: Cell[][] = [];
  for (let r = 0; r < rows; r++) {
    const row: Cell[] = [];
    for (let c = 0; c < cols; c++) row.push({ char: ' ', bg });
    grid.push(row);
  }
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
  // Only kept when asked for (opts.problems): a render for the screen does not pay for it.
  const checking = opts.problems !== undefined;
  const drawer: (Box | undefined)[][] = checking ? Array.from({ length: rows }, () => Array<Box | undefined>(cols)) : [];
  const placed: TextPlacement[] = [];
  const put = (r: number, c: number, ch: string, fg: string, bold: boolean, box: CellBox, from: Box) => {
    const wide = isWide(ch.codePointAt(0) ?? 0);
    if (!inClip(c, r, box) || (wide && !inClip(c + 1, r, box))) return;
    grid[r][c] = { char: ch, fg, bg: grid[r][c].bg, ...(bold ? { bold: true } : {}) };
    if (checking) drawer[r][c] = from;
    if (wide) {
      grid[r][c + 1] = { char: '', fg, bg: grid[r][c + 1].bg };
      if (checking) drawer[r][c + 1] = from;
    }
  };
  const ops = [...paint(page)];
  // Where every text goes before any widens, so that none widens into another's cells whichever is drawn first.
  {
    const stack: CellBox[] = [clips[0]];
    const reserved = new Set<LayoutNode>();
    for (const op of ops) {
      if (op.op === 'clip') stack.push(intersect(stack[stack.length - 1], toCells(op)));
      else if (op.op === 'unclip') { if (stack.length > 1) stack.pop(); }
      else if (op.op === 'text' && op.block && !reserved.has(op.block.node)) {
        // Once per node: a text of several lines is painted line by line.
        reserved.add(op.block.node);
        text.reserve(op.block, op.align, stack[stack.length - 1]);
      }
    }
  }
  for (const op of ops) {
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
              if (checking) drawer[r][c] = op;
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
                if (checking) drawer[r][c] = op;
              }
            } else if (!op.fill && op.stroke && op.op === 'ellipse') {
              cell.char = '○';
              cell.fg = toHex(op.stroke);
              if (checking) drawer[r][c] = op;
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
            if (checking) drawer[r][c] = op;
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
          if (checking) placed.push({ text: op.block.text, box: from, lines });
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

/** Whether a node fills or frames its box (a background or a visible border). */
function paintsBox(n: LayoutNode): boolean {
  const s = n.style;
  return s.backgroundColor !== undefined || (s.borderWidth > 0 && s.borderColor !== undefined);
}

/** Owner of the round screen's corners: nothing may draw text there. */
const ROUND_MASK = { type: 'RoundMask' } as LayoutNode;

const isWordChar = (ch: string | undefined) => ch !== undefined && /[\p{L}\p{N}]/u.test(ch) && !isWide(ch.codePointAt(0) ?? 0);

/**
 * A word the cells' wrap breaks between two letters ("Sout" / "h…") although the app shows it whole: the text ends
 * there with '…' instead ("Sou…"), which reads; a word the app breaks too (longer than its box) stays broken.
 */
function cutAtSplitWord(text: string, lines: string[], appLines: string[] | undefined, width: number): string[] {
  let pos = 0;
  for (let i = 0; i < lines.length - 1; i++) {
    pos = text.indexOf(lines[i], pos) + lines[i].length;
    if (pos < lines[i].length) return lines;
    const before = [...lines[i]].at(-1);
    if (!isWordChar(before) || !isWordChar(text[pos])) continue;
    let s = pos, e = pos;
    while (s > 0 && isWordChar(text[s - 1])) s--;
    while (e < text.length && isWordChar(text[e])) e++;
    const word = text.slice(s, e);
    if (!appLines || !appLines.some((l) => l.includes(word))) continue;
    const cut = [...lines[i]];
    return [...lines.slice(0, i), (cellWidth(cut) + 1 <= width ? [...cut, '…'] : [...cut.slice(0, -1), '…']).join('')];
  }
  return lines;
}

/** Whether `test` holds for every whole number from `from` to `to` (exclusive). */
function everyIn(from: number, to: number, test: (i: number) => boolean): boolean {
  for (let i = from; i < to; i++) if (!test(i)) return false;
  return true;
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
 * node that draws something there) and, before any text is placed, where each text goes unwidened (`reserved`), so a
 * text widens only into cells that it and its ancestors alone draw in and that no other text takes.
 */
class CellText {
  private readonly owners: (LayoutNode | undefined)[][];
  /** The cells each text takes before any widens (its home, see home()): no other text widens into them. */
  private readonly reserved: (LayoutNode[] | undefined)[][];
  private readonly homes = new Map<LayoutNode, CellBox | null>();
  /** What of each node shows (its box inside its ancestors' clips), in vp. */
  private readonly visible = new Map<LayoutNode, Box>();
  private readonly nearOf = new Map<LayoutNode, Map<LayoutNode, boolean>>();
  /** Wraps already made this render (a text is wrapped when reserved, when sized and when drawn). */
  private readonly wraps = new Map<string, string[]>();
  private readonly parents = new Map<LayoutNode, LayoutNode>();
  private readonly sx: number;
  private readonly sy: number;

  constructor(page: LaidOutPage, private readonly cols: number, private readonly rows: number) {
    this.sx = cols / page.device.width;
    this.sy = rows / page.device.height;
    this.owners = Array.from({ length: rows }, () => Array<LayoutNode | undefined>(cols));
    this.reserved = Array.from({ length: rows }, () => Array<LayoutNode[] | undefined>(cols));
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

  /** Every cell a box touches (a glyph is often narrower than a cell). */
  private touched(b: Box): CellBox {
    return {
      c0: Math.max(0, Math.floor(b.x * this.sx)), c1: Math.min(this.cols, Math.ceil((b.x + b.w) * this.sx)),
      r0: Math.max(0, Math.floor(b.y * this.sy)), r1: Math.min(this.rows, Math.ceil((b.y + b.h) * this.sy)),
    };
  }

  /** Whether a node puts anything on screen itself (not only through its children). */
  private draws(n: LayoutNode): boolean {
    return n.text !== undefined || n.children.length === 0 || paintsBox(n);
  }

  /** Marks the cells `n` and its subtree draw in (inside the clips of scroll containers and the like). */
  private claim(n: LayoutNode, clip: CellBox = { c0: 0, r0: 0, c1: this.cols, r1: this.rows }, clipVp: Box = { x: -Infinity, y: -Infinity, w: Infinity, h: Infinity }): void {
    if (!n.visible) return;
    const own = this.cells({ x: n.x, y: n.y, w: n.width, h: n.height });
    const x0 = Math.max(n.x, clipVp.x), y0 = Math.max(n.y, clipVp.y);
    const seen: Box = { x: x0, y: y0, w: Math.max(0, Math.min(n.x + n.width, clipVp.x + clipVp.w) - x0), h: Math.max(0, Math.min(n.y + n.height, clipVp.y + clipVp.h) - y0) };
    this.visible.set(n, seen);
    if (this.draws(n) && n.width > 0 && n.height > 0) {
      for (let r = Math.max(own.r0, clip.r0); r < Math.min(own.r1, clip.r1); r++) {
        for (let c = Math.max(own.c0, clip.c0); c < Math.min(own.c1, clip.c1); c++) this.owners[r][c] = n;
      }
    }
    const inner = n.clip ? { c0: Math.max(own.c0, clip.c0), r0: Math.max(own.r0, clip.r0), c1: Math.min(own.c1, clip.c1), r1: Math.min(own.r1, clip.r1) } : clip;
    for (const k of n.children) {
      this.parents.set(k, n);
      this.claim(k, inner, n.clip ? seen : clipVp);
    }
  }

  /**
   * Whether the text of `n` may use cell (r, c): nothing else draws there, or only `n`, its ancestors, or a node
   * stacked over or under it (overlapping it in vp: the app draws one over the other there too). A neighbour's cells
   * — and the round screen's corners — are not free.
   */
  private free(n: LayoutNode, r: number, c: number, growing = false): boolean {
    const owner = this.owners[r][c];
    if (owner === ROUND_MASK) return false;
    // Beyond its own home, a text stays off every cell another text's characters take — and only those of a text
    // without a background or border of its own: the rest of such a text's box is empty.
    if (growing && this.takenByOther(n, r, c)) return false;
    if (growing && owner?.text !== undefined && !paintsBox(owner)) return true;
    return !owner || this.near(n, owner);
  }

  /** The text model's wrap with a character one cell wide (0.5 em at a font size of 2). */
  private wrap(text: string, width: number): string[] {
    const key = `${width}\u0000${text}`;
    let lines = this.wraps.get(key);
    if (!lines) {
      lines = measureText({ text, fontSize: 2 }, width).lines;
      this.wraps.set(key, lines);
    }
    return lines;
  }

  /** Marks the cells a text's characters take unwidened (in its home), before any text is placed. */
  reserve(block: TextBlock, align: 'start' | 'center' | 'end', clip: CellBox): void {
    const home = this.home(block, clip);
    if (home) this.reserveLines(block.node, this.lines(block, home, align));
  }

  private reserveLines(n: LayoutNode, lines: Array<{ r: number; c: number; text: string[] }>): void {
    for (const line of lines) {
      let c = line.c;
      for (const ch of line.text) {
        const w = isWide(ch.codePointAt(0) ?? 0) ? 2 : 1;
        for (let k = 0; k < w && c + k < this.cols; k++) {
          const at = (this.reserved[line.r][c + k] ??= []);
          if (!at.includes(n)) at.push(n);
        }
        c += w;
      }
    }
  }

  /** Whether another text (not `n`, an ancestor or one stacked with it) puts a character in cell (r, c) unwidened. */
  private takenByOther(n: LayoutNode, r: number, c: number): boolean {
    if (r < 0 || r >= this.rows || c < 0 || c >= this.cols) return false;
    const at = this.reserved[r][c];
    if (!at) return false;
    for (const o of at) if (o !== n && !this.near(n, o)) return true;
    return false;
  }

  /** `o` is `n`, one of its ancestors, or overlaps it (the app draws one over the other). */
  private near(n: LayoutNode, o: LayoutNode): boolean {
    if (n === o) return true;
    let known = this.nearOf.get(n);
    if (!known) this.nearOf.set(n, (known = new Map()));
    let answer = known.get(o);
    if (answer === undefined) known.set(o, (answer = this.isNear(n, o)));
    return answer;
  }

  private isNear(n: LayoutNode, o: LayoutNode): boolean {
    for (let a: LayoutNode | undefined = n; a; a = this.parents.get(a)) if (a === o) return true;
    // What shows of each: a text that overflows a clipping box does not overlap what lies beyond the clip.
    const seen = (k: LayoutNode) => this.visible.get(k) ?? { x: k.x, y: k.y, w: k.width, h: k.height };
    return overlap(seen(o), seen(n));
  }

  /**
   * The cells a node's text takes before it widens: the rows and columns its content box touches (a glyph is often
   * narrower than a cell), less those a neighbour draws in — first the rows (free across the columns whose centre the
   * box covers; the run nearest the box's middle), then the edge columns on those rows. A box smaller than a cell
   * keeps the cell under its centre. None when the box is off the screen (a list's items below the fold).
   */
  private home(block: TextBlock, clip: CellBox): CellBox | null {
    const known = this.homes.get(block.node);
    if (known !== undefined) return known;
    const home = this.findHome(block, clip);
    this.homes.set(block.node, home);
    return home;
  }

  private findHome(block: TextBlock, clip: CellBox): CellBox | null {
    const n = block.node;
    const b = block.content;
    if (b.x * this.sx >= this.cols || (b.x + b.w) * this.sx <= 0 || b.y * this.sy >= this.rows || (b.y + b.h) * this.sy <= 0) return null;
    const range = (from: number, to: number) => Array.from({ length: Math.max(0, to - from) }, (_, i) => from + i);
    const clampRow = (r: number) => Math.min(this.rows - 1, Math.max(0, r));
    const clampCol = (c: number) => Math.min(this.cols - 1, Math.max(0, c));
    // Inside the clip it is drawn in (a scroll container's or a grid's box).
    const inClip = (x: CellBox): CellBox => ({ c0: Math.max(x.c0, clip.c0), c1: Math.min(x.c1, clip.c1), r0: Math.max(x.r0, clip.r0), r1: Math.min(x.r1, clip.r1) });
    const home = inClip(this.touched(b));
    if (home.c1 <= home.c0 || home.r1 <= home.r0) return null;
    const core = inClip(this.cells(b));
    const coreCols = core.c1 > core.c0 ? range(core.c0, core.c1) : range(home.c0, home.c1);
    const middle = clampRow(Math.floor((b.y + b.h / 2) * this.sy));
    // Free: nothing else draws there, and no text placed before this one puts a character there.
    const freeCell = (r: number, c: number) => this.free(n, r, c) && !this.takenByOther(n, r, c);
    const freeRows = range(home.r0, home.r1).filter((r) => coreCols.every((c) => freeCell(r, c)));
    if (freeRows.length === 0) {
      // Its rows are all taken (boxes closer together than a cell is tall): the nearest free row a row away, else
      // the middle one.
      const near = [middle, home.r0 - 1, home.r1].filter((r) => r >= clip.r0 && r < clip.r1).find((r) => coreCols.every((c) => freeCell(r, c))) ?? middle;
      Object.assign(home, { r0: near, r1: near + 1 });
    } else {
      // The run of free rows nearest the middle row.
      const nearest = freeRows.reduce((a, r) => (Math.abs(r - middle) < Math.abs(a - middle) ? r : a));
      let r0 = nearest, r1 = nearest + 1;
      while (freeRows.includes(r0 - 1)) r0--;
      while (freeRows.includes(r1)) r1++;
      Object.assign(home, { r0, r1 });
    }
    const column = (c: number) => everyIn(home.r0, home.r1, (r) => freeCell(r, c));
    while (home.c1 - home.c0 > 1 && !column(home.c0)) home.c0++;
    while (home.c1 - home.c0 > 1 && !column(home.c1 - 1)) home.c1--;
    if (home.c1 <= home.c0) {
      const c = clampCol(Math.floor((b.x + b.w / 2) * this.sx));
      Object.assign(home, { c0: c, c1: c + 1 });
    }
    // Room it does not need next to another text's characters is left blank, so two texts never run together
    // ("devices:0"): rounding to cells often puts boxes that are apart in the app side by side.
    const need = Math.max(...block.text.split('\n').map((p) => cellWidth([...p])));
    // Without such room, it moves a cell away from the other text when the cell on its far side is free.
    const touching = (c: number) => !everyIn(home.r0, home.r1, (r) => !this.takenByOther(n, r, c));
    const open = (c: number) => c >= clip.c0 && c < clip.c1 && column(c) && !touching(c + (c >= home.c1 ? 1 : -1));
    if (touching(home.c0 - 1) && home.c1 - home.c0 <= need && open(home.c1)) home.c1++;
    if (touching(home.c1) && home.c1 - home.c0 <= need && open(home.c0 - 1)) home.c0--;
    while (home.c1 - home.c0 > Math.min(need, home.c1 - home.c0 - 1) && home.c1 - home.c0 > 1 && touching(home.c0 - 1)) home.c0++;
    while (home.c1 - home.c0 > Math.min(need, home.c1 - home.c0 - 1) && home.c1 - home.c0 > 1 && touching(home.c1)) home.c1--;
    // Left only where the round screen's mask is (a button at the watch's very edge): the screen cuts it off.
    for (let r = home.r0; r < home.r1; r++) for (let c = home.c0; c < home.c1; c++) if (this.owners[r][c] === ROUND_MASK) return null;
    return home;
  }

  /** The lines of a node's text in cells: each with its row, first column and characters. */
  layout(block: TextBlock, align: 'start' | 'center' | 'end', clip: CellBox): Array<{ r: number; c: number; text: string[] }> {
    const n = block.node;
    const home = this.home(block, clip);
    if (!home) return [];
    const box = { c0: Math.max(home.c0, clip.c0), c1: Math.min(home.c1, clip.c1), r0: Math.max(home.r0, clip.r0), r1: Math.min(home.r1, clip.r1) };
    if (box.c1 <= box.c0 || box.r1 <= box.r0) return [];
    // A text the app shows unwrapped (one line per paragraph) but that needs more cells than its box has widens into
    // free cells beside it (inside the enclosing clip); a text the app wrapped wraps at its box here too.
    const paragraphs = block.text.split('\n');
    const want = n.lines && n.lines.length <= paragraphs.length ? Math.max(...paragraphs.map((p) => cellWidth([...p]))) : 0;
    // A column it widens into is free, and keeps one blank cell between it and another text's characters.
    const freeColumn = (c: number, beyond: number) => c >= clip.c0 && c < clip.c1
      && everyIn(box.r0, box.r1, (r) => this.free(n, r, c, true) && !this.takenByOther(n, r, beyond));
    // A cell more for each side where another text's characters come right after its box: the text then keeps a
    // blank between them ("devices: 0", not "devices:0").
    const abuts = (c: number) => !everyIn(box.r0, box.r1, (r) => !this.takenByOther(n, r, c));
    const room = () => (want ? want + (abuts(box.c1) ? 1 : 0) + (abuts(box.c0 - 1) ? 1 : 0) : 0);
    const grow = (side: 'left' | 'right'): boolean => {
      if (box.c1 - box.c0 >= room() || !(side === 'right' ? freeColumn(box.c1, box.c1 + 1) : freeColumn(box.c0 - 1, box.c0 - 2))) return false;
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
    // A wrapped text that needs more rows than its box has at this width (a cell row is about two lines of text
    // tall, so rounding often leaves it one short) grows down into free rows below it, as far as the app's maxLines.
    const needed = Math.min(block.maxLines ?? Infinity, this.wrap(block.text, box.c1 - box.c0).length);
    const freeRow = (r: number) => r < clip.r1 && r < this.rows && everyIn(box.c0, box.c1, (c) => this.free(n, r, c, true));
    while (box.r1 - box.r0 < needed && freeRow(box.r1)) box.r1++;
    // The cells it took are its own now: a text laid out after it (a neighbour growing the other way into the same
    // gap) finds them taken.
    for (let r = box.r0; r < box.r1; r++) for (let c = box.c0; c < box.c1; c++) if (!this.owners[r][c]) this.owners[r][c] = n;
    const lines = this.lines(block, box, align);
    // And its characters are taken like those reserved: no text drawn after it widens onto them.
    this.reserveLines(n, lines);
    return lines;
  }

  /**
   * A text's lines in a box of cells: wrapped as the text model wraps (at spaces, CJK anywhere, long words between
   * characters), with a character one cell wide — the model's 0.5 em at a font size of 2. The last row that fits ends
   * with '…' when text is left over.
   */
  private lines(block: TextBlock, box: CellBox, align: 'start' | 'center' | 'end'): Array<{ r: number; c: number; text: string[] }> {
    const width = box.c1 - box.c0;
    const rows = box.r1 - box.r0;
    const maxLines = Math.min(rows, block.maxLines ?? Infinity);
    // The wrap of the whole text, cut to the rows: the last row kept ends with '…' when text is left over.
    const all = this.wrap(block.text, width);
    const shown = all.length > maxLines ? all.slice(0, Math.max(0, maxLines)) : all;
    if (shown.length < all.length && shown.length > 0) {
      const last = [...shown[shown.length - 1]];
      shown[shown.length - 1] = (cellWidth(last) + 1 <= width ? [...last, '…'] : fitLine([...last, '…', '…'], width)).join('');
    }
    const lines = cutAtSplitWord(block.text, shown, block.node.lines, width).map((l) => fitLine([...l], width));
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
