/**
 * Sandbox-side support globals (evaluated in the app realm from source, see core.ts): builder helpers the reference
 * compiler emits (wrapBuilder, makeBuilderParameterProxy, __Common__/__Recycle__ wrappers), component controllers
 * (TabsController, Scroller, TextInputController …) and the ArkUI enums not covered by the shared enum table,
 * whose members evaluate to their own names (renderers treat them as opaque).
 */
export function installSupport(g: any, enumNames: string[]): void {
  const rt = g.__rt;
  g.wrapBuilder = (builder: any) => ({ builder });
  g.WrappedBuilder = class WrappedBuilder { builder: any; constructor(b: any) { this.builder = b; } };
  /** `$$`-style builder arguments: each property reads through its getter, so builders see live values. */
  g.makeBuilderParameterProxy = (_name: string, getters: Record<string, () => any>) => new Proxy({}, {
    get(_t, prop) {
      // `$$.__name` hands the underlying state variable itself to a child's @Link.
      if (typeof prop === 'string' && prop.startsWith('__') && prop.slice(2) in getters) return getters[prop.slice(2)]();
      if (typeof prop !== 'string' || !(prop in getters)) return undefined;
      const v = getters[prop]();
      return v && typeof v === 'object' && typeof v.get === 'function' && typeof v.set === 'function' ? v.get() : v;
    },
    set(_t, prop) { const v = typeof prop === 'string' && prop in getters ? getters[prop]() : undefined; return !!v; },
    has(_t, prop) { return typeof prop === 'string' && prop in getters; },
    ownKeys() { return Object.keys(getters); },
    getOwnPropertyDescriptor(_t, prop) { return typeof prop === 'string' && prop in getters ? { enumerable: true, configurable: true, value: (getters as any)[prop]() } : undefined; },
  });
  // Attribute wrappers around custom components are syntax, not nodes.
  for (const name of ['__Common__', '__Recycle__']) {
    g[name] = new Proxy({ [rt.componentMarker]: true }, {
      get(t: any, prop) {
        if (prop in t) return t[prop];
        if (prop === 'create') return () => { rt.create(name, [], true); };
        if (prop === 'pop') return () => rt.pop();
        return () => g[name];
      },
    });
  }

  const controller = (name: string, methods: Record<string, (...a: any[]) => any> = {}) => {
    const C = class { constructor() { return new Proxy(this, { get: (t: any, p) => (p in t ? t[p] : typeof p === 'string' && p !== 'then' ? (methods[p] ?? (() => undefined)) : undefined) }); } };
    Object.defineProperty(C, 'name', { value: name });
    return C;
  };
  const select = (ctrl: any, type: string, to: (cur: number) => number) => {
    const n = rt.controlledBy(ctrl, type);
    if (n) rt.select(n, to(rt.selectedIndex(n)));
  };
  g.TabsController = controller('TabsController', {
    changeIndex(this: any, i: number) { select(this, 'Tabs', () => i); },
    preloadItems: () => Promise.resolve(),
  });
  g.SwiperController = controller('SwiperController', {
    showNext(this: any) { select(this, 'Swiper', (c) => c + 1); },
    showPrevious(this: any) { select(this, 'Swiper', (c) => c - 1); },
    changeIndex(this: any, i: number) { select(this, 'Swiper', () => i); },
  });
  for (const n of ['SearchController', 'TextInputController', 'TextAreaController', 'TextTimerController',
    'VideoController', 'RichEditorController', 'XComponentController', 'TextClockController', 'CalendarController', 'WebviewController',
    'DynamicSyncScene', 'PanGestureOptions', 'TextMenuItemId', 'ContentSlot', 'NodeController', 'BuilderNode', 'ComponentContent',
    'TextController', 'RichEditorStyledStringController', 'TextContentControllerBase']) {
    if (!(n in g)) g[n] = controller(n);
  }
  g.Scroller = controller('Scroller', { currentOffset: () => ({ xOffset: 0, yOffset: 0 }), isAtEnd: () => false, getItemRect: () => ({ x: 0, y: 0, width: 0, height: 0 }) });
  g.ListScroller = g.Scroller;
  g.CanvasRenderingContext2D = controller('CanvasRenderingContext2D', { measureText: (t: string) => ({ width: String(t).length * 8, height: 16 }) });
  g.RenderingContextSettings = controller('RenderingContextSettings');
  g.Path2D = controller('Path2D');
  g.LayoutManager = controller('LayoutManager');

  for (const n of enumNames) {
    if (n in g) continue;
    g[n] = new Proxy({}, { get: (_t, p) => (typeof p === 'string' ? p : undefined) });
  }
}
