#!/usr/bin/env node
// Dev script (not in CI): runs the reference compiler's expected partial-update outputs on the hmos runtime.
//   node --experimental-vm-modules scripts/oracle-runtime.mjs <path to a fetched developtools_ace_ets2bundle (work tree or bare git dir)> [--trees] [filter]
// Loads every utForPartialUpdate/**/*.js.sample as a bundle (imports of other samples are dropped), launches its
// registered page on a phone, and reports how many run without error plus the tree each builds.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..');
const [src, ...rest] = process.argv.slice(2);
if (!src) { console.error('usage: node --experimental-vm-modules scripts/oracle-runtime.mjs <ets2bundle checkout> [--trees] [filter]'); process.exit(1); }
const showTrees = rest.includes('--trees');
const filter = rest.find((a) => !a.startsWith('--')) ?? '';

function listSamples() {
  const isBare = fs.existsSync(path.join(src, 'HEAD')) && !fs.existsSync(path.join(src, '.git'));
  const files = isBare
    ? execFileSync('git', ['--git-dir', src, 'ls-tree', '-r', '--name-only', 'HEAD'], { encoding: 'utf8', maxBuffer: 1 << 28 }).split('\n')
    : execFileSync('git', ['-C', src, 'ls-files'], { encoding: 'utf8', maxBuffer: 1 << 28 }).split('\n');
  const read = (f) => (isBare ? execFileSync('git', ['--git-dir', src, 'show', `HEAD:${f}`], { encoding: 'utf8', maxBuffer: 1 << 26 }) : fs.readFileSync(path.join(src, f), 'utf8'));
  return files.filter((f) => f.includes('utForPartialUpdate') && f.endsWith('.js.sample') && f.includes(filter)).map((f) => ({ name: f.split('utForPartialUpdate/')[1], read: () => read(f) }));
}

const out = path.join(os.tmpdir(), `hmos-oracle-${process.pid}.mjs`);
await build({ entryPoints: [path.join(root, 'src/runtime/device.ts')], bundle: true, platform: 'node', format: 'esm', outfile: out, packages: 'external', logLevel: 'warning' });
const { createDevice } = await import(pathToFileURL(out).href);
const show = (n) => {
  const a = n.args?.[0];
  const head = typeof a === 'string' || typeof a === 'number' ? `${n.type}(${JSON.stringify(a)})` : n.type;
  return n.children.length ? `${head}[${n.children.map(show).join(' ')}]` : head;
};
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hmos-oracle-'));
const device = createDevice({ profile: 'phone', dataDir, watchdogMs: 2000 });
let ok = 0; const failures = [];
const samples = listSamples();
for (const s of samples) {
  // Samples are per-file ES modules: drop import/export syntax so one file runs as a script.
  const code = 'var exports = {};\n' + s.read().replace(/^\s*import\s[^;]*;?\s*$/gm, '').replace(/^export default /gm, '').replace(/^export (?=(class|function|const|let|var|enum)\b)/gm, '').replace(/^export \{[^}]*\};?$/gm, '');
  try {
    const app = device.launch({ bundle: new Map([['ets/bundle.js', code]]) });
    await app.settle();
    if (app.crash) failures.push(`${s.name}: ${app.crash.message}`);
    else { ok++; if (showTrees) console.log(`${s.name}\n  ${show(app.tree())}`); }
    app.stop();
  } catch (e) { failures.push(`${s.name}: host error ${e.message}`); }
}
for (const f of failures) console.log('FAIL', f);
console.log(JSON.stringify({ samples: samples.length, ran: ok, failed: failures.length }));
fs.rmSync(out, { force: true });
