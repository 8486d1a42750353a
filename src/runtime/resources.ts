/**
 * Resource lookup for `$r(...)` references and resourceManager calls. The module's resource table is produced by
 * the compiler (resources.index); the runtime consumes it through this small interface, so any reader can plug in.
 * `createJsonResourceTable` builds one from the project layout's JSON element files (`base/element/string.json`,
 * `en_US/…`, `dark/…`), which is also what tests use.
 */
import { RESOURCE_TYPE, type ResourceRef, type ResourceTypeName } from './abi.js';

export interface ResourceQualifiers { locale: string; colorMode: 'light' | 'dark' }

export interface ResourceTable {
  /** The value of a resource (by id, or by 'app.type.name' in `params[0]` when id is -1), best match for q. */
  resolve(ref: Pick<ResourceRef, 'id' | 'type' | 'params'>, q: ResourceQualifiers): unknown;
}

export interface ResourceEntry { id: number; type: ResourceTypeName; name: string; qualifier: string; value: unknown }

/** Qualifier folders in order of preference for the device: exact locale, language, colour mode, base. */
function preference(q: ResourceQualifiers): string[] {
  const [lang, region] = q.locale.replace('-', '_').split('_');
  const out = [region ? `${lang}_${region}` : lang, lang];
  if (q.colorMode === 'dark') out.push('dark');
  out.push('base');
  return out;
}

export function createJsonResourceTable(entries: ResourceEntry[]): ResourceTable {
  const byId = new Map<number, ResourceEntry[]>();
  const byName = new Map<string, ResourceEntry[]>();
  for (const e of entries) {
    byId.set(e.id, [...(byId.get(e.id) ?? []), e]);
    const key = `app.${e.type}.${e.name}`;
    byName.set(key, [...(byName.get(key) ?? []), e]);
  }
  return {
    resolve(ref, q) {
      const list = ref.id !== -1 && byId.has(ref.id) ? byId.get(ref.id) : byName.get(String(ref.params?.[0] ?? ''));
      if (!list) return undefined;
      for (const qual of preference(q)) {
        const hit = list.find((e) => e.qualifier === qual);
        if (hit) return hit.value;
      }
      return list[0].value;
    },
  };
}

/** Reads `resources/<qualifier>/element/*.json` objects (already parsed) into entries with sequential ids. */
export function entriesFromElementFiles(files: { qualifier: string; json: unknown }[], firstId = 0x01000000): ResourceEntry[] {
  const ids = new Map<string, number>();
  const out: ResourceEntry[] = [];
  for (const f of files) {
    if (!f.json || typeof f.json !== 'object') continue;
    for (const [type, list] of Object.entries(f.json as Record<string, unknown>)) {
      if (!(type in RESOURCE_TYPE) || !Array.isArray(list)) continue;
      for (const item of list as { name?: unknown; value?: unknown }[]) {
        if (!item || typeof item.name !== 'string') continue;
        const key = `${type}.${item.name}`;
        if (!ids.has(key)) ids.set(key, firstId + ids.size);
        out.push({ id: ids.get(key)!, type: type as ResourceTypeName, name: item.name, qualifier: f.qualifier, value: item.value });
      }
    }
  }
  return out;
}

