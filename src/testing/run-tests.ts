/**
 * `hmos test` as a function: finds a module's local (`src/test`) and instrumented (`src/ohosTest`) tests, builds
 * them (test-build.ts), runs them on headless devices in virtual time (device-run.ts) — instrumented ones on the
 * module's first device type or each of `devices`, in parallel — and returns every case's result.
 *
 *   const report = await runTests({ dir, filter: ['Suite#case'], shard: { index: 1, total: 4 } });
 */
import type { GrantPolicy } from '../runtime/kits/device-state.js';
import { join, relative } from 'node:path';
import { HmosError } from '../errors.js';
import type { Diagnostic } from '../diagnostics.js';
import { appendAll } from '../util/arrays.js';
import { loadProject, type ModuleInfo, type Project } from '../project/project.js';
import { DEVICE_TYPES, normalizeDeviceType } from '../runtime/device-profile.js';
import { renderPage } from '../runtime/screen.js';
import { writeFileAtomic } from '../util/atomic.js';
import { buildTests, findTestSources, type TestKind, type TestSources } from './test-build.js';
import { runOnDevice, type PlannedSpec, type TestError, type TestResult } from './device-run.js';
import { checkGolden, type GoldenOutcome } from './goldens.js';
import { selectSpecs, type AttributeFilter, type Shard } from './select.js';
import { CoverageCollector, type CoverageSummary } from './coverage.js';

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
  const coverage = o.coverage ? await CoverageCollector.start() : undefined;
  const runs: Array<Promise<void>> = [];
  let anyPlanned = false;
  let filterHits = 0;
  const allSuites = new Set<string>();
  try {
    // Both kinds build at once (two cores: while one transforms, esbuild bundles the other); runs start as builds end.
    const builds = sources.map((src) => buildTests(project, module, src, { homeDir: o.homeDir }));
    for (const [i, src] of sources.entries()) {
      const build = await builds[i]!;
      o.onBuild?.(src.kind, build.ms);
      appendAll(report.diagnostics, build.diagnostics);
      if (!build.ok || !build.entries) {
        for (const other of builds.slice(i + 1)) appendAll(report.diagnostics, (await other).diagnostics);
        return finish(report, t0);
      }
      coverage?.addBundle(build.entries, project.root);
      const targets = src.kind === 'local' ? [deviceTypes[0]!] : deviceTypes;
      for (const type of targets) {
        const deviceName = src.kind === 'local' ? 'local' : type;
        runs.push((async () => {
          const suiteTally = new Map<string, SuiteSummary>();
          const run = await runOnDevice({
            entries: build.entries!,
            deviceType: type,
            deviceName,
            projectRoot: project.root,
            virtualTime: !o.realTime,
            grant: o.grant,
            useRunner: build.useRunner,
            bundleName: project.app.bundleName,
            parameters: { '-m': build.moduleName, ...(o.timeout ? { '-s timeout': String(o.timeout) } : {}) },
            timeout: o.timeout,
            watchdogMs: o.watchdogMs,
            select: (plan: PlannedSpec[]) => {
              anyPlanned ||= plan.length > 0;
              for (const p of plan) allSuites.add(p.suite.join('.'));
              const picked = selectSpecs(plan, { filter: o.filter, shard: o.shard, attributes: o.attributes });
              filterHits += picked.length;
              return picked;
            },
            ui: {
              golden: (name, app, page) => checkGolden(name, app, page, { dir: join(src.dir, 'goldens'), update: !!o.updateGoldens, ci: o.ci ?? isCi() }, report.goldens),
              screenshot: async (path, app) => {
                const { layoutApp } = await import('../runtime/screen.js');
                const file = join(module.dir, 'build', 'default', 'outputs', 'ohosTest', 'screenshots', `${deviceName}-${path.split('/').pop() || 'screen.png'}`);
                writeFileAtomic(file, (await renderPage(await layoutApp(app), 'png')) as Buffer);
                return file;
              },
            },
            onSpecDone: (r) => {
              const s = suiteTally.get(r.suite) ?? { kind: src.kind, device: deviceName, suite: r.suite, passed: 0, failed: 0, skipped: 0, ms: 0 };
              s[r.status]++;
              s.ms += r.ms;
              suiteTally.set(r.suite, s);
            },
            onSuiteDone: (path) => {
              const s = suiteTally.get(path.join('.'));
              if (s) { suiteTally.delete(s.suite); o.onSuiteDone?.(s); }
            },
          });
          // Suites the run ended inside (a crash, a stop) are summed up too.
          for (const s of suiteTally.values()) o.onSuiteDone?.(s);
          report.tests.push(...run.results);
          for (const p of run.problems) report.problems.push({ ...p, device: deviceName });
          if (run.noPlan) report.problems.push({ message: run.noPlan, device: deviceName });
        })());
      }
      // Local tests first: a CI log reads top-down; instrumented runs on several devices go in parallel.
      if (src.kind === 'local') await runs[runs.length - 1];
    }
    await Promise.all(runs);
  } finally {
    if (coverage) report.coverage = await coverage.stop(o.coverageDir ?? join(module.dir, 'build', 'default', 'coverage'));
  }
  if (!anyPlanned && report.problems.length === 0) {
    throw new HmosError('NO_TESTS', `no tests found: ${module.name}'s test lists register no test case (call describe() and it() from the function List.test.ets exports)`);
  }
  if (anyPlanned && filterHits === 0 && (o.filter?.length || o.attributes)) {
    if (o.filter?.length || o.attributes) {
      throw new HmosError('FILTER_NO_MATCH', `${o.filter?.length ? `--filter ${o.filter.join(',')}` : 'the level/size/test-type filter'} matches no test case; the suites are: ${[...allSuites].sort().join(', ')}`);
    }
  }
  return finish(report, t0);
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

function deviceTypesFor(module: ModuleInfo, requested: string[] | undefined): string[] {
  const declared = (Array.isArray(module.config.deviceTypes) ? (module.config.deviceTypes as unknown[]) : []).map((d) => normalizeDeviceType(String(d))).filter((t): t is NonNullable<typeof t> => t !== undefined);
  if (!requested || requested.length === 0) return [declared[0] ?? 'phone'];
  if (requested.length === 1 && requested[0] === 'all') return declared.length ? [...new Set(declared)] : ['phone'];
  return [...new Set(requested.map((r) => {
    const t = normalizeDeviceType(r);
    if (!t) throw new HmosError('UNKNOWN_DEVICE_TYPE', `unknown device type "${r}"; use ${DEVICE_TYPES.join(', ')} (or watch, pc) or all`);
    return t;
  }))];
}
