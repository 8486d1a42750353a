/**
 * The device in the app realm (evaluated from source; see core.ts): deviceInfo, display, window (the app's main
 * window, its system bars and the avoid areas of the device profile, orientation, full screen), abilityAccessCtrl
 * (user_grant permissions asked in a dialog on the device, or answered by the device's grant policy), vibrator,
 * sensor, geoLocationManager, inputMethod, motion, i18n/intl. Facts come from `env` and `k.dev.*` (device-host.ts).
 */
export function installDeviceKits(g: any): void {
  const rt = g.__rt;
  const err = (code: number, msg: string) => rt.kitError(code, msg);
  const paramErr = (msg: string) => err(401, `Parameter error. ${msg}`);
  const dev = (op: string, d?: any) => rt.kitCall('dev.' + op, d ?? {});
  const env = () => rt.call('env');
  const resolved = (v?: any) => Promise.resolve(v);

  // ---- deviceInfo: an emulated device of the profile's type, HarmonyOS 5.0 (API 12) ----
  const API = 12;
  const deviceInfo: any = {};
  const facts: Record<string, (e: any) => any> = {
    deviceType: (e) => (e.deviceType === 'watch' ? 'wearable' : e.deviceType), brand: () => 'hmos', manufacture: () => 'hmos', productModel: (e) => `hmos-${e.deviceType}`,
    productSeries: () => 'hmos', marketName: (e) => `hmos ${e.deviceType}`, softwareModel: (e) => `hmos-${e.deviceType}`, hardwareModel: (e) => `hmos-${e.deviceType}`,
    osFullName: () => 'OpenHarmony-5.0.0.0', displayVersion: () => 'hmos 5.0.0', sdkApiVersion: () => API, firstApiVersion: () => API, majorVersion: () => 5, seniorVersion: () => 0,
    featureVersion: () => 0, buildVersion: () => 0, incrementalVersion: () => '5.0.0', osReleaseType: () => 'Release', distributionOSName: () => 'HarmonyOS',
    distributionOSVersion: () => '5.0.0', distributionOSApiVersion: () => 50000, distributionOSApiName: () => '5.0.0', distributionOSReleaseType: () => 'Release',
    ODID: (e) => e.deviceId, udid: (e) => e.deviceId, serial: (e) => e.deviceId, buildType: () => 'default', buildUser: () => 'hmos', buildHost: () => 'hmos',
    buildTime: () => '2024-01-01 00:00:00', buildRootHash: () => '', abiList: () => 'arm64-v8a', securityPatchTag: () => '2024/01/01', bootloaderVersion: () => 'hmos', versionId: () => 'hmos-5.0.0',
  };
  for (const [k, f] of Object.entries(facts)) Object.defineProperty(deviceInfo, k, { enumerable: true, get: () => f(env()) });
  rt.defineModule('@ohos.deviceInfo', () => deviceInfo);
  /** `deviceInfo.apiAvailable(n)` is not on deviceInfo itself: canIUse-style checks read sdkApiVersion. */
  Object.defineProperty(deviceInfo, 'apiAvailable', { value: (v: number) => typeof v === 'number' && v <= API });

  // ---- display ----
  const listeners = new Map<string, Set<any>>();
  const on = (type: string, cb: any) => { if (typeof cb !== 'function') throw paramErr('The type of "callback" must be function.'); (listeners.get(type) ?? listeners.set(type, new Set()).get(type)!).add(cb); };
  const off = (type: string, cb?: any) => { if (cb) listeners.get(type)?.delete(cb); else listeners.delete(type); };
  const fire = (type: string, v: any) => { for (const cb of listeners.get(type) ?? []) cb(v); };
  const Orientation = { PORTRAIT: 0, LANDSCAPE: 1, PORTRAIT_INVERTED: 2, LANDSCAPE_INVERTED: 3 };
  const displayInfo = () => {
    const e = env();
    const landscape = e.orientation === 'landscape';
    const w = Math.round((landscape ? e.height : e.width) * e.density); const h = Math.round((landscape ? e.width : e.height) * e.density);
    return { id: 0, name: 'default', alive: true, state: 2, refreshRate: 60, rotation: landscape ? 1 : 0, width: w, height: h, availableWidth: w, availableHeight: h,
      densityDPI: e.density * 160, densityPixels: e.density, scaledDensity: e.density * (e.fontScale ?? 1), xDPI: e.density * 160, yDPI: e.density * 160,
      orientation: landscape ? Orientation.LANDSCAPE : Orientation.PORTRAIT, colorSpaces: [1], hdrFormats: [], isRound: e.shape === 'round',
      getCutoutInfo: () => resolved({ boundingRects: [], waterfallDisplayAreaRects: { left: rect0(), right: rect0(), top: rect0(), bottom: rect0() } }),
      getAvailableArea: () => resolved({ left: 0, top: 0, width: w, height: h }) };
  };
  const rect0 = () => ({ left: 0, top: 0, width: 0, height: 0 });
  const display = {
    Orientation, DisplayState: { STATE_UNKNOWN: 0, STATE_OFF: 1, STATE_ON: 2 },
    FoldStatus: { FOLD_STATUS_UNKNOWN: 0, FOLD_STATUS_EXPANDED: 1, FOLD_STATUS_FOLDED: 2, FOLD_STATUS_HALF_FOLDED: 3 },
    FoldDisplayMode: { FOLD_DISPLAY_MODE_UNKNOWN: 0, FOLD_DISPLAY_MODE_FULL: 1, FOLD_DISPLAY_MODE_MAIN: 2, FOLD_DISPLAY_MODE_SUB: 3, FOLD_DISPLAY_MODE_COORDINATION: 4 },
    getDefaultDisplaySync: displayInfo, getDefaultDisplay: (cb?: any) => rt.asyncApi(displayInfo, cb), getAllDisplays: (cb?: any) => rt.asyncApi(() => [displayInfo()], cb),
    getAllDisplay: (cb?: any) => rt.asyncApi(() => [displayInfo()], cb), getDisplayByIdSync: (id: number) => { if (id !== 0) throw err(1400003, 'This display manager service works abnormally.'); return displayInfo(); },
    isFoldable: () => false, getFoldStatus: () => 0, getFoldDisplayMode: () => 0, getCurrentFoldCreaseRegion: () => ({ displayId: 0, creaseRects: [] }),
    hasPrivateWindow: () => false, isCaptured: () => false,
    on: (type: string, cb: any) => on('display.' + type, cb), off: (type: string, cb?: any) => off('display.' + type, cb),
  };
  rt.defineModule('@ohos.display', () => display);

  // ---- window: the app's one main window on the device ----
  const WindowType = { TYPE_APP: 0, TYPE_SYSTEM_ALERT: 1, TYPE_FLOAT: 8, TYPE_DIALOG: 16 };
  const AvoidAreaType = { TYPE_SYSTEM: 0, TYPE_CUTOUT: 1, TYPE_SYSTEM_GESTURE: 2, TYPE_KEYBOARD: 3, TYPE_NAVIGATION_INDICATOR: 4 };
  const WinOrientation = { UNSPECIFIED: 0, PORTRAIT: 1, LANDSCAPE: 2, PORTRAIT_INVERTED: 3, LANDSCAPE_INVERTED: 4, AUTO_ROTATION: 5, AUTO_ROTATION_PORTRAIT: 6,
    AUTO_ROTATION_LANDSCAPE: 7, AUTO_ROTATION_RESTRICTED: 8, AUTO_ROTATION_PORTRAIT_RESTRICTED: 9, AUTO_ROTATION_LANDSCAPE_RESTRICTED: 10, LOCKED: 11, AUTO_ROTATION_UNSPECIFIED: 12,
    USER_ROTATION_PORTRAIT: 13, USER_ROTATION_LANDSCAPE: 14, USER_ROTATION_PORTRAIT_INVERTED: 15, USER_ROTATION_LANDSCAPE_INVERTED: 16, FOLLOW_DESKTOP: 17 };
  const win = {
    fullScreen: false, layoutFullScreen: false, statusBar: true, navigationBar: true, keepScreenOn: false, privacy: false, brightness: -1, orientation: 0, touchable: true, focusable: true,
    background: '#FFFFFFFF', statusBarColor: '#00000000', statusBarContentColor: '#E5000000', navigationBarColor: '#00000000',
  };
  /** Avoid areas of the profile (px): a status bar and navigation indicator on phones/tablets, none on round watches. */
  const insets = () => {
    const e = env();
    const round = e.shape === 'round' || e.deviceType === 'wearable';
    const px = (vp: number) => Math.round(vp * e.density);
    const landscape = e.orientation === 'landscape';
    const W = px(landscape ? e.height : e.width); const H = px(landscape ? e.width : e.height);
    return { W, H, top: round ? 0 : px(e.deviceType === 'tablet' ? 32 : 36), bottom: round ? 0 : px(28), round };
  };
  const emptyRect = { left: 0, top: 0, width: 0, height: 0 };
  const avoidArea = (type: number) => {
    const a = insets();
    const none = { visible: false, leftRect: emptyRect, topRect: emptyRect, rightRect: emptyRect, bottomRect: emptyRect };
    if (type === AvoidAreaType.TYPE_SYSTEM) return win.statusBar && a.top ? { ...none, visible: true, topRect: { left: 0, top: 0, width: a.W, height: a.top } } : none;
    if (type === AvoidAreaType.TYPE_NAVIGATION_INDICATOR) return win.navigationBar && a.bottom ? { ...none, visible: true, bottomRect: { left: 0, top: a.H - a.bottom, width: a.W, height: a.bottom } } : none;
    if (type === AvoidAreaType.TYPE_CUTOUT || type === AvoidAreaType.TYPE_KEYBOARD || type === AvoidAreaType.TYPE_SYSTEM_GESTURE) return none;
    throw paramErr('The type of "type" must be AvoidAreaType.');
  };
  const properties = () => {
    const a = insets();
    const rect = { left: 0, top: 0, width: a.W, height: a.H };
    return { windowRect: rect, drawableRect: win.layoutFullScreen ? rect : { left: 0, top: a.top, width: a.W, height: a.H - a.top - a.bottom }, type: 0, isFullScreen: win.fullScreen,
      isLayoutFullScreen: win.layoutFullScreen, focusable: win.focusable, touchable: win.touchable, brightness: win.brightness, isKeepScreenOn: win.keepScreenOn,
      isPrivacyMode: win.privacy, isTransparent: false, id: 1, displayId: 0, name: 'main' };
  };
  const set = (f: () => void) => (...a: any[]) => { const cb = a.find((x) => typeof x === 'function'); return rt.asyncApi(() => { f(); }, cb); };
  const mainWindow: any = {
    getWindowProperties: () => properties(), getProperties: (cb?: any) => rt.asyncApi(properties, cb),
    getWindowAvoidArea: (type: number) => avoidArea(type), getAvoidArea: (type: number, cb?: any) => rt.asyncApi(() => avoidArea(type), cb),
    setWindowLayoutFullScreen: (on: any, cb?: any) => rt.asyncApi(() => { if (typeof on !== 'boolean') throw paramErr('The type of "isLayoutFullScreen" must be boolean.'); win.layoutFullScreen = on; }, cb),
    setFullScreen: (on: any, cb?: any) => rt.asyncApi(() => { win.fullScreen = !!on; win.layoutFullScreen = !!on; win.statusBar = win.navigationBar = !on; }, cb),
    setWindowSystemBarEnable: (names: any, cb?: any) => rt.asyncApi(() => {
      if (!Array.isArray(names)) throw paramErr('The type of "names" must be Array<\'status\' | \'navigation\'>.');
      win.statusBar = names.includes('status'); win.navigationBar = names.includes('navigation');
      fire('avoidAreaChange', { type: AvoidAreaType.TYPE_SYSTEM, area: avoidArea(AvoidAreaType.TYPE_SYSTEM) });
    }, cb),
    setSpecificSystemBarEnabled: (name: string, enable: boolean) => rt.asyncApi(() => { if (name === 'status') win.statusBar = !!enable; else if (name === 'navigationIndicator' || name === 'navigation') win.navigationBar = !!enable; else throw paramErr('The type of "name" must be status or navigationIndicator.'); }),
    setWindowSystemBarProperties: (p: any, cb?: any) => rt.asyncApi(() => {
      if (!p || typeof p !== 'object') throw paramErr('The type of "systemBarProperties" must be SystemBarProperties.');
      if (p.statusBarColor) win.statusBarColor = p.statusBarColor; if (p.statusBarContentColor) win.statusBarContentColor = p.statusBarContentColor; if (p.navigationBarColor) win.navigationBarColor = p.navigationBarColor;
    }, cb),
    getWindowSystemBarProperties: () => ({ statusBarColor: win.statusBarColor, statusBarContentColor: win.statusBarContentColor, isStatusBarLightIcon: false, navigationBarColor: win.navigationBarColor }),
    setWindowKeepScreenOn: (on: boolean, cb?: any) => rt.asyncApi(() => { win.keepScreenOn = !!on; }, cb),
    setWindowPrivacyMode: (on: boolean, cb?: any) => rt.asyncApi(() => { win.privacy = !!on; }, cb),
    setWindowBrightness: (b: number, cb?: any) => rt.asyncApi(() => { if (typeof b !== 'number' || (b !== -1 && (b < 0 || b > 1))) throw paramErr('The brightness must be -1 or 0..1.'); win.brightness = b; }, cb),
    setWindowBackgroundColor: (c: any) => { if (typeof c !== 'string' && typeof c !== 'object') throw paramErr('The type of "color" must be string.'); win.background = String(c); },
    setPreferredOrientation: (o: any, cb?: any) => rt.asyncApi(() => {
      if (typeof o !== 'number' || o < 0 || o > 17) throw paramErr('The type of "orientation" must be Orientation.');
      win.orientation = o;
      const want = o === WinOrientation.LANDSCAPE || o === WinOrientation.LANDSCAPE_INVERTED || o === WinOrientation.USER_ROTATION_LANDSCAPE || o === WinOrientation.AUTO_ROTATION_LANDSCAPE ? 'landscape'
        : o === WinOrientation.PORTRAIT || o === WinOrientation.PORTRAIT_INVERTED || o === WinOrientation.USER_ROTATION_PORTRAIT || o === WinOrientation.AUTO_ROTATION_PORTRAIT ? 'portrait' : undefined;
      if (want && env().orientation !== want) {
        dev('orientation', { orientation: want });
        const p = properties();
        fire('windowSizeChange', { width: p.windowRect.width, height: p.windowRect.height });
        fire('display.change', 0);
      }
    }, cb),
    getPreferredOrientation: () => win.orientation,
    setWindowTouchable: set(() => undefined), setWindowFocusable: set(() => undefined), setWindowColorSpace: set(() => undefined), getWindowColorSpace: () => 0,
    setWindowDecorVisible() {}, setWindowTitleButtonVisible() {}, setResizeByDragEnabled: () => resolved(), setWindowMask: () => resolved(), setTitleAndDockHoverShown: () => resolved(),
    isWindowShowing: () => true, isWindowSupportWideGamut: () => resolved(false), isFocused: () => true, getWindowStatus: () => (win.fullScreen ? 1 : 0),
    getUIContext: () => g.__hmosUIContext, getWindowDensityInfo: () => ({ systemDensity: env().density, defaultDensity: env().density, customDensity: env().density }),
    setUIContent: (path: string, cb?: any) => rt.asyncApi(() => rt.router.replaceUrl({ url: path }), cb),
    loadContent: (path: string, a?: any, b?: any) => rt.asyncApi(() => rt.router.replaceUrl({ url: path }), typeof a === 'function' ? a : b),
    showWindow: (cb?: any) => rt.asyncApi(() => undefined, cb), destroyWindow: (cb?: any) => rt.asyncApi(() => undefined, cb), minimize: (cb?: any) => rt.asyncApi(() => undefined, cb),
    resize: (w: number, h: number, cb?: any) => rt.asyncApi(() => { throw err(1300002, `This window state is abnormal: the main window is ${w}x${h}-fixed on an emulated device`); }, cb),
    moveWindowTo: (_x: number, _y: number, cb?: any) => rt.asyncApi(() => { throw err(1300002, 'This window state is abnormal: the main window cannot move on an emulated device'); }, cb),
    snapshot: () => Promise.reject(err(1300002, 'This window state is abnormal: snapshots are taken with hmos screenshot')),
    on: (type: string, cb: any) => on(type, cb), off: (type: string, cb?: any) => off(type, cb),
  };
  rt.mainWindow = mainWindow;
  const windowStage = () => ({
    getMainWindow: (cb?: any) => rt.asyncApi(() => mainWindow, cb), getMainWindowSync: () => mainWindow,
    createSubWindow: () => Promise.reject(err(1300002, 'This window state is abnormal: sub-windows are not emulated')),
    on: (type: string, cb: any) => on('stage.' + type, cb), off: (type: string, cb?: any) => off('stage.' + type, cb), getWindowMode: () => 1,
  });
  rt.windowStage = windowStage;
  const windowKit = {
    WindowType, AvoidAreaType, Orientation: WinOrientation,
    WindowMode: { UNDEFINED: 1, FULLSCREEN: 2, PRIMARY: 3, SECONDARY: 4, FLOATING: 5 }, WindowStatusType: { UNDEFINED: 0, FULL_SCREEN: 1, MAXIMIZE: 2, MINIMIZE: 3, FLOATING: 4, SPLIT_SCREEN: 5 },
    WindowStageEventType: { SHOWN: 1, ACTIVE: 2, INACTIVE: 3, HIDDEN: 4, RESUMED: 5, PAUSED: 6 }, WindowEventType: { WINDOW_SHOWN: 1, WINDOW_ACTIVE: 2, WINDOW_INACTIVE: 3, WINDOW_HIDDEN: 4, WINDOW_DESTROYED: 7 },
    ColorSpace: { DEFAULT: 0, WIDE_GAMUT: 1 }, BlurStyle: { OFF: 0, THIN: 1, REGULAR: 2, THICK: 3 }, WindowAnimationCurve: { LINEAR: 0, INTERPOLATION_SPRING: 1 },
    getLastWindow: (_ctx: any, cb?: any) => rt.asyncApi(() => mainWindow, cb), findWindow: (name: string) => { if (name !== 'main') throw err(1300002, `This window state is abnormal: no window named ${name}`); return mainWindow; },
    createWindow: () => Promise.reject(err(1300002, 'This window state is abnormal: only the main window exists on an emulated device')),
    getWindowsByCoordinate: () => resolved([mainWindow]), shiftAppWindowFocus: () => resolved(),
    on: (type: string, cb: any) => on('win.' + type, cb), off: (type: string, cb?: any) => off('win.' + type, cb),
  };
  rt.defineModule('@ohos.window', () => windowKit);

  // ---- screen: the device's one physical screen (its mode is the profile's size; orientation as the window's) ----
  const ScreenOrientation = { UNSPECIFIED: 0, VERTICAL: 1, HORIZONTAL: 2, REVERSE_VERTICAL: 3, REVERSE_HORIZONTAL: 4 };
  const screenOrientation = { value: ScreenOrientation.UNSPECIFIED };
  const screenObject = () => {
    const d = displayInfo();
    const mode = { id: 0, width: Math.min(d.width, d.height), height: Math.max(d.width, d.height), refreshRate: 60 };
    return {
      id: 0, parent: 0, supportedModeInfo: [mode], activeModeIndex: 0, orientation: screenOrientation.value, sourceMode: 0, densityDpi: d.densityDPI,
      setOrientation: (o: any, cb?: any) => rt.asyncApi(() => {
        if (typeof o !== 'number' || o < 0 || o > 4) throw paramErr('The type of "orientation" must be Orientation.');
        screenOrientation.value = o;
        const want = o === ScreenOrientation.HORIZONTAL || o === ScreenOrientation.REVERSE_HORIZONTAL ? 'landscape' : o === ScreenOrientation.UNSPECIFIED ? undefined : 'portrait';
        if (want && env().orientation !== want) {
          dev('orientation', { orientation: want });
          fire('display.change', 0);
          fire('screen.change', 0);
        }
      }, cb),
      setScreenActiveMode: (i: any, cb?: any) => rt.asyncApi(() => { if (i !== 0) throw paramErr('The screen has one mode: 0.'); }, cb),
      setDensityDpi: (dpi: any, cb?: any) => rt.asyncApi(() => { if (typeof dpi !== 'number' || dpi < 80 || dpi > 640) throw paramErr('The densityDpi must be 80..640.'); }, cb),
    };
  };
  const systemOnly = () => Promise.reject(err(202, 'Permission verification failed. A non-system application calls a system API.'));
  const screen = {
    Orientation: ScreenOrientation, ScreenSourceMode: { SCREEN_MAIN: 0, SCREEN_MIRROR: 1, SCREEN_EXTEND: 2, SCREEN_ALONE: 3 },
    getAllScreens: (cb?: any) => rt.asyncApi(() => [screenObject()], cb),
    on: (type: string, cb: any) => { if (!['connect', 'disconnect', 'change'].includes(type)) throw paramErr('The type must be connect, disconnect or change.'); on('screen.' + type, cb); },
    off: (type: string, cb?: any) => off('screen.' + type, cb),
    isScreenRotationLocked: (cb?: any) => rt.asyncApi(() => false, cb),
    setScreenRotationLocked: (_locked: boolean, cb?: any) => rt.asyncApi(() => undefined, cb),
    makeExpand: systemOnly, makeMirror: systemOnly, createVirtualScreen: systemOnly, destroyVirtualScreen: systemOnly, setVirtualScreenSurface: systemOnly,
  };
  rt.defineModule('@ohos.screen', () => screen);

  // ---- abilityAccessCtrl: user_grant permissions are asked for in a dialog on the device ----
  const GrantStatus = { PERMISSION_DENIED: -1, PERMISSION_GRANTED: 0 };
  const LABELS: Record<string, string> = {
    'ohos.permission.CAMERA': 'use the camera', 'ohos.permission.MICROPHONE': 'use the microphone', 'ohos.permission.LOCATION': 'use your precise location',
    'ohos.permission.APPROXIMATELY_LOCATION': 'use your approximate location', 'ohos.permission.READ_PASTEBOARD': 'read the pasteboard',
    'ohos.permission.READ_IMAGEVIDEO': 'read your photos and videos', 'ohos.permission.WRITE_IMAGEVIDEO': 'change your photos and videos',
    'ohos.permission.ACTIVITY_MOTION': 'use your motion data', 'ohos.permission.READ_CALENDAR': 'read your calendar', 'ohos.permission.DISTRIBUTED_DATASYNC': 'exchange data with your other devices',
  };
  const names = (perms: any) => {
    if (!Array.isArray(perms) || !perms.length || perms.some((p) => typeof p !== 'string' || !p)) throw err(12100001, 'Invalid parameter. The permissionList is empty or contains an invalid name.');
    return perms as string[];
  };
  const ask = async (perms: string[]) => {
    const kinds = perms.map((p) => dev('perm.kind', { name: p }) as string);
    // Undeclared permissions and system_grant ones are never shown in a dialog.
    const toAsk = perms.filter((p, i) => kinds[i] === 'user_grant' && dev('perm.state', { name: p }) !== 0 && dev('perm.policy') === 'ask');
    const shown = new Set<string>();
    for (const p of [...new Set(toAsk)]) {
      shown.add(p);
      const r: any = await rt.promptAction.showDialog({ title: `Allow ${env().bundleName} to ${LABELS[p] ?? `use ${p.replace('ohos.permission.', '')}`}?`, message: p,
        buttons: [{ text: 'Deny', color: '#007DFF' }, { text: 'Allow', color: '#007DFF' }] });
      dev('perm.answer', { answers: { [p]: r?.index === 1 } });
    }
    if (dev('perm.policy') === 'none') dev('perm.answer', { answers: Object.fromEntries(perms.filter((p, i) => kinds[i] === 'user_grant').map((p) => [p, false])) });
    if (dev('perm.policy') === 'all') dev('perm.answer', { answers: Object.fromEntries(perms.filter((p, i) => kinds[i] === 'user_grant').map((p) => [p, true])) });
    return {
      permissions: perms, authResults: perms.map((p, i) => (kinds[i] === 'undeclared' ? 2 : dev('perm.state', { name: p }))),
      dialogShownResults: perms.map((p) => shown.has(p)), errorReasons: perms.map((_p, i) => (kinds[i] === 'undeclared' ? 1 : 0)),
    };
  };
  const check = (p: any) => { if (typeof p !== 'string' || !p || p.length > 256) throw err(12100001, 'Invalid parameter. The permissionName is empty or exceeds 256 characters.'); return dev('perm.state', { name: p }); };
  const abilityAccessCtrl = {
    GrantStatus, PermissionRequestToggleStatus: { CLOSED: 0, OPEN: 1 }, PermissionStatus: { DENIED: -1, GRANTED: 0, NOT_DETERMINED: 1, INVALID: 2, RESTRICTED: 3 },
    SwitchType: { CAMERA: 0, MICROPHONE: 1, LOCATION: 2 },
    createAtManager: () => ({
      requestPermissionsFromUser: (_ctx: any, perms: any, cb?: any) => rt.asyncApi(() => ask(names(perms)), cb),
      requestPermissionOnSetting: (_ctx: any, perms: any) => rt.asyncApi(async () => (await ask(names(perms))).authResults),
      requestGlobalSwitch: () => resolved(true),
      checkAccessToken: (_t: any, p: any) => rt.asyncApi(() => check(p)), checkAccessTokenSync: (_t: any, p: any) => check(p),
      verifyAccessTokenSync: (_t: any, p: any) => check(p), verifyAccessToken: (_t: any, p: any) => rt.asyncApi(() => check(p)),
      getSelfPermissionStatus: (p: any) => { const s = check(p); return s === 0 ? 0 : dev('perm.kind', { name: p }) === 'undeclared' ? 2 : 1; },
      on() {}, off() {},
    }),
  };
  rt.defineModule('@ohos.abilityAccessCtrl', () => abilityAccessCtrl);
  rt.defineModule('@ohos.app.ability.ConfigurationConstant', () => ({
    ColorMode: { COLOR_MODE_NOT_SET: -1, COLOR_MODE_DARK: 0, COLOR_MODE_LIGHT: 1 }, Direction: { DIRECTION_NOT_SET: -1, DIRECTION_VERTICAL: 0, DIRECTION_HORIZONTAL: 1 },
    ScreenDensity: { SCREEN_DENSITY_NOT_SET: 0, SCREEN_DENSITY_SDPI: 120, SCREEN_DENSITY_MDPI: 160, SCREEN_DENSITY_LDPI: 240, SCREEN_DENSITY_XLDPI: 320, SCREEN_DENSITY_XXLDPI: 480, SCREEN_DENSITY_XXXLDPI: 640 },
  }));

  // ---- vibrator: recorded on the device (log, terminal UI); needs ohos.permission.VIBRATE ----
  const vibrator = {
    VibratorStopMode: { VIBRATOR_STOP_MODE_TIME: 'time', VIBRATOR_STOP_MODE_PRESET: 'preset' }, EffectId: { EFFECT_CLOCK_TIMER: 'haptic.clock.timer' },
    HapticFeedback: { EFFECT_SOFT: 'haptic.effect.soft', EFFECT_HARD: 'haptic.effect.hard', EFFECT_SHARP: 'haptic.effect.sharp' },
    startVibration: (effect: any, _attr: any, cb?: any) => rt.asyncApi(() => {
      if (!effect || typeof effect.type !== 'string') throw paramErr('The type of "effect" must be VibrateEffect.');
      const ms = effect.type === 'time' ? Number(effect.duration) : effect.type === 'preset' ? 50 * (Number(effect.count) || 1) : 100;
      if (effect.type === 'time' && !(ms > 0)) throw paramErr('The duration must be a positive number.');
      dev('vibrate', { ms, effect: effect.type === 'preset' ? String(effect.effectId) : effect.type });
    }, cb),
    vibrate: (ms: any, cb?: any) => rt.asyncApi(() => { dev('vibrate', { ms: Number(ms) || 0, effect: 'time' }); }, typeof cb === 'function' ? cb : undefined),
    stopVibration: (_m?: any, cb?: any) => rt.asyncApi(() => undefined, typeof _m === 'function' ? _m : cb), stopVibrationSync() {},
    isSupportEffect: (_id: string, cb?: any) => rt.asyncApi(() => false, cb), isSupportEffectSync: () => false, isHdHapticSupported: () => false,
  };
  rt.defineModule('@ohos.vibrator', () => vibrator);

  // ---- sensor: a device at rest (gravity down, no rotation, 1013 hPa, 25 °C); ids as the platform's ----
  const SensorId = { ACCELEROMETER: 1, GYROSCOPE: 2, AMBIENT_LIGHT: 5, MAGNETIC_FIELD: 6, BAROMETER: 8, HALL: 10, PROXIMITY: 12, HUMIDITY: 13, ORIENTATION: 256, GRAVITY: 257,
    LINEAR_ACCELEROMETER: 258, ROTATION_VECTOR: 259, AMBIENT_TEMPERATURE: 260, PEDOMETER_DETECTION: 265, PEDOMETER: 266, HEART_RATE: 278, WEAR_DETECTION: 280 };
  const reading = (id: number): any => {
    const t = { timestamp: Date.now() * 1e6, accuracy: 3 };
    switch (id) {
      case 1: case 257: return { ...t, x: 0, y: 0, z: 9.81 }; case 2: case 258: return { ...t, x: 0, y: 0, z: 0 }; case 5: return { ...t, intensity: 300 };
      case 6: return { ...t, x: 0, y: 30, z: -40 }; case 8: return { ...t, pressure: 1013.25 }; case 12: return { ...t, distance: 5 }; case 13: return { ...t, humidity: 45 };
      case 256: return { ...t, alpha: 0, beta: 0, gamma: 0 }; case 259: return { ...t, x: 0, y: 0, z: 0, w: 1 }; case 260: return { ...t, temperature: 25 };
      case 266: return { ...t, steps: 0 }; case 278: return { ...t, heartRate: 70 }; case 280: return { ...t, value: 1 }; default: return undefined;
    }
  };
  const sensorTimers = new Map<string, number>();
  const sensorPerm: Record<number, string> = { 1: 'ohos.permission.ACCELEROMETER', 2: 'ohos.permission.GYROSCOPE', 258: 'ohos.permission.ACCELEROMETER', 265: 'ohos.permission.ACTIVITY_MOTION', 266: 'ohos.permission.ACTIVITY_MOTION', 278: 'ohos.permission.READ_HEALTH_DATA' };
  const sensorCheck = (id: any) => {
    if (typeof id !== 'number') throw paramErr('The type of "type" must be SensorId.');
    if (reading(id) === undefined) throw err(14500102, 'The sensor is not supported by the device.');
    const p = sensorPerm[id];
    if (p && dev('perm.state', { name: p }) !== 0) throw err(201, `Permission denied: ${p}`);
  };
  const sensor = {
    SensorId, SensorAccuracy: { ACCURACY_UNRELIABLE: 0, ACCURACY_LOW: 1, ACCURACY_MEDIUM: 2, ACCURACY_HIGH: 3 },
    on(id: any, cb: any, opt?: any) {
      sensorCheck(id); if (typeof cb !== 'function') throw paramErr('The type of "callback" must be function.');
      const ms = Math.max(5, Math.round((Number(opt?.interval) || 200_000_000) / 1e6));
      const key = `${id}`; const prev = sensorTimers.get(key); if (prev) g.clearInterval(prev);
      sensorTimers.set(key, g.setInterval(() => cb(reading(id)), ms));
    },
    once(id: any, cb: any) { sensorCheck(id); if (typeof cb !== 'function') throw paramErr('The type of "callback" must be function.'); g.setTimeout(() => cb(reading(id)), 0); },
    off(id: any) { const t = sensorTimers.get(`${id}`); if (t) { g.clearInterval(t); sensorTimers.delete(`${id}`); } },
    getSensorList: (cb?: any) => rt.asyncApi(() => Object.entries(SensorId).filter(([, v]) => reading(v) !== undefined).map(([k, v]) => ({ sensorName: k, vendorName: 'hmos', sensorId: v, sensorTypeId: v })), cb),
    getSensorListSync: () => Object.entries(SensorId).filter(([, v]) => reading(v) !== undefined).map(([k, v]) => ({ sensorName: k, vendorName: 'hmos', sensorId: v, sensorTypeId: v })),
    getSingleSensor: (id: number, cb?: any) => rt.asyncApi(() => { sensorCheck(id); return { sensorId: id, sensorName: String(id), vendorName: 'hmos' }; }, cb),
  };
  rt.defineModule('@ohos.sensor', () => sensor);

  // ---- geoLocationManager: the device's location (`hmos input --device <id> location:<lat>,<lon>`) ----
  const locationWatchers = new Set<any>();
  rt.kitEvents.on('location', (loc: any) => { for (const cb of locationWatchers) cb({ ...loc }); });
  const location = () => ({ ...dev('location'), timeSinceBoot: 0, additionSize: 0, isFromMock: false });
  const geoLocationManager = {
    LocationRequestPriority: { UNSET: 0x200, ACCURACY: 0x201, LOW_POWER: 0x202, FIRST_FIX: 0x203 },
    LocationRequestScenario: { UNSET: 0x300, NAVIGATION: 0x301, TRAJECTORY_TRACKING: 0x302, CAR_HAILING: 0x303, DAILY_LIFE_SERVICE: 0x304, NO_POWER: 0x305 },
    UserActivityScenario: { NAVIGATION: 0x401, SPORT: 0x402, TRANSPORT: 0x403, DAILY_LIFE_SERVICE: 0x404 }, LocatingPriority: { PRIORITY_ACCURACY: 0x501, PRIORITY_LOCATING_SPEED: 0x502 },
    CoordinateSystemType: { WGS84: 1, GCJ02: 2 },
    isLocationEnabled: () => dev('locationEnabled'),
    getCurrentLocation: (a?: any, b?: any) => rt.asyncApi(() => location(), typeof a === 'function' ? a : b),
    getLastLocation: () => location(),
    on(type: string, _req: any, cb: any) {
      if (type !== 'locationChange') return;
      if (typeof cb !== 'function') throw paramErr('The type of "callback" must be function.');
      location(); locationWatchers.add(cb); dev('watchLocation');
    },
    off(type: string, cb?: any) { if (type === 'locationChange') { if (cb) locationWatchers.delete(cb); else locationWatchers.clear(); } },
    getAddressesFromLocation: (_r: any, cb?: any) => rt.asyncApi(() => { throw err(3301300, 'Reverse geocoding query failed: no geocoding service on an emulated device.'); }, cb),
    getAddressesFromLocationName: (_r: any, cb?: any) => rt.asyncApi(() => { throw err(3301400, 'Geocoding query failed: no geocoding service on an emulated device.'); }, cb),
    isGeocoderAvailable: () => false,
  };
  rt.defineModule('@ohos.geoLocationManager', () => geoLocationManager);

  // ---- inputMethod: the device's soft keyboard (typing arrives as input events) ----
  const inputMethod = {
    getController: () => ({ hideTextInput: () => resolved(), stopInputSession: () => resolved(true), showTextInput: () => resolved(), on() {}, off() {} }),
    getSetting: () => ({ getInputMethods: () => resolved([]), showOptionalInputMethods: () => resolved(true), on() {}, off() {} }),
    getCurrentInputMethod: () => ({ name: 'hmos.keyboard', id: 'hmos.keyboard' }), switchInputMethod: () => resolved(false),
    KeyboardStatus: { NONE: 0, HIDE: 1, SHOW: 2 }, Direction: { CURSOR_UP: 1, CURSOR_DOWN: 2, CURSOR_LEFT: 3, CURSOR_RIGHT: 4 },
  };
  rt.defineModule('@ohos.inputMethod', () => inputMethod);
  const motion = {
    HoldingHandStatus: { NOT_HELD: 0, LEFT_HAND_HELD: 1, RIGHT_HAND_HELD: 2, BOTH_HANDS_HELD: 3, UNKNOWN_STATUS: 16 },
    OperatingHandStatus: { UNKNOWN_STATUS: 0, LEFT_HAND_OPERATED: 1, RIGHT_HAND_OPERATED: 2 },
    on: (_t: string, cb: any) => { if (typeof cb !== 'function') throw paramErr('The type of "callback" must be function.'); throw err(31500001, 'The device does not support this API: no motion sensing on an emulated device.'); },
    off: () => undefined, getRecentOperatingHandStatus: () => 0,
  };
  rt.defineModule('@ohos.multimodalAwareness.motion', () => motion);

  // ---- i18n / intl: the realm's own Intl, with the device's locale ----
  const locale = () => String(env().locale ?? 'en_US').replace('_', '-');
  /** The app's own preferred language (setAppPreferredLanguage), kept for the app's reads; the device keeps its locale. */
  let preferred: string | undefined;
  const i18n = {
    getSystemLanguage: () => locale().split('-')[0], getSystemRegion: () => locale().split('-')[1] ?? '', getSystemLocale: () => locale(),
    System: {
      getSystemLanguage: () => locale().split('-')[0], getSystemRegion: () => locale().split('-')[1] ?? '', getSystemLocale: () => locale(),
      is24HourClock: () => !/^en-US$/.test(locale()), getSystemLanguages: () => ['en', 'zh'], getSystemCountries: () => ['US', 'CN', 'GB'], getAppPreferredLanguage: () => preferred ?? locale(),
      getPreferredLanguageList: () => [preferred ?? locale()], getFirstPreferredLanguage: () => preferred ?? locale(), isSuggested: () => true, getDisplayLanguage: (l: string, d: string) => new Intl.DisplayNames([d], { type: 'language' }).of(l) ?? l,
      getDisplayCountry: (c: string, d: string) => new Intl.DisplayNames([d], { type: 'region' }).of(c) ?? c, getUsingLocalDigit: () => false, getSystemLocaleInstance: () => new Intl.Locale(locale()),
      setAppPreferredLanguage: (lang: any) => { if (typeof lang !== 'string') throw paramErr('The type of "language" must be string.'); preferred = lang; },
    },
    isRTL: (l: string) => /^(ar|he|fa|ur)\b/.test(String(l)),
    getTimeZone: (id?: string) => { const tz = id ?? dev('timezone'); return { getID: () => tz, getDisplayName: () => tz, getRawOffset: () => 0, getOffset: () => -new Date().getTimezoneOffset() * 60000 }; },
    getCalendar: (l: string) => { let d = new Date(); return { setTime: (t: any) => { d = new Date(t instanceof Date ? t.getTime() : t); }, get: (f: string) => ({ year: d.getFullYear(), month: d.getMonth(), date: d.getDate(), hour_of_day: d.getHours(), minute: d.getMinutes(), second: d.getSeconds(), day_of_week: d.getDay() + 1 } as Record<string, number>)[f] ?? 0, getDisplayName: () => l, getTimeInMillis: () => d.getTime() }; },
    Unicode: { isDigit: (c: string) => /^\p{Nd}$/u.test(c), isLetter: (c: string) => /^\p{L}$/u.test(c), isSpaceChar: (c: string) => /^\s$/.test(c), isUpperCase: (c: string) => /^\p{Lu}$/u.test(c), isLowerCase: (c: string) => /^\p{Ll}$/u.test(c) },
    PhoneNumberFormat: class { constructor(readonly country: string) {} isValidNumber(n: string) { return /^\+?[\d\s-]{5,}$/.test(n); } format(n: string) { return n; } },
  };
  rt.defineModule('@ohos.i18n', () => i18n);
  const intl = {
    Locale: class { readonly language: string; readonly region: string; readonly baseName: string; constructor(l?: string) { const x = new Intl.Locale(l ?? locale()); this.language = x.language; this.region = x.region ?? ''; this.baseName = x.baseName; } toString() { return this.baseName; } },
    DateTimeFormat: class { private f: Intl.DateTimeFormat; constructor(l?: any, o?: any) { this.f = new Intl.DateTimeFormat(l ?? locale(), o); } format(d: Date) { return this.f.format(d); } formatRange(a: Date, b: Date) { return `${this.f.format(a)} – ${this.f.format(b)}`; } resolvedOptions() { return this.f.resolvedOptions(); } },
    NumberFormat: class { private f: Intl.NumberFormat; constructor(l?: any, o?: any) { this.f = new Intl.NumberFormat(l ?? locale(), o); } format(n: number) { return this.f.format(n); } resolvedOptions() { return this.f.resolvedOptions(); } },
    Collator: class { private c: Intl.Collator; constructor(l?: any, o?: any) { this.c = new Intl.Collator(l ?? locale(), o); } compare(a: string, b: string) { return this.c.compare(a, b); } resolvedOptions() { return this.c.resolvedOptions(); } },
    PluralRules: class { private p: Intl.PluralRules; constructor(l?: any, o?: any) { this.p = new Intl.PluralRules(l ?? locale(), o); } select(n: number) { return this.p.select(n); } },
    RelativeTimeFormat: class { private r: Intl.RelativeTimeFormat; constructor(l?: any, o?: any) { this.r = new Intl.RelativeTimeFormat(l ?? locale(), o); } format(v: number, u: any) { return this.r.format(v, u); } },
  };
  rt.defineModule('@ohos.intl', () => intl);
}

/**
 * Always installed: the ability's windowStage.getMainWindow() and window.getLastWindow() are the same window (the
 * one above), and a configuration change on the device reaches the app as on a phone — the ability's and the stage's
 * onConfigurationUpdate, the application context's environment callbacks, the context's `config`.
 */
export function installWindowHook(g: any): void {
  const rt = g.__rt;
  Object.defineProperty(rt, 'window', { configurable: true, get: () => { g.__hmosKit('@ohos.window'); return rt.mainWindow; }, set: () => undefined });
  rt.kitEvents.on('configuration', (cfg: any) => {
    const ctx = g.__hmosAbilityContext;
    if (ctx?.config) Object.assign(ctx.config, { colorMode: cfg.colorMode, language: cfg.language, fontSizeScale: cfg.fontSizeScale });
    for (const cb of rt.environmentCallbacks ?? []) cb?.onConfigurationUpdated?.(cfg);
    rt.ability?.onConfigurationUpdate?.(cfg);
  });
  rt.environmentCallbacks = [];
  const makeContext = rt.makeContext;
  rt.makeContext = (...a: any[]) => {
    const ctx = makeContext(...a);
    const on = ctx.on; const off = ctx.off;
    ctx.on = (type: string, cb: any) => { if (type !== 'environment') return on(type, cb); rt.environmentCallbacks.push(cb); return rt.environmentCallbacks.length; };
    ctx.off = (type: string, id: any, cb?: any) => {
      if (type !== 'environment') return off(type, id, cb);
      if (!rt.environmentCallbacks[id - 1]) return Promise.reject(rt.kitError(16000050, 'Internal error: no such environment callback.'));
      rt.environmentCallbacks[id - 1] = undefined;
      return Promise.resolve();
    };
    return ctx;
  };
}
