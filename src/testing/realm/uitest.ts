/**
 * UiTest (`@ohos.UiTest`, `@kit.TestKit`) inside the app realm: `Driver`, `ON`/`On` (and API 8's `UiDriver`/`BY`),
 * `Component`, `UiWindow`, `PointerMatrix` and their enums, plus the golden helper `@hmos/golden` (matchesGolden).
 * `On` is a plain description (matchers, relative positions) sent to the host as JSON; every Driver / Component
 * call is an async host op (`test.ui`) answered later through `rt.hmosTestSettle` — the host lays out what the device
 * shows and acts on it (src/testing/ui-driver.ts). Coordinates are physical pixels, as on a device.
 * `delayMs` is a timer on the device clock. Evaluated from source in the realm (see framework/core.ts).
 */
export function installUiTest(g: any): void {
  const rt = g.__rt;
  const call = rt.call;
  const pending = new Map<number, { resolve: (v: any) => void; reject: (e: any) => void }>();
  let nextCall = 1;
  const bizError = (e: any) => Object.assign(new Error(String(e?.message ?? e)), { code: e?.code ?? 17000001 });
  rt.hmosTestSettle = (id: number, result: any) => {
    const p = pending.get(id);
    if (!p) return;
    pending.delete(id);
    if (result && result.error) p.reject(bizError(result.error)); else p.resolve(result ? result.value : undefined);
  };
  /** One host UI operation; resolves with its JSON answer. */
  const ui = (fn: string, args: any[] = []): Promise<any> => new Promise((resolve, reject) => {
    const id = nextCall++;
    pending.set(id, { resolve, reject });
    call('test.ui', { id, fn, args });
  });
  rt.uiCall = ui;

  // ---- gestures: the host finds what is under the finger (`hit`, `component.target`: its element id and centre in
  // vp); the gesture's events are delivered here, to the element's handlers or its nearest ancestor's, as the
  // platform's gesture recognisers do; the device clock runs meanwhile (a long press holds the finger down). ----
  /** How long UiTest holds a long click (the platform's default is above LongPressGesture's 500 ms). */
  const LONG_PRESS_MS = 1500;
  const nodeOf = (t: any) => (t && t.id !== null && t.id !== undefined && rt.root ? rt.findById(rt.root, t.id) : undefined);
  /** The first handler `pick` finds on `n` or up its ancestors. */
  const upFind = (n: any, pick: (x: any) => any) => { for (let x = n; x; x = x.parent) { const v = pick(x); if (typeof v === 'function') return v; } return undefined; };
  const hold = (ms: number) => new Promise<void>((r) => g.setTimeout(r, ms));
  const gestureEvent = (t: any, extra: any = {}) => ({
    repeat: false, offsetX: 0, offsetY: 0, angle: 0, scale: 1, pinchCenterX: t?.x ?? 0, pinchCenterY: t?.y ?? 0, speed: 0, velocityX: 0, velocityY: 0, velocity: 0,
    fingerList: [{ id: 0, globalX: t?.x ?? 0, globalY: t?.y ?? 0, localX: 0, localY: 0 }], timestamp: Date.now(), source: 1, pressure: 0, tiltX: 0, tiltY: 0, sourceTool: 1,
    target: { area: { width: t?.width ?? 0, height: t?.height ?? 0, position: { x: 0, y: 0 }, globalPosition: { x: t?.x ?? 0, y: t?.y ?? 0 } } }, ...extra,
  });
  const gestureOf = (n: any, kind: string, event: string) => upFind(n, (x) => rt.gestureHandler?.(x, kind, event));
  /** The gesture of `kind` (with its options) on `n` or its nearest ancestor that has one. */
  const upGesture = (n: any, kind: string) => { for (let x = n; x; x = x.parent) { const gs = rt.gestureOf?.(x, kind); if (gs) return gs; } return undefined; };
  const enabled = (n: any) => !rt.isEnabled || rt.isEnabled(n);
  /** Long press on the element at `t`: LongPressGesture (or a long-press context menu) after the finger stayed down. */
  const longPressAt = async (t: any) => {
    const n = nodeOf(t);
    if (!n || !enabled(n)) return;
    await hold(LONG_PRESS_MS);
    if (!rt.root || !nodeOf(t)) return;
    rt.longPressNode(n);
    gestureOf(n, 'LongPressGesture', 'onActionEnd')?.(gestureEvent(t));
    await ui('idle');
  };
  /**
   * A finger from `a` to `b` (vp): drag and drop between elements that take it (onDragStart … onDrop), else the
   * PanGesture (or SwipeGesture) under the finger; false when nothing takes it (the host scrolls then).
   */
  const moveBetween = async (a: any, b: any, kind: 'swipe' | 'drag', speed?: number, steps = 5) => {
    const n = nodeOf(a);
    if (!n || !enabled(n)) return false;
    const dx = (b?.x ?? 0) - (a?.x ?? 0); const dy = (b?.y ?? 0) - (a?.y ?? 0);
    const dragStart = kind === 'drag' ? upFind(n, (x) => x.attrs?.onDragStart?.[0]) : undefined;
    if (dragStart) {
      await hold(LONG_PRESS_MS);
      let result = 0; let data: any;
      const dragEvent = (at: any) => ({ getX: () => at?.x ?? 0, getY: () => at?.y ?? 0, getDisplayX: () => at?.x ?? 0, getDisplayY: () => at?.y ?? 0,
        getWindowX: () => at?.x ?? 0, getWindowY: () => at?.y ?? 0, getData: () => data, setData: (d: any) => { data = d; }, getSummary: () => ({ summary: {}, totalSize: 0 }),
        setResult: (r: number) => { result = r; }, getResult: () => result, getPreviewRect: () => ({ x: 0, y: 0, width: 0, height: 0 }), getVelocityX: () => 0, getVelocityY: () => 0,
        getVelocity: () => 0, getModifierKeyState: () => false, useCustomDropAnimation: false, dragBehavior: 0 });
      dragStart(dragEvent(a), '');
      const target = nodeOf(b);
      if (target) {
        upFind(target, (x) => x.attrs?.onDragEnter?.[0])?.(dragEvent(b), '');
        upFind(target, (x) => x.attrs?.onDragMove?.[0])?.(dragEvent(b), '');
        const drop = upFind(target, (x) => x.attrs?.onDrop?.[0]);
        if (drop) { result = 0; drop(dragEvent(b), ''); }
      }
      upFind(n, (x) => x.attrs?.onDragEnd?.[0])?.(dragEvent(b), '');
      await ui('idle');
      return true;
    }
    // The element's own frame: a rotated element (`.rotate({angle})`) sees the finger's path rotated back.
    const turn = rotationOf(n);
    const local = rotate(dx, dy, -turn);
    const pan = upGesture(n, 'PanGesture');
    const panStart = pan && panAccepts(pan, local) ? pan.handlers.onActionStart : undefined;
    const panUpdate = pan && panAccepts(pan, local) ? pan.handlers.onActionUpdate : undefined;
    const panEnd = pan && panAccepts(pan, local) ? pan.handlers.onActionEnd : undefined;
    if (panStart || panUpdate || panEnd) {
      panStart?.(gestureEvent(a));
      for (let i = 1; i <= steps; i++) {
        await hold(16);
        panUpdate?.(gestureEvent(a, { offsetX: (dx * i) / steps, offsetY: (dy * i) / steps }));
      }
      panEnd?.(gestureEvent(a, { offsetX: dx, offsetY: dy, velocityX: dx * 10, velocityY: dy * 10, velocity: Math.hypot(dx, dy) * 10 }));
      await ui('idle');
      return true;
    }
    const sw = kind === 'swipe' ? upGesture(n, 'SwipeGesture') : undefined;
    if (sw) {
      // UiTest moves the finger at `speed` px/s (600 by default); a SwipeGesture needs its own minimum (100 vp/s).
      const vpPerS = (Number(speed) || 600) / (a?.density || 1);
      const o = sw.args?.[0] ?? {};
      const dir = o.direction;
      const SD = g.SwipeDirection ?? {};
      const horizontal = Math.abs(local.x) >= Math.abs(local.y);
      const ok = dir === SD.None ? false : dir === SD.Horizontal ? horizontal : dir === SD.Vertical ? !horizontal : true;
      if (ok && vpPerS >= (Number(o.speed) || 100) && typeof sw.handlers.onAction === 'function') {
        sw.handlers.onAction(gestureEvent(a, { angle: (Math.atan2(local.y, local.x) * 180) / Math.PI, speed: vpPerS }));
        await ui('idle');
        return true;
      }
    }
    return false;
  };
  /** The sum of the `.rotate({angle})` of an element and its ancestors, in degrees (z axis). */
  const rotationOf = (n: any) => {
    let deg = 0;
    for (let x = n; x; x = x.parent) { const r = x.attrs?.rotate?.[0]; const ang = Number(r?.angle); if (Number.isFinite(ang) && !(r?.x || r?.y)) deg += ang; }
    return deg;
  };
  const rotate = (x: number, y: number, deg: number) => { const r = (deg * Math.PI) / 180; return { x: x * Math.cos(r) - y * Math.sin(r), y: x * Math.sin(r) + y * Math.cos(r) }; };
  /** Whether a PanGesture takes a move of `d` (vp, its frame): its direction (PanDirection) and its distance (5 vp). */
  const panAccepts = (pan: any, d: { x: number; y: number }) => {
    const o = pan.args?.[0] ?? {};
    if (Math.hypot(d.x, d.y) < (Number(o.distance) >= 0 ? Number(o.distance) : 5)) return false;
    const P = g.PanDirection ?? {};
    const dir = o.direction;
    if (dir === undefined || dir === P.All) return true;
    const horizontal = Math.abs(d.x) >= Math.abs(d.y);
    switch (dir) {
      case P.None: return false;
      case P.Horizontal: return horizontal;
      case P.Vertical: return !horizontal;
      case P.Left: return horizontal && d.x < 0;
      case P.Right: return horizontal && d.x > 0;
      case P.Up: return !horizontal && d.y < 0;
      case P.Down: return !horizontal && d.y > 0;
      default: return true;
    }
  };
  /** Two fingers spreading (scale > 1) or closing (scale < 1) on the element at `t`: its PinchGesture. */
  const pinchAt = async (t: any, scale: number, steps = 5) => {
    const n = nodeOf(t);
    if (!n || !enabled(n)) return;
    const start = gestureOf(n, 'PinchGesture', 'onActionStart');
    const update = gestureOf(n, 'PinchGesture', 'onActionUpdate');
    const end = gestureOf(n, 'PinchGesture', 'onActionEnd');
    start?.(gestureEvent(t, { scale: 1 }));
    for (let i = 1; i <= steps; i++) {
      await hold(16);
      update?.(gestureEvent(t, { scale: 1 + ((scale - 1) * i) / steps }));
    }
    end?.(gestureEvent(t, { scale }));
    await ui('idle');
  };
  /** The character a key types into a text field: letters (KEYCODE_A 2017 …), digits (KEYCODE_0 2000 …), space. */
  const keyChar = (code: number, shift: boolean) => (code >= 2017 && code <= 2042 ? String.fromCharCode((shift ? 65 : 97) + code - 2017)
    : code >= 2000 && code <= 2009 ? String(code - 2000) : code === 2050 ? ' ' : undefined);
  const SHIFT = [2047, 2048]; const CTRL = [2072, 2073]; const ALT = [2045, 2046];
  /**
   * Keys pressed together (triggerKey, triggerCombineKeys): Back and Home are the system's; the others go down in order
   * and up in reverse to the focused element's onKeyEvent (sendKeyEvent: Tab and arrows move focus, Enter/Space click),
   * and a character key types into a focused text field (Delete erases its last character).
   */
  const pressKeys = async (codes: number[]) => {
    if (codes.includes(2) || codes.includes(1)) return ui('keys', codes);
    const shift = codes.some((c) => SHIFT.includes(c)); const ctrl = codes.some((c) => CTRL.includes(c)); const alt = codes.some((c) => ALT.includes(c));
    const keyEvent = (type: any, code: number) => ({ type, keyCode: code, keyText: keyChar(code, shift) ?? '', keySource: 4, deviceId: 0, metaKey: 0, timestamp: Date.now(),
      intentionCode: -1, shift, ctrl, alt, unicode: keyChar(code, shift)?.charCodeAt(0) ?? 0,
      getModifierKeyState: (keys: string[]) => (keys ?? []).every((k) => (k === 'Shift' ? shift : k === 'Ctrl' ? ctrl : k === 'Alt' ? alt : false)) });
    for (const code of codes) g.sendKeyEvent(keyEvent(g.KeyType?.Down ?? 0, code));
    for (const code of [...codes].reverse()) g.sendKeyEvent(keyEvent(g.KeyType?.Up ?? 1, code));
    await hold(0);
    const field = rt.focused;
    const last = codes[codes.length - 1]!;
    const ch = keyChar(last, shift);
    if (field && !ctrl && !alt && (field.type === 'TextInput' || field.type === 'TextArea' || field.type === 'Search') && (ch !== undefined || last === 2055)) {
      await ui('typeKey', [field.elmtId, ch ?? null]);
    }
    await ui('idle');
  };
  /** The element under the mouse, for onHover(false) when it moves off. */
  let hovered: any;
  const BUTTONS = ['Left', 'Right', 'Middle', 'Back', 'Forward'];
  const mouseAt = async (t: any, action: 'Press' | 'Release' | 'Hover', button = 0) => {
    const n = nodeOf(t);
    if (hovered && hovered !== n) { const h = upFind(hovered, (x) => x.attrs?.onHover?.[0]); hovered = undefined; h?.(false, { stopPropagation() {} }); }
    if (!n) return;
    if (action === 'Hover' && hovered === n) return;
    if (action === 'Hover') hovered = n;
    g.sendMouseEvent({ action, button: BUTTONS[button] ?? 'Left', x: t.px, y: t.py, windowX: t.px, windowY: t.py, displayX: t.px, displayY: t.py, screenX: t.px, screenY: t.py });
    await hold(0);
    await ui('idle');
  };

  const MatchPattern = { EQUALS: 0, CONTAINS: 1, STARTS_WITH: 2, ENDS_WITH: 3, REG_EXP: 4, REG_EXP_ICASE: 5 };
  const ResizeDirection = { LEFT: 0, RIGHT: 1, UP: 2, DOWN: 3, LEFT_UP: 4, LEFT_DOWN: 5, RIGHT_UP: 6, RIGHT_DOWN: 7 };
  const WindowMode = { FULLSCREEN: 0, PRIMARY: 1, SECONDARY: 2, FLOATING: 3 };
  const DisplayRotation = { ROTATION_0: 0, ROTATION_90: 1, ROTATION_180: 2, ROTATION_270: 3 };
  const UiDirection = { LEFT: 0, RIGHT: 1, UP: 2, DOWN: 3 };
  const MouseButton = { MOUSE_BUTTON_LEFT: 0, MOUSE_BUTTON_RIGHT: 1, MOUSE_BUTTON_MIDDLE: 2 };
  const WindowChangeType = { WINDOW_UNDEFINED: 0, WINDOW_ADDED: 1, WINDOW_REMOVED: 2, WINDOW_BOUNDS_CHANGED: 3 };
  const ComponentEventType = { COMPONENT_UNDEFINED: 0, COMPONENT_CLICKED: 1, COMPONENT_LONG_CLICKED: 2, COMPONENT_SCROLL_START: 3, COMPONENT_SCROLL_END: 4, COMPONENT_TEXT_CHANGED: 5, COMPONENT_HOVER_ENTER: 6, COMPONENT_HOVER_EXIT: 7 };

  /** A component description: attribute matchers plus relative constraints (each itself an On). */
  class On {
    readonly m: any[];
    constructor(m: any[] = []) { this.m = m; }
    private add(x: any): On { return new On([...this.m, x]); }
    text(v: string, p = 0) { return this.add({ k: 'text', v: String(v), p }); }
    id(v: string | number, p = 0) { return this.add({ k: 'id', v: String(v), p }); }
    key(v: string) { return this.add({ k: 'id', v: String(v), p: 0 }); }
    type(v: string, p = 0) { return this.add({ k: 'type', v: String(v), p }); }
    description(v: string, p = 0) { return this.add({ k: 'description', v: String(v), p }); }
    hint(v: string, p = 0) { return this.add({ k: 'hint', v: String(v), p }); }
    originalText(v: string, p = 0) { return this.add({ k: 'text', v: String(v), p }); }
    clickable(b = true) { return this.add({ k: 'clickable', v: b !== false }); }
    longClickable(b = true) { return this.add({ k: 'longClickable', v: b !== false }); }
    scrollable(b = true) { return this.add({ k: 'scrollable', v: b !== false }); }
    enabled(b = true) { return this.add({ k: 'enabled', v: b !== false }); }
    focused(b = true) { return this.add({ k: 'focused', v: b !== false }); }
    selected(b = true) { return this.add({ k: 'selected', v: b !== false }); }
    checked(b = true) { return this.add({ k: 'checked', v: b !== false }); }
    checkable(b = true) { return this.add({ k: 'checkable', v: b !== false }); }
    isBefore(on: On) { return this.add({ k: 'before', on: describeOn(on) }); }
    isAfter(on: On) { return this.add({ k: 'after', on: describeOn(on) }); }
    within(on: On) { return this.add({ k: 'within', on: describeOn(on) }); }
    beforeComponent(c: Component) { return this.add({ k: 'beforeRef', ref: c?.ref }); }
    afterComponent(c: Component) { return this.add({ k: 'afterRef', ref: c?.ref }); }
    withinComponent(c: Component) { return this.add({ k: 'withinRef', ref: c?.ref }); }
    inWindow(bundleName: string) { return this.add({ k: 'inWindow', v: String(bundleName) }); }
    belongingDisplay(id: number) { return this.add({ k: 'display', v: Number(id) }); }
  }
  const describeOn = (on: any) => {
    if (!(on instanceof On)) throw Object.assign(new Error('Parameter error: an On is required'), { code: 401 });
    return on.m;
  };

  class Component {
    readonly ref: any;
    constructor(ref: any) { this.ref = ref; }
    private op(fn: string, ...args: any[]) { return ui(`component.${fn}`, [this.ref, ...args]); }
    click() { return this.op('click'); }
    doubleClick() { return this.op('doubleClick'); }
    longClick() { return this.op('target').then(longPressAt); }
    getId() { return this.op('getId'); }
    getKey() { return this.op('getId'); }
    getText() { return this.op('getText'); }
    getOriginalText() { return this.op('getText'); }
    getType() { return this.op('getType'); }
    getDescription() { return this.op('getDescription'); }
    getHint() { return this.op('getHint'); }
    getDisplayId() { return Promise.resolve(0); }
    isClickable() { return this.op('is', 'clickable'); }
    isLongClickable() { return this.op('is', 'longClickable'); }
    isScrollable() { return this.op('is', 'scrollable'); }
    isEnabled() { return this.op('is', 'enabled'); }
    isSelected() { return this.op('is', 'selected'); }
    isChecked() { return this.op('is', 'checked'); }
    isCheckable() { return this.op('is', 'checkable'); }
    getBounds() { return this.op('getBounds'); }
    getBoundsCenter() { return this.op('getBoundsCenter'); }
    inputText(text: string, mode?: any) { return this.op('inputText', String(text), !!mode?.addition); }
    clearText() { return this.op('inputText', '', false); }
    scrollToTop(speed?: number) { return this.op('scrollTo', 'top', speed); }
    scrollToBottom(speed?: number) { return this.op('scrollTo', 'bottom', speed); }
    scrollSearch(on: On, vertical?: boolean, offset?: number) { return this.op('scrollSearch', describeOn(on), vertical !== false, offset ?? 80).then(wrap); }
    async dragTo(target: Component) {
      const [a, b] = [await this.op('target'), await ui('component.target', [target?.ref])];
      if (!(await moveBetween(a, b, 'drag'))) await this.op('dragTo', target?.ref);
    }
    /** pinchOut(scale ≥ 1) spreads two fingers, pinchIn(scale ≤ 1) closes them (out-of-range scales are refused, 401). */
    pinchOut(scale: number) { return pinchScale(this, Number(scale), true); }
    pinchIn(scale: number) { return pinchScale(this, Number(scale), false); }
    isFocused() { return this.op('target').then((t: any) => Boolean(t && rt.focused && rt.focused.elmtId === t.id)); }
  }
  const wrap = (ref: any) => (ref === null || ref === undefined ? null : new Component(ref));
  const pinchScale = async (c: Component, scale: number, out: boolean) => {
    if (!Number.isFinite(scale) || (out ? scale < 1 : scale > 1 || scale <= 0)) throw Object.assign(new Error(`Parameter error: ${out ? 'pinchOut takes a scale ≥ 1' : 'pinchIn takes a scale between 0 and 1'}`), { code: 401 });
    await pinchAt(await ui('component.target', [c.ref]), scale);
  };

  class UiWindow {
    readonly w: any;
    constructor(w: any) { this.w = w; }
    getBundleName() { return Promise.resolve(this.w.bundleName); }
    getTitle() { return Promise.resolve(this.w.title); }
    getBounds() { return ui('window.bounds'); }
    getWindowMode() { return Promise.resolve(WindowMode.FULLSCREEN); }
    isFocused() { return Promise.resolve(true); }
    isActived() { return Promise.resolve(true); }
    isActive() { return Promise.resolve(true); }
    getDisplayId() { return Promise.resolve(0); }
    focus() { return Promise.resolve(true); }
    moveTo() { return Promise.resolve(true); }
    resize() { return Promise.resolve(true); }
    split() { return Promise.resolve(true); }
    maximize() { return Promise.resolve(true); }
    minimize() { return ui('pressHome'); }
    resume() { return Promise.resolve(true); }
    close() { return ui('pressHome'); }
  }

  class PointerMatrix {
    readonly fingers: number; readonly steps: number; readonly points: any[][];
    constructor(fingers: number, steps: number) { this.fingers = fingers; this.steps = steps; this.points = Array.from({ length: fingers }, () => []); }
    static create(fingers: number, steps: number) { return new PointerMatrix(fingers, steps); }
    setPoint(finger: number, step: number, point: any) { if (this.points[finger]) this.points[finger][step] = { x: Number(point?.x), y: Number(point?.y) }; }
  }

  const point = (p: any) => [Number(p?.x), Number(p?.y)];
  /** A finger from px `a` to px `b`: to the gesture under it, else the host scrolls what is there. */
  const move = async (a: number[], b: number[], kind: 'swipe' | 'drag', speed?: number) => {
    const [from, to] = [await ui('hit', a), await ui('hit', b)];
    const dest = to ?? { id: null, x: (from?.x ?? 0) + (b[0]! - a[0]!) / (from?.density ?? 1), y: (from?.y ?? 0) + (b[1]! - a[1]!) / (from?.density ?? 1) };
    if (!(await moveBetween(from, dest, kind, speed))) await ui('swipe', [...a, ...b]);
  };
  class Driver {
    static create() { return new Driver(); }
    delayMs(ms: number) { return new Promise<void>((r) => g.setTimeout(r, Math.max(0, Number(ms) || 0))); }
    findComponent(on: On) { return ui('find', [describeOn(on)]).then(wrap); }
    findComponents(on: On) { return ui('findAll', [describeOn(on)]).then((refs: any[]) => (refs.length ? refs.map(wrap) : null)); }
    waitForComponent(on: On, time: number) { return ui('wait', [describeOn(on), Math.max(0, Number(time) || 0)]).then(wrap); }
    assertComponentExist(on: On) { return ui('assertExist', [describeOn(on)]); }
    findWindow(filter: any) { return ui('findWindow', [filter ?? {}]).then((w: any) => (w ? new UiWindow(w) : null)); }
    pressBack() { return ui('pressBack'); }
    pressHome() { return ui('pressHome'); }
    triggerKey(code: number) { return pressKeys([Number(code)]); }
    triggerCombineKeys(a: number, b: number, c?: number) { return pressKeys([a, b, c].filter((x) => x !== undefined).map(Number)); }
    click(x: number, y: number) { return ui('click', [x, y]); }
    doubleClick(x: number, y: number) { return ui('doubleClick', [x, y]); }
    longClick(x: number, y: number) { return ui('hit', [x, y]).then(longPressAt); }
    clickAt(p: any) { return ui('click', point(p)); }
    clickAtWithOptions(p: any) { return ui('click', point(p)); }
    doubleClickAt(p: any) { return ui('doubleClick', point(p)); }
    longClickAt(p: any) { return ui('hit', point(p)).then(longPressAt); }
    longClickAtWithOptions(p: any) { return ui('hit', point(p)).then(longPressAt); }
    swipe(x1: number, y1: number, x2: number, y2: number, speed?: number) { return move([x1, y1], [x2, y2], 'swipe', speed); }
    swipeBetween(a: any, b: any, speed?: number) { return move(point(a), point(b), 'swipe', speed); }
    swipeBetweenWithOptions(a: any, b: any, o?: any) { return move(point(a), point(b), 'swipe', o?.speed); }
    drag(x1: number, y1: number, x2: number, y2: number) { return move([x1, y1], [x2, y2], 'drag'); }
    dragBetween(a: any, b: any) { return move(point(a), point(b), 'drag'); }
    dragBetweenWithOptions(a: any, b: any) { return move(point(a), point(b), 'drag'); }
    /** fling(from, to, stepLen, speed) or fling(UiDirection, speed): a fast swipe. */
    fling(a: any, b?: any, _stepLen?: number, speed?: number) {
      if (typeof a === 'number') return ui('flingDirection', [a]);
      return move(point(a), point(b), 'swipe', speed);
    }
    /** A press and a release of `button` (MouseButton: 0 left, 1 right, 2 middle): onMouse, and a click for the left one. */
    async mouseClick(p: any, button?: number) { const t = await ui('hit', point(p)); await mouseAt(t, 'Press', Number(button) || 0); await mouseAt(t, 'Release', Number(button) || 0); }
    async mouseDoubleClick(p: any, button?: number) { await this.mouseClick(p, button); await this.mouseClick(p, button); }
    mouseLongClick(p: any) { return ui('hit', point(p)).then(longPressAt); }
    /** The pointer moves onto what is at `p`: onHover(true) there (onHover(false) where it was), onMouse. */
    mouseMoveTo(p: any) { return ui('hit', point(p)).then((t: any) => mouseAt(t, 'Hover')); }
    mouseMoveWithTrack(_from: any, to: any) { return this.mouseMoveTo(to); }
    mouseScroll(p: any, down: boolean, d: number) { const [x, y] = point(p); const dy = (down ? -1 : 1) * Math.max(1, Number(d) || 1) * 120; return ui('swipe', [x, y, x, y + dy]); }
    mouseDrag(a: any, b: any) { return move(point(a), point(b), 'drag'); }
    mouseDragWithOptions(a: any, b: any) { return move(point(a), point(b), 'drag'); }
    inputText(p: any, text: string, mode?: any) { return ui('inputAt', [...point(p), String(text), !!mode?.addition]); }
    /** Fingers along their tracks: one finger taps or moves; two or more pinch by how far apart the first two end. */
    async injectMultiPointerAction(m: PointerMatrix) {
      const tracks = (m?.points ?? []).map((f: any[]) => f.filter(Boolean)).filter((f: any[]) => f.length);
      if (!tracks.length) return false;
      const [f0, f1] = tracks;
      const first = f0[0]; const last = f0[f0.length - 1];
      if (f1) {
        const apart = (p: any, q: any) => Math.hypot(p.x - q.x, p.y - q.y) || 1;
        const mid = await ui('hit', [Math.round((first.x + f1[0].x) / 2), Math.round((first.y + f1[0].y) / 2)]);
        await pinchAt(mid, apart(last, f1[f1.length - 1]) / apart(first, f1[0]));
        return true;
      }
      if (first.x === last.x && first.y === last.y) await ui('click', [first.x, first.y]);
      else await move([first.x, first.y], [last.x, last.y], 'swipe');
      return true;
    }
    screenCap(path: string) { return ui('screenCap', [String(path)]); }
    screenCapture(path: string) { return ui('screenCap', [String(path)]); }
    dumpLayout(path: string) { return ui('dumpLayout', [String(path)]); }
    getDisplaySize() { return ui('displaySize'); }
    getDisplayDensity() { return ui('displayDensity'); }
    getDisplayRotation() { return Promise.resolve(DisplayRotation.ROTATION_0); }
    setDisplayRotation() { return Promise.resolve(); }
    setDisplayRotationEnabled() { return Promise.resolve(); }
    wakeUpDisplay() { return Promise.resolve(); }
    waitForIdle() { return ui('idle').then(() => true); }
    createUIEventObserver() {
      const once = (type: string, ...rest: any[]) => { const cb = rest[rest.length - 1]; ui('observe', [type]).then((info: any) => { if (typeof cb === 'function') cb(info); }); };
      return { once, onceToastShow: (cb: any) => once('toastShow', cb), onceDialogShow: (cb: any) => once('dialogShow', cb) };
    }
  }
  class UiDriver extends Driver { static create() { return new UiDriver(); } }

  const ON = new On();
  const uitest: any = {
    Driver, UiDriver, On, ON, BY: ON, By: On, Component, UiComponent: Component, UiWindow, PointerMatrix, MatchPattern, ResizeDirection,
    WindowMode, DisplayRotation, UiDirection, MouseButton, WindowChangeType, ComponentEventType,
  };
  rt.registerKit('@ohos.UiTest', { ...uitest, default: uitest });
  rt.registerKit('@ohos.uitest', { ...uitest, default: uitest });
  const testKit = { ...uitest, abilityDelegatorRegistry: rt.testRegistry, TestRunner: class TestRunner { onPrepare() {} onRun() {} } };
  rt.registerKit('@kit.TestKit', { ...testKit, default: testKit });

  /** `@hmos/golden`: compares what the device shows with the module's golden files (see src/testing/goldens.ts). */
  const golden = { matchesGolden: (name: string) => ui('golden', [String(name)]) };
  rt.registerKit('@hmos/golden', { ...golden, default: golden });
}
