/**
 * `resources.index` inside a HAP: hmos's compiled resource table, UTF-8 JSON
 *
 *   { "format": "hmos-resources/1", "bundleName": "…", "moduleName": "entry",
 *     "entries": [ { "id": 16777216, "type": "string", "name": "app_name",
 *                    "values": { "base": "Demo", "zh_CN": "演示", "dark": … } }, … ] }
 *
 * `type` is a key of RESOURCE_TYPE (src/runtime/abi.ts) or `profile`. Element values are the JSON values of
 * `element/*.json`; media and profile values are HAP entry paths (`resources/base/media/icon.png`). Qualifier keys
 * are the resource folder names (`base`, `en_US`, `dark`, `en_US-dark`…); a device picks the most specific folder
 * whose qualifiers it matches and falls back to `base`. Written by the compiler, read by the runtime's resource
 * manager with `readResourceIndex`.
 */
import { HmosError } from '../errors.js';

export const RESOURCES_INDEX_PATH = 'resources.index';
export const RESOURCES_INDEX_FORMAT = 'hmos-resources/1';

export interface ResourceIndexEntry {
  id: number;
  type: string;
  name: string;
  values: Record<string, unknown>;
}

export interface ResourceIndex {
  format: typeof RESOURCES_INDEX_FORMAT;
  bundleName: string;
  moduleName: string;
  entries: ResourceIndexEntry[];
}

export function writeResourceIndex(index: Omit<ResourceIndex, 'format'>): Uint8Array {
  return Buffer.from(JSON.stringify({ format: RESOURCES_INDEX_FORMAT, ...index }));
}

/** Parses `resources.index` bytes; throws HmosError RES_INDEX_INVALID for anything else. */
export function readResourceIndex(bytes: Uint8Array): ResourceIndex {
  let parsed: ResourceIndex;
  try {
    parsed = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch {
    throw new HmosError('RES_INDEX_INVALID', 'resources.index is not valid JSON; rebuild the package with `hmos build`');
  }
  if (parsed?.format !== RESOURCES_INDEX_FORMAT || !Array.isArray(parsed.entries)) {
    throw new HmosError('RES_INDEX_INVALID', `resources.index has an unknown format (expected ${RESOURCES_INDEX_FORMAT}); rebuild with this hmos`);
  }
  return parsed;
}

/** The value of a resource for a device's qualifier folders, most specific first (e.g. ['zh_CN-dark', 'zh_CN', 'dark']); falls back to base. */
export function pickResourceValue(entry: ResourceIndexEntry, qualifiers: string[]): unknown {
  for (const q of qualifiers) if (q in entry.values) return entry.values[q];
  if ('base' in entry.values) return entry.values.base;
  const first = Object.keys(entry.values)[0];
  return first === undefined ? undefined : entry.values[first];
}

/** System resources (`$r('sys.color.font_primary')`) live on the device, not in the HAP. Their ids are a stable hash of
 *  `type.name` in 0x07800000–0x07BFFFFF, so a device's resource manager can compute the id of each system resource
 *  it provides with this same function and find it by name. */
export const FIRST_SYSTEM_RESOURCE_ID = 0x07800000;

export function systemResourceId(type: string, name: string): number {
  let h = 0x811c9dc5;
  for (const ch of `${type}.${name}`) {
    h ^= ch.charCodeAt(0);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return FIRST_SYSTEM_RESOURCE_ID + (h & 0x3fffff);
}
