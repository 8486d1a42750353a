import { describe, expect, it } from 'vitest';
import { packGrid, unpackGrid } from '../../../src/emulator/worker/grid-wire.js';
import type { Cell } from '../../../src/runtime/render/cells.js';

describe('frame cells on the wire', () => {
  it('come back exactly: characters (a wide one and its empty right half, an astral one), colours, bold, absent keys', () => {
    const grid: Cell[][] = [
      [{ char: '中' }, { char: '' }, { char: 'a', fg: '#112233' }, { char: '😀', bg: '#ffffff', bold: true }],
      [{ char: ' ', bg: '#ffffff' }, { char: '"', fg: '#000000', bg: '#ffffff' }, { char: '\\', bold: false }, { char: '…', fg: ['#1122', '33'].join('') }],
    ];
    const packed = packGrid(grid);
    expect(packed.styles.length).toBe(6); // the two cells in #112233 share one (one of them a colour made at run time)
    const back = unpackGrid(structuredClone(packed));
    expect(back).toStrictEqual(grid);
    expect(JSON.stringify(back)).toBe(JSON.stringify(grid)); // each cell's keys in the order they were drawn with
    expect(unpackGrid(packGrid([]))).toStrictEqual([]);
  });
});
