// An `hmos emulate` session without its terminal: two sessions in all (each starts the compiler, builds and spawns
// workers — the slow part), every step waiting on the session's own events, never on a wall-clock guess.
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/cli.js';
import { copyFixture, edit } from '../../helpers/emulate.js';
import { cellsToText } from '../../../src/runtime/render/cells.js';
import { EmulatorSession, type BuildState, type ReloadReport, type SessionDevice } from '../../../src/emulator/session/session.js';
import { until } from '../../helpers/wait.js';

const sessions: EmulatorSession[] = [];
afterEach(async () => { await Promise.all(sessions.splice(0).map((s) => s.close())); });

const screen = (d: SessionDevice) => cellsToText(d.surface.frame!.grid);

/** The next build the session reports with the given outcome. */
const nextBuild = (session: EmulatorSession, ok: boolean) => new Promise<BuildState>((resolve) => {
  const on = (b: BuildState) => {
    if (b.ok !== ok) return;
    session.off('build', on);
    resolve(b);
  };
  session.on('build', on);
});

describe('emulator session', () => {
  it('builds and launches on phone and watch, clicks, hot-reloads an edit keeping the count; a build error (or a deleted project) keeps the last good build running; data folders survive a new run, --wipe clears them', async () => {
    const dir = copyFixture('counter');
    const home = tempDir();
    const session = new EmulatorSession({ dir, types: ['phone', 'wearable'], home, sizeFor: () => ({ cols: 60, rows: 60 }) });
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

    const index = path.join(dir, 'entry/src/main/ets/pages/Index.ets');
    let reloaded = new Promise<ReloadReport>((r) => session.once('reloaded', r));
    edit(index, '`Count: ${this.count}`', '`Clicks: ${this.count}`');
    const report = await reloaded;
    expect(report.mode).toBe('reload');
    expect(screen(phone)).toContain('Clicks: 1');
    expect(screen(watch)).toMatch(/Clicks: 0|licks: 0/);
    expect(phone.logs.some((l) => l.message.includes('count is 1'))).toBe(true);
    // The reload ran from the checked files in memory; the install wrote the same files.
    const installedBundle = (d: SessionDevice) => fs.readFileSync(path.join(d.store.get(session.bundleName!)!.dir, 'ets/bundle.js'), 'utf8');
    expect(installedBundle(phone)).toContain('Clicks: ');
    expect(installedBundle(watch)).toContain('Clicks: ');

    // A build error: the devices keep the last good build; the next good build clears the error.
    const failed = nextBuild(session, false);
    edit(index, '.fontSize(20)', '.fontSize(20))');
    await failed;
    expect(session.build.diagnostics[0].file).toBe(index);
    expect(session.build.running).toBe(true);
    expect(screen(phone)).toContain('Clicks: 1');
    reloaded = new Promise<ReloadReport>((r) => session.once('reloaded', r));
    const good = nextBuild(session, true);
    edit(index, '.fontSize(20))', '.fontSize(20)');
    await good;
    await reloaded;
    expect(session.build.ok).toBe(true);

    // A build the device could not write (a full disk): it goes back to what is installed and says why.
    const stage = phone.store.stage.bind(phone.store);
    phone.store.stage = async (...args) => ({ ...(await stage(...args)), commit: () => Promise.reject(new Error('no space left (test)')) });
    reloaded = new Promise<ReloadReport>((r) => session.once('reloaded', r));
    edit(index, '`Clicks: ${this.count}`', '`Taps: ${this.count}`');
    await reloaded;
    // The full disk stays full for the rest of this test: a second build of the same edit (the watcher may see the
    // write as two events on a loaded machine) must go back to what is installed too, not show the edit.
    expect(screen(watch)).toMatch(/Taps: 0|aps: 0/);
    await until(() => screen(phone).includes('Clicks: 0'));
    expect(installedBundle(phone)).toContain('Clicks: ');
    expect(phone.logs.some((l) => /could not reload the app: no space left/.test(l.message))).toBe(true);

    // A deleted project folder is a build error too; the devices keep running.
    fs.writeFileSync(path.join(phone.dataDir, 'left-behind'), 'x');
    const gone = nextBuild(session, false);
    fs.rmSync(dir, { recursive: true, force: true });
    await gone;
    expect(session.build.running).toBe(true);
    // A second build of the full-disk edit may still be on its way back (it shows the edit from memory until its write
    // fails): what counts is where the device settles — the installed build.
    await until(() => screen(phone).includes('Clicks: 0'));
    expect(installedBundle(phone)).toContain('Clicks: ');
    phone.store.stage = stage;
    await session.close();
    // A new run (as after a killed one) reuses the device's data folder; wipe empties it.
    const again = new EmulatorSession({ dir: tempDir(), types: ['phone'], home });
    sessions.push(again);
    expect(fs.existsSync(path.join(again.devices[0].dataDir, 'left-behind'))).toBe(true);
    await again.close();
    const wiped = new EmulatorSession({ dir: tempDir(), types: ['phone'], home, wipe: true });
    sessions.push(wiped);
    expect(fs.existsSync(path.join(wiped.devices[0].dataDir, 'left-behind'))).toBe(false);
  }, 120_000);

  it('a device whose app hangs its worker shows a crash screen while the other device and the session keep running (screenshots are PNG files); R restarts it', async () => {
    const dir = copyFixture('counter');
    edit(path.join(dir, 'entry/src/main/ets/components/StepCounter.ets'), 'this.step++', 'while (this.step > 0) { this.step++ }');
    // The app's watchdog is far off: the worker itself counts as hung when the click below misses its deadline.
    const session = new EmulatorSession({ dir, types: ['phone', 'wearable'], home: tempDir(), watchdogMs: 60_000, sizeFor: () => ({ cols: 60, rows: 60 }) });
    sessions.push(session);
    await session.start();
    const [a, b] = session.devices;
    await until(() => Boolean(a.surface.frame?.bundleName && b.surface.frame?.bundleName));
    // Only this call has a short deadline, so that no other call of a loaded machine is mistaken for a hang: the app
    // never answers it, however long the deadline.
    const step = a.surface.frame!.focusables.find((f) => f.text === 'Step+')!.elmtId;
    await expect(a.worker.callWithin(1000, 'surface.click', step)).rejects.toMatchObject({ code: 'DEVICE_TIMEOUT' });
    await until(() => Boolean(a.surface.frame?.crashed) && /did not\s+answer/.test(screen(a)));
    expect(a.state).toBe('crashed');
    expect(a.logs.some((l) => l.message.includes('surface.click did not answer in 1000 ms); restarting it'))).toBe(true);
    await b.surface.click(b.surface.frame!.focusables.find((f) => f.text === 'Add')!.elmtId);
    await until(() => /Count: 1|nt: 1/.test(screen(b)));
    const file = await session.screenshot(b, path.join(tempDir(), 'shots'));
    expect(path.basename(file)).toMatch(/^wearable-1-\d{8}T\d{6}Z\.png$/);
    expect(fs.readFileSync(file).subarray(1, 4).toString()).toBe('PNG');
    await session.restart(a);
    await until(() => screen(a).includes('Count: 0'));
    expect(a.state).toBe('running');
  }, 120_000);
});
