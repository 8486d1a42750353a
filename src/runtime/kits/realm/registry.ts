/**
 * The system-module registry of the app realm (evaluated inside the realm from source: see core.ts for the rules —
 * only parameters and standard JavaScript). It takes over `__hmosKit(spec)`, which compiled imports call:
 *
 *  - modules defined by the kit families (`rt.defineModule(spec, factory)`, built lazily on first import);
 *  - `@kit.*` namespaces built from the SDK's kit table: each member is the module (or named export) it re-exports,
 *    so `import { relationalStore } from '@kit.ArkData'` and `import relationalStore from '@ohos.data.relationalStore'`
 *    are the same object;
 *  - everything else as before (framework/kits.ts: host kits, the Super Device kits, the older tables), and for
 *    ArkUI modules the framework's globals of the same name (LengthMetrics, AppStorageV2, curves …);
 *  - an unknown member is the UNSUPPORTED_API stand-in, so the app loads and fails only where it calls it.
 *
 * Helpers for the families: `rt.defineLazy(specs, install)` (a family installed on the first import of one of its
 * modules), `rt.kitError(code, message)` (a BusinessError made in this realm), `rt.kitCall(op, data)`
 * (a synchronous host request `k.<op>`), `rt.kitAsync(op, data)` (a host request answered later, as a promise),
 * `rt.withCallback(promise, cb)` (the AsyncCallback form of an API), `rt.kitEvents` (host → realm events).
 */
export function installKitRegistry(g: any, kitNames: string[]): void {
  const rt = g.__rt;
  rt.libraries = Object.create(null);
  // A kit's table (~1,000 entries in all) comes from the host when that kit is first imported: building them all in
  // every realm made each app start slower for kits it never imports.
  const kits = new Set(kitNames);
  const tables = new Map<string, Record<string, string>>();
  const kitTable = (spec: string): Record<string, string> | undefined => {
    if (!kits.has(spec)) return undefined;
    let t = tables.get(spec);
    if (t === undefined) { t = rt.kitCall('sys.kitTable', { spec }) as Record<string, string>; tables.set(spec, t); }
    return t;
  };
  /** Families installed when one of their modules is first imported (`rt.defineLazy`), so an app start pays for none. */
  const lazy = new Map<string, () => void>();
  rt.defineLazy = (specs: string[], install: () => void) => {
    let done = false;
    const run = () => { if (done) return; done = true; for (const s of specs) lazy.delete(s); install(); };
    for (const s of specs) lazy.set(s, run);
  };
  const legacy = g.__hmosKit;
  /** The older table's module (framework/kits.ts), for families that extend one of its modules. */
  rt.legacyKit = (spec: string) => legacy(spec);
  const unsupported = rt.unsupported;
  const isStub = rt.isUnsupported;
  const defs = new Map<string, () => any>();
  const cache = new Map<string, any>();

  class BusinessError extends Error {
    code: number; data: any;
    constructor(code: any = 0, message = '', data?: any) {
      // Both `new BusinessError(code, message)` and the platform's error objects ({ code, message }).
      if (typeof code === 'object' && code !== null) { super(String(code.message ?? '')); this.code = code.code; this.data = code.data; } else { super(message); this.code = code; this.data = data; }
      this.name = 'BusinessError';
    }
  }
  rt.BusinessError = BusinessError;
  rt.kitError = (code: number, message: string, data?: any) => new BusinessError(code, message, data);
  rt.kitCall = (op: string, data?: any) => rt.call('k.' + op, data);
  rt.kitAsync = (op: string, data?: any): Promise<any> => rt.async('k.' + op, data ?? {});
  rt.withCallback = (p: Promise<any>, cb: any): any => {
    if (typeof cb !== 'function') return p;
    p.then((v) => cb(undefined, v), (e) => cb(e, undefined));
    return undefined;
  };
  /** Promise or callback, and a thrown error becomes a rejection (as the platform's async APIs behave). */
  rt.asyncApi = (fn: () => any, cb?: any): any => {
    let p: Promise<any>;
    try { p = Promise.resolve(fn()); } catch (e) { p = Promise.reject(e); }
    return rt.withCallback(p, cb);
  };
  /** Host → realm events: the host posts `kitEvent(channel, payload)`; families subscribe by channel. */
  const listeners = new Map<string, (payload: any) => void>();
  rt.kitEvents = { on: (channel: string, fn: (payload: any) => void) => { listeners.set(channel, fn); }, off: (channel: string) => { listeners.delete(channel); } };
  rt.kitEvent = (channel: string, payload: any) => { const f = listeners.get(channel); if (f) f(payload); };

  rt.defineModule = (spec: string, factory: () => any) => { defs.set(spec, factory); cache.delete(spec); };

  /** A module's namespace: its exports; `default` is the module itself unless it has one; unknown names are stubs. */
  const moduleNamespace = (spec: string, mod: any) => {
    const ns: any = typeof mod === 'object' && mod !== null && !Array.isArray(mod) ? { ...mod } : {};
    if (!('default' in ns)) ns.default = mod;
    return unsupported(spec, ns);
  };
  const uiModule = (spec: string) => spec.startsWith('@ohos.arkui.') || spec === '@kit.ArkUI' || spec === '@ohos.curves' || spec === '@ohos.animator'
    || spec === '@ohos.matrix4' || spec === '@ohos.font' || spec === '@ohos.measure';
  /** A framework global standing for an ArkUI module member (`LengthMetrics`, `AppStorageV2`, `curves` …). */
  const uiGlobal = (name: string) => {
    const v = g[name];
    return v !== undefined && !isStub(v) ? v : undefined;
  };

  const resolveTarget = (target: string): any => {
    const hash = target.indexOf('#');
    const spec = hash < 0 ? target : target.slice(0, hash);
    const name = hash < 0 ? 'default' : target.slice(hash + 1);
    const ns = g.__hmosKit(spec);
    let v = ns[name];
    if ((v === undefined || isStub(v)) && uiModule(spec)) v = uiGlobal(name === 'default' ? spec.split('.').pop()! : name) ?? v;
    return v;
  };

  const kitNamespace = (spec: string) => {
    const table = kitTable(spec) ?? {};
    const old = legacy(spec);
    const resolved = new Map<string, any>();
    const member = (name: string): any => {
      if (resolved.has(name)) return resolved.get(name);
      let v: any;
      if (Object.prototype.hasOwnProperty.call(table, name)) v = resolveTarget(table[name]);
      if (v === undefined || isStub(v)) {
        const o = old[name];
        if (o !== undefined && !isStub(o)) v = o;
      }
      if ((v === undefined || isStub(v)) && spec === '@kit.ArkUI') v = uiGlobal(name) ?? v;
      if (v === undefined) v = old[name];
      resolved.set(name, v);
      return v;
    };
    const target: any = {};
    const proxy: any = new Proxy(target, {
      get(t, p) {
        if (typeof p === 'symbol' || p === 'then') return undefined;
        if (p in t) return t[p];
        if (p === 'default') return proxy;
        return member(p);
      },
      set(t, p, v) { t[p] = v; return true; },
      has(t, p) { return p in t || (typeof p === 'string' && (Object.prototype.hasOwnProperty.call(table, p) || p in old)); },
      ownKeys(t) { return [...new Set([...Reflect.ownKeys(t), ...Object.keys(table)])]; },
      getOwnPropertyDescriptor(t, p) {
        if (p in t) return Reflect.getOwnPropertyDescriptor(t, p);
        return typeof p === 'string' && Object.prototype.hasOwnProperty.call(table, p) ? { configurable: true, enumerable: true, value: member(p) } : undefined;
      },
    });
    return proxy;
  };

  g.__hmosKit = (spec: string) => {
    const hit = cache.get(spec);
    if (hit !== undefined) return hit;
    let ns: any;
    lazy.get(spec)?.();
    const def = defs.get(spec);
    if (def) ns = moduleNamespace(spec, def());
    else if (spec.startsWith('@kit.') && kitTable(spec)) { ns = kitNamespace(spec); }
    else if (uiModule(spec)) {
      // An ArkUI module imported directly (`import { LengthMetrics } from '@ohos.arkui.node'`): a member the older
      // table lacks is the framework's global of the same name, as through @kit.ArkUI.
      const old = legacy(spec);
      ns = new Proxy(old, { get: (t, p) => { const v = t[p]; return typeof p === 'string' && p !== 'then' && (v === undefined || isStub(v)) ? uiGlobal(p) ?? v : v; } });
    } else ns = legacy(spec);
    cache.set(spec, ns);
    return ns;
  };
  // The registry serves modules registered the older way too (extensions call rt.registerKit after the framework).
  const register = rt.registerKit;
  rt.registerKit = (spec: string, ns: any) => { register(spec, ns); cache.delete(spec); };
}
