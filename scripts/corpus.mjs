// `npm run corpus -- <folder> [--json-only]`: builds every Stage-model module (src/main/module.json5) under a folder
// with hmos's build API into a scratch output folder, prints pass/fail and the first error per module, then a JSON
// summary. Modules whose oh-package.json5 needs registry packages that are not installed (no oh_modules/) are
// counted apart: they cannot build offline with any tool.
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { findModules, missingRegistryDeps } from './corpus-modules.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const folder = process.argv[2];
if (!folder || !existsSync(folder)) {
  process.stderr.write('usage: npm run corpus -- <folder with ArkTS projects>\n');
  process.exit(1);
}
const api = join(root, 'dist/compiler/build.js');
if (!existsSync(api)) {
  process.stderr.write('dist/compiler/build.js is missing: run `npm run build` first\n');
  process.exit(1);
}
const { buildProject } = await import(pathToFileURL(api).href);

const modules = findModules(folder).sort();
const scratch = mkdtempSync(join(tmpdir(), 'hmos-corpus-'));
const home = mkdtempSync(join(tmpdir(), 'hmos-corpus-home-'));
const results = [];
for (const [i, dir] of modules.entries()) {
  const rel = relative(folder, dir);
  const external = missingRegistryDeps(dir);
  const t0 = performance.now();
  let status;
  let first;
  let code;
  try {
    const r = await buildProject(dir, { homeDir: home, outputDir: join(scratch, String(i)) });
    const err = r.diagnostics.find((d) => d.severity === 'error');
    const skipped = r.modules.length === 0 && err?.code === 'MODULE_NOT_BUILDABLE';
    status = skipped ? 'skip' : r.ok ? 'pass' : 'fail';
    if (err) {
      code = err.code;
      first = `${err.file ? relative(folder, err.file) : ''}${err.line ? `:${err.line}:${err.col}` : ''} ${err.code}: ${err.message}`;
    }
  } catch (e) {
    status = 'fail';
    code = e?.code ?? 'INTERNAL';
    first = `${code}: ${String(e?.message ?? e).split('\n')[0]}`;
  }
  const ms = Math.round(performance.now() - t0);
  results.push({ module: rel, status, external, code, first, ms });
  process.stdout.write(`${status.toUpperCase().padEnd(4)} ${rel} (${ms} ms)${external.length ? ` [needs ${external.join(', ')}]` : ''}${first && status !== 'pass' ? `\n     ${first}` : ''}\n`);
}
const local = results.filter((r) => r.external.length === 0 && r.status !== 'skip');
const passed = local.filter((r) => r.status === 'pass').length;
const causes = {};
for (const r of results) if (r.status === 'fail') causes[r.code] = (causes[r.code] ?? 0) + 1;
process.stdout.write(JSON.stringify({
  modules: results.length,
  skipped: results.filter((r) => r.status === 'skip').length,
  withExternalDeps: results.filter((r) => r.external.length > 0).length,
  localOrSystemDeps: { modules: local.length, passed, passRate: local.length ? Math.round((passed / local.length) * 1000) / 10 : null },
  allPassed: results.filter((r) => r.status === 'pass').length,
  failuresByCode: causes,
}, null, 2) + '\n');
