/**
 * The system resources an emulated device has (`$r('sys.float.ohos_id_text_font_size')`): a small table of the
 * platform's typography values that apps and the conformance suites read (the default Text size and the body sizes of
 * the type scale). Ids are the compiler's (`systemResourceId`), so `$r('sys…').id` finds them. A system resource not
 * listed here is not found, as before — hmos does not invent values.
 */
import { FIRST_SYSTEM_RESOURCE_ID, systemResourceId } from '../hap/resources-index.js';

const TABLE: Record<string, unknown> = {
  'float.ohos_id_text_font_size': '16fp', // Text's default font size
  'float.ohos_id_text_size_body1': '16fp',
  'float.ohos_id_text_size_body2': '14fp',
  'float.ohos_id_text_size_body3': '12fp',
  'float.Body_L': '16fp',
  'float.Body_M': '14fp',
  'float.Body_S': '12fp',
};

const BY_ID = new Map(Object.entries(TABLE).map(([key, v]) => {
  const dot = key.indexOf('.');
  return [systemResourceId(key.slice(0, dot), key.slice(dot + 1)), v] as const;
}));

/** A system resource by id, or by name (`sys.float.x` as the resource manager's ByName calls pass it). */
export function systemResource(ref: { id?: number; params?: unknown[] }): unknown {
  if (typeof ref.id === 'number' && ref.id >= FIRST_SYSTEM_RESOURCE_ID) return BY_ID.get(ref.id);
  const name = String(ref.params?.[0] ?? '');
  return name.startsWith('sys.') ? TABLE[name.slice(4)] : undefined;
}

/** getNumber's answer: a length resource in px (vp × density, fp × density × font scale), a plain number as is. */
export function resourceNumber(v: unknown, density: number, fontScale: number): unknown {
  if (typeof v !== 'string') return v;
  const m = /^\s*(-?\d*\.?\d+)\s*(vp|fp|px)?\s*$/.exec(v);
  if (!m) return v;
  const n = Number(m[1]);
  return m[2] === 'vp' ? n * density : m[2] === 'fp' ? n * density * fontScale : n;
}
