/**
 * Packaging a bundled module as a signed HAP (DESIGN decision 7):
 *   module.json  (app.json5 + module.json5 merged; every `$type:name` gets a sibling `<key>Id` with its resource id)
 *   ets/bundle.js, ets/bundle.js.map, ets/bundle.cache + ets/cache-info.json (the V8 code caches of its parts,
 *   hap/bundle-script.ts), ets/intents.json,
 *   ets/workers.json (the worker scripts the bundle can run instead of its entry, when the module has any)
 *   resources.index, resources/<qualifier>/{media,profile}/…, resources/rawfile/…, pack.info
 * written to `<module>/build/default/outputs/default/<module>-default-signed.hap` through a temp file + rename, so
 * a failed or interrupted build never leaves a partial HAP.
 */
import { lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { HmosError } from '../errors.js';
import { HapPacker } from '../hap/hap-writer.js';
import { INTENT_MANIFEST_PATH, type IntentDeclaration, type IntentManifest } from '../hap/intent-manifest.js';
import { BUNDLE_PATH, CACHE_INFO_PATH, CODE_CACHE_PATH, SOURCE_MAP_PATH, WORKERS_MANIFEST_PATH, bundleParts, createPartCache, packCodeCaches, type BuiltPart } from '../hap/bundle-script.js';
import { RESOURCES_INDEX_PATH, writeResourceIndex } from '../hap/resources-index.js';
import type { SigningKey } from '../hap/signing-key.js';
import { tempPathBeside } from '../util/atomic.js';
import { onInterrupt } from '../util/cleanup.js';
import type { ModuleInfo, Project } from '../project/project.js';
import { parseResourceRef, resourceId, type ResourceTable } from '../project/resources.js';
import type { ModuleBundle } from './bundle.js';

/** Where a module's package goes: `<module>-default-signed.hap`, or `.hsp` for a shared module (an HSP). */
export function hapPath(module: ModuleInfo): string {
  const ext = module.type === 'shared' ? 'hsp' : 'hap';
  return join(module.dir, 'build', 'default', 'outputs', 'default', `${module.name}-default-signed.${ext}`);
}

/** Where `hmos build --module <har>` writes the HAR: `<module>/build/default/outputs/default/<module>.har`. */
export function harPath(module: ModuleInfo): string {
  return join(module.dir, 'build', 'default', 'outputs', 'default', `${module.name}.har`);
}

/** Folders of a module that are not part of its published HAR (build output, installed packages, tests, IDE state). */
const NOT_IN_HAR = /^(build|oh_modules|node_modules|\.hvigor|\.preview|\.idea|\.git|src\/test|src\/ohosTest)(\/|$)/;

/**
 * Packs a HAR module the way `hvigorw assembleHar` lays out a source HAR: a gzip tar whose files sit under `package/`
 * (oh-package.json5, its main file, src/main/ets, src/main/resources, module.json5 …), so it can be published or consumed
 * with a `file:…har` dependency (which hmos unpacks with the same checks as any archive).
 */
export function packHar(module: ModuleInfo): string {
  const files = listFiles(module.dir).filter((rel) => !NOT_IN_HAR.test(rel));
  const target = harPath(module);
  const tmp = tempPathBeside(target);
  mkdirSync(dirname(target), { recursive: true });
  try {
    tarLib().c({ sync: true, gzip: true, file: tmp, cwd: module.dir, prefix: 'package', portable: true, noDirRecurse: true, mtime: new Date(0) }, files);
    renameSync(tmp, target);
  } catch (err) {
    rmSync(tmp, { force: true });
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS' || code === 'ENOSPC') {
      throw new HmosError('OUTPUT_UNWRITABLE', `cannot write ${target} (${code}); make ${dirname(target)} writable`, { cause: err });
    }
    throw err;
  }
  return target;
}

function listFiles(root: string, rel = ''): string[] {
  const out: string[] = [];
  for (const name of readdirSync(join(root, rel)).sort()) {
    const r = rel ? `${rel}/${name}` : name;
    if (NOT_IN_HAR.test(r)) continue;
    const st = lstatSync(join(root, r));
    if (st.isDirectory()) out.push(...listFiles(root, r));
    else if (st.isFile()) out.push(r);
  }
  return out;
}

/** The V8 code caches of these parts, made on this thread. */
export const makePartCachesHere = async (parts: readonly BuiltPart[]): Promise<Uint8Array[]> => parts.map((p) => createPartCache(p.text, p.line));

/**
 * Packs and signs the module's HAP. The entries go to the packer (which starts compressing the large ones on the
 * thread pool) before the V8 code caches of the bundle's parts, the slowest to make, are awaited. `makeCaches` gives
 * them (the builder reuses those of unchanged parts and has the rest made by the transform worker); one that fails
 * leaves them to this thread.
 */
export async function packModule(project: Project, module: ModuleInfo, bundle: ModuleBundle, mode: 'debug' | 'release', key: SigningKey,
  makeCaches: (parts: readonly BuiltPart[]) => Promise<Uint8Array[]> = makePartCachesHere): Promise<Uint8Array> {
  const packer = new HapPacker();
  const text = (s: string) => Buffer.from(s, 'utf8');
  const code = bundle.code + `\n//# sourceMappingURL=bundle.js.map\n`;
  const last = bundle.parts.length - 1;
  const parts = bundleParts(code, bundle.parts.map((p, i) => (i === last ? { ...p, end: code.length } : p)));
  const caches = makeCaches(parts).catch(() => makePartCachesHere(parts));
  packer.add(BUNDLE_PATH, parts.length === 1 ? parts[0]!.bytes : Buffer.concat(parts.map((p) => p.bytes)));
  packer.add(SOURCE_MAP_PATH, text(bundle.map));
  if (bundle.workers.length > 0) packer.add(WORKERS_MANIFEST_PATH, text(JSON.stringify(bundle.workers)));
  const app = withIds({ ...project.app, debug: mode === 'debug' }, module.resources);
  const mod = withIds(module.config, module.resources);
  // The HSPs it loads, as the reference lists them in module.json (a device refuses the HAP without them).
  const declared = Array.isArray(mod.dependencies) ? (mod.dependencies as unknown[]) : [];
  const missing = bundle.sharedModules.filter((name) => !declared.some((d) => (d as { moduleName?: unknown })?.moduleName === name));
  if (missing.length) mod.dependencies = [...declared, ...missing.map((moduleName) => ({ moduleName }))];
  packer.add('module.json', text(JSON.stringify({ app, module: mod }, null, 2)));
  const manifest: IntentManifest = { bundleName: project.app.bundleName, moduleName: module.name, intents: bundle.intents.map(stripSource) };
  packer.add(INTENT_MANIFEST_PATH, text(JSON.stringify(manifest, null, 1)));
  packer.add(RESOURCES_INDEX_PATH, writeResourceIndex({
    bundleName: project.app.bundleName,
    moduleName: module.name,
    entries: module.resources.entries.map((e) => ({ id: e.id, type: e.type, name: e.name, values: Object.fromEntries(Object.entries(e.values).map(([q, v]) => [q, v.value])) })),
  }));
  for (const [path, file] of module.resources.files) packer.add(path, readFileSync(file));
  packer.add('pack.info', text(JSON.stringify(packInfo(project, module), null, 1)));
  const { cache, info } = packCodeCaches(parts, await caches);
  packer.add(CODE_CACHE_PATH, cache);
  packer.add(CACHE_INFO_PATH, text(JSON.stringify(info, null, 1)));
  return packer.pack(key);
}

/** Writes HAP bytes atomically (temp file + rename); returns their size. */
export function writeHap(target: string, bytes: Uint8Array): number {
  const tmp = tempPathBeside(target);
  const release = onInterrupt(() => {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // nothing to remove
    }
  });
  try {
    mkdirSync(dirname(target), { recursive: true });
    writeFileSync(tmp, bytes);
    renameSync(tmp, target);
  } catch (err) {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // the folder itself is unusable: nothing was written
    }
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS' || code === 'ENOTDIR' || code === 'ENOSPC' || code === 'EEXIST') {
      throw new HmosError('OUTPUT_UNWRITABLE', `cannot write ${target} (${code}); make ${dirname(target)} writable or remove what is in the way`, { cause: err });
    }
    throw err;
  } finally {
    release();
  }
  return bytes.length;
}

/** Adds `<key>Id` beside every resource-reference string, as the reference's module.json does. */
function withIds(value: Record<string, unknown>, table: ResourceTable): Record<string, unknown> {
  const walk = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(walk);
    if (typeof v !== 'object' || v === null) return v;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) {
      out[k] = walk(x);
      const ref = parseResourceRef(x);
      if (ref) {
        const id = resourceId(table, ref.type, ref.name);
        if (id !== undefined) out[`${k}Id`] = id;
      }
    }
    return out;
  };
  return walk(value) as Record<string, unknown>;
}

function stripSource(it: IntentDeclaration): IntentDeclaration {
  const { source: _source, ...rest } = it;
  return rest;
}

function packInfo(project: Project, module: ModuleInfo): unknown {
  const c = module.config;
  const deviceTypes = Array.isArray(c.deviceTypes) ? c.deviceTypes : ['default'];
  const distro = { moduleName: module.name, moduleType: module.type, deliveryWithInstall: c.deliveryWithInstall ?? true, installationFree: c.installationFree ?? false };
  return {
    summary: {
      app: { bundleName: project.app.bundleName, bundleType: project.app.bundleType ?? 'app', version: { code: project.app.versionCode ?? 1, name: project.app.versionName ?? '1.0.0' } },
      modules: [{ mainAbility: c.mainElement ?? '', deviceType: deviceTypes, abilities: module.abilities.map((a) => ({ name: a.name })), distro }],
    },
    packages: [{ deviceType: deviceTypes, moduleType: module.type, deliveryWithInstall: distro.deliveryWithInstall, name: `${module.name}-default` }],
  };
}

/** tar is loaded when an archive is first met, not by every command that loads the project model. */
let tarModule: typeof import('tar') | undefined;
function tarLib(): typeof import('tar') {
  tarModule ??= createRequire(import.meta.url)('tar') as typeof import('tar');
  return tarModule;
}
