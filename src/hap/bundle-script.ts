/**
 * The HAP's script and its V8 code cache (`ets/bundle.js`, `ets/bundle.cache`, `ets/cache-info.json`). The build
 * writes the cache with `createCachedData()`; a device loads the script with `loadBundleScript(entries)`, which uses
 * the cache only when the Node/V8 that made it matches this one and the bundle is the one it was made from — any
 * mismatch (or a cache V8 rejects) falls back to compiling the plain source.
 */
import { createHash } from 'node:crypto';
import vm from 'node:vm';

export const BUNDLE_PATH = 'ets/bundle.js';
export const SOURCE_MAP_PATH = 'ets/bundle.js.map';
export const CODE_CACHE_PATH = 'ets/bundle.cache';
export const CACHE_INFO_PATH = 'ets/cache-info.json';
/** The module's worker scripts (keys such as `ets/workers/Worker`, see compiler/workers.ts): a JSON array, absent when none. */
export const WORKERS_MANIFEST_PATH = 'ets/workers.json';

export interface CacheInfo {
  node: string;
  v8: string;
  /** sha256 of ets/bundle.js the cache was made from. */
  bundleSha256: string;
  filename: string;
}

const sha256 = (data: Uint8Array | string) => createHash('sha256').update(data).digest('hex');

/** Compiles the bundle once and returns its code cache and the info that keys it. */
export function createCodeCache(code: string): { cache: Uint8Array; info: CacheInfo } {
  const script = new vm.Script(code, { filename: BUNDLE_PATH });
  const cache = script.createCachedData();
  return { cache, info: { node: process.version, v8: process.versions.v8, bundleSha256: sha256(code), filename: BUNDLE_PATH } };
}

export interface LoadedBundle {
  script: vm.Script;
  /** Whether V8 accepted the code cache. */
  cached: boolean;
  /** Why the cache was not used, when it was not. */
  reason?: string;
}

/**
 * Builds the vm.Script of a HAP's bundle from its (unpacked, verified) entries; run it with `script.runInContext(ctx)`.
 * `importModuleDynamically` answers `import()` in the bundle (the app realm passes one that refuses, see realm.ts).
 */
export function loadBundleScript(entries: Map<string, Uint8Array>, options: {
  importModuleDynamically?: () => never;
  /** Rewrites the source before it is compiled (the app realm takes `import()` out); the cache is used only when it
   *  leaves the source as it is. */
  rewrite?: (code: string) => string;
} = {}): LoadedBundle {
  const dynamicImport = options.importModuleDynamically ? { importModuleDynamically: options.importModuleDynamically as never } : {};
  const codeBytes = entries.get(BUNDLE_PATH);
  if (!codeBytes) throw new Error(`the package has no ${BUNDLE_PATH}`);
  const original = Buffer.from(codeBytes).toString('utf8');
  const code = options.rewrite ? options.rewrite(original) : original;
  const cacheBytes = entries.get(CODE_CACHE_PATH);
  const infoBytes = entries.get(CACHE_INFO_PATH);
  let reason: string | undefined;
  if (code !== original) reason = 'the source was rewritten on load';
  else if (cacheBytes && infoBytes) {
    let info: Partial<CacheInfo> = {};
    try {
      info = JSON.parse(Buffer.from(infoBytes).toString('utf8'));
    } catch {
      reason = 'cache-info.json is not JSON';
    }
    if (!reason && (info.node !== process.version || info.v8 !== process.versions.v8)) reason = `made by Node ${info.node} / V8 ${info.v8}`;
    if (!reason && info.bundleSha256 !== sha256(codeBytes)) reason = 'made from a different bundle';
    if (!reason) {
      const script = new vm.Script(code, { filename: BUNDLE_PATH, cachedData: Buffer.from(cacheBytes), ...dynamicImport });
      if (!script.cachedDataRejected) return { script, cached: true };
      reason = 'rejected by V8';
    }
  } else reason = 'no code cache in the package';
  return { script: new vm.Script(code, { filename: BUNDLE_PATH, ...dynamicImport }), cached: false, reason };
}
