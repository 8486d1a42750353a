/**
 * HSPs installed with an app. On a real device each HSP (`<module>-default-signed.hsp`, a shared module) is installed
 * beside the app's HAP, under the same bundle name, and loaded once per app when code or a router URL first needs it.
 * hmos's devices receive an app as one set of package entries; the HSPs travel in it under `hsp/<module>/`, each
 * verified on its own before it is added. The device (src/runtime/device.ts) splits them off again: the HAP's entries
 * are what they were, each HSP keeps its own bundle, resources.index and resource files.
 */
import { readFileSync } from 'node:fs';
import { HmosError } from '../errors.js';
import { unpackHap, verifyHap } from './hap.js';
import { writeZip } from './zip-writer.js';

// The entry-path helpers are in their own module, which the device thread loads without the zip reader and signature checks.
export { HSP_PREFIX, splitSharedPackages, withSharedPackages } from './shared-package-entries.js';

/**
 * Reads (or takes the bytes read already), unpacks and verifies the HSPs a build wrote (`<module>-default-signed.hsp`)
 * for installing with the app: by module name. A package that is not an HSP of the same app is refused.
 */
export async function readSharedPackages(files: readonly (string | { file: string; bytes: Uint8Array })[], bundleName: string | undefined): Promise<Map<string, Map<string, Uint8Array>>> {
  const out = new Map<string, Map<string, Uint8Array>>();
  for (const f of files) {
    const file = typeof f === 'string' ? f : f.file;
    const entries = verifyHap(await unpackHap(typeof f === 'string' ? readFileSync(f) : f.bytes)).entries;
    let json: { app?: { bundleName?: unknown }; module?: { name?: unknown; type?: unknown } } = {};
    try {
      json = JSON.parse(Buffer.from(entries.get('module.json') ?? new Uint8Array()).toString('utf8'));
    } catch {
      // refused below
    }
    const name = json.module?.name;
    if (typeof name !== 'string' || json.module?.type !== 'shared') throw new HmosError('HSP_INVALID', `${file} is not an HSP (its module.json has no shared module); rebuild it with hmos build`);
    if (bundleName !== undefined && json.app?.bundleName !== bundleName) {
      throw new HmosError('HSP_OTHER_APP', `${file} belongs to ${String(json.app?.bundleName)}, not ${bundleName}: an HSP is installed only with its own app`);
    }
    out.set(name, entries);
  }
  return out;
}

/**
 * An app pack, the reference's `.app` layout: the app's HAP and its HSPs, each a signed package of its own, stored
 * side by side in one zip (`<module>.hap`, `<module>.hsp`). `hmos deploy` sends one when the project has HSPs, so an
 * emulated device installs them together (or not at all).
 */
export function packAppPack(packages: readonly { module: string; type: 'hap' | 'hsp'; bytes: Uint8Array }[]): Uint8Array {
  return writeZip(packages.map((p) => ({ name: `${p.module}.${p.type}`, data: p.bytes, level: 0 })));
}

/** The packages of an app pack, or undefined when `entries` are a HAP's own (it has a module.json). */
export function appPackParts(entries: Map<string, Uint8Array>): { hap: Uint8Array; hsps: Uint8Array[] } | undefined {
  if (entries.has('module.json') || entries.size === 0) return undefined;
  const names = [...entries.keys()];
  if (!names.every((n) => /^[^/]+\.(hap|hsp)$/.test(n))) return undefined;
  const haps = names.filter((n) => n.endsWith('.hap'));
  if (haps.length !== 1) throw new HmosError('APP_PACK_INVALID', `an app pack holds exactly one .hap (this one has ${haps.length}); deploy one app at a time`);
  return { hap: entries.get(haps[0]!)!, hsps: names.filter((n) => n.endsWith('.hsp')).map((n) => entries.get(n)!) };
}
