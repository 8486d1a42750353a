/**
 * Terminal cell renderer: draws the display list into a grid of character cells (the emulator's ink UI prints it).
 * vp are scaled to cells per axis (cols / device width, rows / device height); a box fills the cells whose centres it
 * covers, a bordered box gets box-drawing edges when it is at least 2×2 cells, text is one character per cell (a wide
 * CJK character takes two: the second cell holds ''), clipped to its node and to enclosing clips. The wearable's
 * round screen leaves the cells outside its circle empty.
 */
import type { LaidOutPage } from '../layout/types.js';
import { isWide } from '../layout/text-measure.js';
import { parseColor, toHex, type Rgba } from '../layout/color.js';
import { paint, type Box } from './paint.js';

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
  let lastText: { clip?: Box; row: number } = { row: -1 };
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
        // Outer rounding for text: a glyph (0.5 em) is usually narrower than a cell, so a label may use every cell
        // its box touches.
        const outer: CellBox = { c0: Math.max(0, Math.floor(op.clip.x * sx)), r0: Math.max(0, Math.floor(op.clip.y * sy)),
          c1: Math.min(cols, Math.ceil((op.clip.x + op.clip.w) * sx)), r1: Math.min(rows, Math.ceil((op.clip.y + op.clip.h) * sy)) };
        let box = intersect(clip, outer);
        const chars = [...op.text];
        const width = chars.reduce((s, ch) => s + (isWide(ch.codePointAt(0) ?? 0) ? 2 : 1), 0);
        let r = Math.floor((op.y + op.h / 2) * sy);
        // Lines of one text are closer than a cell row when scaled down: never draw two on the same row.
        if (lastText.clip === op.clip && r <= lastText.row) r = lastText.row + 1;
        let c = op.align === 'center' ? outer.c0 + Math.floor((outer.c1 - outer.c0 - width) / 2)
          : op.align === 'end' ? outer.c1 - width : outer.c0;
        c = Math.max(c, box.c0);
        if (r < box.r0 || r >= box.r1) break;
        // The text model fitted this line in its box; at cell resolution a glyph can be relatively wider than its
        // 0.5 em, so let the line run past the box's right edge (never past an enclosing clip) instead of losing
        // its last characters.
        box = intersect(clip, { ...box, c1: Math.max(box.c1, c + width) });
        lastText = { clip: op.clip, row: r };
        const fg = toHex(op.color);
        for (const ch of chars) {
          const wide = isWide(ch.codePointAt(0) ?? 0);
          if (c + (wide ? 2 : 1) > box.c1) break;
          if (inClip(c, r, box)) {
            grid[r][c] = { char: ch, fg, bg: grid[r][c].bg, ...(op.bold ? { bold: true } : {}) };
            if (wide) grid[r][c + 1] = { char: '', fg, bg: grid[r][c + 1].bg };
          }
          c += wide ? 2 : 1;
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

/** The grid's characters only, one string per row (for tests, logs and plain terminals). */
export function cellsToText(grid: Cell[][]): string {
  return grid.map((row) => row.map((c) => c.char).join('').replace(/\s+$/, '')).join('\n');
}
