/**
 * An app's package entries with its HSPs under `hsp/<module>/` (see shared-packages.ts), joined and split again. Kept
 * apart from shared-packages.ts so that a device thread, which only splits what its holder checked, does not load the
 * zip reader (yauzl) and the signature checks with it.
 */
import { HmosError } from '../errors.js';

export const HSP_PREFIX = 'hsp/';

/** A module name as it may appear in an entry path (module.json5 names are letters, digits, `_` and `-`). */
const MODULE_NAME = /^[A-Za-z][A-Za-z0-9_-]{0,127}$/;

/** The HAP's entries plus each HSP's under `hsp/<module>/`. */
export function withSharedPackages(hap: Map<string, Uint8Array>, hsps: ReadonlyMap<string, Map<string, Uint8Array>>): Map<string, Uint8Array> {
  if (hsps.size === 0) return hap;
  const out = new Map(hap);
  for (const [name, entries] of hsps) {
    if (!MODULE_NAME.test(name)) throw new HmosError('HSP_BAD_NAME', `an HSP named '${name}' cannot be installed: module names are letters, digits, _ and -`);
    for (const [path, bytes] of entries) out.set(`${HSP_PREFIX}${name}/${path}`, bytes);
  }
  return out;
}

/** The app's own entries and its HSPs by module name (entries under `hsp/<module>/`). */
export function splitSharedPackages(entries: Map<string, Uint8Array>): { hap: Map<string, Uint8Array>; hsps: Map<string, Map<string, Uint8Array>> } {
  const hsps = new Map<string, Map<string, Uint8Array>>();
  let hap = entries;
  for (const [path, bytes] of entries) {
    if (!path.startsWith(HSP_PREFIX)) continue;
    if (hap === entries) hap = new Map(entries);
    hap.delete(path);
    const rest = path.slice(HSP_PREFIX.length);
    const slash = rest.indexOf('/');
    const name = rest.slice(0, slash);
    if (slash <= 0 || !MODULE_NAME.test(name)) continue;
    let own = hsps.get(name);
    if (!own) hsps.set(name, (own = new Map()));
    own.set(rest.slice(slash + 1), bytes);
  }
  return { hap, hsps };
}
