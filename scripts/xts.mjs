// `npm run xts -- <folder> [--jobs n] [--out results.json] [--limit n]`: runs `hmos test` over every project
// (AppScope/app.json5) under a folder — the platform's conformance suites, e.g. xts_acts' arkui/ace_ets_* — each on a
// scratch copy (the corpus is never written to), in a child process with a time limit. Prints each project's
// passed/total cases, then per top-level folder the totals and the main causes of failed cases (messages with their
// numbers and quoted values folded), and a JSON summary. A project's Test.json `testcase-timeout` is its case timeout.
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { spawn } from 'node:child_process';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, dflt) => { const i = args.indexOf(name); if (i < 0) return dflt; const v = args[i + 1]; args.splice(i, 2); return v; };
const jobs = Math.max(1, Number(opt('--jobs', '2')));
const out = opt('--out', undefined);
const limit = Number(opt('--limit', '0'));
const folder = args[0];
if (!folder || !existsSync(folder)) {
  process.stderr.write('usage: npm run xts -- <folder with test projects> [--jobs n] [--out results.json] [--limit n]\n');
  process.exit(1);
}
const hmos = join(root, 'bin', 'hmos.js');

function findProjects(dir, found = []) {
  if (existsSync(join(dir, 'AppScope', 'app.json5'))) { found.push(dir); return found; }
  let names;
  try { names = readdirSync(dir).sort(); } catch { return found; }
  for (const n of names) {
    if (n.startsWith('.') || n === 'node_modules' || n === 'oh_modules' || n === 'build') continue;
    const p = join(dir, n);
    try { if (statSync(p).isDirectory()) findProjects(p, found); } catch { /* unreadable */ }
  }
  return found;
}

/** Test.json's per-case timeout (ms), as xdevice passes it to the runner. */
function caseTimeout(dir) {
  try {
    const t = JSON.parse(readFileSync(join(dir, 'Test.json'), 'utf8'))?.driver?.['testcase-timeout'];
    const n = Number(t);
    return Number.isFinite(n) && n > 0 ? Math.min(n, 600_000) : undefined;
  } catch { return undefined; }
}

/**
 * The cases a project declares, counted in its test sources (src/ohosTest, src/test and *.test.ets anywhere — older
 * suites keep them in src/main; `it('name', …)` outside comments): a project whose
 * build fails or whose app crashes before its tests register still counts them, as failed — the rate is over the
 * cases the suites have, not over the cases that happened to register.
 */
function declaredCases(dir) {
  let n = 0;
  const visit = (d, inTests) => {
    let names;
    try { names = readdirSync(d); } catch { return; }
    for (const name of names) {
      if (name.startsWith('.') || name === 'node_modules' || name === 'oh_modules' || name === 'build') continue;
      const p = join(d, name);
      let st;
      try { st = statSync(p); } catch { continue; }
      const tests = inTests || (name === 'ohosTest' || name === 'test') && d.endsWith(`${sep}src`);
      if (st.isDirectory()) visit(p, tests);
      else if ((tests && /\.(ets|ts)$/.test(name)) || /\.test\.(ets|ts)$/.test(name)) {
        const text = readFileSync(p, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
        n += (text.match(/(?<![\w.$])it\s*\(\s*['"`]/g) ?? []).length;
      }
    }
  };
  visit(dir, false);
  return n;
}

const scratch = mkdtempSync(join(tmpdir(), 'hmos-xts-'));
const home = mkdtempSync(join(tmpdir(), 'hmos-xts-home-'));
process.on('exit', () => { rmSync(scratch, { recursive: true, force: true }); rmSync(home, { recursive: true, force: true }); });
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => process.exit(130));

function run(project, index) {
  return new Promise((resolve) => {
    const copy = join(scratch, String(index));
    cpSync(project, copy, { recursive: true, filter: (src) => !/[\\/](build|oh_modules|node_modules|\.hvigor)$/.test(src) });
    const timeout = caseTimeout(project);
    const argv = [hmos, 'test', copy, '--json', ...(timeout ? ['--timeout', String(timeout)] : [])];
    const t0 = performance.now();
    const child = spawn(process.execPath, argv, { env: { ...process.env, HMOS_HOME: home, NO_COLOR: '1', CI: '' }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; if (stderr.length > 200_000) stderr = stderr.slice(-100_000); });
    const killer = setTimeout(() => child.kill('SIGKILL'), 600_000);
    child.on('close', (code, signal) => {
      clearTimeout(killer);
      rmSync(copy, { recursive: true, force: true });
      const ms = Math.round(performance.now() - t0);
      let report;
      try { report = JSON.parse(stdout); } catch { report = undefined; }
      // `hmos --json` answers {error} when the run could not start (e.g. NO_TESTS): no result, with that message.
      if (report && !Array.isArray(report.tests)) { stderr = `${report.error?.code ?? ''}: ${report.error?.message ?? JSON.stringify(report).slice(0, 200)}`; report = undefined; }
      resolve({ project, code, signal, ms, report, declared: declaredCases(project), stderr: stderr.trim().split('\n').filter((l) => /error|Error/.test(l)).slice(-3).join(' | ') });
    });
  });
}

/** A failure message with its particulars folded, so the same cause counts once however often it occurs. */
function cause(message) {
  return String(message ?? 'unknown')
    .split('\n')[0]
    .replace(/\/tmp\/\S+/g, '<path>')
    .replace(/'[^']*'|"[^"]*"|`[^`]*`/g, '<s>')
    .replace(/\b\d+(\.\d+)?\b/g, '<n>')
    .replace(/expect .* (equals|deep equals|not equals) .*/, 'expect … $1 …')
    .replace(/(is not (larger|less) than).*/, '$1 …')
    .slice(0, 140);
}

/**
 * What the device logged that likely made a case fail (the assertion itself often only says `assertFail` or
 * `expect … equals …`): the first unsupported API, else the first JavaScript error named in a log line.
 */
function hint(logs) {
  for (const l of logs ?? []) { const m = /UNSUPPORTED_API: (\S+)/.exec(l); if (m) return `unsupported ${m[1]}`; }
  for (const l of logs ?? []) { const m = /\b((?:Type|Reference|Range|Syntax)Error: .*)/.exec(l); if (m) return cause(m[1]); }
  return undefined;
}

let projects = findProjects(folder);
if (limit > 0) projects = projects.slice(0, limit);
const results = [];
let next = 0;
await Promise.all(Array.from({ length: Math.min(jobs, projects.length) }, async () => {
  while (next < projects.length) {
    const i = next++;
    const r = await run(projects[i], i);
    results.push(r);
    const rel = relative(folder, r.project) || '.';
    const rep = r.report;
    const buildError = rep?.diagnostics?.find((d) => d.severity === 'error');
    const line = buildError ? `build failed: ${buildError.code} ${buildError.file ? relative(scratch, buildError.file) : ''}:${buildError.line ?? ''} ${buildError.message}` : rep ? `${rep.passed}/${rep.total} passed${rep.skipped ? `, ${rep.skipped} skipped` : ''}` : `no result (exit ${r.code ?? r.signal}) ${r.stderr.slice(0, 300)}`;
    process.stdout.write(`${rep && rep.failed === 0 && rep.total > 0 ? 'PASS' : 'FAIL'} ${rel}: ${line} (${r.ms} ms)\n`);
  }
}));

const folderOf = (p) => relative(folder, p).split(sep)[0] || '.';
const byFolder = new Map();
for (const r of results) {
  const key = folderOf(r.project);
  const f = byFolder.get(key) ?? { folder: key, projects: 0, projectsRun: 0, total: 0, passed: 0, failed: 0, skipped: 0, unregistered: 0, causes: new Map(), hints: new Map() };
  f.projects++;
  if (!r.report?.total) f.unregistered += r.declared;
  const buildError = r.report?.diagnostics?.find((d) => d.severity === 'error');
  if (buildError) {
    const c = `(build) ${buildError.code}: ${cause(buildError.message)}`;
    f.causes.set(c, (f.causes.get(c) ?? 0) + 1);
  } else if (r.report) {
    f.projectsRun++;
    f.total += r.report.total; f.passed += r.report.passed; f.failed += r.report.failed; f.skipped += r.report.skipped;
    for (const t of r.report.tests) {
      if (t.status !== 'failed') continue;
      const c = cause(t.error?.message);
      f.causes.set(c, (f.causes.get(c) ?? 0) + 1);
      const h = hint(t.logs);
      if (h) f.hints.set(h, (f.hints.get(h) ?? 0) + 1);
    }
    for (const p of r.report.problems ?? []) { const c = `(run) ${cause(p.message)}`; f.causes.set(c, (f.causes.get(c) ?? 0) + 1); }
  } else {
    const c = `(no result) ${cause(r.stderr || `exit ${r.code ?? r.signal}`)}`;
    f.causes.set(c, (f.causes.get(c) ?? 0) + 1);
  }
  byFolder.set(key, f);
}
const summary = [...byFolder.values()].sort((a, b) => a.folder.localeCompare(b.folder)).map((f) => ({
  folder: f.folder, projects: f.projects, projectsRun: f.projectsRun, total: f.total, passed: f.passed, failed: f.failed, skipped: f.skipped,
  unregistered: f.unregistered,
  rate: f.total ? Math.round((f.passed / f.total) * 1000) / 10 : 0,
  rateOfDeclared: f.total + f.unregistered ? Math.round((f.passed / (f.total + f.unregistered)) * 1000) / 10 : 0,
  causes: [...f.causes].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([c, n]) => ({ cause: c, cases: n })),
  logHints: [...f.hints].sort((a, b) => b[1] - a[1]).slice(0, 12).map(([c, n]) => ({ hint: c, cases: n })),
}));
const all = summary.reduce((a, f) => ({ total: a.total + f.total, passed: a.passed + f.passed, unregistered: a.unregistered + f.unregistered }), { total: 0, passed: 0, unregistered: 0 });
const pct = (a, b) => (b ? Math.round((a / b) * 1000) / 10 : 0);
process.stdout.write('\n');
for (const f of summary) {
  const never = f.unregistered ? `; with ${f.unregistered} declared cases that never registered: ${f.passed}/${f.total + f.unregistered} (${f.rateOfDeclared}%)` : '';
  process.stdout.write(`${f.folder}: ${f.passed}/${f.total} cases passed (${f.rate}%) in ${f.projectsRun}/${f.projects} projects${never}\n`);
  for (const c of f.causes.slice(0, 8)) process.stdout.write(`    ${String(c.cases).padStart(5)}  ${c.cause}\n`);
  if (f.logHints.length) process.stdout.write('  in the failed cases\' device logs:\n');
  for (const h of f.logHints.slice(0, 6)) process.stdout.write(`    ${String(h.cases).padStart(5)}  ${h.hint}\n`);
}
const doc = { folders: summary, total: all.total, passed: all.passed, rate: pct(all.passed, all.total), unregistered: all.unregistered, rateOfDeclared: pct(all.passed, all.total + all.unregistered) };
process.stdout.write(`\nall: ${all.passed}/${all.total} cases passed (${doc.rate}%)${all.unregistered ? `; ${all.passed}/${all.total + all.unregistered} (${doc.rateOfDeclared}%) counting ${all.unregistered} declared cases of projects that registered none` : ''}\n`);
if (out) writeFileSync(out, JSON.stringify({ ...doc, projects: results.map((r) => ({ project: relative(folder, r.project), ms: r.ms, exit: r.code, declared: r.declared, total: r.report?.total ?? 0, passed: r.report?.passed ?? 0, failed: r.report?.failed ?? 0, tests: r.report?.tests?.map((t) => (t.logs ? { ...t, logs: t.logs.slice(-8) } : t)), problems: r.report?.problems, stderr: r.report ? undefined : r.stderr })) }, null, 1));
