/**
 * Sandbox-side custom components (evaluated in the app realm from source, see core.ts): the shared view base
 * (element creation, If, ForEach, child updates, lifecycle) and the V1 `ViewPU` class with @Watch, @Provide/@Consume
 * and storage links.
 */
export function installViewPU(g: any): void {
  const rt = g.__rt;
  let nextViewId = 1;

  class PUV2ViewBase {
    id_ = nextViewId++; parent_: any; childrenByElmtId_ = new Map<number, any>(); elmtId_: number; extraInfo_: any;
    localStoraged_: any; paramsGenerator_: any; isDeleted_ = false; watches_ = new Map<string, any[]>(); runningWatches_ = new Set<string>();
    providedVars_ = new Map<string, any>(); rootNode_: any;
    constructor(parent: any, localStorage: any, elmtId: number, extraInfo: any) {
      this.parent_ = parent; this.elmtId_ = elmtId; this.extraInfo_ = extraInfo;
      this.localStoraged_ = localStorage ?? parent?.localStoraged_ ?? rt.pageStorage;
      if (parent && elmtId >= 0) parent.childrenByElmtId_.set(elmtId, this);
    }
    id__(): number { return this.id_; }
    get localStorage_(): any { return this.localStoraged_ ??= new g.LocalStorage(); }
    getParent(): any { return this.parent_; }
    finalizeConstruction(): void {}
    /** Runs `compilerAssignedUpdateFunc` once now (initial render) and again whenever what it read changes. */
    observeComponentCreation2(fn: (elmtId: number, isInitialRender: boolean) => void, cls: any): void {
      const id = rt.newId();
      const entry: any = { id, fn, view: this, node: null };
      rt.elmts.set(id, entry);
      const isComponent = cls && typeof cls === 'object' && !cls[rt.componentMarker];
      const depth = rt.stack.length;
      if (isComponent) rt.tracked(id, () => rt.create('__Component__:' + (cls.name ?? ''), [], true));
      try { rt.tracked(id, () => fn(id, true)); } finally { if (isComponent) rt.stack.length = depth; rt.implicitParams = undefined; }
    }
    observeComponentCreation(fn: (elmtId: number, isInitialRender: boolean) => void): void { this.observeComponentCreation2(fn, g.__Generic); }
    /** @Reusable children: a pooled instance of the same reuse id gets the new element, its old nodes and aboutToReuse. */
    observeRecycleComponentCreation(name: string, fn: any): void {
      const pool = (this as any).recyclePool_?.get(name);
      const recycled = pool?.pop();
      if (!recycled) { this.observeComponentCreation2((id: number, init: boolean) => fn(id, init, null), { name }); return; }
      const id = rt.newId();
      rt.elmts.set(id, { id, fn, view: this, node: null });
      const depth = rt.stack.length;
      const node = rt.tracked(id, () => rt.create('__Component__:' + name, [], true));
      rt.stack.length = depth;
      node.setKids(recycled.kids);
      this.childrenByElmtId_.set(id, recycled.view);
      recycled.view.elmtId_ = id;
      rt.tracked(id, () => fn(id, true, recycled.view));
      const params = recycled.view.paramsGenerator_?.() ?? {};
      rt.untracked(() => {
        if (typeof recycled.view.aboutToReuse === 'function') recycled.view.aboutToReuse(params);
        recycled.view.updateStateVars(params);
      });
    }
    /** Shows branch `branchId` of the If node being built; a new branch disposes the old one. */
    ifElseBranchUpdateFunction(branchId: number, builder: () => void): void {
      const node = rt.top();
      if (node.branchId === branchId) return;
      const old = node._kids;
      node.setKids([]);
      rt.disposeNodes(old);
      node.branchId = branchId;
      builder();
    }
    /** Keyed diff of a ForEach: unchanged keys keep their nodes, new keys are built, removed keys disposed. */
    forEachUpdateFunction(_elmtId: number, arr: any, itemGen: (item: any, index?: number) => void, keyGen?: (item: any, index?: number) => string,
      itemGenHasIndex = false, keyGenHasIndex = false): void {
      const node = rt.top();
      const list: any[] = arr == null ? [] : Array.from(arr);
      const old: Map<string, any> = node.groups ?? new Map();
      const next = new Map<string, any>();
      const kids: any[] = [];
      list.forEach((item, i) => {
        let key = keyGen ? String(keyGenHasIndex ? keyGen(item, i) : keyGen(item)) : `${i}__${safeJson(item)}`;
        if (next.has(key)) key = `${key}__dup${i}`;
        let group = old.get(key);
        if (group) old.delete(key);
        else {
          group = new rt.UINode(rt.newId(), 'ForEachItem', [], true);
          rt.stack.push(group);
          try { rt.tracked(node.elmtId, () => (itemGenHasIndex ? itemGen(item, i) : itemGen(item))); } finally { rt.stack.pop(); }
        }
        next.set(key, group); kids.push(group);
      });
      node.groups = next;
      node.setKids(kids);
      rt.disposeNodes(Array.from(old.values()));
    }
    updateStateVarsOfChildByElmtId(elmtId: number, params: any): void {
      const child = this.childrenByElmtId_.get(elmtId);
      if (child) rt.untracked(() => child.updateStateVars(params ?? {}));
    }
    updateDirtyElements(): void {}
    initialRenderView(): void {
      rt.untracked(() => {
        if (typeof (this as any).aboutToAppear === 'function') (this as any).aboutToAppear();
      });
      (this as any).initialRender();
      rt.untracked(() => { if (typeof (this as any).onDidBuild === 'function') (this as any).onDidBuild(); });
    }
    aboutToBeDeletedInternal(): void {
      if (this.isDeleted_) return;
      this.isDeleted_ = true;
      if (typeof (this as any).aboutToDisappear === 'function') (this as any).aboutToDisappear();
      for (const c of this.childrenByElmtId_.values()) c.aboutToBeDeleted();
      this.childrenByElmtId_.clear();
    }
    aboutToBeDeleted(): void { this.aboutToBeDeletedInternal(); }
    purgeVariableDependenciesOnElmtId(_id: number): void {}
    updateStateVars(_params: any): void {}
    setInitiallyProvidedValue(_params: any): void {}
    rerender(): void {}
    getUIContext(): any { return g.__hmosUIContext; }
    /** Custom dialog bodies get their controller through this. */
    setController(c: any): void { (this as any).controller = c; }
    __fireWatch(prop: string): void {
      const cbs = this.watches_.get(prop);
      if (!cbs) return;
      if (this.runningWatches_.has(prop)) {
        rt.reportWatchCycle(`${this.constructor.name}.${prop}`);
        return;
      }
      this.runningWatches_.add(prop);
      try { for (const cb of cbs) rt.untracked(() => cb.call(this, prop)); } finally { this.runningWatches_.delete(prop); }
    }
    declareWatch(prop: string, cb: any): void {
      if (typeof cb !== 'function') return;
      const list = this.watches_.get(prop) ?? [];
      list.push(cb); this.watches_.set(prop, list);
    }
  }
  function safeJson(v: any): string {
    try { return JSON.stringify(v) ?? String(v); } catch { return String(v); }
  }

  class ViewPU extends PUV2ViewBase {
    constructor(parent: any, localStorage: any, elmtId = -1, extraInfo?: any) { super(parent, localStorage, elmtId, extraInfo); }
    static create(view: any): void { view.initialRenderView(); }
    /** Reuse itself happens in observeRecycleComponentCreation, once the new params generator is in place. */
    static createRecycle(view: any, isRecycling: boolean, reuseId: string, _cb: any): void {
      view.__reuseId = reuseId;
      if (!isRecycling) view.initialRenderView();
    }
    addProvidedVar(alias: string, prop: any, _allowOverride?: boolean): void { this.providedVars_.set(alias, prop); }
    findProvidedVar(alias: string): any {
      for (let v = this.parent_; v; v = v.parent_) { const p = v.providedVars_?.get(alias); if (p) return p; }
      return rt.pageProvided?.get(alias);
    }
    initializeConsume(alias: string, name: string, ...dflt: any[]): any {
      const p = this.findProvidedVar(alias) ?? this.findProvidedVar(name);
      if (p) return new g.SynchedPropertySimpleTwoWayPU(p, this, name);
      if (dflt.length) return new g.ObservedPropertySimplePU(dflt[0], this, name);
      throw new Error(`@Consume('${alias}') in ${this.constructor.name}: no ancestor component has @Provide('${alias}')`);
    }
    createStorageLink(key: string, dflt: any, name: string): any { return g.AppStorage.setAndLink(key, dflt, this, name); }
    createStorageProp(key: string, dflt: any, name: string): any { return g.AppStorage.setAndProp(key, dflt, this, name); }
    createLocalStorageLink(key: string, dflt: any, name: string): any { return this.localStorage_.setAndLink(key, dflt, this, name); }
    createLocalStorageProp(key: string, dflt: any, name: string): any { return this.localStorage_.setAndProp(key, dflt, this, name); }
    resetStateVarsOnReuse(_p: any): void {}
  }
  g.PUV2ViewBase = PUV2ViewBase;
  g.ViewPU = ViewPU;
  g.NativeViewPartialUpdate = ViewPU;
  g.__Generic = { name: '', [rt.componentMarker]: true };

  /** If/ForEach are syntax nodes: virtual, flattened away in `children`. */
  g.If = { create() { rt.create('If', [], true); }, pop() { rt.pop(); }, branchId() {}, canRetake: () => false };
  g.ForEach = { create() { rt.create('ForEach', [], true); }, pop() { rt.pop(); } };
  for (const k of ['If', 'ForEach']) g[k][rt.componentMarker] = true;
  rt.reportWatchCycle = (where: string) => {
    rt.call('log', { level: 'E', tag: 'ArkUI', message: `WATCH_CYCLE: @Watch on ${where} changed its own variable again while running (ping-pong); the nested callback was not run` });
  };
}
