/**
 * Sandbox-side application model (evaluated in the app realm from source, see core.ts): named routes and the page
 * stack behind `@ohos.router`, page lifecycle (onPageShow/Hide, onBackPress), UIAbility + window stage + context,
 * dialogs (promptAction, AlertDialog, CustomDialogController), Navigation + NavPathStack, and `__hmosEntry`, the one
 * function the host calls into (always under the watchdog).
 */
export function installApp(g: any): void {
  const rt = g.__rt;
  const routes = new Map<string, any>();
  const named = new Map<string, string>();
  const pages: any[] = [];
  const dialogs: any[] = [];
  const root = new rt.UINode(0, 'Root', [], false);
  rt.root = root; rt.pages = pages;
  /** Overlay-manager content (ui-context.ts): above the page, below dialogs. */
  const overlays: any[] = [];
  rt.overlays = overlays;
  /** Pages on their way out of a router transition (transition.ts): drawn under (push) or over (back) the top page. */
  const leaving: { page: any; above: boolean }[] = [];
  const refresh = () => {
    const top = pages[pages.length - 1];
    const under = leaving.filter((l) => !l.above && l.page !== top).map((l) => l.page.root);
    const over = leaving.filter((l) => l.above && l.page !== top).map((l) => l.page.root);
    root.setKids([...under, ...(top ? [top.root] : []), ...over, ...overlays, ...dialogs]);
  };
  rt.refreshRoot = refresh;
  /** uiObserver routerPageUpdate (ui-context.ts). */
  const routerEvent = (page: any, state: number) => {
    if (!rt.uiObserverEmit || !page) return;
    const i = page.path.lastIndexOf('/');
    rt.uiObserverEmit('routerPageUpdate', { context: g.__hmosUIContext, index: pages.indexOf(page) + 1, name: page.path.slice(i + 1),
      path: page.path.slice(0, i + 1), state, pageId: String(page.root.elmtId) });
  };
  const bizError = (code: number, message: string) => { const e: any = new Error(message); e.code = code; return e; };
  /**
   * A page's key: its path in the app's own module (`pages/Index`); an HSP's page by the URL that opens it,
   * `@bundle:<bundleName>/<module>/ets/<pagePath>` (such a URL naming the app's own module is its page path).
   */
  const norm = (p: string) => {
    const s = String(p ?? '').replace(/^\/+/, '').replace(/\.ets$/, '');
    const m = /^@bundle:([^/]+)\/([^/]+)\/(?:src\/main\/)?ets\/(.+)$/.exec(s);
    if (!m) return s;
    return m[2] === rt.module?.moduleName ? m[3] : `@bundle:${m[1]}/${m[2]}/ets/${m[3]}`;
  };

  // ---- HSPs: each loaded once per app, on first use (an import by its package name, or a router URL) ----
  const hsps = new Map<string, { exports: any; loaded: boolean; files?: any }>();
  let loadingHsp: string | undefined;
  g.__hmosHsp = (name: string) => {
    const known = hsps.get(name);
    if (known) return known.exports;
    const code = rt.call('hsp.code', { name });
    // Registered before it runs: an HSP whose code reaches its own name again gets the same (partial) exports.
    const record = { exports: {}, loaded: false };
    hsps.set(name, record);
    const outer = loadingHsp;
    loadingHsp = name;
    try { g.__hmosEval(code); record.loaded = true; } catch (e) { hsps.delete(name); throw e; } finally { loadingHsp = outer; }
    return record.exports;
  };
  /** A file of an HSP imported by its path into the HSP: the module of the HSP's own bundle (one per app). */
  g.__hmosHspFile = (name: string, path: string) => {
    g.__hmosHsp(name);
    const files = hsps.get(name)?.files;
    const get = files && Object.prototype.hasOwnProperty.call(files, path) ? files[path] : undefined;
    if (typeof get !== 'function') throw new Error(`Cannot find module "${path}" in the HSP ${name}: it was built before this import was added; build it again`);
    return get();
  };
  /** Loads the HSP an `@bundle:` URL names, so its pages are registered; false when it has none by that name. */
  const loadPagesOf = (key: string): boolean => {
    const m = /^@bundle:[^/]+\/([^/]+)\//.exec(key);
    if (!m || hsps.has(m[1])) return false;
    try { g.__hmosHsp(m[1]); } catch (e: any) { if (e && e.code === 'HSP_NOT_INSTALLED') return false; throw e; }
    return true;
  };

  g.registerNamedRoute = (factory: () => any, routeName: string, info: any) => {
    const page = norm(info?.pagePath ?? routeName);
    const path = loadingHsp ? `@bundle:${info?.bundleName ?? ''}/${loadingHsp}/ets/${page}` : page;
    routes.set(path, factory);
    if (routeName) named.set(routeName, path);
  };
  /** The system route table (routerMap) of the app's module, its HARs and the HSPs loaded so far: name → builder. */
  const routeTable = new Map<string, any>();
  let hspRoutes: Record<string, string> | undefined;
  /** The route of that name, loading the HSP that declares it when no loaded module does. */
  const systemRoute = (name: string): any => {
    if (!routeTable.has(name)) {
      hspRoutes ??= rt.call('hsp.routes') ?? {};
      const module = hspRoutes![name];
      if (typeof module === 'string' && !hsps.has(module)) g.__hmosHsp(module);
    }
    return routeTable.get(name);
  };
  g.__hmosRegisterModule = (reg: any) => {
    for (const r of Array.isArray(reg?.routes) ? reg.routes : []) if (r && typeof r.name === 'string' && !routeTable.has(r.name)) routeTable.set(r.name, r);
    if (loadingHsp) { const record = hsps.get(loadingHsp); if (record && reg) { record.exports = reg.exports ?? {}; record.files = reg.files; } return; }
    rt.module = reg;
  };

  const guardedLifecycle = (view: any, name: string, ...a: any[]) => (typeof view?.[name] === 'function' ? rt.untracked(() => view[name](...a)) : undefined);
  const openPage = (path: string, params: any, storage?: any) => {
    if (!routes.has(norm(path))) loadPagesOf(norm(path));
    const factory = routes.get(norm(path));
    if (!factory) throw bizError(100002, `Uri error. The page '${path}' is not registered (known: ${[...routes.keys()].join(', ') || 'none'})`);
    const pageRoot = new rt.UINode(rt.newId(), 'Page', [norm(path)], true);
    const page: any = { path: norm(path), params, root: pageRoot, view: null };
    const prevStack = rt.stack; const prevParams = rt.currentParams;
    rt.stack = [pageRoot]; rt.pageStorage = storage ?? rt.pageStorage; rt.currentParams = params;
    // While it builds, the new page already counts for router.getParams/getLength/getState, as in the reference.
    pages.push(page);
    try {
      page.view = factory();
      page.view.initialRenderView();
    } finally { rt.stack = prevStack; rt.currentParams = prevParams; pages.splice(pages.lastIndexOf(page), 1); }
    return page;
  };
  const hidePage = (page: any) => {
    guardedLifecycle(page.view, 'onPageHide');
    routerEvent(page, 3);
    routerEvent(page, 1);
  };
  const destroyPage = (page: any) => {
    if (page.view && typeof page.view.aboutToBeDeleted === 'function') page.view.aboutToBeDeleted();
    rt.disposeNodes([page.root]);
  };
  const closePage = (page: any) => { hidePage(page); destroyPage(page); };
  /**
   * The transition of a navigation from `exit` to `enter` (transition.ts): `exit` stays on screen until its exit
   * animation ends, then `afterExit` runs (destroying a page that left the stack).
   */
  const transitionPages = (route: 'push' | 'pop', enter: any, exit: any, afterExit?: () => void) => {
    if (!rt.pageTransition || !exit || exit === enter) { afterExit?.(); return; }
    const entry = { page: exit, above: route === 'pop' };
    leaving.push(entry);
    refresh();
    rt.pageTransition(route, enter, exit, () => {
      const i = leaving.indexOf(entry);
      if (i >= 0) leaving.splice(i, 1);
      afterExit?.();
      refresh();
    });
  };
  const show = (page: any) => { refresh(); guardedLifecycle(page.view, 'onPageShow'); routerEvent(page, 2); rt.call('page', { path: page.path }); };
  rt.loadPage = (path: string, storage?: any) => {
    rt.finishPageTransitions?.();
    while (pages.length) closePage(pages.pop());
    const page = openPage(path, undefined, storage);
    pages.push(page); show(page);
    // From now on nodes that updates build are insertions (enter transitions play).
    rt.pageReady = true;
  };
  const push = (path: string, params: any, mode: number, replace: boolean) => {
    const p = norm(path);
    if (!routes.has(p)) loadPagesOf(p);
    if (!routes.has(p)) throw bizError(100002, `Uri error. The page '${path}' is not registered (known: ${[...routes.keys()].join(', ') || 'none'})`);
    if (!replace && pages.length >= 32) throw bizError(100003, 'Page stack error. Too many pages are pushed (the limit is 32).');
    rt.finishPageTransitions?.();
    const top = pages[pages.length - 1];
    if (mode === 1) {
      const i = pages.findIndex((x) => x.path === p);
      if (i >= 0 && i !== pages.length - 1) {
        const [existing] = pages.splice(i, 1);
        if (top && replace) { pages.splice(pages.indexOf(top), 1); hidePage(top); } else if (top) guardedLifecycle(top.view, 'onPageHide');
        existing.params = params ?? existing.params;
        pages.push(existing); show(existing);
        transitionPages('push', existing, top, replace && top ? () => destroyPage(top) : undefined);
        return;
      }
    }
    if (top) guardedLifecycle(top.view, 'onPageHide');
    const page = openPage(p, params);
    if (replace && top) pages.pop();
    pages.push(page); show(page);
    transitionPages('push', page, top, replace && top ? () => { if (top.view) top.view.aboutToBeDeleted(); rt.disposeNodes([top.root]); } : undefined);
  };
  const asPromise = (fn: () => void, cb?: any) => {
    try { fn(); if (typeof cb === 'function') cb(undefined); return Promise.resolve(); } catch (e: any) {
      if (e && typeof e.code === 'number') { if (typeof cb === 'function') { cb(e); return Promise.resolve(); } return Promise.reject(e); }
      throw e;
    }
  };
  const modeAndCb = (a: any, b: any) => (typeof a === 'function' ? [0, a] : [a ?? 0, b]);
  const back = (opts?: any) => {
    if (pages.length <= 1) return;
    const target = opts?.url ? norm(opts.url) : undefined;
    if (target && !pages.some((x, i) => i < pages.length - 1 && x.path === target)) return;
    rt.finishPageTransitions?.();
    // The page in front leaves with its exit transition; pages between it and the target go at once.
    const leavingPage = pages.pop();
    hidePage(leavingPage);
    while (target && pages[pages.length - 1].path !== target) closePage(pages.pop());
    const top = pages[pages.length - 1];
    if (opts?.params !== undefined) top.params = opts.params;
    show(top);
    transitionPages('pop', top, leavingPage, () => destroyPage(leavingPage));
  };
  const router = {
    pushUrl: (o: any, a?: any, b?: any) => { const [m, cb] = modeAndCb(a, b); return asPromise(() => push(o.url, o.params, m, false), cb); },
    replaceUrl: (o: any, a?: any, b?: any) => { const [m, cb] = modeAndCb(a, b); return asPromise(() => push(o.url, o.params, m, true), cb); },
    pushNamedRoute: (o: any, a?: any, b?: any) => { const [m, cb] = modeAndCb(a, b); return asPromise(() => push(named.get(o.name) ?? `@named/${o.name}`, o.params, m, false), cb); },
    replaceNamedRoute: (o: any, a?: any, b?: any) => { const [m, cb] = modeAndCb(a, b); return asPromise(() => push(named.get(o.name) ?? `@named/${o.name}`, o.params, m, true), cb); },
    back, clear: () => { rt.finishPageTransitions?.(); while (pages.length > 1) closePage(pages.splice(0, 1)[0]); },
    getLength: () => String(pages.length),
    getParams: () => pages[pages.length - 1]?.params,
    getState: () => {
      const top = pages[pages.length - 1];
      if (!top) return undefined;
      const i = top.path.lastIndexOf('/');
      return { index: pages.length, name: top.path.slice(i + 1), path: top.path.slice(0, i + 1), params: top.params };
    },
    // API 8 names, still used by older apps and the platform's own suites.
    // API 8's RouterOptions name the page `uri`.
    push: (o: any, cb?: any) => router.pushUrl({ ...o, url: o?.url ?? o?.uri }, cb),
    replace: (o: any, cb?: any) => router.replaceUrl({ ...o, url: o?.url ?? o?.uri }, cb),
    getStateByUrl: (url: string) => pages.map((x, i) => ({ x, i })).filter(({ x }) => x.path === norm(url)).map(({ x, i }) => ({ index: i + 1, name: x.path.split('/').pop(), path: x.path.slice(0, x.path.lastIndexOf('/') + 1), params: x.params })),
    getStateByIndex: (i: number) => pages[i - 1] && { index: i, name: pages[i - 1].path.split('/').pop(), path: pages[i - 1].path },
    showAlertBeforeBackPage() {}, hideAlertBeforeBackPage() {},
    RouterMode: { Standard: 0, Single: 1 },
  };
  rt.router = router;
  rt.backPress = (): string => {
    const top = pages[pages.length - 1];
    if (dialogs.length) { closeDialog(dialogs[dialogs.length - 1]); return 'dialog'; }
    if (top && guardedLifecycle(top.view, 'onBackPress') === true) return 'handled';
    if (rt.navigationBack && rt.navigationBack()) return 'navigation';
    if (pages.length > 1) { back(); return 'back'; }
    return 'exit';
  };

  // ---- dialogs ----
  const node = (type: string, args: any[], attrs: Record<string, any[]> = {}, kids: any[] = []) => {
    const n = new rt.UINode(rt.newId(), type, args, false);
    n.attrs = attrs; n.setKids(kids);
    return n;
  };
  const openDialog = (n: any) => { dialogs.push(n); refresh(); return n; };
  rt.openDialog = openDialog;
  rt.newDialog = (type: string) => node(type, [], {}, []);
  const closeDialog = (n: any) => {
    const i = dialogs.indexOf(n);
    if (i < 0) return;
    dialogs.splice(i, 1); refresh();
    if (n.onClose) n.onClose();
    rt.disposeNodes([n]);
  };
  rt.closeDialog = (n: any) => closeDialog(n);
  const buttonsDialog = (title: any, message: any, buttons: { text: any; action: () => void }[], onCancel?: () => void) => {
    const d = node('Dialog', [], {}, []);
    const kids = [];
    if (title !== undefined && title !== '') kids.push(node('Text', [title]));
    if (message !== undefined) kids.push(node('Text', [message]));
    buttons.forEach((b) => kids.push(node('Button', [b.text], { onClick: [() => { closeDialog(d); b.action(); }] })));
    d.setKids([node('Column', [], {}, kids)]);
    d.onCancel = onCancel;
    return openDialog(d);
  };
  const promptAction = {
    showToast(o: any) {
      const t = node('Toast', [o?.message], {}, [node('Text', [o?.message])]);
      openDialog(t);
      g.setTimeout(() => closeDialog(t), Math.max(1500, Math.min(10000, Number(o?.duration) || 1500)));
    },
    showDialog(o: any, cb?: any) {
      return new Promise((resolve) => {
        const btns = (o?.buttons ?? []).map((b: any, index: number) => ({ text: b.text, action: () => { const r = { index }; if (cb) cb(undefined, r); resolve(r); } }));
        buttonsDialog(o?.title, o?.message, btns);
      });
    },
  };
  rt.promptAction = promptAction;
  rt.buttonsDialog = buttonsDialog;
  g.AlertDialog = {
    show(o: any) {
      const btns = [];
      for (const k of ['primaryButton', 'secondaryButton', 'confirm']) if (o?.[k]) btns.push({ text: o[k].value, action: () => o[k].action?.() });
      for (const b of o?.buttons ?? []) btns.push({ text: b.value, action: () => b.action?.() });
      buttonsDialog(o?.title, o?.message, btns);
    },
  };
  class CustomDialogController {
    opts: any; owner: any; dlg: any = null;
    constructor(opts: any, owner?: any) { this.opts = opts ?? {}; this.owner = owner; }
    open(): void {
      if (this.dlg) return;
      const d = node('Dialog', [], {}, []);
      const prev = rt.stack; rt.stack = [d];
      try { this.opts.builder(); } finally { rt.stack = prev; }
      d.onClose = () => { this.dlg = null; };
      this.dlg = openDialog(d);
    }
    close(): void { if (this.dlg) closeDialog(this.dlg); }
  }
  g.CustomDialogController = CustomDialogController;

  // ---- Navigation / NavPathStack ----
  /** `animated` as the NavPathStack methods take it: a boolean, or NavigationOptions `{ animated }`. */
  const animatedArg = (v: any): boolean | undefined => (typeof v === 'boolean' ? v : v && typeof v === 'object' && typeof v.animated === 'boolean' ? v.animated : undefined);
  class NavPathStack {
    entries: any[] = []; nodes = new Set<any>();
    /** disableAnimation(true): no transitions; `once`: the next change only (a method called with animated false). */
    noAnimation = false; private once: boolean | undefined;
    private anim(v: any): this { const a = animatedArg(v); if (a !== undefined) this.once = a; return this; }
    pushPathByName(name: string, param?: any, onPop?: any, animated?: boolean) {
      this.anim(typeof onPop === 'boolean' ? onPop : animated);
      this.entries.push(new g.NavPathInfo(name, param, typeof onPop === 'function' ? onPop : undefined)); this.sync();
    }
    pushPath(info: any, animated?: any) { this.anim(animated); this.entries.push(new g.NavPathInfo(info?.name, info?.param, info?.onPop)); this.sync(); }
    pushDestination(info: any, animated?: any) { this.pushPath(info, animated); return Promise.resolve(); }
    pushDestinationByName(name: string, param?: any, onPop?: any, animated?: boolean) { this.pushPathByName(name, param, onPop, animated); return Promise.resolve(); }
    replacePath(info: any, animated?: any) { this.anim(animated); this.entries.pop(); this.pushPath(info); }
    replacePathByName(name: string, param?: any, animated?: boolean) { this.anim(animated); this.entries.pop(); this.pushPathByName(name, param); }
    pop(result?: any, animated?: boolean) {
      if (typeof result === 'boolean' && animated === undefined) { animated = result; result = undefined; }
      this.anim(animated);
      const e = this.entries.pop(); this.sync(); if (e?.onPop && result !== undefined) e.onPop({ info: e, result }); return e;
    }
    popToName(name: string, a?: any, b?: any) { this.anim(typeof a === 'boolean' ? a : b); const i = this.entries.map((e) => e.name).lastIndexOf(name); if (i < 0) return -1; this.entries.length = i + 1; this.sync(); return i; }
    popToIndex(i: number, a?: any, b?: any) { this.anim(typeof a === 'boolean' ? a : b); this.entries.length = Math.min(this.entries.length, i + 1); this.sync(); }
    moveToTop(name: string, animated?: boolean) { this.anim(animated); const i = this.entries.map((e) => e.name).lastIndexOf(name); if (i >= 0) { this.entries.push(this.entries.splice(i, 1)[0]); this.sync(); } return i; }
    removeByName(name: string) { const n = this.entries.length; this.entries = this.entries.filter((e) => e.name !== name); this.sync(); return n - this.entries.length; }
    clear(animated?: boolean) { this.anim(animated); this.entries = []; this.sync(); }
    size() { return this.entries.length; }
    getAllPathName() { return this.entries.map((e) => e.name); }
    getParamByName(name: string) { return this.entries.filter((e) => e.name === name).map((e) => e.param); }
    getParamByIndex(i: number) { return this.entries[i]?.param; }
    getNameByIndex(i: number) { return this.entries[i]?.name; }
    getIndexByName(name: string) { return this.entries.map((e, i) => (e.name === name ? i : -1)).filter((i) => i >= 0); }
    disableAnimation(value?: boolean) { this.noAnimation = value !== false; }
    /** Rebuilds the top destination of every Navigation bound to this stack. */
    sync() {
      const animated = this.once ?? !this.noAnimation;
      this.once = undefined;
      for (const n of this.nodes) buildDestination(n, this, animated);
    }
  }
  let nextDestinationId = 1;
  const firstOfType = (n: any, type: string): any => (n.type === type ? n : n._kids.map((k: any) => firstOfType(k, type)).find(Boolean));
  /** NavDestination callbacks (onWillAppear, onShown …) and the uiObserver's navDestinationUpdate for one destination. */
  const destinationEvent = (nav: any, stack: NavPathStack, entry: any, dest: any, events: Array<[string, number]>) => {
    for (const [attr, state] of events) {
      // onAppear / onDisAppear are the common component events (core.ts calls them when the node comes and goes).
      const h = attr === 'onAppear' || attr === 'onDisAppear' ? undefined : dest?.attrs[attr]?.[0];
      if (typeof h === 'function') rt.untracked(() => h());
      if (rt.uiObserverEmit) {
        rt.uiObserverEmit('navDestinationUpdate', { navigationId: String(nav.attrs.id?.[0] ?? ''), name: entry.name, state,
          index: stack.entries.indexOf(entry), param: entry.param, navDestinationId: String(entry.navDestinationId), uniqueId: dest?.elmtId });
      }
    }
  };
  /** Shows the top entry of `stack` in Navigation node `nav` when it changed: the old destination hides (and goes, when
   *  it left the stack), the new one is built from the navDestination builder, gets onReady with its context, shows. */
  const buildDestination = (nav: any, stack: NavPathStack, animated = true) => {
    const top = stack.entries[stack.entries.length - 1];
    if (nav.destGroup && nav.destEntry === top) return;
    // A transition still running on this Navigation ends first (its leaving destination goes).
    rt.finishNavTransitions?.(nav);
    const from = { group: nav.destGroup, entry: nav.destEntry, dest: nav.destNode, index: nav.destEntry ? stack.entries.indexOf(nav.destEntry) : -1 };
    const wasBuilt = Boolean(top?.built);
    if (nav.destGroup) {
      const oldEntry = nav.destEntry; const oldDest = nav.destNode;
      const stays = stack.entries.includes(oldEntry);
      destinationEvent(nav, stack, oldEntry, oldDest, stays ? [['onWillHide', 5], ['onHidden', 1]] : [['onWillHide', 5], ['onWillDisappear', 7], ['onHidden', 1]]);
      nav.destGroup = null; nav.destNode = null; nav.destEntry = null;
      if (!stays) destinationEvent(nav, stack, oldEntry, oldDest, [['onDisAppear', 3]]);
      if (rt.uiObserverEmit && top) rt.uiObserverEmit('navDestinationSwitch', { context: g.__hmosUIContext, from: oldEntry ? { name: oldEntry.name, param: oldEntry.param } : 'navBar', to: { name: top.name, param: top.param }, operation: stays ? 1 : 2 });
    }
    // The leaving destination stays on screen while the transition plays (navigation-transition.ts), then goes.
    const leave = () => {
      if (!from.group) return;
      nav.setKids(nav._kids.filter((k: any) => k !== from.group)); rt.disposeNodes([from.group]);
    };
    const operation = !from.group || stack.entries.includes(from.entry) ? 'push' : top && !wasBuilt ? 'replace' : 'pop';
    const transition = () => {
      if (!rt.navTransition || (!from.group && !nav.destGroup)) { leave(); return; }
      rt.navTransition(nav, { operation, animated, from, to: { group: nav.destGroup, entry: nav.destEntry, dest: nav.destNode, index: nav.destEntry ? stack.entries.indexOf(nav.destEntry) : -1 } }, leave);
    };
    if (!top) { transition(); return; }
    let b = nav.attrs.navDestination?.[0];
    if (b && typeof b === 'object') b = b.builder;
    top.navDestinationId ??= nextDestinationId++;
    const fresh = !top.built;
    const group = new rt.UINode(rt.newId(), 'NavDestinationSlot', [top.name], true);
    const prev = rt.stack; rt.stack = [group];
    try {
      if (typeof b === 'function') rt.untracked(() => b(top.name, top.param));
      // What the Navigation's own builder does not make comes from the system route table (routerMap).
      if (group._kids.length === 0) {
        const route = systemRoute(top.name);
        if (route && typeof route.builder === 'function') rt.untracked(() => route.builder.call(nav.ownerView, top.name, top.param));
        else if (route) rt.call('log', { level: 'E', tag: 'Navigation', message: `route '${top.name}': its buildFunction ${route.buildFunction} is not a function of its pageSourceFile` });
      }
    } finally { rt.stack = prev; }
    if (group._kids.length === 0 && typeof b !== 'function') { transition(); return; }
    top.built = true;
    nav.destGroup = group; nav.destEntry = top; nav.destNode = firstOfType(group, 'NavDestination');
    nav.append(group);
    // Back: the leaving destination is drawn over the one shown again.
    if (operation === 'pop' && from.group) nav.setKids([...nav._kids.filter((k: any) => k !== from.group), from.group]);
    const dest = nav.destNode;
    const ready = dest?.attrs.onReady?.[0];
    if (typeof ready === 'function') {
      const context = { pathInfo: top, pathStack: stack, navDestinationId: String(top.navDestinationId), mode: 0,
        getConfigInRouteMap: () => undefined };
      rt.untracked(() => ready(context));
    }
    destinationEvent(nav, stack, top, dest, fresh ? [['onWillAppear', 6], ['onAppear', 2], ['onWillShow', 4], ['onShown', 0]] : [['onWillShow', 4], ['onShown', 0]]);
    transition();
  };
  /** The back key on a page with a Navigation that shows a destination: the destination's onBackPressed, else a pop. */
  rt.navigationBack = (): boolean => {
    const navs: any[] = [];
    const walk = (n: any) => { if (n.navStack) navs.push(n); for (const k of n._kids) walk(k); };
    const top = pages[pages.length - 1];
    if (top) walk(top.root);
    for (const nav of navs.reverse()) {
      const stack: NavPathStack = nav.navStack;
      if (!stack.entries.length) continue;
      const dest = nav.destNode;
      const h = dest?.attrs.onBackPressed?.[0];
      if (typeof h === 'function' && rt.untracked(() => h()) === true) return true;
      stack.pop();
      return true;
    }
    return false;
  };
  g.NavPathStack = NavPathStack;
  g.NavPathInfo = class NavPathInfo {
    name: string; param: any; onPop: any; isEntry = false; navDestinationId: any; built?: boolean;
    constructor(name: string, param?: any, onPop?: any, isEntry?: boolean) { this.name = name; this.param = param; this.onPop = onPop; this.isEntry = !!isEntry; }
  };
  const baseNav = g.Navigation;
  if (baseNav) {
    g.Navigation = new Proxy(baseNav, {
      get(t, prop) {
        if (prop === 'create') return (...args: any[]) => {
          t.create(...args);
          const n = rt.top();
          if (args[0] instanceof NavPathStack) { n.navStack = args[0]; args[0].nodes.add(n); n.onDispose = () => args[0].nodes.delete(n); }
          // The view building it: a route table's @Builder function runs as its builder would (`this` is that view).
          n.ownerView = rt.observer === undefined ? undefined : rt.elmts.get(rt.observer)?.view;
        };
        if (prop === 'pop') return () => { const n = rt.top(); t.pop(); if (n?.navStack && !n.destGroup) buildDestination(n, n.navStack); };
        return t[prop];
      },
    });
  }



  // ---- abilities ----
  class UIAbility { context: any; launchWant: any; lastRequestWant: any; }
  g.UIAbility = UIAbility;
  rt.UIAbility = UIAbility;
  rt.startAbility = (name: string | undefined, want: any) => {
    const abilities = rt.module?.abilities ?? {};
    const abilityName = name ?? Object.keys(abilities)[0];
    const Cls = abilities[abilityName];
    if (!Cls) throw bizError(16000001, `The ability '${abilityName}' does not exist in this module`);
    const ability = new Cls();
    // A launcher's Want always carries a parameters object; apps read want.parameters[...] in onCreate.
    if (want && typeof want === 'object' && (want.parameters === undefined || want.parameters === null)) want = { ...want, parameters: {} };
    const env = rt.call('env');
    ability.context = rt.makeContext(env, abilityName);
    g.__hmosAbilityContext = ability.context;
    ability.launchWant = want; ability.lastRequestWant = want;
    rt.ability = ability;
    if (typeof ability.onCreate === 'function') ability.onCreate(want, { launchReason: rt.launchReason ?? 1, lastExitReason: 0 });
    const windowStage = {
      loadContent(path: string, a?: any, b?: any) {
        const storage = a instanceof g.LocalStorage ? a : undefined;
        const cb = typeof a === 'function' ? a : b;
        let err: any = { code: 0, message: '' };
        try { rt.loadPage(path, storage); } catch (e: any) { if (typeof e?.code === 'number') err = { code: e.code, message: e.message }; else throw e; }
        if (typeof cb === 'function') cb(err, undefined);
        return err.code ? Promise.reject(err) : Promise.resolve();
      },
      getMainWindow: (cb?: any) => { if (typeof cb === 'function') cb({ code: 0, message: '' }, rt.window); return Promise.resolve(rt.window); },
      getMainWindowSync: () => rt.window,
      on() {}, off() {}, getWindowStageEventSync: () => 1,
      // API 8: setUIContent(context, path, storage) is loadContent(path, storage).
      setUIContent(_ctx: any, path: string, storage?: any) { return windowStage.loadContent(path, storage ?? undefined); },
    };
    rt.windowStage = windowStage;
    if (typeof ability.onWindowStageCreate === 'function') ability.onWindowStageCreate(windowStage);
    if (typeof ability.onForeground === 'function') ability.onForeground();
  };
  rt.stopAbility = () => {
    const a = rt.ability;
    while (pages.length) closePage(pages.pop());
    refresh();
    rt.call('page', { path: null }); // no page is shown: the device's idea of the visible page follows these calls
    if (!a) return;
    if (typeof a.onBackground === 'function') a.onBackground();
    if (typeof a.onWindowStageDestroy === 'function') a.onWindowStageDestroy();
    if (typeof a.onDestroy === 'function') a.onDestroy();
    rt.ability = null;
  };

  const findNode = (id: number) => rt.elmts.get(id)?.node ?? rt.findById(root, id);
  rt.findById = (n: any, id: number): any => {
    if (n.elmtId === id) return n;
    for (const k of n._kids) { const f = rt.findById(k, id); if (f) return f; }
    return undefined;
  };
  /** Tabs / Swiper page choice. The user's choice (tab-bar click, swipe, controller) is kept on the node until the
   *  app's own `index` changes (ArkUI treats `index` as the initial / app-driven value). Layout reads the same. */
  const indexOption = (n: any) => (n.type === 'Tabs' ? n.attrs.index?.[0] ?? n.args[0]?.index : rt.choiceOption?.(n) ?? n.attrs.index?.[0]);
  rt.selectedIndex = (n: any): number => {
    const opt = indexOption(n);
    if (n.selected && n.selected.option === opt) return n.selected.index;
    return typeof opt === 'number' ? opt : 0;
  };
  rt.select = (n: any, index: number) => {
    // Stepper and Panel choose their own way (container-components.ts).
    if (rt.selectChoice?.(n, index)) return;
    const count = n.children.filter((k: any) => n.type !== 'Tabs' || k.type === 'TabContent').length;
    const loop = n.type === 'Swiper' && n.attrs.loop?.[0] !== false;
    if (loop && count > 0) index = ((index % count) + count) % count;
    if (!(index >= 0 && index < count)) return;
    const current = rt.selectedIndex(n);
    if (n.type === 'Tabs') n.attrs.onTabBarClick?.[0]?.(index);
    if (index === current) return;
    n.selected = { index, option: indexOption(n) };
    const offsets = { currentOffset: 0, targetOffset: 0, velocity: 0 };
    n.attrs.onAnimationStart?.[0]?.(current, index, offsets);
    n.attrs.onChange?.[0]?.(index);
    n.attrs.onAnimationEnd?.[0]?.(index, offsets);
  };
  /** The Tabs / Swiper node a TabsController / SwiperController was passed to. */
  rt.controlledBy = (ctrl: any, type: string) => {
    const walk = (n: any): any => {
      if (n.type === type && (n.args[0]?.controller === ctrl || n.args[0] === ctrl)) return n;
      for (const k of n._kids) { const f = walk(k); if (f) return f; }
      return undefined;
    };
    return walk(root);
  };
  /** Two-way bound values as the compiler emits them: `{k: v, $k: setter}`, `{k: {value, changeEvent}}`, or for an
   *  attribute `.select(v, setter)` (attrs.select = [v, setter]). */
  const readBound = (holder: any, key: string | number): any => {
    const v = holder?.[key];
    return v && typeof v === 'object' && 'changeEvent' in v ? v.value : v && typeof v === 'object' && '$value' in v ? v.value : v;
  };
  const writeBound = (holder: any, key: string | number, val: any) => {
    if (!holder) return;
    const v = holder[key];
    if (v && typeof v === 'object' && typeof v.changeEvent === 'function') v.changeEvent(val);
    else if (v && typeof v === 'object' && typeof v.$value === 'function') v.$value(val);
    else if (typeof holder['$' + key] === 'function') holder['$' + key](val);
    else if (Array.isArray(holder) && typeof holder[Number(key) + 1] === 'function') holder[Number(key) + 1](val);
  };
  rt.writeBound = writeBound;
  /** A tap on `node`: ArkUI hit testing passes a click on a component without a handler of its own to the nearest
   *  ancestor that has one (a Text inside a Row with onClick). False when nothing handled it. */
  rt.clickNode = (node: any): boolean => {
    if (rt.isEnabled && !rt.isEnabled(node)) return false; // enabled(false): no clicks (see focus.ts)
    // `.focusOnTouch(true)`: a tap gives the element focus (the nearest ancestor that asks for it), as ArkUI's touch does.
    for (let up = node; up; up = up.parent) if (up.attrs?.focusOnTouch?.[0] === true) { rt.focusNode?.(up); break; }
    let n = node;
    const handles = (x: any) => x.attrs.onClick || rt.tapGestureOf?.(x) || x.type === 'Toggle' || x.type === 'Checkbox' || x.type === 'Radio' || x.type === 'NavRouter';
    for (let up = n; up; up = up.parent) if (handles(up)) { n = up; break; }
    const h = n.attrs.onClick?.[0] ?? rt.tapGestureOf?.(n);
    if (typeof h === 'function') h(clickEvent());
    // Selection controls flip their own state: two-way bindings ($$ / !!) first, then onChange.
    if (n.type === 'Toggle') { const v = !readBound(n.args[0], 'isOn'); writeBound(n.args[0], 'isOn', v); n.attrs.onChange?.[0]?.(v); }
    else if (n.type === 'Checkbox') { const v = !readBound(n.attrs.select, 0); writeBound(n.attrs.select, 0, v); n.attrs.onChange?.[0]?.(v); }
    else if (n.type === 'Radio') { const cur = readBound(n.attrs.checked, 0); if (!cur) { writeBound(n.attrs.checked, 0, true); n.attrs.onChange?.[0]?.(true); } }
    else if (n.type === 'NavRouter') rt.activateNavRouter?.(n); // shows its NavDestination in the Navigation around it
    else if (typeof h !== 'function') return false;
    return true;
  };
  /** A long press: the LongPressGesture's onAction of the node or its nearest ancestor with one. */
  rt.longPressNode = (node: any): boolean => {
    if (rt.isEnabled && !rt.isEnabled(node)) return false;
    for (let up = node; up; up = up.parent) {
      const h = rt.gestureHandler?.(up, 'LongPressGesture', 'onAction');
      if (typeof h === 'function') { h({ ...clickEvent(), repeat: false, fingerList: [] }); return true; }
    }
    return false;
  };
  const clickEvent = () => ({ x: 0, y: 0, screenX: 0, screenY: 0, windowX: 0, windowY: 0, displayX: 0, displayY: 0, timestamp: Date.now(), source: 1, type: 1, target: { area: {} } });
  /** The host's way in: one JSON request, run under the watchdog, answered in JSON. */
  g.__hmosEntry = (json: string) => {
    const req = JSON.parse(json);
    let value: any;
    switch (req.op) {
      case 'launch':
        // Pages opened without an ability (preview) still get an application context.
        if (!g.__hmosAbilityContext) g.__hmosAbilityContext = rt.makeContext(rt.call('env'), req.ability ?? 'EntryAbility');
        if (req.page) rt.loadPage(req.page);
        else if (rt.module && Object.keys(rt.module.abilities ?? {}).length) rt.startAbility(req.ability, req.want ?? {});
        else { const first = rt.module?.pages?.[0] ?? routes.keys().next().value; if (!first) throw bizError(100002, 'No page is registered in this bundle'); rt.loadPage(first); }
        break;
      case 'click': {
        const n = findNode(req.id);
        if (!n) throw bizError(100001, `No element with id ${req.id}`);
        if (!rt.clickNode(n)) value = 'no-handler';
        break;
      }
      case 'event': {
        // Events layout causes (onBreakpointChange, onAreaChange, onSizeChange), fired by the host after a layout.
        const n = findNode(req.id);
        if (!n) throw bizError(100001, `No element with id ${req.id}`);
        n.attrs[req.name]?.[0]?.(...(req.args ?? []));
        break;
      }
      case 'select': {
        const n = findNode(req.id);
        if (!n) throw bizError(100001, `No element with id ${req.id}`);
        rt.select(n, req.by !== undefined ? rt.selectedIndex(n) + req.by : req.index);
        break;
      }
      case 'input': {
        const n = findNode(req.id);
        if (!n) throw bizError(100001, `No element with id ${req.id}`);
        const opt = n.args[0];
        let bound = false;
        for (const key of ['text', 'value']) if (opt && typeof opt === 'object' && key in opt) { writeBound(opt, key, req.text); bound = true; }
        // An uncontrolled input keeps what the user typed itself (the app reads it only through onChange).
        if (!bound) n.typed = String(req.text);
        n.attrs.onChange?.[0]?.(req.text);
        break;
      }
      case 'scroll': {
        const n = findNode(req.id);
        if (!n) throw bizError(100001, `No element with id ${req.id}`);
        const visit = (x: any) => { if (x.lazySpec) rt.lazyScroll(x, x.lazy.start + req.items); for (const k of x._kids) visit(k); };
        visit(n);
        n.attrs.onScrollIndex?.[0]?.(0, 0);
        break;
      }
      case 'back': value = rt.backPress(); break;
      case 'stop': rt.stopAbility(); break;
      case 'background': if (rt.ability?.onBackground) rt.ability.onBackground(); { const t = pages[pages.length - 1]; guardedLifecycle(t?.view, 'onPageHide'); } break;
      case 'foreground': if (rt.ability?.onForeground) rt.ability.onForeground(); { const t = pages[pages.length - 1]; guardedLifecycle(t?.view, 'onPageShow'); } break;
      case 'newWant': if (rt.ability?.onNewWant) rt.ability.onNewWant(req.want ?? {}, { launchReason: 1 }); break;
      case 'timer': rt.fireTimer(req.id); break;
      case 'settle': rt.settleAsync(req.id, req.value, req.error); break;
      case 'kitSettle': rt.kitSettle(req.id, req.result); break;
      case 'kitCallback': rt.kitCallback(req.id, req.args); break;
      case 'ext': if (typeof rt[req.fn] === 'function') rt[req.fn](...(req.args ?? [])); break;
      case 'flush': break;
      case 'animFrame': rt.sampleAnimations(); break;
      case 'eval': value = rt.untracked(() => g.__hmosEval(req.code)); break;
      default: throw new Error(`unknown host request ${req.op}`);
    }
    if (rt.needsFlush()) rt.flush();
    return JSON.stringify({ value, page: pages[pages.length - 1]?.path ?? null, updated: rt.updatedCount });
  };
}
