/**
 * Joining compiled modules (module-compiler.ts) into the one script a device evaluates (src/runtime/abi.ts): a loader
 * and each module as a function of (module, exports, require) with the table of what its specifiers resolved to; the
 * loader runs each module once, on first `require`, in import order — the evaluation order of ES modules. Joining is
 * string concatenation plus re-basing each module's source map, so a build after an edit costs what the edited files
 * cost, not what the whole app costs.
 *
 * The script is cut into PARTS at module boundaries, each a valid script on its own and starting at a line start, so
 * a device can compile each part as its own vm.Script (with its own V8 code cache, hap/bundle-script.ts) and a build
 * after an edit makes the cache of the edited part only. Where the cuts fall depends on the modules' identities (a
 * hash of each module's key), not on their content or offsets, so an edit changes its own part and no other. Every
 * part but the last is padded with empty lines to a multiple of PART_LINE_QUANTUM lines: a V8 code cache keeps the
 * line offset it was made with, so a part's cache only fits while the part starts on the same line — an edit that
 * adds or removes a few lines then moves the later parts only when its part crosses a multiple.
 *
 * The parts share the loader through `__hmosBundle`, a non-enumerable property of the realm's global object that the
 * first part defines and the last part deletes before any module runs: app code never sees it, and an HSP's bundle
 * evaluated later in the same realm defines its own.
 */
import type { CompiledModule } from './module-compiler.js';
import { SourceMapJoiner } from './source-map.js';
import { relativePosix } from '../util/paths.js';

export interface LinkedModule {
  module: CompiledModule;
  /** Specifier → index of the module it resolved to. */
  deps: Record<string, number>;
  /** The original text of its source (the map's sourcesContent), when it has one… */
  sourceText?: string;
  /** …and that text as JSON, when the caller made it already (while it waited for other modules to compile). */
  sourceJson?: string;
  /** What identifies the module across builds (a root-relative path, or a generated module's id): decides the cuts. */
  key?: string;
}

/** A part of the bundle: [start, end) in its text (UTF-16 offsets), and the 0-based line it starts on. */
export interface BundlePart {
  start: number;
  end: number;
  line: number;
}

const PRELUDE = `Object.defineProperty(this, "__hmosBundle", { configurable: true, value: (function () {
var __hmosModules = [];
var __hmosLoaded = [];
function __hmosRequire(id) {
  var loaded = __hmosLoaded[id];
  if (loaded) return loaded.exports;
  var entry = __hmosModules[id];
  var module = __hmosLoaded[id] = { exports: {} };
  entry[1].call(module.exports, module, module.exports, function (spec) {
    var target = entry[0][spec];
    if (target === undefined) throw new Error("Cannot find module " + JSON.stringify(spec));
    return __hmosRequire(target);
  });
  return module.exports;
}
return { modules: __hmosModules, require: __hmosRequire };
})() });
`;
/** A part's modules register in the table the first part made. */
const PART_OPEN = '(function (__hmosModules) {\n';
const PART_CLOSE = '})(this.__hmosBundle.modules);\n';
/** The last part takes the loader off the global object, then runs the entry (or a worker script). */
const LAST_OPEN = '(function (bundle) {\ndelete this.__hmosBundle;\nvar __hmosModules = bundle.modules, __hmosRequire = bundle.require;\n';
const LAST_CLOSE = '}).call(this, this.__hmosBundle);\n';

/** A module whose key hashes to 0 modulo this ends a part (on average every PART_EVERY modules)… */
const PART_EVERY = 12;
/** …when the part has this many characters; a part never grows past PART_MAX_CHARS before a cut. */
const PART_MIN_CHARS = 24 * 1024;
const PART_MAX_CHARS = 320 * 1024;
export const PART_LINE_QUANTUM = 256;

const lineCount = (s: string) => {
  let n = 0;
  for (let i = s.indexOf('\n'); i !== -1; i = s.indexOf('\n', i + 1)) n++;
  return n;
};

/** FNV-1a of a module's key: where the cuts fall. */
function keyHash(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193) >>> 0;
  return h;
}

/**
 * The bundle: modules[entry] is run; the others as they are required. Source map paths are relative to `root`.
 * `workers` (worker key → module index, compiler/workers.ts): in a worker realm, where the device has set the global
 * `__hmosWorkerScript` to a key before evaluating the bundle, that worker's module runs instead of the entry.
 * The code is joined at once; the map when `map()` is first called — a build makes the code's V8 cache (elsewhere)
 * from the code alone, and joins the map meanwhile.
 */
export function link(modules: LinkedModule[], entry: number, root: string, workers: Record<string, number> = {}): { code: string; map: () => string; parts: BundlePart[] } {
  const chunks: string[] = [PRELUDE];
  const parts: BundlePart[] = [];
  /** Each module with a map, and the generated line its code starts on. */
  const mapped: { m: LinkedModule; line: number }[] = [];
  let offset = PRELUDE.length;
  let line = lineCount(PRELUDE);
  let part = { start: 0, line: 0 };
  const push = (s: string, lines = lineCount(s)) => {
    chunks.push(s);
    offset += s.length;
    line += lines;
  };
  // The entry last: its `__hmosRegisterModule(…)` is the last statement of the script, as the ABI describes it.
  const order = [...modules.keys()].filter((i) => i !== entry);
  let open = false;
  for (const i of order) {
    if (!open) {
      push(PART_OPEN, 1);
      open = true;
    }
    pushModule(i);
    const m = modules[i]!;
    const size = offset - part.start;
    if (size >= PART_MAX_CHARS || (size >= PART_MIN_CHARS && m.key !== undefined && keyHash(m.key) % PART_EVERY === 0)) {
      push(PART_CLOSE, 1);
      open = false;
      const lines = line - part.line;
      push('\n'.repeat(Math.ceil(lines / PART_LINE_QUANTUM) * PART_LINE_QUANTUM - lines));
      parts.push({ ...part, end: offset });
      part = { start: offset, line };
    }
  }
  if (open) push(PART_CLOSE, 1);
  push(LAST_OPEN, 3);
  pushModule(entry);
  if (Object.keys(workers).length === 0) push(`__hmosRequire(${entry});\n`, 1);
  else {
    // Read before any app code has run in the realm (a worker realm evaluates this bundle first).
    push(`var __hmosWorkers = ${JSON.stringify(workers)};\n`
      + 'if (typeof __hmosWorkerScript !== "string") ' + `__hmosRequire(${entry});\n`
      + 'else if (Object.prototype.hasOwnProperty.call(__hmosWorkers, __hmosWorkerScript)) __hmosRequire(__hmosWorkers[__hmosWorkerScript]);\n'
      + 'else throw new Error("The worker file path is invalid: no worker script " + __hmosWorkerScript + " in this HAP");\n', 4);
  }
  push(LAST_CLOSE, 1);
  parts.push({ ...part, end: offset });

  function pushModule(i: number): void {
    const m = modules[i]!;
    push(`__hmosModules[${i}] = [${JSON.stringify(m.deps)}, function (module, exports, require) {\n`, 1);
    if (m.module.map && m.module.map.mappings) mapped.push({ m, line });
    const code = m.module.code.endsWith('\n') || m.module.code === '' ? m.module.code : m.module.code + '\n';
    push(code, m.module.lines + (code.length > m.module.code.length ? 1 : 0));
    push('}];\n', 1);
  }
  let joined: string | undefined;
  const map = (): string => {
    if (joined === undefined) {
      const joiner = new SourceMapJoiner();
      for (const { m, line: at } of mapped) {
        const sources = m.module.map!.sources.map((s) => (/^[a-z-]+:/.test(s) ? s : relativePosix(root, s)));
        const content = m.sourceJson ?? (m.sourceText !== undefined ? JSON.stringify(m.sourceText) : null);
        joiner.add({ ...m.module.map!, sources }, m.module.summary, sources.map(() => content), at);
      }
      // The same text as JSON.stringify of the whole map, from parts already JSON: the sources' texts (escaped
      // ahead, see sourceJson) and the mappings (1-2 MB of base64 VLQ, ',' and ';', which JSON never escapes).
      const head = JSON.stringify({ version: 3, sources: joiner.sources });
      joined = `${head.slice(0, -1)},"sourcesContent":[${joiner.sourcesContent.map((c) => c ?? 'null').join(',')}],"names":${JSON.stringify(joiner.names)},"mappings":"${joiner.mappings()}"}`;
    }
    return joined;
  };
  return { code: chunks.join(''), map, parts };
}
