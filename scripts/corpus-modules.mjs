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

/** Registry dependencies (not local paths) that are not installed, of the module and, transitively, of its local packages. */
export function missingRegistryDeps(moduleDir, seen = new Set()) {
  if (seen.has(moduleDir)) return [];
  seen.add(moduleDir);
  const f = [join(moduleDir, 'oh-package.json5'), join(moduleDir, 'package.json')].find((x) => existsSync(x));
  if (!f) return [];
  let pkg;
  try {
    pkg = JSON5.parse(readFileSync(f, 'utf8'));
  } catch {
    return [];
  }
  const out = [];
  for (const [name, spec] of Object.entries(pkg.dependencies ?? {})) {
    if (typeof spec !== 'string') continue;
    if (/^(file:|\.\.?\/|\/)/.test(spec)) {
      out.push(...missingRegistryDeps(join(moduleDir, spec.replace(/^file:/, '')), seen));
      continue;
    }
    const installed = ['oh_modules', 'node_modules'].some((m) => existsSync(join(moduleDir, m, name)) || existsSync(join(moduleDir, '..', m, name)));
    if (!installed) out.push(name);
  }
  return [...new Set(out)];
}
