/**
 * `hmos preview [dir] [--device type] [--module m] [--page pages/X] [--locale zh_CN] [--color-mode dark] [--grant ask|all|none]
 *   [--format text|json|svg|png|cells] [--cols n] [-o file] [--do action]… [--report-unsupported]`
 * Builds when sources are newer than the HAP, launches the entry ability on a headless device, applies the actions in
 * order (each waits for the updates it causes) and prints or writes the final screen. The device is a device worker
 * (the same one a device host or an emulate session runs), so app code never runs in this process.
 */
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve, sep } from 'node:path';
import { HmosError, isHmosError } from '../errors.js';
import { formatProblems } from '../compiler/format-diagnostics.js';
import type { Diagnostic } from '../diagnostics.js';
import { hapPath } from '../compiler/package.js';
import { loadProject, type ModuleInfo, type Project } from '../project/project.js';
import { unpackHap, verifyHap } from '../hap/hap.js';
import { readSharedPackages, withSharedPackages } from '../hap/shared-packages.js';
import { normalizeDeviceType, DEVICE_TYPES } from '../runtime/device-profile.js';
import { parseAction, SCREEN_FORMATS, type ScreenFormat } from '../runtime/screen-actions.js';
import { WorkerClient } from '../emulator/device/worker-client.js';
import type { DeviceWorkerData } from '../emulator/worker/device-worker.js';
import { distFile } from '../util/dist-path.js';
import type { ForegroundState, LaunchableApp } from '../emulator/worker/app-runner.js';
import { writeFileAtomic } from '../util/atomic.js';
import { GRANT_POLICIES, type GrantPolicy } from '../runtime/kits/device-state.js';
import { onInterrupt } from '../util/cleanup.js';
import type { CommandContext } from './context.js';
import { cellsToText, type Cell } from '../runtime/render/cells.js';
import { gridToLines } from '../emulator/ui/cells-ansi.js';
import { colorEnabled } from '../util/terminal.js';

export async function run(ctx: CommandContext, args: unknown[], options: Record<string, any>): Promise<number> {
  const dir = resolve(ctx.cwd, typeof args[0] === 'string' ? args[0] : '.');
  const format = (options.format ?? 'text') as ScreenFormat | 'cells';
  if (format !== 'cells' && !SCREEN_FORMATS.includes(format)) throw new HmosError('BAD_OPTION', `--format must be one of ${[...SCREEN_FORMATS, 'cells'].join(', ')} (got "${options.format}")`);
  const cols = options.cols === undefined ? 48 : Number(options.cols);
  if (!Number.isInteger(cols) || cols < 8 || cols > 500) throw new HmosError('BAD_OPTION', `--cols is a whole number of terminal columns, 8 to 500 (got ${options.cols})`);
  // `-o -` is stdout, as no -o is.
  if (options.output === '-') options.output = undefined;
  if (format === 'png' && !options.output && ctx.stdout.isTTY) {
    throw new HmosError('BAD_OPTION', 'a PNG is binary: write it to a file with -o screen.png (or pipe stdout)');
  }
  const colorMode = options.colorMode ?? 'light';
  if (colorMode !== 'light' && colorMode !== 'dark') throw new HmosError('BAD_OPTION', `--color-mode must be light or dark (got "${colorMode}")`);
  const actions = ((options.do ?? []) as string[]).map(parseAction);
  const grant = (options.grant ?? 'ask') as GrantPolicy;
  if (!GRANT_POLICIES.includes(grant)) throw new HmosError('BAD_OPTION', `--grant must be ${GRANT_POLICIES.join(', ')} (got "${options.grant}")`);

  const { project, diagnostics } = loadProject(dir, { module: options.module });
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) return failBuild(ctx, diagnostics);
  const module = pickModule(project, options.module);
  const deviceType = deviceTypeFor(module, options.device);

  const page = options.page as string | undefined;
  if (page && !module.pages.includes(page)) {
    throw new HmosError('PAGE_NOT_FOUND', `${module.name} has no page ${page}; its pages are ${module.pages.join(', ') || '(none)'}`);
  }

  // The app runs in a device worker (device-worker.ts), never in this process: however it misbehaves, this process
  // stays responsive, stops it at a deadline or on Ctrl-C, and removes the temp folder on every way out. The worker
  // starts now, so that it loads while this thread builds and checks the package.
  const tempDir = mkdtempSync(join(tmpdir(), 'hmos-preview-'));
  let device: WorkerClient | undefined;
  const release = onInterrupt(() => {
    void device?.close().catch(() => undefined);
    rmSync(tempDir, { recursive: true, force: true });
  });
  try {
    // Virtual time: `--do wait:5000` and the app's own timers (toasts, animations) take no wall-clock time.
    const data: DeviceWorkerData = { id: 'preview', type: deviceType, dataDir: join(tempDir, 'data'), locale: options.locale ?? 'en_US', colorMode, virtualTime: true, grant };
    device = new WorkerClient({ file: distFile('emulator/worker/device-worker.js'), workerData: () => data, deviceId: 'the preview device', restart: false });
    const hap = hapPath(module);
    // The project's HSPs are installed with the app, as on a device: each built when it is stale too.
    const shared = project.modules.filter((m) => m.type === 'shared' && m !== module);
    for (const m of [module, ...shared]) {
      if (!isStale(project, m, hapPath(m))) continue;
      // The compiler (ohos-typescript, esbuild) takes ~1 s to load: only when there is something to build.
      const { buildProject } = await import('../compiler/build.js');
      const result = await buildProject(project.root, { module: m.name });
      if (!result.ok) return failBuild(ctx, result.diagnostics, result.omittedDiagnostics ?? { errors: 0, warnings: 0 });
    }
    const hsps = await readSharedPackages(shared.map(hapPath), project.app.bundleName);
    const installed = writeInstalledApp(withSharedPackages(verifyHap(await unpackHap(readFileSync(hap))).entries, hsps), join(tempDir, 'app'));
    const call = <T>(op: string, args: unknown[], extraMs = 0) => device!.callWithin<T>(PREVIEW_DEADLINE_MS + extraMs, op, ...args).catch((e: unknown) => {
      if (isHmosError(e) && e.code === 'DEVICE_TIMEOUT') {
        throw new HmosError('APP_NOT_RESPONDING', `the app did not finish ${opName(op)} within ${(PREVIEW_DEADLINE_MS + extraMs) / 1000} s, so preview stopped it: look for an endless loop or a huge allocation in its code`);
      }
      if (isHmosError(e) && e.code === 'DEVICE_CRASHED') {
        const why = / stopped \((.*)\) before it answered /.exec(e.message)?.[1];
        throw new HmosError('APP_NOT_RESPONDING', `the preview device stopped during ${opName(op)}${why ? ` (${why})` : ''}: look for an endless loop or a huge allocation in the app's code`);
      }
      throw e;
    });
    await call('launch', [installed, { bundleName: installed.bundleName, page }]);
    // An action's animations run to their end before the next action (or the picture), unless a `wait:` follows —
    // then the picture shows them at that moment. Launch animations likewise.
    if (actions[0]?.kind !== 'wait') await call('finishAnimations', []);
    for (const [i, action] of actions.entries()) {
      if ((await call<ForegroundState>('state', [])).crash) break;
      await call('input', [action], action.kind === 'wait' ? action.ms : 0);
      if (action.kind !== 'wait' && actions[i + 1]?.kind !== 'wait') await call('finishAnimations', []);
    }
    const rendered = format === 'cells'
      ? cellScreen(await call<Cell[][]>('cells', [cols]), !options.output && colorEnabled(ctx.stdout, ctx.env))
      : await call<string | Uint8Array>('screenshot', [format]);
    const state = await call<ForegroundState>('state', []);
    if (options.output) {
      writeFileAtomic(resolve(ctx.cwd, options.output), typeof rendered === 'string' ? rendered : Buffer.from(rendered));
      ctx.info(`${ctx.color.green(ctx.unicode ? '✓' : 'ok')} ${state.page ?? 'crash screen'} on ${deviceType} → ${options.output}`);
    } else {
      ctx.stdout.write(typeof rendered === 'string' ? rendered.replace(/\n?$/, '\n') : Buffer.from(rendered));
    }
    if (options.reportUnsupported) {
      const unsupported = await call<Record<string, number>>('unsupported', []);
      const names = Object.entries(unsupported).map(([k, v]) => `${k} ×${v}`);
      ctx.stderr.write(names.length ? `unsupported components (drawn as placeholders): ${names.join(', ')}\n` : 'unsupported components: none\n');
    }
    if (state.crash) {
      const where = state.crash.location;
      throw new HmosError('APP_CRASHED', `the app crashed during ${state.crash.during}: ${state.crash.message}`, {
        location: where ? { file: where.file, line: where.line, col: where.col } : undefined,
      });
    }
    return 0;
  } finally {
    await device?.close().catch(() => undefined);
    rmSync(tempDir, { recursive: true, force: true });
    release();
  }
}

/** How long one step of a preview (launching, an action, drawing) may take before the app is stopped. */
const PREVIEW_DEADLINE_MS = 20_000;

const opName = (op: string) => ({ launch: 'starting', input: 'an action', finishAnimations: 'its animations', screenshot: 'drawing its screen', cells: 'drawing its screen', state: 'answering', unsupported: 'drawing its screen' }[op] ?? op);

/** Writes a verified HAP's files where the device worker reads an installed app from. */
function writeInstalledApp(entries: Map<string, Uint8Array>, dir: string): LaunchableApp {
  for (const [name, bytes] of entries) {
    const file = resolve(dir, name);
    if (!file.startsWith(dir + sep)) throw new HmosError('HAP_BAD_ENTRY', `the package has an entry outside its folder: ${name}`);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, bytes);
  }
  let json: { app?: { bundleName?: unknown }; module?: { mainElement?: unknown; abilities?: Array<{ name?: unknown }> } } = {};
  try { json = JSON.parse(Buffer.from(entries.get('module.json') ?? '').toString('utf8')); } catch { /* the device reports it */ }
  const abilities = (Array.isArray(json.module?.abilities) ? json.module.abilities : []).map((a) => a?.name).filter((n): n is string => typeof n === 'string');
  return {
    bundleName: typeof json.app?.bundleName === 'string' ? json.app.bundleName : 'com.example.app', versionCode: 0, dir,
    mainElement: typeof json.module?.mainElement === 'string' ? json.module.mainElement : undefined, abilities,
  };
}

/** The screen as `hmos emulate` draws it in a terminal pane (the worker's cells), with colour when the terminal has it. */
function cellScreen(grid: Cell[][], color: boolean): string {
  return color ? gridToLines(grid, { color: true }).join('\n') : cellsToText(grid);
}

function failBuild(ctx: CommandContext, diagnostics: Diagnostic[], omitted?: { errors: number; warnings: number }): number {
  const { text, errors: n } = formatProblems(diagnostics, omitted, ctx.color, ctx.cwd);
  ctx.stderr.write(text);
  ctx.stderr.write(ctx.color.red(`preview failed: the build has ${n} error${n === 1 ? '' : 's'}`) + '\n');
  return 1;
}

function pickModule(project: Project, name: string | undefined): ModuleInfo {
  const runnable = project.modules.filter((m) => m.type === 'entry' || m.type === 'feature');
  const found = name ? runnable.find((m) => m.name === name) : runnable.find((m) => m.type === 'entry') ?? runnable[0];
  if (!found) {
    throw new HmosError('MODULE_NOT_FOUND', name
      ? `no entry or feature module named ${name}; the project has ${runnable.map((m) => m.name).join(', ') || 'none'}`
      : 'the project has no entry or feature module to preview');
  }
  return found;
}

function deviceTypeFor(module: ModuleInfo, requested: string | undefined): string {
  if (requested) {
    const t = normalizeDeviceType(requested);
    if (!t) throw new HmosError('UNKNOWN_DEVICE_TYPE', `unknown device type "${requested}"; use one of ${DEVICE_TYPES.join(', ')} (or watch, pc)`);
    return t;
  }
  const declared = Array.isArray(module.config.deviceTypes) ? (module.config.deviceTypes as string[]) : [];
  return declared.map((d) => normalizeDeviceType(String(d))).find((t) => t !== undefined) ?? 'phone';
}

/** Whether any source or config file of the project is newer than the module's HAP (or the HAP is missing). */
function isStale(project: Project, module: ModuleInfo, hap: string): boolean {
  let built: number;
  try {
    built = statSync(hap).mtimeMs;
  } catch {
    return true;
  }
  const newer = (path: string): boolean => {
    let st;
    try {
      st = statSync(path);
    } catch {
      return false;
    }
    if (!st.isDirectory()) return st.mtimeMs > built;
    if (st.mtimeMs > built) return true; // a file was added or removed
    return readdirSync(path).some((name) => name !== 'build' && name !== 'oh_modules' && name !== 'node_modules' && !name.startsWith('.') && newer(join(path, name)));
  };
  return newer(join(project.root, 'AppScope')) || newer(join(project.root, 'build-profile.json5')) || newer(module.mainDir)
    || module.localPackages.some((p) => newer(p.dir));
}
