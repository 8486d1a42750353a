/**
 * Sandbox-side V1 state management (evaluated in the app realm from source, see core.ts): observed objects
 * (@Observed classes and the first level of @State objects/arrays/Map/Set/Date), the ObservedProperty*PU and
 * SynchedProperty*PU families, AppStorage, LocalStorage, PersistentStorage, Environment, SubscriberManager.
 */
export function installStateV1(g: any): void {
  const rt = g.__rt;
  const listeners = new WeakMap<object, Set<any>>();
  const proxyOf = new WeakMap<object, any>();
  const rawOf = new WeakMap<object, any>();
  const MUTATORS: Record<string, string[]> = {
    Array: ['push', 'pop', 'shift', 'unshift', 'splice', 'sort', 'reverse', 'fill', 'copyWithin'],
    Map: ['set', 'delete', 'clear'], Set: ['add', 'delete', 'clear'],
    Date: ['setFullYear', 'setMonth', 'setDate', 'setHours', 'setMinutes', 'setSeconds', 'setMilliseconds', 'setTime',
      'setUTCFullYear', 'setUTCMonth', 'setUTCDate', 'setUTCHours', 'setUTCMinutes', 'setUTCSeconds', 'setUTCMilliseconds', 'setYear'],
  };
  const kindOf = (o: any): string => (Array.isArray(o) ? 'Array' : o instanceof Map ? 'Map' : o instanceof Set ? 'Set' : o instanceof Date ? 'Date' : 'Object');
  /** V1 objects V2 components observe too (UIUtils.enableV2Compatibility): their reads track, their writes trigger. */
  const v2Compatible = new WeakSet<object>();
  const notify = (proxy: any, prop: string) => {
    const ls = listeners.get(proxy);
    if (ls) for (const l of Array.from(ls)) l.onObjectChanged(proxy, prop);
    if (v2Compatible.has(proxy)) rt.v2.trigger(proxy, prop);
  };

  /** Wraps an object so first-level writes and collection mutators notify its listeners. Idempotent. */
  const observe = (obj: any): any => {
    if (obj === null || typeof obj !== 'object') return obj;
    if (rawOf.has(obj)) return obj;
    // An @ObservedV2 object (or a V2 proxy) is observed through its @Trace fields, not by V1 (mixing rules).
    if (rt.v2 && (rt.v2.isObservedV2(obj) || rt.v2.targetOf(obj))) return obj;
    const existing = proxyOf.get(obj);
    if (existing) return existing;
    const kind = kindOf(obj);
    const muts = MUTATORS[kind] || [];
    const p: any = new Proxy(obj, {
      get(t, prop, recv) {
        if (rt.observer !== undefined && typeof prop === 'string' && v2Compatible.has(p)) rt.v2.track(p, kind === 'Object' ? prop : rt.v2.ANY);
        if (kind !== 'Object' && kind !== 'Array') {
          const v = Reflect.get(t, prop, t);
          if (typeof v !== 'function') return v;
          if (typeof prop === 'string' && muts.includes(prop)) return (...a: any[]) => { const r = v.apply(t, a); notify(p, prop); return r; };
          return v.bind(t);
        }
        const v = Reflect.get(t, prop, recv);
        if (kind === 'Array' && typeof prop === 'string' && typeof v === 'function' && muts.includes(prop)) {
          return (...a: any[]) => { const r = v.apply(t, a); notify(p, prop); return r === t ? p : r; };
        }
        return v;
      },
      set(t, prop, v, _recv) {
        const old = t[prop as any];
        const ok = Reflect.set(t, prop, v);
        if (old !== v || (kind === 'Array' && prop === 'length')) notify(p, String(prop));
        return ok;
      },
      deleteProperty(t, prop) { const ok = Reflect.deleteProperty(t, prop); notify(p, String(prop)); return ok; },
    });
    proxyOf.set(obj, p); rawOf.set(p, obj); listeners.set(p, new Set());
    return p;
  };
  const isObserved = (o: any) => o !== null && typeof o === 'object' && rawOf.has(o);
  const subscribe = (o: any, l: any) => { if (isObserved(o)) listeners.get(o)!.add(l); };
  const unsubscribe = (o: any, l: any) => { if (isObserved(o)) listeners.get(o)!.delete(l); };
  rt.v1 = { observe, isObserved, subscribe, unsubscribe, rawOf, enableV2: (p: any) => v2Compatible.add(p) };

  /** @Observed: instances are returned as observed proxies. */
  g.Observed = (cls: any) => {
    const Wrapped = class extends cls { constructor(...a: any[]) { super(...a); return observe(this); } };
    Object.defineProperty(Wrapped, 'name', { value: cls.name });
    return Wrapped;
  };
  g.ObservedObject = { GetRawObject: (o: any) => (isObserved(o) ? rawOf.get(o) : o), IsObservedObject: isObserved };

  const deepCopy = (v: any, seen = new Map()): any => {
    if (v === null || typeof v !== 'object') return v;
    if (seen.has(v)) return seen.get(v);
    const raw = isObserved(v) ? rawOf.get(v) : v;
    let out: any;
    if (raw instanceof Date) out = new Date(raw.getTime());
    else if (raw instanceof Map) { out = new Map(); seen.set(v, out); raw.forEach((val: any, k: any) => out.set(k, deepCopy(val, seen))); }
    else if (raw instanceof Set) { out = new Set(); seen.set(v, out); raw.forEach((val: any) => out.add(deepCopy(val, seen))); }
    else if (Array.isArray(raw)) { out = []; seen.set(v, out); for (const x of raw) out.push(deepCopy(x, seen)); }
    else {
      out = Object.create(Object.getPrototypeOf(raw)); seen.set(v, out);
      for (const k of Object.keys(raw)) out[k] = deepCopy(raw[k], seen);
    }
    return isObserved(v) ? observe(out) : out;
  };
  rt.deepCopy = deepCopy;

  let nextPropId = 1;
  /** Base of every V1 state variable: a value, the elements that read it, and the properties synced to it. */
  class ObservedPropertyAbstractPU {
    id_ = nextPropId++; dep = new rt.Dep(); subscribers_ = new Set<any>(); owningView_: any; info_: string; wrapped_: any;
    constructor(owningView: any, name: string) { this.owningView_ = owningView; this.info_ = name; }
    info(): string { return this.info_; }
    id__(): number { return this.id_; }
    get(): any { this.dep.track(); return this.wrapped_; }
    getUnmonitored(): any { return this.wrapped_; }
    addSubscriber(s: any): void { this.subscribers_.add(s); }
    removeSubscriber(s: any): void { this.subscribers_.delete(s); }
    purgeDependencyOnElmtId(id: number): void { this.dep.subs.delete(id); }
    notifyChange(): void {
      this.dep.trigger();
      for (const s of Array.from(this.subscribers_)) s.syncPeerHasChanged(this);
      if (this.owningView_ && this.owningView_.__fireWatch) this.owningView_.__fireWatch(this.info_);
    }
    onObjectChanged(): void { this.notifyChange(); }
    protected store(v: any, wrap: boolean): void {
      unsubscribe(this.wrapped_, this);
      this.wrapped_ = wrap ? observe(v) : v;
      subscribe(this.wrapped_, this);
    }
    aboutToBeDeleted(): void {
      unsubscribe(this.wrapped_, this);
      for (const s of Array.from(this.subscribers_)) if (s.source_ === this) this.subscribers_.delete(s);
      this.dep.subs.clear();
    }
    set(v: any): void {
      if (v === this.wrapped_ || (isObserved(this.wrapped_) && rawOf.get(this.wrapped_) === v)) return;
      this.store(v, typeof v === 'object');
      this.notifyChange();
    }
  }
  class ObservedPropertyPU extends ObservedPropertyAbstractPU {
    constructor(value: any, owningView: any, name: string) { super(owningView, name); this.store(value, typeof value === 'object'); }
  }
  class SynchedPropertyOneWayPU extends ObservedPropertyAbstractPU {
    source_: any;
    constructor(source: any, owningView: any, name: string) {
      super(owningView, name);
      if (source instanceof ObservedPropertyAbstractPU) {
        this.source_ = source; source.addSubscriber(this);
        this.store(deepCopy(source.getUnmonitored()), true);
      } else this.store(deepCopy(source), true);
    }
    syncPeerHasChanged(p: any): void { this.store(deepCopy(p.getUnmonitored()), true); this.notifyChange(); }
    /** Parent re-render: take a fresh deep copy of the parent's value. */
    reset(v: any): void {
      if (typeof v !== 'object' && v === this.wrapped_) return;
      this.store(deepCopy(v), true);
      this.notifyChange();
    }
    aboutToBeDeleted(): void { if (this.source_) this.source_.removeSubscriber(this); super.aboutToBeDeleted(); }
  }
  class SynchedPropertyTwoWayPU extends ObservedPropertyAbstractPU {
    source_: any;
    constructor(source: any, owningView: any, name: string) {
      super(owningView, name);
      if (!(source instanceof ObservedPropertyAbstractPU)) {
        throw new Error(`@Link/@Consume '${name}' of ${owningView?.constructor?.name ?? 'component'} must be initialised with a state variable ($var), got ${typeof source}`);
      }
      this.source_ = source; source.addSubscriber(this);
    }
    get(): any { this.dep.track(); return this.source_.getUnmonitored(); }
    getUnmonitored(): any { return this.source_.getUnmonitored(); }
    set(v: any): void { this.source_.set(v); }
    syncPeerHasChanged(): void { this.notifyChange(); }
    aboutToBeDeleted(): void { this.source_.removeSubscriber(this); super.aboutToBeDeleted(); }
  }
  class SynchedPropertyNestedObjectPU extends ObservedPropertyAbstractPU {
    constructor(obj: any, owningView: any, name: string) { super(owningView, name); this.store(obj, false); }
    set(v: any): void { if (v === this.wrapped_) return; this.store(v, false); this.notifyChange(); }
  }
  Object.assign(g, {
    ObservedPropertyAbstractPU, ObservedPropertySimplePU: ObservedPropertyPU, ObservedPropertyObjectPU: ObservedPropertyPU,
    SynchedPropertySimpleOneWayPU: SynchedPropertyOneWayPU, SynchedPropertyObjectOneWayPU: SynchedPropertyOneWayPU,
    SynchedPropertySimpleTwoWayPU: SynchedPropertyTwoWayPU, SynchedPropertyObjectTwoWayPU: SynchedPropertyTwoWayPU,
    SynchedPropertyNesedObjectPU: SynchedPropertyNestedObjectPU, SynchedPropertyNestedObjectPU: SynchedPropertyNestedObjectPU,
  });
  rt.ObservedPropertyPU = ObservedPropertyPU;

  const subscribers = new Map<number, any>();
  g.SubscriberManager = { Get: () => ({ delete: (id: number) => subscribers.delete(id), add: (s: any) => subscribers.set(s.id__(), s), has: (id: number) => subscribers.has(id) }) };

  class LocalStorage {
    storage_ = new Map<string, any>();
    static shared_: LocalStorage | undefined;
    constructor(initial?: Record<string, any>) { if (initial) for (const k of Object.keys(initial)) this.setOrCreate(k, initial[k]); }
    static getShared(): LocalStorage { return (LocalStorage.shared_ ??= new LocalStorage()); }
    static GetShared(): LocalStorage { return LocalStorage.getShared(); }
    has(k: string): boolean { return this.storage_.has(k); }
    get(k: string): any { const p = this.storage_.get(k); return p ? p.getUnmonitored() : undefined; }
    set(k: string, v: any): boolean { const p = this.storage_.get(k); if (!p) return false; p.set(v); return true; }
    setOrCreate(k: string, v: any): boolean { const p = this.storage_.get(k); if (p) p.set(v); else this.storage_.set(k, new ObservedPropertyPU(v, undefined, k)); return true; }
    ref(k: string): any { const p = this.storage_.get(k); return p ? { get value() { return p.get(); }, set value(v) { p.set(v); }, info: () => k } : undefined; }
    setAndRef(k: string, d: any): any { if (!this.has(k)) this.setOrCreate(k, d); return this.ref(k); }
    link(k: string, view?: any, name?: string): any { const p = this.storage_.get(k); return p ? new SynchedPropertyTwoWayPU(p, view, name ?? k) : undefined; }
    setAndLink(k: string, d: any, view?: any, name?: string): any { if (!this.has(k)) this.setOrCreate(k, d); return this.link(k, view, name); }
    prop(k: string, view?: any, name?: string): any { const p = this.storage_.get(k); return p ? new SynchedPropertyOneWayPU(p, view, name ?? k) : undefined; }
    setAndProp(k: string, d: any, view?: any, name?: string): any { if (!this.has(k)) this.setOrCreate(k, d); return this.prop(k, view, name); }
    delete(k: string): boolean { const p = this.storage_.get(k); if (!p || p.subscribers_.size) return false; this.storage_.delete(k); return true; }
    keys(): IterableIterator<string> { return this.storage_.keys(); }
    size(): number { return this.storage_.size; }
    clear(): boolean { for (const p of this.storage_.values()) if (p.subscribers_.size) return false; this.storage_.clear(); return true; }
    __prop(k: string): any { return this.storage_.get(k); }
  }
  const appStorage = new LocalStorage();
  const AppStorage: any = {};
  for (const m of ['has', 'get', 'set', 'setOrCreate', 'ref', 'setAndRef', 'link', 'setAndLink', 'prop', 'setAndProp', 'delete', 'keys', 'size', 'clear', '__prop']) {
    AppStorage[m] = (...a: any[]) => (appStorage as any)[m](...a);
  }
  Object.assign(AppStorage, { Has: AppStorage.has, Get: AppStorage.get, Set: AppStorage.set, SetOrCreate: AppStorage.setOrCreate, Link: AppStorage.link, SetAndLink: AppStorage.setAndLink, Prop: AppStorage.prop, SetAndProp: AppStorage.setAndProp, Delete: AppStorage.delete, Keys: AppStorage.keys, Size: AppStorage.size, Clear: AppStorage.clear });
  // API 7's names: every AppStorage property is mutable (the reference answers true, unimplemented); StaticClear clears.
  AppStorage.IsMutable = AppStorage.isMutable = () => true;
  AppStorage.StaticClear = AppStorage.staticClear = AppStorage.clear;
  g.LocalStorage = LocalStorage;
  g.AppStorage = AppStorage;

  /** PersistentStorage: AppStorage keys mirrored to the app's data folder through the device. */
  const persisted = new Set<string>();
  const persistKey = (key: string) => {
    const p = appStorage.__prop(key);
    if (!p || persisted.has(key)) return;
    persisted.add(key);
    p.addSubscriber({ syncPeerHasChanged: () => rt.call('persist.set', { key, value: JSON.stringify(p.getUnmonitored()) }) });
  };
  g.PersistentStorage = {
    persistProp(key: string, dflt: any) {
      const stored = rt.call('persist.get', { key });
      if (!appStorage.has(key)) appStorage.setOrCreate(key, stored !== null && stored !== undefined ? JSON.parse(stored) : dflt);
      persistKey(key);
      rt.call('persist.set', { key, value: JSON.stringify(appStorage.get(key)) });
    },
    persistProps(list: { key: string; defaultValue: any }[]) { for (const e of list) g.PersistentStorage.persistProp(e.key, e.defaultValue); },
    deleteProp(key: string) { persisted.delete(key); rt.call('persist.delete', { key }); },
    keys: () => Array.from(persisted),
  };
  g.PersistentStorage.PersistProp = g.PersistentStorage.persistProp;
  g.PersistentStorage.PersistProps = g.PersistentStorage.persistProps;
  g.PersistentStorage.DeleteProp = g.PersistentStorage.deleteProp;
  g.PersistentStorage.Keys = g.PersistentStorage.keys;
  g.Environment = {
    envProp(key: string, dflt: any): boolean {
      const env = rt.call('env');
      if (appStorage.has(key)) return false;
      appStorage.setOrCreate(key, key in env ? env[key] : dflt);
      return true;
    },
    envProps(list: { key: string; defaultValue: any }[]) { for (const e of list) g.Environment.envProp(e.key, e.defaultValue); },
    keys: () => Object.keys(rt.call('env')),
  };
  g.Environment.EnvProp = g.Environment.envProp;
  g.Environment.EnvProps = g.Environment.envProps;
  g.Environment.Keys = g.Environment.keys;
}
