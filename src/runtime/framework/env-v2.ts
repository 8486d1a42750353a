/**
 * Sandbox-side @Env (evaluated in the app realm from source, see core.ts): system properties of the window a
 * component shows in, as observed values shared by every component of the UI context (state_mgmt v2_env.ts):
 *  - `SystemProperties.BREAK_POINT`: `{widthBreakpoint, heightBreakpoint}` (WidthBreakpoint.WIDTH_XS … WIDTH_XL by
 *    the window width in vp: < 320, < 600, < 840, < 1440, else; HeightBreakpoint by height / width: < 0.8 SM,
 *    < 1.2 MD, else LG — the platform's uiObserver rules);
 *  - `WINDOW_SIZE` / `WINDOW_SIZE_PX`: `{width, height}` in vp / px; `WINDOW_AVOID_AREA(_PX)`: the system bars'
 *    areas (none on an emulated full-screen window); `WINDOW_FOCUSED` / `WINDOW_HIGHLIGHTED`: booleans;
 *    `SYSTEM_DENSITY`: a number; `DISPLAY_ID`: 0.
 * A child reads the same object as its ancestors; the values follow the device's window.
 */
export function installEnvV2(g: any): void {
  const rt = g.__rt;
  const v2 = rt.v2;
  const SystemProperties = {
    BREAK_POINT: 'system.arkui.breakpoint', WINDOW_SIZE: 'system.window.size', WINDOW_SIZE_PX: 'system.window.size.px',
    WINDOW_AVOID_AREA: 'system.window.avoidarea', WINDOW_AVOID_AREA_PX: 'system.window.avoidarea.px',
    WINDOW_FOCUSED: 'system.window.focused', WINDOW_HIGHLIGHTED: 'system.window.highlighted',
    SYSTEM_DENSITY: 'system.window.density.system', DISPLAY_ID: 'system.window.displayid',
  };
  const WidthBreakpoint = { WIDTH_XS: 0, WIDTH_SM: 1, WIDTH_MD: 2, WIDTH_LG: 3, WIDTH_XL: 4 };
  const HeightBreakpoint = { HEIGHT_SM: 0, HEIGHT_MD: 1, HEIGHT_LG: 2 };
  for (const [k, v] of Object.entries({ SystemProperties, WidthBreakpoint, HeightBreakpoint })) if (!(k in g)) g[k] = Object.freeze(v);

  /** An observed record (every field traced), so components re-render when the window changes. */
  const observedRecord = (name: string, fields: Record<string, any>) => {
    const C = class {};
    Object.defineProperty(C, 'name', { value: name });
    for (const k of Object.keys(fields)) { v2.defineTracked(C.prototype, k); v2.addMeta(C.prototype, 'trace', k); }
    const o: any = new C();
    Object.assign(o, fields);
    return o;
  };
  const widthBp = (w: number) => (w < 320 ? 0 : w < 600 ? 1 : w < 840 ? 2 : w < 1440 ? 3 : 4);
  const heightBp = (w: number, h: number) => { const r = h / w; return r < 0.8 ? 0 : r < 1.2 ? 1 : 2; };
  const noArea = () => ({ statusBar: { left: 0, top: 0, width: 0, height: 0 }, cutout: { left: 0, top: 0, width: 0, height: 0 },
    keyboard: { left: 0, top: 0, width: 0, height: 0 }, navigationIndicator: { left: 0, top: 0, width: 0, height: 0 } });
  const factories: Record<string, (e: any) => any> = {
    [SystemProperties.BREAK_POINT]: (e) => observedRecord('WindowSizeLayoutBreakpoint', { widthBreakpoint: widthBp(e.width), heightBreakpoint: heightBp(e.width, e.height) }),
    [SystemProperties.WINDOW_SIZE]: (e) => observedRecord('WindowSizeVpEnv', { width: e.width, height: e.height }),
    [SystemProperties.WINDOW_SIZE_PX]: (e) => observedRecord('WindowSizePxEnv', { width: Math.round(e.width * e.density), height: Math.round(e.height * e.density) }),
    [SystemProperties.WINDOW_AVOID_AREA]: () => observedRecord('WindowAvoidAreaVpEnv', noArea()),
    [SystemProperties.WINDOW_AVOID_AREA_PX]: () => observedRecord('WindowAvoidAreaPxEnv', noArea()),
    [SystemProperties.WINDOW_FOCUSED]: () => observedRecord('WindowFocusedEnv', { isFocused: true }),
    [SystemProperties.WINDOW_HIGHLIGHTED]: () => observedRecord('WindowHighlightedEnv', { isHighlighted: true }),
    [SystemProperties.SYSTEM_DENSITY]: (e) => observedRecord('SystemDensityEnv', { systemDensity: e.density }),
    [SystemProperties.DISPLAY_ID]: () => observedRecord('DisplayIdEnv', { displayId: 0 }),
  };
  /** Simple-typed properties are the field's value itself. */
  const simple: Record<string, string> = {
    [SystemProperties.WINDOW_FOCUSED]: 'isFocused', [SystemProperties.WINDOW_HIGHLIGHTED]: 'isHighlighted',
    [SystemProperties.SYSTEM_DENSITY]: 'systemDensity', [SystemProperties.DISPLAY_ID]: 'displayId',
  };
  const registry = new Map<string, any>();
  const envValue = (key: string) => {
    let v = registry.get(key);
    if (!v) {
      const make = factories[key];
      if (!make) { const e: any = new Error(`${key} is not a system property @Env can read`); e.code = 140000; throw e; }
      v = make(rt.call('env'));
      registry.set(key, v);
    }
    return v;
  };
  g.Env = (key: string) => (proto: any, field: string) => {
    Object.defineProperty(proto, field, {
      configurable: true, enumerable: true,
      get() { const v = envValue(key); return simple[key] ? v[simple[key]] : v; },
      set() { rt.call('log', { level: 'E', tag: 'StateMgmt', message: `@Env '${field}' is read-only: it follows the window (${key})` }); },
    });
  };
}
