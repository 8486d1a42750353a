/**
 * The headless device/app API that preview, the emulator and the connector drive.
 *
 *   const device = createDevice({ profile: 'phone', dataDir, locale: 'en_US', colorMode: 'light', watchdogMs: 5000 });
 *   const app = device.launch({ bundle, abilityName?, page?, want?, resources? });
 *     // bundle: Map<path, bytes> of a verified HAP: 'ets/bundle.js' (+ 'ets/bundle.js.map'), 'module.json'
 *   app.tree()            the UINode tree shown ('Root': the visible page's nodes, then open dialogs/toasts) — a host copy,
 *                         remade after app code runs — or the crash screen
 *   app.page()            path of the visible page ('pages/Index'), null before a page is loaded
 *   app.logs              device log entries of this app {time, level D/I/W/E/F, tag, domain?, message}
 *   app.click(node) / app.inputText(node, text) / app.swipe(node, dy) / app.back()
 *   await app.settle()    all pending updates and in-flight async kit calls done
 *   app.stop() / app.relaunch() / app.background() / app.foreground() / app.newWant(want)
 *   app.on('frame' | 'log' | 'crash' | 'page' | 'exit', cb)
 *   app.crash             the CrashReport if app code crashed (tree() then shows the error screen)
 *
 * App code runs in its own realm (realm.ts) under a watchdog; its files live under
 * `<dataDir>/apps/<bundleName>/` and are reached only through SandboxFs (sandbox-fs.ts).
 */
import { resourceNumber, systemResource } from './system-resources.js';
import { EventEmitter } from 'node:events';
import { randomUUID } from 'node:crypto';
import path from 'node:path';
import { SourceMap } from 'node:module';
import { HmosError } from '../errors.js';
import { DEVICE_PROFILES, normalizeDeviceType, type DeviceProfile, type DeviceType } from './device-profile.js';
import type { UINode } from './ui-node.js';
import { parseUiSnapshot } from './ui-snapshot.js';
import { AppCodeError, AppRealm, isHostObject, type HostOps } from './realm.js';
import { SandboxFs } from './sandbox-fs.js';
import { crashScreen, locateCrash, type CrashReport } from './crash-screen.js';
import type { ResourceRef } from './abi.js';
import type { ResourceTable } from './resources.js';
import { KitBridge, type HostKits, type HostKitsOption, type RealmExtension, type RealmExtensionsOption } from './kit-bridge.js';
import { resourceTableFromHap } from './hap-resources.js';
import { splitSharedPackages } from '../hap/shared-package-entries.js';
import { hapImageSource } from './render/image-source.js';
import type { ImageData, ImageSource } from './layout/types.js';
import { createDeviceClock, type DeviceClock } from './clock.js';
import { loadLayoutEngine, loadedLayoutEngine, layoutPage, type LayoutEngine } from './layout/layout.js';
import { Inspector } from './inspector.js';
import { measureText } from './layout/text-measure.js';
import { KitHost } from './kits/host.js';
import { loadRealmLibrary } from './kits/realm-libraries.js';
import { DeviceKitState, type GrantPolicy } from './kits/device-state.js';
import { AppStorage } from './app-storage.js';

export interface DeviceOptions {
  profile?: DeviceType | string | DeviceProfile;
  /** Where this device keeps app data (one folder per bundle). */
  dataDir: string;
  locale?: string;
  colorMode?: 'light' | 'dark';
  fontScale?: number;
  /** Watchdog for every entry into app code, in ms (default 5000). */
  watchdogMs?: number;
  deviceId?: string;
  /** Run the device's clock in virtual time (see clock.ts): timers jump ahead whenever nothing else can run. */
  virtualTime?: boolean;
  /** How user_grant permissions are answered: a dialog on the device, or all granted (the default) / denied. */
  grant?: GrantPolicy;
}

export interface LaunchOptions {
  bundle: Map<string, Uint8Array | string>;
  abilityName?: string;
  /** Open this page directly instead of starting the ability. */
  page?: string;
  want?: Record<string, unknown>;
  resources?: ResourceTable;
  /** System modules implemented on the host (e.g. the distributed kits), see kit-bridge.ts. */
  hostKits?: HostKitsOption;
  /** Kit shims evaluated in the app realm with their host ops (e.g. the Super Device kits), see kit-bridge.ts. */
  extensions?: RealmExtensionsOption;
  /** AbilityConstant.LaunchReason: 3 (CONTINUATION) when a handoff starts the app. */
  launchReason?: number;
  /** The source's router page stack on a continuation launch. */
  continuation?: ContinuationState;
  /** Start by calling `__rt[fn](...args)` (a realm extension's entry, e.g. `hmos test`'s runner) instead of the ability. */
  startWith?: { fn: string; args: unknown[] };
}

export interface ContinuationState { pageStack: Array<{ path: string; params?: unknown }> }

/** What the source app answered to a handoff (UIAbility.onContinue). */
export interface ContinueOutcome {
  /** AbilityConstant.OnContinueResult: 0 AGREE, 1 REJECT, 2 MISMATCH; null when onContinue failed (see error). */
  result: number | null;
  /** Why the app could not answer: onContinue threw or rejected, or `INACTIVE` (setMissionContinueState). */
  error: string | null;
  wantParam: Record<string, unknown>;
  pageStack: ContinuationState['pageStack'];
}

export interface LogEntry { time: number; level: 'D' | 'I' | 'W' | 'E' | 'F'; tag: string; domain?: number; message: string }

const BUNDLE_FILE = 'ets/bundle.js';
/** The name an HSP's bundle runs under in the app's realm (its `sourceURL`), as frames of a stack show it. */
const hspBundleFile = (module: string) => `hsp/${module.replace(/[^\w.-]/g, '_')}/${BUNDLE_FILE}`;

const isResourceRef = (v: unknown): v is ResourceRef =>
  typeof v === 'object' && v !== null && typeof (v as ResourceRef).id === 'number' && typeof (v as ResourceRef).type === 'number';

/** Realm Promise.prototype → its app (weak: a stopped app's realm goes away with its promises). */
const appsByPromise = new WeakMap<object, App>();
/** The app whose realm was entered last (an app promise that rejects is settled during its app's turn). */
let lastEntered: WeakRef<App> | undefined;
let rejectionsWatched = false;

/**
 * App realms share the host's process: a promise app code rejects without a handler would reach Node's default
 * handler, which prints the reason (running its getters and `Error.prepareStackTrace` outside the watchdog) and ends
 * the process. Route those to the app's log instead, the reason described inside its realm; host promises keep
 * Node's behaviour (rethrown) unless the host installed a handler of its own. An app promise is told from a host one
 * by its prototype, read without running app code (a promise is never a Proxy).
 */
function watchAppRejections(promisePrototype: object, app: App): void {
  appsByPromise.set(promisePrototype, app);
  if (rejectionsWatched) return;
  rejectionsWatched = true;
  process.on('unhandledRejection', (reason, promise) => {
    if (isHostObject(promise)) {
      if (process.listenerCount('unhandledRejection') === 1) throw reason;
      return;
    }
    const owner = appsByPromise.get(Object.getPrototypeOf(promise) as object) ?? lastEntered?.deref();
    owner?.unhandledRejection(reason);
  });
}

export function createDevice(opts: DeviceOptions): Device {
  return new Device(opts);
}

export class Device {
  readonly profile: DeviceProfile;
  readonly apps = new Set<App>();
  /** What the apps' timers, Date.now() and animation frames run on. */
  readonly clock: DeviceClock;
  /** What the system kits keep on this device (permissions policy, location, network, notifications, photos …). */
  readonly kitState: DeviceKitState;
  constructor(readonly options: DeviceOptions) {
    this.clock = createDeviceClock({ virtual: options.virtualTime === true });
    this.kitState = new DeviceKitState({ dataDir: options.dataDir, deviceId: options.deviceId ?? 'hmos-emulated', grant: options.grant });
    // A configuration change (dark mode, locale, font scale) the user makes at run time: resources resolve anew on the
    // next layout, and each running app hears of it (onConfigurationUpdate, environment callbacks).
    this.kitState.on('configuration', (c: { colorMode?: 'light' | 'dark'; locale?: string; fontScale?: number }) => {
      if (c.colorMode) this.options.colorMode = c.colorMode;
      if (c.locale) this.options.locale = c.locale;
      if (c.fontScale) this.options.fontScale = c.fontScale;
      for (const app of this.apps) app.configurationChanged();
    });
    const p = options.profile ?? 'phone';
    if (typeof p === 'object') this.profile = p;
    else {
      const t = normalizeDeviceType(p);
      if (!t) throw new HmosError('UNKNOWN_DEVICE_TYPE', `Unknown device type '${p}'; use one of ${Object.keys(DEVICE_PROFILES).join(', ')}, watch, pc`);
      this.profile = DEVICE_PROFILES[t];
    }
  }

  /** A realm made ahead for the next start of an app (prepareRealm), with the host kits it was made for. */
  private spare: { realm: AppRealm; kits: string; adopt(hostOps: HostOps): void } | undefined;

  /**
   * Makes the realm for the next start of an app while the device is idle: making one (a V8 context with the
   * framework installed) is the largest part of a start, and a device that hot-reloads starts its app again at every
   * edit. No app code runs in it before a start takes it; a start whose host kits differ makes its own. Apps started
   * in it count performance.now() from when it was made.
   */
  prepareRealm(kits: string[]): void {
    if (this.spare) return;
    let hostOps: HostOps | undefined;
    let usable = true;
    const realm = new AppRealm((op, data) => {
      if (hostOps) return hostOps(op, data);
      if (op === 'kit.list') return kits;
      // The framework asked the device something no app can answer yet: this realm is not used.
      usable = false;
      throw new Error(`device request '${op}' before an app started`);
    }, this.options.watchdogMs ?? 5000);
    if (usable) this.spare = { realm, kits: JSON.stringify(kits), adopt: (ops) => { hostOps = ops; } };
  }

  /** The prepared realm, if it was made for these host kits (taken once). */
  takeRealm(kits: string[], hostOps: HostOps): AppRealm | undefined {
    const spare = this.spare;
    this.spare = undefined;
    if (!spare || spare.kits !== JSON.stringify(kits)) return undefined;
    spare.adopt(hostOps);
    return spare.realm;
  }

  launch(opts: LaunchOptions): App {
    const app = new App(this, opts);
    this.apps.add(app);
    app.on('exit', () => this.apps.delete(app));
    app.start();
    return app;
  }
}

const text = (v: Uint8Array | string | undefined): string | undefined => (v === undefined ? undefined : typeof v === 'string' ? v : Buffer.from(v).toString('utf8'));

export class App extends EventEmitter {
  readonly bundleName: string;
  readonly moduleName: string;
  readonly permissions: Set<string>;
  readonly logs: LogEntry[] = [];
  crash: CrashReport | undefined;
  private realm: AppRealm | undefined;
  private readonly fs: SandboxFs;
  /** Files, PersistentStorage, PersistenceV2 and preferences (app-storage.ts). */
  private readonly storage: AppStorage;
  private readonly appDir: string;
  private readonly entries: Map<string, Uint8Array>;
  private readonly resources: ResourceTable | undefined;
  /** The HSPs installed with the app (entries under `hsp/<module>/`, see shared-packages.ts), by module name. */
  private readonly hsps: Map<string, { entries: Map<string, Uint8Array>; resources?: ResourceTable; images?: ImageSource }>;
  /** Whether the HAP's V8 code cache was accepted on the last start (else why not). */
  codeCache: { cached: boolean; reason?: string } = { cached: false };
  /** The bundle's source map, parsed when a crash is first located (a start does not need it). */
  private mapParsed: { map: SourceMap | undefined } | undefined;
  /** App timer id → device clock timer id. */
  private readonly timers = new Map<number, number>();
  private flushPending = false;
  private releaseFlush: (() => void) | undefined;
  private releaseKitCalls: (() => void) | undefined;
  private kits: HostKits = {};
  private bridge: KitBridge | undefined;
  private kitHost: KitHost | undefined;
  /** module.json of the HAP (app + module), for the kits that describe the app to itself (bundleManager). */
  private readonly manifest: any;
  private readonly continuations = new Map<number, (o: ContinueOutcome) => void>();
  private nextContinuation = 1;
  private extensions: RealmExtension[] = [];
  private inflight = 0;
  private currentPage: string | null = null;
  private stopped = false;

  constructor(readonly device: Device, private readonly opts: LaunchOptions) {
    super();
    if (!opts.bundle.has(BUNDLE_FILE)) throw new HmosError('BUNDLE_MISSING', `The HAP has no ${BUNDLE_FILE}; rebuild it with \`hmos build\``);
    const split = splitSharedPackages(new Map([...opts.bundle].map(([k, v]) => [k, typeof v === 'string' ? Buffer.from(v, 'utf8') : v])));
    this.entries = split.hap;
    this.hsps = new Map([...split.hsps].map(([name, entries]) => [name, { entries }]));
    let moduleJson: any = {};
    const mj = text(opts.bundle.get('module.json'));
    if (mj !== undefined) {
      try { moduleJson = JSON.parse(mj); } catch { throw new HmosError('BAD_MODULE_JSON', 'module.json in the HAP is not valid JSON; rebuild it with `hmos build`'); }
    }
    this.bundleName = String(moduleJson?.app?.bundleName ?? 'com.example.app');
    this.moduleName = String(moduleJson?.module?.name ?? 'entry');
    if (!/^[A-Za-z0-9._-]+$/.test(this.bundleName)) throw new HmosError('BAD_BUNDLE_NAME', `Invalid bundleName '${this.bundleName}' in module.json`);
    this.permissions = new Set((moduleJson?.module?.requestPermissions ?? []).map((p: { name?: string }) => String(p?.name)));
    this.manifest = moduleJson;
    this.appDir = path.join(device.options.dataDir, 'apps', this.bundleName);
    this.fs = new SandboxFs(path.join(this.appDir, 'storage'));
    this.storage = new AppStorage(this.appDir, this.fs, this.moduleName);
    this.resources = opts.resources ?? this.readResources();
  }

  /** A malformed resources.index leaves the app running without resources (lookups fail inside the app). */
  private readResources(entries = this.entries): ResourceTable | undefined {
    try { return resourceTableFromHap(entries); } catch (e) {
      this.log({ level: 'E', tag: 'ResourceManager', message: String((e as Error).message) });
      return undefined;
    }
  }

  // ---- lifecycle ----
  start(): void {
    this.crash = undefined; this.stopped = false;
    this.shown = undefined; this.scrollOffsets.clear(); this.starts++;
    // The inspector API lays the screen out synchronously while app code waits: have the engine ready.
    // On the device's clock: virtual time must not run ahead of it (a test that sleeps, then asks the inspector).
    this.layoutEngine ??= loadedLayoutEngine();
    if (!this.layoutEngine) {
      const release = this.device.clock.hold();
      void loadLayoutEngine().then((e) => { this.layoutEngine = e; }).finally(release);
    }
    this.openHostKits();
    const hostOps: HostOps = (op, data) => this.hostOp(op, data);
    this.realm = this.device.takeRealm(this.hostKitNames(), hostOps) ?? new AppRealm(hostOps, this.device.options.watchdogMs ?? 5000);
    this.syncClock();
    watchAppRejections(this.realm.promisePrototype(), this);
    for (const ext of this.extensions) {
      if (!this.run('load', () => this.realm!.load(`(${ext.source})(globalThis);`, `hmos-extension-${ext.prefix}js`))) return;
    }
    const realm = this.realm;
    const loaded = this.run('load', () => realm.loadBundle(this.entries));
    this.codeCache = realm.codeCache;
    if (!loaded) return;
    if (this.opts.startWith) {
      this.enter({ op: 'ext', fn: this.opts.startWith.fn, args: this.opts.startWith.args }, 'launch');
      return;
    }
    this.enter({ op: 'launch', ability: this.opts.abilityName, page: this.opts.page, want: this.opts.want ?? {},
      launchReason: this.opts.launchReason, continuation: this.opts.continuation }, 'launch');
  }
  /** Tells the app the device's configuration changed (see Device's constructor); the screen is drawn again. */
  configurationChanged(): void {
    const o = this.device.options;
    this.later(() => this.enter({ op: 'ext', fn: 'kitEvent', args: ['configuration', { colorMode: o.colorMode === 'dark' ? 0 : 1, language: (o.locale ?? 'en_US').split(/[_-]/)[0],
      locale: o.locale ?? 'en_US', fontSizeScale: o.fontScale ?? 1, direction: 0, screenDensity: this.device.profile.density * 160, displayId: 0 }] }, 'configuration update'));
  }
  relaunch(): void { this.clearTimers(); this.closeHostKits(); this.realm = undefined; this.start(); }
  stop(): void {
    if (this.stopped) return;
    if (!this.crash) this.enter({ op: 'stop' }, 'stop');
    this.stopped = true; this.clearTimers(); this.closeHostKits(); this.realm = undefined;
    this.emit('exit');
  }
  /** Starts the app again with a new Want while it runs (UIAbility.onNewWant). */
  newWant(want: Record<string, unknown>, launch: { launchReason?: number; continuation?: ContinuationState } = {}): void {
    this.enter({ op: 'newWant', want, ...launch }, 'onNewWant');
  }
  /**
   * Asks the running ability to hand off (UIAbility.onContinue, sync or async): its answer, the want parameters it
   * filled and the router page stack. Rejects when the app does not answer within `timeoutMs` or is not running.
   */
  continueOut(timeoutMs = 5000, targetDevice?: string): Promise<ContinueOutcome> {
    if (!this.realm || this.crash) return Promise.reject(new HmosError('APP_NOT_RUNNING', `${this.bundleName} is not running`));
    const id = this.nextContinuation++;
    return new Promise<ContinueOutcome>((resolve, reject) => {
      const timer = setTimeout(() => { this.continuations.delete(id); reject(new HmosError('CONTINUE_TIMEOUT', `${this.bundleName}: onContinue did not answer within ${timeoutMs} ms`)); }, timeoutMs);
      this.continuations.set(id, (o) => { clearTimeout(timer); resolve(o); });
      this.enter({ op: 'continue', id, targetDevice }, 'onContinue');
      if (this.crash) { this.continuations.delete(id); clearTimeout(timer); reject(new HmosError('APP_CRASHED', `${this.bundleName} crashed during onContinue: ${this.crash.message}`)); }
    });
  }
  background(): void { this.enter({ op: 'background' }, 'background'); }
  foreground(): void { this.enter({ op: 'foreground' }, 'foreground'); }

  // ---- what is on screen ----
  /**
   * What the app shows: the host's own copy of the realm's UI tree (ui-snapshot.ts), made again only after app code
   * ran — layout may write onto it (bounds, breakpoints) until then. Never the realm's nodes: reading those would run
   * app code outside the watchdog. App code that breaks the tree's writer crashes the app.
   */
  tree(): UINode {
    if (this.crash) return crashScreen(this.crash, this.bundleName);
    const realm = this.realm;
    if (!realm) return { elmtId: 0, type: 'Root', args: [], attrs: {}, children: [] };
    if (this.shown && this.shown.version === realm.version && !realm.isBusy()) return this.shown.root;
    let text: string | undefined;
    if (!this.run('update', () => { text = realm.snapshot(); }) || text === undefined) return this.tree();
    let root: UINode | null;
    try { root = parseUiSnapshot(text, this.scrollOffsets).root; } catch {
      this.run('update', () => { throw new AppCodeError('Error: the app broke its own UI tree (the device could not read it)', '', 'exception'); });
      return this.tree();
    }
    const shown = root ?? { elmtId: 0, type: 'Root', args: [], attrs: {}, children: [] };
    this.shown = { version: realm.version, root: shown };
    return shown;
  }
  /** How many times the app was started (element ids start again with every start). */
  starts = 0;
  /** The last copy tree() made, with the realm version it was made at. */
  private shown: { version: number; root: UINode } | undefined;
  /** The page the realm last reported showing while the current entry ran (see enter()). */
  private pageShownDuringEntry: { path: string | null } | undefined;
  /** Scroll offsets the user gave containers (by element id): the host's state, applied to every copy. */
  private readonly scrollOffsets = new Map<number, { x: number; y: number }>();
  page(): string | null { return this.crash ? null : this.currentPage; }
  /** Whether the app scheduled an update of its UI that has not run yet (it runs on the next turn). */
  get updatePending(): boolean { return this.flushPending; }
  /** First node (depth-first) matching pred. */
  find(pred: (n: UINode) => boolean, from: UINode = this.tree()): UINode | undefined {
    if (pred(from)) return from;
    for (const c of from.children) { const f = this.find(pred, c); if (f) return f; }
    return undefined;
  }
  /** First node whose first create argument is `label` (Text('x'), Button('x')). */
  findText(label: string): UINode | undefined { return this.find((n) => n.args[0] === label); }
  /** Resolves a `$r(...)` reference with the device's locale and colour mode. */
  resolveResource(ref: ResourceRef): unknown { return this.tableFor(ref)?.resolve(ref, this.qualifiers()); }
  /**
   * Route name → the installed HSP whose system route table (module.json `routerMap` → its profile) declares it, so
   * pushPathByName can load an HSP nothing imported yet. An HSP whose files do not say is left out.
   */
  private sharedRoutes(): Record<string, string> {
    const out = Object.create(null) as Record<string, string>;
    for (const [name, hsp] of this.hsps) {
      try {
        const ref = JSON.parse(text(hsp.entries.get('module.json')) ?? '{}')?.module?.routerMap;
        const profile = typeof ref === 'string' && /^\$profile:[\w.-]+$/.test(ref) ? text(hsp.entries.get(`resources/base/profile/${ref.slice(9)}.json`)) : undefined;
        const list = profile === undefined ? [] : JSON.parse(profile)?.routerMap;
        for (const r of Array.isArray(list) ? list : []) if (typeof r?.name === 'string' && !(r.name in out)) out[r.name] = name;
      } catch {
        // not a route table: nothing to add
      }
    }
    return out;
  }
  /** The resource table a reference belongs to: an HSP's own (its `$r()` carry its moduleName), else the HAP's. */
  private tableFor(ref: Pick<ResourceRef, 'moduleName'>): ResourceTable | undefined {
    const hsp = typeof ref.moduleName === 'string' && ref.moduleName !== this.moduleName ? this.hsps.get(ref.moduleName) : undefined;
    if (!hsp) return this.resources;
    if (!('resources' in hsp)) hsp.resources = this.readResources(hsp.entries);
    return hsp.resources;
  }
  /** The picture an Image source stands for in this app's HAP or the HSP its reference names (media, rawfile). */
  image(src: unknown): ImageData | undefined {
    // A PixelMap the app made (image kit): its pixels as the media host holds them now; none once released.
    const pixelMap = src !== null && typeof src === 'object' ? Object.getOwnPropertyDescriptor(src, '__hmosPixelMap')?.value : undefined;
    if (typeof pixelMap === 'number') {
      const png = this.kitHost?.pixelMapPicture(pixelMap);
      return png ? { mime: 'image/png', data: png } : undefined;
    }
    const moduleName = isResourceRef(src) && typeof src.moduleName === 'string' && src.moduleName !== this.moduleName ? src.moduleName : undefined;
    const hsp = moduleName === undefined ? undefined : this.hsps.get(moduleName);
    if (hsp) {
      hsp.images ??= hapImageSource(hsp.entries, (ref) => this.tableFor({ moduleName })?.resolve(ref, this.qualifiers()));
      return hsp.images(src);
    }
    this.images ??= hapImageSource(this.entries, (ref) => this.resolveResource(ref));
    return this.images(src);
  }
  private images: ImageSource | undefined;
  private layoutEngine: LayoutEngine | undefined;

  /** The inspector's view of the screen now (one synchronous layout), or undefined before the layout engine loaded. */
  inspector(): Inspector | undefined {
    if (!this.layoutEngine) return undefined;
    const tree = this.tree();
    const resolve = (v: unknown) => (isResourceRef(v) ? this.resolveResource(v) ?? v : v);
    const page = layoutPage(this.layoutEngine, tree, this.device.profile,
      { resolve, page: this.page() ?? 'pages/Index', fontScale: this.device.options.fontScale });
    return new Inspector(page, tree, resolve);
  }

  // ---- animations (see framework/animation.ts) ----
  /** Whether something animates, until when (device ms) for finite animations, and whether one runs forever. */
  animation: { active: boolean; until: number | null; forever: boolean } = { active: false, until: null, forever: false };
  /** Puts the running animations' values at this moment on screen (before drawing); nothing when none runs. */
  sampleAnimations(): void { if (this.animation.active) this.enter({ op: 'animFrame' }, 'animation frame', false); }
  /** Lets the device's clock run to the end of the finite animations running now (preview, tests). */
  async finishAnimations(): Promise<void> {
    // Until the device says nothing finite animates: an animation is finished by its end timer, not by the clock
    // passing its end — while the host works the clock runs on, and an end already past may not have fired yet.
    for (let i = 0; i < 100 && this.animation.until !== null && !this.crash; i++) {
      const left = this.animation.until - this.device.clock.now();
      await this.device.clock.sleep(Math.max(left, 0) + 1);
      await this.settle();
    }
  }

  // ---- input ----
  click(node: UINode | number): void { this.enter({ op: 'click', id: typeof node === 'number' ? node : node.elmtId }, 'click'); }
  /** Fires a layout-driven event handler (`onBreakpointChange`, `onAreaChange` …) of a node with JSON arguments. */
  layoutEvent(node: UINode, name: string, args: unknown[]): void { this.enter({ op: 'event', id: node.elmtId, name, args }, name); }
  /** Shows page `index` of a Tabs or Swiper (a tab-bar click), or moves `by` pages (a swipe); fires onChange. */
  select(node: UINode, to: { index: number } | { by: number }): void { this.enter({ op: 'select', id: node.elmtId, ...to }, 'select'); }
  inputText(node: UINode | number, value: string): void { this.enter({ op: 'input', id: typeof node === 'number' ? node : node.elmtId, text: value }, 'input'); }
  /** Scrolls the container by dy vp (positive = content moves up); lazy lists materialise the new window. */
  swipe(node: UINode, dy: number): void {
    const was = this.scrollOffsets.get(node.elmtId) ?? { x: 0, y: 0 };
    const now = { x: was.x, y: Math.max(0, was.y + dy) };
    this.scrollOffsets.set(node.elmtId, now);
    node.scroll = now;
    this.enter({ op: 'scroll', id: node.elmtId, items: Math.round(dy / 50) }, 'scroll');
  }
  /** Device back key: dialogs close, onBackPress may keep the page, else router.back(); on the last page the app exits. */
  back(): string {
    const r = this.enter({ op: 'back' }, 'back');
    if (r === 'exit') this.stop();
    return String(r ?? '');
  }
  /** Runs an expression in the app realm (tests and debugging). */
  evaluate(code: string): unknown { return this.enter({ op: 'eval', code }, 'eval'); }
  /**
   * Calls `__rt[fn](arg)` — a function one of hmos's own realm scripts defines (hot reload's snapshot and restore) —
   * in an entry, as evaluate() does. The script (`(g) => { … }`, never app code) is compiled once per thread and run
   * in this realm the first time; evaluating its text instead compiled it again for every realm.
   */
  callRealmScript(source: string, fn: string, arg = ''): unknown {
    const realm = this.realm;
    if (!realm || this.crash) return undefined;
    if (this.realmScripts?.realm !== realm) this.realmScripts = { realm, loaded: new Set() };
    if (!this.realmScripts.loaded.has(source)) {
      if (!this.run('load', () => realm.load(`(${source})(globalThis);`, 'hmos-realm-script.js'))) return undefined;
      this.realmScripts.loaded.add(source);
    }
    realm.setGlobal('__hmosArg', arg);
    const out = this.enter({ op: 'eval', code: `__rt.${fn}(__hmosArg)` }, 'eval');
    realm.setGlobal('__hmosArg', undefined);
    return out;
  }
  /** The realm scripts callRealmScript has run in the current realm. */
  private realmScripts: { realm: AppRealm; loaded: Set<string> } | undefined;
  /**
   * An agent request into the app (see intent-executor.ts). Unlike input, an app error or the watchdog here does not
   * crash the app: it comes back as `{error}` and the app keeps running — a failing intent is the intent's failure.
   */
  callIsolated(req: Record<string, unknown>): { value?: unknown; error?: { kind: 'exception' | 'timeout'; message: string } } {
    if (!this.realm || this.crash) return { error: { kind: 'exception', message: this.crash ? `the app has crashed (${this.crash.message})` : 'the app is not running' } };
    let out: { value?: unknown; page: string | null };
    this.syncClock();
    lastEntered = new WeakRef(this);
    try { out = this.realm.enter(req); } catch (e) {
      if (!(e instanceof AppCodeError)) throw e;
      return { error: { kind: e.kind, message: e.message } };
    }
    if (out.page !== this.currentPage) this.currentPage = out.page;
    this.emit('frame');
    return { value: out.value };
  }

  async settle(): Promise<void> {
    this.layoutEngine ??= await loadLayoutEngine();
    for (let i = 0; i < 10000 && (this.flushPending || this.inflight > 0 || (this.bridge?.pending ?? 0) > 0); i++) await new Promise((r) => setImmediate(r));
  }

  // ---- plumbing ----
  private qualifiers() { return { locale: this.device.options.locale ?? 'en_US', colorMode: this.device.options.colorMode ?? 'light' } as const; }

  /** The realm's Date.now() is its wall clock plus this offset (see framework/clock.ts). */
  private syncClock(): void {
    this.realm?.setGlobal('__hmosClockOffset', this.device.clock.offset());
  }

  /** Calls into the app; `frame: false` when the caller is drawing already (animation samples). */
  private enter(req: Record<string, unknown>, during: string, frame = true): unknown {
    if (!this.realm || this.crash) return undefined;
    this.syncClock();
    lastEntered = new WeakRef(this);
    let out: { value?: unknown; page: string | null } | undefined;
    this.pageShownDuringEntry = undefined;
    if (!this.run(during, () => { out = this.realm!.enter(req); })) return undefined;
    // The answer's page was read before the realm ran its microtasks: an `async onWindowStageCreate` that awaits and
    // then calls loadContent has changed it since. The last page the realm reported showing is the truth.
    const shown = this.pageShownDuringEntry as { path: string | null } | undefined; // set by hostOp('page') meanwhile
    if (out) this.currentPage = shown ? shown.path : typeof out.page === 'string' ? out.page : null;
    if (frame) this.emit('frame');
    return out?.value;
  }

  /** Where app code crashed: in the module's bundle or in an HSP's, each mapped to the .ets through its own map. */
  private crashAt(stack: string): CrashReport['location'] {
    const hspMaps = new Map<string, () => SourceMap | undefined>();
    for (const [name, hsp] of this.hsps) {
      hspMaps.set(hspBundleFile(name), () => {
        try { const raw = text(hsp.entries.get(`${BUNDLE_FILE}.map`)); return raw ? new SourceMap(JSON.parse(raw)) : undefined; } catch { return undefined; }
      });
    }
    return locateCrash(stack, BUNDLE_FILE, this.map, hspMaps);
  }

  private get map(): SourceMap | undefined {
    if (!this.mapParsed) {
      let map: SourceMap | undefined;
      const raw = text(this.entries.get(`${BUNDLE_FILE}.map`));
      if (raw) { try { map = new SourceMap(JSON.parse(raw)); } catch { map = undefined; } }
      this.mapParsed = { map };
    }
    return this.mapParsed.map;
  }

  private run(during: string, fn: () => void): boolean {
    try { fn(); return true; } catch (e) {
      if (!(e instanceof AppCodeError)) throw e;
      const report: CrashReport = { kind: e.kind, message: e.message, stack: e.appStack, during, location: this.crashAt(e.appStack) };
      this.crash = report;
      this.clearTimers();
      const where = report.location ? ` at ${report.location.file}:${report.location.line}:${report.location.col}` : '';
      this.log({ level: 'F', tag: 'AppCrash', message: `${report.message}${where} (during ${during})` });
      this.emit('crash', report);
      this.emit('frame');
      return false;
    }
  }

  /**
   * An app promise rejected with nobody handling it: HarmonyOS logs it (JsError) and the app keeps running. The
   * reason is app data: it is described inside the realm (see AppRealm.describe), never read here.
   */
  unhandledRejection(reason: unknown): void {
    const realm = this.realm;
    if (realm?.isBusy()) { setImmediate(() => this.unhandledRejection(reason)); return; }
    let text: string;
    if (reason === null || (typeof reason !== 'object' && typeof reason !== 'function')) text = typeof reason === 'symbol' ? reason.toString() : String(reason);
    else if (!realm) text = '(the app has stopped)';
    else {
      const d = realm.describe(reason);
      text = d.text !== undefined ? `${d.code !== undefined ? `[${String(d.code)}] ` : ''}${d.text}` : d.message;
    }
    this.log({ level: 'E', tag: 'JsError', message: `Unhandled promise rejection: ${text}` });
  }

  private log(e: Omit<LogEntry, 'time'>): void {
    const entry: LogEntry = { time: Date.now(), ...e };
    this.logs.push(entry);
    if (this.logs.length > 5000) this.logs.splice(0, this.logs.length - 5000);
    this.emit('log', entry);
  }

  private openHostKits(): void {
    const ctx = { bundleName: this.bundleName, moduleName: this.moduleName, appDataDir: this.appDir, permissions: [...this.permissions],
      log: (level: LogEntry['level'], tag: string, message: string) => this.log({ level, tag, message }) };
    const opt = this.opts.hostKits;
    this.kits = typeof opt === 'function' ? opt(ctx) : opt ?? {};
    const ext = this.opts.extensions;
    this.extensions = typeof ext === 'function' ? ext(ctx) : ext ?? [];
    for (const e of this.extensions) {
      e.connect?.((fn, args) => this.later(() => this.enter({ op: 'ext', fn, args }, 'kit event')));
    }
    this.kitHost = new KitHost({ bundleName: this.bundleName, moduleName: this.moduleName, appDir: this.appDir, fs: this.fs, declared: this.permissions,
      manifest: this.manifest, env: () => this.hostOp('env', {}) as Record<string, any>, device: this.device.kitState, watchdogMs: this.device.options.watchdogMs ?? 5000,
      log: (level, tag, message) => this.log({ level, tag, message }),
      settle: (asyncId, work) => this.settleLater(asyncId, work),
      loadLibrary: (name) => { if (this.realm) loadRealmLibrary(this.realm.context, name); },
      hold: () => this.device.clock.hold(),
      post: (channel, payload) => this.later(() => this.enter({ op: 'ext', fn: 'kitEvent', args: [channel, payload] }, 'kit event')),
      // Worker realms (kits/worker-host.ts).
      bundle: () => this.entries, clock: this.device.clock, inFlight: () => this.inFlight(), appOp: (op, d) => this.hostOp(op, d),
      locate: (stack) => locateCrash(stack, BUNDLE_FILE, this.map),
    });
    this.bridge = new KitBridge(this.kits, {
      callback: (id, args) => this.later(() => this.enter({ op: 'kitCallback', id, args }, 'kit callback')),
      settle: (id, result) => {
        this.later(() => this.enter({ op: 'kitSettle', id, result }, 'async callback'));
        if ((this.bridge?.pending ?? 0) === 0) { this.releaseKitCalls?.(); this.releaseKitCalls = undefined; }
      },
    });
  }

  /** The host kits this app's realm lists (kit-bridge.ts). */
  hostKitNames(): string[] {
    return this.bridge?.specs() ?? [];
  }

  private closeHostKits(): void {
    this.kitHost?.close();
    this.kitHost = undefined;
    for (const e of this.extensions.splice(0)) {
      try { e.close?.(); } catch (err) { this.log({ level: 'E', tag: 'Kit', message: `closing ${e.prefix}* kits failed: ${(err as Error).message}` }); }
    }
    const close = this.kits.close;
    this.kits = {};
    if (typeof close === 'function') { try { close(); } catch (e) { this.log({ level: 'E', tag: 'Kit', message: `closing host kits failed: ${(e as Error).message}` }); } }
  }

  private clearTimers(): void {
    for (const t of this.timers.values()) this.device.clock.clearTimer(t);
    this.timers.clear();
    this.releaseFlush?.();
    this.releaseFlush = undefined;
    this.releaseKitCalls?.();
    this.releaseKitCalls = undefined;
  }

  /**
   * Host work on the app's behalf that ends in an entry into the app (a kit callback, a settled request). While any is
   * in flight, settle() waits and the device's virtual clock does not jump ahead.
   */
  private inFlight(): () => void {
    this.inflight++;
    const release = this.device.clock.hold();
    let done = false;
    return () => { if (!done) { done = true; this.inflight--; release(); } };
  }

  /** Runs `fn` (an entry into the app) on a later turn, as work in flight until then. */
  private later(fn: () => void): void {
    const done = this.inFlight();
    setImmediate(() => { try { fn(); } finally { done(); } });
  }

  private settleLater(asyncId: number, work: Promise<unknown>): void {
    const done = this.inFlight();
    work.then((value) => ({ value }), (e: { message?: string; code?: unknown }) => ({ error: { message: String(e?.message ?? e), code: e?.code ?? 2300000 } }))
      .then((r) => { try { this.enter({ op: 'settle', id: asyncId, ...r }, 'async callback'); } finally { done(); } });
  }

  private inspectorOrThrow(): Inspector {
    const i = this.inspector();
    if (!i) throw Object.assign(new Error('The inspector is not ready yet: the screen has not been laid out'), { code: 100001 });
    return i;
  }

  /**
   * Every request app code can make of the device, by service (the part of `op` before its first dot). Throwing here
   * becomes an error inside the app, not a crash.
   */
  private hostOp(op: string, d: any): unknown {
    const dot = op.indexOf('.');
    switch (dot < 0 ? op : op.slice(0, dot)) {
      case 'fs': case 'persist': case 'persist2': case 'prefs': return this.storage.handle(op, d);
      case 'inspector': return this.inspectorOp(op, d);
      case 'timer': case 'clearTimer': return this.timerOp(op, d);
      case 'res': case 'hsp': return this.packageOp(op, d);
      case 'http': return this.httpOp(d);
      case 'kit': case 'k': return this.kitOp(op, d);
      default: return this.appOp(op, d);
    }
  }

  /** The app's own life on the device: its log, frames, page, animations, handoff answers, environment. */
  private appOp(op: string, d: any): unknown {
    switch (op) {
      case 'log': this.log({ level: d.level, tag: String(d.tag), message: String(d.message), domain: d.domain }); return undefined;
      case 'anim.state': {
        const was = this.animation.active;
        this.animation = { active: !!d.active, until: typeof d.until === 'number' && d.until > 0 ? d.until : null, forever: !!d.forever };
        if (was !== this.animation.active) this.emit('animating', this.animation.active);
        return undefined;
      }
      case 'scheduleFlush':
        if (!this.flushPending) {
          this.flushPending = true;
          const release = this.device.clock.hold();
          this.releaseFlush = release;
          setImmediate(() => {
            this.flushPending = false;
            if (this.releaseFlush === release) this.releaseFlush = undefined;
            try { this.enter({ op: 'flush' }, 'update'); } finally { release(); }
          });
        }
        return undefined;
      case 'page': {
        // The realm tells the device whenever its top page changes (framework/app.ts), during microtasks too.
        const shown = typeof d.path === 'string' ? d.path : null;
        this.currentPage = shown; this.pageShownDuringEntry = { path: shown };
        this.emit('page', shown);
        return undefined;
      }
      case 'continue.done': {
        const done = this.continuations.get(d.id);
        this.continuations.delete(d.id);
        done?.({ result: typeof d.result === 'number' ? d.result : null, error: d.error ?? null, wantParam: d.wantParam ?? {}, pageStack: d.pageStack ?? [] });
        return undefined;
      }
      case 'env': {
        const p = this.device.profile; const o = this.device.options; const locale = o.locale ?? 'en_US';
        return { deviceType: p.type, width: p.width, height: p.height, density: p.density, shape: p.shape, locale, languageCode: locale.split(/[_-]/)[0],
          colorMode: o.colorMode ?? 'light', fontScale: o.fontScale ?? 1, bundleName: this.bundleName, moduleName: this.moduleName, deviceId: o.deviceId ?? 'hmos-emulated',
          orientation: this.device.kitState.orientation };
      }
      case 'measure.text': {
        // MeasureText / MeasureUtils: the text model layout uses, in px.
        const density = this.device.profile.density;
        const fontScale = this.device.options.fontScale ?? 1;
        const fp = (v: unknown, dflt: number) => { const n = typeof v === 'number' ? v : parseFloat(String(v ?? '')); return Number.isFinite(n) ? n : dflt; };
        const fontSize = fp(d.fontSize, 16) * fontScale;
        const maxWidth = d.constraintWidth === undefined ? undefined : fp(d.constraintWidth, Infinity) / density;
        const m = measureText({ text: String(d.text ?? ''), fontSize, lineHeight: d.lineHeight === undefined ? undefined : fp(d.lineHeight, fontSize * 1.2),
          maxLines: typeof d.maxLines === 'number' ? d.maxLines : undefined, ellipsis: false }, maxWidth);
        return { width: Math.round(m.width * density), height: Math.round(m.height * density) };
      }
      case 'uuid': return randomUUID();
      case 'permissions': return [...this.permissions];
      case 'base64': return Buffer.from(d.bytes ?? []).toString('base64');
      case 'terminate': setImmediate(() => this.stop()); return undefined;
      default: return this.extensionOp(op, d);
    }
  }

  /** Timers on the device's clock (framework/clock.ts): each fires as an entry into the app. */
  private timerOp(op: string, d: any): unknown {
    const clock = this.device.clock;
    if (op === 'timer') {
      const prev = this.timers.get(d.id); if (prev !== undefined) clock.clearTimer(prev);
      this.timers.set(d.id, clock.setTimer(Number(d.ms) || 0, () => { this.timers.delete(d.id); this.enter({ op: 'timer', id: d.id }, 'timer'); }));
      return undefined;
    }
    const t = this.timers.get(d.id); if (t !== undefined) clock.clearTimer(t); this.timers.delete(d.id);
    return undefined;
  }

  /** The inspector API (getInspectorByKey, getInspectorTree, getRectangleById, hit tests) on the laid-out screen. */
  private inspectorOp(op: string, d: any): unknown {
    switch (op) {
      case 'inspector.byKey': return this.inspectorOrThrow().byKey(String(d.key));
      case 'inspector.tree': return JSON.stringify(this.inspectorOrThrow().tree());
      case 'inspector.rect': return this.inspectorOrThrow().rectangle(String(d.key)) ?? null;
      case 'inspector.hit': return this.inspectorOrThrow().hit(Number(d.x), Number(d.y))?.elmtId ?? null;
      case 'inspector.hitAll': return this.inspectorOrThrow().hitAll(Number(d.x), Number(d.y)).map((n) => n.elmtId);
      default: return this.extensionOp(op, d);
    }
  }

  /** What the installed package holds: resources (`$r`) and the code and routes of the app's HSPs. */
  private packageOp(op: string, d: any): unknown {
    switch (op) {
      case 'hsp.code': {
        const hsp = this.hsps.get(String(d?.name));
        const code = text(hsp?.entries.get(BUNDLE_FILE));
        if (code === undefined) throw Object.assign(new Error(`the HSP '${String(d?.name)}' is not installed with ${this.bundleName}; build the project (hmos build) so its .hsp is installed with the app`), { code: 'HSP_NOT_INSTALLED' });
        // Its frames in a stack then name it, and a crash in it is mapped through its own source map (crashAt).
        return `${code}\n//# sourceURL=${hspBundleFile(String(d?.name))}\n`;
      }
      case 'hsp.routes': return this.sharedRoutes();
      case 'res.get': {
        const v = this.tableFor(d.ref ?? {})?.resolve(d.ref, this.qualifiers()) ?? systemResource(d.ref ?? {});
        if (v === undefined) throw Object.assign(new Error(`Resource not found: ${JSON.stringify(d.ref)}`), { code: 9001001 });
        return d.kind === 'number' ? resourceNumber(v, this.device.profile.density, this.device.options.fontScale ?? 1) : v;
      }
      default: return this.extensionOp(op, d);
    }
  }

  /** @ohos.net.http: real requests, only with ohos.permission.INTERNET; the answer settles the app's promise later. */
  private httpOp(d: any): unknown {
    if (!this.permissions.has('ohos.permission.INTERNET')) {
      this.settleLater(d.asyncId, Promise.reject(Object.assign(new Error('Permission denied: declare ohos.permission.INTERNET in module.json5 requestPermissions'), { code: 201 })));
      return undefined;
    }
    this.settleLater(d.asyncId, (async () => {
      const res = await fetch(String(d.url), { method: d.method, headers: d.header, body: d.body });
      const header: Record<string, string> = {};
      res.headers.forEach((v, k) => { header[k] = v; });
      return { responseCode: res.status, result: await res.text(), header, resultType: 0 };
    })());
    return undefined;
  }

  /** System kits: host kits through the bridge (`kit.*`, kit-bridge.ts) and the kit host's services (`k.*`, kits/host.ts). */
  private kitOp(op: string, d: any): unknown {
    if (op.startsWith('kit.') && this.bridge) {
      const out = this.bridge.op(op, d ?? {});
      // A host kit's promise is in flight: the device's time must not jump past it.
      if (this.bridge.pending > 0 && !this.releaseKitCalls) this.releaseKitCalls = this.device.clock.hold();
      return out;
    }
    if (op.startsWith('k.') && this.kitHost) return this.kitHost.handle(op.slice(2), d ?? {});
    return this.extensionOp(op, d);
  }

  /** The realm extensions' own requests (e.g. the Super Device kits' `sd.*`); anything else is unknown. */
  private extensionOp(op: string, d: any): unknown {
    for (const e of this.extensions) if (op.startsWith(e.prefix)) return e.handle(op, d ?? {});
    throw new Error(`unknown device request '${op}'`);
  }
}
