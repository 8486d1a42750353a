/**
 * `hmos test` end to end through the CLI on test/fixtures/testing/suite-app: every Hypium feature, UiTest on a
 * headless device, virtual time, crash and watchdog recovery, reports (--json, --junit, --coverage), filters, shards
 * and the bad inputs of the issue.
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runHmos, tempDir } from '../helpers/cli.js';
import { copyFixture } from '../helpers/fixture.js';
import { unpackHap, verifyHap } from '../../src/hap/hap.js';
import { EmulatedDevice } from '../../src/emulator/device/device.js';
import { trustPublicKey } from '../../src/emulator/device/trust-store.js';
import { runOnEmulatedDevice } from '../../src/testing/run-tests.js';
import type { DeviceTestEvent, PlannedSpec } from '../../src/testing/device-run.js';

interface JsonTest { suite: string; name: string; status: string; ms: number; device: string; error?: { message: string; file: string | null; line: number | null; expected?: string; actual?: string } }
interface JsonReport { ok: boolean; total: number; passed: number; failed: number; skipped: number; ms: number; tests: JsonTest[]; coverage?: { lines: { pct: number; total: number; covered: number }; lcov: string } }

const env = { HMOS_TEST_WATCHDOG_MS: '1000', CI: '' };

describe('hmos test', () => {
  let dir: string;
  let report: JsonReport;
  let junit: string;
  const byName = (name: string, device?: string) => report.tests.find((t) => t.name === name && (!device || t.device === device))!;

  beforeAll(async () => {
    dir = copyFixture('testing/suite-app');
    const junitFile = join(tempDir(), 'results.xml');
    const r = await runHmos(['test', dir, '--json', '--junit', junitFile, '--coverage'], { env, timeout: 120_000 });
    expect(r.exitCode, r.stderr).toBe(1);
    report = JSON.parse(r.stdout);
    junit = readFileSync(junitFile, 'utf8');
  }, 150_000);

  it('runs local and instrumented Hypium cases: assertions, hooks in order, async, mocks, data-driven, skips', () => {
    expect(report.ok).toBe(false);
    expect(report.total).toBe(report.passed + report.failed + report.skipped);
    for (const name of ['equality and identity', 'throwing', 'promises', 'outer', 'inner', 'sees the whole order', 'awaits a returned promise',
      'waits for done', 'runs after the timeout', 'stubs and verifies a method', 'still runs']) {
      expect(byName(name), name).toMatchObject({ status: 'passed', device: 'local' });
    }
    expect(byName('sums', 'phone').status).toBe('passed');
    expect(byName('ran once per parameter set', 'phone').status).toBe('passed');
    for (const name of ['is skipped with xit', 'skips itself', 'is skipped too']) expect(byName(name).status, name).toBe('skipped');
    // Virtual time: the 10 s sleep is reported in device time.
    expect(byName('awaits a returned promise').ms).toBeGreaterThanOrEqual(10_000);
  });

  it('reports failures with the .ets line of the failing expect, expected and actual', () => {
    const f = byName('reports the failing expect');
    expect(f.status).toBe('failed');
    expect(f.error).toMatchObject({ message: 'expect 2 equals 3', expected: '3', actual: '2', line: 7 });
    expect(f.error!.file).toMatch(/entry\/src\/test\/Failing\.test\.ets$/);
    expect(byName('fails even when the assertion is caught').status).toBe('failed');
    expect(byName('fails on an exception').error!.file).toMatch(/model\/Calc\.ets$/);
    expect(byName('never calls done').error!.message).toBe('execute timeout 300ms');
    expect(byName('cannot run').error!.message).toContain('setup exploded');
  });

  it('UI tests drive the app on a device; a crash or an endless loop fails one case and the next gets a fresh app', () => {
    expect(byName('clicks and reads the screen', 'phone').status).toBe('passed');
    expect(byName('waits for the app timer in device time', 'phone').status).toBe('passed');
    expect(byName('hears onAreaChange after a state change (a device lays out every frame)', 'phone').status).toBe('passed');
    const crash = byName('crashes the app', 'phone');
    expect(crash.status).toBe('failed');
    expect(crash.error!.message).toContain('boom from the app');
    expect(crash.error!.file).toMatch(/pages\/Index\.ets$/);
    expect(byName('gets a fresh app after the crash', 'phone').status).toBe('passed');
    expect(byName('hangs the app in a loop', 'phone').error!.message).toContain('WATCHDOG');
    expect(byName('runs after the watchdog', 'phone').status).toBe('passed');
    // UiTest gestures reach the app's handlers: LongPressGesture, PinchGesture, PanGesture, onHover, onDragStart/onDrop, focus, keys.
    {
      const gestures = byName('long-presses, pinches, pans, hovers, drags, focuses and types as a finger, a mouse and a keyboard would', 'phone');
      expect(gestures.status, gestures.error?.message).toBe('passed');
    }
  });

  it('writes JUnit XML and an lcov report of the app lines', () => {
    expect(junit).toMatch(/^<\?xml/);
    expect(junit).toContain('<testcase classname="Failures" name="reports the failing expect"');
    expect(junit).toContain('<failure message="expect 2 equals 3">');
    expect(junit).toContain('<skipped message="not on this device"/>');
    expect(report.coverage!.lines.total).toBeGreaterThan(5);
    const lcov = readFileSync(report.coverage!.lcov, 'utf8');
    expect(lcov).toMatch(/SF:.*entry\/src\/main\/ets\/model\/Calc\.ets/);
    expect(lcov).toMatch(/SF:.*entry\/src\/main\/ets\/pages\/Index\.ets/);
    expect(lcov).not.toMatch(/SF:.*\.test\.ets/);
  });

  it('runs on a device of the one stack: a worker that dies mid-case fails that case, the rest run on a fresh worker', async () => {
    // The test HAP the run above installed; a device that trusts its key, as `hmos test` makes one.
    const hap = readFileSync(join(dir, 'entry/build/default/outputs/ohosTest/entry-ohosTest-signed.hap'));
    const home = tempDir();
    trustPublicKey(verifyHap(await unpackHap(hap)).publicKey, home);
    const device = new EmulatedDevice('phone', 'phone', [], { home, virtualTime: true });
    let plan: PlannedSpec[] = [];
    let killed = false;
    // What a worker stuck beyond the runtime's watchdog comes to: its client ends it (here: it ends in the first case).
    device.on('test', (e: DeviceTestEvent) => {
      if ('plan' in e) plan = e.plan;
      if ('specStart' in e && !killed && plan.find((p) => p.ordinal === e.specStart)?.name === 'clicks and reads the screen') {
        killed = true;
        void (device.worker as unknown as { worker: { terminate(): Promise<number> } }).worker.terminate();
      }
    });
    const spawned: string[] = [];
    device.worker.on('spawn', () => spawned.push('spawn'));
    try {
      const run = await runOnEmulatedDevice(device, hap, {
        deviceName: 'phone', projectRoot: dir, virtualTime: true, useRunner: true, bundleName: 'com.example.suiteapp',
        selection: { filter: ['Ui#clicks and reads the screen', 'Ui#waits for the app timer in device time', 'Ui#runs after the watchdog'] },
      }, { plan: () => undefined, spec: () => undefined, suiteDone: () => undefined });
      expect(run.results.map((r) => [r.name, r.status])).toEqual([
        ['clicks and reads the screen', 'failed'], ['waits for the app timer in device time', 'passed'], ['runs after the watchdog', 'passed']]);
      expect(run.results[0]!.error!.message).toMatch(/^the device stopped: phone stopped \(it exited with code \d+\)/);
      expect(spawned).toEqual(['spawn']);
      // The device log has the recovery and the test app's own lines.
      expect(device.logs.some((l) => l.tag === 'Device' && l.message.includes('restarting it'))).toBe(true);
    } finally {
      await device.close();
    }
  }, 90_000);

  it('--filter picks suites and cases, --shard splits the files, --real-time runs on the wall clock', async () => {
    const hooks = await runHmos(['test', dir, '--local', '--filter', 'Hooks,Assertions#throwing', '--json'], { env });
    expect(hooks.exitCode, hooks.stderr).toBe(0);
    expect(JSON.parse(hooks.stdout).tests.map((t: JsonTest) => t.name).sort()).toEqual(['inner', 'outer', 'throwing']);
    const level = await runHmos(['test', dir, '--local', '--filter', 'Assertions', '--level', '1', '--json'], { env });
    // 'equality and identity' is LEVEL0; cases declared with attribute 0 are never filtered out.
    expect(JSON.parse(level.stdout).tests.map((t: JsonTest) => t.name).sort()).toEqual(['promises', 'throwing']);
    const parts = await Promise.all([1, 2].map((i) => runHmos(['test', dir, '--local', '--shard', `${i}/2`, '--json'], { env })));
    const names = parts.map((p) => (JSON.parse(p.stdout) as JsonReport).tests.map((t) => `${t.suite}#${t.name}`));
    expect(names[0]!.length).toBeGreaterThan(0);
    expect(names[1]!.length).toBeGreaterThan(0);
    expect(names[0]!.filter((n) => names[1]!.includes(n))).toEqual([]);
    expect([...names[0]!, ...names[1]!].sort()).toEqual(report.tests.filter((t) => t.device === 'local').map((t) => `${t.suite}#${t.name}`).sort());
    const real = await runHmos(['test', dir, '--ui', '--real-time', '--filter', 'Ui#clicks and reads the screen', '--json'], { env });
    expect(JSON.parse(real.stdout).tests).toMatchObject([{ name: 'clicks and reads the screen', status: 'passed' }]);
  }, 90_000);

  it('bad input: a filter that matches nothing, a syntax error in a test file, no tests, a bad shard', async () => {
    const none = await runHmos(['test', dir, '--filter', 'Nope']);
    expect(none.exitCode).toBe(1);
    expect(none.stderr).toContain('FILTER_NO_MATCH');
    expect(none.stderr).toContain('Assertions');
    const shard = await runHmos(['test', dir, '--shard', '3/2']);
    expect(shard.exitCode).toBe(1);
    expect(shard.stderr).toContain('--shard takes i/n');

    const broken = copyFixture('testing/suite-app', { 'entry/src/test/Mock.test.ets': "import { describe } from '@ohos/hypium';\nexport default function mockTest() {\n  describe('x', () => { let = ; });\n}\n" });
    const syntax = await runHmos(['test', broken, '--local']);
    expect(syntax.exitCode).toBe(1);
    expect(syntax.stderr).toMatch(/Mock\.test\.ets:3:\d+/);
    expect(syntax.stderr).not.toContain('    at ');

    const empty = copyFixture('testing/suite-app');
    rmSync(join(empty, 'entry/src/test'), { recursive: true });
    rmSync(join(empty, 'entry/src/ohosTest'), { recursive: true });
    const noTests = await runHmos(['test', empty]);
    expect(noTests.exitCode).toBe(1);
    expect(noTests.stderr).toContain('no tests found');
  }, 90_000);
});

describe('hmos test on the templates', () => {
  it("every template's tests pass out of the box; the app template's UI test records its golden, then compares with it", async () => {
    const parent = tempDir();
    const made = await Promise.all(['app', 'agent', 'multi-device'].map(async (template) => {
      const dir = join(parent, `T${template.replace('-', '')}`);
      const c = await runHmos(['create', dir, '--template', template]);
      expect(c.exitCode, c.stderr).toBe(0);
      const r = await runHmos(['test', dir, '--json'], { env, timeout: 120_000 });
      expect(r.exitCode, `${template}: ${r.stdout}${r.stderr}`).toBe(0);
      return { template, dir, report: JSON.parse(r.stdout) as JsonReport };
    }));
    const app = made.find((m) => m.template === 'app')!;
    expect(app.report.tests.filter((t) => t.device === 'phone').map((t) => t.name)).toEqual(expect.arrayContaining(['counts up and down with the buttons', 'looks like its golden']));
    expect(existsSync(join(app.dir, 'entry/src/ohosTest/goldens/phone/index.png'))).toBe(true);
    const again = await runHmos(['test', app.dir, '--ui', '--json'], { env: { ...env, CI: 'true' } });
    expect(again.exitCode, again.stdout).toBe(0);
    // A changed screen fails the golden, with the actual and diff images beside the expected one.
    writeFileSync(join(app.dir, 'entry/src/main/ets/pages/Index.ets'), readFileSync(join(app.dir, 'entry/src/main/ets/pages/Index.ets'), 'utf8').replace("Button('+')", "Button('plus')"));
    const changed = await runHmos(['test', app.dir, '--ui', '--filter', 'Index page#looks like its golden', '--json'], { env });
    expect(changed.exitCode).toBe(1);
    const failed = (JSON.parse(changed.stdout) as JsonReport).tests.find((t) => t.status === 'failed')!;
    expect(failed.error!.message).toContain('index.diff.png');
    expect(existsSync(join(app.dir, 'entry/src/ohosTest/goldens/phone/index.diff.png'))).toBe(true);
  }, 180_000);
});
