/**
 * `hmos preview [dir] [--device type] [--module m] [--page pages/X] [--locale zh_CN] [--color-mode dark]
 *   [--format text|json|svg|png] [-o file] [--do action]… [--report-unsupported]`
 * Builds when sources are newer than the HAP, launches the entry ability on a headless device, applies the actions in
 * order (each waits for the updates it causes) and prints or writes the final screen.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { HmosError } from '../errors.js';
import { formatProblems } from '../compiler/format-diagnostics.js';
import type { Diagnostic } from '../diagnostics.js';
import { hapPath } from '../compiler/package.js';
import { loadProject, type ModuleInfo, type Project } from '../project/project.js';
import { unpackHap, verifyHap } from '../hap/hap.js';
import { createDevice } from '../runtime/device.js';
import { normalizeDeviceType, DEVICE_TYPES } from '../runtime/device-profile.js';
import { resourceTableFromHap } from '../runtime/hap-resources.js';
import { layoutApp, parseAction, performAction, renderPage, SCREEN_FORMATS, unsupportedComponents, type ScreenFormat } from '../runtime/screen.js';
import { writeFileAtomic } from '../util/atomic.js';
import { onInterrupt } from '../util/cleanup.js';
import type { CommandContext } from './context.js';

export async function run(ctx: CommandContext, args: unknown[], options: Record<string, any>): Promise<number> {
  const dir = resolve(ctx.cwd, typeof args[0] === 'string' ? args[0] : '.');
  const format = (options.format ?? 'text') as ScreenFormat;
  if (!SCREEN_FORMATS.includes(format)) throw new HmosError('BAD_OPTION', `--format must be one of ${SCREEN_FORMATS.join(', ')} (got "${options.format}")`);
  if (format === 'png' && !options.output && ctx.stdout.isTTY) {
    throw new HmosError('BAD_OPTION', 'a PNG is binary: write it to a file with -o screen.png (or pipe stdout)');
  }
  const colorMode = options.colorMode ?? 'light';
  if (colorMode !== 'light' && colorMode !== 'dark') throw new HmosError('BAD_OPTION', `--color-mode must be light or dark (got "${colorMode}")`);
  const actions = ((options.do ?? []) as string[]).map(parseAction);

  const { project, diagnostics } = loadProject(dir, { module: options.module });
  const errors = diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) return failBuild(ctx, diagnostics);
  const module = pickModule(project, options.module);
  const device = deviceTypeFor(module, options.device);

  const hap = hapPath(module);
  if (isStale(project, module, hap)) {
    // The compiler (ohos-typescript, esbuild) takes ~1 s to load: only when there is something to build.
    const { buildProject } = await import('../compiler/build.js');
    const result = await buildProject(project.root, { module: module.name });
    if (!result.ok) return failBuild(ctx, result.diagnostics, result.omittedDiagnostics ?? { errors: 0, warnings: 0 });
  }

  const entries = verifyHap(await unpackHap(readFileSync(hap)));
  const dataDir = mkdtempSync(join(tmpdir(), 'hmos-preview-'));
  const release = onInterrupt(() => rmSync(dataDir, { recursive: true, force: true }));
  try {
    // Virtual time: `--do wait:5000` and the app's own timers (toasts, animations) take no wall-clock time.
    const dev = createDevice({ profile: device, dataDir, locale: options.locale ?? 'en_US', colorMode, virtualTime: true });
    const page = options.page as string | undefined;
    if (page && !module.pages.includes(page)) {
      throw new HmosError('PAGE_NOT_FOUND', `${module.name} has no page ${page}; its pages are ${module.pages.join(', ') || '(none)'}`);
    }
    const app = dev.launch({ bundle: entries.entries, page, resources: resourceTableFromHap(entries.entries) });
    await app.settle();
    for (const action of actions) {
      if (app.crash) break;
      await performAction(app, action);
    }
    const screen = await layoutApp(app);
    const rendered = await renderPage(screen, format);
    if (options.output) {
      writeFileAtomic(resolve(ctx.cwd, options.output), rendered);
      ctx.info(`${ctx.color.green(ctx.unicode ? '✓' : 'ok')} ${app.page() ?? 'crash screen'} on ${device} → ${options.output}`);
    } else {
      ctx.stdout.write(typeof rendered === 'string' ? rendered.replace(/\n?$/, '\n') : rendered);
    }
    if (options.reportUnsupported) {
      const unsupported = unsupportedComponents(screen);
      const names = Object.entries(unsupported).map(([k, v]) => `${k} ×${v}`);
      ctx.stderr.write(names.length ? `unsupported components (drawn as placeholders): ${names.join(', ')}\n` : 'unsupported components: none\n');
    }
    app.stop();
    if (app.crash) {
      const where = app.crash.location;
      throw new HmosError('APP_CRASHED', `the app crashed during ${app.crash.during}: ${app.crash.message}`, {
        location: where ? { file: where.file, line: where.line, col: where.col } : undefined,
      });
    }
    return 0;
  } finally {
    rmSync(dataDir, { recursive: true, force: true });
    release();
  }
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
