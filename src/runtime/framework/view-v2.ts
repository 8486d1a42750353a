/**
 * Sandbox-side V2 state management (evaluated in the app realm from source, see core.ts): `ViewV2` and the decorators
 * the reference compiler applies at run time through `__decorate([...])`: Local, Param, Once, Event, Provider,
 * Consumer, Monitor, Computed, ObservedV2, Trace (+ __ReusableV2_Inner_Decorator__). Observation is property-level:
 * each (object, key) has its own dependency; collections stored in traced fields are observed as a whole.
 */
export function installViewV2(g: any): void {
  const rt = g.__rt;
  const deps = new WeakMap<object, Map<string, any>>();
  const depOf = (o: object, key: string): any => {
    let m = deps.get(o);
    if (!m) { m = new Map(); deps.set(o, m); }
    let d = m.get(key);
    if (!d) { d = new rt.Dep(); m.set(key, d); }
    return d;
  };
  const store = new WeakMap<object, Record<string, any>>();
  const slots = (o: object): Record<string, any> => { let s = store.get(o); if (!s) { s = {}; store.set(o, s); } return s; };

  const MUT = new Set(['push', 'pop', 'shift', 'unshift', 'splice', 'sort', 'reverse', 'fill', 'copyWithin', 'set', 'add', 'delete', 'clear',
    'setFullYear', 'setMonth', 'setDate', 'setHours', 'setMinutes', 'setSeconds', 'setMilliseconds', 'setTime']);
  const proxies = new WeakMap<object, any>();
  const raws = new WeakSet<object>();
  /** Arrays, Maps, Sets and Dates in V2 state: any read tracks the collection, any mutation triggers it. */
  const deep = (v: any): any => {
    if (v === null || typeof v !== 'object' || raws.has(v)) return v;
    if (!(Array.isArray(v) || v instanceof Map || v instanceof Set || v instanceof Date)) return v;
    const have = proxies.get(v);
    if (have) return have;
    const isArr = Array.isArray(v);
    const p = new Proxy(v, {
      get(t, prop, recv) {
        const d = depOf(t, '*');
        d.track();
        const val = isArr ? Reflect.get(t, prop, recv) : Reflect.get(t, prop, t);
        if (typeof val === 'function') {
          if (typeof prop === 'string' && MUT.has(prop)) return (...a: any[]) => { const r = val.apply(t, a); d.trigger(); return r === t ? p : r; };
          return isArr ? val : val.bind(t);
        }
        return isArr ? deep(val) : val;
      },
      set(t, prop, val) { const old = (t as any)[prop]; const ok = Reflect.set(t, prop, val); if (old !== val || prop === 'length') depOf(t, '*').trigger(); return ok; },
      deleteProperty(t, prop) { const ok = Reflect.deleteProperty(t, prop); depOf(t, '*').trigger(); return ok; },
    });
    proxies.set(v, p); raws.add(p);
    return p;
  };
  rt.v2 = { deep, depOf };

  const defineTracked = (proto: any, key: string, extra?: { readOnly?: boolean }) => {
    Object.defineProperty(proto, key, {
      configurable: true, enumerable: true,
      get(this: any) { depOf(this, key).track(); return slots(this)[key]; },
      set(this: any, v: any) {
        if (extra?.readOnly && this.__hmosInitDone && !this.__hmosParamWrite && !(this.__hmosMeta?.once ?? []).includes(key)) {
          throw new Error(`@Param '${key}' of ${this.constructor.name} is read-only in the child; change it in the parent or use @Event`);
        }
        const s = slots(this);
        const w = deep(v);
        if (key in s && s[key] === w) return;
        s[key] = w;
        depOf(this, key).trigger();
      },
    });
  };
  const addMeta = (proto: any, kind: string, v: any) => {
    if (!Object.prototype.hasOwnProperty.call(proto, '__hmosMeta')) {
      Object.defineProperty(proto, '__hmosMeta', { value: { ...(proto.__hmosMeta ?? {}) }, configurable: true, writable: true });
    }
    const m = proto.__hmosMeta;
    m[kind] = [...(m[kind] ?? []), v];
  };
  // The 'local' list lets hot reload (runtime/hot-reload.ts) tell a component's own state from its parameters.
  g.Local = (proto: any, key: string) => { defineTracked(proto, key); addMeta(proto, 'local', key); };
  g.Trace = (proto: any, key: string) => defineTracked(proto, key);
  g.Param = (proto: any, key: string) => defineTracked(proto, key, { readOnly: true });
  g.Once = (proto: any, key: string) => addMeta(proto, 'once', key);
  g.Event = () => {};
  g.Require = () => {};
  g.Provider = (alias?: string) => (proto: any, key: string) => { defineTracked(proto, key); addMeta(proto, 'provider', { alias: alias || key, key }); };
  g.Consumer = (alias?: string) => (proto: any, key: string) => {
    const name = alias || key;
    const find = (self: any): any => {
      for (let v = self.parent_; v; v = v.parent_) {
        const prov = (v.__hmosMeta?.provider ?? []).find((p: any) => p.alias === name);
        if (prov) return { view: v, key: prov.key };
      }
      return null;
    };
    Object.defineProperty(proto, key, {
      configurable: true, enumerable: true,
      get(this: any) {
        const p = (this.__hmosConsumers ??= {})[key] ??= find(this) ?? false;
        if (p) return p.view[p.key];
        depOf(this, key).track(); return slots(this)[key];
      },
      set(this: any, v: any) {
        const p = (this.__hmosConsumers ??= {})[key] ??= find(this) ?? false;
        if (p) { if (this.__hmosInitDone) p.view[p.key] = v; return; }
        const s = slots(this); const w = deep(v);
        if (key in s && s[key] === w) return;
        s[key] = w; depOf(this, key).trigger();
      },
    });
  };

  /** @Monitor: paths re-read at the end of the turn; callback gets the merged before/now of the changed ones. */
  g.Monitor = (...paths: string[]) => (proto: any, key: string) => addMeta(proto, 'monitor', { paths, key });
  const readPath = (obj: any, path: string) => path.split('.').reduce((o, k) => (o == null ? undefined : o[k]), obj);
  const startMonitors = (self: any) => {
    for (const m of self.__hmosMeta?.monitor ?? []) {
      const mon: any = {
        values: new Map<string, any>(), changed: new Map<string, any>(), queued: false,
        notify() { if (!mon.queued) { mon.queued = true; rt.pendingMonitors.add(mon); rt.schedule(); } },
        read(path: string) { return rt.tracked(mon, () => readPath(self, path)); },
        run() {
          mon.queued = false;
          const dirty: string[] = []; const info: Record<string, any> = {};
          for (const path of m.paths) {
            const before = mon.values.get(path); const now = mon.read(path);
            if (before !== now) { dirty.push(path); info[path] = { before, now, path }; mon.values.set(path, now); }
          }
          if (!dirty.length) return;
          const arg = { dirty, value: (p?: string) => info[p ?? dirty[0]] };
          rt.untracked(() => self[m.key](arg));
        },
      };
      for (const path of m.paths) mon.values.set(path, mon.read(path));
    }
  };
  /** @Computed: cached getter, invalidated when anything it read changes. */
  g.Computed = (_proto: any, key: string, desc: PropertyDescriptor) => {
    const getter = desc.get!;
    return {
      configurable: true, enumerable: false,
      get(this: any) {
        const cs = (this.__hmosComputed ??= {});
        let c = cs[key];
        if (!c) {
          c = cs[key] = { dirty: true, value: undefined, dep: new rt.Dep() };
          c.observer = { notify: () => { if (!c.dirty) { c.dirty = true; c.dep.trigger(); } } };
        }
        if (c.dirty) { c.value = rt.tracked(c.observer, () => getter.call(this)); c.dirty = false; }
        c.dep.track();
        return c.value;
      },
    };
  };
  g.ObservedV2 = (cls: any) => {
    if (!(cls.prototype.__hmosMeta?.monitor?.length)) return cls;
    const Wrapped = class extends cls { constructor(...a: any[]) { super(...a); startMonitors(this); } };
    Object.defineProperty(Wrapped, 'name', { value: cls.name });
    return Wrapped;
  };
  g.__ReusableV2_Inner_Decorator__ = (cls: any) => cls;
  g.ReusableV2 = g.__ReusableV2_Inner_Decorator__;

  class ViewV2 extends g.PUV2ViewBase {
    constructor(parent: any, elmtId = -1, extraInfo?: any) { super(parent, undefined, elmtId, extraInfo); }
    static create(view: any): void { view.initialRenderView(); }
    finalizeConstruction(): void { this.__hmosInitDone = true; startMonitors(this); }
    initParam(key: string, v: any): void { this.__hmosParamWrite = true; try { this[key] = v; } finally { this.__hmosParamWrite = false; } }
    updateParam(key: string, v: any): void {
      if ((this.__hmosMeta?.once ?? []).includes(key)) return;
      this.initParam(key, v);
    }
    resetParam(key: string, v: any): void { this.initParam(key, v); }
    resetConsumer(key: string, v: any): void { this[key] = v; }
    resetMonitorsOnReuse(): void {}
    resetComputed(): void { this.__hmosComputed = {}; }
    updateStateVars(params: any): void {
      if (!params) return;
      for (const k of Object.keys(params)) {
        if (Object.getOwnPropertyDescriptor(Object.getPrototypeOf(this), k)?.set) this.updateParam(k, params[k]);
      }
    }
    reuseOrCreateNewComponent(opts: { componentClass: any; getParams: () => any; extraInfo?: any }): void {
      this.observeComponentCreation2((elmtId: number, isInitialRender: boolean) => {
        if (isInitialRender) {
          const child = new opts.componentClass(this, opts.getParams(), undefined, elmtId, undefined, opts.extraInfo);
          ViewV2.create(child);
        } else this.updateStateVarsOfChildByElmtId(elmtId, opts.getParams());
      }, { name: opts.componentClass.name });
    }
    [k: string]: any;
  }
  g.ViewV2 = ViewV2;
  g.getUINativeModule = () => ({ common: { getApiTargetVersion: () => 12 } });
}
