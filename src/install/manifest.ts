/**
 * What an install reads from the project: the importers (the project root and every module of build-profile.json5,
 * each with its oh-package.json5 — ohpm's "install all") and their declared dependencies, each with the file:line:col
 * it is declared at; and what a dependency spec means (a semver range, a dist-tag, a `file:` folder or archive).
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { HmosError, type SourceLocation } from '../errors.js';
import { isObject, locateKey, parseJson5Text } from '../project/json5-file.js';
import type { Diagnostic } from '../diagnostics.js';
import { semver } from './semver.js';

export const MANIFEST = 'oh-package.json5';
export const LOCKFILE = 'oh-package-lock.json5';
export const DEP_GROUPS = ['dependencies', 'devDependencies', 'dynamicDependencies'] as const;
export type DepGroup = (typeof DEP_GROUPS)[number];

export interface Manifest {
  file: string;
  text: string;
  value: Record<string, unknown>;
}

export interface Dependency {
  /** The name it is imported by (the key in the manifest, the folder name in oh_modules). */
  name: string;
  /** As written. */
  spec: string;
  group: DepGroup;
  /** Where it is declared; for a package's own dependencies, where that package was. */
  where?: SourceLocation;
  /** The package that declares it (`name@version`), when it is not an importer. */
  via?: string;
}

export type ParsedSpec =
  | { type: 'range'; range: string }
  | { type: 'tag'; tag: string }
  | { type: 'folder'; path: string }
  | { type: 'archive'; path: string };

export interface Importer {
  dir: string;
  manifest: Manifest;
  /** Its own dependencies, devDependencies and dynamicDependencies. */
  deps: Dependency[];
}

/** The project root above (or at) `dir`: the nearest folder whose build-profile.json5 lists modules; else `dir`. */
export function findProjectRoot(dir: string): string {
  let d = resolve(dir);
  for (;;) {
    const profile = join(d, 'build-profile.json5');
    if (existsSync(profile)) {
      try {
        const v = parseJson5(profile, readFileSync(profile, 'utf8'));
        if (isObject(v) && Array.isArray(v.modules)) return d;
      } catch {
        return d; // a broken build-profile.json5 still marks the root; the build reports its syntax
      }
    }
    const up = dirname(d);
    if (up === d) return resolve(dir);
    d = up;
  }
}

/** The project root and its modules (build-profile.json5 `modules[].srcPath`) that have an oh-package.json5. */
export function loadImporters(root: string): Importer[] {
  const dirs = [root];
  const profileFile = join(root, 'build-profile.json5');
  if (existsSync(profileFile)) {
    const text = readFileSync(profileFile, 'utf8');
    const value = parseJson5(profileFile, text);
    const modules = isObject(value) && Array.isArray(value.modules) ? value.modules : [];
    for (const m of modules) {
      if (isObject(m) && typeof m.srcPath === 'string') {
        const d = resolve(root, m.srcPath);
        if (!dirs.includes(d)) dirs.push(d);
      }
    }
  }
  if (!existsSync(join(root, MANIFEST))) {
    throw new HmosError('MANIFEST_MISSING', `${join(root, MANIFEST)} does not exist; hmos install works in a project (or package) folder that has one — run it there, or create the file`, { location: { file: join(root, MANIFEST) } });
  }
  return dirs.filter((d) => existsSync(join(d, MANIFEST))).map((d) => {
    const manifest = readManifest(join(d, MANIFEST));
    return { dir: d, manifest, deps: declaredDeps(manifest, DEP_GROUPS) };
  });
}

export function readManifest(file: string): Manifest {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    throw new HmosError('MANIFEST_MISSING', `cannot read ${file} (${(err as NodeJS.ErrnoException).code})`, { location: { file } });
  }
  const value = parseJson5(file, text);
  if (!isObject(value)) throw new HmosError('MANIFEST_INVALID', `${file} must hold an object ({ "name": …, "dependencies": {…} })`, { location: { file, line: 1, col: 1 } });
  return { file, text, value };
}

/**
 * Parses a JSON5 text the way every project file is parsed (json5-file.ts: depth and size limits, located syntax
 * errors); a problem is an HmosError at its line.
 */
export function parseJson5(file: string, text: string): unknown {
  const diagnostics: Diagnostic[] = [];
  const json = parseJson5Text(file, text, diagnostics);
  if (json) return json.value;
  const d = diagnostics[0]!;
  throw new HmosError(d.code, d.message, { location: { file, line: d.line, col: d.col } });
}

/** The dependencies of the given groups, in manifest order, with where each is declared. */
export function declaredDeps(manifest: Manifest, groups: readonly DepGroup[]): Dependency[] {
  const out: Dependency[] = [];
  for (const group of groups) {
    const deps = manifest.value[group];
    if (deps === undefined || deps === null) continue;
    const groupAt = locateKey(manifest.text, group);
    if (!isObject(deps)) {
      throw new HmosError('MANIFEST_INVALID', `"${group}" must be an object of name → version`, { location: { file: manifest.file, ...groupAt } });
    }
    const after = lineOffset(manifest.text, groupAt.line);
    for (const [name, spec] of Object.entries(deps)) {
      const where = { file: manifest.file, ...locateKey(manifest.text, name, after) };
      if (typeof spec !== 'string') throw new HmosError('MANIFEST_INVALID', `the version of ${name} must be a string such as "^1.0.0" or "file:../lib"`, { location: where });
      if (!/^(@[^/\s]+\/)?[^/\s@][^/\s]*$/.test(name)) throw new HmosError('MANIFEST_INVALID', `"${name}" is not a package name`, { location: where });
      out.push({ name, spec, group, where });
    }
  }
  return out;
}

function lineOffset(text: string, line: number): number {
  let i = 0;
  for (let l = 1; l < line; l++) {
    const n = text.indexOf('\n', i);
    if (n < 0) return i;
    i = n + 1;
  }
  return i;
}

const ARCHIVE = /\.(har|tgz|tar\.gz|hsp)$/i;

/** What a spec asks for; `file:` paths are resolved from `baseDir` (the folder of the manifest that declares them). */
export function parseSpec(dep: { name: string; spec: string; where?: SourceLocation }, baseDir: string): ParsedSpec {
  const spec = dep.spec.trim();
  // `file:../lib`, or a bare relative path as older projects write it
  if (spec.startsWith('file:') || /^(\.{1,2}[\\/]|\/)/.test(spec)) {
    const path = resolve(baseDir, spec.startsWith('file:') ? spec.slice(5) : spec);
    if (ARCHIVE.test(path) && !(existsSync(path) && statSync(path).isDirectory())) return { type: 'archive', path };
    return { type: 'folder', path };
  }
  if (/^(git\+|git:|github:|https?:)/.test(spec)) {
    throw new HmosError('SPEC_UNSUPPORTED', `${dep.name}: "${spec}" — hmos install takes registry versions and file: paths, not URLs or git; publish it to a registry or vendor it as a file: dependency`, { location: dep.where });
  }
  if (spec.startsWith('tag:')) return { type: 'tag', tag: spec.slice(4) };
  const range = semver.validRange(spec === '' ? '*' : spec, { loose: true });
  if (range !== null) return { type: 'range', range: spec === '' ? '*' : spec };
  if (/^[A-Za-z][\w.-]*$/.test(spec)) return { type: 'tag', tag: spec };
  throw new HmosError('SPEC_INVALID', `${dep.name}: "${spec}" is not a version, a range (^1.2.0), a dist-tag or a file: path`, { location: dep.where });
}
