/**
 * `hmos add` and `hmos remove`: edit one oh-package.json5 (keeping its comments and layout), then install. When the
 * install fails the manifest is put back as it was, so a typo in a package name costs nothing.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { HmosError } from '../errors.js';
import { isObject } from '../project/json5-file.js';
import { writeFileAtomic } from '../util/atomic.js';
import { installProject, type InstallOptions, type InstallSummary } from './install.js';
import { setDependency, removeDependency } from './manifest-edit.js';
import { findProjectRoot, loadImporters, MANIFEST, parseJson5, parseSpec, type DepGroup } from './manifest.js';
import { loadRegistryConfig } from './ohpmrc.js';
import { downloadCacheDir, RegistryClient } from './registry.js';
import { semver } from './semver.js';
import { relativePosix } from '../util/paths.js';

export interface EditOptions extends InstallOptions {
  /** A module name (build-profile.json5) whose manifest to edit; default: the manifest of `dir`, else the root's. */
  module?: string;
  dev?: boolean;
}

/** `@scope/name@^1.2.0` → name and spec (spec undefined when none was given). */
export function splitPackageArg(arg: string): { name: string; spec: string | undefined } {
  const at = arg.indexOf('@', arg.startsWith('@') ? 1 : 0);
  if (at < 0) return { name: arg, spec: undefined };
  return { name: arg.slice(0, at), spec: arg.slice(at + 1) || undefined };
}

/** The manifest `hmos add/remove` edits. */
export function targetManifest(dir: string, module: string | undefined): string {
  const root = findProjectRoot(dir);
  if (module) {
    const profile = join(root, 'build-profile.json5');
    const profileValue = existsSync(profile) ? parseJson5(profile, readFileSync(profile, 'utf8')) : undefined;
    const modules = isObject(profileValue) ? profileValue.modules : undefined;
    const found = Array.isArray(modules) ? modules.find((m) => isObject(m) && m.name === module) as { srcPath?: string } | undefined : undefined;
    if (!found || typeof found.srcPath !== 'string') {
      const names = Array.isArray(modules) ? modules.filter(isObject).map((m) => String(m.name)).join(', ') : '(none)';
      throw new HmosError('MODULE_NOT_FOUND', `no module named "${module}" in ${profile}; modules: ${names}`);
    }
    return join(resolve(root, found.srcPath), MANIFEST);
  }
  const own = join(resolve(dir), MANIFEST);
  return existsSync(own) ? own : join(root, MANIFEST);
}

export async function addPackages(dir: string, args: string[], options: EditOptions = {}): Promise<InstallSummary & { manifest: string; specs: Record<string, string> }> {
  const manifest = targetManifest(dir, options.module);
  if (!existsSync(manifest)) throw new HmosError('MANIFEST_MISSING', `${manifest} does not exist; run hmos add inside a project`, { location: { file: manifest } });
  const env = options.env ?? process.env;
  const root = findProjectRoot(dir);
  const group: DepGroup = options.dev ? 'devDependencies' : 'dependencies';
  const specs: Record<string, string> = {};
  let client: RegistryClient | undefined;
  for (const arg of args) {
    const { name, spec } = localArg(arg, manifest) ?? splitPackageArg(arg);
    if (spec !== undefined) {
      parseSpec({ name, spec }, root); // refuse nonsense before touching the file
      specs[name] = spec;
      continue;
    }
    // No version given: the current one, as ^x.y.z (what ohpm writes).
    client ??= new RegistryClient(loadRegistryConfig(root, env), downloadCacheDir(env), { offline: Boolean(options.offline), force: false });
    const { packument } = await client.packument(name, undefined);
    const latest = packument['dist-tags']?.latest ?? Object.keys(packument.versions).filter((v) => semver.valid(v)).sort(semver.rcompare)[0];
    if (!latest) throw new HmosError('NO_MATCHING_VERSION', `${name} has no versions in its registry`);
    specs[name] = `^${latest}`;
  }
  const before = readFileSync(manifest, 'utf8');
  let text = before;
  for (const [name, spec] of Object.entries(specs)) text = setDependency(manifest, text, group, name, spec);
  return { ...(await installWithRollback(dir, manifest, before, text, options)), manifest, specs };
}

export async function removePackages(dir: string, names: string[], options: EditOptions = {}): Promise<InstallSummary & { manifest: string; removedFrom: Record<string, string[]> }> {
  const manifest = targetManifest(dir, options.module);
  if (!existsSync(manifest)) throw new HmosError('MANIFEST_MISSING', `${manifest} does not exist; run hmos remove inside a project`, { location: { file: manifest } });
  const before = readFileSync(manifest, 'utf8');
  let text = before;
  const removedFrom: Record<string, string[]> = {};
  for (const arg of names) {
    const { name } = splitPackageArg(arg);
    const r = removeDependency(manifest, text, name);
    if (r.groups.length === 0) {
      const elsewhere = loadImporters(findProjectRoot(dir)).filter((i) => i.deps.some((d) => d.name === name)).map((i) => i.manifest.file);
      throw new HmosError('DEP_NOT_DECLARED', `${name} is not a dependency in ${manifest}${elsewhere.length ? `; it is declared in ${elsewhere.join(', ')} — use --module to pick that one` : ''}`, { location: { file: manifest } });
    }
    removedFrom[name] = r.groups;
    text = r.text;
  }
  return { ...(await installWithRollback(dir, manifest, before, text, options)), manifest, removedFrom };
}

async function installWithRollback(dir: string, manifest: string, before: string, after: string, options: EditOptions): Promise<InstallSummary> {
  writeFileAtomic(manifest, after);
  try {
    return await installProject(dir, options);
  } catch (err) {
    writeFileAtomic(manifest, before);
    throw err;
  }
}

/** `./lib`, `../x.har`, `file:…`: a local package, named by its own manifest. */
function localArg(arg: string, manifest: string): { name: string; spec: string } | undefined {
  const path = arg.startsWith('file:') ? arg.slice(5) : /^(\.{1,2}\/|\/)/.test(arg) ? arg : undefined;
  if (path === undefined) return undefined;
  const base = resolve(manifest, '..');
  const abs = resolve(base, path);
  let name: string | undefined;
  const m = join(abs, MANIFEST);
  if (existsSync(m)) {
    const v = parseJson5(m, readFileSync(m, 'utf8'));
    if (isObject(v) && typeof v.name === 'string') name = v.name;
  } else {
    name = /([^/\\]+?)(-\d[^/\\]*)?\.(har|tgz)$/.exec(abs)?.[1];
  }
  if (!name) throw new HmosError('DEP_MISSING', `${abs} is not a package folder (no ${MANIFEST} with a "name") nor a .har/.tgz archive`);
  return { name, spec: `file:${relativePosix(base, abs) || '.'}` };
}
