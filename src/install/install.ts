/**
 * `hmos install`: every oh-package.json5 of the project → resolved graph → archives fetched and checked → the ohpm
 * layout in oh_modules → oh-package-lock.json5 beside each manifest.
 *
 * The project is only touched once everything needed is in hand: resolution and downloads (integrity checked) come
 * first, so a registry failure or a corrupt archive leaves oh_modules and the lockfiles exactly as they were. The
 * writes after that are each atomic (see layout.ts) and run under a lock file, and Ctrl-C removes the staging folder:
 * an interrupted install never leaves half a package or a broken link, and running it again finishes the job.
 */
import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { HmosError } from '../errors.js';
import { isSystemModule } from '../compiler/system-modules.js';
import { unpackPackageArchive } from '../project/package-archive.js';
import { writeFileAtomic } from '../util/atomic.js';
import { onInterrupt } from '../util/cleanup.js';
import { hmosHome, relativePosix } from '../util/paths.js';
import { commitStoreEntry, moveToTrash, stageStoreEntry, placeLink, removeStale, STORE, storeEntries } from './layout.js';
import { readLockfile, serializeLockfile, type LockedPackage, type Lockfile } from './lockfile.js';
import { findProjectRoot, loadImporters, LOCKFILE } from './manifest.js';
import { loadRegistryConfig } from './ohpmrc.js';
import { closeConnections, downloadCacheDir, RegistryClient } from './registry.js';
import { packageDirOf, resolveProject, storeKey, type PackageNode, type Resolution, type ResolvedImporter } from './resolve.js';
import { semver } from './semver.js';

export interface InstallOptions {
  offline?: boolean;
  frozenLockfile?: boolean;
  force?: boolean;
  env?: NodeJS.ProcessEnv;
  /** Progress for people: a phase and its counts. */
  progress?: (p: Progress) => void;
  warn?: (line: string) => void;
}

export type Progress =
  | { phase: 'resolve'; resolved: number }
  | { phase: 'fetch'; done: number; total: number; bytes: number }
  | { phase: 'link'; done: number; total: number };

export interface InstallSummary {
  root: string;
  added: number;
  removed: number;
  unchanged: number;
  ms: number;
  /** Store packages (registry and archives) now installed. */
  packages: { name: string; version: string; source: 'registry' | 'archive' }[];
  /** Lockfiles written (changed). */
  lockfiles: string[];
  /** Bytes downloaded. */
  downloaded: number;
  warnings: string[];
}

const FETCH_CONCURRENCY = 8;

export async function installProject(dir: string, options: InstallOptions = {}): Promise<InstallSummary> {
  try {
    return await install(dir, options);
  } finally {
    closeConnections();
  }
}

async function install(dir: string, options: InstallOptions): Promise<InstallSummary> {
  const started = performance.now();
  const env = options.env ?? process.env;
  const warnings: string[] = [];
  const warn = (line: string) => {
    warnings.push(line);
    options.warn?.(line);
  };
  const root = findProjectRoot(dir);
  const importers = loadImporters(root);
  const config = loadRegistryConfig(root, env, warn);
  const homeDir = hmosHome(env);
  const client = new RegistryClient(config, downloadCacheDir(env), { offline: Boolean(options.offline), force: Boolean(options.force) });

  const resolution = await resolveProject(root, importers, client, {
    frozen: Boolean(options.frozenLockfile),
    resolveConflict: config.resolveConflict,
    builtIn: new Set(importers.flatMap((i) => i.deps.map((d) => d.name)).filter(isSystemModule)),
    homeDir,
    onResolved: (n) => options.progress?.({ phase: 'resolve', resolved: n }),
  });
  for (const w of resolution.warnings) warn(w);

  // Every archive into the cache and checked, before the project is touched.
  const stored = resolution.nodes.filter((n) => n.source !== 'folder');
  if (options.offline) {
    const missing: string[] = [];
    for (const n of stored) if (n.source === 'registry' && !(n.integrity && (await client.cachedArchive(n.integrity)))) missing.push(`${n.name}@${n.version}`);
    if (missing.length) {
      missing.sort();
      throw new HmosError('OFFLINE_MISSING', `${missing.length} package${missing.length === 1 ? ' is' : 's are'} not in the offline cache (${client.cacheDir}): ${missing.join(', ')}; run hmos install once online to fetch ${missing.length === 1 ? 'it' : 'them'}`);
    }
  }
  const content = new Map<PackageNode, string>();
  let fetched = 0;
  let downloaded = 0;
  const queue = [...stored];
  const builtIn = new Set(importers.flatMap((i) => i.deps.filter((d) => d.group === 'devDependencies' && isSystemModule(d.name)).map((d) => d.name)));
  const skipped = new Set<PackageNode>();
  const worker = async () => {
    for (let n = queue.shift(); n; n = queue.shift()) {
      if (n.source === 'registry') {
        let got;
        try {
          got = await client.archive({ name: n.name, version: n.version, integrity: n.integrity, sources: n.sources! }, n.where);
        } catch (err) {
          if (!builtIn.has(n.name) || !(err instanceof HmosError)) throw err;
          warn(`${n.name} was not installed (${err.message.split(';')[0]}); hmos provides it built in, but DevEco Studio and hvigor need it in oh_modules`);
          skipped.add(n);
          continue;
        }
        n.integrity ??= got.integrity;
        downloaded += got.downloaded;
        content.set(n, unpackPackageArchive(got.path, { homeDir, location: n.where, refresh: options.force }));
      } else {
        content.set(n, unpackPackageArchive(n.path!, { homeDir, location: n.where, refresh: options.force }));
      }
      options.progress?.({ phase: 'fetch', done: ++fetched, total: stored.length, bytes: downloaded });
    }
  };
  await Promise.all(Array.from({ length: Math.min(FETCH_CONCURRENCY, stored.length) }, worker));

  const installed = stored.filter((n) => !skipped.has(n));
  // (a built-in package that could not be fetched stays in the lockfile, as it was; it is only left out of oh_modules)
  const lockTexts = lockfileTexts(resolution);
  if (options.frozenLockfile) checkFrozen(lockTexts);
  if (skipped.size) dropNodes(resolution, skipped);

  const counts = await writeLayout(resolution, content, Boolean(options.force), options.progress, Number(env.HMOS_INSTALL_SLOW_MS ?? 0));
  const lockfiles: string[] = [];
  for (const [file, text] of lockTexts) {
    if (existsSync(file) && readFileSync(file, 'utf8') === text) continue;
    writeFileAtomic(file, text);
    lockfiles.push(file);
  }
  return {
    root,
    ...counts,
    ms: performance.now() - started,
    packages: installed.map((n) => ({ name: n.name, version: n.version, source: n.source as 'registry' | 'archive' })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)),
    lockfiles,
    downloaded,
    warnings,
  };
}

/** Takes packages out of the graph (built-in ones that could not be fetched), with the edges to them. */
function dropNodes(res: Resolution, gone: Set<PackageNode>): void {
  for (const imp of res.importers) for (const [k, n] of imp.edges) if (gone.has(n)) imp.edges.delete(k);
  for (const node of res.nodes) for (const [k, n] of node.edges) if (gone.has(n)) node.edges.delete(k);
  res.nodes = res.nodes.filter((n) => !gone.has(n));
}

/** The links every oh_modules folder should hold: folder → (name → target folder). */
function linkPlan(res: Resolution): Map<string, Map<string, string>> {
  const plan = new Map<string, Map<string, string>>();
  const want = (ohModules: string, edges: Map<string, PackageNode>) => {
    const m = plan.get(ohModules) ?? new Map<string, string>();
    for (const [name, node] of edges) m.set(name, packageDirOf(res.root, node));
    plan.set(ohModules, m);
  };
  for (const imp of res.importers) if (imp.edges.size || existsSync(join(imp.dir, 'oh_modules'))) want(join(imp.dir, 'oh_modules'), imp.edges);
  for (const n of res.nodes) {
    if (n.source === 'folder' && !n.importer && n.edges.size) want(join(n.path!, 'oh_modules'), n.edges);
  }
  return plan;
}

/**
 * The write phase. It yields between entries, so Ctrl-C is handled at once in a big project — between two atomic
 * steps. `slowMs` is a test hook (HMOS_INSTALL_SLOW_MS): a pause per step, so a test can interrupt it half-way.
 */
async function writeLayout(res: Resolution, content: Map<PackageNode, string>, force: boolean, progress: InstallOptions['progress'], slowMs: number): Promise<{ added: number; removed: number; unchanged: number }> {
  const root = res.root;
  const store = join(root, STORE);
  if (res.nodes.length === 0 && !existsSync(store) && linkPlan(res).size === 0) return { added: 0, removed: 0, unchanged: 0 };
  mkdirSync(store, { recursive: true });
  const release = acquireLock(store);
  const staging = join(store, `.staging-${process.pid}-${randomBytes(3).toString('hex')}`);
  const trash = join(store, `.trash-${process.pid}-${randomBytes(3).toString('hex')}`);
  const clean = () => {
    rmSync(staging, { recursive: true, force: true });
    rmSync(trash, { recursive: true, force: true });
  };
  const unregister = onInterrupt(() => {
    clean();
    release();
    process.stderr.write('\ninstall interrupted: every package and link in oh_modules is either as it was or complete — run hmos install again to finish\n');
  });
  const step = () => new Promise<void>((done) => (slowMs > 0 ? setTimeout(done, slowMs) : setImmediate(done)));
  try {
    cleanLeftovers(store);
    const before = new Set(storeEntries(root));
    // Dependencies enter the store before the packages that link to them: a link never points at an entry that is
    // not there yet, even if the install stops half-way.
    const stored = dependenciesFirst(res.nodes.filter((n) => n.source !== 'folder'));
    const plan = linkPlan(res);
    const total = stored.length + plan.size;
    let done = 0;
    let added = 0;
    let changed = false;
    // New store entries are copied into staging first (yielding between packages, so Ctrl-C is handled at once); they
    // are committed below, one by one, in order.
    for (const n of stored) {
      if (before.has(storeKey(n)) && !force) continue;
      stageStoreEntry(storeKey(n), n.name, content.get(n)!, staging);
      await step();
    }
    for (const node of stored) {
      const key = storeKey(node);
      const ownName = node.name;
      const links = (ohModules: string, finalOhModules: string) => {
        for (const [name, child] of node.edges) if (name !== ownName) placeLink(ohModules, name, packageDirOf(root, child), trash, finalOhModules);
      };
      if (!before.has(key) || force) {
        commitStoreEntry(root, key, staging, trash, force, links);
        added += before.has(key) ? 0 : 1;
        changed = true;
      } else {
        // An entry from an earlier install (or from ohpm): its dependency links are brought up to date in place.
        const ohModules = join(store, key, 'oh_modules');
        for (const [name, child] of node.edges) if (name !== ownName) changed = placeLink(ohModules, name, packageDirOf(root, child), trash) || changed;
        changed = removeStale(ohModules, new Set([ownName, ...node.edges.keys()]), trash) > 0 || changed;
      }
      progress?.({ phase: 'link', done: ++done, total });
      await step();
    }
    for (const [ohModules, links] of plan) {
      for (const [name, target] of links) changed = placeLink(ohModules, name, target, trash) || changed;
      changed = removeStale(ohModules, new Set(links.keys()), trash) > 0 || changed;
      progress?.({ phase: 'link', done: ++done, total });
      await step();
    }
    // ohpm's fallback folder: packages that import what they forgot to declare find the highest version here.
    const highest = new Map<string, PackageNode>();
    for (const n of stored) {
      const h = highest.get(n.name);
      if (!h || (n.source === 'registry' && h.source === 'registry' && semver.gt(n.version, h.version, { loose: true }))) highest.set(n.name, n);
    }
    const phantom = join(store, 'oh_modules');
    for (const [name, n] of highest) placeLink(phantom, name, packageDirOf(root, n), trash);
    removeStale(phantom, new Set(highest.keys()), trash);

    const wanted = new Set(stored.map(storeKey));
    let removed = 0;
    for (const key of before) {
      if (wanted.has(key)) continue;
      moveToTrash(join(store, key), trash);
      removed++;
      changed = true;
    }
    // ohpm's own record of what it installed no longer describes oh_modules: without it, ohpm checks afresh.
    if (changed) rmSync(join(store, 'lock.json5'), { force: true });
    return { added, removed, unchanged: stored.length - added };
  } finally {
    clean();
    unregister();
    release();
  }
}

/** Store packages ordered so each comes after the store packages it depends on (a cycle keeps its members' order). */
function dependenciesFirst(nodes: PackageNode[]): PackageNode[] {
  const out: PackageNode[] = [];
  const state = new Map<PackageNode, 'visiting' | 'done'>();
  const visit = (n: PackageNode) => {
    if (state.has(n)) return;
    state.set(n, 'visiting');
    for (const child of n.edges.values()) if (child.source !== 'folder') visit(child);
    state.set(n, 'done');
    out.push(n);
  };
  for (const n of nodes) visit(n);
  return out;
}

/** Staging and trash folders of installs that were killed (their process is gone). */
function cleanLeftovers(store: string): void {
  for (const name of existsSync(store) ? readdirSync(store) : []) {
    const m = /^\.(staging|trash)-(\d+)-/.exec(name);
    if (m && !processAlive(Number(m[2]))) rmSync(join(store, name), { recursive: true, force: true });
  }
}

function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** One install at a time per project: a second one fails at once instead of interleaving its links with ours. */
function acquireLock(store: string): () => void {
  const file = join(store, '.hmos-install.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      let released = false;
      return () => {
        if (released) return;
        released = true;
        rmSync(file, { force: true });
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const pid = Number(readFileSync(file, 'utf8').trim());
      if (Number.isInteger(pid) && pid > 0 && processAlive(pid)) {
        throw new HmosError('INSTALL_BUSY', `another hmos install (process ${pid}) is working on this project; wait for it to finish (or stop it) and run hmos install again`, { location: { file } });
      }
      rmSync(file, { force: true }); // left by a killed install
    }
  }
  throw new HmosError('INSTALL_BUSY', `cannot take the install lock ${file}; remove it if no install is running`);
}

/** Each importer's lockfile text (importers with no dependencies and no lockfile get none). */
function lockfileTexts(res: Resolution): Map<string, string> {
  const out = new Map<string, string>();
  for (const imp of res.importers) {
    const file = join(imp.dir, LOCKFILE);
    if (imp.deps.length === 0 && !existsSync(file)) continue;
    const { specifiers, packages } = lockfileFor(imp);
    if (specifiers.size === 0 && !existsSync(file)) continue;
    const old = imp.lockfile;
    // A lockfile that already says all this (perhaps in an older ohpm's style) is left exactly as it is.
    if (old && sameLock(old, specifiers, packages)) {
      out.set(file, old.text);
      continue;
    }
    // Fields hmos does not know are kept as they were.
    for (const [k, p] of packages) {
      const was = old?.packages.get(k);
      if (was?.extra) p.extra = was.extra;
    }
    out.set(file, serializeLockfile(specifiers, packages));
  }
  return out;
}

/** Whether a lockfile read from disk records the same resolution (an older ohpm left out registry "version"s). */
function sameLock(old: Lockfile, specifiers: Map<string, string>, packages: Map<string, LockedPackage>): boolean {
  if (old.specifiers.size !== specifiers.size || old.packages.size !== packages.size) return false;
  for (const [k, v] of specifiers) if (old.specifiers.get(k) !== v) return false;
  const deps = (d: Record<string, string> | undefined) => JSON.stringify(Object.entries(d ?? {}).sort());
  for (const [k, p] of packages) {
    const o = old.packages.get(k);
    if (!o || o.name !== p.name || (o.version !== '' && o.version !== p.version) || o.resolved !== p.resolved || o.registryType !== p.registryType
      || (o.integrity ?? '') !== (p.integrity ?? '') || (o.shasum ?? '') !== (p.shasum ?? '') || deps(o.dependencies) !== deps(p.dependencies)) return false;
  }
  return true;
}

function lockfileFor(imp: ResolvedImporter): { specifiers: Map<string, string>; packages: Map<string, LockedPackage> } {
  const specifiers = new Map<string, string>();
  const packages = new Map<string, LockedPackage>();
  const rel = (path: string) => relativePosix(imp.dir, path) || '.';
  const keyOf = (name: string, node: PackageNode) => (node.source === 'registry' ? `${name}@${node.version}` : `${name}@${rel(node.path!)}`);
  const seen = new Set<string>();
  const visit = (name: string, spec: string, node: PackageNode) => {
    const key = keyOf(name, node);
    specifiers.set(node.source === 'registry' ? `${name}@${spec}` : key, key);
    if (seen.has(key)) return;
    seen.add(key);
    packages.set(key, node.source === 'registry'
      ? { name, version: node.version, integrity: node.integrity, resolved: node.resolved!, shasum: node.shasum, registryType: 'ohpm', dependencies: node.declared }
      : { name, version: node.version, resolved: rel(node.path!), registryType: 'local', dependencies: node.declared });
    for (const [child, childSpec] of Object.entries(node.declared)) {
      const c = node.edges.get(child);
      if (c) visit(child, childSpec, c);
    }
  };
  for (const dep of imp.deps) {
    const node = imp.edges.get(dep.name);
    if (node) visit(dep.name, dep.spec, node);
  }
  return { specifiers, packages };
}

/** --frozen-lockfile: the lockfiles must already say exactly what this install would write. */
function checkFrozen(texts: Map<string, string>): void {
  const problems: string[] = [];
  for (const [file, text] of texts) {
    const old = readLockfile(file);
    if (!old) {
      problems.push(`${file} does not exist`);
      continue;
    }
    const now = JSON.parse(text) as { specifiers: Record<string, string>; packages: Record<string, unknown> };
    for (const k of Object.keys(now.specifiers)) if (old.specifiers.get(k) !== now.specifiers[k]) problems.push(`${file}: ${k} is ${old.specifiers.has(k) ? `locked to ${old.specifiers.get(k)}` : 'missing'}, the manifests need ${now.specifiers[k]}`);
    for (const k of old.specifiers.keys()) if (!(k in now.specifiers)) problems.push(`${file}: ${k} is locked but no manifest asks for it any more`);
  }
  if (problems.length) {
    throw new HmosError('FROZEN_LOCKFILE', `the lockfile does not match the manifests (--frozen-lockfile); run hmos install without --frozen-lockfile and commit the oh-package-lock.json5 files`, { details: problems.slice(0, 30).map((p) => `  ${p}`).join('\n') + (problems.length > 30 ? `\n  … and ${problems.length - 30} more` : '') });
  }
}

