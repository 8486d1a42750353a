/**
 * The `@kit.*` umbrella modules: which module (and export) each of their members is. Used in the app realm to build
 * the kit namespaces from the modules behind them, and by `npm run kits:coverage` to count `import { relationalStore }
 * from '@kit.ArkData'` and `import relationalStore from '@ohos.data.relationalStore'` as the same member.
 */
import { SDK_KITS } from './sdk-kits.js';
import { HMS_KITS } from './hms-kits.js';

export const KIT_TABLE: Record<string, Record<string, string>> = { ...SDK_KITS, ...HMS_KITS };

export interface ModuleMember { spec: string; name: string; prop?: string }

/** What `@kit.X`'s member `name` is: a module's default export (`{ spec, name: 'default' }`) or one of its named exports. */
export function kitMemberTarget(kit: string, name: string): { spec: string; name: string } | undefined {
  const t = KIT_TABLE[kit]?.[name];
  if (t === undefined || !Object.prototype.hasOwnProperty.call(KIT_TABLE[kit], name)) return undefined;
  const hash = t.indexOf('#');
  return hash < 0 ? { spec: t, name: 'default' } : { spec: t.slice(0, hash), name: t.slice(hash + 1) };
}

/** The member as its own module names it (`@kit.ArkData` relationalStore.getRdbStore → `@ohos.data.relationalStore` default.getRdbStore). */
export function canonicalMember(m: ModuleMember): ModuleMember {
  const t = m.spec.startsWith('@kit.') ? kitMemberTarget(m.spec, m.name) : undefined;
  return t ? { spec: t.spec, name: t.name, ...(m.prop !== undefined ? { prop: m.prop } : {}) } : m;
}

/** `@ohos.data.relationalStore:getRdbStore`, `@ohos.base:BusinessError`, `@ohos.arkui.node:LengthMetrics.vp`. */
export function memberLabel(m: ModuleMember): string {
  const path = m.name === 'default' ? (m.prop ?? 'default') : m.prop !== undefined ? `${m.name}.${m.prop}` : m.name;
  return `${m.spec}:${path}`;
}
