// `node scripts/install-corpus.mjs <folder> [--registry <url>] [--without-lockfiles]`: for every project under a folder (a
// build-profile.json5 listing modules), copied into a scratch folder (the corpus stays untouched):
//   1. builds it and sorts it: built / blocked only by registry packages that are not installed (DEP_NOT_INSTALLED,
//      with the package names) / failed (the first other error);
//   2. with --registry, runs `hmos install` against that registry (a local mirror — scripts/local-registry.mjs) and
//      builds again, to show which blocked projects build once their packages are served. --without-lockfiles drops
//      the projects' committed oh-package-lock.json5 files first (a mirror of stand-ins cannot match their integrity).
// Prints one line per project and a JSON summary (which packages block how many projects).
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import JSON5 from 'json5';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const folder = args.find((a) => !a.startsWith('--') && args[args.indexOf(a) - 1] !== '--registry');
const registry = args.includes('--registry') ? args[args.indexOf('--registry') + 1] : undefined;
if (!folder || !existsSync(folder)) {
  process.stderr.write('usage: node scripts/install-corpus.mjs <folder with projects> [--registry <url>]\n');
  process.exit(1);
}
const { buildProject } = await import(pathToFileURL(join(root, 'dist/compiler/build.js')).href);

function projects(dir, out = []) {
  const profile = join(dir, 'build-profile.json5');
  if (existsSync(profile)) {
    try {
      if (Array.isArray(JSON5.parse(readFileSync(profile, 'utf8')).modules)) {
        out.push(dir);
        return out;
      }
    } catch {
      // not a project root
    }
  }
  for (const n of readdirSync(dir)) {
    if (n.startsWith('.') || n === 'node_modules' || n === 'oh_modules') continue;
    const p = join(dir, n);
    if (statSync(p).isDirectory()) projects(p, out);
  }
  return out;
}

function dropLockfiles(dir) {
  for (const n of readdirSync(dir)) {
    const p = join(dir, n);
    if (n === 'oh-package-lock.json5') rmSync(p);
    else if (!n.startsWith('.') && n !== 'oh_modules' && statSync(p).isDirectory()) dropLockfiles(p);
  }
}

async function build(dir, home, out) {
  try {
    const r = await buildProject(dir, { homeDir: home, outputDir: out });
    const errors = r.diagnostics.filter((d) => d.severity === 'error');
    const missing = [...new Set(errors.filter((d) => d.code === 'DEP_NOT_INSTALLED').map((d) => d.message.split(' ')[0]))].sort();
    const other = errors.filter((d) => d.code !== 'DEP_NOT_INSTALLED');
    const status = errors.length === 0 ? 'built' : other.length === 0 ? 'blocked' : 'failed';
    return { status, missing, first: other[0] && `${other[0].file ? relative(dir, other[0].file) : ''}${other[0].line ? `:${other[0].line}` : ''} ${other[0].code}: ${other[0].message}`.slice(0, 240) };
  } catch (e) {
    return { status: 'failed', missing: [], first: `${e?.code ?? 'INTERNAL'}: ${String(e?.message ?? e).split('\n')[0]}` };
  }
}

const scratch = mkdtempSync(join(tmpdir(), 'hmos-install-corpus-'));
const home = join(scratch, 'home');
const results = [];
try {
  for (const [i, src] of projects(folder).sort().entries()) {
    const rel = relative(folder, src) || '.';
    const dir = join(scratch, String(i));
    cpSync(src, dir, { recursive: true, filter: (p) => !/[\\/](oh_modules|build|\.hvigor|node_modules)$/.test(p) });
    const before = await build(dir, home, join(scratch, `out${i}`));
    const row = { project: rel, ...before };
    if (registry && before.status === 'blocked') {
      writeFileSync(join(dir, '.ohpmrc'), `registry=${registry}\n`);
      if (args.includes('--without-lockfiles')) dropLockfiles(dir);
      try {
        const out = execFileSync(process.execPath, [join(root, 'bin/hmos.js'), 'install', dir, '--json'], { env: { ...process.env, HMOS_HOME: home }, stdio: ['ignore', 'pipe', 'pipe'] });
        row.install = JSON.parse(String(out));
        row.after = await build(dir, home, join(scratch, `after${i}`));
      } catch (e) {
        row.install = { error: String(e.stderr ?? e).trim().split('\n').filter((l) => /error/.test(l)).slice(0, 3).join(' | ') };
      }
    }
    results.push(row);
    process.stdout.write(`${row.status.toUpperCase().padEnd(7)} ${rel}${row.missing.length ? ` [needs ${row.missing.join(', ')}]` : ''}${row.first ? `\n        ${row.first}` : ''}${row.install ? `\n        install: ${row.install.error ?? `${row.install.added} added`}${row.after ? ` → ${row.after.status}${row.after.first ? ` (${row.after.first})` : ''}` : ''}` : ''}\n`);
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
const blockers = {};
for (const r of results) for (const m of r.missing) blockers[m] = (blockers[m] ?? 0) + 1;
process.stdout.write(JSON.stringify({
  projects: results.length,
  built: results.filter((r) => r.status === 'built').length,
  blockedOnlyByPackages: results.filter((r) => r.status === 'blocked').length,
  failed: results.filter((r) => r.status === 'failed').length,
  ...(registry ? { builtAfterInstall: results.filter((r) => r.after?.status === 'built').map((r) => r.project) } : {}),
  packagesBlocking: Object.fromEntries(Object.entries(blockers).sort((a, b) => b[1] - a[1])),
}, null, 2) + '\n');
