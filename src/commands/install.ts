/**
 * `hmos install [dir] [--offline] [--frozen-lockfile] [--force] [--json]`, `hmos add <pkg>[@range]… [--module m] [--dev]`
 * and `hmos remove <pkg>… [--module m]`. Thin: the work is in src/install/.
 */
import { resolve } from 'node:path';
import type { CommandContext } from './context.js';
import type { InstallSummary, Progress } from '../install/install.js';

export async function run(ctx: CommandContext, args: unknown[], options: Record<string, any>): Promise<number> {
  const dir = resolve(ctx.cwd, typeof args[0] === 'string' ? args[0] : '.');
  const { installProject } = await import('../install/install.js');
  const summary = await withProgress(ctx, (progress) => installProject(dir, {
    offline: Boolean(options.offline),
    frozenLockfile: Boolean(options.frozenLockfile),
    force: Boolean(options.force),
    env: ctx.env,
    progress,
    warn: (line) => ctx.warn(line),
  }));
  report(ctx, summary);
  return 0;
}

export async function runAdd(ctx: CommandContext, args: unknown[], options: Record<string, any>): Promise<number> {
  const { addPackages } = await import('../install/add-remove.js');
  const packages = (args[0] as string[]) ?? [];
  const summary = await withProgress(ctx, (progress) => addPackages(ctx.cwd, packages, {
    module: options.module, dev: Boolean(options.dev), offline: Boolean(options.offline), env: ctx.env, progress, warn: (l) => ctx.warn(l),
  }));
  if (!ctx.json) {
    for (const [name, spec] of Object.entries(summary.specs)) ctx.info(`${ctx.color.green('+')} ${name}@${spec} → ${summary.manifest}${options.dev ? ' (devDependencies)' : ''}`);
  }
  report(ctx, summary, { manifest: summary.manifest, specs: summary.specs });
  return 0;
}

export async function runRemove(ctx: CommandContext, args: unknown[], options: Record<string, any>): Promise<number> {
  const { removePackages } = await import('../install/add-remove.js');
  const names = (args[0] as string[]) ?? [];
  const summary = await withProgress(ctx, (progress) => removePackages(ctx.cwd, names, {
    module: options.module, offline: Boolean(options.offline), env: ctx.env, progress, warn: (l) => ctx.warn(l),
  }));
  if (!ctx.json) {
    for (const [name, groups] of Object.entries(summary.removedFrom)) ctx.info(`${ctx.color.red('-')} ${name} (${groups.join(', ')}) ← ${summary.manifest}`);
  }
  report(ctx, summary, { manifest: summary.manifest, removedFrom: summary.removedFrom });
  return 0;
}

/** Progress on stderr: one line rewritten in place on a terminal, a line per phase otherwise; none with --json. */
async function withProgress<T>(ctx: CommandContext, work: (progress: (p: Progress) => void) => Promise<T>): Promise<T> {
  const tty = Boolean(ctx.stderr.isTTY) && !ctx.json;
  let lastPhase = '';
  let lastDraw = 0;
  let drawn = false;
  const progress = (p: Progress) => {
    if (ctx.json) return;
    const text = p.phase === 'resolve' ? `resolving… ${p.resolved} package${p.resolved === 1 ? '' : 's'}`
      : p.phase === 'fetch' ? `fetching ${p.done}/${p.total}${p.bytes ? ` (${formatBytes(p.bytes)} downloaded)` : ''}`
        : `linking ${p.done}/${p.total}`;
    if (tty) {
      const now = Date.now();
      if (now - lastDraw < 50 && p.phase === lastPhase) return;
      lastDraw = now;
      lastPhase = p.phase;
      ctx.stderr.write(`\r\x1b[K${ctx.color.dim(text)}`);
      drawn = true;
    } else if (p.phase !== lastPhase) {
      lastPhase = p.phase;
      ctx.stderr.write(`${p.phase === 'resolve' ? 'resolving packages' : p.phase === 'fetch' ? `fetching ${p.total} archive${p.total === 1 ? '' : 's'}` : 'linking oh_modules'}…\n`);
    }
  };
  try {
    return await work(progress);
  } finally {
    if (drawn) ctx.stderr.write('\r\x1b[K');
  }
}

function report(ctx: CommandContext, s: InstallSummary, extra: Record<string, unknown> = {}): void {
  const c = ctx.color;
  ctx.result({
    added: s.added, removed: s.removed, unchanged: s.unchanged, ms: Math.round(s.ms),
    packages: s.packages, lockfiles: s.lockfiles, downloadedBytes: s.downloaded, warnings: s.warnings, ...extra,
  }, () => {
    const parts = [`${s.added} added`, `${s.removed} removed`, `${s.unchanged} unchanged`];
    const time = s.ms < 1000 ? `${Math.round(s.ms)} ms` : `${(s.ms / 1000).toFixed(1)} s`;
    const lines = [`${c.green(ctx.unicode ? '✓' : 'ok')} ${s.added + s.unchanged === 0 && s.removed === 0 ? 'nothing to install' : parts.join(', ')} in ${time}${s.downloaded ? ` (${formatBytes(s.downloaded)} downloaded)` : ''}`];
    for (const f of s.lockfiles) lines.push(c.dim(`  wrote ${f}`));
    return lines.join('\n');
  });
}

function formatBytes(n: number): string {
  return n < 1024 ? `${n} B` : n < 1048576 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1048576).toFixed(2)} MB`;
}
