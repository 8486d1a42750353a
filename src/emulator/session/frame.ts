/**
 * What a device of an `hmos emulate` session shows in the terminal: the frame its worker draws into cells (with the
 * focusable elements and where they are), and the title line of its pane (the UI's panes and the no-TTY text render).
 */
import type { Cell } from '../../runtime/render/cells.js';

export interface FocusTarget {
  elmtId: number;
  type: string;
  text?: string;
  /** Cells covered, end exclusive. */
  box: { c0: number; r0: number; c1: number; r1: number };
}

export interface ScreenFrame {
  cols: number;
  rows: number;
  grid: Cell[][];
  page: string | null;
  bundleName?: string;
  focusables: FocusTarget[];
  crashed: boolean;
  /** Shown instead of the app (e.g. the module does not list this device type). */
  notice?: string;
}

export type LoadMode = 'launch' | 'reload' | 'restart';

/** A pane's title: the device id, then the page, then the app (a narrow pane cuts the bundle name rather than the page). */
export function paneTitle(id: string, frame: ScreenFrame | undefined): string {
  if (!frame?.bundleName) return `${id} · ${frame?.notice ? 'not supported' : 'starting…'}`;
  // The page before the app, so that a narrow pane cuts the bundle name rather than the page.
  return `${id} · ${frame.crashed ? 'crashed' : frame.page ?? '—'} · ${frame.bundleName}`;
}
