/**
 * Runs a test HAP's cases on one emulated device — inside the device's worker (emulator/worker/device-worker.ts, op
 * `test`), on the device's own runtime and clock — and collects their results:
 *
 *   const run = await runOnDevice(testDevice, installedDir, { deviceName: 'phone', selection, … }, (e) => post(e));
 *   run.results   one TestResult per selected case, in execution order
 *
 * The app starts with the test kit installed (test-extension.ts) and `hmosTestStart` instead of its ability. The
 * realm reports its plan (every registered case with where it was declared); `selection` picks the cases to run
 * (filters, shards), minus the ones `done` lists (a run resumed on a fresh worker after the last one hung). If the app
 * crashes or the watchdog stops it (an endless loop in app or test code), the case that was running fails with the
 * crash screen and the app starts afresh with the cases that are left. A run that goes quiet — nothing pending on the
 * device and no case running or finishing — ends with the cases left as failed. Everything here crosses to the
 * device's holder as plain data (`emit`, the returned DeviceRun).
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { SourceMap } from 'node:module';
import type { App, LogEntry } from '../runtime/device.js';
import type { DeviceClock } from '../runtime/clock.js';
import type { RealmExtension } from '../runtime/kit-bridge.js';
import { renderPage } from '../runtime/screen.js';
import { renderText } from '../runtime/render/text.js';
import { layoutApp } from '../runtime/screen.js';
import type { UINode } from '../runtime/ui-node.js';
import { loadLayoutEngine } from '../runtime/layout/layout.js';
import { writeFileAtomic } from '../util/atomic.js';
import { testExtension, type TestChannel } from './test-extension.js';
import { UiDriverHost } from './ui-driver.js';
import type { GoldenOptions, GoldenOutcome } from './goldens.js';
import { selectSpecs, type AttributeFilter, type Shard } from './select.js';
import type { ScriptCoverage } from './coverage.js';

export interface PlannedSpec {
  ordinal: number;
  suite: string[];
  name: string;
  attr: number;
  tag: string;
  skip: boolean;
  /** The .ets file and line that declared the case (source-mapped), when known. */
  file?: string;
  line?: number;
}

export interface TestError {
  message: string;
  file?: string;
  line?: number;
  col?: number;
  expected?: string;
  actual?: string;
  stack?: string;
}

export interface TestResult {
  suite: string;
  name: string;
  status: 'passed' | 'failed' | 'skipped';
  ms: number;
  device: string;
  error?: TestError;
  /** Why a skipped case was skipped. */
  reason?: string;
  /** The device's log lines while the case ran (failed cases). */
  logs?: string[];
  /** The crash screen (text) when the app crashed during the case. */
  screen?: string;
  file?: string;
  ordinal: number;
}

/** Which cases of the plan run (the same on every device and on a resumed run: the plan is deterministic). */
export interface SpecSelection { filter?: string[]; shard?: Shard; attributes?: AttributeFilter }

/** One test run on a device, as the holder asks for it (plain data: it crosses to the device's worker). */
export interface DeviceTestRun {
  /** The name results carry (`local`, `phone`, `watch` …). */
  deviceName: string;
  projectRoot: string;
  /** The device runs in virtual time (a quiet run is then recognised at once). */
  virtualTime: boolean;
  selection: SpecSelection;
  /** Cases already reported by an earlier worker of this device: not run again. */
  done?: number[];
  /** Hypium's default case timeout (ms), as `-s timeout`. */
  timeout?: number;
  /** Run the project's OpenHarmonyTestRunner instead of calling Hypium.hypiumTest directly. */
  useRunner: boolean;
  bundleName: string;
  /** Extra `aa test -s` parameters the app can read through getArguments().parameters. */
  parameters?: Record<string, string>;
  /** `matchesGolden` compares with / writes to these goldens (none: matchesGolden fails). */
  goldens?: GoldenOptions;
  /** Where driver.screenCap writes (`<dir>/<device>-<name>`). */
  screenshotDir?: string;
  /** Collect V8 coverage of the test bundle while it runs. */
  coverage?: boolean;
  /** When the whole run may take (virtual or real) without an event before it is stopped: no run waits forever. */
  quietMs?: number;
}

/** What a run tells its holder while it goes (the holder prints progress and knows the running case if the worker dies). */
export type DeviceTestEvent =
  | { plan: PlannedSpec[]; picked: number[] }
  | { specStart: number }
  | { spec: TestResult }
  | { suiteDone: string[] };

export interface DeviceRun {
  plan: PlannedSpec[];
  results: TestResult[];
  /** Problems outside any case: registration errors, a runner that failed, hooks that failed after all. */
  problems: TestError[];
  /** Set when the realm never reported a plan (Hypium.hypiumTest was not called). */
  noPlan?: string;
  goldens: GoldenOutcome[];
  /** V8 coverage of the test bundle (with `coverage`). */
  coverage?: ScriptCoverage[];
}

/** What a run needs of the device it runs on (the device worker's AppRunner gives it). */
export interface TestDevice {
  clock: DeviceClock;
  /** Starts the installed test app afresh with the test kit and its start function (instead of an ability). */
  start(extensions: () => RealmExtension[], startWith: { fn: string; args: unknown[] }): App;
}

const BUNDLE = 'ets/bundle.js';

export async function runOnDevice(device: TestDevice, appDir: string, o: DeviceTestRun, emit: (e: DeviceTestEvent) => void): Promise<DeviceRun> {
  // The inspector API lays the screen out synchronously from the first line of a test: have the engine in memory.
  await loadLayoutEngine();
  // Coverage and goldens load their libraries only when a run uses them.
  const coverage = o.coverage ? await (await import('./coverage.js')).startCoverage() : undefined;
  let map: SourceMap | undefined;
  try { map = new SourceMap(JSON.parse(readFileSync(join(appDir, `${BUNDLE}.map`), 'utf8'))); } catch { map = undefined; }
  const locate = (stackOrAt: string | undefined): { file: string; line: number; col: number } | undefined => locateInBundle(stackOrAt, map, o.projectRoot);

  const run: DeviceRun = { plan: [], results: [], problems: [], goldens: [] };
  const done = new Set<number>(o.done ?? []);
  let selected: number[] | undefined;
  let app: App | undefined;
  let current: { ordinal: number; started: number; logFrom: number } | undefined;
  /** The case running now (read through a call: events change it while this function awaits). */
  const running = () => current;
  let logMark = 0;
  let finished = false;
  let wake: (() => void) | undefined;
  let lastEvent = Date.now();
  let lastEventVirtual = device.clock.now();
  const poke = () => { lastEvent = Date.now(); lastEventVirtual = device.clock.now(); wake?.(); };

  const driver = new UiDriverHost(() => app, {
    golden: (name, a, page) => {
      if (!o.goldens) throw Object.assign(new Error('matchesGolden needs the goldens folder of `hmos test`'), { code: 17000005 });
      return import('./goldens.js').then((g) => g.checkGolden(name, a, page, o.goldens!, run.goldens));
    },
    screenshot: async (path, a) => {
      if (!o.screenshotDir) throw Object.assign(new Error('screenCap has nowhere to write'), { code: 17000005 });
      const file = join(o.screenshotDir, `${o.deviceName}-${path.split('/').pop() || 'screen.png'}`);
      writeFileAtomic(file, (await renderPage(await layoutApp(a), 'png')) as Buffer);
      return file;
    },
  });
  const specOf = (ordinal: number) => run.plan.find((p) => p.ordinal === ordinal);
  const logLines = (from: number) => (app?.logs ?? []).slice(from).map(formatLog);
  const record = (r: TestResult) => {
    done.add(r.ordinal);
    run.results.push(r);
    emit({ spec: r });
  };

  const channel: TestChannel = {
    event(e) {
      poke();
      switch (e.type) {
        case 'specStart':
          current = { ordinal: Number(e.ordinal), started: device.clock.now(), logFrom: app?.logs.length ?? 0 };
          emit({ specStart: current.ordinal });
          break;
        case 'specDone': {
          const ordinal = Number(e.ordinal);
          const spec = specOf(ordinal);
          const started = current?.ordinal === ordinal ? current.started : device.clock.now();
          const status = e.status as TestResult['status'];
          const result: TestResult = { ordinal, suite: spec?.suite.join('.') ?? '', name: spec?.name ?? `#${ordinal}`, status, ms: Math.max(0, Math.round(device.clock.now() - started)), device: o.deviceName, file: spec?.file };
          if (status === 'failed') {
            result.error = toTestError(e.error as RealmError, locate);
            // No frame of the app's code (a timeout, a hook): point at the case itself.
            if (!result.error.file && spec?.file) Object.assign(result.error, { file: spec.file, line: spec.line, col: 1 });
            result.logs = logLines(current?.ordinal === ordinal ? current.logFrom : 0);
          }
          if (status === 'skipped' && typeof e.reason === 'string') result.reason = e.reason;
          current = undefined;
          record(result);
          break;
        }
        case 'suiteDone': emit({ suiteDone: e.path as string[] }); break;
        case 'taskDone': case 'finishTest': finished = true; break;
        case 'registrationError': case 'runnerError': run.problems.push(toTestError(e.error as RealmError, locate)); if (e.type === 'runnerError') finished = true; break;
        case 'hookError': run.problems.push({ ...toTestError(e.error as RealmError, locate), message: `${(e.path as string[]).join('.')} ${String(e.hook)}: ${(e.error as RealmError)?.message}` }); break;
        default: break;
      }
    },
    plan(specs) {
      poke();
      if (run.plan.length === 0) {
        run.plan = (specs as RealmSpec[]).map((s) => {
          const at = locate(s.at) ?? locate(s.suiteAt);
          return { ordinal: s.ordinal, suite: s.suite, name: s.name, attr: s.attr, tag: s.tag, skip: s.skip, ...(at ? { file: at.file, line: at.line } : {}) };
        });
        selected = selectSpecs(run.plan, o.selection);
        emit({ plan: run.plan, picked: selected });
      }
      return { run: (selected ?? []).filter((n) => !done.has(n)), ...(o.timeout ? { timeout: o.timeout } : {}) };
    },
    ui(id, fn, args, settle) {
      const release = device.clock.hold();
      setImmediate(() => {
        driver.run(fn, args).then((value) => settle(id, { value: value ?? null }), (e: { message?: string; code?: unknown }) => settle(id, { error: { message: String(e?.message ?? e), code: e?.code ?? 17000001 } }))
          .finally(release);
      });
    },
    logHas(keyword) { return (app?.logs ?? []).slice(logMark).some((l) => l.message.includes(keyword)); },
    clearLog() { logMark = app?.logs.length ?? 0; },
  };

  const config = {
    bundleName: o.bundleName, useRunner: o.useRunner, parameters: { '-b': o.bundleName, '-s unittest': 'OpenHarmonyTestRunner', ...(o.parameters ?? {}) },
    hypium: o.timeout ? { timeout: o.timeout } : {},
  };
  try {
    for (let attempt = 0; ; attempt++) {
      finished = false;
      current = undefined;
      const before = done.size;
      let crashed = false;
      app = device.start(() => [testExtension(channel)], { fn: 'hmosTestStart', args: [config] });
      app.on('crash', () => { crashed = true; poke(); });
      app.on('exit', () => poke());
      watchAreaChanges(app, device);
      // Wait for the end of the run, a crash, or quiet.
      while (!finished && !crashed && !app.crash) {
        await new Promise<void>((r) => { wake = r; setTimeout(r, 50); });
        wake = undefined;
        if (finished || crashed || app.crash) break;
        // Host work on the device's behalf (a UiTest driver call, a layout) counts as activity: on a loaded machine
        // one can take longer than the quiet period, and the case is not stuck while it runs.
        if (device.clock.held()) lastEvent = Date.now();
        if (isQuiet(device.clock.pending(), app, lastEvent, lastEventVirtual, device.clock.now(), o)) break;
      }
      if (app.crash) {
        const screen = await crashScreenText(app);
        const c = app.crash;
        const where = c.location ? resolveFile(c.location, o.projectRoot) : undefined;
        const error: TestError = { message: `${c.kind === 'timeout' ? 'the watchdog stopped the app' : 'the app crashed'} (during ${c.during}): ${c.message}`, ...(where ?? {}), stack: c.stack };
        const now = running();
        if (now) {
          const spec = specOf(now.ordinal);
          record({ ordinal: now.ordinal, suite: spec?.suite.join('.') ?? '', name: spec?.name ?? '', status: 'failed', ms: Math.round(device.clock.now() - now.started), device: o.deviceName, error, logs: logLines(now.logFrom), screen, file: spec?.file });
        } else if (selected === undefined) {
          run.problems.push(error);
          app.stop();
          break;
        } else if (done.size === before) {
          // Crashed outside any case without progress (e.g. in beforeAll): the cases left cannot run.
          for (const n of selected.filter((x) => !done.has(x))) {
            const spec = specOf(n)!;
            record({ ordinal: n, suite: spec.suite.join('.'), name: spec.name, status: 'failed', ms: 0, device: o.deviceName, error, screen, file: spec.file });
          }
        }
        app.stop();
        if (selected && selected.some((n) => !done.has(n)) && attempt < selected.length + 2) continue;
        break;
      }
      if (!finished && selected === undefined) {
        // What went wrong is usually in the log: the app's errors while it started (at most the last 5).
        const errors = (app.logs ?? []).filter((l) => l.level === 'E' || l.level === 'F').slice(-5).map(formatLog);
        run.noPlan = (o.useRunner
          ? 'the test runner started, but nothing called Hypium.hypiumTest (check that the ability it starts runs the test list)'
          : 'Hypium.hypiumTest did not run') + (errors.length ? `; the device logged:\n  ${errors.join('\n  ')}` : '');
      } else if (!finished && selected) {
        const now = running();
        const message = now ? `the case did not finish: nothing was left to run on the device (a promise that never settles, with no timeout?)` : 'the run stopped before this case: nothing was left to run on the device';
        for (const n of selected.filter((x) => !done.has(x))) {
          const spec = specOf(n)!;
          record({ ordinal: n, suite: spec.suite.join('.'), name: spec.name, status: 'failed', ms: 0, device: o.deviceName, error: { message }, file: spec.file, logs: now && n === now.ordinal ? logLines(now.logFrom) : undefined });
        }
      }
      app.stop();
      break;
    }
  } finally {
    if (coverage) run.coverage = await coverage.take();
  }
  run.results.sort((a, b) => a.ordinal - b.ordinal);
  return run;
}

interface RealmSpec { ordinal: number; suite: string[]; name: string; attr: number; tag: string; skip: boolean; at: string; suiteAt: string }
interface RealmError { name?: string; message?: string; stack?: string; expected?: string; actual?: string; assertion?: boolean; hook?: string }

/**
 * Nothing will happen any more: in virtual time, no timer is pending and the device holds nothing for long enough;
 * in either mode, no event for `quietMs` of device time (a run stuck on an app that keeps ticking).
 */
function isQuiet(pendingTimers: number, app: App, lastEvent: number, lastEventVirtual: number, now: number, o: DeviceTestRun): boolean {
  const quietMs = o.quietMs ?? Math.max(120_000, (o.timeout ?? 5000) * 4);
  if (now - lastEventVirtual > quietMs) return true;
  if (o.virtualTime && pendingTimers === 0 && Date.now() - lastEvent > 1500 && !app.crash) return true;
  return false;
}

function formatLog(l: LogEntry): string {
  const t = new Date(l.time).toISOString().slice(11, 23);
  return `${t} ${l.level} ${l.tag}: ${l.message}`;
}

async function crashScreenText(app: App): Promise<string | undefined> {
  try { return renderText(await layoutApp(app)); } catch { return undefined; }
}

function toTestError(e: RealmError | undefined, locate: (s: string | undefined) => { file: string; line: number; col: number } | undefined): TestError {
  const at = locate(e?.stack);
  const message = e?.assertion ? String(e.message ?? '') : `${e?.name && e.name !== 'Error' ? `${e.name}: ` : ''}${e?.message ?? 'unknown error'}`;
  return {
    message,
    ...(at ?? {}),
    ...(e?.expected !== undefined ? { expected: e.expected } : {}),
    ...(e?.actual !== undefined ? { actual: e.actual } : {}),
    ...(e?.stack ? { stack: e.stack } : {}),
  };
}

/** The first frame of `stack` (or an `ets/bundle.js:l:c` position) inside the bundle, mapped to its .ets source. */
export function locateInBundle(stack: string | undefined, map: SourceMap | undefined, projectRoot: string): { file: string; line: number; col: number } | undefined {
  if (!stack || !map) return undefined;
  const re = /ets\/bundle\.js:(\d+):(\d+)/g;
  for (const m of stack.matchAll(re)) {
    const entry = map.findEntry(Number(m[1]) - 1, Number(m[2]) - 1) as { originalSource?: string; originalLine?: number; originalColumn?: number };
    if (entry?.originalSource && !entry.originalSource.startsWith('hmos-')) {
      return resolveFile({ file: entry.originalSource, line: (entry.originalLine ?? 0) + 1, col: (entry.originalColumn ?? 0) + 1 }, projectRoot);
    }
  }
  return undefined;
}

function resolveFile(loc: { file: string; line: number; col: number }, root: string) {
  return { ...loc, file: isAbsolute(loc.file) || /^[a-z-]+:/.test(loc.file) ? loc.file : join(root, loc.file) };
}

/**
 * As a device lays out every frame, an app whose elements listen for onAreaChange / onSizeChange hears about the
 * changes a state update makes before the next thing it awaits: after a frame that has such listeners the page is laid
 * out on the next turn (layoutApp fires the events), the device clock held meanwhile so virtual time waits for it.
 */
function watchAreaChanges(app: App, device: { clock: { hold(): () => void } }): void {
  let queued = false;
  const listens = (n: UINode): boolean => Boolean(n.attrs.onAreaChange || n.attrs.onSizeChange) || n.children.some(listens);
  app.on('frame', () => {
    if (queued || app.crash) return;
    queued = true;
    const release = device.clock.hold();
    setImmediate(() => {
      void (async () => {
        try { if (!app.crash && listens(app.tree())) await layoutApp(app); } catch { /* a crash is reported by the run */ } finally { queued = false; release(); }
      })();
    });
  });
}
