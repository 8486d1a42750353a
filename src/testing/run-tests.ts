/**
 * `hmos test` as a function: finds a module's local (`src/test`) and instrumented (`src/ohosTest`) tests, builds
 * them (test-build.ts), installs each test HAP on a headless emulated device of the one device stack
 * (emulator/device: an EmulatedDevice with its worker, started while the tests build) and runs its cases there in
 * virtual time (device-run.ts, in the device's worker) — instrumented ones on the module's first device type or each
 * of `devices`, in parallel — and returns every case's result. A device whose worker dies or stops answering (an app
 * stuck beyond the runtime's watchdog) is recovered by its worker client; the case it was running fails and the run
 * goes on from the next case on the fresh worker.
 *
 *   const report = await runTests({ dir, filter: ['Suite#case'], shard: { index: 1, total: 4 } });
 */
import type { GrantPolicy } from '../runtime/kits/device-state.js';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { HmosError, isHmosError } from '../errors.js';
import type { Diagnostic } from '../diagnostics.js';
import { appendAll } from '../util/arrays.js';
import { loadProject, type ModuleInfo, type Project } from '../project/project.js';
import { DEVICE_TYPES, normalizeDeviceType, type DeviceType } from '../runtime/device-profile.js';
import { loadOrCreateDeveloperKey } from '../hap/signing-key.js';
import { EmulatedDevice } from '../emulator/device/device.js';
import { trustPublicKey } from '../emulator/device/trust-store.js';
import { buildTests, findTestSources, type TestKind, type TestSources } from './test-build.js';
import type { DeviceRun, DeviceTestEvent, DeviceTestRun, PlannedSpec, TestError, TestResult } from './device-run.js';
import type { GoldenOutcome } from './goldens.js';
import type { AttributeFilter, Shard } from './select.js';
import type { CoverageSummary } from './coverage.js';

export interface TestRunOptions {
  dir: string;
  module?: string;
  /** Only local tests / only instrumented tests (both when neither is set). */
  local?: boolean;
  ui?: boolean;
  /** Device types for instrumented tests: a list, or `all` (every type the module declares). */
  devices?: string[];
  filter?: string[];
  /** Hypium's level / size / test-type filters on `it`'s attribute. */
  attributes?: AttributeFilter;
  shard?: Shard;
  updateGoldens?: boolean;
  realTime?: boolean;
  /** How the test devices answer user_grant permission requests (runtime/kits/device-state.ts); default all. */
  grant?: GrantPolicy;
  coverage?: boolean;
  /** Where lcov.info goes (default `<module>/build/default/coverage/`). */
  coverageDir?: string;
  homeDir?: string;
  /** Missing goldens fail instead of being recorded (default: the CI environment variable is set). */
  ci?: boolean;
  /** Hypium's default case timeout, ms. */
  timeout?: number;
  watchdogMs?: number;
  onBuild?(kind: TestKind, ms: number): void;
  onSuiteDone?(summary: SuiteSummary): void;
}

export interface SuiteSummary { kind: TestKind; device: string; suite: string; passed: number; failed: number; skipped: number; ms: number }

export interface TestReport {
  ok: boolean;
  total: number;
  passed: number;
  failed: number;
  skipped: number;
  ms: number;
  tests: TestResult[];
  /** Build errors (the run stops at them). */
  diagnostics: Diagnostic[];
  /** Problems outside any case (a test list that throws, a runner that fails). */
  problems: Array<TestError & { device: string }>;
  goldens: GoldenOutcome[];
  coverage?: CoverageSummary & { lcov: string };
  module: string;
  root: string;
}

export async function runTests(o: TestRunOptions): Promise<TestReport> {
  const t0 = performance.now();
  const { project, diagnostics: loadDiagnostics } = loadProject(o.dir, { module: o.module });
  const errors = loadDiagnostics.filter((d) => d.severity === 'error');
  const module = pickModule(project, o.module);
  const report: TestReport = { ok: false, total: 0, passed: 0, failed: 0, skipped: 0, ms: 0, tests: [], diagnostics: [...loadDiagnostics], problems: [], goldens: [], module: module.name, root: project.root };
  if (errors.length) return finish(report, t0);

  const kinds: TestKind[] = o.local && !o.ui ? ['local'] : o.ui && !o.local ? ['ohosTest'] : ['local', 'ohosTest'];
  const sources = kinds.map((k) => findTestSources(module, k)).filter((s): s is TestSources => s !== undefined);
  if (sources.length === 0) {
    const where = kinds.map((k) => relative(process.cwd(), join(module.dir, 'src', k === 'local' ? 'test' : 'ohosTest'))).join(' or ');
    throw new HmosError('NO_TESTS', `no tests found: ${module.name} has no test files in ${where}; add one (e.g. \`hmos create\` makes entry/src/test/LocalUnit.test.ets and entry/src/ohosTest/ets/test/Ability.test.ets)`);
  }

  const deviceTypes = deviceTypesFor(module, o.devices);
  // istanbul and v8-to-istanbul load only for a run with --coverage.
  const coverage = o.coverage ? new (await import('./coverage.js')).CoverageCollector() : undefined;
  const runs: Array<Promise<void>> = [];
  let anyPlanned = false;
  let filterHits = 0;
  const allSuites = new Set<string>();
  // The test devices live in a home of their own (removed at the end) that trusts the developer key the test HAPs
  // are signed with; their workers start now, while the tests build.
  const home = mkdtempSync(join(tmpdir(), 'hmos-test-'));
  const devices: EmulatedDevice[] = [];
  try {
    trustPublicKey(loadOrCreateDeveloperKey(o.homeDir).publicKeyBase64, home, 'hmos test');
    // One device per type; local tests run first on the first one (then the instrumented tests get it afresh).
    for (const type of deviceTypes) devices.push(new EmulatedDevice(type, type, [], { home, virtualTime: !o.realTime, grant: o.grant, watchdogMs: o.watchdogMs ?? 5000 }));
    const planned = sources.map((src) => (src.kind === 'local' ? [{ name: 'local', device: devices[0]! }] : devices.map((device) => ({ name: device.id, device }))));
    // Both kinds build at once (two cores: while one transforms, esbuild bundles the other); runs start as builds end.
    const builds = sources.map((src) => buildTests(project, module, src, { homeDir: o.homeDir, deviceTypes }));
    for (const [i, src] of sources.entries()) {
      const build = await builds[i]!;
      o.onBuild?.(src.kind, build.ms);
      appendAll(report.diagnostics, build.diagnostics);
      if (!build.ok || !build.entries || !build.hapBytes) {
        for (const other of builds.slice(i + 1)) appendAll(report.diagnostics, (await other).diagnostics);
        return finish(report, t0);
      }
      coverage?.addBundle(build.entries, project.root);
      for (const { name: deviceName, device } of planned[i]!) {
        runs.push((async () => {
          const suiteTally = new Map<string, SuiteSummary>();
          const run = await runOnEmulatedDevice(device, build.hapBytes!, {
            deviceName,
            projectRoot: project.root,
            virtualTime: !o.realTime,
            useRunner: build.useRunner,
            bundleName: project.app.bundleName,
            parameters: { '-m': build.moduleName, ...(o.timeout ? { '-s timeout': String(o.timeout) } : {}) },
            timeout: o.timeout,
            selection: { filter: o.filter, shard: o.shard, attributes: o.attributes },
            goldens: { dir: join(src.dir, 'goldens'), update: !!o.updateGoldens, ci: o.ci ?? isCi() },
            screenshotDir: join(module.dir, 'build', 'default', 'outputs', 'ohosTest', 'screenshots'),
            coverage: !!coverage,
          }, {
            plan: (plan, picked) => {
              anyPlanned ||= plan.length > 0;
              for (const p of plan) allSuites.add(p.suite.join('.'));
              filterHits += picked.length;
            },
            spec: (r) => {
              const s = suiteTally.get(r.suite) ?? { kind: src.kind, device: deviceName, suite: r.suite, passed: 0, failed: 0, skipped: 0, ms: 0 };
              s[r.status]++;
              s.ms += r.ms;
              suiteTally.set(r.suite, s);
            },
            suiteDone: (path) => {
              const s = suiteTally.get(path.join('.'));
              if (s) { suiteTally.delete(s.suite); o.onSuiteDone?.(s); }
            },
          });
          // Suites the run ended inside (a crash, a stop) are summed up too.
          for (const s of suiteTally.values()) o.onSuiteDone?.(s);
          report.tests.push(...run.results);
          report.goldens.push(...run.goldens);
          coverage?.addCoverage(run.coverage);
          for (const p of run.problems) report.problems.push({ ...p, device: deviceName });
          if (run.noPlan) report.problems.push({ message: run.noPlan, device: deviceName });
        })());
      }
      // Local tests first: a CI log reads top-down; instrumented runs on several devices go in parallel.
      if (src.kind === 'local') await runs[runs.length - 1];
    }
    await Promise.all(runs);
  } finally {
    await Promise.all(devices.map((d) => d.close()));
    rmSync(home, { recursive: true, force: true });
  }
  if (coverage) report.coverage = await coverage.write(o.coverageDir ?? join(module.dir, 'build', 'default', 'coverage'));
  if (!anyPlanned && report.problems.length === 0) {
    throw new HmosError('NO_TESTS', `no tests found: ${module.name}'s test lists register no test case (call describe() and it() from the function List.test.ets exports)`);
  }
  if (anyPlanned && filterHits === 0 && (o.filter?.length || o.attributes)) {
    throw new HmosError('FILTER_NO_MATCH', `${o.filter?.length ? `--filter ${o.filter.join(',')}` : 'the level/size/test-type filter'} matches no test case; the suites are: ${[...allSuites].sort().join(', ')}`);
  }
  return finish(report, t0);
}

/** How long one device's test run may take in all: as long as its tests (a hung worker is caught by the ping). */
const RUN_DEADLINE_MS = 6 * 3600_000;
/** How often the holder asks a busy test device whether its worker still answers, and how long it may take. */
const PING_EVERY_MS = 1000;
const PING_DEADLINE_MS = 30_000;

export interface RunListener {
  plan(plan: PlannedSpec[], picked: number[]): void;
  spec(result: TestResult): void;
  suiteDone(path: string[]): void;
}

/**
 * Installs a test HAP on an emulated device and runs its cases there (device op `test`). The device's worker client
 * watches the worker: while the run goes, the holder pings it, so a worker stuck where the runtime's watchdog cannot
 * reach fails that ping; the client then ends it (every pending call fails at once) and starts a fresh one. The case
 * that was running is failed with the reason and the run resumes with the cases left — a fresh app on a fresh worker.
 */
export async function runOnEmulatedDevice(device: EmulatedDevice, hap: Uint8Array, run: DeviceTestRun, listen: RunListener): Promise<DeviceRun> {
  const results = new Map<number, TestResult>();
  let plan: PlannedSpec[] | undefined;
  let picked: number[] = [];
  let running: number | undefined;
  const onEvent = (e: DeviceTestEvent) => {
    if ('plan' in e) {
      if (!plan) { plan = e.plan; picked = e.picked; listen.plan(e.plan, e.picked); }
    } else if ('specStart' in e) running = e.specStart;
    else if ('spec' in e) {
      if (running === e.spec.ordinal) running = undefined;
      if (!results.has(e.spec.ordinal)) { results.set(e.spec.ordinal, e.spec); listen.spec(e.spec); }
    } else if ('suiteDone' in e) listen.suiteDone(e.suiteDone);
  };
  device.on('test', onEvent);
  let pinging: Promise<unknown> | undefined;
  const ping = setInterval(() => {
    pinging ??= device.worker.callWithin(PING_DEADLINE_MS, 'state').catch(() => undefined).finally(() => { pinging = undefined; });
  }, PING_EVERY_MS);
  const out: DeviceRun = { plan: [], results: [], problems: [], goldens: [] };
  const fail = (ordinal: number, error: TestError) => {
    const spec = plan?.find((p) => p.ordinal === ordinal);
    onEvent({ spec: { ordinal, suite: spec?.suite.join('.') ?? '', name: spec?.name ?? `#${ordinal}`, status: 'failed', ms: 0, device: run.deviceName, error, file: spec?.file } });
  };
  try {
    const installed = await device.install(hap, { allowDowngrade: true });
    for (let attempt = 0; ; attempt++) {
      try {
        const r = await device.runTests(installed.bundleName, { ...run, done: [...results.keys()] }, RUN_DEADLINE_MS);
        Object.assign(out, { problems: r.problems, noPlan: r.noPlan, goldens: r.goldens, coverage: r.coverage });
        break;
      } catch (err) {
        const code = isHmosError(err) ? (err as HmosError).code : undefined;
        if (code !== 'DEVICE_CRASHED' && code !== 'DEVICE_TIMEOUT') throw err;
        const error: TestError = { message: `the device stopped: ${(err as Error).message}` };
        if (running !== undefined) fail(running, error);
        else if (!plan) { out.problems.push(error); break; }
        running = undefined;
        const left = picked.filter((n) => !results.has(n));
        if (left.length === 0) break;
        // A worker that stops again without getting through a case cannot run the rest.
        if (attempt >= picked.length + 2) { for (const n of left) fail(n, error); break; }
      }
    }
  } catch (err) {
    if (!isHmosError(err)) throw err;
    out.problems.push({ message: (err as Error).message });
  } finally {
    clearInterval(ping);
    device.off('test', onEvent);
    // The next run on this device (instrumented tests after local ones) starts with no app and no app data.
    await device.uninstall(run.bundleName).catch(() => undefined);
  }
  out.plan = plan ?? [];
  out.results = [...results.values()].sort((a, b) => a.ordinal - b.ordinal);
  return out;
}

const isCi = () => { const v = process.env.CI; return v !== undefined && v !== '' && v !== '0' && v.toLowerCase() !== 'false'; };

function finish(report: TestReport, t0: number): TestReport {
  const order = (r: TestResult) => `${r.device === 'local' ? 0 : 1}:${r.device}:${String(r.ordinal).padStart(6, '0')}`;
  report.tests.sort((a, b) => order(a).localeCompare(order(b)));
  report.total = report.tests.length;
  report.passed = report.tests.filter((t) => t.status === 'passed').length;
  report.failed = report.tests.filter((t) => t.status === 'failed').length;
  report.skipped = report.tests.filter((t) => t.status === 'skipped').length;
  report.ms = Math.round(performance.now() - t0);
  report.ok = report.failed === 0 && report.problems.length === 0 && !report.diagnostics.some((d) => d.severity === 'error');
  return report;
}

function pickModule(project: Project, name: string | undefined): ModuleInfo {
  const runnable = project.modules.filter((m) => m.type === 'entry' || m.type === 'feature');
  const found = name ? project.modules.find((m) => m.name === name) : runnable.find((m) => m.type === 'entry') ?? runnable[0] ?? project.modules[0];
  if (!found) throw new HmosError('MODULE_NOT_FOUND', name ? `no module named ${name}` : 'the project has no module to test');
  return found;
}

function deviceTypesFor(module: ModuleInfo, requested: string[] | undefined): DeviceType[] {
  const declared = (Array.isArray(module.config.deviceTypes) ? (module.config.deviceTypes as unknown[]) : []).map((d) => normalizeDeviceType(String(d))).filter((t): t is NonNullable<typeof t> => t !== undefined);
  if (!requested || requested.length === 0) return [declared[0] ?? 'phone'];
  if (requested.length === 1 && requested[0] === 'all') return declared.length ? [...new Set(declared)] : ['phone'];
  return [...new Set(requested.map((r) => {
    const t = normalizeDeviceType(r);
    if (!t) throw new HmosError('UNKNOWN_DEVICE_TYPE', `unknown device type "${r}"; use ${DEVICE_TYPES.join(', ')} (or watch, pc) or all`);
    return t;
  }))];
}
