/**
 * Compiling one source file into a module of the bundle, the way the reference compiles each file on its own before
 * merging them: an .ets file through the ArkTS transform (src/compiler/transform/), then every module through esbuild's
 * `transform` into CommonJS (types stripped, decorators lowered, imports as `require("spec")`), with a source map back
 * to the original file. linker.ts joins the modules into the bundle.
 *
 * Compiled modules are cached in memory (for a watch and for the other modules of one build: a HAR file compiled into
 * several modules is compiled once when its output does not depend on the module) and on disk (module-cache.ts: the
 * next process). A cached module is reused when its content key (this hmos build, the source bytes, the path, the
 * page role) matches and what else its compile read still holds: the options it read (bundle and module name), the
 * resource ids it looked up, other files' component declarations (by digest) and the imports it followed. The ArkTS
 * transform (ohos-typescript, 10 MB) is loaded only when an .ets file must be compiled.
 */
import { createHash } from 'node:crypto';
import { transform as esbuildTransform, type Message } from 'esbuild';
import { capFileDiagnostics, internalErrorDiagnostic, type Diagnostic } from '../diagnostics.js';
import type { IntentDeclaration } from '../hap/intent-manifest.js';
import { HMOS_BUILD_ID } from '../util/build-id.js';
import { jsStringValue, requiredSpecs, scanImportSites } from './import-scan.js';
import { ModuleDiskCache } from './module-cache.js';
import { decodeMappings, inlineSourceMap, originalPosition, summarizeMappings, type MappingsSummary } from './source-map.js';
import { scanSystemImports } from './system-modules.js';
import type { TransformDependencies, TransformEts, TransformOptions, TransformResult } from './transform-contract.js';
import { dependenciesHold, type ImportResolver } from './transform/declarations.js';
import { TransformTimeout, WorkerUnavailable, type TransformWorker } from './transform-worker-client.js';

const FORMAT = 1;

/** Transform warnings that fail a build, as they do in the reference compiler: the app would misbehave at run time
 *  (a resource that is not there, a decorator that would silently do nothing). */
const FAIL_BUILD = new Set(['RES_UNRESOLVED', 'ETS_UNKNOWN_DECORATOR']);

/** A resource id a compile looked up: [scope, type, name, id or null]. */
export type ResourceLookup = [scope: 'app' | 'sys', type: string, name: string, id: number | null];

/** What a compiled module is besides its code and map (all JSON, stored with it). */
export interface ModuleMeta {
  /** The modules it loads, in order: [specifier, line, col] of the import in the source (0, 0: not found there). */
  imports: [string, number, number][];
  /** What it imports from system modules (the virtual module exports exactly those names). */
  systemImports: [string, string[] | '*'][];
  /** An ES module's export names and `export *` specifiers; absent when it is not one (nothing to check against). */
  exports?: { names: string[]; stars: string[] };
  /** Names it reads from each specifier's named imports (checked against that module's exports). */
  uses: [string, string[]][];
  /** Generated lines of `code`. */
  lines: number;
  /** Of its source map (for joining maps). */
  summary: MappingsSummary;
  diagnostics: Diagnostic[];
  intents: IntentDeclaration[];
  /** What the compile read besides the source: other files' declarations and resolutions… */
  dependencies?: TransformDependencies;
  /** …resource ids… */
  resources: ResourceLookup[];
  /** …and options ([name, value]: `bundleName`, `moduleName`, `mode`). */
  options: [string, unknown][];
}

export interface SourceMapJson {
  sources: string[];
  names: string[];
  mappings: string;
}

export interface CompiledModule extends ModuleMeta {
  /** CommonJS code: `require`, `module`, `exports` are the linker's. */
  code: string;
  map?: SourceMapJson;
}

/** What compiling a file for one module depends on. */
export interface CompileTarget {
  bundleName: string;
  moduleName: string;
  mode: 'debug' | 'release';
  resolveResource(scope: 'app' | 'sys', type: string, name: string): number | undefined;
  resolveImport?: ImportResolver;
  /** Where this file's compiled form is cached on disk (none: memory only). */
  cacheDir?: string;
}

/**
 * A file's role in the module: a page of main_pages.json (`registerNamedRoute` is added), and/or the pageSourceFile of
 * system routes, whose @Builder functions (exported or not) the module's entry reaches as `__hmosRoute_<name>`.
 */
export interface FileRole {
  pagePath?: string;
  pageFullPath?: string;
  routeBuilders?: string[];
}

export interface CompileStats {
  /** Files compiled (cache misses) and the ms spent in the ArkTS transform and in esbuild. */
  compiled: number;
  transformed: number;
  transformMs: number;
  esbuildMs: number;
}

const TSCONFIG = { compilerOptions: { experimentalDecorators: true, useDefineForClassFields: false } };

export class ModuleCompiler {
  private readonly memory = new Map<string, CompiledModule[]>();
  private readonly pending = new Map<string, Promise<CompiledModule>>();
  private readonly disks = new Map<string, ModuleDiskCache<ModuleMeta>>();
  private diskWrites: (() => void)[] = [];
  private transform: TransformEts | undefined;
  stats: CompileStats = { compiled: 0, transformed: 0, transformMs: 0, esbuildMs: 0 };

  /** `transform`: a custom ArkTS transform (nothing is then cached on disk); else `loadTransform` loads the default. */
  /**
   * `worker`: where the default transform runs when it can (transform-worker-client.ts); this thread loads it when the
   * worker cannot be used.
   */
  constructor(private readonly options: { transform?: TransformEts; loadTransform?: () => Promise<TransformEts>; worker?: TransformWorker }) {
    this.transform = options.transform;
  }

  /** A source file of the project or a package. `page`: its role when it is a page of main_pages.json. */
  async compile(file: string, bytes: Buffer, text: string, target: CompileTarget, page?: FileRole): Promise<CompiledModule> {
    const kind = file.endsWith('.ets') ? 'ets' : file.endsWith('.d.ts') ? 'dts' : file.endsWith('.json') ? 'json' : /\.(js|mjs|cjs)$/.test(file) ? 'js' : 'ts';
    const role = `${kind}\0${page?.pagePath ?? ''}\0${page?.pageFullPath ?? ''}${page?.routeBuilders?.length ? `\0${page.routeBuilders.join(',')}` : ''}`;
    const key = createHash('sha256').update(`${FORMAT}\0${HMOS_BUILD_ID}\0${file}\0${role}\0`).update(bytes).digest('hex');
    const slot = `${file}\0${role}`;
    const hit = this.memory.get(slot)?.find((m) => (m as CompiledModule & { key?: string }).key === key && this.holds(m, target));
    if (hit) return hit;
    // Another module of the build compiling the same file right now (modules build concurrently): its result, when
    // it holds for this module too.
    const inFlight = this.pending.get(`${slot}\0${key}`);
    if (inFlight) {
      const m = await inFlight;
      if (this.holds(m, target)) return m;
    }
    const work = this.compileMiss(file, kind, role, key, slot, text, target, page);
    this.pending.set(`${slot}\0${key}`, work);
    try {
      return await work;
    } finally {
      if (this.pending.get(`${slot}\0${key}`) === work) this.pending.delete(`${slot}\0${key}`);
    }
  }

  private async compileMiss(file: string, kind: string, role: string, key: string, slot: string, text: string, target: CompileTarget,
    page?: FileRole): Promise<CompiledModule> {
    const disk = this.options.transform || !target.cacheDir ? undefined : this.diskAt(target.cacheDir);
    if (disk) {
      for (const v of disk.read(file, role)) {
        if (v.key !== key || !this.holds(v.meta, target)) continue;
        let map: SourceMapJson | undefined;
        try {
          map = v.map ? (JSON.parse(v.map) as SourceMapJson) : undefined;
        } catch {
          continue;
        }
        const m = { ...v.meta, code: v.code, ...(map ? { map } : {}), key };
        this.remember(slot, m);
        return m;
      }
    }
    const compiled = await this.compileFresh(file, kind, text, target, page);
    this.remember(slot, { ...compiled, key });
    // A compile that met a bug is not kept (the next build tries again). Written later (flushDiskWrites), when the
    // build waits for something else: after an edit this file's compile is on the build's critical path.
    if (disk && !compiled.diagnostics.some((d) => d.code === 'INTERNAL')) {
      const { code, map, ...meta } = compiled;
      this.diskWrites.push(() => disk.write(file, role, { key, meta, code, map: map ? JSON.stringify(map) : '' }));
    }
    return compiled;
  }

  /** Writes the compiled modules of this build to the on-disk cache (best effort, as each write is). */
  flushDiskWrites(): void {
    const writes = this.diskWrites;
    this.diskWrites = [];
    for (const write of writes) write();
  }

  /** Generated code (the entry, a system module): compiled by source, kept in memory. */
  async compileVirtual(id: string, source: string): Promise<CompiledModule> {
    const slot = `virtual\0${id}`;
    const hit = this.memory.get(slot)?.find((m) => (m as CompiledModule & { key?: string }).key === source);
    if (hit) return hit;
    const compiled = await this.esbuild(id, 'js', source, source, undefined, [], true);
    this.remember(slot, { ...compiled, key: source });
    return compiled;
  }

  private remember(slot: string, m: CompiledModule & { key: string }): void {
    const list = this.memory.get(slot) ?? [];
    this.memory.set(slot, [m, ...list.filter((x) => x !== m)].slice(0, 8));
  }

  private diskAt(dir: string): ModuleDiskCache<ModuleMeta> {
    let d = this.disks.get(dir);
    if (!d) this.disks.set(dir, (d = new ModuleDiskCache<ModuleMeta>(dir)));
    return d;
  }

  /** Whether what a compiled module read besides its source is still the same for this target. */
  holds(m: ModuleMeta, target: CompileTarget): boolean {
    for (const [name, value] of m.options) if ((target as unknown as Record<string, unknown>)[name] !== value) return false;
    for (const [scope, type, name, id] of m.resources) if ((target.resolveResource(scope, type, name) ?? null) !== id) return false;
    return !m.dependencies || dependenciesHold(m.dependencies, target.resolveImport);
  }

  private async compileFresh(file: string, kind: string, text: string, target: CompileTarget, page?: FileRole): Promise<CompiledModule> {
    this.stats.compiled++;
    if (kind === 'dts') return this.esbuild(file, 'ts', '', text, undefined, []);
    if (kind !== 'ets') return this.esbuild(file, kind === 'json' ? 'json' : kind === 'js' ? 'js' : 'ts', text, text, undefined, []);
    const worker = !this.options.transform && this.options.worker?.available ? this.options.worker : undefined;
    if (!worker) this.transform ??= await this.options.loadTransform?.();
    if (!worker && !this.transform) {
      const d: Diagnostic = { severity: 'error', code: 'ETS_TRANSFORM_UNAVAILABLE', message: 'this build of hmos has no ArkTS transform yet, so .ets files cannot be compiled', file, line: 1, col: 1 };
      return this.esbuild(file, 'ts', '', text, undefined, [d]);
    }
    // Every option the transform reads and every resource id it looks up is recorded: a cached output is only good
    // while they are the same (a HAR file's output is the same for every module that does not change what it read).
    const reads = new Map<string, unknown>();
    const resources = new Map<string, ResourceLookup>();
    const read = <K extends 'bundleName' | 'moduleName' | 'mode'>(k: K) => {
      reads.set(k, target[k]);
      return target[k];
    };
    const options: TransformOptions = {
      fileName: file,
      get bundleName() { return read('bundleName'); },
      get moduleName() { return read('moduleName'); },
      get mode() { return read('mode'); },
      resolveResource: (scope, type, name) => {
        const id = target.resolveResource(scope, type, name);
        resources.set(`${scope}\0${type}\0${name}`, [scope, type, name, id ?? null]);
        return id;
      },
      ...(target.resolveImport ? { resolveImport: target.resolveImport } : {}),
      ...(page?.pagePath !== undefined ? { pagePath: page.pagePath } : {}),
      ...(page?.pageFullPath !== undefined ? { pageFullPath: page.pageFullPath } : {}),
    };
    const t0 = performance.now();
    let workerMs: number | undefined;
    let result: TransformResult;
    try {
      result = worker ? await worker.transform(text, options, { bundleName: target.bundleName, moduleName: target.moduleName, mode: target.mode }).then((r) => {
        workerMs = r.ms;
        return r.result;
      }, async (err: unknown) => {
        if (!(err instanceof WorkerUnavailable)) throw err;
        this.transform ??= await this.options.loadTransform?.();
        if (!this.transform) throw err;
        return this.transform(text, options);
      }) : this.transform!(text, options);
    } catch (err) {
      result = err instanceof TransformTimeout
        // A parser that never returns on this file: the build reports it and goes on (the host is not hung).
        ? { code: '', intents: [], diagnostics: [{ severity: 'error', code: 'ETS_TIMEOUT', message: `${err.message} (HMOS_TRANSFORM_TIMEOUT; default 60 s): if the file is meant to be this large (${(Buffer.byteLength(text) / 1024).toFixed(0)} KB), raise the limit; otherwise the parser loops on something in it — please report it with the file`, file, line: 1, col: 1 }] }
        // A bug in the transform: reported at the file it met it in (with its stack); the build goes on with the others.
        : { code: '', intents: [], diagnostics: [internalErrorDiagnostic(err, { file, line: 1, col: 1 })] };
    } finally {
      this.stats.transformMs += workerMs ?? performance.now() - t0;
      this.stats.transformed++;
    }
    const diagnostics = result.diagnostics.map((d) => (d.severity === 'warning' && FAIL_BUILD.has(d.code) ? { ...d, severity: 'error' as const } : d));
    // A route's builder, exported or not (the reference finds it by name): `typeof` keeps a missing one undefined.
    const routeExports = (page?.routeBuilders ?? []).filter((n) => /^[A-Za-z_$][\w$]*$/.test(n))
      .map((n) => `\nexport const __hmosRoute_${n} = typeof ${n} === 'function' ? ${n} : undefined;`).join('');
    // A source the ArkTS parser refused is not given to esbuild: it would only repeat the syntax errors, and on some
    // (a fuzz mutant of 20,000 stray `struct a`) its TypeScript parser takes minutes.
    const refused = diagnostics.some((d) => d.code === 'ETS_SYNTAX' && d.severity === 'error');
    const code = refused ? '' : routeExports ? insertBeforeSourceMap(result.code, routeExports) : result.code;
    const compiled = await this.esbuild(file, 'ts', code, text, refused ? undefined : code, diagnostics);
    return {
      ...compiled,
      intents: result.intents,
      ...(result.dependencies && (result.dependencies.declarations.length || result.dependencies.resolutions.length) ? { dependencies: result.dependencies } : {}),
      resources: [...resources.values()],
      options: [...reads],
    };
  }

  /**
   * esbuild: TypeScript/JavaScript/JSON → CommonJS with its map. `source` is what the user wrote (import positions);
   * `generated` the transform's output for an .ets file (its inline map leads esbuild's messages back to the .ets).
   */
  private async esbuild(file: string, loader: 'ts' | 'js' | 'json', code: string, source: string, generated: string | undefined, before: Diagnostic[], virtual = false): Promise<CompiledModule> {
    const t0 = performance.now();
    const diagnostics = [...before];
    let out = '';
    let map: SourceMapJson | undefined;
    const toSource = positionMapper(generated);
    try {
      const r = await esbuildTransform(code, {
        loader, format: 'cjs', target: 'es2021', platform: 'neutral', sourcemap: 'external', sourcefile: file, sourcesContent: false,
        // `import('x')` becomes a `require` the linker resolves like any other
        supported: { 'dynamic-import': false }, tsconfigRaw: TSCONFIG, logLevel: 'silent',
      });
      out = r.code;
      for (const w of r.warnings) diagnostics.push(messageDiagnostic(w, 'warning', virtual ? undefined : file, toSource));
      if (r.map) {
        const parsed = JSON.parse(r.map) as SourceMapJson;
        map = { sources: parsed.sources, names: parsed.names ?? [], mappings: parsed.mappings ?? '' };
      }
    } catch (err) {
      const failure = err as { errors?: Message[]; warnings?: Message[] };
      if (!Array.isArray(failure.errors)) throw err;
      for (const e of failure.errors) diagnostics.push(messageDiagnostic(e, 'error', virtual ? undefined : file, toSource));
      for (const w of failure.warnings ?? []) diagnostics.push(messageDiagnostic(w, 'warning', virtual ? undefined : file, toSource));
    }
    this.stats.esbuildMs += performance.now() - t0;
    // Generated code asks for every module it requires; a file for those it names outside comments and strings.
    const sites = virtual ? [] : scanImportSites(source);
    const specs = requiredSpecs(out, virtual ? 'all' : new Set(sites.map((s) => s.spec)));
    const imports = specs.map((spec): [string, number, number] => {
      const site = sites.find((s) => s.spec === spec);
      return [spec, site?.line ?? 0, site?.col ?? 0];
    });
    const system = scanSystemImports(generated ?? code);
    return {
      code: out,
      ...(map ? { map } : {}),
      imports,
      systemImports: [...system].map(([spec, names]) => [spec, names === '*' ? '*' : [...names]]),
      ...exportsOf(out),
      uses: usesOf(out),
      lines: countLines(out),
      summary: summarizeMappings(map?.mappings ?? ''),
      diagnostics: capFileDiagnostics(diagnostics),
      intents: [],
      resources: [],
      options: [],
    };
  }
}

/** `code` with `extra` added before its inline source map comment (which must stay last to be found). */
function insertBeforeSourceMap(code: string, extra: string): string {
  const at = code.lastIndexOf('\n//# sourceMappingURL=');
  return at < 0 ? code + extra + '\n' : code.slice(0, at) + extra + code.slice(at);
}

/** esbuild's message about a file → a diagnostic at the user's line (through the transform's map for an .ets). */
function messageDiagnostic(m: Message, severity: 'error' | 'warning', file: string | undefined, toSource: PositionMapper): Diagnostic {
  const code = severity === 'error' ? 'BUNDLE_ERROR' : 'BUNDLE_WARNING';
  if (!m.location || !file) return { severity, code, message: m.text, ...(file ? { file } : {}) };
  const pos = toSource(m.location.line, m.location.column + 1) ?? { line: m.location.line, col: m.location.column + 1 };
  return { severity, code, message: m.text, file, line: pos.line, col: pos.col };
}

type PositionMapper = (line: number, col: number) => { line: number; col: number } | undefined;

/**
 * Positions in the transform's output → the .ets, its inline map decoded once, on first use. Decoding it for each
 * message made a file with thousands of messages quadratic (most of a fuzz mutant's minutes-long build).
 */
function positionMapper(generated: string | undefined): PositionMapper {
  let decoded: number[][][] | null | undefined;
  return (line, col) => {
    if (!generated) return undefined;
    if (decoded === undefined) {
      const inline = inlineSourceMap(generated);
      decoded = inline ? decodeMappings(inline.mappings) : null;
    }
    return decoded ? originalPosition(decoded, line, col) : undefined;
  };
}

/** The export names esbuild lists in `__export(x_exports, { a: () => a, … })` and its `export *` specifiers. */
function exportsOf(out: string): { exports?: { names: string[]; stars: string[] } } {
  if (!/\bmodule\.exports = __toCommonJS\(/.test(out)) return {};
  const names: string[] = [];
  const block = /^__export\([\w$]+, \{\n([\s\S]*?)\n\}\);$/m.exec(out);
  if (block) {
    for (const m of block[1]!.matchAll(/^ {2}("(?:[^"\\]|\\.)*"|[\w$]+): \(\) =>/gm)) names.push(m[1]!.startsWith('"') ? jsStringValue(m[1]!.slice(1, -1)) : m[1]!);
  }
  const stars = [...out.matchAll(/__reExport\([\w$]+, (?:__toESM\()?require\("((?:[^"\\]|\\.)*)"\)/g)].map((m) => jsStringValue(m[1]!));
  return { exports: { names, stars } };
}

/**
 * For each `var import_x = require("spec")`: the names the code reads from it (`import_x.name`). Re-exports
 * (`export { T } from './x'`, in esbuild's `__export(…)` block) do not count: in TypeScript they may name types, which
 * are gone at run time, and the reference accepts them.
 */
function usesOf(out: string): [string, string[]][] {
  const uses: [string, string[]][] = [];
  const block = /^__export\([\w$]+, \{\n[\s\S]*?\n\}\);$/m.exec(out);
  const inBlock = (at: number) => block !== null && at >= block.index && at < block.index + block[0].length;
  for (const m of out.matchAll(/^var (import_[\w$]+) = (?:__toESM\()?require\("((?:[^"\\]|\\.)*)"\)/gm)) {
    const names = new Set<string>();
    // A scan, not a RegExp built from the name: esbuild names the variable after the specifier, and a specifier of
    // thousands of characters made V8's regular expression engine throw (exit 2, found by fuzzing).
    const ref = m[1]! + '.';
    for (let at = out.indexOf(ref); at >= 0; at = out.indexOf(ref, at + 1)) {
      if (at > 0 && /[\w$]/.test(out[at - 1]!)) continue;
      let end = at + ref.length;
      while (end < out.length && /[\w$]/.test(out[end]!)) end++;
      if (end > at + ref.length && !inBlock(at)) names.add(out.slice(at + ref.length, end));
    }
    if (names.size) uses.push([jsStringValue(m[2]!), [...names]]);
  }
  return uses;
}

function countLines(s: string): number {
  let n = 0;
  for (let i = s.indexOf('\n'); i >= 0; i = s.indexOf('\n', i + 1)) n++;
  return n;
}
