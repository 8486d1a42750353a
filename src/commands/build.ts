/**
 * `hmos build [dir] [--module m] [--mode debug|release] [--watch] [--json]` — compile a project into signed HAPs.
 * Thin: the work is in src/compiler/build.ts.
 */
import { resolve } from 'node:path';
import { HmosError } from '../errors.js';
import type { BuildResult } from '../compiler/build.js';
import type { TreeWalks } from '../compiler/up-to-date.js';
import { formatProblems } from '../compiler/format-diagnostics.js';
import { installTsCodeCache } from '../compiler/ts-code-cache.js';
import type { CommandContext } from './context.js';
import { onInterruptStop } from '../util/cleanup.js';
import { buildDaemonMode } from '../build-daemon/mode.js';

export async function run(ctx: CommandContext, args: unknown[], options: Record<string, any>): Promise<number> {
  const dir = resolve(ctx.cwd, typeof args[0] === 'string' ? args[0] : '.');
  const mode = options.mode ?? 'debug';
  if (mode !== 'debug' && mode !== 'release') throw new HmosError('BAD_OPTION', `--mode must be debug or release (got "${mode}")`);
  const opts = { module: options.module as string | undefined, mode: mode as 'debug' | 'release' };
  // A bad limit is reported whether or not there is anything to build.
  if (process.env.HMOS_TRANSFORM_TIMEOUT !== undefined) (await import('../compiler/transform-worker-client.js')).transformTimeout();
  const walks: TreeWalks = new Map();
  const seen: { changedEntries?: number } = {};
  if (!options.watch) {
    // Nothing changed since the last build: its result stands, and the compiler is not even loaded.
    const { takeEarlyUpToDate, upToDateResult } = await import('../compiler/up-to-date.js');
    const checked = takeEarlyUpToDate(dir, opts);
    if (checked) {
      for (const [k, v] of checked.walks) walks.set(k, v);
      seen.changedEntries = checked.changedEntries;
    }
    const hit = checked ? checked.hit : upToDateResult(dir, opts, walks, seen);
    if (hit) {
      report(ctx, hit);
      return 0;
    }
  }
  if (!options.watch) {
    // Something changed: the ArkTS parser starts loading on another core (a worker thread) now, while this thread
    // loads the compiler and the project and reads the module caches. Nothing in the worker outlives the build.
    const { TransformWorker, takeEarlyTransformWorker, transformTimeout, worthAWorker } = await import('../compiler/transform-worker-client.js');
    const early = takeEarlyTransformWorker();
    const limit = transformTimeout();
    // A few files changed since the last build (an edit): the worker pays off. Many, or no usable last build (a cold
    // build, a new hmos): nearly every file is transformed, and on this thread that is cheaper than sending each to
    // the worker and answering its callbacks from here — unless HMOS_TRANSFORM_TIMEOUT asks for every file's
    // transform to be bounded, which only the worker can do (a transform on this thread cannot be stopped).
    // In the build daemon the parser is loaded and warm on this thread already: a worker would only add its start.
    const incremental = (worthAWorker(seen.changedEntries) && !buildDaemonMode.active) || limit.configured;
    const worker = incremental ? early ?? TransformWorker.start(undefined, limit.ms) : undefined;
    if (!incremental) {
      early?.stop();
      installTsCodeCache();
    }
    (await import('../compiler/esbuild-service.js')).startEsbuildService();
    const { buildProject } = await import('../compiler/build.js');
    let result: BuildResult;
    try {
      result = await buildProject(dir, { ...opts, skipWhenUpToDate: false, worker, treeWalks: walks });
    } finally {
      await worker?.close();
    }
    report(ctx, result);
    // A bug met while compiling (an INTERNAL diagnostic) exits 2 like any other bug; the project's errors exit 1.
    return result.ok ? 0 : result.diagnostics.some((d) => d.code === 'INTERNAL') ? 2 : 1;
  }
  // Before the compiler (and so ohos-typescript) is loaded: the dynamic import below keeps it in its own chunk.
  installTsCodeCache();
  (await import('../compiler/esbuild-service.js')).startEsbuildService();
  const { watchProject } = await import('../compiler/build.js');
  return new Promise<number>((resolveExit, rejectExit) => {
    let first = true;
    watchProject(dir, opts, (result) => {
      const time = new Date().toTimeString().slice(0, 8);
      if (!first) ctx.info(ctx.color.dim(`[${time}] rebuilt in ${Math.round(result.ms)} ms${result.ok ? '' : ' (with errors)'}`));
      first = false;
      report(ctx, result);
      if (ctx.json) return;
      ctx.info(ctx.color.dim('watching for changes — Ctrl-C to stop'));
    }).then((watcher) => {
      // Ctrl-C is how a watch ends: stop watching, let a build in progress finish (it writes its HAP atomically), exit 0.
      const release = onInterruptStop(() => {
        void watcher.close().then(() => {
          release();
          resolveExit(0);
        }, rejectExit);
      });
    }, rejectExit);
  });
}

function report(ctx: CommandContext, result: BuildResult): void {
  const c = ctx.color;
  if (ctx.json) {
    ctx.result({
      ok: result.ok,
      modules: result.modules.map((m) => ({ name: m.name, hap: m.hap ?? null, bytes: m.bytes ?? null, ms: m.ms, transformed: m.transformed, compiled: m.compiled })),
      diagnostics: result.diagnostics,
      ...(result.omittedDiagnostics ? { omittedDiagnostics: result.omittedDiagnostics } : {}),
      ms: result.ms,
      ...(result.upToDate ? { upToDate: true } : {}),
    }, () => '');
    return;
  }
  const { text, errors, warnings } = formatProblems(result.diagnostics, result.omittedDiagnostics ?? { errors: 0, warnings: 0 }, c, ctx.cwd);
  ctx.stderr.write(text);
  for (const m of result.modules) {
    if (!m.hap) continue;
    if (result.upToDate) ctx.stdout.write(`${c.green(ctx.unicode ? '✓' : 'ok')} ${c.bold(m.name)} is up to date → ${m.hap} (${formatBytes(m.bytes ?? 0)})\n`);
    else ctx.stdout.write(`${c.green(ctx.unicode ? '✓' : 'ok')} built ${c.bold(m.name)} → ${m.hap} (${formatBytes(m.bytes ?? 0)}, ${Math.round(m.ms.parse + m.ms.transform + m.ms.bundle + m.ms.package)} ms)\n`);
  }
  if (errors) ctx.stderr.write(c.red(`build failed: ${count(errors, 'error')}${warnings ? `, ${count(warnings, 'warning')}` : ''}`) + '\n');
}

const count = (n: number, what: string) => `${n.toLocaleString('en-US')} ${what}${n === 1 ? '' : 's'}`;

function formatBytes(n: number): string {
  return n < 1024 ? `${n} B` : n < 1048576 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1048576).toFixed(2)} MB`;
}
