/**
 * The module's resource table. Resources come from `resources/<qualifier>/{element,media,profile}/` of AppScope, of
 * local HAR dependencies and of the module itself (later sources override earlier ones per qualifier), plus
 * `resources/rawfile/` (copied as is, addressed by path). Ids start at 0x01000000 like the reference and are assigned
 * in a stable order — by type, then name — so the same resources always get the same ids.
 */
import { existsSync, readdirSync, statSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import type { Diagnostic } from '../diagnostics.js';
import { RESOURCE_TYPE, type ResourceTypeName } from '../runtime/abi.js';
import { atPath, isObject, readJson5File } from './json5-file.js';
import { appendAll } from '../util/arrays.js';
import { relativePosix } from '../util/paths.js';

export const FIRST_RESOURCE_ID = 0x01000000;

/** Element types allowed in `element/*.json` (everything in RESOURCE_TYPE but media/rawfile/symbol). */
const ELEMENT_TYPES = new Set<string>(['color', 'float', 'string', 'plural', 'boolean', 'intarray', 'integer', 'pattern', 'strarray']);

export type TableType = ResourceTypeName | 'profile';

export interface ResourceValue {
  /** element: the JSON value; media/profile: the HAP path (`resources/base/media/icon.png`). */
  value: unknown;
  /** The source file, for diagnostics and packaging. */
  file: string;
}

export interface ResourceEntry {
  id: number;
  type: TableType;
  name: string;
  /** qualifier folder (`base`, `en_US`, `dark`, `zh_CN-dark`…) → value */
  values: Record<string, ResourceValue>;
}

export interface ResourceTable {
  entries: ResourceEntry[];
  /** `type.name` → entry */
  byKey: Map<string, ResourceEntry>;
  /** HAP path → source file: every media/profile/rawfile file to copy into the HAP. */
  files: Map<string, string>;
}

const QUALIFIER_RE = /^(base|[a-z]{2,3}(_[A-Z][a-z]{3})?(_[A-Z]{2})?|dark|light|phone|tablet|tv|car|wearable|2in1|ldpi|mdpi|sdpi|xldpi|xxldpi|xxxldpi|horizontal|vertical|mcc\d+|mnc\d+)(-[A-Za-z0-9_]+)*$/;

/** Loads the resources of the given `resources/` folders (lowest precedence first) into one table. */
export function loadResourceTable(resourceDirs: string[], diagnostics: Diagnostic[]): ResourceTable {
  const map = new Map<string, Omit<ResourceEntry, 'id'>>();
  const files = new Map<string, string>();
  const put = (type: TableType, name: string, qualifier: string, v: ResourceValue) => {
    const key = `${type}.${name}`;
    let e = map.get(key);
    if (!e) map.set(key, (e = { type, name, values: {} }));
    e.values[qualifier] = v;
  };
  for (const dir of resourceDirs) {
    if (!existsSync(dir)) continue;
    for (const qualifier of safeList(dir).sort()) {
      const qdir = join(dir, qualifier);
      if (!isDir(qdir)) continue;
      if (qualifier === 'rawfile' || qualifier === 'resfile') {
        for (const f of walk(qdir)) files.set(`resources/${qualifier}/${relativePosix(qdir, f)}`, f);
        continue;
      }
      if (!QUALIFIER_RE.test(qualifier)) {
        diagnostics.push({ severity: 'warning', code: 'RES_QUALIFIER', message: `unknown resource qualifier folder "${qualifier}"; it is ignored`, file: qdir });
        continue;
      }
      const elementDir = join(qdir, 'element');
      for (const f of safeList(elementDir).sort()) {
        if (!f.endsWith('.json')) continue;
        const json = readJson5File(join(elementDir, f), diagnostics);
        if (!json) continue;
        if (!isObject(json.value)) {
          diagnostics.push({ severity: 'error', code: 'RES_SCHEMA', message: 'an element file must hold an object such as {"string": [{"name": …, "value": …}]}', ...atPath(json, []) });
          continue;
        }
        for (const [type, list] of Object.entries(json.value)) {
          if (!ELEMENT_TYPES.has(type)) {
            if (type !== 'theme' && type !== 'solid' && type !== 'pattern') diagnostics.push({ severity: 'warning', code: 'RES_TYPE', message: `unknown resource type "${type}"; it is ignored`, ...atPath(json, [type]) });
            continue;
          }
          if (!Array.isArray(list)) {
            diagnostics.push({ severity: 'error', code: 'RES_SCHEMA', message: `"${type}" must be an array of {name, value}`, ...atPath(json, [type]) });
            continue;
          }
          for (let i = 0; i < list.length; i++) {
            const item: unknown = list[i];
            // Names may start with a digit (`{"name": "10fp"}` in float.json): the reference's resource compiler takes them.
            if (!isObject(item) || typeof item.name !== 'string' || !/^[A-Za-z0-9_][A-Za-z0-9_.]*$/.test(item.name) || !('value' in item)) {
              // At the item itself, or at its name when that is what is wrong.
              const where = isObject(item) && 'name' in item ? [type, i, 'name'] : [type, i];
              diagnostics.push({ severity: 'error', code: 'RES_SCHEMA', message: `each "${type}" item needs a "name" (letters, digits, _) and a "value"`, ...atPath(json, where) });
              continue;
            }
            put(type as ResourceTypeName, item.name, qualifier, { value: item.value, file: json.file });
          }
        }
      }
      for (const kind of ['media', 'profile'] as const) {
        const kdir = join(qdir, kind);
        for (const f of safeList(kdir).sort()) {
          const file = join(kdir, f);
          if (!isFile(file)) continue;
          const hapPath = `resources/${qualifier}/${kind}/${f}`;
          files.set(hapPath, file);
          put(kind, basename(f, extname(f)), qualifier, { value: hapPath, file });
        }
      }
    }
  }
  const typeOrder = (t: string) => (t in RESOURCE_TYPE ? RESOURCE_TYPE[t as ResourceTypeName] : 90000);
  const sorted = [...map.values()].sort((a, b) => typeOrder(a.type) - typeOrder(b.type) || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const entries = sorted.map((e, i) => ({ ...e, id: FIRST_RESOURCE_ID + i }));
  return { entries, byKey: new Map(entries.map((e) => [`${e.type}.${e.name}`, e])), files };
}

/** Id of `type.name`, or undefined. */
export function resourceId(table: ResourceTable, type: string, name: string): number | undefined {
  return table.byKey.get(`${type}.${name}`)?.id;
}

/** `$string:app_name` → {type, name}, else undefined. */
export function parseResourceRef(value: unknown): { type: string; name: string } | undefined {
  if (typeof value !== 'string') return undefined;
  const m = /^\$(string|media|color|profile|float|boolean|integer|strarray|intarray|plural|pattern):([A-Za-z0-9_.]+)$/.exec(value);
  return m ? { type: m[1]!, name: m[2]! } : undefined;
}

function safeList(dir: string): string[] {
  try {
    return readdirSync(dir);
  } catch {
    return [];
  }
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const name of safeList(dir).sort()) {
    const p = join(dir, name);
    if (isDir(p)) appendAll(out, walk(p));
    else if (isFile(p)) out.push(p);
  }
  return out;
}
