/**
 * A V8 code cache for ohos-typescript (~10 MB of JavaScript; compiling it is most of a small build's cold start).
 * `installTsCodeCache()` hooks the CommonJS loader for that one file, which is then run through
 * `runCommonJsCached` (util/code-cache.ts): compiled with the cached data in `<hmos state>/cache/`, and when there was
 * none (or V8 rejected it) a fresh cache is written when the process exits — after the build, so the parser's
 * functions are in it (or when `writePendingCodeCaches()` is called). Call it before anything imports ohos-typescript.
 */
import Module, { createRequire } from 'node:module';
import { codeCacheFile, prefetchCodeCache, runCommonJsCached } from '../util/code-cache.js';
import { hmosHome } from '../util/paths.js';

let installed = false;

export function installTsCodeCache(home = hmosHome()): void {
  if (installed || process.env.HMOS_NO_CODE_CACHE) return;
  installed = true;
  let tsFile: string;
  let cacheFile: string;
  try {
    tsFile = createRequire(import.meta.url).resolve('ohos-typescript');
    cacheFile = codeCacheFile(tsFile, home, 'ohos-typescript');
  } catch {
    return;
  }
  // Read the cache on a libuv thread while the CLI loads the build code (the loader reads it itself if it has not arrived).
  const prefetched = prefetchCodeCache(cacheFile);
  const extensions = (Module as unknown as { _extensions: Record<string, (module: { exports: unknown; filename: string }, filename: string) => void> })._extensions;
  const original = extensions['.js']!;
  extensions['.js'] = function (this: unknown, module: { exports: unknown; filename: string }, filename: string) {
    if (filename !== tsFile) return original.call(this, module, filename);
    extensions['.js'] = original;
    runCommonJsCached(module, cacheFile, prefetched);
  };
}
