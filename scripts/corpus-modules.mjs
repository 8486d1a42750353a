// Module discovery shared by the corpus scripts (corpus.mjs: builds; corpus-preview.mjs: first pages).
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import JSON5 from 'json5';

/** Every Stage-model module folder (one with src/main/module.json5) under `dir`. */
export function findModules(dir, out = []) {
  let names;
  try {
    names = readdirSync(dir);
  } catch {
    return out;
  }
  if (existsSync(join(dir, 'src/main/module.json5'))) out.push(dir);
  for (const n of names) {
    if (n === 'node_modules' || n === 'oh_modules' || n === 'build' || n.startsWith('.')) continue;
    const p = join(dir, n);
    try {
      if (statSync(p).isDirectory()) findModules(p, out);
    } catch {
      // unreadable: skip
    }
  }
  return out;
}

/** Registry dependencies (not `file:`) that are not installed next to the module or the project. */
export function missingRegistryDeps(moduleDir) {
  const f = join(moduleDir, 'oh-package.json5');
  if (!existsSync(f)) return [];
  let pkg;
  try {
    pkg = JSON5.parse(readFileSync(f, 'utf8'));
  } catch {
    return [];
  }
  return Object.entries(pkg.dependencies ?? {})
    .filter(([, spec]) => typeof spec === 'string' && !/^(file:|\.\.?\/|\/)/.test(spec))
    .map(([name]) => name)
    .filter((name) => !existsSync(join(moduleDir, 'oh_modules', name)) && !existsSync(join(moduleDir, '..', 'oh_modules', name)));
}
