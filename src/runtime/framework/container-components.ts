/**
 * Sandbox-side behaviour of the containers that keep a choice of their own (evaluated in the app realm from source,
 * see core.ts); layout/choice-containers.ts draws them and their controls (parts whose click selects an index here):
 *  - Stepper / StepperItem: the right button moves to the next item (`onNext(index, pendingIndex)`, then
 *    `onChange(prevIndex, index)`), on the last item it is `onFinish`, for an ItemState.Skip item `onSkip`; the left
 *    button moves back (`onPrevious`). `index` may be two-way bound ($$ / !!).
 *  - Panel: a click on the drag bar changes the mode (`onChange(width, height, mode)`, `onHeightChange(height)`;
 *    `.mode(v)` may be two-way bound).
 *  - NavRouter: a click on it shows its NavDestination in the Navigation around it (`onStateChange(true)`; the router
 *    active before gets `onStateChange(false)`); the back key deactivates it.
 * The user's choice is kept on the node (`selected`) while the app's own value stays what it was, as for Tabs.
 */
export function installContainerComponents(g: any): void {
  const rt = g.__rt;
  const PANEL_MODES = ['Mini', 'Half', 'Full'];
  const PANEL_TYPES = ['Minibar', 'Foldable', 'Temporary', 'CUSTOM'];
  const nameOf = (v: any, names: string[]): string | undefined => (typeof v === 'number' ? names[v] : typeof v === 'string' && names.includes(v) ? v : undefined);
  /** Same rule as layout/choice-containers.ts choiceOption(). */
  rt.choiceOption = (n: any): any => {
    if (n.type !== 'Stepper' && n.type !== 'Panel') return undefined;
    const v = n.type === 'Stepper' ? n.args[0]?.index : n.attrs.mode?.[0];
    return v && typeof v === 'object' && 'value' in v ? v.value : v;
  };
  const chosen = (n: any, fromOption: (v: any) => number): number => {
    const opt = rt.choiceOption(n);
    return n.selected && n.selected.option === opt ? n.selected.index : fromOption(opt);
  };
  const stepperIndex = (n: any): number => chosen(n, (v) => (typeof v === 'number' && Number.isFinite(v) ? Math.max(0, Math.floor(v)) : 0));
  const panelType = (n: any): string => nameOf(n.attrs.type?.[0], PANEL_TYPES) ?? 'Foldable';
  const panelMode = (n: any): number => chosen(n, (v) => PANEL_MODES.indexOf(nameOf(v, PANEL_MODES) ?? (panelType(n) === 'Minibar' ? 'Mini' : 'Half')));
  const call = (n: any, name: string, ...args: any[]) => { const h = n.attrs[name]?.[0]; if (typeof h === 'function') h(...args); };

  const selectStepper = (n: any, index: number) => {
    const count = n.children.filter((k: any) => k.type === 'StepperItem').length;
    const cur = Math.min(stepperIndex(n), Math.max(0, count - 1));
    if (index === cur) { call(n, 'onSkip'); return; }
    if (index >= count) { call(n, 'onFinish'); return; }
    if (index < 0) return;
    call(n, index > cur ? 'onNext' : 'onPrevious', cur, index);
    n.selected = { index, option: rt.choiceOption(n) };
    rt.writeBound?.(n.args[0], 'index', index);
    call(n, 'onChange', cur, index);
  };
  /** A mode's height in vp: miniHeight 48, halfHeight half the window, fullHeight the window less 8 (as layout). */
  const panelHeight = (n: any, mode: string): number => {
    const H = Number(rt.call('env')?.height) || 0;
    const attr = n.attrs[mode === 'Mini' ? 'miniHeight' : mode === 'Half' ? 'halfHeight' : 'fullHeight']?.[0];
    const m = /^\s*(-?\d*\.?\d+)\s*(vp|%)?\s*$/.exec(typeof attr === 'number' ? String(attr) : String(attr ?? ''));
    if (m) return m[2] === '%' ? (Number(m[1]) / 100) * H : Number(m[1]);
    return mode === 'Mini' ? 48 : mode === 'Half' ? H / 2 : H - 8;
  };
  const selectPanel = (n: any, index: number) => {
    const name = PANEL_MODES[index];
    if (!name || index === panelMode(n)) return;
    n.selected = { index, option: rt.choiceOption(n) };
    const value = g.PanelMode?.[name] ?? index;
    rt.writeBound?.(n.attrs.mode, 0, value);
    const height = panelHeight(n, name);
    const width = n.layout?.width ?? (Number(rt.call('env')?.width) || 0);
    call(n, 'onChange', width, height, value);
    call(n, 'onHeightChange', height);
  };
  rt.selectChoice = (n: any, index: number): boolean => {
    if (n.type === 'Stepper') { selectStepper(n, index); return true; }
    if (n.type === 'Panel') { selectPanel(n, index); return true; }
    return false;
  };

  // ---- NavRouter ----
  const navigationOf = (n: any): any => { let up = n._owner; while (up && up.type !== 'Navigation') up = up._owner; return up; };
  const deactivate = (nav: any) => {
    const r = nav.activeRouter;
    if (!r) return;
    nav.activeRouter = undefined;
    r.active = false;
    call(r, 'onStateChange', false);
  };
  rt.activateNavRouter = (r: any) => {
    const nav = navigationOf(r);
    if (!nav || nav.activeRouter === r) return;
    deactivate(nav);
    nav.activeRouter = r;
    r.active = true;
    call(r, 'onStateChange', true);
    nav.invalidate();
    rt.schedule();
  };
  const stackBack = rt.navigationBack;
  rt.navigationBack = (): boolean => {
    if (stackBack && stackBack()) return true;
    const top = rt.pages[rt.pages.length - 1];
    let found: any;
    const walk = (n: any) => { if (n.type === 'Navigation' && n.activeRouter && n.activeRouter.active) found = n; for (const k of n._kids) walk(k); };
    if (top) walk(top.root);
    if (!found) return false;
    deactivate(found);
    found.invalidate();
    rt.schedule();
    return true;
  };
}
