/**
 * Sandbox-side UIUtils (`@kit.ArkUI`, `@ohos.arkui.StateManagement`; evaluated in the app realm from source, see
 * core.ts): `getTarget` (the raw object behind V1 and V2 observation proxies), `makeObserved` (V2 property-level
 * observation of any object), `makeV1Observed` (an @Observed-like V1 object), `enableV2Compatibility` (a V1
 * observed object that V2 components observe too), `makeBinding`, `addMonitor` / `clearMonitor`.
 */
export function installUIUtils(g: any): void {
  const rt = g.__rt;
  const v2 = rt.v2;
  const v1 = rt.v1;
  const log = (message: string) => rt.call('log', { level: 'W', tag: 'StateMgmt', message });
  g.UIUtils = {
    getTarget(o: any): any {
      if (o === null || typeof o !== 'object') return o;
      const raw = v2.targetOf(o) ?? o;
      return v1.isObserved(raw) ? v1.rawOf.get(raw) : raw;
    },
    makeObserved(o: any): any {
      if (o === null || typeof o !== 'object') { log('makeObserved: only objects can be made observable; the value is returned as it is'); return o; }
      if (v1.isObserved(o)) { log('makeObserved: a V1 observed object is returned as it is; use enableV2Compatibility'); return o; }
      return v2.makeObserved(o);
    },
    makeV1Observed: (o: any) => v1.observe(o),
    enableV2Compatibility(o: any): any {
      if (!v1.isObserved(o)) { log('enableV2Compatibility: the object is not V1-observed (use makeV1Observed or @Observed); it is returned as it is'); return o; }
      v1.enableV2(o);
      return o;
    },
    makeBinding: (get: () => any, set?: (v: any) => void) => ({ get value() { return get(); }, set value(v: any) { if (set) set(v); } }),
    addMonitor: (target: any, path: any, cb: any, options?: any) => rt.addMonitor(target, path, cb, options),
    clearMonitor: (target: any, path: any, cb?: any) => rt.clearMonitor(target, path, cb),
    canBeObserved: (o: any) => o !== null && typeof o === 'object',
  };
}
