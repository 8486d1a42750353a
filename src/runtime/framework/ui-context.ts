/**
 * Sandbox-side UIContext and what hangs off it (evaluated in the app realm from source, see core.ts): the window's
 * UIContext (`this.getUIContext()` in a component, `windowStage.getMainWindowSync().getUIContext()`,
 * `window.getUIContext()`), with getRouter, getPromptAction (showToast, showDialog, showActionMenu,
 * openCustomDialog with a ComponentContent or a builder, closeCustomDialog, updateCustomDialog), getMediaQuery,
 * getComponentUtils, getFocusController, getOverlayManager, getUIObserver, getMeasureUtils, getFont, getHostContext,
 * runScopedTask, animateTo / keyframeAnimateTo / createAnimator, px2vp & co; `ComponentContent`; the `uiObserver`
 * module (`@ohos.arkui.observer`: navDestinationUpdate, navDestinationSwitch, routerPageUpdate, tabContentUpdate,
 * willClick / didClick, scrollEvent, densityUpdate); `@ohos.measure` (MeasureText).
 */
export function installUIContext(g: any): void {
  const rt = g.__rt;
  const call = rt.call;
  const bizError = (code: number, message: string) => (rt.kitError ? rt.kitError(code, message) : Object.assign(new Error(message), { code }));

  // ---- uiObserver ----
  const observers = new Map<string, Array<{ cb: (info: any) => void; filter?: any }>>();
  const uiObserver: any = {
    NavDestinationState: { ON_SHOWN: 0, ON_HIDDEN: 1, ON_APPEAR: 2, ON_DISAPPEAR: 3, ON_WILL_SHOW: 4, ON_WILL_HIDE: 5, ON_WILL_APPEAR: 6, ON_WILL_DISAPPEAR: 7, ON_BACKPRESS: 100 },
    RouterPageState: { ABOUT_TO_APPEAR: 0, ABOUT_TO_DISAPPEAR: 1, ON_PAGE_SHOW: 2, ON_PAGE_HIDE: 3, ON_BACK_PRESS: 4 },
    ScrollEventType: { SCROLL_START: 0, SCROLL_STOP: 1 },
    TabContentState: { ON_SHOW: 0, ON_HIDE: 1 },
    NavigationOperation: { PUSH: 1, POP: 2, REPLACE: 3 },
    /** on(type, callback) / on(type, options | context, callback) */
    on(type: string, a: any, b?: any) {
      const cb = typeof a === 'function' ? a : b;
      if (typeof cb !== 'function') return;
      const list = observers.get(type) ?? [];
      list.push({ cb, filter: typeof a === 'function' ? undefined : a });
      observers.set(type, list);
    },
    /** off(type) / off(type, callback) / off(type, options | context[, callback]) */
    off(type: string, a?: any, b?: any) {
      const cb = typeof a === 'function' ? a : b;
      const list = observers.get(type);
      if (!list) return;
      observers.set(type, cb ? list.filter((o) => o.cb !== cb) : []);
    },
  };
  /** Tells the observers of `type`; a filter `{navigationId}` / `{id}` narrows which events reach one. */
  rt.uiObserverEmit = (type: string, info: any) => {
    for (const o of [...(observers.get(type) ?? [])]) {
      const f = o.filter;
      if (f && typeof f === 'object' && f.navigationId !== undefined && info.navigationId !== undefined && f.navigationId !== info.navigationId) continue;
      if (f && typeof f === 'object' && f.id !== undefined && info.id !== undefined && f.id !== info.id) continue;
      rt.untracked(() => o.cb(info));
    }
  };
  rt.uiObserver = uiObserver;
  rt.registerKit('@ohos.arkui.observer', { default: uiObserver, uiObserver });

  // ---- MeasureText (@ohos.measure) and MeasureUtils: the device's text model, in px ----
  const measure = (o: any) => call('measure.text', {
    text: String(o?.textContent ?? ''), fontSize: o?.fontSize, lineHeight: o?.lineHeight, maxLines: o?.maxLines,
    constraintWidth: o?.constraintWidth,
  }) as { width: number; height: number };
  const MeasureText = {
    measureText: (o: any) => measure(o).width,
    measureTextSize: (o: any) => measure(o),
  };
  rt.registerKit('@ohos.measure', { default: MeasureText, MeasureText });

  // ---- ComponentContent and custom dialogs / overlays built from it ----
  /** Builds `builder(args)` (a @Builder, wrapped or not) into a fresh container node, with the page's view as `this`. */
  const buildInto = (container: any, builder: any, args: any) => {
    const fn = typeof builder === 'function' ? builder : builder?.builder;
    if (typeof fn !== 'function') throw bizError(401, 'the content needs a @Builder (wrapBuilder(builder)) to build');
    const view = rt.pages[rt.pages.length - 1]?.view;
    const prev = rt.stack; rt.stack = [container];
    try { rt.untracked(() => fn.call(view, args, view)); } finally { rt.stack = prev; }
  };
  rt.buildInto = buildInto;
  class ComponentContent {
    uiContext: any; builder: any; args: any; node: any = null; __dialog: any = null; __overlay: any = null;
    constructor(uiContext: any, builder: any, args?: any) { this.uiContext = uiContext; this.builder = builder; this.args = args; }
    build(type: string): any {
      if (this.node) rt.disposeNodes([this.node]);
      this.node = new rt.UINode(rt.newId(), type, [], false);
      buildInto(this.node, this.builder, this.args);
      return this.node;
    }
    update(args: any): void {
      this.args = args;
      if (this.node) { const kids = this.node._kids; this.node.setKids([]); rt.disposeNodes(kids); buildInto(this.node, this.builder, args); }
    }
    reuse(): void {}
    recycle(): void {}
    dispose(): void { if (this.node) { rt.disposeNodes([this.node]); this.node = null; } }
    updateConfiguration(): void {}
  }
  g.ComponentContent = ComponentContent;

  let nextDialogId = 1;
  const dialogsById = new Map<number, any>();
  const openContentDialog = (content: any, options?: any) => {
    if (!(content instanceof ComponentContent)) return Promise.reject(bizError(103301, 'the ComponentContent is invalid'));
    if (content.__dialog) return Promise.reject(bizError(103303, 'the ComponentContent has already been opened'));
    const d = rt.newDialog('Dialog');
    d.setKids([content.build('Column')]);
    d.onClose = () => { content.__dialog = null; options?.onDidDisappear?.(); };
    content.__dialog = d;
    rt.openDialog(d);
    options?.onDidAppear?.();
    return Promise.resolve();
  };
  const closeContentDialog = (content: any) => {
    if (!(content instanceof ComponentContent) || !content.__dialog) return Promise.reject(bizError(103302, 'the ComponentContent cannot be found'));
    rt.closeDialog(content.__dialog);
    return Promise.resolve();
  };
  const promptExtras = {
    /** openCustomDialog(content: ComponentContent, options?) → Promise<void>; openCustomDialog({builder, …}) → Promise<dialogId>. */
    openCustomDialog(a: any, options?: any): Promise<any> {
      if (a instanceof ComponentContent) return openContentDialog(a, options);
      const opts = a ?? {};
      const d = rt.newDialog('Dialog');
      const body = new rt.UINode(rt.newId(), 'Column', [], false);
      buildInto(body, opts.builder, undefined);
      d.setKids([body]);
      const id = nextDialogId++;
      dialogsById.set(id, d);
      d.onClose = () => { dialogsById.delete(id); opts.onDidDisappear?.(); };
      rt.openDialog(d);
      opts.onDidAppear?.();
      return Promise.resolve(id);
    },
    closeCustomDialog(a: any): any {
      if (a instanceof ComponentContent) return closeContentDialog(a);
      const d = dialogsById.get(Number(a));
      if (d) rt.closeDialog(d);
      return undefined;
    },
    updateCustomDialog(content: any, _options?: any): Promise<void> {
      if (!(content instanceof ComponentContent) || !content.__dialog) return Promise.reject(bizError(103302, 'the ComponentContent cannot be found'));
      return Promise.resolve();
    },
    showActionMenu(o: any, cb?: any): Promise<any> {
      return new Promise((resolve) => {
        const btns = (o?.buttons ?? []).map((b: any, index: number) => ({ text: b.text, action: () => { const r = { index }; if (typeof cb === 'function') cb(undefined, r); resolve(r); } }));
        rt.buttonsDialog(o?.title, undefined, btns);
      });
    },
  };
  Object.assign(rt.promptAction, promptExtras);

  // ---- overlay manager ----
  const overlayManager = {
    addComponentContent(content: any, index?: number) {
      if (!(content instanceof ComponentContent) || content.__overlay) return;
      const n = content.build('Overlay');
      content.__overlay = n;
      const list = rt.overlays as any[];
      if (typeof index === 'number' && index >= 0 && index < list.length) list.splice(index, 0, n); else list.push(n);
      rt.refreshRoot();
    },
    removeComponentContent(content: any) {
      const n = content?.__overlay;
      if (!n) return;
      content.__overlay = null;
      const list = rt.overlays as any[];
      const i = list.indexOf(n);
      if (i >= 0) list.splice(i, 1);
      rt.refreshRoot();
      content.dispose();
    },
    showComponentContent(content: any) { const n = content?.__overlay; if (n) { n.attrs.visibility = [g.Visibility?.Visible ?? 0]; rt.refreshRoot(); } },
    hideComponentContent(content: any) { const n = content?.__overlay; if (n) { n.attrs.visibility = [g.Visibility?.None ?? 2]; rt.refreshRoot(); } },
    showAllComponentContents() { for (const n of rt.overlays) n.attrs.visibility = [g.Visibility?.Visible ?? 0]; rt.refreshRoot(); },
    hideAllComponentContents() { for (const n of rt.overlays) n.attrs.visibility = [g.Visibility?.None ?? 2]; rt.refreshRoot(); },
  };

  // ---- focus: focus.ts (focusControl, UIContext.getFocusController, onFocus / onBlur, Tab order) ----
  // ---- the window's UIContext ----
  const env = () => call('env');
  const font = {
    registerFont() {}, getSystemFontList: () => ['HarmonyOS Sans'],
    getFontByName: (name: string) => ({ path: '', postScriptName: name, fullName: name, family: name, subfamily: '', weight: 400, width: 5, italic: false, monoSpace: false, symbolic: false }),
  };
  const snapshot = {
    get: (_id: string, cb?: any) => rt.asyncApi ? rt.asyncApi(() => { throw bizError(801, 'component snapshots are not available on hmos emulated devices'); }, cb) : Promise.reject(bizError(801, 'unsupported')),
    createFromBuilder: (_b: any, cb?: any) => rt.asyncApi ? rt.asyncApi(() => { throw bizError(801, 'component snapshots are not available on hmos emulated devices'); }, cb) : Promise.reject(bizError(801, 'unsupported')),
  };
  let keyboardAvoidMode = 0;
  class UIContext {
    getRouter() { return rt.router; }
    getPromptAction() { return rt.promptAction; }
    getMediaQuery() { return g.__hmosKit('@ohos.mediaquery').default; }
    getComponentUtils() { return rt.componentUtils; }
    getFocusController() { return rt.focusController; }
    getOverlayManager() { return overlayManager; }
    getUIObserver() { return uiObserver; }
    getMeasureUtils() { return MeasureText; }
    getFont() { return font; }
    getComponentSnapshot() { return snapshot; }
    getHostContext() { return g.__hmosAbilityContext; }
    getSharedLocalStorage() { return rt.pageStorage; }
    getWindowName() { return 'main'; }
    getWindowId() { return 0; }
    getAtomicServiceBar() { return undefined; }
    isAvailable() { return true; }
    runScopedTask(fn: () => void) { if (typeof fn === 'function') fn(); }
    animateTo(o: any, fn: () => void) { rt.animateTo(o, fn); }
    keyframeAnimateTo(o: any, frames: any[]) { rt.keyframeAnimateTo(o, frames); }
    createAnimator(o: any) { return rt.createAnimator(o); }
    showAlertDialog(o: any) { g.AlertDialog.show(o); }
    showActionSheet(o: any) { rt.promptAction.showActionMenu({ title: o?.title, buttons: (o?.sheets ?? []).map((s: any) => ({ text: s.title })) }); }
    openBindSheet() { return Promise.reject(bizError(801, 'bind sheets are not available on hmos emulated devices')); }
    setKeyboardAvoidMode(m: number) { keyboardAvoidMode = m; }
    getKeyboardAvoidMode() { return keyboardAvoidMode; }
    postFrameCallback(cb: any) { g.requestAnimationFrame((t: number) => { cb?.onFrame?.(t * 1e6); cb?.onIdle?.(0); }); }
    postDelayedFrameCallback(cb: any, delay: number) { g.setTimeout(() => this.postFrameCallback(cb), Number(delay) || 0); }
    getFrameNodeById() { return null; }
    getAttachedFrameNodeById() { return null; }
    getFrameNodeByUniqueId() { return null; }
    getFilteredInspectorTree() { return JSON.stringify(g.getInspectorTree()); }
    vp2px(v: number) { return Number(v) * env().density; }
    px2vp(v: number) { return Number(v) / env().density; }
    fp2px(v: number) { const e = env(); return Number(v) * e.density * (e.fontScale ?? 1); }
    px2fp(v: number) { const e = env(); return Number(v) / (e.density * (e.fontScale ?? 1)); }
    lpx2px(v: number) { const e = env(); return (Number(v) * e.width * e.density) / 720; }
    px2lpx(v: number) { const e = env(); return (Number(v) * 720) / (e.width * e.density); }
    dispatchKeyEvent() { return false; }
    static createUIContextWithoutWindow() { return undefined; }
  }
  g.UIContext = UIContext;
  const uiContext = new UIContext();
  g.__hmosUIContext = uiContext;
  if (rt.window) rt.window.getUIContext = () => uiContext;
  for (const [name, value] of Object.entries({ UIContext, ComponentContent, uiObserver, MeasureText })) {
    const arkui = g.__hmosKit('@kit.ArkUI');
    try { if (!(name in arkui) || rt.isUnsupported?.(arkui[name])) arkui[name] = value; } catch { /* a read-only kit member */ }
  }
}
