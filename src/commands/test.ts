/**
 * `hmos test [dir] [--module m] [--local | --ui] [--devices phone,watch|all] [--filter Suite[#case]] [--level n]
 *   [--size small|medium|large] [--test-type function|…] [--json]
 *   [--junit file] [--update-goldens] [--real-time] [--coverage] [--shard i/n] [--timeout ms] [--watch]`
 * Runs a module's Hypium tests — local (src/test) and instrumented (src/ohosTest, with UiTest) — on headless devices
 * in virtual time, and exits 1 when any case failed. Thin: the work is in src/testing/.
 */
import { grantOption } from './emulate.js';
import { resolve } from 'node:path';
import { HmosError } from '../errors.js';
import { formatProblems } from '../compiler/format-diagnostics.js';
import { capDiagnostics } from '../diagnostics.js';
import { installTsCodeCache } from '../compiler/ts-code-cache.js';
import { writeFileAtomic } from '../util/atomic.js';
import { onInterruptStop } from '../util/cleanup.js';
import type { CommandContext } from './context.js';
import type { TestReport, TestRunOptions } from '../testing/run-tests.js';

export async function run(ctx: CommandContext, args: unknown[], options: Record<string, any>): Promise<number> {
  const dir = resolve(ctx.cwd, typeof args[0] === 'string' ? args[0] : '.');
  if (options.local && options.ui) throw new HmosError('BAD_OPTION', '--local and --ui exclude each other; leave both out to run both kinds');
  const { parseAttributeFilter, parseFilters, parseShard } = await import('../testing/select.js');
  const timeout = options.timeout === undefined ? undefined : Number(options.timeout);
  if (timeout !== undefined && !(Number.isInteger(timeout) && timeout > 0)) throw new HmosError('BAD_OPTION', `--timeout takes a whole number of milliseconds above 0 (got "${options.timeout}")`);
  const opts: TestRunOptions = {
    dir,
    module: options.module,
    local: !!options.local,
    ui: !!options.ui,
    devices: typeof options.devices === 'string' ? options.devices.split(',').map((s: string) => s.trim()).filter(Boolean) : undefined,
    filter: parseFilters(options.filter),
    attributes: options.level || options.size || options.testType ? parseAttributeFilter(options) : undefined,
    shard: options.shard ? parseShard(String(options.shard)) : undefined,
    updateGoldens: !!options.updateGoldens,
    realTime: !!options.realTime,
    grant: grantOption(options.grant),
    coverage: !!options.coverage,
    timeout,
    // A test hook, as HMOS_CREATE_SLOW_MS: a shorter watchdog for endless loops (default 5000 ms).
    watchdogMs: ctx.env.HMOS_TEST_WATCHDOG_MS ? Number(ctx.env.HMOS_TEST_WATCHDOG_MS) : undefined,
  };
  if (!options.watch) return runOnce(ctx, runTests, opts, options);

  // --watch: run, then run again after each change to the module's sources (debounced), until Ctrl-C.
  const { watch } = await import('chokidar');
  let running: Promise<unknown> | undefined;
  let again = false;
  const cycle = async () => {
    if (running) { again = true; return; }
    do {
      again = false;
      running = runOnce(ctx, runTests, opts, options).catch((e) => { ctx.stderr.write(`${(e as Error).message}\n`); return 1; });
      await running;
      running = undefined;
      ctx.info(ctx.color.dim('watching for changes — Ctrl-C to stop'));
    } while (again);
  };
  await cycle();
  return new Promise<number>((done) => {
    let timer: NodeJS.Timeout | undefined;
    const watcher = watch(dir, { ignoreInitial: true, ignored: (p: string) => /[\\/](build|oh_modules|node_modules|\.git|\.hvigor|goldens)([\\/]|$)/.test(p) });
    watcher.on('all', () => { clearTimeout(timer); timer = setTimeout(() => void cycle(), 50); });
    const release = onInterruptStop(() => { clearTimeout(timer); void watcher.close().then(() => { release(); done(0); }); });
  });
}

/**
 * Runs the tests in this process: building them is the compiler's work, and their app code runs on emulated devices,
 * each in its own worker (an app thread of the one device stack, see testing/run-tests.ts) — never in the CLI's thread.
 */
async function runTests(o: TestRunOptions): Promise<TestReport> {
  installTsCodeCache();
  const { runTests: run } = await import('../testing/run-tests.js');
  return run(o);
}

async function runOnce(ctx: CommandContext, runTests: (o: TestRunOptions) => Promise<TestReport>, opts: TestRunOptions, options: Record<string, any>): Promise<number> {
  const c = ctx.color;
  const tick = ctx.unicode ? '✓' : 'ok';
  const cross = ctx.unicode ? '✗' : 'x';
  const report = await runTests({
    ...opts,
    onBuild: (kind, ms) => ctx.info(c.dim(`built ${kind === 'local' ? 'local tests' : 'instrumented tests'} in ${Math.round(ms)} ms`)),
    onSuiteDone: (s) => {
      const parts = [s.passed && `${s.passed} passed`, s.failed && c.red(`${s.failed} failed`), s.skipped && c.yellow(`${s.skipped} skipped`)].filter(Boolean).join(', ');
      ctx.info(`${s.failed ? c.red(cross) : c.green(tick)} ${s.suite || '(no suite)'} ${c.dim(`[${s.device}]`)} ${parts} ${c.dim(`${s.ms} ms`)}`);
    },
  });
  const errors = report.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length && ctx.json) {
    const capped = capDiagnostics(report.diagnostics);
    ctx.result({ ok: false, total: 0, passed: 0, failed: 0, skipped: 0, ms: report.ms, tests: [], diagnostics: capped.diagnostics, omittedDiagnostics: capped.omitted }, () => '');
    return 1;
  }
  if (errors.length) {
    // At most MAX_DIAGNOSTICS of them, then "and N more".
    const problems = formatProblems(report.diagnostics, undefined, c, ctx.cwd);
    ctx.stderr.write(problems.text);
    ctx.stderr.write(c.red(`test build failed: ${problems.errors} error${problems.errors === 1 ? '' : 's'}`) + '\n');
    return 1;
  }
  if (options.junit) {
    const { junitReport } = await import('../testing/report.js');
    writeFileAtomic(resolve(ctx.cwd, String(options.junit)), junitReport(report));
  }
  const { failureText, jsonReport } = await import('../testing/report.js');
  if (ctx.json) {
    ctx.result(jsonReport(report), () => '');
    return report.ok ? 0 : 1;
  }
  for (const t of report.tests.filter((x) => x.status === 'failed')) ctx.stderr.write('\n' + failureText(t, report.root, c, ctx.cwd) + '\n');
  for (const p of report.problems) ctx.stderr.write('\n' + c.red(`${cross} [${p.device}] ${p.message}`) + (p.file ? `\n  ${p.file}:${p.line ?? 1}` : '') + '\n');
  for (const g of report.goldens) for (const w of g.written ?? []) ctx.info(c.dim(`golden written: ${w}`));
  if (report.coverage) {
    const cov = report.coverage;
    ctx.info(`coverage: ${cov.lines.pct}% of ${cov.lines.total} lines in ${cov.files} file${cov.files === 1 ? '' : 's'} (${cov.lines.covered} covered) → ${cov.lcov}`);
  }
  const summary = `${report.passed} passed, ${report.failed} failed${report.skipped ? `, ${report.skipped} skipped` : ''}`;
  ctx.stdout.write(`\n${report.ok ? c.green(summary) : c.red(summary)} ${c.dim(`(${report.total} tests, ${(report.ms / 1000).toFixed(2)} s)`)}\n`);
  return report.ok ? 0 : 1;
}
