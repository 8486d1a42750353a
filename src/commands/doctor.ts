import { execFileSync } from 'node:child_process';
import { accessSync, constants, existsSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import type { CommandContext } from './context.js';
import { hmosHome } from '../util/paths.js';
import { colorEnabled, unicodeSupported } from '../util/terminal.js';

export type CheckStatus = 'ok' | 'warn' | 'error';
export interface Check {
  id: string;
  title: string;
  status: CheckStatus;
  detail: string;
  /** What to do about a warning or error. */
  fix?: string;
}

/** Finds an executable on PATH (no shell, no child process: doctor must be quick). */
export function findOnPath(name: string, env = process.env): string | undefined {
  for (const dir of (env.PATH ?? '').split(delimiter)) {
    if (!dir) continue;
    const candidate = join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {}
  }
  return undefined;
}

export function runChecks(env: NodeJS.ProcessEnv = process.env, stdout: { isTTY?: boolean } = process.stdout): Check[] {
  const checks: Check[] = [];
  const major = Number(process.versions.node.split('.')[0]);
  checks.push({
    id: 'node', title: 'Node.js', status: major >= 20 ? 'ok' : 'error', detail: `v${process.versions.node}`,
    fix: major >= 20 ? undefined : 'Install Node.js 20 or newer.',
  });

  const home = hmosHome(env);
  try {
    mkdirSync(home, { recursive: true, mode: 0o700 });
    const probe = join(home, `.doctor-${process.pid}`);
    writeFileSync(probe, 'ok');
    rmSync(probe);
    checks.push({ id: 'state', title: 'hmos state folder', status: 'ok', detail: home });
  } catch (err) {
    checks.push({
      id: 'state', title: 'hmos state folder', status: 'error', detail: `${home} is not writable (${(err as NodeJS.ErrnoException).code ?? err})`,
      fix: 'Set HMOS_HOME to a writable folder, or fix the permissions of the folder above.',
    });
  }

  const hdc = env.HDC_PATH || findOnPath('hdc', env);
  checks.push(hdc
    ? { id: 'hdc', title: 'hdc (real devices)', status: 'ok', detail: hdc }
    : { id: 'hdc', title: 'hdc (real devices)', status: 'warn', detail: 'not found — only emulated devices are available',
      fix: 'Optional: install the HarmonyOS command-line tools and put hdc on PATH (or set HDC_PATH) to deploy to real devices.' });

  const tty = Boolean(stdout.isTTY);
  const colours = colorEnabled(process.stdout as never, env);
  const unicode = unicodeSupported(env);
  const mouse = tty && /xterm|screen|tmux|kitty|alacritty|wezterm|foot|vte|rxvt/i.test(env.TERM ?? '');
  checks.push({
    id: 'terminal', title: 'Terminal', status: tty ? 'ok' : 'warn',
    detail: `${tty ? 'TTY' : 'not a TTY'}, colours ${colours ? 'on' : 'off'}${env.NO_COLOR ? ' (NO_COLOR)' : ''}, unicode ${unicode ? 'yes' : 'no'}, mouse ${mouse ? 'yes' : 'no'}, TERM=${env.TERM ?? '(unset)'}`,
    fix: tty ? undefined : 'The emulator UI needs a terminal; without one `hmos emulate` prints one text render per device.',
  });
  checks.push(cjkFontCheck(env));
  checks.push({ id: 'extras', title: 'No KVM, IDE, tmux or Chromium needed', status: 'ok', detail: 'devices are emulated in-process' });
  return checks;
}

/** PNG screenshots draw text with the system's fonts: without a CJK one, Chinese text comes out as boxes. */
function cjkFontCheck(env: NodeJS.ProcessEnv): Check {
  const title = 'CJK font (PNG screenshots)';
  const fix = 'Optional: install one (Debian/Ubuntu: apt-get install fonts-noto-cjk) so Chinese text is drawn in PNG screenshots.';
  const fcList = findOnPath('fc-list', env);
  if (!fcList) return { id: 'cjk-font', title, status: 'warn', detail: 'cannot tell (no fc-list on PATH)', fix };
  let families = '';
  try {
    families = execFileSync(fcList, [':lang=zh', 'family'], { encoding: 'utf8', timeout: 3000, stdio: ['ignore', 'pipe', 'ignore'] });
  } catch {
    return { id: 'cjk-font', title, status: 'warn', detail: 'fc-list did not answer', fix };
  }
  const first = families.split('\n').map((l) => l.split(',')[0]!.trim()).find(Boolean);
  return first
    ? { id: 'cjk-font', title, status: 'ok', detail: first }
    : { id: 'cjk-font', title, status: 'warn', detail: 'none installed: Chinese text draws as boxes in PNG screenshots (layout, JSON and SVG are unaffected)', fix };
}

/** The ohpm registries `hmos install` would use here, and whether each answers (a warning when not: installs from
 *  the cache and `--offline` still work). */
async function registryChecks(cwd: string, env: NodeJS.ProcessEnv): Promise<Check[]> {
  const { registryStatus } = await import('../install/registry-status.js');
  try {
    return (await registryStatus(cwd, env)).map((r) => ({
      id: 'registry',
      title: `ohpm registry${r.for === 'default' ? '' : ` for ${r.for}`}`,
      status: r.answers ? 'ok' : 'warn',
      detail: `${r.registry} — ${r.detail}${r.token ? ', token set' : ''} (${r.from})`,
      fix: r.answers ? undefined : 'hmos install needs it for packages not in the cache: check the network, HTTPS_PROXY, or the registry in .ohpmrc (hmos install --offline uses the cache only).',
    }));
  } catch (err) {
    return [{ id: 'registry', title: 'ohpm registry', status: 'warn', detail: (err as Error).message, fix: 'Fix .ohpmrc (the project\'s, or ~/.ohpm/.ohpmrc).' }];
  }
}

/** Whether `hmos build` uses a build daemon here, and which are running (a folder others can open turns them off). */
async function buildDaemonCheck(env: NodeJS.ProcessEnv): Promise<Check> {
  const { daemonDir, daemonWanted, notPrivate } = await import('../build-daemon/address.js');
  const title = 'Build daemon';
  if (!daemonWanted([], env)) {
    return { id: 'build-daemon', title, status: 'ok', detail: `off (${env.HMOS_DAEMON !== undefined && env.HMOS_DAEMON !== '' ? `HMOS_DAEMON=${env.HMOS_DAEMON}` : 'CI'}): every hmos build runs in its own process` };
  }
  const dir = daemonDir(env);
  const problem = existsSync(dir) ? notPrivate(dir) : undefined;
  if (problem) {
    return { id: 'build-daemon', title, status: 'warn', detail: `not used: ${dir} is not yours alone (${problem}), so builds run in their own process (slower after an edit)`,
      fix: `Make it private: chmod 700 '${dir}' (or remove it; hmos makes it again).` };
  }
  const { daemonStatuses } = await import('../build-daemon/client.js');
  const running = await daemonStatuses(env);
  return { id: 'build-daemon', title, status: 'ok',
    detail: running.length ? `${running.length} running (${running.map((d) => `pid ${d.pid}, ${d.builds} builds`).join('; ')})` : 'none running; the next hmos build starts one' };
}

export async function run(ctx: CommandContext): Promise<number> {
  const checks = runChecks(ctx.env, ctx.stdout);
  const extras = checks.findIndex((c) => c.id === 'extras');
  checks.splice(extras < 0 ? checks.length : extras, 0, ...(await registryChecks(ctx.cwd, ctx.env)), await buildDaemonCheck(ctx.env));
  const failed = checks.some((c) => c.status === 'error');
  ctx.result({ ok: !failed, checks }, () => {
    const mark = (s: CheckStatus) => s === 'ok' ? ctx.color.green(ctx.unicode ? '✓' : '[ok]')
      : s === 'warn' ? ctx.color.yellow('!') : ctx.color.red(ctx.unicode ? '✗' : 'x');
    const lines = checks.map((c) => `${mark(c.status)} ${ctx.color.bold(c.title)} — ${c.detail}${c.fix ? `\n    ${ctx.color.dim(c.fix)}` : ''}`);
    lines.push('', failed ? ctx.color.red('Some checks failed.') : 'hmos is ready.');
    return lines.join('\n');
  });
  return failed ? 1 : 0;
}
