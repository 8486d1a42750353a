/**
 * A device's cell grid as terminal lines: 24-bit colour escapes when colour is on, plain characters otherwise. The
 * focused element is drawn in reverse video (visible with and without colour).
 */
import type { Cell } from '../../runtime/render/cells.js';
import type { FocusTarget } from '../device/surface.js';

const rgb = (hex: string) => {
  const n = parseInt(hex.slice(1), 16);
  return `${(n >> 16) & 255};${(n >> 8) & 255};${n & 255}`;
};

export function gridToLines(grid: Cell[][], options: { color: boolean; focus?: FocusTarget['box'] }): string[] {
  const { focus } = options;
  return grid.map((row, r) => {
    let out = '';
    let style = '';
    for (let c = 0; c < row.length; c++) {
      const cell = row[c];
      if (cell.char === '') continue; // right half of a wide character
      const focused = Boolean(focus && r >= focus.r0 && r < focus.r1 && c >= focus.c0 && c < focus.c1);
      let next = '';
      if (options.color) {
        if (cell.fg) next += `\u001b[38;2;${rgb(cell.fg)}m`;
        if (cell.bg) next += `\u001b[48;2;${rgb(cell.bg)}m`;
        if (cell.bold) next += '\u001b[1m';
      }
      if (focused) next += '\u001b[7m';
      if (next !== style) {
        if (style) out += '\u001b[0m';
        out += next;
        style = next;
      }
      out += cell.char;
    }
    if (style) out += '\u001b[0m';
    return out;
  });
}
