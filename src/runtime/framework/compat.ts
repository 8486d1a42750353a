/**
 * Sandbox-side globals and kit members that real apps reach for on their first page (found by
 * `npm run corpus:preview`): unit conversion (px2vp …), canIUse, ColorMetrics, the gesture builders (TapGesture …,
 * whose tap action a click fires), custom tab bars, the @Track decorator, getContext() before the ability starts, and kit members
 * apps call at start-up: FormExtensionAbility, webview.WebviewController, notificationManager permission requests.
 * Evaluated in the app realm from source like every install function (see core.ts): parameters and standard
 * JavaScript only.
 */
export function installCompat(g: any): void {
  const rt = g.__rt;
  const env = () => rt.call('env');

  // ---- units: vp = px / density; fp also scales with the font; lpx is 1/720 of the window width ----
  g.px2vp = (v: number) => Number(v) / env().density;
  g.vp2px = (v: number) => Number(v) * env().density;
  g.fp2px = (v: number) => { const e = env(); return Number(v) * e.density * e.fontScale; };
  g.px2fp = (v: number) => { const e = env(); return Number(v) / (e.density * e.fontScale); };
  g.lpx2px = (v: number) => { const e = env(); return (Number(v) * e.width * e.density) / 720; };
  g.px2lpx = (v: number) => { const e = env(); return (Number(v) * 720) / (e.width * e.density); };

  /** System capabilities an emulated device has: the UI, abilities, logging, files, preferences, network, resources. */
  const SYSCAPS = /^SystemCapability\.(ArkUI\.|Ability\.|HiviewDFX\.HiLog|FileManagement\.File\.FileIO|DistributedDataManager\.Preferences|Communication\.NetStack|Global\.ResourceManager|Startup\.SystemInfo|Utils\.Lang|Window)/;
  g.canIUse = (cap: string) => typeof cap === 'string' && SYSCAPS.test(cap);

  if (!g.Track) g.Track = () => undefined; // @Track: property-level observation; whole-object observation covers it

  // getContext() in module top-level code runs before the ability starts: it gets the application context.
  const getContext = g.getContext;
  g.getContext = (component?: any) => {
    const c = getContext(component);
    if (c) return c;
    g.__hmosAbilityContext = rt.makeContext(env(), 'EntryAbility');
    return g.__hmosAbilityContext;
  };

  class ColorMetrics {
    red: number; green: number; blue: number; alpha: number;
    constructor(r: number, gr: number, b: number, a = 255) { this.red = r; this.green = gr; this.blue = b; this.alpha = a; }
    static rgba(r: number, gr: number, b: number, a = 1) { return new ColorMetrics(r, gr, b, Math.round(a * 255)); }
    static numeric(n: number) { return new ColorMetrics((n >> 16) & 255, (n >> 8) & 255, n & 255, n > 0xffffff ? (n >>> 24) & 255 : 255); }
    /**
     * A ResourceColor: a number (0xRRGGBB, 0xAARRGGBB above 0xFFFFFF) or a '#rgb' / '#argb' / '#rrggbb' / '#aarrggbb'
     * string gives its channels (alpha first, as ArkUI writes it); a `$r()` Resource is kept so components given the
     * ColorMetrics draw the colour it names.
     */
    static resourceColor(res?: any) {
      if (typeof res === 'number') return ColorMetrics.numeric(res);
      const hex = typeof res === 'string' && /^#([0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$/i.exec(res.trim());
      if (hex) {
        let h = hex[1];
        if (h.length <= 4) h = [...h].map((c) => c + c).join('');
        if (h.length === 6) h = 'ff' + h;
        const n = parseInt(h, 16);
        return new ColorMetrics((n >>> 16) & 255, (n >>> 8) & 255, n & 255, (n >>> 24) & 255);
      }
      return Object.assign(new ColorMetrics(0, 0, 0, 255), { res });
    }
    get color(): string { return '#' + [this.alpha, this.red, this.green, this.blue].map((v) => v.toString(16).padStart(2, '0')).join(''); }
    blendColor(o: ColorMetrics) { return o; }
  }
  if (!g.ColorMetrics) g.ColorMetrics = ColorMetrics;
  class LengthMetrics {
    value: number; unit: number;
    constructor(value: number, unit = 1) { this.value = value; this.unit = unit; }
    static px(v: number) { return new LengthMetrics(v, 0); } static vp(v: number) { return new LengthMetrics(v, 1); }
    static fp(v: number) { return new LengthMetrics(v, 2); } static lpx(v: number) { return new LengthMetrics(v, 4); }
    static percent(v: number) { return new LengthMetrics(v, 3); } static resource(v: any) { return Object.assign(new LengthMetrics(0, 1), { res: v }); }
  }
  if (!g.LengthMetrics) g.LengthMetrics = LengthMetrics;
  // DataPanel's valueColors take `new LinearGradient([{ color, offset }])`; the mask attribute takes a ProgressMask.
  class LinearGradient {
    colorStops: any[];
    constructor(colorStops: any[]) { this.colorStops = Array.isArray(colorStops) ? colorStops : []; }
  }
  if (!g.LinearGradient) g.LinearGradient = LinearGradient;
  // @ohos.matrix4: a 4×4 matrix as 16 numbers, column-major (init's layout). translate / scale / rotate / combine apply
  // after what the matrix already does (M ← op · M) and change the matrix they are called on, as Matrix4Transit does.
  const mul = (a: number[], b: number[]): number[] => {
    const out = new Array(16).fill(0);
    for (let c = 0; c < 4; c++) for (let r = 0; r < 4; r++) for (let k = 0; k < 4; k++) out[c * 4 + r] += a[k * 4 + r] * b[c * 4 + k];
    return out;
  };
  const IDENTITY = [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1];
  const around = (op: number[], cx: number, cy: number) => mul([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, cx, cy, 0, 1], mul(op, [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, -cx, -cy, 0, 1]));
  class Matrix4Transit {
    matrix4x4: number[];
    constructor(m: number[]) { this.matrix4x4 = m.slice(0, 16); }
    private apply(op: number[]): Matrix4Transit { this.matrix4x4 = mul(op, this.matrix4x4); return this; }
    copy(): Matrix4Transit { return new Matrix4Transit(this.matrix4x4); }
    combine(other: Matrix4Transit): Matrix4Transit { return this.apply(other?.matrix4x4 ?? IDENTITY); }
    translate(o: any): Matrix4Transit { return this.apply([1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, Number(o?.x) || 0, Number(o?.y) || 0, Number(o?.z) || 0, 1]); }
    scale(o: any): Matrix4Transit {
      const n = (v: any) => (v === undefined ? 1 : Number(v));
      return this.apply(around([n(o?.x), 0, 0, 0, 0, n(o?.y), 0, 0, 0, 0, n(o?.z), 0, 0, 0, 0, 1], Number(o?.centerX) || 0, Number(o?.centerY) || 0));
    }
    rotate(o: any): Matrix4Transit {
      let [x, y, z] = [Number(o?.x) || 0, Number(o?.y) || 0, Number(o?.z) || 0];
      const len = Math.hypot(x, y, z);
      if (!len) return this;
      [x, y, z] = [x / len, y / len, z / len];
      const a = ((Number(o?.angle) || 0) * Math.PI) / 180;
      const c = Math.cos(a); const s = Math.sin(a); const t = 1 - c;
      const r = [t * x * x + c, t * x * y + s * z, t * x * z - s * y, 0, t * x * y - s * z, t * y * y + c, t * y * z + s * x, 0,
        t * x * z + s * y, t * y * z - s * x, t * z * z + c, 0, 0, 0, 0, 1];
      return this.apply(around(r, Number(o?.centerX) || 0, Number(o?.centerY) || 0));
    }
    skew(x: number, y: number): Matrix4Transit { return this.apply([1, Number(y) || 0, 0, 0, Number(x) || 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1]); }
    invert(): Matrix4Transit {
      const m = this.matrix4x4; const inv = new Array(16);
      inv[0] = m[5] * m[10] * m[15] - m[5] * m[11] * m[14] - m[9] * m[6] * m[15] + m[9] * m[7] * m[14] + m[13] * m[6] * m[11] - m[13] * m[7] * m[10];
      inv[4] = -m[4] * m[10] * m[15] + m[4] * m[11] * m[14] + m[8] * m[6] * m[15] - m[8] * m[7] * m[14] - m[12] * m[6] * m[11] + m[12] * m[7] * m[10];
      inv[8] = m[4] * m[9] * m[15] - m[4] * m[11] * m[13] - m[8] * m[5] * m[15] + m[8] * m[7] * m[13] + m[12] * m[5] * m[11] - m[12] * m[7] * m[9];
      inv[12] = -m[4] * m[9] * m[14] + m[4] * m[10] * m[13] + m[8] * m[5] * m[14] - m[8] * m[6] * m[13] - m[12] * m[5] * m[10] + m[12] * m[6] * m[9];
      inv[1] = -m[1] * m[10] * m[15] + m[1] * m[11] * m[14] + m[9] * m[2] * m[15] - m[9] * m[3] * m[14] - m[13] * m[2] * m[11] + m[13] * m[3] * m[10];
      inv[5] = m[0] * m[10] * m[15] - m[0] * m[11] * m[14] - m[8] * m[2] * m[15] + m[8] * m[3] * m[14] + m[12] * m[2] * m[11] - m[12] * m[3] * m[10];
      inv[9] = -m[0] * m[9] * m[15] + m[0] * m[11] * m[13] + m[8] * m[1] * m[15] - m[8] * m[3] * m[13] - m[12] * m[1] * m[11] + m[12] * m[3] * m[9];
      inv[13] = m[0] * m[9] * m[14] - m[0] * m[10] * m[13] - m[8] * m[1] * m[14] + m[8] * m[2] * m[13] + m[12] * m[1] * m[10] - m[12] * m[2] * m[9];
      inv[2] = m[1] * m[6] * m[15] - m[1] * m[7] * m[14] - m[5] * m[2] * m[15] + m[5] * m[3] * m[14] + m[13] * m[2] * m[7] - m[13] * m[3] * m[6];
      inv[6] = -m[0] * m[6] * m[15] + m[0] * m[7] * m[14] + m[4] * m[2] * m[15] - m[4] * m[3] * m[14] - m[12] * m[2] * m[7] + m[12] * m[3] * m[6];
      inv[10] = m[0] * m[5] * m[15] - m[0] * m[7] * m[13] - m[4] * m[1] * m[15] + m[4] * m[3] * m[13] + m[12] * m[1] * m[7] - m[12] * m[3] * m[5];
      inv[14] = -m[0] * m[5] * m[14] + m[0] * m[6] * m[13] + m[4] * m[1] * m[14] - m[4] * m[2] * m[13] - m[12] * m[1] * m[6] + m[12] * m[2] * m[5];
      inv[3] = -m[1] * m[6] * m[11] + m[1] * m[7] * m[10] + m[5] * m[2] * m[11] - m[5] * m[3] * m[10] - m[9] * m[2] * m[7] + m[9] * m[3] * m[6];
      inv[7] = m[0] * m[6] * m[11] - m[0] * m[7] * m[10] - m[4] * m[2] * m[11] + m[4] * m[3] * m[10] + m[8] * m[2] * m[7] - m[8] * m[3] * m[6];
      inv[11] = -m[0] * m[5] * m[11] + m[0] * m[7] * m[9] + m[4] * m[1] * m[11] - m[4] * m[3] * m[9] - m[8] * m[1] * m[7] + m[8] * m[3] * m[5];
      inv[15] = m[0] * m[5] * m[10] - m[0] * m[6] * m[9] - m[4] * m[1] * m[10] + m[4] * m[2] * m[9] + m[8] * m[1] * m[6] - m[8] * m[2] * m[5];
      const det = m[0] * inv[0] + m[1] * inv[4] + m[2] * inv[8] + m[3] * inv[12];
      if (det) this.matrix4x4 = inv.map((v: number) => v / det);
      return this;
    }
    transformPoint(p: number[]): number[] {
      const m = this.matrix4x4; const [x, y] = [Number(p?.[0]) || 0, Number(p?.[1]) || 0];
      const w = m[3] * x + m[7] * y + m[15] || 1;
      return [(m[0] * x + m[4] * y + m[12]) / w, (m[1] * x + m[5] * y + m[13]) / w];
    }
    setPolyToPoly(): Matrix4Transit { return this; }
  }
  const matrix4 = {
    init: (array: number[]) => new Matrix4Transit(Array.isArray(array) && array.length === 16 ? array.map(Number) : IDENTITY),
    identity: () => new Matrix4Transit(IDENTITY),
    copy: (m?: Matrix4Transit) => new Matrix4Transit(m?.matrix4x4 ?? IDENTITY),
    invert: (m: Matrix4Transit) => new Matrix4Transit(m.matrix4x4).invert(),
    combine: (a: Matrix4Transit, b: Matrix4Transit) => new Matrix4Transit(a.matrix4x4).combine(b),
    translate: (o: any) => new Matrix4Transit(IDENTITY).translate(o),
    scale: (o: any) => new Matrix4Transit(IDENTITY).scale(o),
    rotate: (o: any) => new Matrix4Transit(IDENTITY).rotate(o),
    transformPoint: (p: number[]) => new Matrix4Transit(IDENTITY).transformPoint(p),
    Matrix4Transit,
  };
  rt.registerKit('@ohos.matrix4', { ...matrix4, default: matrix4 });
  // Swiper indicators: `new DotIndicator().itemWidth(10).color(…)` / `Indicator.dot()`; each setter keeps its value.
  const indicator = (name: string) => {
    const C: any = function (this: any) { if (!(this instanceof C)) return new C(); };
    Object.defineProperty(C, 'name', { value: name });
    C.prototype = new Proxy({}, {
      get: (_t, p, recv) => (typeof p === 'string' && p !== 'then' && p !== 'toJSON' && p !== 'constructor'
        ? (v: any) => { Object.defineProperty(recv, '_' + p, { value: v, enumerable: true, writable: true, configurable: true }); return recv; } : undefined),
    });
    return C;
  };
  if (!g.DotIndicator) g.DotIndicator = indicator('DotIndicator');
  if (!g.DigitIndicator) g.DigitIndicator = indicator('DigitIndicator');
  if (!g.Indicator) g.Indicator = { dot: () => new g.DotIndicator(), digit: () => new g.DigitIndicator() };
  class ProgressMask {
    value: number; total: number; color: any; breathing = false;
    constructor(value: number, total: number, color: any) { this.value = value; this.total = total; this.color = color; }
    updateProgress(value: number) { this.value = value; }
    updateColor(color: any) { this.color = color; }
    enableBreathingAnimation(on: boolean) { this.breathing = !!on; }
  }
  if (!g.ProgressMask) g.ProgressMask = ProgressMask;
  if (!g.LengthUnit) g.LengthUnit = { PX: 0, VP: 1, FP: 2, PERCENT: 3, LPX: 4 };
  // Older component controllers and enums (API 8/9 samples): methods are no-ops on the emulated component.
  for (const name of ['PatternLockController', 'WebController', 'VideoController', 'TextClockController']) {
    if (!g[name]) g[name] = class { constructor() { return new Proxy(this, { get: (o: any, k) => (k in o || typeof k !== 'string' || k === 'then' ? o[k] : () => undefined) }); } };
  }
  if (!g.PlaybackSpeed) g.PlaybackSpeed = { Speed_Forward_0_75_X: 0, Speed_Forward_1_00_X: 1, Speed_Forward_1_25_X: 2, Speed_Forward_1_75_X: 3, Speed_Forward_2_00_X: 4 };
  // Web component enums.
  if (!g.WebDarkMode) g.WebDarkMode = { Off: 0, On: 1, Auto: 2 };
  if (!g.MixedMode) g.MixedMode = { All: 0, Compatible: 1, None: 2 };
  if (!g.CacheMode) g.CacheMode = { Default: 0, None: 1, Online: 2, Only: 3 };
  // ArkTS globals that `@kit.ArkUI` also exports by name: the kit answers them with the globals.
  const arkui = g.__hmosKit('@kit.ArkUI');
  for (const name of ['ColorMetrics', 'LengthMetrics', 'LengthUnit', 'NodeController', 'BuilderNode', 'ComponentContent',
    'UIContext', 'TabsController', 'Scroller', 'CustomDialogController']) {
    if (g[name] !== undefined && !(name in arkui)) arkui[name] = g[name];
  }

  // ---- gestures: `.gesture(TapGesture({count: 2}).onAction(fn))` — a value recording its handlers ----
  const gesture = (kind: string) => (...args: any[]) => {
    const gs: any = { kind, args, handlers: {} as Record<string, any> };
    return new Proxy(gs, {
      get(t, p, recv) {
        if (p in t) return t[p];
        if (typeof p !== 'string' || p === 'then') return undefined;
        return (fn: any) => { if (p.startsWith('on')) t.handlers[p] = fn; return recv; };
      },
    });
  };
  for (const k of ['TapGesture', 'LongPressGesture', 'PanGesture', 'PinchGesture', 'SwipeGesture', 'RotationGesture']) if (!g[k]) g[k] = gesture(k);
  if (!g.GestureGroup) g.GestureGroup = (mode: any, ...gestures: any[]) => ({ kind: 'GestureGroup', mode, gestures, handlers: {}, onCancel() { return this; } });
  /** The handler `event` of the first gesture of `kind` bound to a node (`.gesture(LongPressGesture().onAction(f))`). */
  rt.gestureHandler = (n: any, kind: string, event: string) => {
    const find = (gs: any): any => {
      if (!gs || typeof gs !== 'object') return undefined;
      if (gs.kind === kind) return gs.handlers[event];
      if (gs.kind === 'GestureGroup') for (const x of gs.gestures) { const f = find(x); if (f) return f; }
      return undefined;
    };
    for (const a of ['gesture', 'priorityGesture', 'parallelGesture']) { const f = find(n.attrs[a]?.[0]); if (f) return f; }
    return undefined;
  };
  /** The first gesture of `kind` bound to a node, with its options (`args[0]`: direction, speed, distance …). */
  rt.gestureOf = (n: any, kind: string) => {
    const find = (gs: any): any => {
      if (!gs || typeof gs !== 'object') return undefined;
      if (gs.kind === kind) return gs;
      if (gs.kind === 'GestureGroup') for (const x of gs.gestures) { const f = find(x); if (f) return f; }
      return undefined;
    };
    for (const a of ['gesture', 'priorityGesture', 'parallelGesture']) { const f = find(n.attrs?.[a]?.[0]); if (f) return f; }
    return undefined;
  };
  /** A click on a node without onClick fires its single-tap gesture, as a tap on a device would. */
  rt.tapGestureOf = (n: any) => {
    const find = (gs: any): any => {
      if (!gs || typeof gs !== 'object') return undefined;
      if (gs.kind === 'TapGesture' && (gs.args[0]?.count ?? 1) === 1) return gs.handlers.onAction;
      if (gs.kind === 'GestureGroup') for (const x of gs.gestures) { const f = find(x); if (f) return f; }
      return undefined;
    };
    for (const a of ['gesture', 'priorityGesture', 'parallelGesture']) { const f = find(n.attrs[a]?.[0]); if (f) return f; }
    return undefined;
  };

  // $r / $rawfile in plain .ts files (the ArkTS transform rewrites them only in .ets): a by-name reference the
  // device's resource table resolves (id -1, name in params[0]).
  const RES_TYPES: Record<string, number> = { color: 10001, float: 10002, string: 10003, plural: 10004, boolean: 10005,
    intarray: 10006, integer: 10007, pattern: 10008, strarray: 10009, media: 20000, rawfile: 30000, symbol: 40000 };
  const ref = (type: number, params: any[]) => { const e = env(); return { id: -1, type, params, bundleName: e.bundleName, moduleName: e.moduleName }; };
  if (!g.$r) g.$r = (name: string, ...args: any[]) => ref(RES_TYPES[String(name).split('.')[1]] ?? 10003, [name, ...args]);
  if (!g.$rawfile) g.$rawfile = (file: string) => ref(30000, [file]);

  // ---- tab bars: `.tabBar(this.TabBuilder(i))` / `.tabBar({ builder })` build once into a holder node that layout
  // draws in the tab bar (not a child of the TabContent); `new BottomTabBarStyle(icon, text)` / SubTabBarStyle ----
  const TabContent = g.TabContent;
  g.TabContent = new Proxy(TabContent, {
    get(t, p) {
      if (p !== 'tabBar') return t[p];
      return (v: any) => {
        t.tabBar(v);
        const node = rt.top();
        const builder = typeof v === 'function' ? v : v && typeof v === 'object' && typeof v.builder === 'function' ? v.builder : undefined;
        if (node && builder && !node.tabBarNode) {
          const holder = new rt.UINode(rt.newId(), 'TabBarContent', [], false);
          node.tabBarNode = holder;
          const depth = rt.stack.length;
          rt.stack.push(holder);
          try { rt.tracked(undefined, () => builder()); } finally { rt.stack.length = depth; }
        }
        return g.TabContent;
      };
    },
  });
  const tabBarStyle = (name: string) => {
    const C = class { icon: any; text: any; constructor(a: any, b?: any) { if (b === undefined) this.text = a; else { this.icon = a; this.text = b; } return new Proxy(this, { get: (o: any, k, r) => (k in o || typeof k !== 'string' || k === 'then' ? o[k] : () => r) }); }
      static of(a: any, b?: any) { return new C(a, b); } };
    Object.defineProperty(C, 'name', { value: name });
    return C;
  };
  if (!g.BottomTabBarStyle) g.BottomTabBarStyle = tabBarStyle('BottomTabBarStyle');
  if (!g.SubTabBarStyle) g.SubTabBarStyle = tabBarStyle('SubTabBarStyle');

  // API 8 AbilityContext.requestPermissionsFromUser(perms[, callback]): declared permissions are granted.
  const makeContext = rt.makeContext;
  rt.makeContext = (...a: any[]) => {
    const c = makeContext(...a);
    if (c && typeof c === 'object' && !c.requestPermissionsFromUser) {
      c.requestPermissionsFromUser = (perms: string[], cb?: any) => {
        const declared = rt.call('permissions') as string[];
        const result = { permissions: perms, authResults: (perms ?? []).map((p) => (declared.includes(p) ? 0 : -1)) };
        if (typeof cb === 'function') { cb(undefined, result); return undefined; }
        return Promise.resolve(result);
      };
    }
    return c;
  };

  // ---- kit members apps call while starting ----
  // API 8/9 names of the ability classes (FA/Stage transition: `@ohos.application.Ability`).
  const kit = (spec: string) => g.__hmosKit(spec).default;
  rt.registerKit('@ohos.application.Ability', { default: rt.UIAbility });
  rt.registerKit('@ohos.application.AbilityStage', { default: kit('@ohos.app.ability.AbilityStage') });
  rt.registerKit('@ohos.application.AbilityConstant', { default: kit('@ohos.app.ability.AbilityConstant') });
  rt.registerKit('@ohos.application.Want', { default: {} });

  const unsupported = rt.unsupported as (spec: string, base?: any) => any;
  class FormExtensionAbility { context: any = {}; onAddForm() { return { data: {} }; } onCastToNormalForm() {} onUpdateForm() {}
    onChangeFormVisibility() {} onFormEvent() {} onRemoveForm() {} onConfigurationUpdate() {} onAcquireFormState() { return 0; } }
  const formBindingData = { createFormBindingData: (data: any) => ({ data: typeof data === 'string' ? data : JSON.stringify(data ?? {}) }) };
  rt.registerKit('@ohos.app.form.FormExtensionAbility', { default: FormExtensionAbility, FormExtensionAbility });
  rt.registerKit('@ohos.application.FormExtension', { default: FormExtensionAbility });
  const Extension = kit('@kit.AbilityKit').ExtensionAbility ?? class {};
  class ServiceExtensionAbility extends Extension { onCreate() {} onRequest() {} onConnect() { return undefined; } onDisconnect() {} onDestroy() {} }
  for (const spec of ['@ohos.app.ability.ServiceExtensionAbility', '@ohos.application.ServiceExtensionAbility']) {
    rt.registerKit(spec, { default: ServiceExtensionAbility, ServiceExtensionAbility });
  }
  const abilityKit = g.__hmosKit('@kit.AbilityKit');
  if (!('ServiceExtensionAbility' in abilityKit)) abilityKit.ServiceExtensionAbility = ServiceExtensionAbility;
  rt.registerKit('@ohos.app.form.formBindingData', { default: formBindingData, formBindingData });
  rt.registerKit('@kit.FormKit', { FormExtensionAbility, formBindingData, formProvider: unsupported('@ohos.app.form.formProvider'),
    formInfo: unsupported('@ohos.app.form.formInfo') });

  const webview = unsupported('@ohos.web.webview', { WebviewController: g.WebviewController, WebCookieManager: unsupported('@ohos.web.webview.WebCookieManager') });
  rt.registerKit('@ohos.web.webview', { default: webview, webview });
  rt.registerKit('@kit.ArkWeb', { webview });

  // API 8 mediaLibrary: an emulated device's media library is empty (queries succeed with no assets).
  const noAssets = () => ({ getCount: () => 0, isAfterLast: () => true, close() {}, getAllObject: () => Promise.resolve([]),
    getFirstObject: () => Promise.resolve(undefined), getNextObject: () => Promise.resolve(undefined),
    getLastObject: () => Promise.resolve(undefined), getPositionObject: () => Promise.resolve(undefined) });
  const withCallback = (value: () => any) => (...a: any[]) => {
    const cb = a.find((x) => typeof x === 'function');
    if (cb) { cb(undefined, value()); return undefined; }
    return Promise.resolve(value());
  };
  const DIRS = ['Camera/', 'Videos/', 'Pictures/', 'Audios/', 'Documents/', 'Download/'];
  const library = unsupported('@ohos.multimedia.mediaLibrary.MediaLibrary', {
    getFileAssets: withCallback(noAssets), getAlbums: withCallback(() => []), release: withCallback(() => undefined),
    getPublicDirectory: (type: number, cb?: any) => withCallback(() => DIRS[type] ?? '')(cb), on() {}, off() {},
  });
  const mediaLibrary = unsupported('@ohos.multimedia.mediaLibrary', {
    getMediaLibrary: () => library, MediaType: { FILE: 0, IMAGE: 1, VIDEO: 2, AUDIO: 3 },
    DirectoryType: { DIR_CAMERA: 0, DIR_VIDEO: 1, DIR_IMAGE: 2, DIR_AUDIO: 3, DIR_DOCUMENTS: 4, DIR_DOWNLOAD: 5 },
    FileKey: { ID: 'file_id', RELATIVE_PATH: 'relative_path', DISPLAY_NAME: 'display_name', PARENT: 'parent', MIME_TYPE: 'mime_type',
      MEDIA_TYPE: 'media_type', SIZE: 'size', DATE_ADDED: 'date_added', DATE_MODIFIED: 'date_modified', DATE_TAKEN: 'date_taken',
      TITLE: 'title', ARTIST: 'artist', AUDIOALBUM: 'audio_album', DURATION: 'duration', WIDTH: 'width', HEIGHT: 'height',
      ORIENTATION: 'orientation', ALBUM_ID: 'bucket_id', ALBUM_NAME: 'bucket_display_name' },
  });
  rt.registerKit('@ohos.multimedia.mediaLibrary', { default: mediaLibrary, mediaLibrary });

  // i18n: the device's locale; the app's preferred language is kept for the app's own reads.
  let preferred: string | undefined;
  const locale = () => String(env().locale).replace('_', '-');
  const System = {
    getSystemLanguage: () => env().languageCode, getSystemRegion: () => locale().split('-')[1] ?? '',
    getSystemLocale: () => locale(), getAppPreferredLanguage: () => preferred ?? locale(),
    setAppPreferredLanguage: (lang: string) => { preferred = String(lang); }, getPreferredLanguageList: () => [preferred ?? locale()],
    getFirstPreferredLanguage: () => preferred ?? locale(), is24HourClock: () => true, getUsingLocalDigit: () => false,
    getSystemLanguages: () => [env().languageCode], getSystemCountries: () => [locale().split('-')[1] ?? ''],
  };
  const i18n = unsupported('@ohos.i18n', { System, isRTL: () => false, getSystemLanguage: System.getSystemLanguage,
    getSystemRegion: System.getSystemRegion, getSystemLocale: System.getSystemLocale });
  rt.registerKit('@ohos.i18n', { default: i18n, i18n });
  const localization = g.__hmosKit('@kit.LocalizationKit');
  if (!('i18n' in localization)) localization.i18n = i18n;

  // Notifications: an emulated device lets the app notify (the user "allows"); posting one is logged.
  const notificationManager = unsupported('@ohos.notificationManager', {
    requestEnableNotification: () => Promise.resolve(), isNotificationEnabled: () => Promise.resolve(true),
    isNotificationEnabledSync: () => true,
    publish: (req: any) => { rt.call('log', { level: 'I', tag: 'Notification', message: JSON.stringify(req?.content ?? req ?? {}) }); return Promise.resolve(); },
    cancel: () => Promise.resolve(), cancelAll: () => Promise.resolve(),
    SlotType: { UNKNOWN_TYPE: 0, SOCIAL_COMMUNICATION: 1, SERVICE_INFORMATION: 2, CONTENT_INFORMATION: 3, OTHER_TYPES: 0xFFFF },
    ContentType: { NOTIFICATION_CONTENT_BASIC_TEXT: 0, NOTIFICATION_CONTENT_LONG_TEXT: 1, NOTIFICATION_CONTENT_PICTURE: 2,
      NOTIFICATION_CONTENT_CONVERSATION: 3, NOTIFICATION_CONTENT_MULTILINE: 4 },
  });
  rt.registerKit('@ohos.notificationManager', { default: notificationManager, notificationManager });
  rt.registerKit('@kit.NotificationKit', { notificationManager, notification: notificationManager,
    reminderAgentManager: unsupported('@ohos.reminderAgentManager') });
}
