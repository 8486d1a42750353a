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
    longClick() { return this.op('longClick'); }
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
    isFocused() { return this.op('is', 'focused'); }
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
    dragTo(target: Component) { return this.op('dragTo', target?.ref); }
    pinchOut(scale: number) { return this.op('pinch', Number(scale)); }
    pinchIn(scale: number) { return this.op('pinch', Number(scale)); }
  }
  const wrap = (ref: any) => (ref === null || ref === undefined ? null : new Component(ref));

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
    triggerKey(code: number) { return ui('key', [Number(code)]); }
    triggerCombineKeys(a: number, b: number, c?: number) { return ui('keys', [a, b, c].filter((x) => x !== undefined).map(Number)); }
    click(x: number, y: number) { return ui('click', [x, y]); }
    doubleClick(x: number, y: number) { return ui('doubleClick', [x, y]); }
    longClick(x: number, y: number) { return ui('longClick', [x, y]); }
    clickAt(p: any) { return ui('click', point(p)); }
    clickAtWithOptions(p: any) { return ui('click', point(p)); }
    doubleClickAt(p: any) { return ui('doubleClick', point(p)); }
    longClickAt(p: any) { return ui('longClick', point(p)); }
    longClickAtWithOptions(p: any) { return ui('longClick', point(p)); }
    swipe(x1: number, y1: number, x2: number, y2: number) { return ui('swipe', [x1, y1, x2, y2]); }
    swipeBetween(a: any, b: any) { return ui('swipe', [...point(a), ...point(b)]); }
    swipeBetweenWithOptions(a: any, b: any) { return ui('swipe', [...point(a), ...point(b)]); }
    drag(x1: number, y1: number, x2: number, y2: number) { return ui('swipe', [x1, y1, x2, y2]); }
    dragBetween(a: any, b: any) { return ui('swipe', [...point(a), ...point(b)]); }
    dragBetweenWithOptions(a: any, b: any) { return ui('swipe', [...point(a), ...point(b)]); }
    fling(a: any, b?: any) {
      if (typeof a === 'number') return ui('flingDirection', [a]);
      return ui('swipe', [...point(a), ...point(b)]);
    }
    mouseClick(p: any, button?: number) { return ui(button === 1 ? 'longClick' : 'click', point(p)); }
    mouseDoubleClick(p: any) { return ui('doubleClick', point(p)); }
    mouseLongClick(p: any) { return ui('longClick', point(p)); }
    mouseMoveTo() { return Promise.resolve(); }
    mouseMoveWithTrack() { return Promise.resolve(); }
    mouseScroll(p: any, down: boolean, d: number) { const [x, y] = point(p); const dy = (down ? -1 : 1) * Math.max(1, Number(d) || 1) * 120; return ui('swipe', [x, y, x, y + dy]); }
    mouseDrag(a: any, b: any) { return ui('swipe', [...point(a), ...point(b)]); }
    mouseDragWithOptions(a: any, b: any) { return ui('swipe', [...point(a), ...point(b)]); }
    inputText(p: any, text: string, mode?: any) { return ui('inputAt', [...point(p), String(text), !!mode?.addition]); }
    injectMultiPointerAction(m: PointerMatrix) {
      const f = m?.points?.[0] ?? [];
      const first = f[0]; const last = f[f.length - 1];
      if (!first) return Promise.resolve(false);
      return ui(first.x === last.x && first.y === last.y ? 'click' : 'swipe', first.x === last.x && first.y === last.y ? [first.x, first.y] : [first.x, first.y, last.x, last.y]).then(() => true);
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
