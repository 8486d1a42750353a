/**
 * Sandbox-side overlays bound to components (evaluated in the app realm from source, see core.ts):
 *  - `bindSheet(isShow, builder, options)` and `bindContentCover(isShow, builder, options)`: shown while the flag
 *    is true (a `$$` / `!!` flag is set back to false when the user dismisses it with the back key); `onAppear`,
 *    `onDisappear` / `onWillDismiss`-style callbacks of the options run;
 *  - `bindPopup(show, {message, primaryButton, secondaryButton, onStateChange} | {builder, …})`: shown while show is true;
 *  - `bindMenu(items | builder, options)` (and the API 11 `bindMenu(isShow, …)`): opens when the component is
 *    clicked; items are `{value, icon?, enabled?, action}`; choosing one runs its action and closes the menu;
 *  - `bindContextMenu(builder, ResponseType.LongPress | RightClick, options)`: opens on a long press;
 *  - `Navigator({target, type})`: a click routes to target (push, replace or back).
 * The overlays are nodes of the screen's root (above the page), closed by the back key like dialogs.
 */
export function installOverlays(g: any): void {
  const rt = g.__rt;
  const bound = new Set<any>();
  const KINDS = new Set(['bindSheet', 'bindContentCover', 'bindPopup', 'bindMenu', 'bindContextMenu']);
  const setAttr = rt.setAttr;
  rt.setAttr = (n: any, name: string, args: any[]) => {
    setAttr(n, name, args);
    if (KINDS.has(name)) bound.add(n);
  };

  const flagOf = (v: any): boolean => (v && typeof v === 'object' ? !!v.value : !!v);
  /** A `$$` / `!!` flag told that the overlay went away. */
  const clearFlag = (v: any) => {
    if (v && typeof v === 'object') {
      if (typeof v.changeEvent === 'function') v.changeEvent(false);
      else if (typeof v.$value === 'function') v.$value(false);
    }
  };
  const builderOf = (b: any) => (typeof b === 'function' ? b : b && typeof b === 'object' && typeof b.builder === 'function' ? b.builder : undefined);
  const buildOverlay = (type: string, build: (into: any) => void) => {
    const d = rt.newDialog(type);
    const body = new rt.UINode(rt.newId(), 'Column', [], false);
    const prev = rt.stack; rt.stack = [body];
    try { rt.untracked(() => build(body)); } finally { rt.stack = prev; }
    d.setKids([body]);
    return d;
  };
  const text = (s: any) => { const n = new rt.UINode(rt.newId(), 'Text', [s], false); return n; };
  const button = (label: any, onClick: () => void) => {
    const n = new rt.UINode(rt.newId(), 'Button', [label], false);
    n.attrs = { onClick: [onClick] };
    return n;
  };

  /** Opens or closes the flag-driven overlays of the bound nodes (after every render). */
  const sync = () => {
    for (const n of Array.from(bound)) {
      if (n.disposed) { for (const o of Object.values(n.__overlays ?? {}) as any[]) rt.closeDialog(o); bound.delete(n); continue; }
      const open = (n.__overlays ??= {});
      for (const kind of ['bindSheet', 'bindContentCover', 'bindPopup'] as const) {
        const args = n.attrs[kind];
        const want = !!args && flagOf(args[0]);
        if (want && !open[kind]) open[kind] = show(n, kind, args);
        else if (!want && open[kind]) { const d = open[kind]; open[kind] = undefined; d.__programmatic = true; rt.closeDialog(d); }
      }
      // API 11: bindMenu(isShow, content, options)
      const menu = n.attrs.bindMenu;
      if (menu && typeof menu[0] === 'boolean') {
        if (menu[0] && !open.bindMenu) open.bindMenu = openMenu(n, menu[1], menu[2], () => clearFlag(menu[0]));
        else if (!menu[0] && open.bindMenu) { const d = open.bindMenu; open.bindMenu = undefined; rt.closeDialog(d); }
      }
    }
  };
  const show = (n: any, kind: string, args: any[]) => {
    const [flag, content, options] = args;
    let d: any;
    if (kind === 'bindPopup') {
      const o = content ?? {};
      const b = builderOf(o.builder ?? o);
      d = buildOverlay('Popup', (body) => {
        if (b) { b(); return; }
        if (o.message !== undefined) body.append(text(o.message));
        for (const key of ['primaryButton', 'secondaryButton']) {
          const btn = o[key];
          if (btn) body.append(button(btn.value, () => { btn.action?.(); }));
        }
      });
      o.onStateChange?.({ isVisible: true });
      d.onClose = () => { n.__overlays.bindPopup = undefined; o.onStateChange?.({ isVisible: false }); if (!d.__programmatic) clearFlag(flag); };
    } else {
      const b = builderOf(content);
      d = buildOverlay(kind === 'bindSheet' ? 'Sheet' : 'ContentCover', () => { b?.(); });
      if (kind === 'bindSheet' && options?.title) {
        const t = typeof options.title === 'object' && options.title.title !== undefined ? options.title.title : undefined;
        if (t !== undefined) d._kids[0].setKids([text(t), ...d._kids[0]._kids]);
      }
      const height = options?.height;
      if (kind === 'bindSheet' && (typeof height === 'number' || (typeof height === 'string' && /\d/.test(height)))) d.attrs.height = [height];
      d.onClose = () => {
        n.__overlays[kind] = undefined;
        if (!d.__programmatic) clearFlag(flag);
        options?.onWillDisappear?.();
        options?.onDisappear?.();
      };
      options?.onWillAppear?.();
      options?.onAppear?.();
    }
    rt.openDialog(d);
    return d;
  };
  /** A menu from items ({value, action}) or a builder; choosing an item closes it. */
  const openMenu = (n: any, content: any, options: any, onClose?: () => void) => {
    const b = builderOf(content);
    const d = buildOverlay('MenuPopup', (body) => {
      if (b) { b(); return; }
      for (const item of Array.isArray(content) ? content : []) {
        const mi = new rt.UINode(rt.newId(), 'MenuItem', [{ content: item?.value }], false);
        mi.attrs = { onClick: [() => { rt.closeDialog(d); if (item?.enabled !== false) item?.action?.(); }] };
        body.append(mi);
      }
    });
    d.onClose = () => { if (n.__overlays) n.__overlays.bindMenu = undefined; onClose?.(); options?.onDisappear?.(); };
    options?.onAppear?.();
    rt.openDialog(d);
    return d;
  };

  // After each flush (the build that set a flag has run), open or close what the flags say; what that builds flushes too.
  const flushRounds = rt.flushRounds;
  rt.flushRounds = () => {
    flushRounds();
    if (bound.size) { sync(); if (rt.needsFlush()) flushRounds(); }
  };

  // Menus open on a click (bindMenu) or a long press (bindContextMenu); a Navigator routes.
  const click = rt.clickNode;
  rt.clickNode = (node: any): boolean => {
    const handled = click(node);
    // A choice in a menu closes the menu, as on the platform.
    for (let up = node; up; up = up.parent) if (up.type === 'MenuPopup') { if (handled) rt.closeDialog(up); return handled; }
    for (let up = node; up; up = up.parent) {
      const menu = up.attrs.bindMenu;
      if (menu && typeof menu[0] !== 'boolean') { (up.__overlays ??= {}).bindMenu = openMenu(up, menu[0], menu[1]); return true; }
      if (up.type === 'Navigator') {
        const o = up.args[0] ?? {};
        const type = String(o.type ?? 'Push');
        const target = up.attrs.target?.[0] ?? o.target;
        if (up.attrs.active?.[0] === false) return handled;
        if (type === 'Back' || type === '0') rt.router.back(target ? { url: target } : undefined);
        else if (type === 'Replace' || type === '2') rt.router.replaceUrl({ url: target, params: up.attrs.params?.[0] });
        else rt.router.pushUrl({ url: target, params: up.attrs.params?.[0] });
        return true;
      }
      if (handled) break;
    }
    return handled;
  };
  const longPress = rt.longPressNode;
  rt.longPressNode = (node: any): boolean => {
    for (let up = node; up; up = up.parent) {
      const menu = up.attrs.bindContextMenu;
      if (menu) { (up.__overlays ??= {}).bindContextMenu = openMenu(up, menu[0], menu[2]); return true; }
    }
    return longPress(node);
  };
}
