/**
 * The programmatic build API — what `hmos build`, `hmos preview`, `hmos deploy` and the emulator's hot reload call.
 *
 *   buildProject(dir, { module?, mode?, homeDir? }) → Promise<BuildResult>
 *     Loads and validates the project (dir = project root or module folder), bundles and packages every entry/feature
 *     module (or just `module`), and writes `<module>/build/default/outputs/default/<module>-default-signed.hap`.
 *     User mistakes never throw: they come back as `diagnostics` (file:line:col), `ok` is false and no HAP is
 *     written for a module with errors. Throws HmosError only when `dir` is no project at all, `module` is unknown,
 *     or the output folder is unwritable.
 *
 *   watchProject(dir, opts, onResult) → Promise<Watcher>
 *     Builds once, then rebuilds on every change under the project's sources and resources (esbuild contexts stay
 *     warm and unchanged .ets files are not re-transformed); calls `onResult(result)` after each build, keeps running
 *     through errors. `await watcher.close()` stops it.
 */
import { statSync } from 'node:fs';
import { basename, join, relative } from 'node:path';
import { capDiagnostics, internalErrorDiagnostic, type Diagnostic } from '../diagnostics.js';
import { isHmosError } from '../errors.js';
import { appendAll } from '../util/arrays.js';
import { isInsideDir } from '../util/paths.js';
import { developerKeyPath, loadOrCreateDeveloperKey, type SigningKey } from '../hap/signing-key.js';
import { recordUpToDate, stampsOfWalks, upToDateResult, type BuildInputs, type TreeWalks } from './up-to-date.js';
import { loadProject, type ModuleInfo, type Project } from '../project/project.js';
import { atPath } from '../project/json5-file.js';
import type { TransformEts } from './transform-contract.js';
import { ModuleBundler } from './bundle.js';
import { ModuleCompiler } from './module-compiler.js';
import { startEsbuildService } from './esbuild-service.js';
import { hapPath, makePartCachesHere, packHar, packModule, writeHap } from './package.js';
import { PartCaches } from './part-caches.js';
import { loadDefaultTransform } from './transform-loader.js';
import type { TransformWorker } from './transform-worker-client.js';

export interface BuildOptions {
  /** Build only this module. */
  module?: string;
  mode?: 'debug' | 'release';
  /** hmos state folder holding the signing key (default: HMOS_HOME / XDG). */
  homeDir?: string;
  /** Write HAPs into this folder instead of `<module>/build/default/outputs/default/` (scratch builds). */
  outputDir?: string;
  /** Override the ArkTS transform (tests, tools). Nothing is cached on disk then. */
  transform?: TransformEts;
  /** Return the last build's result when none of its inputs changed (up-to-date.ts); default true. */
  skipWhenUpToDate?: boolean;
  /** Where the ArkTS transform and the bundle's V8 code cache run (a one-shot `hmos build` starts one early, so the
   *  parser loads on another core); closed (without waiting) once the build is done. Without it they run on this thread. */
  worker?: TransformWorker;
  /** Trees the caller's up-to-date check walked right before this build (recorded as they were then). */
  treeWalks?: TreeWalks;
}

export interface ModuleBuildResult {
  name: string;
  /** Absolute HAP path; undefined when the module had errors. */
  hap?: string;
  bytes?: number;
  ms: { parse: number; transform: number; bundle: number; package: number };
  /** .ets files transformed (cache misses) in this build. */
  transformed: number;
  /** Source files compiled (cache misses of any kind: .ets, .ts, .js…) in this build. */
  compiled: number;
  /** Source files that went into the bundle (what a watcher should watch). */
  inputs: string[];
}

export interface BuildResult {
  ok: boolean;
  root: string;
  bundleName?: string;
  modules: ModuleBuildResult[];
  /** The first MAX_DIAGNOSTICS (200) problems, errors first. */
  diagnostics: Diagnostic[];
  /** Nothing changed since the last build, whose result this is: nothing was bundled or written. */
  upToDate?: boolean;
  /** Problems found beyond those listed ("and N more"). */
  omittedDiagnostics?: { errors: number; warnings: number };
  ms: number;
}

/** Modules built into packages of their own: HAPs (entry, feature) and HSPs (shared). HARs are compiled into the
 *  modules that use them, and packed as a .har when asked for by name (`--module <har>`). */
const BUILDABLE = new Set(['entry', 'feature', 'shared']);

export async function buildProject(dir: string, options: BuildOptions = {}): Promise<BuildResult> {
  const cacheable = !options.transform;
  // Walked before the build started: what the build then reads is at least as new as what is recorded.
  const walks: TreeWalks = options.treeWalks ?? new Map();
  if (cacheable && options.skipWhenUpToDate !== false) {
    const hit = upToDateResult(dir, options, walks);
    if (hit) return hit;
  }
  const startedAt = Date.now();
  const session = new BuildSession(dir, { ...options, treeWalks: walks }, cacheable);
  try {
    const result = await session.build();
    // Nothing more for the worker to do: its teardown overlaps with the manifest and the caller's report.
    void options.worker?.close();
    if (cacheable) recordUpToDate(dir, options, session.inputsOf(result), result, startedAt, walks);
    return result;
  } finally {
    await session.dispose();
  }
}

/** A build that can be repeated cheaply: bundlers (esbuild contexts, transform caches) persist between builds. */
export class BuildSession {
  private bundlers = new Map<string, ModuleBundler>();
  /** Per module: the V8 code caches of its bundle's parts, reused by the next build for the parts an edit left alone. */
  private partCaches = new Map<string, PartCaches>();
  /** Shared by the modules of the build: a HAR file compiled into several modules is compiled once when it can be. */
  private compiler: ModuleCompiler | undefined;
  private key: SigningKey | undefined;
  private projectSignature = '';

  /**
   * `keepMemos`: each bundler keeps its compiled modules on disk for the next process (bundle-memo.ts) — for one-shot
   * builds; a watch keeps them in memory.
   */
  constructor(readonly dir: string, private readonly options: BuildOptions = {}, private readonly keepMemos = false) {}

  /** Drops the bundlers so the next build reloads the project model from scratch (after a json5/resource change). */
  async invalidateProject(): Promise<void> {
    for (const b of this.bundlers.values()) await b.dispose();
    this.bundlers.clear();
  }

  private lastLoad: { project: Project; diagnostics: Diagnostic[] } | undefined;

  /** `sourcesOnly`: only .ets/.ts/.js files changed since the last build, so the project model is reused as it is. */
  async build(options: { sourcesOnly?: boolean; changed?: ReadonlySet<string> } = {}): Promise<BuildResult> {
    const t0 = performance.now();
    const mode = this.options.mode ?? 'debug';
    const tParse = performance.now();
    const reuse = options.sourcesOnly && this.lastLoad;
    const loaded = reuse ? this.lastLoad! : loadProject(this.dir, { module: this.options.module, homeDir: this.options.homeDir });
    this.lastLoad = loaded;
    const project = loaded.project;
    const diagnostics = [...loaded.diagnostics];
    const parseMs = performance.now() - tParse;
    const signature = JSON.stringify(project.modules.map((m) => [m.name, m.pages, m.abilities, m.extensionAbilities, m.profileIntents, m.localPackages.map((p) => p.dir), m.routes,
      project.app.bundleName, m.resources.entries.map((e) => e.type + '.' + e.name)]));
    if (signature !== this.projectSignature) {
      await this.invalidateProject();
      this.projectSignature = signature;
    }
    const modules: ModuleBuildResult[] = [];
    const targets = project.modules.filter((m) => BUILDABLE.has(m.type) || (this.options.module !== undefined && m.type === 'har'));
    // esbuild's process boots while this one loads the project (the parser is loaded only when a file is not cached)
    if (targets.length > 0) startEsbuildService();
    // No module at all is explained by the errors that dropped them (a module.json5 that does not parse…).
    if (targets.length === 0 && project.modules.length > 0) {
      diagnostics.push({
        severity: 'error', code: 'MODULE_NOT_BUILDABLE', ...atPath(project.modules[0]!.moduleJson, ['module', 'type']),
        message: `no entry, feature or shared module to build (found: ${project.modules.map((m) => `${m.name} (${m.type})`).join(', ')}); HAR modules are built with the modules that use them, or alone with --module <name>`,
      });
    }
    const incremental = { sourcesOnly: Boolean(reuse), changed: options.changed, stamps: this.walkedStamps() };
    // Modules build concurrently: while one waits for esbuild (another process) or the thread pool (compression),
    // another transforms or links on this thread. Their results and diagnostics are reported in module order.
    const built = await Promise.all(targets.map(async (m) => {
      const own: Diagnostic[] = [];
      const result = await this.buildModule(project, m, mode, own, diagnostics, parseMs / targets.length, incremental);
      return { result, own };
    }));
    for (const b of built) {
      modules.push(b.result);
      appendAll(diagnostics, b.own);
    }
    // Modules compiled for a module that had errors (nothing was packed) are cached too.
    this.compiler?.flushDiskWrites();
    const ok = !diagnostics.some((d) => d.severity === 'error');
    const capped = capDiagnostics(diagnostics);
    return {
      ok, root: project.root, bundleName: project.app.bundleName, modules, diagnostics: capped.diagnostics,
      ...(capped.omitted.errors + capped.omitted.warnings > 0 ? { omittedDiagnostics: capped.omitted } : {}),
      ms: round(performance.now() - t0),
    };
  }

  private walked = false;

  /**
   * The first build's source stamps as the up-to-date check found them right before it (options.treeWalks): a file
   * with the same stamp as when its compiled form was remembered is reused without a stat of its own. Later builds
   * (a watch) stat their files.
   */
  private walkedStamps(): Map<string, string> | undefined {
    if (this.walked || !this.options.treeWalks?.size) return undefined;
    this.walked = true;
    return stampsOfWalks(this.options.treeWalks);
  }

  /** `diagnostics`: this module's (appended to); `projectDiagnostics`: the project's, read only. */
  private async buildModule(project: Project, m: ModuleInfo, mode: 'debug' | 'release', diagnostics: Diagnostic[], projectDiagnostics: readonly Diagnostic[], parseMs: number,
    incremental: { sourcesOnly: boolean; changed?: ReadonlySet<string>; stamps?: ReadonlyMap<string, string> }): Promise<ModuleBuildResult> {
    let bundler = this.bundlers.get(m.name);
    if (!bundler) {
      this.compiler ??= new ModuleCompiler(this.options.transform ? { transform: this.options.transform } : { loadTransform: loadDefaultTransform, ...(this.options.worker ? { worker: this.options.worker } : {}) });
      bundler = new ModuleBundler(project, m, {
        mode,
        compiler: this.compiler,
        ...(this.options.transform ? {} : {
          cacheDirFor: (file: string) => moduleCacheDir(project, m, file, this.options.outputDir),
          ...(this.keepMemos ? { memoFile: bundleMemoPath(m, mode, this.options.outputDir) } : {}),
        }),
      });
      this.bundlers.set(m.name, bundler);
    }
    const out = await bundler.build(incremental);
    appendAll(diagnostics, out.diagnostics);
    const result: ModuleBuildResult = { name: m.name, ms: { parse: round(parseMs), transform: out.ms.transform, bundle: out.ms.bundle, package: 0 }, transformed: out.transformed, compiled: out.compiled, inputs: out.inputs };
    const projectErrors = projectDiagnostics.some((d) => d.severity === 'error' && (!d.file || isInsideDir(d.file, m.dir) || isInsideDir(d.file, join(project.root, 'AppScope')) || d.file === project.root || d.file.endsWith('build-profile.json5')));
    if (projectErrors || out.diagnostics.some((d) => d.severity === 'error')) return result;
    const tPack = performance.now();
    if (m.type === 'har') {
      // A HAR is published as sources: once its code compiles, pack it in the package layout.
      const har = packHar(m);
      result.hap = har;
      result.bytes = statSync(har).size;
      result.ms.package = round(performance.now() - tPack);
      return result;
    }
    this.key ??= loadOrCreateDeveloperKey(this.options.homeDir);
    const target = this.options.outputDir ? join(this.options.outputDir, basename(hapPath(m))) : hapPath(m);
    const worker = this.options.worker?.available ? this.options.worker : undefined;
    const cacheKey = `${m.name}:${mode}`;
    let caches = this.partCaches.get(cacheKey);
    if (!caches) this.partCaches.set(cacheKey, caches = new PartCaches(this.keepMemos && !this.options.transform ? partCachesPath(m, mode, this.options.outputDir) : undefined));
    const packed = packModule(project, m, out, mode, this.key, (parts) => caches.caches(parts, worker ? (missing) => worker.codeCaches(missing) : makePartCachesHere));
    // While the worker makes the code caches of the parts that changed (packModule waits for them).
    bundler.writeMemo();
    this.compiler?.flushDiskWrites();
    const bytes = await packed;
    caches.save();
    result.bytes = writeHap(target, bytes);
    result.hap = target;
    result.ms.package = round(performance.now() - tPack);
    return result;
  }

  async dispose(): Promise<void> {
    await this.invalidateProject();
  }

  /** What the last build read and wrote, for its up-to-date manifest. */
  inputsOf(result: BuildResult): BuildInputs {
    const project = this.lastLoad?.project;
    if (!project) return { trees: [], files: [], ownFiles: [], linkDirs: [], outputs: [] };
    const localDirs = project.modules.flatMap((m) => m.localPackages.map((p) => p.dir));
    return {
      trees: [project.root, ...localDirs],
      files: [...project.packages.files, ...result.modules.flatMap((m) => m.inputs)],
      ownFiles: [developerKeyPath(this.options.homeDir)],
      linkDirs: [project.root, ...project.modules.map((m) => m.dir), ...localDirs].map((d) => join(d, 'oh_modules')),
      outputs: result.modules.flatMap((m) => (m.hap ? [m.hap] : [])),
    };
  }
}

/**
 * Where a source file's compiled form is cached (module-cache.ts): the build folder of the project module it belongs
 * to (`<module>/build/default/cache/hmos/modules`, beside hvigor's caches, removed with `build/`) — a HAR's files in
 * the HAR's folder, whichever module compiles them; a file of no module (an installed package) in the folder of the
 * module being built; for a scratch build into `outputDir`, which must not write into the project, a folder there.
 */
export function moduleCacheDir(project: Project, building: ModuleInfo, file: string, outputDir?: string): string {
  if (outputDir) return join(outputDir, '.hmos-cache', 'modules');
  const owner = project.modules.find((m) => isInsideDir(file, m.dir) && !/[\\/]oh_modules[\\/]/.test(relative(m.dir, file)))
    ?? building.localPackages.find((p) => p.moduleType && isInsideDir(p.dir, project.root) && isInsideDir(file, p.dir));
  return join(owner?.dir ?? building.dir, 'build', 'default', 'cache', 'hmos', 'modules');
}

/** Where a module's bundle memo is kept (bundle-memo.ts): beside its module cache, or in `outputDir`'s cache. */
function bundleMemoPath(m: ModuleInfo, mode: string, outputDir?: string): string {
  return outputDir ? join(outputDir, '.hmos-cache', `bundle-${m.name}-${mode}.memo`) : join(m.dir, 'build', 'default', 'cache', 'hmos', `bundle-${mode}.memo`);
}

/** Where the V8 code caches of a module's bundle parts are kept (part-caches.ts): beside its bundle memo. */
function partCachesPath(m: ModuleInfo, mode: string, outputDir?: string): string {
  return bundleMemoPath(m, mode, outputDir).replace(/\.memo$/, '.v8cache');
}


const round = (n: number) => Math.round(n * 10) / 10;

export interface Watcher {
  /** Runs a build now (serialised with the watcher's own builds). */
  rebuild(): Promise<BuildResult>;
  close(): Promise<void>;
}

const SOURCE_FILE = /\.(ets|ts|js|mjs)$/;

/** From a file event to the build it triggers (every ms of it is save-to-screen latency). */
const WATCH_DEBOUNCE_MS = 5;

/** chokidar ignores further 'change' events of a file for this long after one (its `_throttle('change', path, 50)`). */
const CHOKIDAR_CHANGE_THROTTLE_MS = 50;

/** Folders a change in which never affects the build. */
const IGNORED = /[\\/](build|oh_modules|node_modules|\.hvigor|\.git|\.idea|\.preview)([\\/]|$)|[\\/]\.hmos-tmp-/;

/** mtime and size of each file (or that it is missing), to tell afterwards whether any of them changed. */
function stampInputs(files: string[]): Map<string, string> {
  const stamps = new Map<string, string>();
  for (const f of files) {
    try {
      const st = statSync(f);
      stamps.set(f, `${st.mtimeMs}:${st.size}`);
    } catch {
      stamps.set(f, 'missing');
    }
  }
  return stamps;
}

function changedSince(stamps: Map<string, string>): string[] {
  const now = stampInputs([...stamps.keys()]);
  return [...stamps].filter(([f, stamp]) => now.get(f) !== stamp).map(([f]) => f);
}

/**
 * The result of a build that threw: an HmosError (a project that cannot be loaded) as it is, a file-system error (a
 * file removed while the build read it) by its code, anything else as a bug with its stack.
 */
function failedBuild(dir: string, err: unknown): BuildResult {
  const e = err as { code?: unknown; message?: unknown; path?: unknown; syscall?: unknown } | undefined;
  const diagnostic: Diagnostic = isHmosError(err)
    ? { severity: 'error', code: err.code, message: err.message, ...(err.location ?? {}) }
    : typeof e?.code === 'string' && typeof e.syscall === 'string'
      ? { severity: 'error', code: e.code, message: String(e.message), ...(typeof e.path === 'string' ? { file: e.path } : {}) }
      : internalErrorDiagnostic(err);
  return { ok: false, root: dir, modules: [], diagnostics: [diagnostic], ms: 0 };
}

export async function watchProject(dir: string, options: BuildOptions, onResult: (result: BuildResult) => void): Promise<Watcher> {
  const { watch } = await import('chokidar');
  const session = new BuildSession(dir, options);
  let running: Promise<BuildResult> | undefined;
  const changed = new Set<string>();
  let again = false;
  let closed = false;
  let inputs: string[] = [];
  /** Hands a result to the caller; a throwing callback is reported through itself once, never silently dropped. */
  const deliver = (result: BuildResult): void => {
    try {
      onResult(result);
    } catch (err) {
      onResult(failedBuild(dir, err));
    }
  };
  /** A watch never stops on an error: whatever a build throws is reported as its result. */
  const runReporting = (): void => {
    run().catch((err) => {
      running = undefined;
      if (!closed) deliver(failedBuild(dir, err));
    });
  };
  const run = async (): Promise<BuildResult> => {
    if (running) {
      again = true;
      return running;
    }
    running = (async () => {
      for (;;) {
        again = false;
        let result: BuildResult;
        // What the inputs looked like before this build: a save the build raced with (or whose event the file
        // watcher folded into an earlier one) shows up as a difference afterwards and triggers one more build. The
        // files whose change started this build count too: a config file is no bundle input, and a second save of
        // one right after the first (within chokidar's 50 ms) would otherwise be lost.
        const before = stampInputs([...new Set([...inputs, ...[...changed].map((p) => p.replace(/#(add|unlink|addDir|unlinkDir)$/, ''))])]);
        try {
          const sourcesOnly = changed.size > 0 && [...changed].every((p) => SOURCE_FILE.test(p) && !/[\\/]resources[\\/]/.test(p));
          const paths = new Set(changed);
          changed.clear();
          result = await session.build({ sourcesOnly, changed: paths });
        } catch (err) {
          // A project that cannot be loaded at all (e.g. app.json5 deleted) is reported like any other error; so is a
          // bug (with its stack): the watch goes on either way.
          result = failedBuild(dir, err);
        }
        if (!closed) deliver(result);
        if (result.modules.length > 0) inputs = [...new Set(result.modules.flatMap((m) => m.inputs))];
        const missed = closed ? [] : changedSince(before);
        if (missed.length > 0) {
          for (const f of missed) changed.add(f);
          again = true;
        }
        // Checked and cleared in the same tick, so a change reported now is never lost.
        if (!again || closed) {
          running = undefined;
          settleCheck(before);
          return result;
        }
      }
    })();
    return running;
  };
  // chokidar drops a second 'change' of the same file within 50 ms of the first (no trailing event), and a fast
  // build can be over by then: look at the inputs once more after that window, so such a save still gets built.
  let settle: NodeJS.Timeout | undefined;
  const settleCheck = (stamps: Map<string, string>) => {
    clearTimeout(settle);
    settle = setTimeout(() => {
      if (closed || running) return;
      const missed = changedSince(stamps);
      if (missed.length === 0) return;
      for (const f of missed) changed.add(f);
      runReporting();
    }, CHOKIDAR_CHANGE_THROTTLE_MS + 10);
    settle.unref();
  };
  let timer: NodeJS.Timeout | undefined;
  const watcher = watch(dir, { ignoreInitial: true, ignored: (p: string) => IGNORED.test('/' + relative(dir, p)), awaitWriteFinish: false });
  watcher.on('all', (event: string, path: string) => {
    if (closed) return;
    // A source added or removed can change what a page or srcEntry resolves to: reload the project then.
    changed.add(event === 'change' ? path : `${path}#${event}`);
    clearTimeout(timer);
    // A short debounce folds an editor's write + rename (events within a ms or two) into one rebuild; a longer burst
    // (a git checkout) costs at most one more build: changes during a build set `again`.
    timer = setTimeout(runReporting, WATCH_DEBOUNCE_MS);
  });
  // Watch first, so that a change made while the first build runs is not missed.
  await new Promise<void>((r) => watcher.once('ready', () => r()));
  await run();
  return {
    rebuild: run,
    async close() {
      closed = true;
      clearTimeout(timer);
      clearTimeout(settle);
      await watcher.close();
      await running?.catch(() => undefined);
      await session.dispose();
    },
  };
}
