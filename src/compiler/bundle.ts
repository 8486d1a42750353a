/**
 * Bundling one module into the single script the runtime evaluates (src/runtime/abi.ts). A virtual entry imports every
 * page of main_pages.json, every ability / extension srcEntry and every intent executor, and ends with
 * `__hmosRegisterModule({...})`; from it, every module it reaches is resolved (module-resolver.ts), compiled on its own
 * (module-compiler.ts, cached in memory and on disk) and the modules are joined into one IIFE (linker.ts). A build
 * after an edit compiles the edited files only; joining the rest is string concatenation.
 *
 *   const bundler = new ModuleBundler(project, module, { mode, loadTransform, cacheDir });
 *   const out = await bundler.build();   // { code, map, diagnostics, intents, inputs, ms, transformed }
 *   … edit files …  await bundler.build({ sourcesOnly: true, changed });   // reuses resolutions and unchanged files
 *   await bundler.dispose();
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { transform as esbuildTransform, type Message } from 'esbuild';
import type { Diagnostic } from '../diagnostics.js';
import { appendAll } from '../util/arrays.js';
import type { IntentDeclaration } from '../hap/intent-manifest.js';
import type { Project, ModuleInfo, RouteInfo } from '../project/project.js';
import { resourceId } from '../project/resources.js';
import { systemResourceId } from '../hap/resources-index.js';
import type { TransformEts } from './transform-contract.js';
import { readSourceFile, type SourceRead } from './source-file.js';
import { validateIntents } from './intents.js';
import { packageEntry } from '../project/packages.js';
import { ModuleCompiler, type CompiledModule, type CompileTarget } from './module-compiler.js';
import { ModuleResolver } from './module-resolver.js';
import { link, type BundlePart, type LinkedModule } from './linker.js';
import { systemModuleSource } from './system-modules.js';
import { declarationsOf } from './transform/declarations.js';
import { workerEntries } from './workers.js';
import { filesDeepImported, hspFilePath } from './hsp-deep-imports.js';
import { isInsideDir, relativePosix } from '../util/paths.js';
import { memoKey, readBundleMemo, VIRTUAL_STAMP, writeBundleMemo, type Memo, type MemoEntry } from './bundle-memo.js';

export interface BundleOptions {
  mode?: 'debug' | 'release';
  /** The ArkTS transform to use (a custom one: nothing is cached on disk), or… */
  transform?: TransformEts;
  /** Statements added to the virtual entry after the module registration (`hmos test` registers its test list there). */
  entryAppend?: string;
  /** …how to load the default one, when a file is not in a cache. */
  loadTransform?: () => Promise<TransformEts>;
  /** Where a source file's compiled form is cached on disk (none: memory only). */
  cacheDirFor?: (file: string) => string | undefined;
  /** A compiler shared with the other modules of a build (a HAR file compiled into several modules once). */
  compiler?: ModuleCompiler;
  /** Where the compiled modules of the last bundle are kept for the next process (bundle-memo.ts; none: not kept). */
  memoFile?: string;
}

export interface ModuleBundle {
  code: string;
  /** Where the code is cut into parts, each compiled (and code-cached) on its own by a device (linker.ts). */
  parts: BundlePart[];
  map: string;
  diagnostics: Diagnostic[];
  intents: IntentDeclaration[];
  /** Absolute paths of every source file in the bundle. */
  inputs: string[];
  /** The module's worker scripts (`ets/workers/Worker`, see workers.ts), each runnable on its own from the bundle. */
  workers: string[];
  ms: { transform: number; bundle: number };
  /** .ets files transformed in this build (the rest came from a cache). */
  transformed: number;
  /** Source files compiled in this build (.ets, .ts, .js…; the rest came from a cache). */
  compiled: number;
  /** The app's HSPs this module loads at run time (by module name): its module.json lists them as `dependencies`. */
  sharedModules: string[];
}

const ENTRY_ID = 'hmos-entry:module';
const KIT_PREFIX = 'hmos-kit:';
/** An HSP of the app, imported by its package name: loaded at run time, once per app (`__hmosHsp(module)`). */
const HSP_PREFIX = 'hmos-hsp:';
/** A file of an HSP imported by its path (`hmos-hsp-file:<module>:<path in it>`): taken from that HSP's bundle. */
const HSP_FILE_PREFIX = 'hmos-hsp-file:';

/** A file's stamp: mtime, ctime, size and inode — any write changes one of them. */
function stampOf(file: string): string | undefined {
  try {
    const st = statSync(file, { bigint: true, throwIfNoEntry: false });
    return st && `${st.mtimeNs}:${st.ctimeNs}:${st.size}:${st.ino}`;
  } catch {
    return undefined;
  }
}

export class ModuleBundler {
  private readonly compiler: ModuleCompiler;
  private readonly resolver: ModuleResolver;
  private readonly target: CompileTarget;
  /** Absolute .ets path → page path (`pages/Index`). */
  private readonly pages: Map<string, string>;
  /** The module's system routes (routerMap), its HARs' after its own (the reference merges a HAR's into the HAP). */
  private readonly routes: RouteInfo[];
  /** pageSourceFile → the route builders the entry reaches in it. */
  private readonly routeBuilders = new Map<string, string[]>();
  /** What each file compiled to, with its stamp then (a watch rebuild reuses it without reading the file). */
  private readonly loaded = new Map<string, MemoEntry>();
  /** The same from the last process's build (options.memoFile), read on the first build. */
  private memo: Memo | undefined;
  /** The modules of the last build's graph, and when it started (for writeMemo). */
  private last: { ids: string[]; startedAt: number } | undefined;
  /** Per build: files read already (the intent scan reads .ets files the graph walk then needs). */
  private reads = new Map<string, { stamp: string | undefined; read: SourceRead }>();
  private changed: ReadonlySet<string> | undefined;
  /** Stamps taken right before this build (the up-to-date check's walk), used instead of a stat of each file. */
  private stamps: ReadonlyMap<string, string> | undefined;

  constructor(private readonly project: Project, private readonly module: ModuleInfo, private readonly options: BundleOptions = {}) {
    const m = module;
    this.compiler = options.compiler ?? new ModuleCompiler({ ...(options.transform ? { transform: options.transform } : { loadTransform: options.loadTransform }) });
    this.resolver = new ModuleResolver({ packages: project.packages, projectRoot: project.root, ...(m.package ? { modulePackage: m.package } : {}), entryDir: m.mainDir });
    this.pages = new Map(m.pages.map((p) => [m.pageFiles.get(p) ?? resolve(m.etsDir, `${p}.ets`), p]));
    const hars = m.localPackages.filter((p) => p.moduleType === 'har').flatMap((p) => project.modules.filter((x) => x.dir === p.dir || x.package?.dir === p.dir));
    this.routes = [];
    for (const r of [...m.routes, ...hars.flatMap((h) => h.routes)]) {
      if (this.routes.some((x) => x.name === r.name)) continue;
      this.routes.push(r);
      const list = this.routeBuilders.get(r.file) ?? [];
      if (!list.includes(r.buildFunction)) list.push(r.buildFunction);
      this.routeBuilders.set(r.file, list);
    }
    this.target = {
      bundleName: project.app.bundleName,
      moduleName: m.name,
      mode: options.mode ?? 'debug',
      resolveResource: (scope, type, name) => (scope === 'app' ? resourceId(m.resources, type, name) : systemResourceId(type, name)),
      resolveImport: (from, spec) => project.packages.resolveFile(from, spec),
    };
  }

  /** Decorator intents are found by compiling the files that mention them before the entry is written. */
  private decoratorIntents: IntentDeclaration[] = [];

  /**
   * `sourcesOnly`: only .ets/.ts/.js files changed since the last build (a watcher knows), so package resolutions are
   * reused; `changed` lists them. Unchanged files are then reused without being read.
   */
  async build(options: { sourcesOnly?: boolean; changed?: ReadonlySet<string>; stamps?: ReadonlyMap<string, string> } = {}): Promise<ModuleBundle> {
    const t0 = performance.now();
    const startedAt = Date.now();
    this.changed = options.changed;
    this.stamps = options.stamps;
    this.reads = new Map();
    if (this.options.memoFile && !this.memo) this.memo = readBundleMemo(this.options.memoFile, this.memoKey());
    if (!options.sourcesOnly) {
      // Something besides sources changed (a manifest, a file added or removed): resolve and load everything anew.
      this.resolver.clear();
      this.sharedMains = undefined;
      this.loaded.clear();
      this.project.packages.invalidate();
    }
    const stats0 = { ...this.compiler.stats };
    const diagnostics: Diagnostic[] = [];
    await this.scanIntentFiles(diagnostics);

    // The module graph, breadth first from the entry; each level's files compile concurrently (esbuild works in its
    // own process while this one transforms .ets files).
    const ids = new Map<string, number>();
    const idOf: string[] = [];
    const linked: LinkedModule[] = [];
    const files: string[] = [];
    const add = (id: string): number => {
      let n = ids.get(id);
      if (n === undefined) {
        n = idOf.length;
        ids.set(id, n);
        idOf.push(id);
        linked.push(undefined as never);
        if (!id.startsWith('hmos-')) files.push(id);
      }
      return n;
    };
    // Worker scripts are roots of their own: compiled into the bundle, run only in a worker realm (linker.ts).
    const workers = workerEntries(this.module, diagnostics);
    let level = [add(ENTRY_ID), ...[...workers.values()].filter((f) => !ids.has(f)).map(add)];
    while (level.length > 0) {
      // Each module's imports are resolved as soon as its compile is in — while slower ones of its level (an edited
      // file in the transform worker) still compile —, and numbered in order once the whole level is in.
      // (Its source text is escaped as JSON for the bundle's map then too.)
      const compiled = await Promise.all(level.map((n) => this.load(idOf[n]!, diagnostics).then((c) => ({
        ...c, imports: this.resolveImports(idOf[n]!, c.module), ...(c.text !== undefined ? { json: this.sourceJsonOf(idOf[n]!, c.text) } : {}),
      }))));
      const next: number[] = [];
      level.forEach((n, i) => {
        const id = idOf[n]!;
        const { module: mod, text, json, imports } = compiled[i]!;
        const deps: Record<string, number> = {};
        for (const { spec, target, diagnostics: found } of imports) {
          appendAll(diagnostics, found);
          if (target === undefined) continue;
          const known = ids.has(target);
          deps[spec] = add(target);
          if (!known) next.push(deps[spec]!);
        }
        const key = id.startsWith('hmos-') ? id : relativePosix(this.project.root, id);
        linked[n] = { module: mod, deps, key, ...(text !== undefined ? { sourceText: text, sourceJson: json } : {}) };
      });
      level = next;
    }
    this.checkImportedNames(linked, idOf, diagnostics);
    for (const m of linked) appendAll(diagnostics, m.module.diagnostics);

    this.last = { ids: idOf, startedAt };
    const workerIds = Object.fromEntries([...workers].map(([key, file]) => [key, ids.get(file)!]));
    const joined = link(linked, 0, this.project.root, workerIds);
    let { code, parts } = joined;
    let map = joined.map;
    if (this.options.mode === 'release') {
      // Minified as one script (a few long lines: there is no line to cut at), so one part.
      const minified = await minify(code, map(), diagnostics);
      code = minified.code;
      map = () => minified.map;
      parts = [{ start: 0, end: code.length, line: 0 }];
    }
    const wall = performance.now() - t0;
    const intents = validateIntents([...this.module.profileIntents, ...this.decoratorIntents], this.module.mainDir, this.module.pages, diagnostics);
    const transformMs = this.compiler.stats.transformMs - stats0.transformMs;
    return {
      code,
      parts,
      // joined when first read (packModule reads it after asking for the code's V8 cache)
      get map() {
        return map();
      },
      diagnostics: dedupe(diagnostics),
      intents,
      inputs: files,
      workers: [...workers.keys()],
      ms: { transform: round(transformMs), bundle: round(Math.max(0, wall - transformMs)) },
      transformed: this.compiler.stats.transformed - stats0.transformed,
      compiled: this.compiler.stats.compiled - stats0.compiled,
      sharedModules: [...new Set(idOf.flatMap((id) => (id.startsWith(HSP_PREFIX) ? [id.slice(HSP_PREFIX.length)] : id.startsWith(HSP_FILE_PREFIX) ? [id.slice(HSP_FILE_PREFIX.length).split(':')[0]!] : [])))].sort(),
    };
  }

  /** Each file's source text as JSON (the bundle map's sourcesContent), kept while the text is the same. */
  private readonly sourceJson = new Map<string, { text: string; json: string }>();
  private sourceJsonOf(id: string, text: string): string {
    const known = this.sourceJson.get(id);
    if (known && known.text === text) return known.json;
    const json = JSON.stringify(text);
    this.sourceJson.set(id, { text, json });
    return json;
  }

  /** What each import of `id` (compiled to `mod`) resolves to: a file, a kit or an HSP — or nothing, with why. */
  private resolveImports(id: string, mod: CompiledModule): { spec: string; target?: string; diagnostics: Diagnostic[] }[] {
    const systemNames = new Map(mod.systemImports.map(([spec, names]) => [spec, names === '*' ? ('*' as const) : new Set(names)]));
    const importer = id.startsWith('hmos-') ? undefined : id;
    return mod.imports.map(([spec, line, col]) => {
      const r = this.resolver.resolve(importer, spec, systemNames.get(spec));
      const at = importer ? { file: importer, ...(line ? { line, col } : {}) } : {};
      const diagnostics: Diagnostic[] = [];
      let target: string | undefined;
      if (r.kind === 'file') {
        target = this.sharedPackageAt(r.path) ?? r.path;
        if (r.warning) diagnostics.push({ ...r.warning, ...at });
      } else if (r.kind === 'kit') target = KIT_PREFIX + r.path;
      else if (r.kind === 'error') diagnostics.push(r.diagnostic);
      else {
        const message = `Could not resolve "${spec}"; check the path (imports resolve to .ets, .ts or a package in oh-package.json5)`;
        diagnostics.push({ severity: 'error', code: 'IMPORT_UNRESOLVED', message, ...at });
      }
      return { spec, ...(target !== undefined ? { target } : {}), diagnostics };
    });
  }

  /** One module of the graph: the entry, a system module, or a source file (reused while unchanged, else compiled). */
  private async load(id: string, diagnostics: Diagnostic[]): Promise<{ module: CompiledModule; text?: string }> {
    if (id === ENTRY_ID) return { module: await this.loadVirtual(ENTRY_ID, this.entrySource()) };
    if (id.startsWith(KIT_PREFIX)) return { module: await this.loadVirtual(id, systemModuleSource(id.slice(KIT_PREFIX.length))) };
    if (id.startsWith(HSP_PREFIX)) return { module: await this.loadVirtual(id, `module.exports = __hmosHsp(${JSON.stringify(id.slice(HSP_PREFIX.length))});\n`) };
    if (id.startsWith(HSP_FILE_PREFIX)) {
      const [hsp, ...path] = id.slice(HSP_FILE_PREFIX.length).split(':');
      return { module: await this.loadVirtual(id, `module.exports = __hmosHspFile(${JSON.stringify(hsp)}, ${JSON.stringify(path.join(':'))});\n`) };
    }
    const last = this.reusable(id);
    if (last) return { module: last.module, text: last.text };
    const { stamp, read } = this.read(id);
    if (!read.ok) {
      diagnostics.push(read.diagnostic);
      return { module: await this.compiler.compileVirtual(`hmos-unreadable:${id}`, '') };
    }
    if (read.warning) diagnostics.push(read.warning);
    const pagePath = this.pages.get(id);
    const routeBuilders = this.routeBuilders.get(id);
    const page = pagePath || routeBuilders
      ? { ...(pagePath ? { pagePath, pageFullPath: relativePosix(this.project.root, id).replace(/\.ets$/, '') } : {}), ...(routeBuilders ? { routeBuilders } : {}) }
      : undefined;
    const module = await this.compiler.compile(id, read.bytes, read.text, { ...this.target, cacheDir: this.options.cacheDirFor?.(id) }, page);
    if (stamp) this.loaded.set(id, { stamp, module, text: read.text });
    else this.loaded.delete(id);
    return { module, text: read.text };
  }

  /** Generated code (the entry, a system module): reused while its source is the same, else compiled. */
  private async loadVirtual(id: string, source: string): Promise<CompiledModule> {
    const last = this.loaded.get(id) ?? this.memo?.entries.get(id);
    if (last && last.stamp === VIRTUAL_STAMP && last.text === source) {
      this.loaded.set(id, last);
      return last.module;
    }
    const module = await this.compiler.compileVirtual(id, source);
    this.loaded.set(id, { stamp: VIRTUAL_STAMP, module, text: source });
    return module;
  }

  /**
   * What `file` compiled to in an earlier build — of this bundler, or of the last process (its memo) — when the file
   * has the same stamp and what the compile read besides it still holds.
   */
  private reusable(file: string): MemoEntry | undefined {
    if (this.changed?.has(file)) return undefined;
    let last = this.loaded.get(file);
    if (!last) {
      const remembered = this.memo?.entries.get(file);
      // Another process: the resource ids, options and resolutions it read may have changed since.
      if (remembered && this.compiler.holds(remembered.module, this.target)) last = remembered;
    }
    if (!last || last.stamp !== (this.stamps?.get(file) ?? stampOf(file))) return undefined;
    // A file whose output depends on another file's component declarations is compiled again when those changed.
    if (last.module.dependencies?.declarations.some(([f, digest]) => (declarationsOf(f)?.digest ?? null) !== digest)) return undefined;
    this.loaded.set(file, last);
    return last;
  }

  /** Keeps the compiled modules of the last build for the next process (options.memoFile). */
  writeMemo(): void {
    if (!this.options.memoFile || !this.last) return;
    const entries: [string, MemoEntry][] = [];
    for (const id of this.last.ids) {
      const e = this.loaded.get(id);
      if (e) entries.push([id, e]);
    }
    this.memo = writeBundleMemo(this.options.memoFile, this.memoKey(), entries, this.last.startedAt, this.memo);
  }

  private memoKey(): string {
    return memoKey(this.target.bundleName, this.target.moduleName, this.target.mode);
  }

  /** The project's HSPs other than the module being built, each with its main file. */
  private sharedMains: { hsp: ModuleInfo; main?: string }[] | undefined;

  /**
   * When `file` belongs to another module of the project that is an HSP, where it comes from at run time instead of
   * being compiled into this module (as the reference links an HSP): `hmos-hsp:<module>` for the HSP's main file
   * (Index.ets), `hmos-hsp-file:<module>:<path>` for a file imported by its path into the HSP's sources (its bundle
   * exposes it, hsp-deep-imports.ts) — one instance per app either way, with the HSP's own resources.
   */
  private sharedPackageAt(file: string): string | undefined {
    this.sharedMains ??= this.project.modules
      .filter((m) => m.type === 'shared' && m !== this.module && m.package)
      .map((hsp) => ({ hsp, main: packageEntry(hsp.package!).file }));
    for (const { hsp, main } of this.sharedMains) {
      if (file === main) return HSP_PREFIX + hsp.name;
      if (isInsideDir(file, hsp.dir) && !/[\\/]oh_modules[\\/]/.test(relative(hsp.dir, file))) return `${HSP_FILE_PREFIX}${hsp.name}:${hspFilePath(hsp, file)}`;
    }
    return undefined;
  }

  /** A source file, read once per build, with its stamp from before the read (a write during the read shows later). */
  private read(file: string): { stamp: string | undefined; read: SourceRead } {
    let r = this.reads.get(file);
    if (!r) {
      const stamp = stampOf(file);
      r = { stamp, read: readSourceFile(file) };
      this.reads.set(file, r);
    }
    return r;
  }

  /**
   * Names imported from an ES module must be among its exports (`import { Nope } from './x'` where x has no Nope),
   * as esbuild's bundler and the reference's type check require. A default import is exempt: the reference accepts
   * one of a module that has only named exports.
   */
  private checkImportedNames(linked: LinkedModule[], ids: string[], diagnostics: Diagnostic[]): void {
    const exported = (n: number, seen = new Set<number>()): Set<string> | undefined => {
      const e = linked[n]?.module.exports;
      if (!e || seen.has(n)) return undefined;
      seen.add(n);
      const names = new Set(e.names);
      for (const star of e.stars) {
        const t = linked[n]!.deps[star];
        const more = t === undefined ? undefined : exported(t, seen);
        if (!more) return undefined;
        for (const x of more) if (x !== 'default') names.add(x);
      }
      return names;
    };
    linked.forEach((m, n) => {
      const importer = ids[n]!;
      if (importer.startsWith('hmos-')) return;
      for (const [spec, names] of m.module.uses) {
        const t = m.deps[spec];
        if (t === undefined || ids[t]!.startsWith('hmos-')) continue;
        const available = exported(t);
        if (!available) continue;
        const site = m.module.imports.find(([s]) => s === spec);
        for (const name of names) {
          if (name === 'default' || available.has(name)) continue;
          const message = `No matching export in "${relative(this.project.root, ids[t]!)}" for import "${name}"`;
          diagnostics.push({ severity: 'error', code: 'BUNDLE_ERROR', message, file: importer, ...(site && site[1] ? { line: site[1], col: site[2] } : {}) });
        }
      }
    });
  }

  async dispose(): Promise<void> {
    this.loaded.clear();
  }

  /** Compiles (through the caches) every .ets under ets/ that declares an insight intent with a decorator. */
  private async scanIntentFiles(diagnostics: Diagnostic[]): Promise<void> {
    const found: IntentDeclaration[] = [];
    const etsFiles = walkEts(this.module.etsDir, this.stamps);
    for (const file of etsFiles) {
      const last = this.reusable(file);
      if (last) {
        appendAll(found, last.module.intents);
        continue;
      }
      const { read } = this.read(file);
      if (!read.ok || !read.text.includes('@InsightIntent')) continue;
      const r = await this.load(file, diagnostics);
      appendAll(found, r.module.intents);
    }
    this.decoratorIntents = found;
  }

  private entrySource(): string {
    const m = this.module;
    const lines: string[] = [];
    // Paths from the module's src/main: the bundle names no folder of the machine that built it.
    const spec = (file: string) => JSON.stringify(relativePosix(m.mainDir, file).replace(/^(?!\.\.\/)/, './'));
    const imp = (file: string, ns: string) => lines.push(`import * as ${ns} from ${spec(file)};`);
    // A HAR built on its own: everything its main file reaches is compiled (and checked).
    const harMain = m.type === 'har' && m.package ? packageEntry(m.package).file : undefined;
    if (harMain) lines.push(`import ${spec(harMain)};`);
    // An HSP's bundle hands its main file's exports to the app that loads it (the names its importers use).
    const hspMain = m.type === 'shared' && m.package ? packageEntry(m.package).file : undefined;
    if (hspMain) imp(hspMain, '__hspMain');
    // …and the files other modules import by their path into it, each run on first use (as an import would run it).
    const exposed = m.type === 'shared' ? filesDeepImported(this.project, m).map((f) => `${JSON.stringify(hspFilePath(m, f))}: function () { return require(${spec(f)}); }`) : [];
    m.pages.forEach((p) => lines.push(`import ${spec(m.pageFiles.get(p) ?? resolve(m.etsDir, `${p}.ets`))};`));
    const abilities: string[] = [];
    m.abilities.forEach((a, i) => {
      imp(a.file, `__ability${i}`);
      abilities.push(`${JSON.stringify(a.name)}: __pick(__ability${i})`);
    });
    const extensions: string[] = [];
    m.extensionAbilities.forEach((a, i) => {
      imp(a.file, `__extension${i}`);
      extensions.push(`${JSON.stringify(a.name)}: __pick(__extension${i})`);
    });
    const routes: string[] = [];
    const routeFiles = new Map<string, string>();
    for (const r of this.routes) {
      let ns = routeFiles.get(r.file);
      if (!ns) {
        ns = `__route${routeFiles.size}`;
        routeFiles.set(r.file, ns);
        imp(r.file, ns);
      }
      routes.push(`{ name: ${JSON.stringify(r.name)}, builder: ${ns}[${JSON.stringify(`__hmosRoute_${r.buildFunction}`)}], buildFunction: ${JSON.stringify(r.buildFunction)}${r.data !== undefined ? `, data: ${JSON.stringify(r.data)}` : ''} }`);
    }
    const executors: string[] = [];
    const sources = new Map<string, string>();
    for (const it of [...m.profileIntents, ...this.decoratorIntents]) {
      if (it.kind === 'page' || it.kind === 'link') continue;
      const file = resolve(m.mainDir, it.srcEntry);
      if (!existsSync(file)) continue; // reported by validateIntents
      let ns = sources.get(file);
      if (!ns) {
        ns = `__intent${sources.size}`;
        sources.set(file, ns);
        imp(file, ns);
      }
      const cls = `__pick(${ns}, ${JSON.stringify(it.className ?? null)})`;
      executors.push(`${JSON.stringify(it.intentName)}: ${it.kind === 'function' ? `{ cls: ${cls}, method: ${JSON.stringify(it.methodName ?? '')} }` : cls}`);
    }
    lines.push(
      // A srcEntry's class is its default export (or the named class); the first exported function is the fallback.
      'function __pick(ns, name) { if (name && ns[name]) return ns[name]; if (ns.default) return ns.default; for (var k in ns) if (typeof ns[k] === "function") return ns[k]; return undefined; }',
      `__hmosRegisterModule({ bundleName: ${JSON.stringify(this.project.app.bundleName)}, moduleName: ${JSON.stringify(m.name)},`,
      `  abilities: { ${abilities.join(', ')} },`,
      `  extensionAbilities: { ${extensions.join(', ')} },`,
      `  intentExecutors: { ${executors.join(', ')} },`,
      `  routes: [${routes.join(', ')}],`,
      `  pages: ${JSON.stringify(m.pages)}${hspMain ? ', exports: __hspMain' : ''}${exposed.length ? `, files: { ${exposed.join(', ')} }` : ''} });`,
    );
    if (this.options.entryAppend) lines.push(this.options.entryAppend);
    return lines.join('\n') + '\n';
  }
}

/** Every .ets file under `dir`, in name order; `stamps` (a walk made just before) tells files from folders without a stat. */
function walkEts(dir: string, stamps?: ReadonlyMap<string, string>): string[] {
  const out: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return out;
  }
  for (const n of names.sort()) {
    const p = join(dir, n);
    const known = stamps?.get(p);
    let isDirectory: boolean;
    if (known !== undefined) isDirectory = known === 'dir';
    else {
      try {
        isDirectory = statSync(p).isDirectory();
      } catch {
        continue;
      }
    }
    if (isDirectory) appendAll(out, walkEts(p, stamps));
    else if (n.endsWith('.ets')) out.push(p);
  }
  return out;
}

function dedupe(list: Diagnostic[]): Diagnostic[] {
  const seen = new Set<string>();
  return list.filter((d) => {
    const k = `${d.file}:${d.line}:${d.col}:${d.code}:${d.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

const round = (n: number) => Math.round(n * 10) / 10;

/** A release bundle: the joined modules minified as one script, its map carried through. */
async function minify(code: string, map: string, diagnostics: Diagnostic[]): Promise<{ code: string; map: string }> {
  try {
    const withMap = `${code}//# sourceMappingURL=data:application/json;base64,${Buffer.from(map).toString('base64')}\n`;
    const r = await esbuildTransform(withMap, { loader: 'js', minify: true, legalComments: 'none', sourcemap: 'external', sourcesContent: true, target: 'es2021', charset: 'utf8', logLevel: 'silent', sourcefile: 'bundle.js' });
    return { code: r.code, map: r.map };
  } catch (err) {
    const failure = err as { errors?: Message[] };
    if (!Array.isArray(failure.errors)) throw err;
    for (const e of failure.errors) diagnostics.push({ severity: 'error', code: 'BUNDLE_ERROR', message: e.text });
    return { code, map };
  }
}

