/**
 * `hmos emulate` without a terminal (CI, pipes): build once, start the app on every device, print one text render of
 * each device's screen, stop. A build that fails is a user error with the compiler's diagnostics.
 */
import type { GrantPolicy } from '../../runtime/kits/device-state.js';
import { HmosError } from '../../errors.js';
import { formatDiagnostic } from '../../compiler/format-diagnostics.js';
import { DEVICE_PROFILES, type DeviceType } from '../../runtime/device-profile.js';
import { cellsToText } from '../../runtime/render/cells.js';
import { palette } from '../../util/terminal.js';
import { EmulatorSession } from './session.js';
import { paneTitle } from './pane-title.js';

export interface TextSnapshot {
  id: string;
  type: DeviceType;
  page: string | null;
  title: string;
  text: string;
}

/** Screen width in cells of the text render; rows follow the device's proportions (cells are about 2:1). */
const COLS = 40;

export async function textSnapshots(options: { dir: string; types: DeviceType[]; home: string; wipe?: boolean; grant?: GrantPolicy }): Promise<TextSnapshot[]> {
  const session = new EmulatorSession({
    ...options,
    sizeFor: (type) => {
      const p = DEVICE_PROFILES[type];
      const cols = Math.round(COLS * Math.min(1, p.width / 360) * (p.width > 400 ? 1.5 : 1));
      return { cols, rows: Math.max(6, Math.round((cols * p.height) / p.width / 2)) };
    },
  });
  try {
    const ready = session.devices.map((d) => new Promise<void>((resolve) => {
      const check = () => { if (d.surface.frame?.bundleName || d.surface.frame?.notice) { d.surface.off('frame', check); resolve(); } };
      d.surface.on('frame', check);
    }));
    await session.start();
    if (!session.build.ok) {
      const text = session.build.diagnostics.filter((d) => d.severity === 'error').map((d) => formatDiagnostic(d, palette(false))).join('\n');
      throw new HmosError('BUILD_FAILED', `the project did not build, so nothing was started:\n${text}`);
    }
    await Promise.all(ready);
    return session.devices.map((d) => {
      const frame = d.surface.frame!;
      return { id: d.id, type: d.type, page: frame.page, title: paneTitle(d.id, frame), text: cellsToText(frame.grid) };
    });
  } finally {
    await session.close();
  }
}
