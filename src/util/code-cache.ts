/**
 * Running a large CommonJS file through a V8 code cache kept in `<hmos state>/cache/` — ohos-typescript (10 MB),
 * the one-shot `hmos build` CLI (dist/cli-build.cjs) and the transform worker's script: Node 20 caches nothing between processes, and compiling them
 * again is a large part of a short command. The cache is made when the process exits (or when `writePendingCodeCaches()`
 * is called), after the work, so the functions that ran are in it; it is keyed by the file's path, size and mtime and
 * the Node/V8 version, and one V8 rejects is replaced. `HMOS_NO_CODE_CACHE=1` bypasses it. Any failure to read or write
 * a cache only costs speed.
 */
import { isAscii } from 'node:buffer';
import { createHash } from 'node:crypto';
import { existsSync, readFile, readFileSync, statSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import vm from 'node:vm';
import { writeFileAtomic } from './atomic.js';

/** Caches this process made, written at exit (or by writePendingCodeCaches). */
const pending = new Map<string, () => void>();
let exitHook = false;

/** Writes now the caches the 'exit' handler would write (a terminated worker thread gets no 'exit' event). */
export function writePendingCodeCaches(): void {
  for (const write of [...pending.values()]) write();
}

/** Where the cache of `file` is kept under `home` (the hmos state folder). */
export function codeCacheFile(file: string, home: string, label: string): string {
  const st = statSync(file);
  const key = createHash('sha256').update(`${file}|${st.size}|${st.mtimeMs}|${process.version}|${process.versions.v8}`).digest('hex').slice(0, 16);
  return join(home, 'cache', `${label}-${key}.cache`);
}

/** Starts reading a cache on a libuv thread; `compileCommonJs` takes it when it has arrived (or reads it itself). */
export function prefetchCodeCache(cacheFile: string): { bytes?: Buffer | null } {
  const prefetched: { bytes?: Buffer | null } = {};
  readFile(cacheFile, (err, bytes) => {
    prefetched.bytes = err ? null : bytes;
  });
  return prefetched;
}

/**
 * Runs `content` (the source of `module.filename`) as that CommonJS module, compiled with the cache in `cacheFile`;
 * a missing or rejected cache is made at exit. `content` undefined: the file is read (ASCII as Latin-1, a plain copy
 * where UTF-8 decoding validates every byte).
 */
export function runCommonJsCached(module: { exports: unknown; filename: string }, cacheFile: string | undefined, prefetched?: { bytes?: Buffer | null }, content?: string): void {
  const filename = module.filename;
  if (content === undefined) {
    const bytes = readFileSync(filename);
    content = isAscii(bytes) ? bytes.toString('latin1') : bytes.toString('utf8');
  }
  let cachedData: Buffer | undefined;
  if (cacheFile && !process.env.HMOS_NO_CODE_CACHE) {
    try {
      if (prefetched?.bytes !== undefined) cachedData = prefetched.bytes ?? undefined;
      else if (existsSync(cacheFile)) cachedData = readFileSync(cacheFile);
    } catch {
      cachedData = undefined;
    }
  }
  const script = new vm.Script((Module as unknown as { wrap(s: string): string }).wrap(content), { filename, cachedData });
  if (cacheFile && !process.env.HMOS_NO_CODE_CACHE && (!cachedData || script.cachedDataRejected)) {
    pending.set(cacheFile, () => {
      pending.delete(cacheFile);
      try {
        writeFileAtomic(cacheFile, script.createCachedData());
      } catch {
        // a read-only state folder only costs speed
      }
    });
    if (!exitHook) {
      exitHook = true;
      process.once('exit', writePendingCodeCaches);
    }
  }
  const fn = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: unknown, filename: string, dirname: string) => void;
  fn.call(module.exports, module.exports, createRequire(filename), module, filename, dirname(filename));
}

/**
 * Runs the CommonJS file `file` through its code cache (`<home>/cache/<label>-<key>.cache`): the one-shot build's CLI
 * (bin/hmos.js) and the transform worker's own script (a worker thread's entry: transform-worker-client.ts).
 */
export function runFileCached(file: string, home: string, label: string): unknown {
  const module = { exports: {}, filename: file };
  let cacheFile: string | undefined;
  try {
    cacheFile = codeCacheFile(file, home, label);
  } catch {
    cacheFile = undefined;
  }
  runCommonJsCached(module, cacheFile);
  return module.exports;
}
