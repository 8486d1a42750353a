/**
 * The worker scripts of a module (`@ohos.worker`): entries of their own, run in a worker realm, never by the app's
 * entry. As the reference compiler (ets-loader's readWorkerFile / loadWorker) decides them:
 *  - `buildOption.sourceOption.workers` of the module's build-profile.json5 when it lists any: paths from the module
 *    folder, each an .ets, .ts or .js file (10906402), no two with the same name (10905407);
 *  - else every .ets, .ts or .js file under `src/main/ets/workers/`.
 * Each is keyed by its path from src/main without the extension (`ets/workers/Worker`), which is what a script URL
 * such as `entry/ets/workers/Worker.ets` names once its module is taken off (src/runtime/kits/worker-host.ts).
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { isFile } from '../util/fs-probe.js';
import { join, relative, resolve } from 'node:path';
import type { Diagnostic } from '../diagnostics.js';
import type { ModuleInfo } from '../project/project.js';
import { atPath, isObject, readJson5File } from '../project/json5-file.js';
import { relativePosix } from '../util/paths.js';

const SCRIPT = /\.(ets|ts|js)$/;

/** Worker key (`ets/workers/Worker`) → absolute file, in a stable order. */
export function workerEntries(module: ModuleInfo, diagnostics: Diagnostic[]): Map<string, string> {
  const out = new Map<string, string>();
  const keyOf = (file: string) => relativePosix(module.mainDir, file).replace(SCRIPT, '');
  const profileFile = join(module.dir, 'build-profile.json5');
  const declared = existsSync(profileFile) ? declaredWorkers(profileFile) : undefined;
  if (declared && declared.list.length > 0) {
    declared.list.forEach((w, i) => {
      const at = atPath(declared.json, ['buildOption', 'sourceOption', 'workers', i]);
      if (typeof w !== 'string' || !SCRIPT.test(w)) {
        diagnostics.push({ severity: 'error', code: 'WORKER_FILE_TYPE', message: `The worker file can only be an '.ets', '.ts', or '.js' file (got ${JSON.stringify(w)})`, ...at });
        return;
      }
      const file = resolve(module.dir, w);
      if (!isFile(file)) {
        diagnostics.push({ severity: 'error', code: 'WORKER_NOT_FOUND', message: `The worker file ${w} does not exist; fix the path in buildOption.sourceOption.workers (paths start at the module folder, e.g. ./src/main/ets/workers/Worker.ets)`, ...at });
        return;
      }
      if (relative(module.mainDir, file).startsWith('..')) {
        diagnostics.push({ severity: 'error', code: 'WORKER_OUTSIDE_MODULE', message: `The worker file ${w} is outside the module's src/main: put it under src/main/ets`, ...at });
        return;
      }
      const key = keyOf(file);
      if (out.has(key)) {
        diagnostics.push({ severity: 'error', code: 'WORKER_DUPLICATE', message: `The worker file cannot use the same file name as ${relative(module.dir, out.get(key)!)}: ${w}`, ...at });
        return;
      }
      out.set(key, file);
    });
    return out;
  }
  for (const file of walk(join(module.etsDir, 'workers'))) out.set(keyOf(file), file);
  return out;
}

function declaredWorkers(file: string): { json: NonNullable<ReturnType<typeof readJson5File>>; list: unknown[] } | undefined {
  // Syntax errors of build-profile.json5 are reported by the project loader; here an unreadable file declares nothing.
  const json = readJson5File(file, []);
  const v = json?.value;
  const opt = isObject(v) && isObject(v.buildOption) && isObject(v.buildOption.sourceOption) ? v.buildOption.sourceOption : undefined;
  return json && opt && Array.isArray(opt.workers) ? { json, list: opt.workers } : undefined;
}

function walk(dir: string): string[] {
  let names: string[];
  try { names = readdirSync(dir).sort(); } catch { return []; }
  const out: string[] = [];
  for (const n of names) {
    const p = join(dir, n);
    let st;
    try { st = statSync(p); } catch { continue; }
    if (st.isDirectory()) out.push(...walk(p));
    else if (SCRIPT.test(n) && !n.endsWith('.d.ts') && !n.endsWith('.d.ets')) out.push(p);
  }
  return out;
}
