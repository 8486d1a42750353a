/**
 * The esbuild plugin of a module build:
 * - `hmos-entry:` — the virtual entry (bundle.ts writes its source);
 * - system modules (`@ohos.*`, `@kit.*`, `@system.*`, hypium) → `__hmosKit(spec)` virtual modules;
 * - bare specifiers → the project's package graph (src/project/packages.ts: each package resolves through its own
 *   oh-package.json5, local `file:` packages and archives, `oh_modules/` in ohpm's layout); a declared package that is
 *   not installed is one DEP_NOT_INSTALLED error; anything the graph does not know falls through to esbuild;
 * - `.ets` files → `transformEts` (cached by path + content hash, so watch rebuilds re-transform only changed files);
 *   `.ts` files are checked for binary/invalid UTF-8 and passed through.
 * Diagnostics travel in esbuild messages' `detail`, so the bundler can report them with their codes.
 */
import { statSync } from 'node:fs';
import { dirname, join, relative, resolve as resolvePath, sep } from 'node:path';
import { findFirstCaseInsensitive } from '../project/case-path.js';
import type { Loader, Message, OnLoadResult, OnResolveResult, PartialMessage, Plugin } from 'esbuild';
import { capFileDiagnostics, internalErrorDiagnostic, type Diagnostic } from '../diagnostics.js';
import type { IntentDeclaration } from '../hap/intent-manifest.js';
import type { TransformEts, TransformOptions, TransformResult } from './transform-contract.js';
import { readSourceFile, type SourceRead } from './source-file.js';
import { transformKey, type CachedTransform, type ResourceLookup, type TransformDiskCache } from './transform-cache.js';
import { declarationsOf, dependenciesHold } from './transform/declarations.js';
import { isLocalSpec, type Package, type PackageGraph } from '../project/packages.js';
import { isSystemModule, scanSystemImports, systemModulePath, systemModuleSource, type SystemImports } from './system-modules.js';

export const ENTRY_SPECIFIER = 'hmos-entry:module';

/** Transform warnings that fail a build, as they do in the reference compiler: the app would misbehave at run time
 *  (a resource that is not there, a decorator that would silently do nothing). */
const FAIL_BUILD = new Set(['RES_UNRESOLVED', 'ETS_UNKNOWN_DECORATOR']);

export interface TransformCacheEntry extends CachedTransform {
  key: string;
}

/** Shared across rebuilds of one module (watch mode keeps it). */
export interface PluginState {
  entrySource: () => string;
  entryResolveDir: string;
  /** Absolute .ets path → page path (`pages/Index`). */
  pages: Map<string, string>;
  /** The project's package graph: bare specifiers resolve through it (ohpm's semantics). */
  packages: PackageGraph;
  /** The module being built, as a package: its declarations also count for the HARs it pulls in (older projects). */
  modulePackage?: Package;
  /** The ArkTS transform, once loaded (`loadTransform` loads it when a file is not in a cache). */
  transform: TransformEts | undefined;
  loadTransform?: () => Promise<TransformEts>;
  /** Transformed files of earlier processes (transform-cache.ts); none for a custom transform. */
  diskCache?: TransformDiskCache;
  transformOptions: Omit<TransformOptions, 'fileName' | 'pagePath' | 'pageFullPath'>;
  moduleName: string;
  /** The project root: a page's pageFullPath is its path from there (`entry/src/main/ets/pages/Index`). */
  projectRoot: string;
  cache: Map<string, TransformCacheEntry>;
  /** File → what it imports from system modules (scanned from the code esbuild gets; `code` tells when to rescan). */
  systemImports?: Map<string, { code: string; imports: SystemImports }>;
  /** Per build: files transformed (cache misses) and the time spent, ms. */
  stats: { transformed: number; transformMs: number };
  /**
   * What esbuild got from onLoad for each file, with the file's stamp then: a watch rebuild hands it back for every
   * file that did not change, without reading or hashing it again (esbuild calls onLoad for every file on every rebuild).
   */
  loaded?: Map<string, { stamp: string; result: OnLoadResult; declarations?: [string, string | null][] }>;
  /** Package specifiers resolved by this plugin (a nested esbuild resolve each), kept while `reuseResolutions` holds. */
  resolved?: Map<string, OnResolveResult>;
  /** Per build: files reported changed since the last build (they are always reloaded). */
  changed?: ReadonlySet<string>;
  /** Per build: only sources changed, so package manifests and the file set are as in the last build. */
  reuseResolutions?: boolean;
  /** Per build: .ets files already read (by the intent scan) with their stamp before the read; onLoad takes them. */
  preRead?: Map<string, { stamp: string | undefined; read: SourceRead }>;
}

/** mtime, ctime, size and inode of a file: any write changes one of them. */
export function stampOf(file: string): string | undefined {
  try {
    const st = statSync(file, { bigint: true, throwIfNoEntry: false });
    return st && `${st.mtimeNs}:${st.ctimeNs}:${st.size}:${st.ino}`;
  } catch {
    return undefined;
  }
}

/**
 * The last onLoad answer for `file` if the file is unchanged since, else undefined. A .ets file whose output depends on
 * another file's component declarations (its @BuilderParam, @Link… lists) is loaded anew when those changed.
 */
function cachedLoad(state: PluginState, file: string): OnLoadResult | undefined {
  const hit = state.loaded?.get(file);
  if (!hit || state.changed?.has(file)) return undefined;
  if (hit.stamp !== stampOf(file)) return undefined;
  if (hit.declarations?.some(([f, digest]) => (declarationsOf(f)?.digest ?? null) !== digest)) return undefined;
  return hit.result;
}

/** Remembers an onLoad answer under the stamp the file had before it was read (a write during the read shows later). */
function rememberLoad(state: PluginState, file: string, stamp: string | undefined, result: OnLoadResult, declarations?: [string, string | null][]): OnLoadResult {
  state.loaded ??= new Map();
  if (stamp) state.loaded.set(file, { stamp, result, ...(declarations?.length ? { declarations } : {}) });
  else state.loaded.delete(file);
  return result;
}

export function etsPlugin(state: PluginState): Plugin {
  return {
    name: 'hmos-ets',
    setup(build) {
      build.onStart(() => {
        state.stats = { transformed: 0, transformMs: 0 };
        if (!state.reuseResolutions) {
          // Something besides sources changed (a manifest, a file added or removed): resolve and load everything anew.
          state.resolved?.clear();
          state.loaded?.clear();
          state.packages.invalidate();
        }
      });
      build.onResolve({ filter: /^hmos-entry:/ }, (args) => ({ path: args.path, namespace: 'hmos-entry' }));
      build.onLoad({ filter: /.*/, namespace: 'hmos-entry' }, () => ({ contents: state.entrySource(), loader: 'js', resolveDir: state.entryResolveDir }));

      build.onResolve({ filter: /^@(ohos|kit|system|arkts|hms|hmos)[./]|^lib[\w.-]+\.so$/ }, (args) => {
        if (!isSystemModule(args.path)) return undefined;
        const names = args.kind === 'import-statement' ? state.systemImports?.get(args.importer)?.imports.get(args.path) : undefined;
        return { path: systemModulePath(args.path, names ?? '*'), namespace: 'hmos-kit' };
      });

      // Relative and absolute paths (the entry imports pages by absolute path) are resolved here, as esbuild would
      // (the file, then with each extension, then a folder's index file): esbuild's own resolver re-reads every
      // ancestor folder on each rebuild looking for package.json / tsconfig.json, which costs tens of ms when one of
      // them is large (a project under a busy /tmp). A folder with a package.json is left to esbuild.
      // Imports that only match up to case (projects from case-insensitive file systems) get a warning.
      build.onResolve({ filter: /^(\.\.?\/|\/)/ }, (args) => {
        if (args.namespace !== 'file' && args.namespace !== 'hmos-entry') return undefined;
        const base = resolvePath(args.resolveDir, args.path);
        const exact = [base, ...EXTENSIONS.map((e) => base + e)].find(isFile)
          ?? (isFile(join(base, 'package.json')) ? undefined : [...EXTENSIONS.map((e) => join(base, 'index' + e)), join(base, 'Index.ets'), join(base, 'Index.ts')].find(isFile));
        if (exact) return { path: exact };
        const candidates = [base, ...EXTENSIONS.map((e) => base + e), ...INDEX_FILES.map((f) => join(base, f))];
        if (candidates.some((c) => isFile(c))) return undefined;
        const found = findFirstCaseInsensitive(candidates);
        if (!found || !isFile(found)) return undefined;
        const text = `import "${args.path}" matches ${found} only up to case; fix the case (Linux file systems are case-sensitive)`;
        return { path: found, warnings: [{ text, detail: { severity: 'warning', code: 'PATH_CASE', message: text } satisfies Diagnostic }] };
      });
      build.onLoad({ filter: /.*/, namespace: 'hmos-kit' }, (args) => ({ contents: systemModuleSource(args.path), loader: 'js' }));

      build.onResolve({ filter: /^[^./]/ }, (args) => {
        if (args.namespace !== 'file' && args.namespace !== 'hmos-entry') return undefined;
        const key = `${args.kind}\0${args.resolveDir}\0${args.importer}\0${args.path}`;
        const known = state.resolved?.get(key);
        if (known) return known;
        const remember = (r: OnResolveResult | undefined) => {
          if (r && !r.errors?.length) (state.resolved ??= new Map()).set(key, r);
          return r;
        };
        const importer = args.importer && args.namespace === 'file' ? args.importer : join(state.entryResolveDir, 'index.ets');
        const fallback = state.modulePackage ? state.packages.packageInDir(state.modulePackage.dir) ?? undefined : undefined;
        const r = state.packages.resolve(importer, args.path, fallback);
        if (!r) return undefined;
        if (r.kind === 'not-installed') {
          const d = r.dep;
          const where = relative(state.projectRoot, d.file) || d.file;
          const message = r.via
            ? `${d.name} is not installed — it is not declared in ${where}, and would come with ${r.via.map((v) => v.name).join(', ')}, declared there but not installed — run hmos install`
            : isLocalSpec(d.spec)
              ? `${d.name} is declared in ${where} as ${d.spec}, which is not there — fetch that package archive (or run hmos install)`
              : `${d.name} is declared in ${where} but not installed — run hmos install`;
          return { errors: [{ text: message, detail: { severity: 'error', code: 'DEP_NOT_INSTALLED', message, file: d.file, line: d.line, col: d.col } satisfies Diagnostic }] };
        }
        if (r.kind === 'error') {
          return { errors: [{ text: r.message, detail: { severity: 'error', code: r.code, message: r.message, ...(r.file ? { file: r.file, line: r.line, col: r.col } : {}) } satisfies Diagnostic }] };
        }
        if (!r.subpath) return remember({ path: r.target });
        // A path inside a package: esbuild finishes it (extensions, index files) from the package folder.
        return build.resolve('./' + r.subpath, { resolveDir: r.pkg.dir, kind: args.kind, importer: args.importer })
          .then((res) => remember(res.errors.length ? { errors: res.errors } : { path: res.path, namespace: res.namespace }));
      });

      build.onLoad({ filter: /\.ets$/ }, async (args) => {
        const cached = cachedLoad(state, args.path);
        if (cached) return cached;
        const pre = state.preRead?.get(args.path);
        state.preRead?.delete(args.path);
        const stamp = pre ? pre.stamp : stampOf(args.path);
        const read = pre ? pre.read : readSourceFile(args.path);
        if (!read.ok) return { errors: [toMessage(read.diagnostic)] };
        const pagePath = state.pages.get(args.path);
        const result = await transformCached(state, args.path, read.text, read.bytes, pagePath);
        noteSystemImports(state, args.path, result.code);
        // At most MAX_DIAGNOSTICS per file cross into esbuild (a file of 200,000 stray tokens has as many syntax errors).
        const diagnostics = capFileDiagnostics(result.diagnostics.map((d) => (d.severity === 'warning' && FAIL_BUILD.has(d.code) ? { ...d, severity: 'error' as const } : d)));
        return rememberLoad(state, args.path, stamp, {
          contents: result.code,
          loader: 'ts' as Loader,
          resolveDir: dirname(args.path),
          errors: diagnostics.filter((d) => d.severity === 'error').map(toMessage),
          warnings: [...(read.warning ? [read.warning] : []), ...diagnostics.filter((d) => d.severity === 'warning')].map(toMessage),
        }, result.dependencies?.declarations);
      });
      build.onLoad({ filter: /\.ts$/ }, (args) => {
        if (args.path.endsWith('.d.ts')) return { contents: '', loader: 'ts' as Loader };
        const cached = cachedLoad(state, args.path);
        if (cached) return cached;
        const stamp = stampOf(args.path);
        const read = readSourceFile(args.path);
        if (!read.ok) return { errors: [toMessage(read.diagnostic)] };
        noteSystemImports(state, args.path, read.text);
        return rememberLoad(state, args.path, stamp, { contents: read.text, loader: 'ts' as Loader, warnings: read.warning ? [toMessage(read.warning)] : [] });
      });
    },
  };
}

function noteSystemImports(state: PluginState, file: string, code: string): void {
  state.systemImports ??= new Map();
  if (state.systemImports.get(file)?.code === code) return;
  state.systemImports.set(file, { code, imports: scanSystemImports(code) });
}

/**
 * Transforms one .ets file, reusing an earlier result when its key (this hmos, the content, the path, the page role,
 * the options) is the same and what else it read still holds: the other files' component declarations, the imports it
 * followed and the resource ids it looked up. Kept in memory (a watch) and on disk (the next process). The transform
 * itself is loaded only when a file must be transformed.
 */
export async function transformCached(state: PluginState, file: string, text: string, bytes: Buffer, pagePath: string | undefined): Promise<TransformResult> {
  const opts = state.transformOptions;
  const pageFullPath = pagePath ? relative(state.projectRoot, file).split(sep).join('/').replace(/\.ets$/, '') : undefined;
  const mode = opts.mode ?? 'debug';
  const key = transformKey({ fileName: file, bytes, pagePath, pageFullPath, mode, bundleName: opts.bundleName, moduleName: opts.moduleName });
  const hit = state.cache.get(file);
  if (hit && hit.key === key && cachedTransformHolds(state, hit)) return hit.result;
  const variant = `${pagePath ?? ''}\0${mode}`;
  const stored = state.diskCache?.read(file, variant, key);
  if (stored && cachedTransformHolds(state, stored)) {
    state.cache.set(file, { key, ...stored });
    return stored.result;
  }
  state.transform ??= await state.loadTransform?.();
  if (!state.transform) {
    return { code: '', intents: [], diagnostics: [{ severity: 'error', code: 'ETS_TRANSFORM_UNAVAILABLE', message: 'this build of hmos has no ArkTS transform yet, so .ets files cannot be compiled', file, line: 1, col: 1 }] };
  }
  const t0 = performance.now();
  const resources: ResourceLookup[] = [];
  let result: TransformResult;
  try {
    result = state.transform(text, {
      ...opts,
      // Every resource id the output holds is recorded: a cached output is only good while they are the same.
      resolveResource: (scope, type, name) => {
        const id = opts.resolveResource(scope, type, name);
        resources.push([scope, type, name, id ?? null]);
        return id;
      },
      fileName: file,
      // As the reference: the file's path from the project root, so a module whose folder is not named after it
      // (`srcPath: './features/home'`) still gets the path DevEco writes.
      ...(pagePath ? { pagePath, pageFullPath } : {}),
    });
  } catch (err) {
    // A bug in the transform: reported at the file it met it in (with its stack), not cached, and the build goes on
    // with the other files.
    return { code: '', intents: [], diagnostics: [internalErrorDiagnostic(err, { file, line: 1, col: 1 })] };
  } finally {
    state.stats.transformMs += performance.now() - t0;
    state.stats.transformed++;
  }
  const entry = { result, resources: dedupeLookups(resources) };
  state.cache.set(file, { key, ...entry });
  state.diskCache?.write(file, variant, key, entry);
  return result;
}

/** Whether what a cached transform read besides its source is unchanged (declarations, resolutions, resource ids). */
function cachedTransformHolds(state: PluginState, entry: CachedTransform): boolean {
  const opts = state.transformOptions;
  for (const [scope, type, name, id] of entry.resources) if ((opts.resolveResource(scope, type, name) ?? null) !== id) return false;
  return !entry.result.dependencies || dependenciesHold(entry.result.dependencies, opts.resolveImport);
}

function dedupeLookups(list: ResourceLookup[]): ResourceLookup[] {
  return [...new Map(list.map((l) => [l.slice(0, 3).join('\0'), l])).values()];
}

/** Intents the transform found in the given files (from the cache). */
export function intentsOf(state: PluginState, files: Iterable<string>): IntentDeclaration[] {
  const out: IntentDeclaration[] = [];
  for (const f of files) out.push(...(state.cache.get(f)?.result.intents ?? []));
  return out;
}

const EXTENSIONS = ['.ets', '.ts', '.mjs', '.js', '.json'];
const INDEX_FILES = ['Index.ets', 'index.ets', 'index.ts', 'index.js'];

// `throwIfNoEntry: false`: resolving an import probes several names that do not exist, and an ENOENT exception per
// probe costs more than the stat itself.
function isFile(p: string): boolean {
  try {
    return statSync(p, { throwIfNoEntry: false })?.isFile() ?? false;
  } catch {
    return false;
  }
}



export function toMessage(d: Diagnostic): PartialMessage {
  return {
    text: d.message,
    detail: d,
    ...(d.file ? { location: { file: d.file, line: d.line ?? 1, column: Math.max(0, (d.col ?? 1) - 1), lineText: '' } } : {}),
  };
}

/** esbuild message → Diagnostic (our own diagnostics come back from `detail`). */
export function fromMessage(m: Message, severity: 'error' | 'warning', absWorkingDir: string): Diagnostic {
  const detail = m.detail as Diagnostic | undefined;
  if (detail && typeof detail === 'object' && typeof detail.code === 'string' && detail.file) return { ...detail, severity };
  if (m.pluginName && detail instanceof Error) {
    // Our plugin threw: a bug, located at the import that made esbuild load the file (esbuild's own location of such
    // a message is inside esbuild).
    const trigger = m.notes.find((n) => n.location && /triggered by this import/.test(n.text))?.location;
    const file = trigger?.file && (trigger.namespace === '' || trigger.namespace === 'file') ? (trigger.file.startsWith('/') ? trigger.file : join(absWorkingDir, trigger.file)) : undefined;
    return internalErrorDiagnostic(detail, file ? { file, line: trigger!.line, col: trigger!.column + 1 } : {});
  }
  const file = m.location?.file ? (m.location.file.startsWith('/') ? m.location.file : join(absWorkingDir, m.location.file.replace(/^[a-z-]+:/, ''))) : undefined;
  const code = /^Could not resolve/.test(m.text) ? 'IMPORT_UNRESOLVED' : severity === 'error' ? 'BUNDLE_ERROR' : 'BUNDLE_WARNING';
  let message = m.text;
  if (code === 'IMPORT_UNRESOLVED') message += '; check the path (imports resolve to .ets, .ts or a package in oh-package.json5)';
  const located = file ? { file, line: m.location!.line, col: m.location!.column + 1 } : {};
  // Our own diagnostics without a position (e.g. PATH_CASE from onResolve) take esbuild's location of the import.
  if (detail && typeof detail === 'object' && typeof detail.code === 'string') return { ...detail, ...located, severity };
  return { severity, code, message, ...located };
}

