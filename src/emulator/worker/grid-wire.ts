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
  const chars: string[] = [];
  const styles: PackedGrid['styles'] = [];
  const index = new Map<string, number>();
  const style = new Uint16Array(rows * cols);
  let k = 0;
  for (const row of grid) {
    for (let c = 0; c < cols; c++, k++) {
      const cell = row[c] ?? { char: ' ' };
      chars.push(cell.char);
      const key = `${cell.fg ?? ''}|${cell.bg ?? ''}|${cell.bold === undefined ? '' : cell.bold ? 1 : 0}`;
      let s = index.get(key);
      if (s === undefined) {
        s = styles.length;
        index.set(key, s);
        styles.push({ ...(cell.fg !== undefined ? { fg: cell.fg } : {}), ...(cell.bg !== undefined ? { bg: cell.bg } : {}), ...(cell.bold !== undefined ? { bold: cell.bold } : {}) });
      }
      style[k] = s;
    }
  }
  return { rows, cols, chars: JSON.stringify(chars), styles, style };
}

export function unpackGrid(packed: PackedGrid): Cell[][] {
  const chars = JSON.parse(packed.chars) as string[];
  const grid: Cell[][] = [];
  let k = 0;
  for (let r = 0; r < packed.rows; r++) {
    const row: Cell[] = [];
    for (let c = 0; c < packed.cols; c++, k++) row.push({ char: chars[k]!, ...packed.styles[packed.style[k]!] });
    grid.push(row);
  }
  return grid;
}
