/**
 * A frame's cells as its worker posts them to the holder: every character in one JSON string and a style index per
 * cell (Uint16Array) into the frame's few distinct styles. Posting the grid itself cloned rows × cols objects (2,500
 * for a 50 × 50 pane): ~1.2 ms to read back on the holder's thread, which also runs the terminal UI and the
 * session; this takes ~0.2 ms there and ~0.4 ms here.
 */
import type { Cell } from '../../runtime/render/cells.js';

export interface PackedGrid {
  rows: number;
  cols: number;
  /** JSON of every cell's `char`, row by row. */
  chars: string;
  /** The distinct styles (fg, bg, bold: only the keys a cell has). */
  styles: Array<Omit<Cell, 'char'>>;
  /** Each cell's index in `styles`, row by row. */
  style: Uint16Array;
}

export function packGrid(grid: Cell[][]): PackedGrid {
  const rows = grid.length, cols = grid[0]?.length ?? 0;
  const chars: string[] = new Array(rows * cols);
  const styles: PackedGrid['styles'] = [];
  // fg → bg → bold (0 none, 1 true, 2 false) → index in styles: no key string made per cell (a frame has few styles
  // but thousands of cells, and blended colours are fresh strings).
  const index = new Map<string | undefined, Map<string | undefined, number[]>>();
  const style = new Uint16Array(rows * cols);
  let k = 0;
  for (const row of grid) {
    for (let c = 0; c < cols; c++, k++) {
      const cell = row[c] ?? { char: ' ' };
      chars[k] = cell.char;
      const { fg, bg, bold } = cell;
      let byBg = index.get(fg);
      if (byBg === undefined) index.set(fg, (byBg = new Map()));
      let byBold = byBg.get(bg);
      if (byBold === undefined) byBg.set(bg, (byBold = [-1, -1, -1]));
      const b = bold === undefined ? 0 : bold ? 1 : 2;
      let s = byBold[b]!;
      if (s === -1) {
        s = styles.length;
        byBold[b] = s;
        styles.push({ ...(fg !== undefined ? { fg } : {}), ...(bg !== undefined ? { bg } : {}), ...(bold !== undefined ? { bold } : {}) });
      }
      style[k] = s;
    }
  }
  return { rows, cols, chars: JSON.stringify(chars), styles, style };
}

export function unpackGrid(packed: PackedGrid): Cell[][] {
  const chars = JSON.parse(packed.chars) as string[];
  // One maker per style: each cell is a literal with the style's own keys (char, fg, bg, bold - in that order, as
  // spreading the style gave), not a spread per cell.
  const make = packed.styles.map((st): ((char: string) => Cell) => {
    const { fg, bg, bold } = st;
    if (bold === undefined) {
      if (fg === undefined) return bg === undefined ? (char) => ({ char }) : (char) => ({ char, bg });
      return bg === undefined ? (char) => ({ char, fg }) : (char) => ({ char, fg, bg });
    }
    return (char) => ({ char, ...st });
  });
  const grid: Cell[][] = [];
  let k = 0;
  for (let r = 0; r < packed.rows; r++) {
    const row: Cell[] = [];
    for (let c = 0; c < packed.cols; c++, k++) row.push(make[packed.style[k]!]!(chars[k]!));
    grid.push(row);
  }
  return grid;
}
