/**
 * Sandbox-side V2 components (evaluated in the app realm from source, see core.ts): `ViewV2` and the decorators the
 * reference compiler applies at run time through `__decorate([...])` — @Local, @Param, @Once, @Event, @Require,
 * @Provider, @Consumer, @ObservedV2 (+ @Trace in observe-v2.ts), @ReusableV2 — with the reference semantics:
 *  - @Local: the component's own state; @Param: one-way from the parent, by reference, read-only in the child
 *    (`@Once`: the first value only, then the child's own); @Event: a callback field the child calls;
 *  - @Provider(alias?) / @Consumer(alias?): two-way down the tree, matched by alias (default: the field's name); a
 *    consumer without a provider keeps its own default and its writes stay local;
 *  - @ReusableV2: a removed child goes to its parent's pool (aboutToRecycle) and the next child of the same reuse id
 *    takes it back with new params (state reset, aboutToReuse).
 */
export function installViewV2(g: any): void {
  const rt = g.__rt;
  const v2 = rt.v2;
  const { defineTracked, addMeta, metaOf } = v2;

  /** Writes to a @Param from the child throw, as on the platform, unless @Once made it the child's. */
  const paramGuard = (self: any, key: string) => {
    if (self.__hmosInitDone && !self.__hmosParamWrite && !metaOf(self, 'once').includes(key)) {
      throw new Error(`@Param '${key}' of ${self.constructor.name} is read-only in the child; change it in the parent or use @Event`);
    }
  };
  // The 'local' list lets hot reload (runtime/hot-reload.ts) tell a component's own state from its parameters.
  g.Local = (proto: any, key: string) => { defineTracked(proto, key); addMeta(proto, 'local', key); };
  g.Param = (proto: any, key: string) => { defineTracked(proto, key, paramGuard); addMeta(proto, 'param', key); };
  g.Once = (proto: any, key: string) => addMeta(proto, 'once', key);
  g.Event = () => {};
  g.Require = () => {};
  g.Provider = (alias?: string) => (proto: any, key: string) => {
    defineTracked(proto, key);
    addMeta(proto, 'provider', { alias: typeof alias === 'string' && alias ? alias : key, key });
  };
  g.Consumer = (alias?: string) => (proto: any, key: string) => {
    const name = typeof alias === 'string' && alias ? alias : key;
    addMeta(proto, 'consumer', { alias: name, key });
    const providerOf = (self: any): any => {
      const cache = (self.__hmosConsumers ??= Object.create(null));
      if (key in cache) return cache[key];
      let found: any = null;
      for (let v = self.parent_ ?? self.__parentViewBuildNode__; v && !found; v = v.parent_ ?? v.__parentViewBuildNode__) {
        const prov = metaOf(v, 'provider').find((p: any) => p.alias === name);
        if (prov) found = { view: v, key: prov.key };
      }
      cache[key] = found;
      return found;
    };
    Object.defineProperty(proto, key, {
      configurable: true, enumerable: true,
      get(this: any) {
        const p = providerOf(this);
        if (p) return p.view[p.key];
        v2.track(this, key);
        return v2.slots(this)[key];
      },
      set(this: any, v: any) {
        const p = providerOf(this);
        if (p) { if (this.__hmosInitDone) p.view[p.key] = v; return; }
        const s = v2.slots(this); const w = v2.deep(v);
        if (key in s && s[key] === w) return;
        s[key] = w; v2.trigger(this, key);
      },
    });
  };

  /** @ObservedV2: instances start their @Monitor / @SyncMonitor functions once constructed (after subclass fields). */
  g.ObservedV2 = (cls: any) => {
    if (!metaOf(cls.prototype, 'monitor').length) return cls;
    const Wrapped = class extends cls {
      constructor(...a: any[]) {
        super(...a);
        Promise.resolve().then(() => rt.startMonitors(this));
      }
    };
    Object.defineProperty(Wrapped, 'name', { value: cls.name });
    return Wrapped;
  };
  g.__ReusableV2_Inner_Decorator__ = (cls: any) => { Reflect.defineProperty(cls.prototype, 'isReusable_', { get: () => true, configurable: true }); };
  g.ReusableV2 = g.__ReusableV2_Inner_Decorator__;

  class ViewV2 extends g.PUV2ViewBase {
    constructor(parent: any, elmtId = -1, extraInfo?: any) { super(parent, undefined, elmtId, extraInfo); }
    static create(view: any): void { view.initialRenderView(); }
    finalizeConstruction(): void { this.__hmosInitDone = true; rt.startMonitors(this); }
    initParam(key: string, v: any): void { this.__hmosParamWrite = true; try { this[key] = v; } finally { this.__hmosParamWrite = false; } }
    updateParam(key: string, v: any): void {
      if (metaOf(this, 'once').includes(key)) return;
      this.initParam(key, v);
    }
    resetParam(key: string, v: any): void { this.initParam(key, v); }
    resetConsumer(key: string, v: any): void { this[key] = v; }
    resetMonitorsOnReuse(): void { rt.restartMonitors(this); }
    resetComputed(): void { rt.resetComputed(this); }
    updateStateVars(params: any): void {
      if (!params) return;
      for (const k of Object.keys(params)) if (metaOf(this, 'param').includes(k)) this.updateParam(k, params[k]);
    }
    aboutToBeDeleted(): void { rt.stopMonitors(this); this.aboutToBeDeletedInternal(); }
    /**
     * A @ReusableV2 child (or a plain one): reuse a pooled instance of the same reuse id when there is one — its
     * params and state reset, aboutToReuse called, its nodes put back — else create it.
     */
    reuseOrCreateNewComponent(opts: { componentClass: any; getParams: () => any; getReuseId?: () => string; extraInfo?: any }): void {
      const reusable = !!opts.componentClass?.prototype?.isReusable_;
      const reuseId = () => (typeof opts.getReuseId === 'function' ? String(opts.getReuseId()) : opts.componentClass.name);
      this.observeComponentCreation2((elmtId: number, isInitialRender: boolean) => {
        if (!isInitialRender) { this.updateStateVarsOfChildByElmtId(elmtId, opts.getParams()); return; }
        const pool = reusable ? (this as any).recyclePoolV2_?.get(reuseId()) : undefined;
        const recycled = pool?.pop();
        if (recycled) {
          const node = rt.top();
          node.setKids(recycled.kids);
          this.childrenByElmtId_.set(elmtId, recycled.view);
          const child = recycled.view;
          child.elmtId_ = elmtId;
          child.__hmosReuseId = reuseId();
          const params = opts.getParams();
          rt.untracked(() => {
            if (typeof child.resetStateVarsOnReuse === 'function') child.resetStateVarsOnReuse(params);
            rt.resetComputed(child);
            if (typeof child.aboutToReuse === 'function') child.aboutToReuse();
          });
          return;
        }
        const child = new opts.componentClass(this, opts.getParams(), undefined, elmtId, undefined, opts.extraInfo);
        if (reusable) child.__hmosReuseId = reuseId();
        ViewV2.create(child);
      }, { name: opts.componentClass.name });
    }
    [k: string]: any;
  }
  g.ViewV2 = ViewV2;
  g.getUINativeModule = () => ({ common: { getApiTargetVersion: () => 12 } });
}
