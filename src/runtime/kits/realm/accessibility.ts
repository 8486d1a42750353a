/**
 * `@ohos.accessibility` and `@ohos.accessibility.config` (also `accessibility` / `config` of @kit.AccessibilityKit)
 * in the app realm, for an emulated device with no screen reader: accessibility is off, no extension is installed,
 * and the system settings keep what the app sets. `config.enableAbility` / `disableAbility` succeed — the platform's
 * UI test suites enable the UiTest ability this way before every case, and hmos's UiTest needs no accessibility
 * service. Evaluated from source in the realm (see framework/core.ts).
 */
export function installAccessibility(g: any): void {
  const rt = g.__rt;
  const done = (cb?: any) => rt.asyncApi(() => undefined, cb);
  /** One system setting: `get` / `set` (promise or callback) and change listeners, told on a later turn. */
  const setting = (initial: any) => {
    let value = initial;
    const listeners: Array<(v: any) => void> = [];
    return {
      get: (cb?: any) => rt.asyncApi(() => value, cb),
      set: (v: any, cb?: any) => rt.asyncApi(() => {
        if (v !== value) { value = v; const now = [...listeners]; g.setTimeout(() => { for (const l of now) l(v); }, 0); }
      }, cb),
      on: (cb: any) => { if (typeof cb === 'function') listeners.push(cb); },
      off: (cb?: any) => { if (typeof cb !== 'function') listeners.length = 0; else { const i = listeners.indexOf(cb); if (i >= 0) listeners.splice(i, 1); } },
    };
  };
  const config: any = {
    enableAbility: (_name: string, _capabilities: any, cb?: any) => done(cb),
    disableAbility: (_name: string, cb?: any) => done(cb),
    on: () => {}, off: () => {},
    highContrastText: setting(false), invertColor: setting(false), daltonizationState: setting(false),
    daltonizationColorFilter: setting('Normal'), contentTimeout: setting(0), animationOff: setting(false),
    brightnessDiscount: setting(1), mouseKey: setting(false), mouseAutoClick: setting(-1), shortkey: setting(false),
    shortkeyTarget: setting('none'), shortkeyMultiTargets: setting([]), captions: setting(false),
    captionsStyle: setting({}), audioMono: setting(false), audioBalance: setting(0), screenMagnifier: setting(false),
    clickResponseTime: setting('ResponseDelayShort'), ignoreRepeatClick: setting(false), repeatClickInterval: setting('RepeatClickTimeoutShort'),
  };
  config.DaltonizationColorFilter = { Normal: 'Normal', Protanomaly: 'Protanomaly', Deuteranomaly: 'Deuteranomaly', Tritanomaly: 'Tritanomaly' };
  const accessibility: any = {
    isOpenAccessibility: (cb?: any) => rt.asyncApi(() => false, cb),
    isOpenAccessibilitySync: () => false,
    isOpenTouchGuide: (cb?: any) => rt.asyncApi(() => false, cb),
    isOpenTouchGuideSync: () => false,
    isScreenReaderOpenSync: () => false,
    getAbilityLists: (_type: any, _state: any, cb?: any) => rt.asyncApi(() => [], cb),
    getAccessibilityExtensionList: (_type: any, _state: any, cb?: any) => rt.asyncApi(() => [], cb),
    getAccessibilityExtensionListSync: () => [],
    sendEvent: (_event: any, cb?: any) => done(cb),
    sendAccessibilityEvent: (_event: any, cb?: any) => done(cb),
    on: () => {}, off: () => {},
    getCaptionsManager: () => ({ enabled: false, style: {}, on() {}, off() {} }),
  };
  rt.defineModule('@ohos.accessibility.config', () => ({ ...config, config, default: config }));
  rt.defineModule('@ohos.accessibility', () => ({ ...accessibility, default: accessibility }));
}
