/**
 * Joining compiled modules (module-compiler.ts) into the one script a device evaluates (src/runtime/abi.ts): an IIFE
 * holding each module as a function of (module, exports, require) with the table of what its specifiers resolved to,
 * and a loader that runs each module once, on first `require`, in import order — the evaluation order of ES modules.
 * Joining is string concatenation plus re-basing each module's source map, so a build after an edit costs what the
 * edited files cost, not what the whole app costs.
 */
import { relative } from 'node:path';
import type { CompiledModule } from './module-compiler.js';
import { SourceMapJoiner } from './source-map.js';

export interface LinkedModule {
  module: CompiledModule;
  /** Specifier → index of the module it resolved to. */
  deps: Record<string, number>;
  /** The original text of its source (the map's sourcesContent), when it has one. */
  sourceText?: string;
}

const PRELUDE = `(function () {
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
`;
const PRELUDE_LINES = PRELUDE.split('\n').length - 1;

/**
 * The bundle: modules[entry] is run; the others as they are required. Source map paths are relative to `root`.
 * `workers` (worker key → module index, compiler/workers.ts): in a worker realm, where the device has set the global
 * `__hmosWorkerScript` to a key before evaluating the bundle, that worker's module runs instead of the entry.
 * The code is joined at once; the map when `map()` is first called — a build makes the code's V8 cache (elsewhere)
 * from the code alone, and joins the map meanwhile.
 */
export function link(modules: LinkedModule[], entry: number, root: string, workers: Record<string, number> = {}): { code: string; map: () => string } {
  const parts: string[] = [PRELUDE];
  /** Each module with a map, and the generated line its code starts on. */
  const mapped: { m: LinkedModule; line: number }[] = [];
  let line = PRELUDE_LINES;
  // The entry last: its `__hmosRegisterModule(…)` is the last statement of the script, as the ABI describes it.
  const order = [...modules.keys()].filter((i) => i !== entry).concat(entry);
  order.forEach((i) => {
    const m = modules[i]!;
    parts.push(`__hmosModules[${i}] = [${JSON.stringify(m.deps)}, function (module, exports, require) {\n`);
    line++;
    const code = m.module.code.endsWith('\n') || m.module.code === '' ? m.module.code : m.module.code + '\n';
    if (m.module.map && m.module.map.mappings) mapped.push({ m, line });
    parts.push(code, '}];\n');
    line += m.module.lines + (code.length > m.module.code.length ? 1 : 0) + 1;
  });
  if (Object.keys(workers).length === 0) parts.push(`__hmosRequire(${entry});\n})();\n`);
  else {
    // Read before any app code has run in the realm (a worker realm evaluates this bundle first).
    parts.push(`var __hmosWorkers = ${JSON.stringify(workers)};\n`,
      'if (typeof __hmosWorkerScript !== "string") ', `__hmosRequire(${entry});\n`,
      'else if (Object.prototype.hasOwnProperty.call(__hmosWorkers, __hmosWorkerScript)) __hmosRequire(__hmosWorkers[__hmosWorkerScript]);\n',
      'else throw new Error("The worker file path is invalid: no worker script " + __hmosWorkerScript + " in this HAP");\n})();\n');
  }
  let joined: string | undefined;
  const map = (): string => {
    if (joined === undefined) {
      const joiner = new SourceMapJoiner();
      for (const { m, line: at } of mapped) {
        const sources = m.module.map!.sources.map((s) => (/^[a-z-]+:/.test(s) ? s : relative(root, s).split('\\').join('/')));
        joiner.add({ ...m.module.map!, sources }, m.module.summary, sources.map(() => m.sourceText ?? null), at);
      }
      joined = JSON.stringify({ version: 3, sources: joiner.sources, sourcesContent: joiner.sourcesContent, names: joiner.names, mappings: joiner.mappings() });
    }
    return joined;
  };
  return { code: parts.join(''), map };
}
