// `npm run corpus -- <folder> [--by project|module] [--json out.json]`: builds real ArkTS code with hmos's build API
// into scratch output folders and says what happened.
//
// --by project (the default): every project under <folder> — a folder whose build-profile.json5 lists `modules` (a
//   folder of several projects counts each) — is built whole, and is one of
//     built    every entry/feature module built;
//     blocked  every error is DEP_NOT_INSTALLED: a registry package declared in an oh-package.json5 with no oh_modules
//              (named, with how far the project gets: the modules that do not need them build);
//     failed   with its first errors;
//     not-arkts an FA-model JavaScript project (config.json), which hmos does not build.
//   The rate is built / (projects that are neither blocked nor FA-model).
// --by module: every Stage-model module (src/main/module.json5) is built on its own (the older corpus's view); modules
//   whose oh-package.json5 needs registry packages that are not installed are counted apart.
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import JSON5 from 'json5';
import { findModules, missingRegistryDeps } from './corpus-modules.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const option = (name) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const folder = args.find((a, i) => !a.startsWith('--') && !['--by', '--json'].includes(args[i - 1]));
const by = option('--by') ?? 'project';
if (!folder || !existsSync(folder) || !['project', 'module'].includes(by)) {
  process.stderr.write('usage: npm run corpus -- <folder with ArkTS projects> [--by project|module] [--json out.json]\n');
  process.exit(1);
}
const api = join(root, 'dist/compiler/build.js');
if (!existsSync(api)) {
  process.stderr.write('dist/compiler/build.js is missing: run `npm run build` first\n');
  process.exit(1);
}
const { buildProject } = await import(pathToFileURL(api).href);
const scratch = mkdtempSync(join(tmpdir(), 'hmos-corpus-'));
const home = mkdtempSync(join(tmpdir(), 'hmos-corpus-home-'));
const describe = (d) => `${d.file ? relative(folder, d.file) : ''}${d.line ? `:${d.line}:${d.col}` : ''} ${d.code}: ${d.message}`;

try {
  const summary = by === 'project' ? await byProject() : await byModule();
  const out = option('--json');
  if (out) writeFileSync(out, JSON.stringify(summary, null, 2) + '\n');
} finally {
  rmSync(scratch, { recursive: true, force: true });
  rmSync(home, { recursive: true, force: true });
}

/** Folders whose build-profile.json5 lists modules; a project's own sub-folders are not searched further. */
function findProjects(dir, out = []) {
  const profile = join(dir, 'build-profile.json5');
  if (existsSync(profile)) {
    try {
      const value = JSON5.parse(readFileSync(profile, 'utf8'));
      if (Array.isArray(value?.modules)) {
        out.push(dir);
        return out;
      }
    } catch {
      // a broken profile: the build reports it
      out.push(dir);
      return out;
    }
  }
  let names;
  try {
    names = readdirSync(dir).sort();
  } catch {
    return out;
  }
  for (const n of names) {
    if (n === 'node_modules' || n === 'oh_modules' || n === 'build' || n.startsWith('.')) continue;
    const p = join(dir, n);
    try {
      if (statSync(p).isDirectory()) findProjects(p, out);
    } catch {
      // unreadable: skip
    }
  }
  return out;
}

async function byProject() {
  const projects = findProjects(folder);
  const results = [];
  for (const [i, dir] of projects.entries()) {
    const rel = relative(folder, dir) || '.';
    const t0 = performance.now();
    let status;
    let errors = [];
    let modules = [];
    try {
      const r = await buildProject(dir, { homeDir: home, outputDir: join(scratch, String(i)) });
      errors = r.diagnostics.filter((d) => d.severity === 'error');
      modules = r.modules.map((m) => ({ name: m.name, built: Boolean(m.hap), ets: (m.inputs ?? []).filter((f) => f.endsWith('.ets')) }));
      status = r.ok ? 'built' : errors.every((d) => d.code === 'DEP_NOT_INSTALLED') ? 'blocked' : 'failed';
    } catch (e) {
      // An FA-model (JavaScript) project is not what hmos builds: counted apart, not as a failure.
      status = e?.code === 'PROJECT_FA_MODEL' ? 'not-arkts' : 'failed';
      errors = [{ code: e?.code ?? 'INTERNAL', message: String(e?.message ?? e).split('\n')[0], ...(e?.location ?? {}) }];
    }
    const ms = Math.round(performance.now() - t0);
    const missing = [...new Set(errors.filter((d) => d.code === 'DEP_NOT_INSTALLED').map((d) => d.message.split(' ')[0]))].sort();
    const builtModules = modules.filter((m) => m.built).length;
    const entry = { project: rel, status, modules: `${builtModules}/${modules.length}`, ms };
    if (status === 'blocked') {
      entry.missing = missing;
      // How far it gets: every other file compiled with no other error (esbuild goes on past unresolved imports).
      // The .ets files in the modules' bundles, each once (a HAR's files are in every module that uses it) — not the
      // count transformed in this run, which depends on what earlier runs left in the module caches.
      entry.compiledEts = new Set(modules.flatMap((m) => m.ets)).size;
    }
    if (status === 'not-arkts') entry.reason = errors[0]?.message;
    if (status === 'failed') {
      entry.firstErrors = errors.filter((d) => d.code !== 'DEP_NOT_INSTALLED').slice(0, 3).map(describe);
      if (missing.length) entry.alsoMissing = missing;
    }
    entry.errorCodes = countBy(errors, (d) => d.code);
    results.push(entry);
    let line = `${status.toUpperCase().padEnd(7)} ${rel}  modules ${entry.modules} (${ms} ms)`;
    if (status === 'blocked') line += `\n        not installed: ${missing.join(', ')}; everything else compiles (${entry.compiledEts} .ets, no other error)`;
    if (status === 'not-arkts') line += `\n        ${entry.reason}`;
    if (status === 'failed') line += entry.firstErrors.map((e) => `\n        ${e}`).join('') + (missing.length ? `\n        (also not installed: ${missing.join(', ')})` : '');
    process.stdout.write(line + '\n');
  }
  const notBlocked = results.filter((r) => r.status !== 'blocked' && r.status !== 'not-arkts');
  const built = results.filter((r) => r.status === 'built').length;
  const summary = {
    projects: results.length,
    built,
    blocked: results.filter((r) => r.status === 'blocked').length,
    notArkTS: results.filter((r) => r.status === 'not-arkts').length,
    failed: notBlocked.length - built,
    passRateOfNotBlocked: notBlocked.length ? Math.round((built / notBlocked.length) * 1000) / 10 : null,
    failuresByCode: countBy(results.filter((r) => r.status === 'failed').flatMap((r) => Object.keys(r.errorCodes)), (c) => c),
    results,
  };
  process.stdout.write(JSON.stringify({ ...summary, results: undefined }, null, 2) + '\n');
  return summary;
}

async function byModule() {
  const modules = findModules(folder).sort();
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
        first = describe(err);
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
  const summary = {
    modules: results.length,
    skipped: results.filter((r) => r.status === 'skip').length,
    withExternalDeps: results.filter((r) => r.external.length > 0).length,
    localOrSystemDeps: { modules: local.length, passed, passRate: local.length ? Math.round((passed / local.length) * 1000) / 10 : null },
    allPassed: results.filter((r) => r.status === 'pass').length,
    failuresByCode: countBy(results.filter((r) => r.status === 'fail'), (r) => r.code),
  };
  process.stdout.write(JSON.stringify(summary, null, 2) + '\n');
  return { ...summary, results };
}

function countBy(list, key) {
  const out = {};
  for (const x of list) out[key(x)] = (out[key(x)] ?? 0) + 1;
  return out;
}
