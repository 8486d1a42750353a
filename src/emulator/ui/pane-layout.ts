/**
 * Where the device panes go: every device is scaled by the same factor so that they sit side by side in the
 * terminal, keeping their proportions (a terminal cell is about twice as tall as it is wide). Each pane has a border
 * and a title line around its screen. Too small a terminal gets the size it needs instead of a layout.
 */
import { DEVICE_PROFILES, type DeviceType } from '../../runtime/device-profile.js';

export interface PanePlacement {
  /** Top-left of the device's screen (inside the border, below the title), 0-based terminal cells. */
  left: number;
  top: number;
  cols: number;
  rows: number;
}

export type PaneLayout = { ok: true; panes: PanePlacement[] } | { ok: false; needCols: number; needRows: number };

/** Columns and rows a pane adds around its screen: border left/right; border top/bottom + title. */
const PANE_EXTRA_COLS = 2;
const PANE_EXTRA_ROWS = 3;
const GAP = 1;
const MIN_COLS = 12;
const MIN_ROWS = 6;

/** Lays out panes in the box starting at (left, top) of `width` × `height` cells. */
export function layoutPanes(types: DeviceType[], width: number, height: number, left = 0, top = 0): PaneLayout {
  const n = types.length;
  if (n === 0) return { ok: true, panes: [] };
  const sizes = types.map((t) => DEVICE_PROFILES[t]);
  const sumW = sizes.reduce((s, p) => s + p.width, 0);
  const maxH = Math.max(...sizes.map((p) => p.height));
  const chromeCols = n * PANE_EXTRA_COLS + (n - 1) * GAP;
  const scale = Math.min((width - chromeCols) / sumW, (2 * (height - PANE_EXTRA_ROWS)) / maxH);
  const dims = sizes.map((p) => ({ cols: Math.floor(p.width * scale), rows: Math.floor((p.height * scale) / 2) }));
  if (dims.some((d) => d.cols < MIN_COLS || d.rows < MIN_ROWS)) {
    const need = Math.max(...sizes.map((p) => Math.max(MIN_COLS / p.width, (2 * MIN_ROWS) / p.height)));
    return {
      ok: false,
      needCols: Math.ceil(sizes.reduce((s, p) => s + Math.ceil(p.width * need), 0) + chromeCols),
      needRows: Math.ceil((maxH * need) / 2) + PANE_EXTRA_ROWS,
    };
  }
  let x = left;
  const panes = dims.map((d) => {
    const pane = { left: x + 1, top: top + 2, cols: d.cols, rows: d.rows };
    x += d.cols + PANE_EXTRA_COLS + GAP;
    return pane;
  });
  return { ok: true, panes };
}
