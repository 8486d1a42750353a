// `npm run kits:coverage -- <dir>… [--json] [--top N] [--missing]`: how much of the system API that real code uses at
// run time an emulated device implements.
//
// Every .ets/.ts file under the folders (not oh_modules, node_modules, build output) is parsed; each member of
// `@kit.*`, `@ohos.*`, `@arkts.*` and `@hms.*` it uses at run time is one unit (`relationalStore.getRdbStore`,
// `hilog.info`, `BusinessError`; uses in type positions only are erased by the compiler and listed apart), weighted by
// the number of files that use it. `@kit.*` members count as the module they re-export, so both import styles meet.
//
// A member is implemented when BOTH hold:
//   1. the device provides it: looked up in a probe app's realm as compiled code looks it up, it is a real value —
//      not missing and not the UNSUPPORTED_API stand-in that throws code 801 (src/runtime/kits/probe.ts);
//   2. a fixture app of the test suite uses it (test/fixtures/**): the kit tests run those apps on a device and check
//      what each call returns, so a member nobody exercises does not count, however it is defined.
// Code of a module's test source sets (src/ohosTest, src/test) runs under `hmos test`: the members it uses are probed on
// a test run's device, whose realm adds the test kit (Hypium, UiTest, the ability delegator) to the app's kits.
// Prints the table (heaviest first) and one figure: the implemented share by weight.
import { spawnSync } from 'node:child_process';
import vm from 'node:vm';
import { existsSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

// The probe app runs in an app realm, which needs this Node flag (src/runtime/realm.ts): run again with it.
if (typeof vm.SourceTextModule !== 'function') {
  const again = spawnSync(process.execPath, ['--experimental-vm-modules', ...process.argv.slice(1)], { stdio: 'inherit' });
  process.exit(again.status ?? 1);
}
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const flag = (name) => { const i = argv.indexOf(name); if (i < 0) return false; argv.splice(i, 1); return true; };
const option = (name, dflt) => { const i = argv.indexOf(name); if (i < 0) return dflt; const v = argv[i + 1]; argv.splice(i, 2); return v; };
const asJson = flag('--json');
/** Also write the JSON to this file while the table is printed (one pass for both). */
const jsonFile = option('--json-file', undefined);
const onlyMissing = flag('--missing');
const top = Number(option('--top', '40'));
const dirs = argv;
if (!dirs.length || dirs.some((d) => !existsSync(d)) || !Number.isFinite(top)) {
  process.stderr.write('usage: npm run kits:coverage -- <folder>… [--json | --json-file <file>] [--top N] [--missing]\n');
  process.exit(1);
}
const dist = (p) => {
  const f = join(root, 'dist', p);
  if (!existsSync(f)) { process.stderr.write(`dist/${p} is missing: run \`npm run build\` first\n`); process.exit(1); }
  return import(pathToFileURL(f).href);
};
await dist('compiler/kit-usage.js');
const { probeKitMembers } = await dist('runtime/kits/probe.js');
const { canonicalMember, memberLabel } = await dist('runtime/kits/kit-table.js');
const { testExtension } = await dist('testing/test-extension.js');
/** Code of a module's test source sets (src/ohosTest, src/test) runs under `hmos test`, whose realm adds the test kit. */
const isTestCode = (f) => /[\\/]src[\\/](ohosTest|test)[\\/]/.test(f);
/** A test run that runs nothing: the probe only looks members up. */
const IDLE_TEST_CHANNEL = { event() {}, plan: () => ({ run: [] }), ui() {}, logHas: () => false, clearLog() {} };

const SKIP = new Set(['node_modules', 'oh_modules', 'build', '.hvigor', '.preview', '.git', '.idea']);
function sources(dir, out = []) {
  let names;
  try { names = readdirSync(dir); } catch { return out; }
  for (const n of names) {
    if (SKIP.has(n) || n.startsWith('.')) continue;
    const p = join(dir, n);
    let st;
    try { st = statSync(p); } catch { continue; }
    if (st.isDirectory()) sources(p, out);
    else if (/\.(ets|ts)$/.test(n) && !/\.d\.e?ts$/.test(n) && st.size < 2_000_000) out.push(p);
  }
  return out;
}

const key = (m) => `${m.spec}\t${m.name}\t${m.prop ?? ''}`;

// Files are parsed in a worker thread with a memory cap and a time limit: ohos-typescript loops forever (growing an
// array until V8 aborts the whole process with "invalid size") on some inputs — e.g. a statement starting with
// `overload.` — and one such file must cost only itself. It is counted as unparsed and named.
const WORKER = `
const { parentPort, workerData } = require('node:worker_threads');
const { readFileSync } = require('node:fs');
import(workerData.scanner).then(({ scanKitUsage }) => {
  parentPort.on('message', (f) => {
    let usage = null;
    try { usage = scanKitUsage(f, readFileSync(f, 'utf8')); } catch { usage = null; }
    parentPort.postMessage(usage);
  });
  parentPort.postMessage('ready');
});`;
async function scanFiles(files, onUsage) {
  const scanner = pathToFileURL(join(root, 'dist', 'compiler', 'kit-usage.js')).href;
  let worker; let waiting; let ready;
  const start = () => new Promise((resolve) => {
    worker = new Worker(WORKER, { eval: true, workerData: { scanner }, resourceLimits: { maxOldGenerationSizeMb: 128, maxYoungGenerationSizeMb: 16 } });
    worker.on('message', (m) => { if (m === 'ready') resolve(); else { const w = waiting; waiting = undefined; w?.(m); } });
    worker.on('error', () => {});
    worker.on('exit', () => { const w = waiting; waiting = undefined; w?.(undefined); });
  });
  const failed = [];
  ready = start();
  for (const f of files) {
    await ready;
    const usage = await new Promise((resolve) => {
      waiting = resolve;
      const timer = setTimeout(() => { void worker.terminate(); }, 5_000);
      worker.postMessage(f);
      const done = waiting; waiting = (v) => { clearTimeout(timer); done(v); };
    });
    if (usage === undefined) { failed.push(f); ready = start(); continue; }
    if (usage === null) { failed.push(f); continue; }
    onUsage(f, usage);
  }
  await worker.terminate();
  return failed;
}

/** Canonical members a set of files uses: key → { member, forms (as imported), files, projects }. */
async function scan(files, projectOf) {
  const units = new Map();
  let typeOnly = 0;
  const failed = await scanFiles(files, (f, usage) => {
    typeOnly += usage.typeOnly.length;
    const seen = new Set();
    for (const u of usage.values) {
      const c = canonicalMember(u);
      const k = key(c);
      let unit = units.get(k);
      if (!unit) units.set(k, unit = { member: c, forms: new Map(), testForms: new Set(), appForms: new Set(), files: 0, testFiles: 0, projects: new Set() });
      unit.forms.set(key(u), u);
      (isTestCode(f) ? unit.testForms : unit.appForms).add(key(u));
      if (!seen.has(k)) { seen.add(k); unit.files++; if (isTestCode(f)) unit.testFiles++; unit.projects.add(projectOf(f)); }
    }
  });
  return { units, typeOnly, failed: failed.length, failedFiles: failed };
}

const corpusFiles = [];
const projectOfFile = new Map();
for (const d of dirs) {
  const abs = resolve(d);
  for (const f of sources(abs)) {
    corpusFiles.push(f);
    const rel = relative(abs, f).split(sep);
    projectOfFile.set(f, rel.length > 1 ? `${d.replace(/\/$/, '')}/${rel[0]}` : d);
  }
}
const corpus = await scan(corpusFiles, (f) => projectOfFile.get(f));
const fixtures = await scan(sources(join(root, 'test/fixtures')), () => 'fixtures');

// Probe every form a member was imported in (the kit form and the module form must both resolve).
const forms = new Map();
for (const u of corpus.units.values()) for (const [k, f] of u.forms) forms.set(k, f);
const formList = [...forms.values()];
const statuses = probeKitMembers(formList);
const statusOf = new Map(formList.map((f, i) => [key(f), statuses[i]]));
// Forms test code uses, probed again on a test run's device (it adds the test kit to what the app's device provides).
const testFormList = [...new Map([...corpus.units.values()].flatMap((u) => [...u.testForms].map((fk) => [fk, u.forms.get(fk)]))).values()];
const testStatuses = testFormList.length ? probeKitMembers(testFormList, { extensions: [testExtension(IDLE_TEST_CHANNEL)] }) : [];
const testStatusOf = new Map(testFormList.map((f, i) => [key(f), testStatuses[i]]));

const worst = (st) => (st.includes('missing') ? 'missing' : st.includes('stub') ? 'stub' : 'ok');
const rows = [...corpus.units.entries()].map(([k, u]) => {
  // Where app code uses a member, it must be on the app's device; where only test code does, on a test run's.
  const appProvided = u.appForms.size ? worst([...u.appForms].map((fk) => statusOf.get(fk))) : undefined;
  const testProvided = u.testForms.size ? worst([...u.testForms].map((fk) => testStatusOf.get(fk))) : undefined;
  const provided = worst([appProvided, testProvided].filter(Boolean));
  const exercised = fixtures.units.has(k);
  // Weight: the files whose device provides it (a member app code cannot use but test code can counts its test files).
  const providedFiles = provided === 'ok' ? u.files : testProvided === 'ok' ? u.testFiles : 0;
  return { member: memberLabel(u.member), weight: u.files, provided, exercised, implemented: provided === 'ok' && exercised,
    implementedWeight: exercised ? providedFiles : 0, projects: u.projects };
}).sort((a, b) => b.weight - a.weight || a.member.localeCompare(b.member));

const total = rows.reduce((s, r) => s + r.weight, 0);
const done = rows.reduce((s, r) => s + r.implementedWeight, 0);
const share = total ? done / total : 1;
const perProject = {};
for (const r of rows) for (const p of r.projects) {
  const e = perProject[p] ??= { weight: 0, implemented: 0 };
  e.weight += 1; if (r.implemented) e.implemented += 1;
}
const summary = {
  files: corpusFiles.length, unparsed: corpus.failed, unparsedFiles: corpus.failedFiles, members: rows.length, weight: total, implementedWeight: done,
  implementedShare: Math.round(share * 1000) / 10, typeOnlyImports: corpus.typeOnly,
  providedNotExercised: rows.filter((r) => r.provided === 'ok' && !r.exercised).length,
  perProject: Object.fromEntries(Object.entries(perProject).map(([p, e]) => [p, Math.round((e.implemented / e.weight) * 1000) / 10])),
};

const json = () => JSON.stringify({ summary, members: rows.map(({ projects, ...r }) => ({ ...r, projects: projects.size })) }, null, 2) + '\n';
if (jsonFile) writeFileSync(jsonFile, json());
if (asJson) {
  process.stdout.write(json());
} else {
  const mark = (r) => (r.implemented ? '✓' : r.implementedWeight ? 't' : r.provided === 'ok' ? '~' : r.provided === 'stub' ? '·' : '✗');
  const shown = (onlyMissing ? rows.filter((r) => !r.implemented) : rows).slice(0, top);
  process.stdout.write(`weight  ok  member   (✓ implemented and exercised by a fixture app, t only where test code uses it, ~ provided but no fixture uses it, · UNSUPPORTED_API stub, ✗ missing)\n`);
  for (const r of shown) process.stdout.write(`${String(r.weight).padStart(6)}  ${mark(r)}   ${r.member}\n`);
  const more = (onlyMissing ? rows.filter((r) => !r.implemented) : rows).length - shown.length;
  if (more > 0) process.stdout.write(`   … ${more} more (--top N, --missing, --json)\n`);
  process.stdout.write(`\n${corpusFiles.length} files, ${rows.length} members used at run time (${corpus.typeOnly} imports used only as types, not counted)\n`);
  process.stdout.write(`implemented: ${summary.implementedShare}% by weight (${done} of ${total} file-uses)\n`);
  if (corpus.failedFiles.length) process.stdout.write(`not parsed (the parser failed or ran out of memory on them): ${corpus.failedFiles.join(', ')}\n`);
}
