/**
 * Runs a test bundle's cases on one headless device and collects their results:
 *
 *   const run = await runOnDevice({ entries, deviceType: 'phone', select: (plan) => ordinals, … });
 *   run.results   one TestResult per selected case, in execution order
 *
 * The app starts with the test kit installed (test-extension.ts) and `hmosTestStart` instead of its ability. The
 * realm reports its plan (every registered case with where it was declared); `select` picks the cases to run
 * (filters, shards). If the app crashes or the watchdog stops it (an endless loop in app or test code), the case that
 * was running fails with the crash screen and the app starts afresh with the cases that are left. A run that goes
 * quiet — nothing pending on the device and no case running or finishing — ends with the cases left as failed.
 */
import type { GrantPolicy } from '../runtime/kits/device-state.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { SourceMap } from 'node:module';
import { createDevice, type App, type LogEntry } from '../runtime/device.js';
import { resourceTableFromHap } from '../runtime/hap-resources.js';
import { renderText } from '../runtime/render/text.js';
import { layoutApp } from '../runtime/screen.js';
import type { UINode } from '../runtime/ui-node.js';
import { loadLayoutEngine } from '../runtime/layout/layout.js';
import { testExtension, type TestChannel } from './test-extension.js';
import { UiDriverHost, type UiDriverHooks } from './ui-driver.js';

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

export interface DeviceRunOptions {
  /** The unpacked test HAP. */
  entries: Map<string, Uint8Array>;
  deviceType: string;
  /** The name results carry (`phone`, `watch-1` …). */
  deviceName: string;
  projectRoot: string;
  virtualTime: boolean;
  grant?: GrantPolicy;
  /** Picks the ordinals to run from the plan (and may reject the run by throwing). */
  select(plan: PlannedSpec[]): number[];
  /** Hypium's default case timeout (ms), as `-s timeout`. */
  timeout?: number;
  /** Run the project's OpenHarmonyTestRunner instead of calling Hypium.hypiumTest directly. */
  useRunner: boolean;
  bundleName: string;
  /** Extra `aa test -s` parameters the app can read through getArguments().parameters. */
  parameters?: Record<string, string>;
  watchdogMs?: number;
  ui?: UiDriverHooks;
  onSpecDone?(result: TestResult): void;
  onSuiteDone?(path: string[]): void;
  /** When the whole run may take (virtual or real) before it is stopped: no run waits forever. */
  quietMs?: number;
}

export interface DeviceRun {
  plan: PlannedSpec[];
  results: TestResult[];
  /** Problems outside any case: registration errors, a runner that failed, hooks that failed after all. */
  problems: TestError[];
  /** Set when the realm never reported a plan (Hypium.hypiumTest was not called). */
  noPlan?: string;
}

const BUNDLE = 'ets/bundle.js';

export async function runOnDevice(o: DeviceRunOptions): Promise<DeviceRun> {
  // The inspector API lays the screen out synchronously from the first line of a test: have the engine in memory.
  await loadLayoutEngine();
  const dataDir = mkdtempSync(join(tmpdir(), 'hmos-test-device-'));
  const device = createDevice({ profile: o.deviceType, dataDir, virtualTime: o.virtualTime, grant: o.grant, watchdogMs: o.watchdogMs ?? 5000, deviceId: `hmos-test-${o.deviceName}` });
  const mapText = o.entries.get(`${BUNDLE}.map`);
  let map: SourceMap | undefined;
  try { map = mapText ? new SourceMap(JSON.parse(Buffer.from(mapText).toString('utf8'))) : undefined; } catch { map = undefined; }
  const locate = (stackOrAt: string | undefined): { file: string; line: number; col: number } | undefined => locateInBundle(stackOrAt, map, o.projectRoot);
  const resources = resourceTableFromHap(o.entries);

  const run: DeviceRun = { plan: [], results: [], problems: [] };
  const done = new Set<number>();
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

  const driver = new UiDriverHost(() => app, o.ui);
  const specOf = (ordinal: number) => run.plan.find((p) => p.ordinal === ordinal);
  const logLines = (from: number) => (app?.logs ?? []).slice(from).map(formatLog);
  const record = (r: TestResult) => {
    done.add(r.ordinal);
    run.results.push(r);
    o.onSpecDone?.(r);
  };

  const channel: TestChannel = {
    event(e) {
      poke();
      switch (e.type) {
        case 'specStart': current = { ordinal: Number(e.ordinal), started: device.clock.now(), logFrom: app?.logs.length ?? 0 }; break;
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
        case 'suiteDone': o.onSuiteDone?.(e.path as string[]); break;
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
        selected = o.select(run.plan);
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
      app = device.launch({ bundle: o.entries, resources, extensions: () => [testExtension(channel)], startWith: { fn: 'hmosTestStart', args: [config] } });
      app.on('crash', () => { crashed = true; poke(); });
      app.on('exit', () => poke());
      watchAreaChanges(app, device);
      // Wait for the end of the run, a crash, or quiet.
      while (!finished && !crashed && !app.crash) {
        await new Promise<void>((r) => { wake = r; setTimeout(r, 50); });
        wake = undefined;
        if (finished || crashed || app.crash) break;
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
    device.clock.dispose();
    rmSync(dataDir, { recursive: true, force: true });
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
function isQuiet(pendingTimers: number, app: App, lastEvent: number, lastEventVirtual: number, now: number, o: DeviceRunOptions): boolean {
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
