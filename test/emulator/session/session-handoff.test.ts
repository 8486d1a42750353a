import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { repoRoot, tempDir } from '../../helpers/cli.js';
import { cellsToText } from '../../../src/runtime/render/cells.js';
import { EmulatorSession, type SessionDevice } from '../../../src/emulator/session/session.js';
import { until } from '../../helpers/wait.js';

const sessions: EmulatorSession[] = [];
afterAll(async () => { await Promise.all(sessions.map((s) => s.close())); });
const screen = (d: SessionDevice) => cellsToText(d.surface.frame!.grid);

describe('Super Device in an emulate session', () => {
  it('syncs KV between its devices and hands the app off with its page stack (the c key)', async () => {
    const dir = join(tempDir(), 'handoff-app');
    cpSync(join(repoRoot, 'test', 'fixtures', 'handoff-app'), dir, { recursive: true });
    const session = new EmulatorSession({ dir, types: ['phone', 'tablet'], home: tempDir(), sizeFor: () => ({ cols: 100, rows: 200 }) });
    sessions.push(session);
    await session.start();
    const [phone, tablet] = session.devices;
    await until(() => Boolean(phone.surface.frame?.bundleName && tablet.surface.frame?.bundleName));
    const click = async (d: SessionDevice, text: string) => { await d.surface.click(d.surface.frame!.focusables.find((f) => f.text === text)!.elmtId); await d.settle(); };
    // The session's devices share a Super Device network: a KV put on the phone reaches the tablet.
    await until(() => screen(tablet).includes('Peers 1'));
    await click(phone, 'Put');
    await until(() => screen(tablet).includes('KV cheers'));
    await click(phone, 'Write');
    await click(phone, 'Open detail');
    const r = await session.continueApp('phone-1', 'tablet-1');
    expect(r).toMatchObject({ from: 'phone-1', to: 'tablet-1', page: 'pages/Detail', sourceExited: true });
    await until(() => screen(tablet).includes('Detail 7'));
    expect(screen(tablet)).toContain('Draft draft from the phone');
    await expect(session.continueApp('phone-1', 'tablet-1')).rejects.toMatchObject({ code: 'APP_NOT_RUNNING' });
    await expect(session.continueApp('tablet-1', 'tablet-9')).rejects.toMatchObject({ code: 'DEVICE_NOT_FOUND' });
  }, 30_000);
});
