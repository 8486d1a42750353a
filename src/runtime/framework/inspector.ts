/**
 * Sandbox-side inspector API (evaluated in the app realm from source, see core.ts): the globals platform tests call —
 * `getInspectorByKey`, `getInspectorTree`, `sendEventByKey`, `sendTouchEvent`, `sendKeyEvent`, `sendMouseEvent` — and
 * `componentUtils.getRectangleById` (`@ohos.arkui.componentUtils`, `UIContext.getComponentUtils()`). The JSON comes
 * from the device (one layout of the screen now, src/runtime/inspector.ts); events are delivered on the device's
 * timers after the caller returns, as the platform posts them to the UI thread.
 */
export function installInspector(g: any): void {
  const rt = g.__rt;
  const call = rt.call;
  // The screen as it is at this moment: running animations sampled first.
  const sampled = () => { if (rt.sampleAnimations) rt.sampleAnimations(); };
  g.getInspectorByKey = (key: any): string => { sampled(); return String(call('inspector.byKey', { key: String(key) }) ?? ''); };
  g.getInspectorTree = (): any => { sampled(); return JSON.parse(call('inspector.tree')); };
  g.getInspectorNodes = g.getInspectorTree;

  /** BFS over the live tree, as the platform searches for a key (also `rt.findByKey` for focus and UIContext). */
  const findByKey = rt.findByKey = (key: string): any => {
    const q: any[] = [rt.root];
    for (let i = 0; i < q.length; i++) {
      const n = q[i];
      const id = n.attrs.id?.[0] ?? n.attrs.key?.[0];
      if (id !== undefined && String(id) === key) return n;
      for (const c of n.children) q.push(c);
    }
    return undefined;
  };
  const later = (fn: () => void) => g.setTimeout(fn, 0);
  /** sendEventByKey(id, 10 = click | 11 = long click, params): false when no component has the id. */
  g.sendEventByKey = (key: any, action: number, _params?: string): boolean => {
    const n = findByKey(String(key));
    if (!n) return false;
    if (action === 11) later(() => rt.longPressNode(n));
    else later(() => rt.clickNode(n));
    return true;
  };
  /** Touches at window coordinates in px. A down runs ArkUI's touch test there (`inspector.hitAll`: hitTestBehavior,
   *  zIndex, responseRegion) and the event bubbles through the onTouch handlers of every element it reached, deepest
   *  first, until one calls stopPropagation(); moves and the up go to the same elements; an up where the down's deepest
   *  element still is clicks it. False when the point reaches nothing (a down) or no touch is going on (a move/up). */
  let touched: any[] = [];
  g.sendTouchEvent = (ev: any): boolean => {
    if (!ev || typeof ev !== 'object') return false;
    const type = ev.type;
    const isDown = type === 0 || type === g.TouchType?.Down;
    const isUp = type === 1 || type === g.TouchType?.Up;
    const at = () => (call('inspector.hitAll', { x: Number(ev.x) || 0, y: Number(ev.y) || 0 }) as number[]).map((id) => rt.findById(rt.root, id)).filter(Boolean);
    const reached = isDown ? at() : touched;
    if (!reached.length) return false;
    if (isDown) touched = reached;
    const upOn = isUp ? at()[0] : undefined;
    later(() => {
      const density = call('env').density;
      const touch = { type, id: ev.id ?? 0, x: ev.x / density, y: ev.y / density, windowX: ev.x / density, windowY: ev.y / density,
        displayX: ev.x / density, displayY: ev.y / density, screenX: ev.x / density, screenY: ev.y / density };
      let stopped = false;
      const event = { type, touches: [touch], changedTouches: [touch], timestamp: Date.now(), source: 1, target: { area: {} },
        stopPropagation() { stopped = true; }, preventDefault() {}, getHistoricalPoints: () => [] };
      for (const n of reached) {
        const h = n.attrs?.onTouch?.[0];
        if (typeof h === 'function') h(event);
        if (stopped) break;
      }
      if (isUp) { if (upOn && upOn === reached[0]) rt.clickNode(upOn); touched = []; }
    });
    return true;
  };
  /** Keys go to the focused component's onKeyEvent (or its nearest ancestor's; the page's first handler when nothing
   *  has focus); Tab moves focus (focus.ts). True when the key was delivered to the page. */
  g.sendKeyEvent = (ev: any): boolean => {
    if (!ev || typeof ev !== 'object' || !rt.root) return false;
    let h: any;
    for (let up = rt.focused; up && !h; up = up.parent) if (typeof up.attrs?.onKeyEvent?.[0] === 'function') h = up.attrs.onKeyEvent[0];
    const q: any[] = [rt.root];
    for (let i = 0; i < q.length && !h; i++) {
      if (typeof q[i].attrs?.onKeyEvent?.[0] === 'function') h = q[i].attrs.onKeyEvent[0];
      for (const c of q[i].children) q.push(c);
    }
    later(() => { if (h) h({ ...ev, stopPropagation() {} }); rt.focusKey?.(ev); });
    return true;
  };
  /** MouseAction / MouseButton as numbers (the SDK's values) or as the realm's enum placeholders (their names). */
  const MOUSE_ACTIONS = ['Press', 'Release', 'Move', 'Hover'];
  const MOUSE_BUTTONS = ['Left', 'Right', 'Middle', 'Back', 'Forward', 'None'];
  const named = (v: any, names: string[]) => (typeof v === 'number' ? names[v] : typeof v === 'string' ? v : undefined);
  /** A mouse event at window px: onMouse of the node under it (or its nearest ancestor with one), onHover(true) for a
   *  hover, a click for a left-button release; nothing reaches a disabled element (the call still answers true). */
  g.sendMouseEvent = (ev: any): boolean => {
    if (!ev || typeof ev !== 'object') return false;
    const id = call('inspector.hit', { x: Number(ev.x) || 0, y: Number(ev.y) || 0 });
    const n = id == null ? undefined : rt.findById(rt.root, id);
    if (!n) return false;
    if (rt.isEnabled && !rt.isEnabled(n)) return true;
    const action = named(ev.action, MOUSE_ACTIONS);
    later(() => {
      for (let up = n; up; up = up.parent) {
        const h = up.attrs?.onMouse?.[0];
        if (typeof h === 'function') { h({ ...ev, stopPropagation() {} }); break; }
      }
      if (action === 'Hover') {
        for (let up = n; up; up = up.parent) {
          const h = up.attrs?.onHover?.[0];
          if (typeof h === 'function') { h(true, { stopPropagation() {} }); break; }
        }
      }
      if (action === 'Release' && named(ev.button, MOUSE_BUTTONS) === 'Left') rt.clickNode(n);
    });
    return true;
  };

  /** componentUtils.getRectangleById(id): ComponentInfo in px; throws 100001 when no component has the id. */
  const componentUtils = {
    getRectangleById(key: any) {
      sampled();
      const info = call('inspector.rect', { key: String(key) });
      if (!info) { const e: any = new Error(`Can't find component: ${String(key)}`); e.code = 100001; throw e; }
      return info;
    },
  };
  rt.componentUtils = componentUtils;
  rt.registerKit('@ohos.arkui.componentUtils', { default: componentUtils, componentUtils });
  const arkui = g.__hmosKit('@kit.ArkUI');
  if (!('componentUtils' in arkui)) arkui.componentUtils = componentUtils;
}
