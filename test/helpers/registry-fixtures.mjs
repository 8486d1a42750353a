// Test registries from fixture packages: packs each `<packages>/<name>/<version>/` folder into a gzip tar under
// `package/` (a .har, or a .tgz for a plain npm-style package with only package.json), lays them out for
// registry-server.mjs, and starts that server as its own process on 127.0.0.1. Used by the install tests, the
// install bench and scripts/local-registry.mjs.
import { spawn } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const tar = require('tar');
const JSON5 = require('json5');
const semver = require('semver');
const here = dirname(fileURLToPath(import.meta.url));

function filesUnder(dir, base = dir) {
  const out = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...filesUnder(p, base));
    else out.push(relative(base, p));
  }
  return out;
}

/** Packs a folder as a package archive (entries under `package/`), with fixed times so the bytes are reproducible. */
export function packArchive(srcDir, outFile) {
  mkdirSync(dirname(outFile), { recursive: true });
  tar.c({ sync: true, gzip: true, file: outFile, cwd: srcDir, prefix: 'package', portable: true, mtime: new Date(0) }, filesUnder(srcDir));
  return outFile;
}

function manifestOf(dir) {
  for (const f of ['oh-package.json5', 'package.json']) {
    try {
      return { file: f, value: JSON5.parse(readFileSync(join(dir, f), 'utf8')) };
    } catch {
      // next
    }
  }
  return undefined;
}

/** Every `<name>/<version>/` folder under `packagesDir` (name may be `@scope/name`). */
export function fixturePackages(packagesDir) {
  const out = [];
  const walk = (dir) => {
    for (const name of readdirSync(dir).sort()) {
      const p = join(dir, name);
      if (!statSync(p).isDirectory()) continue;
      const m = semver.valid(name) ? manifestOf(p) : undefined;
      if (m) out.push({ name: relative(packagesDir, dir).split('\\').join('/'), version: name, dir: p, manifest: m });
      else walk(p);
    }
  };
  walk(packagesDir);
  return out;
}

/**
 * Publishes packages into a registry folder under `prefix` (`ohpm` → http://127.0.0.1:<port>/ohpm/). `only` limits it
 * to some names. Returns the published list.
 */
export function publishPackages(registryRoot, prefix, packagesDir, only) {
  const pkgs = fixturePackages(packagesDir).filter((p) => !only || only.includes(p.name));
  const metas = new Map();
  for (const p of pkgs) {
    const ext = p.manifest.file === 'package.json' ? '.tgz' : '.har';
    const dir = join(registryRoot, prefix, ...p.name.split('/'));
    packArchive(p.dir, join(dir, p.version + ext));
    const meta = metas.get(dir) ?? { 'dist-tags': {}, versions: {} };
    meta.versions[p.version] = { description: p.manifest.value.description, dependencies: p.manifest.value.dependencies ?? {} };
    const latest = meta['dist-tags'].latest;
    if (!latest || semver.gt(p.version, latest)) meta['dist-tags'].latest = p.version;
    metas.set(dir, meta);
  }
  for (const [dir, meta] of metas) writeFileSync(join(dir, 'meta.json'), JSON.stringify(meta, null, 2));
  return pkgs;
}

/**
 * Publishes an existing archive (a .tgz from `npm pack`, a .har) as it is — byte for byte, so the integrity a lockfile
 * recorded for the public copy matches. Its name, version and dependencies are read from the manifest inside it.
 */
export function publishArchive(registryRoot, prefix, file) {
  let manifest;
  tar.t({ file, sync: true, onReadEntry: (e) => {
    if (/^[^/]+\/(oh-package\.json5|package\.json)$/.test(e.path) && (!manifest || e.path.endsWith('oh-package.json5'))) {
      const chunks = [];
      e.on('data', (c) => chunks.push(c));
      e.on('end', () => { manifest = JSON5.parse(Buffer.concat(chunks).toString('utf8')); });
    } else e.resume();
  } });
  if (!manifest?.name || !manifest.version) throw new Error(`${file} has no manifest with a name and version`);
  const dir = join(registryRoot, prefix, ...manifest.name.split('/'));
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, manifest.version + (file.endsWith('.har') ? '.har' : '.tgz')), readFileSync(file));
  let meta = { 'dist-tags': {}, versions: {} };
  try {
    meta = JSON.parse(readFileSync(join(dir, 'meta.json'), 'utf8'));
  } catch {
    // first version
  }
  meta.versions[manifest.version] = { description: manifest.description, dependencies: manifest.dependencies ?? {} };
  if (!meta['dist-tags'].latest || semver.gt(manifest.version, meta['dist-tags'].latest)) meta['dist-tags'].latest = manifest.version;
  writeFileSync(join(dir, 'meta.json'), JSON.stringify(meta, null, 2));
  return { name: manifest.name, version: manifest.version };
}

/** Requires `Authorization: Bearer <token>` for everything under `prefix`. */
export function protectPrefix(registryRoot, prefix, token) {
  const file = join(registryRoot, 'tokens.json');
  let tokens = {};
  try {
    tokens = JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    // none yet
  }
  tokens[prefix] = token;
  writeFileSync(file, JSON.stringify(tokens));
}

/** Starts registry-server.mjs on a free port of 127.0.0.1; resolves once it listens. */
export function startRegistry(registryRoot) {
  const child = spawn(process.execPath, [join(here, 'registry-server.mjs'), '--root', registryRoot], { stdio: ['pipe', 'pipe', 'inherit'] });
  return new Promise((resolvePromise, reject) => {
    let out = '';
    const onData = (chunk) => {
      out += chunk;
      const m = /listening (\d+)/.exec(out);
      if (!m) return;
      child.stdout.off('data', onData);
      const port = Number(m[1]);
      const base = `http://127.0.0.1:${port}`;
      const post = (path, body) => globalThis.fetch(base + path, { method: 'POST', body: JSON.stringify(body ?? {}) }).then((r) => r.json());
      resolvePromise({
        port,
        base,
        url: (prefix) => `${base}/${prefix}/`,
        faults: (list) => post('/-/faults', list),
        reset: () => post('/-/reset'),
        requests: () => globalThis.fetch(base + '/-/requests').then((r) => r.json()),
        stop: () => new Promise((done) => {
          if (child.exitCode !== null) return done();
          child.once('exit', () => done());
          child.kill('SIGTERM');
        }),
      });
    };
    child.stdout.on('data', onData);
    child.once('error', reject);
    child.once('exit', (code) => reject(new Error(`registry-server exited (${code}) before listening`)));
  });
}
