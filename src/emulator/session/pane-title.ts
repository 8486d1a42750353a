/**
 * The title line of a device's pane (the terminal UI's panes and the no-TTY text render): the device id, then the
 * page, then the app — so a narrow pane cuts the bundle name rather than the page.
 */
import type { ScreenFrame } from '../device/surface.js';

export function paneTitle(id: string, frame: ScreenFrame | undefined): string {
  if (!frame?.bundleName) return `${id} · ${frame?.notice ? 'not supported' : 'starting…'}`;
  return `${id} · ${frame.crashed ? 'crashed' : frame.page ?? '—'} · ${frame.bundleName}`;
}
