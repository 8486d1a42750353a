/**
 * Sandbox-side core of the framework: element registry, dependency tracking, the per-turn update scheduler and the
 * UINode builder behind every built-in component global (`Text.create(..)`, `Text.fontSize(..)`, `Text.pop()`).
 *
 * Every `install*` function in src/runtime/framework/ is evaluated INSIDE the app's vm realm from its source text
 * (`fn.toString()`), so it must reference nothing but its parameters and standard JavaScript: no imports, no host
 * objects. That keeps host-realm functions (whose `.constructor` would be the host `Function`) out of app reach.
 * `host` is the one bridge to the device: `host(op, json) → json`, strings only, never throws (boundary.ts wraps it:
 * undefined when the host could not answer).
 */
export function installCore(g: any, host: (op: string, payload: string) => string | undefined, componentNames: string[], atomicNames: string[]): void {
  const call = (op: string, data?: unknown): any => {
    const raw = host(op, data === undefined ? '' : JSON.stringify(data));
    if (raw === undefined) { const e: any = new Error(`the device could not answer '${op}'`); e.code = 13900020; throw e; }
    const out = JSON.parse(raw);
    if (out.error) { const e: any = new Error(out.error.message); e.code = out.error.code; throw e; }
    return out.value;
  };

  /** A UINode. Syntax nodes (If, ForEach, custom components …) are `virtual`: `children` flattens them away. */
  class UINode {
    elmtId: number; type: string; args: any[]; attrs: Record<string, any[]>; _kids: UINode[] = [];
    parent: UINode | undefined; virtual: boolean; _flat: UINode[] | null = null; _owner: UINode | undefined; onDispose?: () => void; built?: boolean;
    appeared?: boolean; gone?: boolean; validBooleans?: Record<string, boolean>;
    /** stateStyles: attributes per visual state (normal, disabled, focused, pressed, selected), applied by state. */
    stateAttrs?: Record<string, Record<string, any[]>>;
    _ghosts?: UINode[];
    constructor(elmtId: number, type: string, args: any[], virtual: boolean) {
      this.elmtId = elmtId; this.type = type; this.args = args; this.attrs = {}; this.virtual = virtual;
    }
    get children(): UINode[] {
      if (this._flat) return this._flat;
      const out: UINode[] = [];
      // Ghosts are nodes on their way out (an exit transition, see transition.ts), still shown where they were.
      const walk = (n: UINode) => {
        for (const k of n._kids) {
          if (k.virtual) walk(k); else { k.parent = this; out.push(k); }
        }
        if (n._ghosts) for (const k of n._ghosts) { if (k.virtual) walk(k); else { k.parent = this; out.push(k); } }
      };
      walk(this);
      this._flat = out;
      return out;
    }
    invalidate(): void {
      let n: UINode | undefined = this;
      while (n) { n._flat = null; n = n._owner; }
    }
    append(child: UINode): void { child._owner = this; this._kids.push(child); this.invalidate(); }
    setKids(kids: UINode[]): void { for (const k of kids) k._owner = this; this._kids = kids; this.invalidate(); }
    toJSON(): unknown { return { elmtId: this.elmtId, type: this.type, args: this.args, attrs: this.attrs, children: this.children }; }
  }

  /** A reactive dependency: the element ids and observer objects (monitors, computeds, watchers) reading a value. */
  class Dep {
    subs = new Set<any>();
    track(): void { const o = rt.observer; if (o !== undefined) this.subs.add(o); }
    trigger(): void {
      for (const s of Array.from(this.subs)) {
        if (typeof s === 'number') { if (rt.elmts.has(s)) rt.markDirty(s); else this.subs.delete(s); }
        else s.notify();
      }
    }
  }

  const STICKY_BOOLEANS = new Set(['focusable', 'enabled', 'defaultFocus', 'focusOnTouch', 'groupDefaultFocus', 'draggable']);
  const rt: any = {
    call, UINode, Dep, nextId: 1, elmts: new Map<number, any>(), stack: [] as UINode[], observer: undefined as any,
    dirty: new Set<number>(), pendingMonitors: new Set<any>(), flushScheduled: false, updateTarget: null as any,
    /** Nodes built by updates after the page's first frame (for enter transitions); set while `pageReady`. */
    newNodes: [] as UINode[], pageReady: false,
    componentMarker: Symbol('component'), crashHandlers: [] as any[],
    newId(): number { return rt.nextId++; },
    /** Runs fn with `observer` as the reader every tracked value reports to. */
    tracked(observer: any, fn: () => any): any {
      const prev = rt.observer; rt.observer = observer;
      try { return fn(); } finally { rt.observer = prev; }
    },
    untracked(fn: () => any): any { return rt.tracked(undefined, fn); },
    schedule(): void {
      if (rt.flushScheduled) return;
      rt.flushScheduled = true;
      call('scheduleFlush');
    },
    markDirty(id: number): void { rt.dirty.add(id); rt.schedule(); },
    top(): UINode { return rt.stack[rt.stack.length - 1]; },
    /** Re-runs one element's update function with its existing node as the target of create/attribute calls. */
    updateElement(id: number): void {
      const e = rt.elmts.get(id);
      if (!e) return;
      const prevTarget = rt.updateTarget; const depth = rt.stack.length;
      rt.updateTarget = e;
      try { rt.tracked(id, () => e.fn(id, false)); } finally {
        rt.updateTarget = prevTarget; rt.stack.length = depth; rt.implicitParams = undefined;
      }
      // What changed animates when an animateTo or .animation() asks for it; new nodes play their transitions.
      if (e.node && rt.animateUpdate) rt.animateUpdate(e.node);
      if (rt.newNodes.length && rt.enterNewNodes) rt.enterNewNodes();
      rt.updatedCount++;
    },
    updatedCount: 0,
    /**
     * Applies all pending changes of the turn: the registered steps first, in order (V2: @Computed values, then
     * @Monitor calls merged per turn, then PersistenceV2 writes — each returns whether it did work), then dirty elements
     * in creation order; again until nothing changes.
     */
    flush(): void {
      rt.flushScheduled = false;
      const outer = rt.flushing;
      rt.flushing = true;
      try { rt.flushRounds(); } finally { rt.flushing = outer; }
    },
    flushing: false,
    flushRounds(): void {
      for (let round = 0; round < 100; round++) {
        let worked = false;
        for (const step of rt.flushSteps) if (step()) worked = true;
        if (rt.pendingMonitors.size) {
          worked = true;
          const ms: any[] = Array.from(rt.pendingMonitors); rt.pendingMonitors.clear();
          for (const m of ms) m.run();
        }
        if (rt.dirty.size) {
          worked = true;
          const ids = (Array.from(rt.dirty) as number[]).sort((a, b) => a - b); rt.dirty.clear();
          for (const id of ids) rt.updateElement(id);
        }
        if (!worked) { rt.flushScheduled = false; return; }
      }
      rt.dirty.clear();
      throw new Error('UPDATE_LOOP: state keeps changing during re-render (100 rounds); a build function or @Watch writes state it reads');
    },
    /** Steps run at the start of every flush round (see flush); each returns true when it did something. */
    flushSteps: [] as Array<() => boolean>,
    /** Work waiting for the end of the turn. */
    needsFlush(): boolean { return rt.dirty.size > 0 || rt.pendingMonitors.size > 0 || rt.flushScheduled; },
    /** Creates (initial render) or re-targets (update) the node of the element being built. */
    create(type: string, args: any[], virtual = false): UINode {
      const t = rt.updateTarget;
      const id = typeof rt.observer === 'number' ? rt.observer : rt.newId();
      if (t && t.node && t.id === id && t.node.type === type) {
        const n: UINode = t.node; n.args = args;
        // The previous attributes stay reachable for animations (animation.ts compares them after the update).
        if (!virtual) { (n as any).prevAttrs = n.attrs; n.attrs = {}; n.stateAttrs = undefined; (n as any).implicitAnim = undefined; }
        rt.stack.push(n);
        return n;
      }
      const n = new UINode(id, type, args, virtual);
      const parent = rt.top();
      if (parent) parent.append(n);
      if (!virtual) {
        if (rt.pageReady && rt.updateTarget) rt.newNodes.push(n);
        rt.appearing.push(n); rt.schedule();
      }
      const e = rt.elmts.get(id);
      if (e && !e.node) e.node = n;
      rt.stack.push(n);
      return n;
    },
    pop(): void { rt.stack.pop(); },
    attr(name: string, args: any[]): void {
      const n = rt.top();
      if (n) rt.setAttr(n, name, args);
    },
    /** Records an attribute call. ArkUI ignores a non-boolean value for its boolean attributes (JsFocusable & co.
     *  return early), so the element keeps the value it had: the last valid one is carried across re-renders. */
    setAttr(n: UINode, name: string, args: any[]): void {
      if (rt.visualStateName !== undefined) { ((n.stateAttrs ??= {})[rt.visualStateName] ??= {})[name] = args; return; }
      if (STICKY_BOOLEANS.has(name)) {
        const kept = (n.validBooleans ??= {});
        if (typeof args[0] === 'boolean') kept[name] = args[0];
        else if (name in kept) args = [kept[name], ...args.slice(1)];
      }
      n.attrs[name] = args;
      // Between `Context.animation(p)` and `Context.animation(null)` the attribute animates with p (animation.ts).
      if (rt.implicitParams !== undefined) ((n as any).implicitAnim ??= Object.create(null))[name] = rt.implicitParams;
    },
    implicitParams: undefined as any,
    /** Every element (and child view) under `node`, for removal. */
    collect(node: UINode, out: UINode[] = []): UINode[] {
      out.push(node);
      for (const k of node._kids) rt.collect(k, out);
      return out;
    },
    /** Removes nodes built by app code: child views get aboutToBeDeleted (or, when @Reusable, go to their parent's
     *  recycle pool with their nodes), elements are unregistered. */
    disposeNodes(nodes: UINode[]): void {
      if (rt.exitNodes) nodes = rt.exitNodes(nodes);
      const dispose = (n: UINode) => {
        if (rt.forgetAnimations) rt.forgetAnimations(n);
        // Overlays bound to a removed node close with it (overlays.ts); onDisAppear runs below.
        (n as any).disposed = true;
        const e = rt.elmts.get(n.elmtId);
        if (e) {
          rt.elmts.delete(n.elmtId);
          const owner = e.view;
          const child = owner?.childrenByElmtId_?.get(n.elmtId);
          if (child) {
            owner.childrenByElmtId_.delete(n.elmtId);
            if (child.__reuseId && !owner.isDeleted_) {
              if (typeof child.aboutToRecycle === 'function') child.aboutToRecycle();
              const pool = (owner.recyclePool_ ??= new Map());
              pool.set(child.__reuseId, [...(pool.get(child.__reuseId) ?? []), { view: child, kids: n._kids }]);
              return;
            }
            // @ReusableV2: the parent's V2 pool, by reuse id (ViewV2.reuseOrCreateNewComponent takes it back).
            if (child.isReusable_ && child.__hmosReuseId && !owner.isDeleted_) {
              if (typeof child.aboutToRecycle === 'function') rt.untracked(() => child.aboutToRecycle());
              const pool = (owner.recyclePoolV2_ ??= new Map());
              pool.set(child.__hmosReuseId, [...(pool.get(child.__hmosReuseId) ?? []), { view: child, kids: n._kids }]);
              return;
            }
            child.aboutToBeDeleted();
          }
          if (owner && typeof owner.purgeVariableDependenciesOnElmtId === 'function') owner.purgeVariableDependenciesOnElmtId(n.elmtId);
        }
        if (n.onDispose) n.onDispose();
        if (n.appeared) { n.appeared = false; rt.lifecycleEvent(n, 'onDisAppear'); rt.lifecycleEvent(n, 'onDetach'); }
        n.gone = true;
        for (const k of n._kids) dispose(k);
        if (n._ghosts) { const gs = n._ghosts; n._ghosts = undefined; for (const k of gs) dispose(k); }
      };
      for (const n of nodes) dispose(n);
    },
    guard(fn: () => void): void { fn(); },
    visualStateName: undefined as string | undefined,
    /** The element's state styles for the state it is in now: disabled, focused, selected, else normal. */
    applyVisualState(n: UINode): void {
      const states = n.stateAttrs;
      if (!states) return;
      const state = rt.isEnabled && !rt.isEnabled(n) ? 'disabled' : rt.focused === n ? 'focused'
        : n.attrs.selected?.[0] === true || n.attrs.select?.[0] === true ? 'selected' : 'normal';
      Object.assign(n.attrs, states[state] ?? (state === 'normal' ? {} : states.normal ?? {}));
    },
    /** Elements created since the last flush: their onAppear / onAttach run once their attributes are set. */
    appearing: [] as UINode[],
    lifecycleEvent(n: UINode, name: string): void {
      const f = n.attrs[name]?.[0];
      if (typeof f === 'function') f();
    },
  };
  g.__rt = rt;
  // ArkUI calls onAppear / onAttach when an element is mounted (after the build that created it, in creation order)
  // and onDisAppear / onDetach when it is removed — the common-attribute suites check every component this way.
  rt.flushSteps.push((): boolean => {
    if (!rt.appearing.length) return false;
    const mounted = rt.appearing.splice(0);
    for (const n of mounted) {
      if (n.gone || n.appeared) continue;
      n.appeared = true;
      rt.lifecycleEvent(n, 'onAppear');
      rt.lifecycleEvent(n, 'onAttach');
    }
    return true;
  });

  /** Atomic components (Divider, Image, TextInput …) take no children: the reference compiler emits no pop() for
   *  most of them, so create() does not stay on the stack and pop() is a no-op; their attributes go to the node just created. */
  const atomic = new Set(atomicNames);
  const SHAPES = new Set(['Circle', 'Ellipse', 'Rect', 'Path', 'Line', 'Polygon', 'Polyline', 'Shape']);
  const makeComponent = (type: string): any => {
    const cache = new Map<string | symbol, any>();
    const isAtomic = atomic.has(type);
    const builderCreate = type === 'TabContent' || type === 'NavDestination';
    // ListItem.create(deepRenderFunction, isLazy, ...options): the first two are compiler plumbing, not the
    // component's arguments, so the tree keeps only the options. With isLazy the reference compiler leaves the children
    // to deepRenderFunction (ArkUI calls it when the item is about to show; here at once), which starts by creating its
    // item again: that second create continues the same node.
    const deepRender = type === 'ListItem' || type === 'GridItem' || type === 'ArcListItem';
    const createDeep = (args: any[]): void => {
      const [render, isLazy] = args;
      const options = args.slice(2);
      const resumed = rt.deepRendering;
      if (resumed && resumed.type === type) { rt.deepRendering = null; resumed.args = options; rt.stack.push(resumed); return; }
      const n = rt.create(type, options);
      if (!isLazy || n.built) return;
      n.built = true;
      rt.deepRendering = n;
      try { rt.untracked(() => render(rt.newId(), true)); } finally { rt.deepRendering = resumed; }
    };
    // Shapes are classes too: `.clipShape(new Circle({ width: 100 }))` — `new` gives a value with its options and
    // chained attributes (`new Rect().width(10).radius(4)`), as ArkUI's CircleInterface `new (value?)` does.
    const base: any = SHAPES.has(type) ? Object.defineProperty(function () {}, 'name', { value: type }) : { name: type };
    base[rt.componentMarker] = true;
    const self: any = new Proxy(base, {
      construct(_t, args) {
        const shape: any = { type, options: args[0] ?? {}, attrs: {} as Record<string, any[]> };
        return new Proxy(shape, {
          get(o, p, recv) {
            if (p in o || typeof p !== 'string' || p === 'then' || p === 'toJSON') return o[p];
            return (...a: any[]) => { o.attrs[p] = a; return recv; };
          },
        });
      },
      get(t, prop) {
        if (prop in t) return t[prop];
        if (typeof prop === 'symbol') return undefined;
        let f = cache.get(prop);
        if (f) return f;
        if (prop === 'create' || prop === 'createWithLabel' || prop === 'createWithChild') {
          f = isAtomic ? (...args: any[]) => { rt.atomicTarget = rt.create(type, args); rt.pop(); } : (...args: any[]) => {
            rt.atomicTarget = null;
            if (deepRender && typeof args[0] === 'function' && typeof args[1] === 'boolean') { createDeep(args); return; }
            const n = rt.create(type, args);
            // TabContent(() => {…}) and NavDestination(() => {…}) receive their children as a builder, run once.
            if (builderCreate && typeof args[0] === 'function' && !n.built) { n.built = true; rt.untracked(() => args[0]()); }
          };
        } else if (prop === 'pop') f = isAtomic ? () => {} : () => rt.pop();
        else if (isAtomic) f = (...args: any[]) => { const n = rt.atomicTarget?.type === type ? rt.atomicTarget : rt.top(); if (n) rt.setAttr(n, prop, args); return self; };
        else f = (...args: any[]) => { rt.attr(prop, args); return self; };
        cache.set(prop, f);
        return f;
      },
    });
    return self;
  };
  for (const name of componentNames) g[name] = makeComponent(name);
  g.__hmosMakeComponent = makeComponent;

  g.ViewStackProcessor = {
    StartGetAccessRecordingFor() {}, StopGetAccessRecording() {}, GetAndPushFrameNode() {},
    // stateStyles: the compiler emits visualState('normal') attrs… visualState('disabled') attrs… visualState().
    visualState(state?: string) {
      rt.visualStateName = typeof state === 'string' ? state : undefined;
      if (rt.visualStateName === undefined) { const n = rt.atomicTarget ?? rt.top(); if (n) rt.applyVisualState(n); }
    },
    AllocateNewElmetIdForNextComponent: () => rt.newId(), GetElmtIdToAccountFor: () => (typeof rt.observer === 'number' ? rt.observer : -1),
    ImplicitPopBeforeContinue() {},
  };
  g.getContext = () => g.__hmosAbilityContext;
  g.__hmosFlush = () => rt.flush();
}
