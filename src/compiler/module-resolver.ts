/**
 * What an import means in a module build — the same rules for every module of the bundle:
 * - system modules (`@ohos.*`, `@kit.*`, `@system.*`, `@arkts.*`, `@hms.*`, `lib*.so`, hypium) → a virtual module
 *   calling `__hmosKit(spec)` that exports exactly the names the importer uses (system-modules.ts);
 * - relative and absolute paths: the file, then with each extension, then a folder's index file (or the `main` of a
 *   folder's package.json); a path that matches only up to case resolves with a PATH_CASE warning (projects from
 *   case-insensitive file systems);
 * - bare specifiers → the project's package graph (src/project/packages.ts: each package resolves through its own
 *   oh-package.json5; local `file:` packages and archives; `oh_modules/` in ohpm's layout); a declared package that is
 *   not installed is one DEP_NOT_INSTALLED error, located at its declaration.
 */
import { readFileSync } from 'node:fs';
import { dirname, join, relative, resolve as resolvePath } from 'node:path';
import type { Diagnostic } from '../diagnostics.js';
import { findFirstCaseInsensitive } from '../project/case-path.js';
import { isLocalSpec, type Package, type PackageGraph } from '../project/packages.js';
import { isSystemModule, systemModulePath } from './system-modules.js';
import { isDir, isFile } from '../util/fs-probe.js';

export type ResolvedImport =
  | { kind: 'file'; path: string; warning?: Diagnostic }
  /** A virtual module of the device (`systemModulePath`). */
  | { kind: 'kit'; path: string }
  /** A package problem, located at its declaration (DEP_NOT_INSTALLED, DEP_MISSING, PACKAGE_MAIN_MISSING…). */
  | { kind: 'error'; diagnostic: Diagnostic }
  /** Nothing by that name: IMPORT_UNRESOLVED at the import. */
  | { kind: 'unresolved' };

export const SOURCE_EXTENSIONS = ['.ets', '.ts', '.mjs', '.js', '.json'];
const INDEX_FILES = ['index.ets', 'index.ts', 'index.mjs', 'index.js', 'index.json', 'Index.ets', 'Index.ts'];

export interface ResolverOptions {
  packages: PackageGraph;
  projectRoot: string;
  /** The module being built, as a package: its declarations also count for the HARs it pulls in (older projects). */
  modulePackage?: Package;
  /** Where the entry's imports are resolved from (the module's src/main). */
  entryDir: string;
}

export class ModuleResolver {
  /** Resolutions of bare and relative specifiers, kept until `clear()` (a build where only sources changed keeps them). */
  private readonly cache = new Map<string, ResolvedImport>();

  constructor(private readonly options: ResolverOptions) {}

  clear(): void {
    this.cache.clear();
  }

  /**
   * `spec` imported by `importer` (undefined: the entry). `systemNames`: what the importer imports from a system
   * module (for the virtual module's exports).
   */
  resolve(importer: string | undefined, spec: string, systemNames?: Set<string> | '*'): ResolvedImport {
    if (isSystemModule(spec)) return { kind: 'kit', path: systemModulePath(spec, systemNames ?? '*') };
    const key = `${importer ?? ''}\0${spec}`;
    const known = this.cache.get(key);
    if (known) return known;
    const r = /^(\.\.?(\/|$)|\/)/.test(spec) ? this.resolvePath(importer ? dirname(importer) : this.options.entryDir, spec) : this.resolveBare(importer, spec);
    if (r.kind !== 'error') this.cache.set(key, r);
    return r;
  }

  private resolvePath(dir: string, spec: string): ResolvedImport {
    const base = resolvePath(dir, spec);
    const exact = fileOrFolder(base);
    if (exact) return { kind: 'file', path: exact };
    const candidates = [base, ...SOURCE_EXTENSIONS.map((e) => base + e), ...INDEX_FILES.map((f) => join(base, f))];
    const found = findFirstCaseInsensitive(candidates);
    if (!found || !isFile(found)) return { kind: 'unresolved' };
    const text = `import "${spec}" matches ${found} only up to case; fix the case (Linux file systems are case-sensitive)`;
    return { kind: 'file', path: found, warning: { severity: 'warning', code: 'PATH_CASE', message: text } };
  }

  private resolveBare(importer: string | undefined, spec: string): ResolvedImport {
    const { packages, projectRoot, modulePackage } = this.options;
    const from = importer ?? join(this.options.entryDir, 'index.ets');
    const fallback = modulePackage ? packages.packageInDir(modulePackage.dir) ?? undefined : undefined;
    const r = packages.resolve(from, spec, fallback);
    if (!r) return { kind: 'unresolved' };
    if (r.kind === 'not-installed') {
      const d = r.dep;
      const where = relative(projectRoot, d.file) || d.file;
      const message = r.via
        ? `${d.name} is not installed — it is not declared in ${where}, and would come with ${r.via.map((v) => v.name).join(', ')}, declared there but not installed — run hmos install`
        : isLocalSpec(d.spec)
          ? `${d.name} is declared in ${where} as ${d.spec}, which is not there — fetch that package archive (or run hmos install)`
          : `${d.name} is declared in ${where} but not installed — run hmos install`;
      return { kind: 'error', diagnostic: { severity: 'error', code: 'DEP_NOT_INSTALLED', message, file: d.file, line: d.line, col: d.col } };
    }
    if (r.kind === 'error') {
      return { kind: 'error', diagnostic: { severity: 'error', code: r.code, message: r.message, ...(r.file ? { file: r.file, line: r.line, col: r.col } : {}) } };
    }
    if (!r.subpath) {
      const file = fileOrFolder(r.target);
      return file ? { kind: 'file', path: file } : { kind: 'unresolved' };
    }
    // A path inside a package, from the package folder.
    return this.resolvePath(r.pkg.dir, './' + r.subpath);
  }
}

/** `base` as a file, with an extension, or as a folder (its package.json `module`/`main`, else its index file). */
function fileOrFolder(base: string): string | undefined {
  for (const f of [base, ...SOURCE_EXTENSIONS.map((e) => base + e)]) if (isFile(f)) return f;
  if (!isDir(base)) return undefined;
  const manifest = join(base, 'package.json');
  if (isFile(manifest)) {
    try {
      const pkg = JSON.parse(readFileSync(manifest, 'utf8')) as { module?: unknown; main?: unknown };
      for (const field of [pkg.module, pkg.main]) {
        if (typeof field !== 'string' || !field) continue;
        const main = resolvePath(base, field);
        for (const f of [main, ...SOURCE_EXTENSIONS.map((e) => main + e), ...INDEX_FILES.map((i) => join(main, i))]) if (isFile(f)) return f;
      }
    } catch {
      // not JSON: its index file, as esbuild would
    }
  }
  for (const f of INDEX_FILES) if (isFile(join(base, f))) return join(base, f);
  return undefined;
}


