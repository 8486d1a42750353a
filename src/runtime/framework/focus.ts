/**
 * Focus and pointer rules of the app realm (evaluated in the realm from source, see core.ts): which element has focus,
 * `focusControl.requestFocus(key)` / `UIContext.getFocusController()`, `.defaultFocus(true)`, onFocus / onBlur, and
 * `enabled(false)` — a disabled element (or one under a disabled ancestor) takes no clicks, long presses, focus or
 * mouse events, as ArkUI's event hub refuses them. Events are delivered on a later turn, as the platform posts them.
 */
export function installFocus(g: any): void {
  const rt = g.__rt;
  /** Components focusable by default (ArkUI's focus types); containers and others only with `.focusable(true)`. */
  const FOCUSABLE = new Set(['Button', 'TextInput', 'TextArea', 'Search', 'Toggle', 'Checkbox', 'CheckboxGroup', 'Radio', 'Slider', 'Select',
    'Rating', 'TextPicker', 'TimePicker', 'Web']);
  /** Components that never take focus, whatever `.focusable()` says (they have no focus pattern in ArkUI). */
  const NEVER = new Set(['Blank', 'DataPanel', 'Divider', 'Gauge', 'LoadingProgress', 'Progress', 'Marquee', 'Navigation', 'NavRouter',
    'QRCode', 'ScrollBar', 'TextClock', 'TextTimer', 'Badge', 'Navigator', 'Panel', 'Refresh', 'RelativeContainer', 'Circle', 'Ellipse',
    'Line', 'Polyline', 'Polygon', 'Path', 'Rect', 'Shape', 'WaterFlow', 'Span', 'ImageSpan']);
  const later = (fn: () => void) => g.setTimeout(fn, 0);

  rt.isEnabled = (node: any): boolean => {
    for (let up = node; up; up = up.parent) if (up.attrs?.enabled?.[0] === false) return false;
    return true;
  };
  const visible = (node: any): boolean => {
    for (let up = node; up; up = up.parent) { const v = up.attrs?.visibility?.[0]; if (v === g.Visibility?.None || v === g.Visibility?.Hidden) return false; }
    return true;
  };
  /** Containers are focus scopes (ArkUI's FocusType::SCOPE): focusable by default — requestFocus reaches them, onFocus
   *  fires — but the Tab order stops only at the elements inside them. */
  const SCOPES = new Set(['Column', 'Row', 'Stack', 'Flex', 'Grid', 'GridItem', 'List', 'ListItem', 'Scroll', 'Swiper', 'Tabs',
    'Menu', 'MenuItem', 'DatePicker', 'AlphabetIndexer', 'Stepper', 'StepperItem']);
  const focusable = (n: any): boolean => {
    if (NEVER.has(n.type) || !rt.isEnabled(n) || !visible(n)) return false;
    const own = n.attrs?.focusable?.[0];
    return typeof own === 'boolean' ? own : FOCUSABLE.has(n.type) || SCOPES.has(n.type);
  };
  const attached = (n: any): boolean => { let up = n; while (up.parent) up = up.parent; return up === rt.root && !n.gone; };
  const handler = (n: any, name: string) => { const h = n?.attrs?.[name]?.[0]; return typeof h === 'function' ? h : undefined; };
  rt.focused = undefined as any;
  /** Moves focus to `n`: onBlur on the element that had it, then onFocus on `n`, on the next turn. */
  rt.focusNode = (n: any): boolean => {
    if (!n || !focusable(n)) return false;
    const prev = rt.focused && attached(rt.focused) ? rt.focused : undefined;
    if (prev === n) return true;
    rt.focused = n;
    // stateStyles' `focused` styles follow focus: both elements build again.
    for (const x of [prev, n]) if (x?.stateAttrs && rt.elmts.has(x.elmtId)) rt.markDirty(x.elmtId);
    later(() => { handler(prev, 'onBlur')?.(); handler(n, 'onFocus')?.(); });
    return true;
  };
  const byKey = (key: string): any => rt.findByKey(key); // inspector.ts, installed before
  g.focusControl = { requestFocus: (key: any): boolean => rt.focusNode(byKey(String(key))) };
  // UIContext.getFocusController() (API 12): requestFocus throws 150001/150002/150003 where focusControl answers false.
  rt.focusController = {
    requestFocus(key: any): void {
      const n = byKey(String(key));
      if (!n) throw Object.assign(new Error('the component does not exist'), { code: 150003 });
      if (!rt.focusNode(n)) throw Object.assign(new Error('the component is not focusable'), { code: 150001 });
    },
    clearFocus(): void { const prev = rt.focused; rt.focused = undefined; if (prev) later(() => handler(prev, 'onBlur')?.()); },
    activate() {}, setAutoFocusTransfer() {}, setKeyProcessingMode() {},
  };
  /** Tab order: elements with a positive tabIndex in ascending order, then the rest in tree order; negative ones never. */
  const tabOrder = (): any[] => {
    const all: any[] = [];
    const walk = (n: any) => { if (focusable(n) && !(SCOPES.has(n.type) && n.attrs?.focusable?.[0] !== true)) all.push(n); for (const c of n.children) walk(c); };
    if (rt.root) walk(rt.root);
    const index = (n: any) => { const t = n.attrs.tabIndex?.[0]; return typeof t === 'number' ? t : 0; };
    const positive = all.filter((n) => index(n) > 0).sort((a, b) => index(a) - index(b));
    return [...positive, ...all.filter((n) => index(n) === 0)];
  };
  const TEXT_FIELDS = new Set(['TextInput', 'TextArea', 'Search']);
  /**
   * Keys on key down: Tab (KEYCODE_TAB 2049; with Shift held, `ev.shift`, backwards) and the arrow keys (DPAD 2012–2015:
   * up/left back, down/right on — along the tab order, not spatially) move focus; Enter (2054) and Space (2050) click
   * the focused element, as a keyboard activates it (not in a text field, where they type).
   */
  rt.focusKey = (ev: any): void => {
    if (!(ev?.type === 0 || ev?.type === g.KeyType?.Down)) return;
    const code = Number(ev.keyCode);
    const focused = rt.focused && attached(rt.focused) ? rt.focused : undefined;
    if ((code === 2054 || code === 2050) && focused && !TEXT_FIELDS.has(focused.type)) { rt.clickNode(focused); return; }
    const step = code === 2049 ? (ev.shift ? -1 : 1) : code === 2012 || code === 2014 ? -1 : code === 2013 || code === 2015 ? 1 : 0;
    if (!step) return;
    const order = tabOrder();
    if (!order.length) return;
    const at = focused ? order.indexOf(focused) : -1;
    rt.focusNode(order[at < 0 ? (step > 0 ? 0 : order.length - 1) : (at + step + order.length) % order.length]);
  };
  // `.defaultFocus(true)`: the element takes focus when it is first mounted and nothing on the page has it yet.
  rt.flushSteps.push((): boolean => {
    const pending = rt.defaultFocusCandidates;
    if (!pending?.length) return false;
    rt.defaultFocusCandidates = [];
    if (rt.focused && attached(rt.focused)) return false;
    for (const n of pending) if (!n.gone && n.attrs.defaultFocus?.[0] === true && rt.focusNode(n)) break;
    return false;
  });
  rt.defaultFocusCandidates = [];
  const appear = rt.lifecycleEvent;
  rt.lifecycleEvent = (n: any, name: string) => {
    if (name === 'onAppear' && n.attrs.defaultFocus?.[0] === true) { rt.defaultFocusCandidates.push(n); rt.schedule(); }
    appear(n, name);
  };
}
