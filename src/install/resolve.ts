/**
 * The install graph: from every importer's declared dependencies to one node per package version, the way ohpm
 * resolves them —
 * - registry specs (ranges, exact versions, dist-tags) to a version: the lockfiles' choice while it still satisfies the
 *   spec; else a version already chosen in this install that satisfies it (one copy where one does); else the
 *   `latest` tag when it satisfies the range; else the highest version that does. Two incompatible ranges of one
 *   package give two versions, each linked where it is needed (ohpm's `.ohpm` store makes that possible);
 *   `resolve_conflict=true` in .ohpmrc collapses each package to its highest version instead, as ohpm does then;
 * - `file:` folders are linked as they are; `file:` archives (.har/.tgz) are unpacked into the store;
 * - the project root's `overrides` ({ name: spec }) replace the spec of that package everywhere.
 * Nothing is written to the project here: registry documents are fetched and archives are checked and cached.
 */
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve as resolvePath } from 'node:path';
import { formatLocation, HmosError, type SourceLocation } from '../errors.js';
import { isObject, locateKey } from '../project/json5-file.js';
import { unpackPackageArchive } from '../project/package-archive.js';
import { readLockfile, type LockedPackage, type Lockfile } from './lockfile.js';
import { DEP_GROUPS, LOCKFILE, MANIFEST, parseSpec, readManifest, declaredDeps, type Dependency, type Importer, type Manifest } from './manifest.js';
import { registriesFor } from './ohpmrc.js';
import type { Packument, RegistryClient } from './registry.js';
import { semver } from './semver.js';

export type NodeSource = 'registry' | 'archive' | 'folder';

export interface PackageNode {
  /** `name@version` (registry), `archive:<abs path>` or `folder:<abs path>`. */
  id: string;
  name: string;
  version: string;
  source: NodeSource;
  /** Registry packages: where to fetch the archive (a configured mirror first), what the lockfile records as its URL,
   *  its integrity (as the lockfile or registry gives it), the registry. */
  sources?: { tarball: string; registry: string }[];
  resolved?: string;
  integrity?: string;
  shasum?: string;
  /** Folders: the folder; archives: the .har/.tgz file. */
  path?: string;
  /** Archives: a short content hash (the store key). */
  hash?: string;
  /** Its own declared dependencies (for the lockfile). */
  declared: Record<string, string>;
  /** Its resolved dependencies, by the name they are imported with. */
  edges: Map<string, PackageNode>;
  /** Where it was first declared (for errors). */
  where?: SourceLocation;
  /** Set when the folder is itself an importer (a module). */
  importer?: ResolvedImporter;
}

export interface ResolvedImporter extends Importer {
  lockfile: Lockfile | undefined;
  edges: Map<string, PackageNode>;
}

export interface Resolution {
  root: string;
  importers: ResolvedImporter[];
  /** Every node reachable from an importer. */
  nodes: PackageNode[];
  warnings: string[];
}

export interface ResolveOptions {
  frozen: boolean;
  resolveConflict: boolean;
  /** Package names hmos provides itself (a failure to fetch them is a warning, not an error). */
  builtIn: ReadonlySet<string>;
  homeDir: string;
  onResolved?: (count: number) => void;
}

/** The store key of a package in `oh_modules/.ohpm/`: `@ohos+axios@2.2.6`, or `name@<hash>` for a local archive. */
export function storeKey(node: PackageNode): string {
  return `${node.name.replace('/', '+')}@${node.source === 'archive' ? node.hash : node.version}`;
}

export async function resolveProject(root: string, importers: Importer[], client: RegistryClient, options: ResolveOptions): Promise<Resolution> {
  const r = new Resolver(root, client, options);
  return r.run(importers);
}

class Resolver {
  private readonly nodes = new Map<string, PackageNode>();
  private readonly chosen = new Map<string, Set<string>>();
  private readonly locked = new Map<string, LockedPackage>();
  private readonly overrides = new Map<string, Dependency>();
  private readonly dependencyMap = new Map<string, Manifest>();
  private readonly frozenProblems: string[] = [];
  private readonly warnings: string[] = [];
  private importerByDir = new Map<string, ResolvedImporter>();

  constructor(private readonly root: string, private readonly client: RegistryClient, private readonly options: ResolveOptions) {}

  async run(importers: Importer[]): Promise<Resolution> {
    const resolved: ResolvedImporter[] = importers.map((imp) => ({ ...imp, lockfile: readLockfile(join(imp.dir, LOCKFILE)), edges: new Map() }));
    for (const imp of resolved) {
      this.importerByDir.set(imp.dir, imp);
      for (const [key, target] of imp.lockfile?.specifiers ?? []) {
        const pkg = imp.lockfile!.packages.get(target);
        if (pkg && pkg.registryType === 'ohpm' && !this.locked.has(key)) this.locked.set(key, pkg);
      }
    }
    const rootManifest = resolved.find((i) => i.dir === this.root)?.manifest;
    if (rootManifest && isObject(rootManifest.value.overrides)) {
      const fake = { ...rootManifest, value: { dependencies: rootManifest.value.overrides } };
      for (const d of declaredDeps(fake, ['dependencies'])) this.overrides.set(d.name, { ...d, where: d.where });
    }
    // overrideDependencyMap: { name: "./deps/name.json5" } — that package's dependencies are the file's, not its own.
    if (rootManifest && isObject(rootManifest.value.overrideDependencyMap)) {
      for (const [name, path] of Object.entries(rootManifest.value.overrideDependencyMap)) {
        if (typeof path !== 'string') continue;
        const file = resolvePath(this.root, path);
        if (!existsSync(file)) throw new HmosError('DEP_MISSING', `overrideDependencyMap names ${file} for ${name}, which does not exist`, { location: { file: rootManifest.file, ...locateKey(rootManifest.text, name, rootManifest.text.indexOf('overrideDependencyMap')) } });
        this.dependencyMap.set(name, readManifest(file));
      }
    }

    // Breadth first, one wave at a time: the registry documents of a wave are fetched in parallel, then its
    // dependencies are resolved one by one in a fixed order, so the same manifests always give the same graph.
    type Task = { owner: { edges: Map<string, PackageNode> }; dep: Dependency; baseDir: string; storeBase?: string };
    let wave: Task[] = resolved.flatMap((imp) => imp.deps.map((dep) => ({ owner: imp, dep, baseDir: imp.dir })));
    const expanded = new Set<PackageNode>();
    while (wave.length) {
      await Promise.all(wave.map(async (t) => {
        const spec = this.effectiveSpec(t.dep, t.baseDir);
        if ((spec.parsed.type === 'range' || spec.parsed.type === 'tag') && !this.lockedFor(t.dep.name, spec.dep.spec, spec.parsed)) {
          if (!this.options.frozen) await this.client.packument(t.dep.name, t.dep.where).catch(() => undefined);
        }
      }));
      const next: Task[] = [];
      for (const t of wave) {
        const node = await this.resolveDep(t.dep, t.baseDir, t.storeBase);
        if (!node) continue;
        t.owner.edges.set(t.dep.name, node);
        if (expanded.has(node)) continue;
        expanded.add(node);
        this.options.onResolved?.(expanded.size);
        for (const child of await this.childrenOf(node)) next.push({ owner: node, ...child });
      }
      wave = next;
    }
    if (this.frozenProblems.length) {
      throw new HmosError('FROZEN_LOCKFILE', `the lockfile does not satisfy the manifests (--frozen-lockfile): ${this.frozenProblems.length} dependenc${this.frozenProblems.length === 1 ? 'y is' : 'ies are'} not locked; run hmos install without --frozen-lockfile and commit oh-package-lock.json5`, { details: this.frozenProblems.map((p) => `  ${p}`).join('\n') });
    }
    if (this.options.resolveConflict) this.collapseVersions(resolved);
    const nodes = reachable(resolved);
    return { root: this.root, importers: resolved, nodes, warnings: this.warnings };
  }

  /** The dependency with the root's override applied, and what its spec means. */
  private effectiveSpec(dep: Dependency, baseDir: string): { dep: Dependency; baseDir: string; parsed: ReturnType<typeof parseSpec> } {
    const o = this.overrides.get(dep.name);
    if (o) return { dep: { ...dep, spec: o.spec }, baseDir: this.root, parsed: parseSpec(o, this.root) };
    return { dep, baseDir, parsed: parseSpec(dep, baseDir) };
  }

  private lockedFor(name: string, spec: string, parsed: ReturnType<typeof parseSpec>): LockedPackage | undefined {
    const pkg = this.locked.get(`${name}@${spec}`);
    if (!pkg) return undefined;
    if (parsed.type === 'range' && !semver.satisfies(pkg.version, parsed.range, { loose: true, includePrerelease: true })) return undefined;
    return pkg;
  }

  private async resolveDep(declared: Dependency, declaredIn: string, storeBase: string | undefined): Promise<PackageNode | undefined> {
    const { dep, baseDir, parsed } = this.effectiveSpec(declared, declaredIn);
    if (parsed.type === 'folder') {
      // A file: path inside a package that lives in the store points into its store copy (native .so type folders).
      const path = storeBase && baseDir === declaredIn ? resolvePath(storeBase, relative(declaredIn, parsed.path)) : parsed.path;
      return this.folderNode(dep, path, parsed.path);
    }
    if (parsed.type === 'archive') return this.archiveNode(dep, parsed.path);
    const lock = this.lockedFor(dep.name, dep.spec, parsed);
    if (lock) return this.registryNodeFromLock(dep, lock);
    if (this.options.frozen) {
      if (this.options.builtIn.has(dep.name) && declared.group === 'devDependencies') {
        this.warnings.push(`${dep.name} was not installed (it is not in oh-package-lock.json5); hmos provides it built in, but DevEco Studio and hvigor need it in oh_modules`);
        return undefined;
      }
      this.frozenProblems.push(`${dep.name}@${dep.spec} (${formatLocation(dep.where) ?? 'unknown place'}${dep.via ? `, required by ${dep.via}` : ''}) is not in oh-package-lock.json5`);
      return undefined;
    }
    let doc: { packument: Packument; registry: string };
    try {
      doc = await this.client.packument(dep.name, dep.where);
    } catch (err) {
      if (this.options.builtIn.has(dep.name) && declared.group === 'devDependencies') {
        this.warnings.push(`${dep.name} was not installed (${(err as Error).message.split(';')[0]}); hmos provides it built in, but DevEco Studio and hvigor need it in oh_modules`);
        return undefined;
      }
      throw err;
    }
    const version = this.pickVersion(dep, parsed, doc.packument);
    const meta = doc.packument.versions[version]!;
    const id = `${dep.name}@${version}`;
    let node = this.nodes.get(id);
    if (!node) {
      if (!meta.dist?.tarball) throw new HmosError('REGISTRY_BAD_RESPONSE', `the registry ${doc.registry} lists ${id} without an archive URL (dist.tarball); the registry is broken for this version — pick another one`, { location: dep.where });
      node = {
        id, name: dep.name, version, source: 'registry',
        sources: [{ tarball: meta.dist.tarball, registry: doc.registry }],
        resolved: meta.dist.tarball,
        integrity: meta.dist.integrity,
        shasum: meta.dist.shasum,
        declared: { ...meta.dependencies, ...meta.dynamicDependencies },
        edges: new Map(), where: dep.where,
      };
      if (!node.integrity && node.shasum && /^[0-9a-f]{40}$/i.test(node.shasum)) node.integrity = 'sha1-' + Buffer.from(node.shasum, 'hex').toString('base64');
      this.nodes.set(id, node);
    }
    this.choose(dep.name, version);
    return node;
  }

  private pickVersion(dep: Dependency, parsed: ReturnType<typeof parseSpec>, doc: Packument): string {
    const versions = Object.keys(doc.versions).filter((v) => semver.valid(v, { loose: true }));
    const tags = doc['dist-tags'] ?? {};
    if (parsed.type === 'tag') {
      const v = tags[parsed.tag];
      if (v && doc.versions[v]) return v;
      throw new HmosError('NO_MATCHING_VERSION', `${dep.name} has no dist-tag "${parsed.tag}"; its tags: ${Object.entries(tags).map(([t, v]) => `${t} → ${v}`).join(', ') || '(none)'}`, { location: dep.where });
    }
    const range = parsed.type === 'range' ? parsed.range : '*';
    const ok = (v: string) => semver.satisfies(v, range, { loose: true });
    const already = [...(this.chosen.get(dep.name) ?? [])].filter(ok).sort(semver.rcompare)[0];
    if (already) return already;
    if (tags.latest && doc.versions[tags.latest] && ok(tags.latest)) return tags.latest;
    const best = semver.maxSatisfying(versions, range, { loose: true });
    if (best) return best;
    const listed = versions.sort(semver.rcompare);
    const shown = listed.slice(0, 20).join(', ') + (listed.length > 20 ? `, … (${listed.length} in all)` : '');
    throw new HmosError('NO_MATCHING_VERSION', `no version of ${dep.name} matches "${dep.spec}"; the registry has ${listed.length ? shown : 'no versions'}${tags.latest ? ` (latest ${tags.latest})` : ''} — ${dep.via ? `${dep.via} requires it; pick a version of ${dep.via.replace(/@[^@]*$/, '')} whose dependencies exist` : `change the version in ${dep.where?.file ?? 'oh-package.json5'}`}`, { location: dep.where });
  }

  private choose(name: string, version: string): void {
    let set = this.chosen.get(name);
    if (!set) this.chosen.set(name, (set = new Set()));
    set.add(version);
  }

  private registryNodeFromLock(dep: Dependency, lock: LockedPackage): PackageNode {
    const id = `${dep.name}@${lock.version}`;
    let node = this.nodes.get(id);
    if (!node) {
      // A lockfile written against another registry (the public one, say) while .ohpmrc names a mirror: the same
      // path under the mirror first, the recorded URL after. The integrity makes either as good as the other.
      const locked = { tarball: lock.resolved, registry: registryOf(lock.resolved, dep.name) };
      const configured = registriesFor(this.client.config, dep.name);
      const sources = configured.includes(locked.registry)
        ? [locked]
        : [{ tarball: configured[0] + lock.resolved.slice(locked.registry.length), registry: configured[0]! }, locked];
      node = {
        id, name: dep.name, version: lock.version, source: 'registry',
        sources,
        resolved: lock.resolved,
        integrity: lock.integrity ?? (lock.shasum ? 'sha1-' + Buffer.from(lock.shasum, 'hex').toString('base64') : undefined),
        shasum: lock.shasum,
        declared: { ...lock.dependencies },
        edges: new Map(), where: dep.where,
      };
      this.nodes.set(id, node);
    }
    this.choose(dep.name, lock.version);
    return node;
  }

  private folderNode(dep: Dependency, path: string, readFrom: string): PackageNode {
    const id = `folder:${path}`;
    const known = this.nodes.get(id);
    if (known) return known;
    if (!existsSync(readFrom) || !statSync(readFrom).isDirectory()) {
      throw new HmosError('DEP_MISSING', `${dep.name} is declared as "${dep.spec}", but ${readFrom} is not a folder; fix the path`, { location: dep.where });
    }
    const manifestFile = join(readFrom, MANIFEST);
    const manifest = existsSync(manifestFile) ? readManifest(manifestFile) : undefined;
    const importer = this.importerByDir.get(path);
    const node: PackageNode = {
      id, name: dep.name, version: typeof manifest?.value.version === 'string' ? manifest.value.version : '1.0.0', source: 'folder', path,
      declared: manifest ? depsObject(manifest.value) : {},
      edges: importer ? importer.edges : new Map(), where: dep.where, importer,
    };
    this.nodes.set(id, node);
    return node;
  }

  private archiveNode(dep: Dependency, path: string): PackageNode {
    const id = `archive:${path}`;
    const known = this.nodes.get(id);
    if (known) return known;
    if (!existsSync(path)) throw new HmosError('DEP_MISSING', `${dep.name} is declared as "${dep.spec}", but ${path} does not exist; fix the path`, { location: dep.where });
    const unpacked = unpackPackageArchive(path, { homeDir: this.options.homeDir, location: dep.where });
    const manifest = packageManifest(unpacked);
    const node: PackageNode = {
      id, name: dep.name, version: typeof manifest.version === 'string' ? manifest.version : '1.0.0', source: 'archive', path,
      hash: createHash('sha256').update(readFileSync(path)).digest('base64url').slice(0, 32).toLowerCase(),
      declared: depsObject(manifest), edges: new Map(), where: dep.where,
    };
    this.nodes.set(id, node);
    return node;
  }

  /** A node's own dependencies to resolve next (an importer's are resolved as the importer's). */
  private async childrenOf(node: PackageNode): Promise<{ dep: Dependency; baseDir: string; storeBase?: string }[]> {
    if (node.importer) return [];
    const mapped = this.dependencyMap.get(node.name);
    if (mapped) {
      node.declared = depsObject(mapped.value);
      return declaredDeps(mapped, ['dependencies', 'dynamicDependencies']).map((dep) => ({ dep: { ...dep, via: `${node.name}@${node.version}` }, baseDir: this.root }));
    }
    const entries = Object.entries(node.declared);
    if (entries.length === 0) return [];
    const where = node.where;
    if (node.source === 'folder') {
      const manifest = readManifest(join(node.path!, MANIFEST));
      return declaredDeps(manifest, ['dependencies', 'dynamicDependencies']).map((dep) => ({ dep, baseDir: node.path! }));
    }
    // Registry and archive packages: their `file:` dependencies point inside the package (native .so type folders),
    // read from its unpacked copy and linked to its store copy.
    const hasFile = entries.some(([, s]) => s.startsWith('file:'));
    let contentDir: string | undefined;
    if (hasFile) contentDir = node.source === 'archive' ? unpackPackageArchive(node.path!, { homeDir: this.options.homeDir, location: where }) : await this.registryContent(node);
    return entries.map(([name, spec]) => ({
      dep: { name, spec, group: 'dependencies' as const, where, via: `${node.name}@${node.version}` },
      baseDir: contentDir ?? this.root,
      storeBase: contentDir ? storeDirOf(this.root, node) : undefined,
    }));
  }

  private async registryContent(node: PackageNode): Promise<string> {
    const got = await this.client.archive({ name: node.name, version: node.version, integrity: node.integrity, sources: node.sources! }, node.where);
    node.integrity ??= got.integrity;
    return unpackPackageArchive(got.path, { homeDir: this.options.homeDir, location: node.where });
  }

  /** `resolve_conflict=true`: every package name keeps only its highest version. */
  private collapseVersions(importers: ResolvedImporter[]): void {
    const highest = new Map<string, PackageNode>();
    for (const n of this.nodes.values()) {
      if (n.source !== 'registry') continue;
      const h = highest.get(n.name);
      if (!h || semver.gt(n.version, h.version, { loose: true })) highest.set(n.name, n);
    }
    const repoint = (edges: Map<string, PackageNode>) => {
      for (const [k, n] of edges) {
        const h = n.source === 'registry' ? highest.get(n.name) : undefined;
        if (h && h !== n) {
          this.warnings.push(`resolve_conflict: ${n.name}@${n.version} replaced by ${h.version}`);
          edges.set(k, h);
        }
      }
    };
    for (const imp of importers) repoint(imp.edges);
    for (const n of this.nodes.values()) if (!n.importer) repoint(n.edges);
  }
}

function reachable(importers: ResolvedImporter[]): PackageNode[] {
  const seen = new Set<PackageNode>();
  const visit = (edges: Map<string, PackageNode>) => {
    for (const n of edges.values()) {
      if (seen.has(n)) continue;
      seen.add(n);
      visit(n.edges);
    }
  };
  for (const imp of importers) visit(imp.edges);
  return [...seen];
}

/** The store folder of a registry or archive package: `<root>/oh_modules/.ohpm/<key>/oh_modules/<name>`. */
export function storeDirOf(root: string, node: PackageNode): string {
  return join(root, 'oh_modules', '.ohpm', storeKey(node), 'oh_modules', ...node.name.split('/'));
}

/** The folder a package is at once laid out. */
export function packageDirOf(root: string, node: PackageNode): string {
  return node.source === 'folder' ? node.path! : storeDirOf(root, node);
}

/** The package's manifest: oh-package.json5, else package.json (plain JS packages from npm). */
export function packageManifest(dir: string): Record<string, unknown> {
  for (const name of [MANIFEST, 'package.json']) {
    const f = join(dir, name);
    if (existsSync(f)) {
      const m = readManifest(f);
      return m.value;
    }
  }
  return {};
}

function depsObject(value: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const g of DEP_GROUPS) {
    if (g === 'devDependencies') continue;
    const d = value[g];
    if (isObject(d)) for (const [k, v] of Object.entries(d)) if (typeof v === 'string') out[k] = v;
  }
  return out;
}

/** The registry an archive URL belongs to: the part before `<name>/-/`. */
function registryOf(tarball: string, name: string): string {
  const i = tarball.indexOf(`/${name}/-/`);
  const j = i >= 0 ? i : tarball.indexOf(`/${name.replace('/', '%2f')}/-/`);
  return j >= 0 ? tarball.slice(0, j + 1) : new URL('/', tarball).href;
}


