/**
 * Bundling one module into the single script the runtime evaluates (src/runtime/abi.ts): an esbuild IIFE whose
 * virtual entry imports every page of main_pages.json, every ability / extension srcEntry and every intent executor,
 * and ends with `__hmosRegisterModule({...})`.
 *
 *   const bundler = new ModuleBundler(project, module, { mode, transform });
 *   const out = await bundler.build();   // { code, map, diagnostics, intents, ms }
 *   … edit files …  await bundler.build();   // incremental: esbuild context + the transform cache
 *   await bundler.dispose();
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { context, type BuildContext, type BuildResult, type Message } from 'esbuild';
import { decodeMappings, inlineSourceMap, originalPosition } from './source-map.js';
import type { Diagnostic } from '../diagnostics.js';
import { appendAll } from '../util/arrays.js';
import type { IntentDeclaration } from '../hap/intent-manifest.js';
import type { Project, ModuleInfo } from '../project/project.js';
import { resourceId } from '../project/resources.js';
import { systemResourceId } from '../hap/resources-index.js';
import type { TransformEts } from './transform-contract.js';
import { TransformDiskCache } from './transform-cache.js';
import { ENTRY_SPECIFIER, etsPlugin, fromMessage, stampOf, transformCached, type PluginState } from './ets-plugin.js';
import { readSourceFile, type SourceRead } from './source-file.js';
import { validateIntents } from './intents.js';
import { packageEntry } from '../project/packages.js';

export interface BundleOptions {
  mode?: 'debug' | 'release';
  /** The ArkTS transform to use (a custom one: nothing is cached on disk), or… */
  transform?: TransformEts;
  /** Statements added to the virtual entry after the module registration (`hmos test` registers its test list there). */
  entryAppend?: string;
  /** …how to load the default one, when a file is not in a cache. */
  loadTransform?: () => Promise<TransformEts>;
  /** Folder of the on-disk transform cache (transform-cache.ts); none: memory only. */
  cacheDir?: string;
}

export interface ModuleBundle {
  code: string;
  map: string;
  diagnostics: Diagnostic[];
  intents: IntentDeclaration[];
  /** Absolute paths of every source file in the bundle. */
  inputs: string[];
  ms: { transform: number; bundle: number };
  /** .ets files transformed in this build (the rest came from the cache). */
  transformed: number;
}

export class ModuleBundler {
  private ctx: BuildContext<{ write: false; metafile: true }> | undefined;
  private readonly state: PluginState;

  constructor(private readonly project: Project, private readonly module: ModuleInfo, private readonly options: BundleOptions = {}) {
    const m = module;
    this.state = {
      entrySource: () => this.entrySource(),
      entryResolveDir: m.mainDir,
      pages: new Map(m.pages.map((p) => [m.pageFiles.get(p) ?? resolve(m.etsDir, `${p}.ets`), p])),
      packages: project.packages,
      ...(m.package ? { modulePackage: m.package } : {}),
      transform: options.transform,
      ...(options.transform ? {} : { loadTransform: options.loadTransform }),
      ...(options.cacheDir && !options.transform ? { diskCache: new TransformDiskCache(options.cacheDir) } : {}),
      transformOptions: {
        bundleName: project.app.bundleName,
        moduleName: m.name,
        mode: options.mode ?? 'debug',
        resolveResource: (scope, type, name) => (scope === 'app' ? resourceId(m.resources, type, name) : systemResourceId(type, name)),
        resolveImport: (from, spec) => project.packages.resolveFile(from, spec),
      },
      moduleName: m.name,
      projectRoot: project.root,
      cache: new Map(),
      stats: { transformed: 0, transformMs: 0 },
    };
  }

  /** Decorator intents are found by transforming the files that mention them before the entry is written. */
  private decoratorIntents: IntentDeclaration[] = [];
  private preDiagnostics: Diagnostic[] = [];

  /**
   * `sourcesOnly`: only .ets/.ts/.js files changed since the last build (a watcher knows), so package resolutions are
   * reused; `changed` lists them. Unchanged files are then handed to esbuild from the plugin's cache.
   */
  async build(options: { sourcesOnly?: boolean; changed?: ReadonlySet<string> } = {}): Promise<ModuleBundle> {
    const t0 = performance.now();
    this.state.reuseResolutions = options.sourcesOnly === true;
    this.state.changed = options.changed;
    this.preDiagnostics = [];
    this.state.stats = { transformed: 0, transformMs: 0 };
    const preStats = await this.scanIntentFiles();
    const release = this.options.mode === 'release';
    this.ctx ??= await context({
      absWorkingDir: this.project.root,
      entryPoints: [ENTRY_SPECIFIER],
      outfile: join(this.module.dir, 'build/default/intermediates/ets/bundle.js'),
      bundle: true,
      write: false,
      metafile: true,
      format: 'iife',
      platform: 'neutral',
      target: 'es2021',
      mainFields: ['module', 'main'],
      resolveExtensions: ['.ets', '.ts', '.mjs', '.js', '.json'],
      sourcemap: 'external',
      sourcesContent: true,
      minify: release,
      legalComments: release ? 'none' : 'inline',
      charset: 'utf8',
      logLevel: 'silent',
      tsconfigRaw: { compilerOptions: { experimentalDecorators: true, useDefineForClassFields: false } },
      plugins: [etsPlugin(this.state)],
    });
    let result: BuildResult<{ write: false; metafile: true }>;
    try {
      result = await this.ctx.rebuild();
    } catch (err) {
      const failure = err as { errors?: Message[]; warnings?: Message[] };
      if (!Array.isArray(failure.errors)) throw err;
      result = { errors: failure.errors, warnings: failure.warnings ?? [], outputFiles: [], metafile: { inputs: {}, outputs: {} } } as never;
    }
    const wall = performance.now() - t0;
    const diagnostics = dedupe([
      ...this.preDiagnostics,
      ...result.errors.map((m) => this.toEtsPosition(fromMessage(m, 'error', this.project.root), m)),
      ...result.warnings.map((m) => this.toEtsPosition(fromMessage(m, 'warning', this.project.root), m)),
    ]);
    const inputs = Object.keys(result.metafile?.inputs ?? {}).filter((p) => !p.includes(':')).map((p) => resolve(this.project.root, p));
    const intents = validateIntents([...this.module.profileIntents, ...this.decoratorIntents], this.module.mainDir, this.module.pages, diagnostics);
    const js = result.outputFiles?.find((f) => f.path.endsWith('.js'));
    const map = result.outputFiles?.find((f) => f.path.endsWith('.map'));
    const transformMs = this.state.stats.transformMs + preStats.transformMs;
    return {
      code: js?.text ?? '',
      map: map ? this.projectRelativeMap(map.text, dirname(map.path)) : '',
      diagnostics,
      intents,
      inputs,
      ms: { transform: round(transformMs), bundle: round(Math.max(0, wall - transformMs)) },
      transformed: this.state.stats.transformed + preStats.transformed,
    };
  }

  /** esbuild's own messages about a .ets file point into the transform's output; map them back to the .ets. */
  private toEtsPosition(d: Diagnostic, m: Message): Diagnostic {
    if ((m.detail as Diagnostic | undefined)?.file || !d.file?.endsWith('.ets') || d.line === undefined) return d;
    const cached = this.state.cache.get(d.file);
    const map = cached && inlineSourceMap(cached.result.code);
    if (!map) return d;
    const pos = originalPosition(decodeMappings(map.mappings), d.line, d.col ?? 1);
    return pos ? { ...d, ...pos } : d;
  }

  /** esbuild writes sources relative to the (virtual) output folder; in a HAP, paths relative to the project root say more. */
  private projectRelativeMap(text: string, outDir: string): string {
    const fix = (sources: string[]) => sources.map((s) => (/^[a-z-]+:/.test(s) ? s : relative(this.project.root, resolve(outDir, s)).split('\\').join('/')));
    // Only the "sources" list changes: splicing it beats parsing and re-serialising a map of megabytes (~10 ms).
    const list = SOURCES_LIST.exec(text);
    if (list) return text.slice(0, list.index) + `"sources": ${JSON.stringify(fix(JSON.parse(`[${list[1]}]`) as string[]))}` + text.slice(list.index + list[0].length);
    const map = JSON.parse(text) as { sources: string[] };
    map.sources = fix(map.sources);
    return JSON.stringify(map);
  }

  async dispose(): Promise<void> {
    await this.ctx?.dispose();
    this.ctx = undefined;
  }

  /** Transforms (through the cache) every .ets under ets/ that declares an insight intent with a decorator. */
  private async scanIntentFiles(): Promise<{ transformed: number; transformMs: number }> {
    const found: IntentDeclaration[] = [];
    const stats = { transformed: 0, transformMs: 0 };
    this.state.preRead = undefined;
    if (!this.options.transform && !this.options.loadTransform) {
      this.decoratorIntents = [];
      return stats;
    }
    const preRead = new Map<string, { stamp: string | undefined; read: SourceRead }>();
    this.state.preRead = preRead;
    for (const file of walkEts(this.module.etsDir)) {
      // A file unchanged since onLoad last took it is not read again (its intents are in the transform cache); the
      // rest are read once, here, and onLoad takes that read.
      const stamp = stampOf(file);
      const last = this.state.loaded?.get(file);
      const cached = this.state.cache.get(file);
      if (last && stamp && last.stamp === stamp && cached && !this.state.changed?.has(file)) {
        appendAll(found, cached.result.intents);
        continue;
      }
      const read = readSourceFile(file);
      preRead.set(file, { stamp, read });
      if (!read.ok || !read.text.includes('@InsightIntent')) continue;
      const before = { ...this.state.stats };
      const r = await transformCached(this.state, file, read.text, read.bytes, this.state.pages.get(file));
      stats.transformed += this.state.stats.transformed - before.transformed;
      stats.transformMs += this.state.stats.transformMs - before.transformMs;
      appendAll(found, r.intents);
    }
    this.state.stats = { transformed: 0, transformMs: 0 };
    this.decoratorIntents = found;
    return stats;
  }

  private entrySource(): string {
    const m = this.module;
    const lines: string[] = [];
    const imp = (file: string, ns: string) => lines.push(`import * as ${ns} from ${JSON.stringify(file)};`);
    // A HAR built on its own: everything its main file reaches is compiled (and checked).
    const harMain = m.type === 'har' && m.package ? packageEntry(m.package).file : undefined;
    if (harMain) lines.push(`import ${JSON.stringify(harMain)};`);
    m.pages.forEach((p) => lines.push(`import ${JSON.stringify(m.pageFiles.get(p) ?? resolve(m.etsDir, `${p}.ets`))};`));
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
      `  pages: ${JSON.stringify(m.pages)} });`,
    );
    if (this.options.entryAppend) lines.push(this.options.entryAppend);
    return lines.join('\n') + '\n';
  }
}

function walkEts(dir: string): string[] {
  const out: string[] = [];
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch {
    return out;
  }
  for (const n of names.sort()) {
    const p = join(dir, n);
    let st;
    try {
      st = statSync(p);
    } catch {
      continue;
    }
    if (st.isDirectory()) appendAll(out, walkEts(p));
    else if (n.endsWith('.ets')) out.push(p);
  }
  return out;
}

/** The `"sources": [...]` member of a source map (a list of JSON strings). */
const SOURCES_LIST = /"sources":\s*\[((?:\s*"(?:[^"\\]|\\.)*"\s*,?)*)\s*\]/;

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

