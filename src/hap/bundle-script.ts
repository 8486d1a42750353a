/**
 * The HAP's script and its V8 code caches (`ets/bundle.js`, `ets/bundle.cache`, `ets/cache-info.json`).
 *
 * `ets/bundle.js` is one logical script with one source map; the linker (compiler/linker.ts) cuts it into PARTS at
 * module boundaries, each a valid script starting at a line start. A device compiles each part as its own vm.Script
 * named `ets/bundle.js` with `lineOffset` = the line it starts on, so stack traces, crash locations and the source map
 * read as if the file were one script. Each part has its own V8 code cache, so a build after an edit makes the cache
 * of the edited part only (compiling — pre-parsing — a 2 MB bundle to make its cache took 30–40 ms).
 *
 * `ets/bundle.cache` holds the parts' caches one after another; `ets/cache-info.json` lists each part: the line it
 * starts on, its byte range in bundle.js and its sha256, and the byte range of its cache. V8 checks a cache against
 * its source's LENGTH only, so each cache is used only for the part whose sha256 it names; and V8 keeps the line
 * offset a cache was made with, so a cache is made (and reused by a build) for a part at its line only.
 *
 * `loadBundleScript(entries)` is the one loader: a part whose cache is missing, stale or rejected compiles from its
 * source; an info that does not fit this Node or this bundle compiles the whole file as one script.
 */
import { createHash } from 'node:crypto';
import vm from 'node:vm';

export const BUNDLE_PATH = 'ets/bundle.js';
export const SOURCE_MAP_PATH = 'ets/bundle.js.map';
export const CODE_CACHE_PATH = 'ets/bundle.cache';
export const CACHE_INFO_PATH = 'ets/cache-info.json';
/** The module's worker scripts (keys such as `ets/workers/Worker`, see compiler/workers.ts): a JSON array, absent when none. */
export const WORKERS_MANIFEST_PATH = 'ets/workers.json';

export interface CachePart {
  /** The 0-based line of bundle.js the part starts on: its vm.Script's lineOffset. */
  line: number;
  /** [start, end) bytes of bundle.js. */
  bytes: [number, number];
  /** sha256 of those bytes. */
  sha256: string;
  /** [start, end) bytes of bundle.cache: the part's V8 code cache. */
  cache: [number, number];
}

export interface CacheInfo {
  node: string;
  v8: string;
  filename: string;
  parts: CachePart[];
}

export const sha256Hex = (data: Uint8Array | string) => createHash('sha256').update(data).digest('hex');

/** The V8 code cache of one part of the bundle (`text`, starting on 0-based `line` of bundle.js). */
export function createPartCache(text: string, line: number): Uint8Array {
  return new vm.Script(text, { filename: BUNDLE_PATH, lineOffset: line }).createCachedData();
}

/** A part of the bundle as the build hands it over: its text, line, bytes and their sha256. */
export interface BuiltPart {
  text: string;
  line: number;
  bytes: Uint8Array;
  sha256: string;
}

/** Cuts bundle.js (`code`) at `cuts` (UTF-16 [start, end) ranges covering it, each starting a line). */
export function bundleParts(code: string, cuts: readonly { start: number; end: number; line: number }[]): BuiltPart[] {
  return cuts.map(({ start, end, line }) => {
    const text = code.slice(start, end);
    const bytes = Buffer.from(text, 'utf8');
    return { text, line, bytes, sha256: sha256Hex(bytes) };
  });
}

/** ets/bundle.cache and ets/cache-info.json of these parts and their caches (in the same order). */
export function packCodeCaches(parts: readonly BuiltPart[], caches: readonly Uint8Array[]): { cache: Uint8Array; info: CacheInfo } {
  let at = 0;
  let cacheAt = 0;
  const list = parts.map((p, i): CachePart => {
    const part: CachePart = { line: p.line, bytes: [at, at + p.bytes.length], sha256: p.sha256, cache: [cacheAt, cacheAt + caches[i]!.length] };
    at += p.bytes.length;
    cacheAt += caches[i]!.length;
    return part;
  });
  return { cache: Buffer.concat(caches as Uint8Array[]), info: { node: process.version, v8: process.versions.v8, filename: BUNDLE_PATH, parts: list } };
}

/** The bundle (in one part) and its code cache: for a script built outside a project build (tests, tools). */
export function createCodeCache(code: string): { cache: Uint8Array; info: CacheInfo } {
  const parts = bundleParts(code, [{ start: 0, end: code.length, line: 0 }]);
  return packCodeCaches(parts, parts.map((p) => createPartCache(p.text, p.line)));
}

export interface LoadedBundle {
  /** The scripts to run in order (the parts, or the whole file). */
  scripts: vm.Script[];
  /** Whether V8 accepted the code cache of every part. */
  cached: boolean;
  /** Why a cache was not used, when one was not. */
  reason?: string;
}

/**
 * Under `hmos test --coverage` the bundle compiles as ONE script, from source: V8 reports coverage per script by
 * offsets, and the collector (testing/coverage.ts) maps one script of the whole file through the one source map.
 */
let wholeFile = false;
export function compileBundlesWhole(): void {
  wholeFile = true;
}

/**
 * Compiles a HAP's bundle from its (unpacked, verified) entries; run the scripts in order with
 * `script.runInContext(ctx)`. `importModuleDynamically` answers `import()` in the bundle (the app realm passes one that
 * refuses, see realm.ts).
 */
export function loadBundleScript(entries: Map<string, Uint8Array>, options: {
  importModuleDynamically?: () => never;
  /** Rewrites the source before it is compiled (the app realm takes `import()` out); a part's cache is used only
   *  when it leaves that part as it is. */
  rewrite?: (code: string) => string;
} = {}): LoadedBundle {
  const dynamicImport = options.importModuleDynamically ? { importModuleDynamically: options.importModuleDynamically as never } : {};
  const codeBytes = entries.get(BUNDLE_PATH);
  if (!codeBytes) throw new Error(`the package has no ${BUNDLE_PATH}`);
  const bytes = Buffer.from(codeBytes.buffer, codeBytes.byteOffset, codeBytes.byteLength);
  const compile = (text: string, line: number, cachedData?: Buffer) => {
    const source = options.rewrite ? options.rewrite(text) : text;
    const cache = source === text ? cachedData : undefined;
    return { script: new vm.Script(source, { filename: BUNDLE_PATH, lineOffset: line, ...(cache ? { cachedData: cache } : {}), ...dynamicImport }), rewritten: source !== text, offered: cache !== undefined };
  };
  const whole = (reason: string): LoadedBundle => ({ scripts: [compile(bytes.toString('utf8'), 0).script], cached: false, reason });
  if (wholeFile) return whole('the bundle compiles as one script (coverage)');
  const cacheBytes = entries.get(CODE_CACHE_PATH);
  const infoBytes = entries.get(CACHE_INFO_PATH);
  if (!cacheBytes || !infoBytes) return whole('no code cache in the package');
  let info: Partial<CacheInfo>;
  try {
    info = JSON.parse(Buffer.from(infoBytes).toString('utf8'));
  } catch {
    return whole('cache-info.json is not JSON');
  }
  if (info.node !== process.version || info.v8 !== process.versions.v8) return whole(`made by Node ${info.node} / V8 ${info.v8}`);
  if (!validParts(info.parts, bytes.length, cacheBytes.length)) return whole('cache-info.json does not describe this bundle');
  const caches = Buffer.from(cacheBytes.buffer, cacheBytes.byteOffset, cacheBytes.byteLength);
  let reason: string | undefined;
  const scripts = info.parts.map((p, i) => {
    const partBytes = bytes.subarray(p.bytes[0], p.bytes[1]);
    // V8 only checks a cache against its source's length: a cache is offered to the part it was made from only.
    const fits = sha256Hex(partBytes) === p.sha256;
    const { script, rewritten, offered } = compile(partBytes.toString('utf8'), p.line, fits ? caches.subarray(p.cache[0], p.cache[1]) : undefined);
    if (!offered || script.cachedDataRejected) {
      reason ??= !fits ? `part ${i} was made from a different text` : rewritten ? `part ${i} was rewritten on load` : `part ${i}: rejected by V8`;
    }
    return script;
  });
  return { scripts, cached: reason === undefined, ...(reason ? { reason } : {}) };
}

/** Parts that cover bundle.js in order, each cache inside bundle.cache. */
function validParts(parts: unknown, size: number, cacheSize: number): parts is CachePart[] {
  if (!Array.isArray(parts) || parts.length === 0) return false;
  let at = 0;
  for (const p of parts as Partial<CachePart>[]) {
    const range = (r: unknown, max: number) => Array.isArray(r) && r.length === 2 && Number.isInteger(r[0]) && Number.isInteger(r[1]) && r[0] >= 0 && r[0] <= r[1] && r[1] <= max;
    if (!p || !range(p.bytes, size) || !range(p.cache, cacheSize) || p.bytes![0] !== at || !Number.isInteger(p.line) || p.line! < 0 || typeof p.sha256 !== 'string') return false;
    at = p.bytes![1];
  }
  return at === size;
}
