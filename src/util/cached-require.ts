/**
 * `require` of a large CommonJS package with a V8 code cache, for the one that dominates a small incremental build:
 * ohos-typescript (the ArkTS parser, 10 MB of JavaScript), which V8 would otherwise parse and compile anew in every
 * `hmos build` process that has an .ets file to transform (Node 20 has no module compile cache of its own).
 *
 * The cache is `$HMOS_HOME/cache/v8/<name>-<key>.bin`, keyed by the file (path, size, mtime), Node's version, V8's and
 * the CPU; it is written once, when the process exits (so it holds the functions the process compiled, not only the
 * top level), through a temp file and a rename. V8 checks cached data against the source and its flags and rejects
 * what does not fit; anything that goes wrong here falls back to a plain `require`.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import vm from 'node:vm';
import { hmosHome } from './paths.js';

type Wrapped = (exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string) => void;

export function requireWithCodeCache(specifier: string, from: string): unknown {
  const req = createRequire(from);
  let file: string;
  try {
    file = req.resolve(specifier);
  } catch {
    return req(specifier);
  }
  const known = req.cache[file];
  if (known) return known.exports;
  let cacheFile: string;
  let source: string;
  try {
    const st = statSync(file);
    const key = createHash('sha256').update(`${file}\0${st.size}\0${st.mtimeMs}\0${process.version}\0${process.versions.v8}\0${process.arch}`).digest('hex').slice(0, 24);
    cacheFile = join(hmosHome(), 'cache', 'v8', `${specifier.replace(/[^\w.-]/g, '_')}-${key}.bin`);
    source = readFileSync(file, 'utf8');
  } catch {
    return req(specifier);
  }
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cacheFile);
  } catch {
    cachedData = undefined;
  }
  let script: vm.Script;
  try {
    script = new vm.Script(Module.wrap(source), { filename: file, ...(cachedData ? { cachedData } : {}) });
  } catch {
    return req(specifier);
  }
  const mod = new Module(file, undefined);
  mod.filename = file;
  mod.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(dirname(file));
  // Registered first, as require does: the package's own cycles (and later plain requires) get this instance.
  req.cache[file] = mod;
  try {
    const fn = script.runInThisContext() as Wrapped;
    fn.call(mod.exports, mod.exports, createRequire(file), mod, file, dirname(file));
    mod.loaded = true;
  } catch (err) {
    delete req.cache[file];
    throw err;
  }
  if (!cachedData || script.cachedDataRejected) {
    process.once('exit', () => {
      try {
        mkdirSync(dirname(cacheFile), { recursive: true, mode: 0o700 });
        const tmp = `${cacheFile}.${process.pid}.tmp`;
        writeFileSync(tmp, script.createCachedData());
        renameSync(tmp, cacheFile);
      } catch {
        // no cache this time: the next process compiles the package again
      }
    });
  }
  return mod.exports;
}
