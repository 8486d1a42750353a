#!/usr/bin/env node
// Differential oracle (dev script, not run in CI; issue #4):
//   npm run oracle -- <path to a fetched developtools_ace_ets2bundle: work tree, `git archive` extract or bare git dir>
//        [--filter substring] [--verbose] [--trees] [--dump dir (writes both bundles of every case)]
// For every utForPartialUpdate case (a .ets page with the reference compiler's expected .js.sample), builds the case
// twice through the same bundler as `hmos build` (ModuleBundler: esbuild + the ets plugin) in a scratch project whose
// only page is the case:
//   expected — the case's .ets (and any other file with a sample) is replaced by the reference's .js.sample;
//   ours     — the hmos ArkTS transform compiles every .ets.
// Files the reference has no sample for (the shared test/ components) are compiled by hmos on both sides.
// Both bundles run on the same emulated phone; after settling, the element trees are compared (component types,
// plain-data create args, attribute names and plain values, structure), then each app's clickable nodes are tapped
// in order (up to 8) and the trees compared after every tap — state management and events, not just a first frame. Each case is classified
// match / mismatch (first difference) / expected-fails / ours-fails / both-fail, and a JSON summary with the match
// rate over the cases whose expected JS runs is printed.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const src = argv.find((a, i) => !a.startsWith('--') && argv[i - 1] !== '--filter' && argv[i - 1] !== '--dump');
const filterIdx = argv.indexOf('--filter');
const filter = filterIdx >= 0 ? argv[filterIdx + 1] : '';
const verbose = argv.includes('--verbose');
const showTrees = argv.includes('--trees');
const dumpIdx = argv.indexOf('--dump');
const dumpDir = dumpIdx >= 0 ? path.resolve(argv[dumpIdx + 1]) : undefined;
if (!src) {
  console.error('usage: npm run oracle -- <ets2bundle checkout or git dir> [--filter s] [--verbose] [--trees]');
  process.exit(1);
}

const APP = 'compiler/test/transform_ut/application/entry';
const ETS = `${APP}/src/main/ets`;
const SAMPLES = `${APP}/build/default/cache/default/default@CompileArkTS/esmodule/debug/entry/src/main/ets`;
const CASES = 'pages/utForPartialUpdate/';

/** Lists and reads the reference's files from a work tree / extract, or through git for a bare mirror. */
function reference() {
  if (fs.existsSync(path.join(src, ETS))) {
    const list = (dir) => fs.readdirSync(dir, { withFileTypes: true })
      .flatMap((d) => (d.isDirectory() ? list(path.join(dir, d.name)) : [path.join(dir, d.name)]));
    const under = (dir) => (fs.existsSync(path.join(src, dir)) ? list(path.join(src, dir)).map((f) => path.relative(path.join(src, dir), f).split(path.sep).join('/')) : []);
    return { ets: under(ETS), samples: under(SAMPLES), read: (p) => fs.readFileSync(path.join(src, p), 'utf8') };
  }
  const git = (...a) => execFileSync('git', ['--git-dir', src, ...a], { encoding: 'utf8', maxBuffer: 1 << 28 });
  const under = (dir) => git('ls-tree', '-r', '--name-only', 'HEAD', dir).split('\n').filter(Boolean).map((f) => f.slice(dir.length + 1));
  return { ets: under(ETS), samples: under(SAMPLES), read: (p) => git('show', `HEAD:${p}`) };
}

// The hmos APIs, bundled from src/ (like `hmos build` uses them); packages stay external, so the file lives in the repo.
const cacheDir = path.join(root, 'node_modules/.cache/hmos-oracle');
fs.mkdirSync(cacheDir, { recursive: true });
const apiFile = path.join(cacheDir, `api-${process.pid}.mjs`);
await build({
  stdin: {
    contents: [
      "export { loadProject } from './src/project/project.ts';",
      "export { ModuleBundler } from './src/compiler/bundle.ts';",
      "export { transformEts } from './src/compiler/transform/index.ts';",
      "export { createDevice } from './src/runtime/device.ts';",
    ].join('\n'),
    resolveDir: root, loader: 'ts',
  },
  bundle: true, platform: 'node', format: 'esm', outfile: apiFile, packages: 'external', logLevel: 'warning',
});
const { loadProject, ModuleBundler, transformEts, createDevice } = await import(pathToFileURL(apiFile).href);

// ---- the scratch project: the reference's ets/ tree, no abilities (pages are opened directly). Laid out like the
// reference's test project (module `application` in application/entry) so that paths from the project root agree. ----
const ref = reference();
const work = fs.mkdtempSync(path.join(os.tmpdir(), 'hmos-oracle-diff-'));
const mainDir = path.join(work, 'application/entry/src/main');
const etsDir = path.join(mainDir, 'ets');
for (const f of ref.ets) {
  // Only the cases and the shared non-page files: other suites (e.g. insight intents) would join every bundle.
  if (!/\.e?ts$/.test(f) || (f.startsWith('pages/') && !f.startsWith(CASES))) continue;
  fs.mkdirSync(path.dirname(path.join(etsDir, f)), { recursive: true });
  try { fs.writeFileSync(path.join(etsDir, f), ref.read(`${ETS}/${f}`)); } catch { /* a blob missing from the snapshot */ }
}
const sampleOf = new Map(); // absolute .ets path → expected JS
for (const f of ref.samples) {
  if (!f.endsWith('.js.sample')) continue;
  const ets = path.join(etsDir, `${f.slice(0, -'.js.sample'.length)}.ets`);
  if (fs.existsSync(ets)) sampleOf.set(ets, () => ref.read(`${SAMPLES}/${f}`));
}
const cases = [...sampleOf.keys()]
  .map((f) => path.relative(etsDir, f).split(path.sep).join('/').slice(0, -'.ets'.length))
  .filter((p) => p.startsWith(CASES) && p.includes(filter)).sort();
const write = (rel, text) => { fs.mkdirSync(path.dirname(path.join(work, rel)), { recursive: true }); fs.writeFileSync(path.join(work, rel), text); };
write('build-profile.json5', JSON.stringify({ app: { products: [{ name: 'default' }] }, modules: [{ name: 'application', srcPath: './application/entry' }] }));
write('AppScope/app.json5', JSON.stringify({ app: { bundleName: 'com.example.application', vendor: 'oracle', versionCode: 1, versionName: '1.0.0' } }));
write('application/entry/src/main/module.json5', JSON.stringify({ module: { name: 'application', type: 'entry', deviceTypes: ['phone'], pages: '$profile:main_pages' } }));
write('application/entry/src/main/resources/base/profile/main_pages.json', JSON.stringify({ src: cases }));
const { project } = loadProject(work);
const module = project.modules[0];

/** The transform for the expected side: a file with a reference sample compiles to that sample. */
const expectedTransform = (source, options) => {
  const sample = sampleOf.get(path.resolve(options.fileName));
  return sample ? { code: sample(), diagnostics: [], intents: [] } : transformEts(source, options);
};

const device = createDevice({ profile: 'phone', dataDir: path.join(work, 'device'), watchdogMs: 3000 });

/** Builds the case's page into a bundle and runs it; returns the settled tree or the error. */
async function run(page, transform, side) {
  const bundler = new ModuleBundler(project, { ...module, pages: [page] }, { transform });
  let out;
  try { out = await bundler.build(); } finally { await bundler.dispose(); }
  if (dumpDir) {
    const file = path.join(dumpDir, `${page.slice(CASES.length).replace(/\//g, '__')}.${side}.js`);
    fs.mkdirSync(dumpDir, { recursive: true });
    fs.writeFileSync(file, out.code);
  }
  const errors = out.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) {
    const d = errors[0];
    return { error: `build: ${d.code ?? ''} ${d.message}${d.file ? ` (${path.relative(etsDir, d.file)}:${d.line}:${d.col})` : ''}`.replace(/\s+/g, ' ') };
  }
  const app = device.launch({ bundle: new Map([['ets/bundle.js', out.code]]), page });
  await app.settle();
  if (app.crash) { app.stop(); return { error: `run: ${app.crash.message}`.split('\n')[0] }; }
  // The same pseudo-random sequence on both sides, so taps on handlers that use Math.random compare.
  app.evaluate('(() => { let s = 42; Math.random = () => { s = (s * 16807) % 2147483647; return (s - 1) / 2147483646; }; })()');
  return { app, tree: normalize(app.tree()) };
}

/** Nodes with a click handler, in tree order (what a user could tap). */
function clickables(n, out = []) {
  if (n.attrs?.onClick) out.push(n);
  for (const c of n.children) clickables(c, out);
  return out;
}
const MAX_CLICKS = 8;
/**
 * Interaction: taps the k-th clickable node of both apps, one after the other, and compares the trees after each
 * tap (the state management and event wiring, not just the first frame). Returns the first difference, if any.
 */
async function interact(expectedApp, oursApp) {
  const count = Math.min(MAX_CLICKS, clickables(expectedApp.tree()).length);
  for (let k = 0; k < count; k++) {
    for (const app of [expectedApp, oursApp]) {
      const target = clickables(app.tree())[k];
      if (target) app.click(target);
      await app.settle();
    }
    const e = expectedApp.crash ? { error: expectedApp.crash.message } : { tree: normalize(expectedApp.tree()) };
    const o = oursApp.crash ? { error: oursApp.crash.message } : { tree: normalize(oursApp.tree()) };
    if (e.error && !o.error) return { diff: `after tap #${k + 1}: expected crashed (${e.error.split('\n')[0]})`, expectedCrash: true };
    if (o.error && !e.error) return { diff: `after tap #${k + 1}: ours crashed (${o.error.split('\n')[0]})` };
    if (e.error && o.error) return undefined;
    const d = firstDifference(e.tree, o.tree);
    if (d) return { diff: `after tap #${k + 1}: ${d}` };
  }
  return undefined;
}

// ---- tree comparison ----
/** Plain data survives (from the app realm, so prototypes are checked by name); the rest becomes a type tag. */
function plain(v, depth = 0) {
  if (v === null || v === undefined || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (typeof v === 'function') return '<function>';
  if (typeof v !== 'object') return `<${typeof v}>`;
  if (depth > 4) return '<deep>';
  if (Array.isArray(v)) return v.map((x) => plain(x, depth + 1));
  const proto = Object.getPrototypeOf(v);
  const ctor = proto?.constructor?.name;
  if (proto !== null && ctor !== 'Object') return `<${ctor ?? 'object'}>`;
  const o = {};
  for (const k of Object.keys(v).sort()) o[k] = plain(v[k], depth + 1);
  return o;
}
function normalize(n) {
  const attrs = {};
  for (const k of Object.keys(n.attrs).sort()) attrs[k] = plain(n.attrs[k]);
  return { type: n.type, args: plain(n.args), attrs, children: n.children.map(normalize) };
}
const json = (v) => JSON.stringify(v);
/** The first difference between two normalized trees, as `path: expected ≠ ours`, or undefined. */
function firstDifference(a, b, at = '') {
  const here = `${at}/${a.type}`;
  if (a.type !== b.type) return `${at}/: type ${a.type} ≠ ${b.type}`;
  if (json(a.args) !== json(b.args)) return `${here}: args ${json(a.args)} ≠ ${json(b.args)}`;
  const names = [...new Set([...Object.keys(a.attrs), ...Object.keys(b.attrs)])].sort();
  for (const k of names) {
    if (!(k in a.attrs)) return `${here}: attribute .${k} only in ours`;
    if (!(k in b.attrs)) return `${here}: attribute .${k} missing in ours`;
    if (json(a.attrs[k]) !== json(b.attrs[k])) return `${here}: .${k}(${json(a.attrs[k])}) ≠ .${k}(${json(b.attrs[k])})`;
  }
  for (let i = 0; i < Math.max(a.children.length, b.children.length); i++) {
    if (!a.children[i]) return `${here}: extra child ${b.children[i].type} in ours`;
    if (!b.children[i]) return `${here}: child ${a.children[i].type} missing in ours`;
    const d = firstDifference(a.children[i], b.children[i], `${here}[${i}]`);
    if (d) return d;
  }
  return undefined;
}
const show = (n) => {
  const a = n.args?.[0];
  const head = typeof a === 'string' || typeof a === 'number' ? `${n.type}(${JSON.stringify(a)})` : n.type;
  return n.children.length ? `${head}[${n.children.map(show).join(' ')}]` : head;
};

// ---- the run ----
const results = [];
for (const page of cases) {
  const name = page.slice(CASES.length);
  const expected = await run(page, expectedTransform, 'expected');
  const ours = await run(page, transformEts, 'ours');
  let r;
  if (expected.error && ours.error) r = { case: name, status: 'both-fail', expected: expected.error, ours: ours.error };
  else if (expected.error) r = { case: name, status: 'expected-fails', expected: expected.error };
  else if (ours.error) r = { case: name, status: 'ours-fails', ours: ours.error };
  else {
    const diff = firstDifference(expected.tree, ours.tree);
    if (diff) r = { case: name, status: 'mismatch', diff };
    else {
      const after = await interact(expected.app, ours.app);
      r = after ? { case: name, status: after.expectedCrash ? 'expected-fails' : 'mismatch', diff: after.diff } : { case: name, status: 'match' };
    }
  }
  expected.app?.stop();
  ours.app?.stop();
  results.push(r);
  if (verbose && r.status !== 'match') console.error(`${r.status.padEnd(14)} ${name}\n    ${r.diff ?? [r.expected && `expected: ${r.expected}`, r.ours && `ours: ${r.ours}`].filter(Boolean).join('\n    ')}`);
  if (showTrees) {
    if (expected.tree) console.error(`  expected ${show(expected.tree)}`);
    if (ours.tree) console.error(`  ours     ${show(ours.tree)}`);
  }
}
const count = (s) => results.filter((r) => r.status === s).length;
const runnable = results.length - count('expected-fails') - count('both-fail');
const summary = {
  cases: results.length, match: count('match'), mismatch: count('mismatch'), oursFails: count('ours-fails'),
  expectedFails: count('expected-fails'), bothFail: count('both-fail'), expectedRuns: runnable,
  matchRate: runnable ? Math.round((count('match') / runnable) * 1000) / 10 : 0,
};
console.log(JSON.stringify({ summary, results: results.filter((r) => r.status !== 'match') }, null, 2));
fs.rmSync(work, { recursive: true, force: true });
fs.rmSync(apiFile, { force: true });
