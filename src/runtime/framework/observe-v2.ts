/**
 * Sandbox-side V2 observation (evaluated in the app realm from source, see core.ts): property-level dependencies for
 * V2 state, shared by @Local/@Param/@Trace fields, collections, @Monitor, @Computed, PersistenceV2 and UIUtils.
 *
 *  - Each (object, property) has its own dependency (core.ts `Dep`): the elements, monitors and computeds that read it.
 *    `ANY` is the dependency of "any property of this object" (collection mutations, @SyncMonitor `a.*` paths).
 *  - Arrays, Maps, Sets and Dates held in V2 state are observed as a whole through proxies: any read tracks the
 *    collection, any mutation (set/push/splice/set/add/clear/setFullYear …) triggers it.
 *  - `makeObserved` (UIUtils) gives any object the same property-level observation through a proxy, deeply.
 *  - `defineTracked` turns a prototype (or, for static fields, class) property into an observed accessor.
 */
export function installObserveV2(g: any): void {
  const rt = g.__rt;
  const ANY = '*';
  const deps = new WeakMap<object, Map<PropertyKey, any>>();
  const depOf = (o: object, key: PropertyKey): any => {
    let m = deps.get(o);
    if (!m) { m = new Map(); deps.set(o, m); }
    let d = m.get(key);
    if (!d) { d = new rt.Dep(); m.set(key, d); }
    return d;
  };
  /** Records that the current reader (element, monitor, computed…) depends on o[key]; nothing when no one reads. */
  const track = (o: object, key: PropertyKey): void => { if (rt.observer !== undefined) depOf(o, key).track(); };
  /** Notifies the readers of o[key] and of "any property of o". */
  const trigger = (o: object, key: PropertyKey): void => {
    const m = deps.get(o);
    if (!m) return;
    m.get(key)?.trigger();
    if (key !== ANY) m.get(ANY)?.trigger();
  };

  const MUT = new Set(['push', 'pop', 'shift', 'unshift', 'splice', 'sort', 'reverse', 'fill', 'copyWithin', 'set', 'add', 'delete', 'clear',
    'setFullYear', 'setMonth', 'setDate', 'setHours', 'setMinutes', 'setSeconds', 'setMilliseconds', 'setTime', 'setYear',
    'setUTCFullYear', 'setUTCMonth', 'setUTCDate', 'setUTCHours', 'setUTCMinutes', 'setUTCSeconds', 'setUTCMilliseconds']);
  const proxyOf = new WeakMap<object, any>();
  const targetOf = new WeakMap<object, any>();
  const isCollection = (v: any) => Array.isArray(v) || v instanceof Map || v instanceof Set || v instanceof Date;

  /** Arrays, Maps, Sets and Dates in V2 state: any read tracks the collection, any mutation triggers it. */
  const deep = (v: any): any => {
    if (v === null || typeof v !== 'object' || targetOf.has(v)) return v;
    if (!isCollection(v)) return v;
    const have = proxyOf.get(v);
    if (have) return have;
    const isArr = Array.isArray(v);
    const p: any = new Proxy(v, {
      get(t, prop, recv) {
        track(t, ANY);
        const val = isArr ? Reflect.get(t, prop, recv) : Reflect.get(t, prop, t);
        if (typeof val === 'function') {
          if (typeof prop === 'string' && MUT.has(prop)) {
            return (...a: any[]) => { const r = val.apply(t, a); trigger(t, ANY); return r === t ? p : r; };
          }
          return isArr ? val : val.bind(t);
        }
        return isArr ? deep(val) : val;
      },
      set(t, prop, val) {
        const old = (t as any)[prop];
        const ok = Reflect.set(t, prop, val);
        if (old !== val || prop === 'length') trigger(t, ANY);
        return ok;
      },
      deleteProperty(t, prop) { const ok = Reflect.deleteProperty(t, prop); trigger(t, ANY); return ok; },
    });
    proxyOf.set(v, p); targetOf.set(p, v);
    return p;
  };

  /** UIUtils.makeObserved: property-level observation of any object (class instances included), deeply. */
  const makeObserved = (v: any): any => {
    if (v === null || typeof v !== 'object') return v;
    if (targetOf.has(v) || isObservedV2(v)) return v;
    if (isCollection(v)) return deep(v);
    const have = proxyOf.get(v);
    if (have) return have;
    const p: any = new Proxy(v, {
      get(t, prop, recv) {
        if (typeof prop === 'symbol') return Reflect.get(t, prop, recv);
        track(t, prop);
        const val = Reflect.get(t, prop, recv);
        return val !== null && typeof val === 'object' ? makeObserved(val) : val;
      },
      set(t, prop, val, recv) {
        const old = (t as any)[prop];
        const ok = Reflect.set(t, prop, val, recv);
        if (old !== val) trigger(t, prop);
        return ok;
      },
      has(t, prop) { if (typeof prop !== 'symbol') track(t, prop); return Reflect.has(t, prop); },
      deleteProperty(t, prop) { const ok = Reflect.deleteProperty(t, prop); trigger(t, prop); return ok; },
    });
    proxyOf.set(v, p); targetOf.set(p, v);
    return p;
  };

  // Per-instance storage of observed fields (kept off the object: the fields are accessors on its prototype).
  const store = new WeakMap<object, Record<string, any>>();
  const slots = (o: object): Record<string, any> => {
    let s = store.get(o);
    if (!s) { s = Object.create(null) as Record<string, any>; store.set(o, s); }
    return s;
  };

  /**
   * An observed accessor for `key` on `proto` (a prototype, or a class for static fields). `guard(self, key)` may
   * refuse a write by throwing (read-only @Param). A static field's value set before decoration is kept.
   */
  const defineTracked = (proto: any, key: string, guard?: (self: any, key: string) => void) => {
    const isStatic = typeof proto === 'function';
    let staticValue: any;
    if (isStatic && Object.prototype.hasOwnProperty.call(proto, key)) {
      const d = Object.getOwnPropertyDescriptor(proto, key)!;
      if ('value' in d) staticValue = deep(d.value);
    }
    Object.defineProperty(proto, key, {
      configurable: true, enumerable: true,
      get(this: any) {
        if (isStatic) { track(proto, key); return staticValue; }
        track(this, key);
        return store.get(this)?.[key];
      },
      set(this: any, v: any) {
        if (guard) guard(this, key);
        const w = deep(v);
        if (isStatic) {
          if (staticValue === w) return;
          staticValue = w; trigger(proto, key);
          return;
        }
        const s = slots(this);
        if (key in s && s[key] === w) return;
        s[key] = w;
        trigger(this, key);
      },
    });
  };

  /** Per-prototype metadata of V2 decorators (inherited by subclasses, extended per class). */
  const addMeta = (proto: any, kind: string, v: any) => {
    if (!Object.prototype.hasOwnProperty.call(proto, '__hmosMeta')) {
      Object.defineProperty(proto, '__hmosMeta', { value: { ...(proto.__hmosMeta ?? {}) }, configurable: true, writable: true });
    }
    const m = proto.__hmosMeta;
    m[kind] = [...(m[kind] ?? []), v];
  };
  const metaOf = (o: any, kind: string): any[] => (o && o.__hmosMeta?.[kind]) ?? [];
  /** Instances of @ObservedV2 classes (or with @Trace fields) are observed by themselves. */
  const isObservedV2 = (o: any) => o !== null && typeof o === 'object' && metaOf(o, 'trace').length > 0;

  rt.v2 = { ANY, deep, makeObserved, depOf, track, trigger, defineTracked, addMeta, metaOf, isObservedV2, slots,
    targetOf: (o: any) => (o !== null && typeof o === 'object' ? targetOf.get(o) : undefined) };

  g.Trace = (proto: any, key: string) => { defineTracked(proto, key); addMeta(proto, 'trace', key); };
}
