/**
 * A V8 code cache for ohos-typescript (~10 MB of JavaScript; compiling it is most of a small build's cold start).
 * `installTsCodeCache()` hooks the CommonJS loader for that one file: it is compiled with the cached data in
 * `<hmos state>/cache/`, and when there was none (or V8 rejected it) a fresh cache is written when the process
 * exits — after the build, so the parser's functions are in it (or when `writePendingTsCodeCache()` is called). Call it before anything imports ohos-typescript.
 * Keyed by the package's path, size and mtime and the Node/V8 version; any failure falls back to a normal load.
 */
import { isAscii } from 'node:buffer';
import { existsSync, readFile, readFileSync, statSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import vm from 'node:vm';
import { createHash } from 'node:crypto';
import { writeFileAtomic } from '../util/atomic.js';
import { hmosHome } from '../util/paths.js';

interface LoadingModule {
  exports: unknown;
}

let installed = false;
/** Writes the cache that this process made (none to write: undefined). */
let pendingWrite: (() => void) | undefined;

/**
 * Writes now the cache the 'exit' handler would write: a worker thread that is terminated gets no 'exit' event, so
 * the transform worker (transform-worker.ts) calls this before it is stopped.
 */
export function writePendingTsCodeCache(): void {
  pendingWrite?.();
}

export function installTsCodeCache(home = hmosHome()): void {
  if (installed || process.env.HMOS_NO_CODE_CACHE) return;
  installed = true;
  let tsFile: string;
  try {
    tsFile = createRequire(import.meta.url).resolve('ohos-typescript');
  } catch {
    return;
  }
  const st = statSync(tsFile);
  const key = createHash('sha256').update(`${tsFile}|${st.size}|${st.mtimeMs}|${process.version}|${process.versions.v8}`).digest('hex').slice(0, 16);
  const cacheFile = join(home, 'cache', `ohos-typescript-${key}.cache`);
  // Read the cache on a libuv thread while the CLI loads the build code (the loader reads it itself if it has not arrived).
  const prefetched: { cache?: Buffer | null } = {};
  readFile(cacheFile, (err, bytes) => {
    prefetched.cache = err ? null : bytes;
  });
  const extensions = (Module as unknown as { _extensions: Record<string, (module: LoadingModule, filename: string) => void> })._extensions;
  const original = extensions['.js']!;
  extensions['.js'] = function (this: unknown, module: LoadingModule, filename: string) {
    if (filename !== tsFile) return original.call(this, module, filename);
    extensions['.js'] = original;
    // The package is ASCII: decoded as Latin-1 it is a plain copy, where UTF-8 (as the loader reads it) validates 8 MB.
    const bytes = readFileSync(filename);
    const content = isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
    let cachedData: Buffer | undefined;
    try {
      if (prefetched.cache !== undefined) cachedData = prefetched.cache ?? undefined;
      else if (existsSync(cacheFile)) cachedData = readFileSync(cacheFile);
    } catch {
      cachedData = undefined;
    }
    const script = new vm.Script((Module as unknown as { wrap(s: string): string }).wrap(content), { filename, cachedData });
    if (!cachedData || script.cachedDataRejected) {
      pendingWrite = () => {
        pendingWrite = undefined;
        try {
          writeFileAtomic(cacheFile, script.createCachedData());
        } catch {
          // a read-only state folder only costs speed
        }
      };
      process.once('exit', () => pendingWrite?.());
    }
    const fn = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: unknown, filename: string, dirname: string) => void;
    fn.call(module.exports, module.exports, createRequire(filename), module, filename, dirname(filename));
  };
}
