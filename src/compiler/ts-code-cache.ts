/**
 * A V8 code cache for ohos-typescript (~10 MB of JavaScript; compiling it is most of a small build's cold start).
 * `installTsCodeCache()` hooks the CommonJS loader for that one file: it is compiled with the cached data in
 * `<hmos state>/cache/`, and when there was none (or V8 rejected it) a fresh cache is written when the process
 * exits — after the build, so the parser's functions are in it (or when `writePendingTsCodeCache()` is called). Call it before anything imports ohos-typescript.
 * Keyed by the package's path, size and mtime and the Node/V8 version; any failure falls back to a normal load.
 */
import { existsSync, readFile, readFileSync, statSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import vm from 'node:vm';
import { createHash } from 'node:crypto';
import { writeFileAtomic } from '../util/atomic.js';
import { hmosHome } from '../util/paths.js';

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
  const proto = (Module as unknown as { prototype: { _compile(content: string, filename: string): unknown } }).prototype;
  const original = proto._compile;
  proto._compile = function (this: { exports: unknown; filename: string }, content: string, filename: string) {
    if (filename !== tsFile) return original.call(this, content, filename);
    proto._compile = original;
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
    fn.call(this.exports, this.exports, createRequire(filename), this, filename, dirname(filename));
    return undefined;
  };
}
