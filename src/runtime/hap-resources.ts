/**
 * Adapts a HAP's compiled resource table (`resources.index`, written by the compiler — src/hap/resources-index.ts)
 * to the runtime's ResourceTable, picking the qualifier folder that best fits the device (locale, colour mode).
 */
import { readResourceIndex, pickResourceValue, RESOURCES_INDEX_PATH, type ResourceIndexEntry } from '../hap/resources-index.js';
import type { ResourceQualifiers, ResourceTable } from './resources.js';

/** Qualifier folders a device matches, most specific first: zh_CN-dark, zh_CN, zh-dark, zh, dark. */
export function qualifierFolders(q: ResourceQualifiers): string[] {
  const [lang, region] = q.locale.replace('-', '_').split('_');
  const locales = region ? [`${lang}_${region}`, lang] : [lang];
  const out: string[] = [];
  for (const l of locales) {
    if (q.colorMode === 'dark') out.push(`${l}-dark`);
    out.push(l);
  }
  if (q.colorMode === 'dark') out.push('dark');
  return out;
}

export function resourceTableFromIndexBytes(bytes: Uint8Array): ResourceTable {
  const index = readResourceIndex(bytes);
  const byId = new Map<number, ResourceIndexEntry>();
  const byName = new Map<string, ResourceIndexEntry>();
  for (const e of index.entries) {
    byId.set(e.id, e);
    byName.set(`app.${e.type}.${e.name}`, e);
  }
  return {
    resolve(ref, q) {
      const entry = (ref.id !== -1 ? byId.get(ref.id) : undefined) ?? byName.get(String(ref.params?.[0] ?? ''));
      return entry ? pickResourceValue(entry, qualifierFolders(q)) : undefined;
    },
  };
}

/** The resource table of a HAP's entries, or undefined when it has none. */
export function resourceTableFromHap(entries: Map<string, Uint8Array>): ResourceTable | undefined {
  const bytes = entries.get(RESOURCES_INDEX_PATH);
  return bytes ? resourceTableFromIndexBytes(bytes) : undefined;
}
