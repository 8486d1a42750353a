import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/cli.js';
import { copyFixture, edit } from '../../helpers/emulate.js';
import { cellsToText } from '../../../src/runtime/render/cells.js';
import { EmulatorSession, type ReloadReport, type SessionDevice } from '../../../src/emulator/session/session.js';
import { until } from '../../helpers/wait.js';

const sessions: EmulatorSession[] = [];
afterEach(async () => { await Promise.all(sessions.splice(0).map((s) => s.close())); });

const screen = (d: SessionDevice) => cellsToText(d.surface.frame!.grid);

describe('emulator session', () => {
  it('builds, launches on phone and watch, clicks, hot-reloads an edit keeping the count', async () => {
    const dir = copyFixture('counter');
    const session = new EmulatorSession({ dir, types: ['phone', 'wearable'], home: tempDir(), sizeFor: () => ({ cols: 60, rows: 40 }) });
    sessions.push(session);
    await session.start();
    const [phone, watch] = session.devices;
    expect(phone.id).toBe('phone-1');
    expect(watch.id).toBe('wearable-1');
    await until(() => Boolean(phone.surface.frame?.bundleName && watch.surface.frame?.bundleName));
    expect(screen(phone)).toContain('Count: 0');
    const add = phone.surface.frame!.focusables.find((f) => f.text === 'Add')!;
    await phone.surface.click(add.elmtId);
    await until(() => screen(phone).includes('Count: 1'));
    const reloaded = new Promise<ReloadReport>((r) => session.once('reloaded', r));
    edit(path.join(dir, 'entry/src/main/ets/pages/Index.ets'), '`Count: ${this.count}`', '`Clicks: ${this.count}`');
    const report = await reloaded;
    expect(report.mode).toBe('reload');
    expect(screen(phone)).toContain('Clicks: 1');
    expect(screen(watch)).toContain('licks: 0'); // the round screen clips the line's first letter
    expect(phone.logs.some((l) => l.message.includes('count is 1'))).toBe(true);
  }, 30_000);

  it('a build error keeps the last good build running; the next good build clears it', async () => {
    const dir = copyFixture('counter');
    const session = new EmulatorSession({ dir, types: ['phone'], home: tempDir(), sizeFor: () => ({ cols: 60, rows: 60 }) });
    sessions.push(session);
    await session.start();
    const index = path.join(dir, 'entry/src/main/ets/pages/Index.ets');
    const failed = new Promise((r) => session.on('build', (b) => { if (!b.ok) r(b); }));
    edit(index, '.fontSize(20)', '.fontSize(20))');
    await failed;
    expect(session.build.diagnostics[0].file).toBe(index);
    expect(session.build.running).toBe(true);
    expect(screen(session.devices[0])).toContain('Count: 0');
    const reloaded = new Promise((r) => session.once('reloaded', r));
    await new Promise((r) => setTimeout(r, 300)); // chokidar folds two writes of one file within ~100 ms into one event
    edit(index, '.fontSize(20))', '.fontSize(20)');
    await reloaded;
    expect(session.build.ok).toBe(true);
  }, 30_000);

  it('an app stuck in an endless loop stops only its own device; screenshots are PNG files', async () => {
    const dir = copyFixture('counter');
    edit(path.join(dir, 'entry/src/main/ets/components/StepCounter.ets'), 'this.step++', 'while (this.step > 0) { this.step++ }');
    const session = new EmulatorSession({ dir, types: ['phone', 'phone'], home: tempDir(), watchdogMs: 300, sizeFor: () => ({ cols: 60, rows: 60 }) });
    sessions.push(session);
    await session.start();
    const [a, b] = session.devices;
    await until(() => Boolean(a.surface.frame?.bundleName && b.surface.frame?.bundleName));
    await a.surface.click(a.surface.frame!.focusables.find((f) => f.text === 'Step+')!.elmtId);
    await until(() => a.surface.frame!.crashed);
    expect(screen(a)).toContain('stopped');
    await b.surface.click(b.surface.frame!.focusables.find((f) => f.text === 'Add')!.elmtId);
    await until(() => screen(b).includes('Count: 1'));
    const file = await session.screenshot(b, path.join(tempDir(), 'shots'));
    expect(path.basename(file)).toMatch(/^phone-2-\d{8}T\d{6}Z\.png$/);
    expect(fs.readFileSync(file).subarray(1, 4).toString()).toBe('PNG');
  }, 30_000);

  it('a device whose worker hangs shows a crash screen while the other device and the session keep running; R restarts it', async () => {
    const dir = copyFixture('counter');
    edit(path.join(dir, 'entry/src/main/ets/components/StepCounter.ets'), 'this.step++', 'while (this.step > 0) { this.step++ }');
    // The call gives up before the app's watchdog would stop the loop: the worker itself counts as hung.
    const session = new EmulatorSession({ dir, types: ['phone', 'wearable'], home: tempDir(), watchdogMs: 20_000, callTimeoutMs: 1000, sizeFor: () => ({ cols: 60, rows: 60 }) });
    sessions.push(session);
    await session.start();
    const [a, b] = session.devices;
    await until(() => Boolean(a.surface.frame?.bundleName && b.surface.frame?.bundleName));
    await expect(a.surface.click(a.surface.frame!.focusables.find((f) => f.text === 'Step+')!.elmtId)).rejects.toMatchObject({ code: 'DEVICE_TIMEOUT' });
    await until(() => a.surface.frame!.crashed && /did not\s+answer/.test(screen(a)));
    expect(a.state).toBe('crashed');
    expect(a.logs.some((l) => l.message.includes('surface.click did not answer in 1000 ms); restarting it'))).toBe(true);
    await b.surface.click(b.surface.frame!.focusables.find((f) => f.text === 'Add')!.elmtId);
    await until(() => screen(b).includes('nt: 1')); // the round screen clips the line's first letters
    await session.restart(a);
    await until(() => screen(a).includes('Count: 0'));
    expect(a.state).toBe('running');
  }, 30_000);

  it('a deleted project folder is a build error while the devices keep running; data folders survive, --wipe clears them', async () => {
    const dir = copyFixture('counter');
    const home = tempDir();
    const session = new EmulatorSession({ dir, types: ['phone'], home, sizeFor: () => ({ cols: 60, rows: 60 }) });
    sessions.push(session);
    await session.start();
    const phone = session.devices[0];
    fs.writeFileSync(path.join(phone.dataDir, 'left-behind'), 'x');
    await until(() => Boolean(phone.surface.frame?.bundleName));
    const failed = new Promise((r) => session.on('build', (b) => { if (!b.ok) r(b); }));
    fs.rmSync(dir, { recursive: true, force: true });
    await failed;
    expect(session.build.running).toBe(true);
    expect(screen(phone)).toContain('Count: 0');
    await session.close();
    // A new run (as after a killed one) reuses the device's data folder; wipe empties it.
    const again = new EmulatorSession({ dir: tempDir(), types: ['phone'], home });
    sessions.push(again);
    expect(fs.existsSync(path.join(again.devices[0].dataDir, 'left-behind'))).toBe(true);
    await again.close();
    const wiped = new EmulatorSession({ dir: tempDir(), types: ['phone'], home, wipe: true });
    sessions.push(wiped);
    expect(fs.existsSync(path.join(wiped.devices[0].dataDir, 'left-behind'))).toBe(false);
  }, 30_000);
});
