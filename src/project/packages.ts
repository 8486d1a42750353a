/**
 * The package graph: how ohpm makes a bare import resolve. Every package — the entry, a feature, a HAR, an HSP, an
 * installed package — resolves bare specifiers through ITS OWN oh-package.json5 (`dependencies`,
 * `dynamicDependencies`, `devDependencies`), and the project root's oh-package.json5 applies to all (its
 * `dependencies`, `overrides` and `overrideDependencyMap`). A dependency is
 *   - `file:<folder>` (or a plain relative path, as older projects write it): a local package (a HAR/HSP module, or
 *     any folder with a manifest);
 *   - `file:<x.har|x.tgz>`: an archive, unpacked once into the content-addressed cache (package-archive.ts);
 *   - anything else (a version range, a tag): a registry package, which must be installed in `oh_modules` in ohpm's
 *     layout — `<pkg>/oh_modules/<name>` (a link into the store `<root>/oh_modules/.ohpm/<name with / as +>@<version>/
 *     oh_modules/<name>`, where the package's own dependencies are its siblings). Folders are searched from the
 *     importing package upwards, on real paths, the way ohpm lays them out for the ArkTS compiler.
 *
 *   const graph = new PackageGraph(projectRoot, { homeDir });
 *   graph.resolve(importerFile, '@ohos/axios/src/x')   → { kind: 'package', pkg, target } | { kind: 'not-installed', dep } | …
 *
 * One graph per build; everything it reads is cached, and `files` lists the manifests it read (a build keyed on them
 * knows when to build a new graph).
 */
import { existsSync, readFileSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, resolve, sep } from 'node:path';
import { HmosError } from '../errors.js';
import type { Diagnostic } from '../diagnostics.js';
import { isObject, locateKey, readJson5File, type Json5File } from './json5-file.js';
import { unpackPackageArchive } from './package-archive.js';
import { isFile } from '../util/fs-probe.js';

export type DependencyField = 'dependencies' | 'devDependencies' | 'dynamicDependencies';

export interface Dependency {
  name: string;
  /** As declared (after the root's overrides), e.g. `file:../lib`, `^2.2.6`. */
  spec: string;
  field: DependencyField;
  /** The manifest that declares it, and where. */
  file: string;
  line: number;
  col: number;
}

export interface Package {
  /** The name in its manifest (or the folder name). */
  name: string;
  /** Absolute real folder. */
  dir: string;
  manifest?: Json5File;
  /** Declared dependencies by name. */
  dependencies: Map<string, Dependency>;
  /** `src/main/module.json5`'s module.type when the package is a module of a project (`har`, `shared`, `entry`…). */
  moduleType?: string;
}

export type Resolution =
  /** `target`: the absolute file (or folder, for a subpath esbuild finishes resolving) the import means. */
  | { kind: 'package'; pkg: Package; dep?: Dependency; target: string; subpath?: string }
  /** Declared, not installed: `hmos install` would fetch it. `via`: the import names a package nobody declares, and
   *  these declared packages are not installed — it is most likely one of their own dependencies. */
  | { kind: 'not-installed'; dep: Dependency; via?: Dependency[] }
  /** Declared but broken (a `file:` folder that is gone, a package without an entry file): an error at `dep`. */
  | { kind: 'error'; code: string; message: string; dep?: Dependency; file?: string; line?: number; col?: number };

export interface PackageGraphOptions {
  /** hmos state folder (the archive cache lives there). */
  homeDir?: string;
}

const FIELDS: DependencyField[] = ['dependencies', 'dynamicDependencies', 'devDependencies'];
const MANIFESTS = ['oh-package.json5', 'package.json'];
const ENTRY_FILES = ['Index.ets', 'index.ets', 'Index.ts', 'index.ts', 'index.js', 'index.mjs'];
const SOURCE_EXTENSIONS = ['.ets', '.ts', '.js', '.mjs'];

export class PackageGraph {
  /** Every manifest read (and the archives unpacked), so a caller can tell when the graph is stale. */
  readonly files = new Set<string>();
  private readonly byDir = new Map<string, Package | null>();
  private rootPackage: Package | undefined;
  private readonly overrides = new Map<string, Dependency>();
  private readonly overrideDeps = new Map<string, Map<string, Dependency>>();

  constructor(readonly root: string, private readonly options: PackageGraphOptions = {}) {
    this.root = realOrSelf(root);
    this.load();
  }

  /** Forgets every manifest read: the next resolutions read them again (a rebuild after a manifest changed). */
  invalidate(): void {
    this.byDir.clear();
    this.files.clear();
    this.overrides.clear();
    this.overrideDeps.clear();
    this.load();
  }

  private load(): void {
    this.rootPackage = this.packageInDir(this.root) ?? undefined;
    const rootManifest = this.rootPackage?.manifest;
    if (rootManifest && isObject(rootManifest.value)) {
      const ov = rootManifest.value.overrides;
      if (isObject(ov)) for (const [name, spec] of Object.entries(ov)) if (typeof spec === 'string') this.overrides.set(name, dependencyAt(rootManifest, name, spec, 'dependencies'));
      const map = rootManifest.value.overrideDependencyMap;
      if (isObject(map)) {
        for (const [name, path] of Object.entries(map)) {
          if (typeof path !== 'string') continue;
          const file = resolve(this.root, path);
          const diags: Diagnostic[] = [];
          const json = existsSync(file) ? readJson5File(file, diags) : undefined;
          if (!json) continue;
          this.files.add(file);
          this.overrideDeps.set(name, declaredDependencies(json, FIELDS));
        }
      }
    }
  }

  /** The package a file belongs to: the nearest folder upwards with a manifest, up to the filesystem root. */
  packageOf(file: string): Package | undefined {
    let d = dirname(realOrSelf(file));
    for (let i = 0; i < 64; i++) {
      const p = this.packageInDir(d);
      if (p) return p;
      const up = dirname(d);
      if (up === d) break;
      d = up;
    }
    return undefined;
  }

  /** The package whose folder is `dir` (manifest read once), or null. */
  packageInDir(dir: string): Package | null {
    const known = this.byDir.get(dir);
    if (known !== undefined) return known;
    let pkg: Package | null = null;
    for (const m of MANIFESTS) {
      const file = join(dir, m);
      if (!isFile(file)) continue;
      this.files.add(file);
      const diags: Diagnostic[] = [];
      const json = readJson5File(file, diags);
      const value = json && isObject(json.value) ? json.value : {};
      const overridden = typeof value.name === 'string' ? this.overrideDeps?.get(value.name) : undefined;
      pkg = {
        name: typeof value.name === 'string' && value.name ? value.name : dir.split(sep).pop()!,
        dir,
        ...(json ? { manifest: json } : {}),
        dependencies: overridden ?? (json ? declaredDependencies(json, FIELDS) : new Map()),
        ...moduleTypeOf(dir),
      };
      break;
    }
    this.byDir.set(dir, pkg);
    return pkg;
  }

  /**
   * What `specifier` (a bare one: `name` or `name/sub/path`) means when imported from `importer`. `fallback` is a
   * package whose declarations also count (the module being built: older projects declare a HAR's dependencies only in
   * the entry). Undefined: nobody declares it and nothing is installed under that name.
   */
  resolve(importer: string, specifier: string, fallback?: Package): Resolution | undefined {
    const { name, sub } = splitSpecifier(specifier);
    if (!name) return undefined;
    const owner = this.packageOf(importer);
    const declared = (owner && owner.dependencies.get(name)) ?? this.rootPackage?.dependencies.get(name) ?? fallback?.dependencies.get(name);
    const dep = declared && this.overrides.has(name) ? { ...this.overrides.get(name)!, field: declared.field } : declared;
    if (dep && isLocalSpec(dep.spec)) return this.resolveLocal(dep, name, sub);
    // A registry package (or an undeclared name): look in oh_modules from the importer's package upwards.
    const start = owner?.dir ?? dirname(realOrSelf(importer));
    const installed = this.findInstalled(start, name) ?? (fallback ? this.findInstalled(fallback.dir, name) : undefined);
    if (installed) return this.entryOf(installed, sub, dep);
    if (dep) return { kind: 'not-installed', dep };
    // Nobody declares it. Packages the importer may see that are declared but not installed would bring their own
    // dependencies along (npm-style projects see them flat): until they are installed, that is the likely reason.
    const missing = [owner, this.rootPackage, fallback].flatMap((p) => (p ? [...p.dependencies.values()] : []))
      .filter((d) => !isLocalSpec((this.overrides.get(d.name) ?? d).spec) && !this.findInstalled(start, d.name) && !(fallback && this.findInstalled(fallback.dir, d.name)));
    if (missing.length > 0) return { kind: 'not-installed', dep: { ...missing[0]!, name }, via: [...new Map(missing.map((d) => [d.name, d])).values()] };
    return undefined;
  }

  /** The source file a bare import means (`.ets`, `.ts`, `.js`, an index file of a folder), or undefined. */
  resolveFile(importer: string, specifier: string): string | undefined {
    const r = this.resolve(importer, specifier);
    if (r?.kind !== 'package') return undefined;
    const base = r.target;
    for (const f of [base, ...SOURCE_EXTENSIONS.map((e) => base + e), ...ENTRY_FILES.map((e) => join(base, e))]) if (isFile(f)) return f;
    return undefined;
  }

  private resolveLocal(dep: Dependency, name: string, sub: string | undefined): Resolution {
    const target = resolve(dirname(dep.file), dep.spec.replace(/^file:/, ''));
    // A package archive that is not there is a third-party package nobody has fetched yet (a .har is not source code
    // of the project): not installed, like a registry package.
    if (!existsSync(target) && /\.(har|tgz)$/i.test(target)) return { kind: 'not-installed', dep };
    if (!existsSync(target)) {
      return { kind: 'error', code: 'DEP_MISSING', message: `dependency "${name}" points at ${dep.spec}, which does not exist; fix the path in ${relative(this.root, dep.file) || dep.file}`, dep, file: dep.file, line: dep.line, col: dep.col };
    }
    let dir = target;
    if (statSync(target).isFile()) {
      if (!/\.(har|tgz)$/i.test(target)) {
        return { kind: 'error', code: 'DEP_MISSING', message: `dependency "${name}" points at ${dep.spec}, which is a file but not a .har or .tgz package`, dep, file: dep.file, line: dep.line, col: dep.col };
      }
      try {
        dir = unpackPackageArchive(target, { homeDir: this.options.homeDir, location: { file: dep.file, line: dep.line, col: dep.col } });
      } catch (err) {
        if (err instanceof HmosError) return { kind: 'error', code: err.code, message: err.message, dep, file: dep.file, line: dep.line, col: dep.col };
        throw err;
      }
      this.files.add(target);
    }
    const pkg: Package = this.packageInDir(realOrSelf(dir)) ?? { name, dir: realOrSelf(dir), dependencies: new Map() };
    if (pkg.moduleType === 'entry' || pkg.moduleType === 'feature') {
      // hvigor refuses it too: an entry or feature module is an application package (a HAP), not a library.
      return { kind: 'error', code: 'DEP_ON_HAP', message: `dependency "${name}" is the ${pkg.moduleType} module at ${relative(this.root, pkg.dir) || pkg.dir}; only HAR and HSP modules (or other packages) can be depended on — move the shared code into a HAR`, dep, file: dep.file, line: dep.line, col: dep.col };
    }
    return this.entryOf(pkg, sub, dep);
  }

  /**
   * The local packages (`file:` folders and archives) reachable from `pkg` through its dependencies and theirs, each
   * once, nearest first. Problems are diagnostics at the declaration: a `file:` dependency that points nowhere
   * (DEP_MISSING), local packages that depend on each other in a cycle (DEP_CYCLE: the reference refuses HARs and HSPs
   * that do), one name for two different packages (DEP_NAME_CONFLICT, a warning: each importer gets the one its own
   * manifest declares, so both are compiled in).
   */
  localClosure(pkg: Package, diagnostics: Diagnostic[]): { pkg: Package; dep: Dependency }[] {
    const out: { pkg: Package; dep: Dependency }[] = [];
    const seen = new Set<string>([pkg.dir]);
    const queue: Package[] = [pkg];
    /** package folder → the local packages it depends on, with the declaration. */
    const edges = new Map<string, { to: Package; dep: Dependency }[]>();
    const byName = new Map<string, { dir: string; dep: Dependency }>();
    // The root's dependencies apply to every module.
    const rootDeps = this.rootPackage && this.rootPackage.dir !== pkg.dir ? [...this.rootPackage.dependencies.values()] : [];
    while (queue.length > 0) {
      const from = queue.shift()!;
      const deps = [...from.dependencies.values(), ...(from === pkg ? rootDeps : [])];
      for (const dep of deps) {
        const effective = this.overrides.get(dep.name) ?? dep;
        if (!isLocalSpec(effective.spec)) continue;
        const r = this.resolveLocal(effective, dep.name, undefined);
        if (r.kind === 'not-installed') continue; // reported where it is imported
        const found = r.kind === 'package' ? r.pkg : r.kind === 'error' && r.code === 'PACKAGE_MAIN_MISSING' ? this.packageInDir(realOrSelf(resolve(dirname(effective.file), effective.spec.replace(/^file:/, '')))) : undefined;
        if (r.kind === 'error' && r.code !== 'PACKAGE_MAIN_MISSING') {
          if (dep.field !== 'devDependencies') diagnostics.push({ severity: 'error', code: r.code, message: r.message, file: r.file, line: r.line, col: r.col });
          continue;
        }
        if (!found) continue;
        // A cycle is made of packages' own declarations: the root's dependencies, which apply to every module, make
        // none (a HAR the root declares is not a HAR that depends on itself or on the module that uses it).
        if (dep.field !== 'devDependencies' && from.dependencies.get(dep.name) === dep && found.dir !== from.dir) {
          const list = edges.get(from.dir) ?? [];
          list.push({ to: found, dep: effective });
          edges.set(from.dir, list);
        }
        if (dep.field !== 'devDependencies') {
          const named = byName.get(dep.name);
          if (named && named.dir !== found.dir) {
            diagnostics.push({
              severity: 'warning', code: 'DEP_NAME_CONFLICT', file: effective.file, line: effective.line, col: effective.col,
              message: `"${dep.name}" names two different packages here: ${relative(this.root, named.dir) || named.dir} (declared in ${relative(this.root, named.dep.file)}) and ${relative(this.root, found.dir) || found.dir}; each importer gets the one its own oh-package.json5 declares, so both are compiled in — give them different names if both are meant, or point both at one`,
            });
          } else if (!named) byName.set(dep.name, { dir: found.dir, dep: effective });
        }
        if (seen.has(found.dir)) continue;
        seen.add(found.dir);
        out.push({ pkg: found, dep: effective });
        queue.push(found);
      }
    }
    this.reportCycles(pkg.dir, edges, diagnostics);
    return out;
  }

  /** Every cycle of local packages reachable from `start`, once, at the declaration leaving its first folder (by name). */
  private reportCycles(start: string, edges: Map<string, { to: Package; dep: Dependency }[]>, diagnostics: Diagnostic[]): void {
    const stack: string[] = [];
    const onStack = new Set<string>();
    const done = new Set<string>();
    const reported = new Set<string>();
    const visit = (dir: string): void => {
      stack.push(dir);
      onStack.add(dir);
      for (const { to } of edges.get(dir) ?? []) {
        if (onStack.has(to.dir)) {
          const cycle = stack.slice(stack.indexOf(to.dir));
          const first = [...cycle].sort()[0]!;
          const key = [...cycle].sort().join('\0');
          if (reported.has(key)) continue;
          reported.add(key);
          // The cycle from its first folder, and the declaration that leaves it.
          const i = cycle.indexOf(first);
          const ordered = [...cycle.slice(i), ...cycle.slice(0, i)];
          const next = ordered[1 % ordered.length]!;
          const dep = (edges.get(first) ?? []).find((e) => e.to.dir === next)!.dep;
          const names = [...ordered, first].map((d) => this.packageInDir(d)?.name ?? (relative(this.root, d) || d));
          diagnostics.push({
            severity: 'error', code: 'DEP_CYCLE', file: dep.file, line: dep.line, col: dep.col,
            message: `local packages depend on each other in a cycle: ${names.join(' → ')}; the reference refuses HARs and HSPs that depend on each other — move what they share into a package both depend on`,
          });
        } else if (!done.has(to.dir)) visit(to.dir);
      }
      stack.pop();
      onStack.delete(dir);
      done.add(dir);
    };
    visit(start);
  }

  /** `<dir>/oh_modules/<name>`, then the same in each folder above (ohpm's layout, on real paths). */
  private findInstalled(from: string, name: string): Package | undefined {
    let d = from;
    for (let i = 0; i < 64; i++) {
      // node_modules: projects from before ohpm (package.json, npm's flat layout)
      const candidate = linkTarget(join(d, 'oh_modules', name)) ?? linkTarget(join(d, 'node_modules', name));
      if (candidate) {
        const real = realOrSelf(candidate);
        return this.packageInDir(real) ?? { name, dir: real, dependencies: new Map() };
      }
      const up = dirname(d);
      if (up === d) break;
      d = up;
    }
    return undefined;
  }

  /** The file a package import means: the package's entry (`main`, then Index.ets…) or a path inside it. */
  private entryOf(pkg: Package, sub: string | undefined, dep: Dependency | undefined): Resolution {
    if (sub) return { kind: 'package', pkg, ...(dep ? { dep } : {}), target: join(pkg.dir, sub), subpath: sub };
    const main = packageEntry(pkg);
    if (main.file) return { kind: 'package', pkg, ...(dep ? { dep } : {}), target: main.file };
    const where = pkg.manifest && main.declared ? { file: pkg.manifest.file, ...locateKey(pkg.manifest.text, 'main') } : dep ? { file: dep.file, line: dep.line, col: dep.col } : { file: pkg.dir };
    return {
      kind: 'error', code: 'PACKAGE_MAIN_MISSING', ...(dep ? { dep } : {}), ...where,
      message: main.declared
        ? `package "${pkg.name}" names "main": "${main.declared}", which does not exist (nor Index.ets); fix "main" in its oh-package.json5`
        : `package "${pkg.name}" at ${pkg.dir} has no "main" in its manifest and no Index.ets`,
    };
  }
}

/** The entry file of a package: its manifest's `main` (with or without an extension), else Index.ets / index.ets / index.ts / index.js. */
export function packageEntry(pkg: Pick<Package, 'dir' | 'manifest'>): { file?: string; declared?: string } {
  const value = pkg.manifest && isObject(pkg.manifest.value) ? pkg.manifest.value : {};
  const declared = typeof value.main === 'string' && value.main ? value.main : undefined;
  if (declared) {
    const base = join(pkg.dir, declared);
    for (const f of [base, ...['.ets', '.ts', '.js', '.mjs'].map((e) => base + e), ...ENTRY_FILES.map((e) => join(base, e))]) if (isFile(f)) return { file: f, declared };
  }
  for (const f of ENTRY_FILES) if (isFile(join(pkg.dir, f))) return { file: join(pkg.dir, f), ...(declared ? { declared } : {}) };
  return declared ? { declared } : {};
}

export function splitSpecifier(spec: string): { name?: string; sub?: string } {
  const parts = spec.split('/');
  if (spec.startsWith('@')) {
    if (parts.length < 2 || !parts[1]) return {};
    return { name: parts.slice(0, 2).join('/'), sub: parts.slice(2).join('/') || undefined };
  }
  return { name: parts[0], sub: parts.slice(1).join('/') || undefined };
}

/** `file:…` and plain relative/absolute paths name local packages; everything else is a registry version. */
export function isLocalSpec(spec: string): boolean {
  return /^(file:|\.\.?\/|\/)/.test(spec);
}

function declaredDependencies(json: Json5File, fields: DependencyField[]): Map<string, Dependency> {
  const out = new Map<string, Dependency>();
  const value = isObject(json.value) ? json.value : {};
  // Later fields do not replace earlier ones: `dependencies` wins over `devDependencies` for the same name.
  for (const field of fields) {
    const deps = value[field];
    if (!isObject(deps)) continue;
    for (const [name, spec] of Object.entries(deps)) {
      if (typeof spec !== 'string' || out.has(name)) continue;
      out.set(name, dependencyAt(json, name, spec, field));
    }
  }
  return out;
}

function dependencyAt(json: Json5File, name: string, spec: string, field: DependencyField): Dependency {
  const after = Math.max(0, json.text.indexOf(field));
  return { name, spec, field, file: json.file, ...locateKey(json.text, name, after) };
}

/** A module folder's type, read from src/main/module.json5 (cheaply: only the `type` field matters). */
function moduleTypeOf(dir: string): { moduleType?: string } {
  const file = join(dir, 'src/main/module.json5');
  if (!isFile(file)) return {};
  const m = /["']?type["']?\s*:\s*["'](\w+)["']/.exec(readFileSync(file, 'utf8'));
  return m ? { moduleType: m[1] } : {};
}

/**
 * Where an oh_modules entry points: a folder (or a symlink to one), or — in a checkout made where symlinks were not
 * kept (git writes them as small text files holding the link target) — the folder that file names.
 */
function linkTarget(path: string): string | undefined {
  let st;
  try {
    st = statSync(path, { throwIfNoEntry: false });
  } catch {
    return undefined;
  }
  if (!st) return undefined;
  if (st.isDirectory()) return path;
  if (st.isFile() && st.size > 0 && st.size < 1024) {
    const text = readFileSync(path, 'utf8').trim();
    if (/^[^\n\0]+$/.test(text) && !isAbsolute(text)) {
      const target = resolve(dirname(path), text);
      if (existsSync(target) && statSync(target).isDirectory()) return target;
    }
  }
  return undefined;
}


function realOrSelf(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    return p;
  }
}
