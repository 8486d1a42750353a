#!/usr/bin/env node
// Differential check of the ArkTS transform against the reference compiler's expected outputs (dev tool, not run in CI).
//   node scripts/ets2bundle-oracle.mjs <ets2bundle checkout or git dir> [--verbose] [--filter substring]
// For every utForPartialUpdate .ets with a .js.sample, transforms the .ets with hmos (dist/, so `npm run build` first)
// and compares the SET OF FRAMEWORK CALLS: class bases, the X.create…/X.pop sequence, and the state-property kinds.
// Prints the agreement rate per category and overall (JSON with --json).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { transformSync } from 'esbuild';

const root = join(fileURLToPath(new URL('.', import.meta.url)), '..');
const { transformEts } = await import(join(root, 'dist/compiler/transform/index.js'));

const args = process.argv.slice(2);
const repo = args.find((a) => !a.startsWith('--'));
const verbose = args.includes('--verbose');
const asJson = args.includes('--json');
const filterIdx = args.indexOf('--filter');
const filter = filterIdx >= 0 ? args[filterIdx + 1] : undefined;
if (!repo) {
  console.error('usage: node scripts/ets2bundle-oracle.mjs <path to developtools_ace_ets2bundle checkout or git dir> [--verbose] [--json] [--filter s]');
  process.exit(1);
}

const APP = 'compiler/test/transform_ut/application/entry';
const ETS_DIR = `${APP}/src/main/ets/pages/utForPartialUpdate`;
const SAMPLE_DIR = `${APP}/build/default/cache/default/default@CompileArkTS/esmodule/debug/entry/src/main/ets/pages/utForPartialUpdate`;

/** Reads files either from a work tree or, for a bare mirror, through git. */
function source() {
  if (existsSync(join(repo, SAMPLE_DIR))) {
    const list = (dir) => readdirSync(dir).flatMap((n) => statSync(join(dir, n)).isDirectory() ? list(join(dir, n)) : [join(dir, n)]);
    return {
      files: list(join(repo, SAMPLE_DIR)).map((f) => relative(join(repo, SAMPLE_DIR), f)),
      read: (p) => { try { return readFileSync(join(repo, p), 'utf8'); } catch { return undefined; } },
      etsPath: (rel) => join(repo, ETS_DIR, `${rel}.ets`),
    };
  }
  const git = (...a) => execFileSync('git', ['--git-dir', repo, ...a], { encoding: 'utf8', maxBuffer: 1 << 28 });
  // A bare mirror: write the test pages to a temporary tree so imports between them resolve like in a checkout.
  const tree = mkdtempSync(join(tmpdir(), 'ets2bundle-oracle-'));
  for (const f of git('ls-tree', '-r', '--name-only', 'HEAD', `${APP}/src/main/ets`).split('\n').filter((x) => /\.e?ts$/.test(x))) {
    const out = join(tree, f);
    mkdirSync(dirname(out), { recursive: true });
    try { writeFileSync(out, git('show', `HEAD:${f}`)); } catch { /* a blob missing from the snapshot */ }
  }
  return {
    files: git('ls-tree', '-r', '--name-only', 'HEAD', SAMPLE_DIR).split('\n').filter(Boolean).map((f) => f.slice(SAMPLE_DIR.length + 1)),
    read: (p) => { try { return readFileSync(join(tree, p), 'utf8'); } catch { try { return git('show', `HEAD:${p}`); } catch { return undefined; } } },
    etsPath: (rel) => join(tree, ETS_DIR, `${rel}.ets`),
  };
}

function frameworkCalls(js) {
  const code = js.replace(/\/\/[^\n]*|\/\*[\s\S]*?\*\//g, '');
  const bases = [...code.matchAll(/class (\w+) extends (ViewPU|ViewV2)\b/g)].map((m) => `${m[1]}:${m[2]}`).sort();
  const sequence = [...code.matchAll(/\b([A-Z]\w*|__Common__)\.(create\w*|pop)\(/g)]
    .filter((m) => !['ViewPU', 'ViewV2', 'Reflect', 'Object', 'JSON', 'Math', 'Date', 'Array', 'LocalStorage', 'AppStorage', 'Promise'].includes(m[1]))
    .map((m) => `${m[1]}.${m[2]}`);
  const props = [...code.matchAll(/new (ObservedProperty\w+|SynchedProperty\w+)\(|\.(initializeConsume|addProvidedVar|createStorageLink|createStorageProp|createLocalStorageLink|createLocalStorageProp|declareWatch|initParam)\(/g)]
    .map((m) => m[1] ?? m[2]).sort();
  return { bases, sequence, props };
}

const same = (a, b) => a.length === b.length && a.every((x, i) => x === b[i]);

const src = source();
const results = [];
for (const f of src.files) {
  if (!f.endsWith('.js.sample')) continue;
  const rel = f.slice(0, -'.js.sample'.length);
  if (filter && !rel.includes(filter)) continue;
  const ets = src.read(`${ETS_DIR}/${rel}.ets`);
  const sample = src.read(`${SAMPLE_DIR}/${f}`);
  if (ets === undefined || sample === undefined) continue;
  const pagePath = `pages/utForPartialUpdate/${rel}`;
  const isPage = sample.includes('registerNamedRoute(');
  let ours;
  let error;
  try {
    const r = transformEts(ets, {
      fileName: src.etsPath(rel), bundleName: 'com.example.application', moduleName: 'application',
      pagePath: isPage ? pagePath : undefined, resolveResource: () => 16777216,
    });
    ours = transformSync(r.code, { loader: 'ts', format: 'esm' }).code;
    const errs = r.diagnostics.filter((d) => d.severity === 'error');
    if (errs.length) error = errs.map((d) => `${d.code}@${d.line}:${d.col} ${d.message}`).join('; ');
  } catch (e) {
    error = String(e && e.message || e).split('\n').slice(0, 2).join(' ');
  }
  const expected = frameworkCalls(sample);
  const got = ours ? frameworkCalls(ours) : { bases: [], sequence: [], props: [] };
  const r = {
    file: rel, error, bases: same(expected.bases, got.bases), sequence: same(expected.sequence, got.sequence),
    props: same(expected.props, got.props),
  };
  r.all = r.bases && r.sequence && r.props && !error;
  results.push(r);
  if (verbose && !r.all) {
    console.error(`✗ ${rel}${error ? `  [${error}]` : ''}`);
    if (!r.bases) console.error(`   bases    expected ${expected.bases.join(' ')}\n            got      ${got.bases.join(' ')}`);
    if (!r.sequence) {
      let i = 0;
      while (i < expected.sequence.length && expected.sequence[i] === got.sequence[i]) i++;
      console.error(`   sequence differs at #${i}: expected ${expected.sequence.slice(i, i + 4).join(' ')} | got ${got.sequence.slice(i, i + 4).join(' ')}`);
    }
    if (!r.props) console.error(`   props    expected ${expected.props.join(' ')}\n            got      ${got.props.join(' ')}`);
  }
}
const rate = (k) => results.length ? results.filter((r) => r[k]).length / results.length : 0;
const summary = {
  files: results.length, compiledWithoutError: results.filter((r) => !r.error).length,
  classBases: rate('bases'), createPopSequence: rate('sequence'), stateProperties: rate('props'), allThree: rate('all'),
};
if (asJson) console.log(JSON.stringify({ summary, results }, null, 2));
else console.log(JSON.stringify(summary, null, 2));
