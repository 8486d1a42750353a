/**
 * Sandbox-side system modules (evaluated in the app realm from source, see core.ts): `__hmosKit(specifier)` and the
 * kits behind it (hilog/console, router, promptAction, preferences, file.fs, resourceManager, deviceInfo, display,
 * mediaquery, util, net.http, ability types), timers, and the UIAbilityContext. Anything touching the device (files,
 * logs, network, clocks) goes through `rt.call` to the host; async results come back through `settle`.
 * `@kit.*` bundles map to their members; any other module yields members that throw UNSUPPORTED_API when called.
 * Extra kits (distributed data …) register with `rt.registerKit(specifier, namespace)` from sandbox source.
 */
export function installKits(g: any): void {
  const rt = g.__rt;
  const call = rt.call;

  // ---- async results and timers ----
  let nextAsync = 1;
  const pending = new Map<number, { resolve: (v: any) => void; reject: (e: any) => void }>();
  rt.async = (op: string, data: any): Promise<any> => new Promise((resolve, reject) => {
    const id = nextAsync++;
    pending.set(id, { resolve, reject });
    call(op, { ...data, asyncId: id });
  });
  rt.settleAsync = (id: number, value: any, error: any) => {
    const p = pending.get(id);
    if (!p) return;
    pending.delete(id);
    if (error) { const e: any = new Error(error.message); e.code = error.code; p.reject(e); } else p.resolve(value);
  };
  let nextTimer = 1;
  const timers = new Map<number, { fn: any; args: any[]; repeat: number }>();
  g.setTimeout = (fn: any, ms = 0, ...args: any[]) => { const id = nextTimer++; timers.set(id, { fn, args, repeat: 0 }); call('timer', { id, ms: Number(ms) || 0 }); return id; };
  g.setInterval = (fn: any, ms = 0, ...args: any[]) => { const id = nextTimer++; const d = Math.max(1, Number(ms) || 0); timers.set(id, { fn, args, repeat: d }); call('timer', { id, ms: d }); return id; };
  g.clearTimeout = g.clearInterval = (id: number) => { if (timers.delete(id)) call('clearTimer', { id }); };
  rt.fireTimer = (id: number) => {
    const t = timers.get(id);
    if (!t) return;
    if (t.repeat) call('timer', { id, ms: t.repeat }); else timers.delete(id);
    if (typeof t.fn === 'function') t.fn(...t.args);
  };
  g.queueMicrotask = (fn: any) => { Promise.resolve().then(fn); };

  // ---- logging ----
  const fmt = (f: any, args: any[]): string => {
    if (typeof f !== 'string') return [f, ...args].map(str).join(' ');
    let i = 0;
    const out = f.replace(/%(\{(public|private)\})?([sdifoOj%])/g, (m, _p, vis, c) => {
      if (c === '%') return '%';
      if (i >= args.length) return m;
      const v = args[i++];
      if (vis === 'private') return '<private>';
      if (c === 'd' || c === 'i') return String(Math.trunc(Number(v)));
      if (c === 'f') return String(Number(v));
      return str(v);
    });
    return [out, ...args.slice(i).map(str)].join(' ');
  };
  const str = (v: any): string => {
    if (typeof v === 'string') return v;
    if (v instanceof Error) return `${v.name}: ${v.message}`;
    if (typeof v === 'object' && v !== null) { try { return JSON.stringify(v); } catch { return String(v); } }
    return String(v);
  };
  const log = (level: string, tag: string, message: string, domain?: number) => call('log', { level, tag, message, domain });
  g.console = {
    log: (...a: any[]) => log('I', 'JSAPP', fmt(a[0], a.slice(1))), info: (...a: any[]) => log('I', 'JSAPP', fmt(a[0], a.slice(1))),
    debug: (...a: any[]) => log('D', 'JSAPP', fmt(a[0], a.slice(1))), warn: (...a: any[]) => log('W', 'JSAPP', fmt(a[0], a.slice(1))),
    error: (...a: any[]) => log('E', 'JSAPP', fmt(a[0], a.slice(1))), trace: (...a: any[]) => log('D', 'JSAPP', fmt(a[0], a.slice(1))),
    assert: (c: any, ...a: any[]) => { if (!c) log('E', 'JSAPP', 'Assertion failed: ' + fmt(a[0], a.slice(1))); },
  };
  const LogLevel = { DEBUG: 3, INFO: 4, WARN: 5, ERROR: 6, FATAL: 7 };
  const hilog = {
    LogLevel,
    debug: (d: number, tag: string, f: string, ...a: any[]) => log('D', tag, fmt(f, a), d),
    info: (d: number, tag: string, f: string, ...a: any[]) => log('I', tag, fmt(f, a), d),
    warn: (d: number, tag: string, f: string, ...a: any[]) => log('W', tag, fmt(f, a), d),
    error: (d: number, tag: string, f: string, ...a: any[]) => log('E', tag, fmt(f, a), d),
    fatal: (d: number, tag: string, f: string, ...a: any[]) => log('F', tag, fmt(f, a), d),
    isLoggable: () => true,
  };

  // ---- preferences ----
  const prefsCache = new Map<string, any>();
  const getPrefs = (name: string) => {
    let p = prefsCache.get(name);
    if (p) return p;
    let data: Record<string, any> = call('prefs.load', { name }) ?? {};
    const observers: any[] = [];
    const save = () => call('prefs.save', { name, data: JSON.stringify(data) });
    p = {
      getSync: (k: string, d: any) => (k in data ? data[k] : d), get: (k: string, d: any) => Promise.resolve(k in data ? data[k] : d),
      getAllSync: () => ({ ...data }), getAll: () => Promise.resolve({ ...data }),
      hasSync: (k: string) => k in data, has: (k: string) => Promise.resolve(k in data),
      putSync: (k: string, v: any) => { data[k] = v; for (const o of observers) o(k); }, put: (k: string, v: any) => { p.putSync(k, v); return Promise.resolve(); },
      deleteSync: (k: string) => { delete data[k]; }, delete: (k: string) => { delete data[k]; return Promise.resolve(); },
      clearSync: () => { data = {}; }, clear: () => { data = {}; return Promise.resolve(); },
      flushSync: save, flush: (cb?: any) => { save(); if (cb) cb(undefined); return Promise.resolve(); },
      on: (_t: string, cb: any) => observers.push(cb), off: () => { observers.length = 0; },
    };
    prefsCache.set(name, p);
    return p;
  };
  const prefName = (o: any) => (typeof o === 'string' ? o : o?.name);
  const preferences = {
    getPreferences: (_ctx: any, o: any, cb?: any) => { const p = getPrefs(prefName(o)); if (cb) cb(undefined, p); return Promise.resolve(p); },
    getPreferencesSync: (_ctx: any, o: any) => getPrefs(prefName(o)),
    deletePreferences: (_ctx: any, o: any) => { prefsCache.delete(prefName(o)); call('prefs.delete', { name: prefName(o) }); return Promise.resolve(); },
    removePreferencesFromCache: (_ctx: any, o: any) => { prefsCache.delete(prefName(o)); return Promise.resolve(); },
    removePreferencesFromCacheSync: (_ctx: any, o: any) => { prefsCache.delete(prefName(o)); },
  };

  // ---- file.fs (the host confines every path to the app's sandbox folder) ----
  const OpenMode = { READ_ONLY: 0, WRITE_ONLY: 1, READ_WRITE: 2, CREATE: 0o100, TRUNC: 0o1000, APPEND: 0o2000 };
  const pathOf = (f: any) => (typeof f === 'object' && f ? f.path : typeof f === 'number' ? files.get(f)?.path : f);
  const files = new Map<number, { path: string; mode: number; pos: number }>();
  let nextFd = 3;
  const utf8 = {
    encode(s: string): Uint8Array { const out: number[] = []; const e = encodeURIComponent(s); for (let i = 0; i < e.length; i++) { if (e[i] === '%') { out.push(parseInt(e.substr(i + 1, 2), 16)); i += 2; } else out.push(e.charCodeAt(i)); } return new Uint8Array(out); },
    decode(b: Uint8Array): string { let s = ''; for (const x of b) s += '%' + x.toString(16).padStart(2, '0'); try { return decodeURIComponent(s); } catch { return Array.from(b, (c) => String.fromCharCode(c)).join(''); } },
  };
  const toText = (buf: any): string => (typeof buf === 'string' ? buf : utf8.decode(buf instanceof ArrayBuffer ? new Uint8Array(buf) : new Uint8Array(buf.buffer ?? buf)));
  const fsSync: any = {
    OpenMode,
    openSync(p: string, mode = 0) {
      const path = pathOf(p);
      call('fs.open', { path, mode });
      const fd = nextFd++;
      files.set(fd, { path, mode, pos: 0 });
      return { fd, path, name: String(path).split('/').pop() };
    },
    closeSync(f: any) { files.delete(typeof f === 'object' ? f.fd : f); },
    writeSync(fd: any, buf: any, opts?: any) {
      const f = files.get(typeof fd === 'object' ? fd.fd : fd);
      if (!f) throw Object.assign(new Error('Bad file descriptor'), { code: 13900008 });
      const text = toText(buf);
      const append = (f.mode & OpenMode.APPEND) !== 0;
      call('fs.write', { path: f.path, text, offset: append ? -1 : opts?.offset ?? f.pos });
      f.pos += utf8.encode(text).length;
      return utf8.encode(text).length;
    },
    readSync(fd: any, buf: ArrayBuffer, opts?: any) {
      const f = files.get(typeof fd === 'object' ? fd.fd : fd);
      if (!f) throw Object.assign(new Error('Bad file descriptor'), { code: 13900008 });
      const bytes = utf8.encode(call('fs.readText', { path: f.path }));
      const off = opts?.offset ?? f.pos;
      const view = new Uint8Array(buf);
      const n = Math.max(0, Math.min(view.length, bytes.length - off, opts?.length ?? Infinity));
      view.set(bytes.subarray(off, off + n));
      f.pos = off + n;
      return n;
    },
    readTextSync: (p: string) => call('fs.readText', { path: pathOf(p) }),
    writeTextSync: (p: string, text: string) => call('fs.write', { path: pathOf(p), text, offset: 0, truncate: true }),
    accessSync: (p: string) => call('fs.access', { path: pathOf(p) }),
    mkdirSync: (p: string, recursive?: boolean) => call('fs.mkdir', { path: pathOf(p), recursive: !!recursive }),
    rmdirSync: (p: string) => call('fs.rm', { path: pathOf(p) }),
    unlinkSync: (p: string) => call('fs.rm', { path: pathOf(p) }),
    listFileSync: (p: string) => call('fs.list', { path: pathOf(p) }),
    statSync: (p: string) => { const s = call('fs.stat', { path: pathOf(p) }); return { ...s, isFile: () => s.file, isDirectory: () => !s.file }; },
    copyFileSync: (a: string, b: string) => call('fs.copy', { from: pathOf(a), to: pathOf(b) }),
    renameSync: (a: string, b: string) => call('fs.rename', { from: pathOf(a), to: pathOf(b) }),
    fsyncSync() {},
  };
  const fs: any = { ...fsSync };
  for (const k of Object.keys(fsSync)) {
    if (k.endsWith('Sync')) {
      const base = k.slice(0, -4);
      fs[base] = (...a: any[]) => { try { return Promise.resolve(fsSync[k](...a)); } catch (e) { return Promise.reject(e); } };
    }
  }

  // ---- device facts ----
  const env = () => call('env');
  const deviceInfo: any = {};
  for (const [k, f] of Object.entries({
    deviceType: (e: any) => (e.deviceType === 'phone' ? 'phone' : e.deviceType), brand: () => 'hmos', manufacture: () => 'hmos', productModel: (e: any) => `hmos-${e.deviceType}`,
    marketName: (e: any) => `hmos ${e.deviceType}`, osFullName: () => 'OpenHarmony-5.0.0.0', displayVersion: () => 'hmos 5.0.0', sdkApiVersion: () => 12,
    majorVersion: () => 5, seniorVersion: () => 0, featureVersion: () => 0, buildVersion: () => 0, distributionOSName: () => 'HarmonyOS', distributionOSVersion: () => '5.0.0',
    distributionOSApiVersion: () => 50000, ODID: (e: any) => e.deviceId, udid: (e: any) => e.deviceId, serial: (e: any) => e.deviceId,
  })) Object.defineProperty(deviceInfo, k, { enumerable: true, get: () => (f as any)(env()) });
  const displayInfo = () => {
    const e = env();
    return { id: 0, name: 'default', alive: true, state: 2, refreshRate: 60, rotation: 0, width: Math.round(e.width * e.density), height: Math.round(e.height * e.density),
      densityDPI: e.density * 160, densityPixels: e.density, scaledDensity: e.density * (e.fontScale ?? 1), xDPI: e.density * 160, yDPI: e.density * 160, orientation: 0 };
  };
  const display = { getDefaultDisplaySync: displayInfo, getDefaultDisplay: () => Promise.resolve(displayInfo()), getAllDisplays: () => Promise.resolve([displayInfo()]), isFoldable: () => false, on() {}, off() {} };
  const evalMedia = (q: string): boolean => {
    const e = env();
    return q.split(/\band\b/).every((part) => {
      const m = /\(\s*([a-z-]+)\s*(:|>=|<=|>|<)\s*([^)]+?)\s*\)/.exec(part);
      if (!m) return true;
      const [, key, op, raw] = m;
      if (key === 'orientation') return (e.width > e.height ? 'landscape' : 'portrait') === raw;
      if (key === 'dark-mode') return (e.colorMode === 'dark') === (raw === 'true');
      if (key === 'device-type') return e.deviceType === raw || (raw === 'wearable' && e.deviceType === 'wearable');
      const num = parseFloat(raw);
      const val = key.includes('height') ? e.height : key.includes('width') ? e.width : NaN;
      const prefix = key.startsWith('min-') ? '>=' : key.startsWith('max-') ? '<=' : op;
      return prefix === '>=' || prefix === ':' && key.startsWith('min-') ? val >= num : prefix === '<=' ? val <= num : prefix === '>' ? val > num : prefix === '<' ? val < num : val === num;
    });
  };
  const mediaquery = { matchMediaSync: (q: string) => ({ matches: evalMedia(q), media: q, on() {}, off() {} }) };

  // ---- util ----
  class TextEncoder { encoding = 'utf-8'; encode(s = '') { return utf8.encode(s); } encodeInto(s: string, dst: Uint8Array) { const b = utf8.encode(s); dst.set(b.subarray(0, dst.length)); return { read: s.length, written: Math.min(b.length, dst.length) }; } encodeIntoUint8Array(s: string, dst: Uint8Array) { return this.encodeInto(s, dst); } }
  class TextDecoder { encoding = 'utf-8'; static create() { return new TextDecoder(); } decode(b: any) { return toText(b); } decodeToString(b: any) { return toText(b); } decodeWithStream(b: any) { return toText(b); } }
  g.TextEncoder = TextEncoder; g.TextDecoder = TextDecoder;
  const util = {
    TextEncoder, TextDecoder, format: (f: string, ...a: any[]) => fmt(f, a), printf: (f: string, ...a: any[]) => fmt(f, a),
    generateRandomUUID: () => call('uuid'), generateRandomBinaryUUID: () => utf8.encode(call('uuid')),
    promisify: (fn: any) => (...a: any[]) => new Promise((res, rej) => fn(...a, (e: any, v: any) => (e ? rej(e) : res(v)))),
    errnoToString: (n: number) => `errno ${n}`, getHash: (o: any) => JSON.stringify(o).length,
    types: { isPromise: (v: any) => v instanceof Promise, isDate: (v: any) => v instanceof Date, isMap: (v: any) => v instanceof Map },
    Base64Helper: class { encodeToStringSync(b: Uint8Array) { return call('base64', { bytes: Array.from(b) }); } },
  };

  // ---- http ----
  const http = {
    RequestMethod: { GET: 'GET', POST: 'POST', PUT: 'PUT', DELETE: 'DELETE', HEAD: 'HEAD', OPTIONS: 'OPTIONS' },
    ResponseCode: { OK: 200, CREATED: 201, NOT_FOUND: 404, INTERNAL_ERROR: 500 },
    HttpDataType: { STRING: 0, OBJECT: 1, ARRAY_BUFFER: 2 },
    createHttp: () => ({
      request(url: string, opts?: any, cb?: any) {
        if (typeof opts === 'function') { cb = opts; opts = {}; }
        const p = rt.async('http', { url, method: opts?.method ?? 'GET', header: opts?.header ?? {}, body: typeof opts?.extraData === 'string' ? opts.extraData : opts?.extraData !== undefined ? JSON.stringify(opts.extraData) : undefined })
          .then((r: any) => ({ ...r, result: opts?.expectDataType === 1 ? safeParse(r.result) : r.result }));
        if (cb) p.then((r: any) => cb(undefined, r), (e: any) => cb(e));
        return p;
      },
      destroy() {}, on() {}, off() {},
    }),
  };
  const safeParse = (s: string) => { try { return JSON.parse(s); } catch { return s; } };

  // ---- resources and context ----
  const resourceManager = () => {
    const get = (r: any, kind: string) => {
      const ref = typeof r === 'number' ? { id: r, type: 0 } : typeof r === 'string' ? { id: -1, type: 0, params: [r] } : r;
      return call('res.get', { ref: { id: ref?.id, type: ref?.type, params: ref?.params, moduleName: ref?.moduleName }, kind });
    };
    const rm: any = { getConfigurationSync: () => ({ locale: env().locale, colorMode: env().colorMode === 'dark' ? 0 : 1, direction: 0, deviceType: 0 }) };
    for (const [name, kind] of [['String', 'string'], ['Color', 'color'], ['Number', 'number'], ['Boolean', 'boolean'], ['StringArray', 'strarray'], ['PluralString', 'plural'], ['Media', 'media'], ['MediaContent', 'media'], ['RawFileContent', 'rawfile']]) {
      rm[`get${name}Sync`] = (r: any, ...a: any[]) => { const v = get(r, kind); return kind === 'string' && a.length ? fmt(v, a) : v; };
      rm[`get${name}Value`] = (r: any) => Promise.resolve(get(r, kind));
      rm[`get${name}`] = (r: any) => Promise.resolve(get(r, kind));
      rm[`get${name}ByNameSync`] = (n: string) => get(`app.${kind}.${n}`, kind);
    }
    return rm;
  };
  rt.resourceManager = resourceManager();
  rt.makeContext = (e: any, abilityName: string) => {
    const base = '/data/storage/el2/base';
    const ctx: any = {
      filesDir: `${base}/haps/${e.moduleName}/files`, cacheDir: `${base}/haps/${e.moduleName}/cache`, tempDir: `${base}/haps/${e.moduleName}/temp`,
      preferencesDir: `${base}/haps/${e.moduleName}/preferences`, databaseDir: `/data/storage/el2/database/${e.moduleName}`, bundleCodeDir: '/data/storage/el1/bundle',
      distributedFilesDir: '/data/storage/el2/distributedfiles', area: 1,
      applicationInfo: { name: e.bundleName, bundleName: e.bundleName }, abilityInfo: { name: abilityName, bundleName: e.bundleName, moduleName: e.moduleName },
      currentHapModuleInfo: { name: e.moduleName }, resourceManager: rt.resourceManager, config: { language: e.locale, colorMode: e.colorMode === 'dark' ? 0 : 1 },
      startAbility: (want: any) => {
        if (want?.bundleName && want.bundleName !== e.bundleName) return Promise.reject(Object.assign(new Error(`Starting another app (${want.bundleName}) is not supported on an emulated device`), { code: 16000001 }));
        rt.stopAbility(); rt.startAbility(want?.abilityName, want ?? {}); return Promise.resolve();
      },
      terminateSelf: () => { call('terminate'); return Promise.resolve(); },
      getApplicationContext: () => ctx, createModuleContext: () => ctx, createBundleContext: () => ctx,
      eventHub: (() => { const hs = new Map<string, any[]>(); return { on: (e: string, f: any) => { hs.set(e, [...(hs.get(e) ?? []), f]); }, off: (e: string, f?: any) => { hs.set(e, f ? (hs.get(e) ?? []).filter((x) => x !== f) : []); }, emit: (e: string, ...a: any[]) => { for (const f of hs.get(e) ?? []) f(...a); } }; })(),
      setColorMode() {}, setLanguage() {}, setFont() {}, setFontSizeScale() {}, on: () => 0, off() {}, killAllProcesses: () => Promise.resolve(),
      getRunningProcessInformation: () => Promise.resolve([{ processName: e.bundleName, pid: 1, uid: 20010001, bundleNames: [e.bundleName], state: 2 }]),
      isTerminating: () => false, setMissionLabel: () => Promise.resolve(), requestModalUIExtension: () => Promise.resolve(),
    };
    for (const d of [ctx.filesDir, ctx.cacheDir, ctx.tempDir]) call('fs.mkdir', { path: d, recursive: true });
    return ctx;
  };

  // ---- host kits (see src/runtime/kit-bridge.ts): proxies over host objects, values copied, callbacks by id ----
  const hostProxies = new Map<number, any>();
  const proxyId = new WeakMap<object, number>();
  const callbacks = new Map<number, any>();
  const callbackId = new WeakMap<object, number>();
  let nextCallback = 1;
  const kitPending = new Map<number, { resolve: (v: any) => void; reject: (e: any) => void }>();
  const kitPromiseEarly = new Map<number, any>();
  const marshal = (v: any, depth = 0): any => {
    if (v === undefined) return { t: 'u' };
    if (v === null || typeof v === 'string' || typeof v === 'boolean') return { t: 'v', v };
    if (typeof v === 'number') return Number.isFinite(v) ? { t: 'v', v } : { t: 'u' };
    if (typeof v === 'bigint') return { t: 'v', v: Number(v) };
    if (typeof v === 'function' || typeof v === 'object') {
      const pid = proxyId.get(v);
      if (pid !== undefined) return { t: 'ref', id: pid };
    }
    if (typeof v === 'function') {
      let id = callbackId.get(v);
      if (id === undefined) { id = nextCallback++; callbackId.set(v, id); callbacks.set(id, v); }
      return { t: 'cb', id };
    }
    if (typeof v !== 'object' || depth > 16) return { t: 'u' };
    if (v instanceof Uint8Array) return { t: 'bytes', v: Array.from(v) };
    if (v instanceof ArrayBuffer) return { t: 'bytes', v: Array.from(new Uint8Array(v)) };
    if (Array.isArray(v)) return { t: 'arr', v: v.map((x) => marshal(x, depth + 1)) };
    const rec: Record<string, any> = {};
    for (const k of Object.keys(v)) rec[k] = marshal(v[k], depth + 1);
    return { t: 'rec', v: rec };
  };
  const unmarshal = (w: any): any => {
    switch (w?.t) {
      case 'v': return w.v;
      case 'arr': return w.v.map(unmarshal);
      case 'rec': { const o: any = {}; for (const k of Object.keys(w.v)) o[k] = unmarshal(w.v[k]); return o; }
      case 'bytes': return new Uint8Array(w.v);
      case 'err': return Object.assign(new Error(w.message), { code: w.code });
      case 'fn': case 'obj': return hostProxy(w.id);
      case 'method': return (...a: any[]) => unmarshal(call('kit.call', { id: w.id, prop: w.prop, args: a.map((x) => marshal(x)) }));
      case 'promise': return new Promise((resolve, reject) => {
        const early = kitPromiseEarly.get(w.id);
        if (early) { kitPromiseEarly.delete(w.id); rt.kitSettle(w.id, early, { resolve, reject }); } else kitPending.set(w.id, { resolve, reject });
      });
      default: return undefined;
    }
  };
  const hostProxy = (id: number): any => {
    const have = hostProxies.get(id);
    if (have) return have;
    const p = new Proxy(function () {}, {
      get(_t, prop) {
        if (typeof prop === 'symbol' || prop === 'then') return undefined;
        return unmarshal(call('kit.get', { id, prop }));
      },
      set(_t, prop, v) { call('kit.set', { id, prop: String(prop), v: marshal(v) }); return true; },
      has(_t, prop) { return typeof prop === 'string' && call('kit.has', { id, prop }); },
      apply(_t, _this, args) { return unmarshal(call('kit.call', { id, args: args.map((x: any) => marshal(x)) })); },
      construct(_t, args) { return unmarshal(call('kit.new', { id, args: args.map((x: any) => marshal(x)) })); },
    });
    hostProxies.set(id, p); proxyId.set(p, id);
    return p;
  };
  rt.kitCallback = (id: number, args: any[]) => { const f = callbacks.get(id); if (typeof f === 'function') f(...args.map(unmarshal)); };
  rt.kitSettle = (id: number, r: any, waiter?: any) => {
    const p = waiter ?? kitPending.get(id);
    if (!p) { kitPromiseEarly.set(id, r); return; }
    kitPending.delete(id);
    if (r.error) p.reject(Object.assign(new Error(r.error.message), { code: r.error.code })); else p.resolve(unmarshal(r.value));
  };
  let hostSpecs: string[] | undefined;
  const hostKit = (spec: string): any => {
    hostSpecs ??= call('kit.list') ?? [];
    if (!hostSpecs!.includes(spec)) return undefined;
    const root = unmarshal(call('kit.root', { spec }));
    return new Proxy({}, { get: (_t, k) => (k === 'default' ? root : typeof k === 'symbol' || k === 'then' ? undefined : root?.[k]), has: () => true });
  };
  /** Host kits that belong to @kit bundles, by their last specifier segment (`@ohos.data.distributedKVStore` → distributedKVStore). */
  const HOST_KIT_BUNDLES: Record<string, RegExp> = { '@kit.ArkData': /^@ohos\.data\./, '@kit.DistributedServiceKit': /^@ohos\.distributed/ };

  // ---- module table ----
  /** The UNSUPPORTED_API stand-ins (members that throw 801 when used): what `npm run kits:coverage` counts as missing. */
  const stubs = new WeakSet<object>();
  rt.isUnsupported = (v: any) => (typeof v === 'object' || typeof v === 'function') && v !== null && stubs.has(v);
  const stub = <T extends object>(v: T): T => { stubs.add(v); return v; };
  const unsupported = (spec: string, base: any = {}) => { const empty = Object.keys(base).length === 0; const w = new Proxy(base, {
    get(t, prop) {
      if (prop in t) return t[prop];
      if (typeof prop === 'symbol' || prop === 'then') return undefined;
      return stub(new Proxy(function () {}, {
        apply() { throw Object.assign(new Error(`UNSUPPORTED_API: ${spec}.${String(prop)} is not available on hmos emulated devices`), { code: 801 }); },
        construct() { throw Object.assign(new Error(`UNSUPPORTED_API: ${spec}.${String(prop)} is not available on hmos emulated devices`), { code: 801 }); },
        get(_f, p) { if (p === 'prototype') return {}; if (typeof p === 'symbol') return undefined; return unsupported(`${spec}.${String(prop)}`)[p]; },
      }));
    },
  }); return empty ? stub(w) : w; };
  rt.unsupported = unsupported;
  const AbilityConstant = { LaunchReason: { UNKNOWN: 0, START_ABILITY: 1, CALL: 2, CONTINUATION: 3 }, LastExitReason: { UNKNOWN: 0, NORMAL: 2 }, OnContinueResult: { AGREE: 0, REJECT: 1, MISMATCH: 2 }, ContinueState: { ACTIVE: 0, INACTIVE: 1 }, WindowMode: { WINDOW_MODE_FULLSCREEN: 1 } };
  const noopDecorator = () => (..._a: any[]) => undefined;
  class InsightIntentExecutor { context: any; onExecuteInUIAbilityForegroundMode(): any { return {}; } }
  const insightIntent = { ExecuteMode: { UI_ABILITY_FOREGROUND: 0, UI_ABILITY_BACKGROUND: 1, UI_EXTENSION_ABILITY: 2 } };
  const window = { getLastWindow: () => Promise.resolve(rt.window), WindowType: { TYPE_APP: 0 }, AvoidAreaType: { TYPE_SYSTEM: 0 } };
  rt.window = { setWindowLayoutFullScreen: () => Promise.resolve(), setWindowSystemBarEnable: () => Promise.resolve(), setWindowKeepScreenOn: () => Promise.resolve(), getWindowAvoidArea: () => ({ topRect: { height: 0 }, bottomRect: { height: 0 } }), getWindowProperties: () => ({ windowRect: { width: displayInfo().width, height: displayInfo().height } }), on() {}, off() {}, getUIContext: () => g.__hmosUIContext,
    // The main window shows the ability's content too: `(await windowStage.getMainWindow()).loadContent(path, storage)`.
    loadContent: (...a: any[]) => rt.windowStage.loadContent(...a), setUIContent: (...a: any[]) => rt.windowStage.loadContent(...a) };
  class AbilityStage { context: any; onCreate() {} onAcceptWant() { return ''; } onConfigurationUpdate() {} onMemoryLevel() {} }
  class ExtensionAbility { context: any; }
  class BackupExtensionAbility extends ExtensionAbility { onBackup() {} onRestore() {} }
  class BusinessError extends Error { code: number; data: any; constructor(code = 0, message = '') { super(message); this.code = code; } }
  const ConfigurationConstant = { ColorMode: { COLOR_MODE_NOT_SET: -1, COLOR_MODE_DARK: 0, COLOR_MODE_LIGHT: 1 }, Direction: { DIRECTION_NOT_SET: -1, DIRECTION_VERTICAL: 0, DIRECTION_HORIZONTAL: 1 } };
  /** Every declared permission is granted on an emulated device; undeclared ones are denied (-1). */
  const abilityAccessCtrl = {
    GrantStatus: { PERMISSION_DENIED: -1, PERMISSION_GRANTED: 0 },
    createAtManager: () => {
      const granted = (p: string) => (call('permissions') as string[]).includes(p) ? 0 : -1;
      return {
        requestPermissionsFromUser: (_ctx: any, perms: string[]) => Promise.resolve({ permissions: perms, authResults: perms.map(granted), dialogShownResults: perms.map(() => false) }),
        checkAccessToken: (_t: any, p: string) => Promise.resolve(granted(p)), checkAccessTokenSync: (_t: any, p: string) => granted(p),
        verifyAccessTokenSync: (_t: any, p: string) => granted(p),
      };
    },
  };
  const ohos: Record<string, any> = {
    'hilog': hilog, 'router': rt.router, 'promptAction': rt.promptAction, 'prompt': rt.promptAction, 'data.preferences': preferences,
    'file.fs': fs, 'resourceManager': { getSystemResourceManager: () => rt.resourceManager }, 'deviceInfo': deviceInfo, 'display': display,
    'mediaquery': mediaquery, 'util': util, 'net.http': http, 'window': window,
    'app.ability.UIAbility': rt.UIAbility, 'app.ability.AbilityConstant': AbilityConstant, 'app.ability.common': {}, 'app.ability.Want': {},
    'app.ability.InsightIntentExecutor': InsightIntentExecutor, 'app.ability.insightIntent': insightIntent,
    'app.ability.AbilityStage': AbilityStage, 'app.ability.ConfigurationConstant': ConfigurationConstant, 'abilityAccessCtrl': abilityAccessCtrl,
    'application.BackupExtensionAbility': BackupExtensionAbility, 'base': { BusinessError },
    // read when imported: the state-management globals are installed by state-v1.ts
    'arkui.StateManagement': { get UIUtils() { return g.UIUtils; }, get AppStorageV2() { return g.AppStorageV2; },
      get PersistenceV2() { return g.PersistenceV2; }, get Type() { return g.Type; } },
  };
  const kits: Record<string, Record<string, any>> = {
    '@kit.ArkUI': { router: rt.router, promptAction: rt.promptAction, window, display, mediaquery, AlertDialog: g.AlertDialog, get UIUtils() { return g.UIUtils; },
      get AppStorageV2() { return g.AppStorageV2; }, get PersistenceV2() { return g.PersistenceV2; }, get Type() { return g.Type; } },
    '@kit.PerformanceAnalysisKit': { hilog },
    '@kit.AbilityKit': { UIAbility: rt.UIAbility, AbilityConstant, Want: class Want {}, common: {}, InsightIntentExecutor, InsightIntentEntryExecutor: InsightIntentExecutor, insightIntent,
      AbilityStage, ConfigurationConstant, abilityAccessCtrl, ExtensionAbility,
      InsightIntentEntry: noopDecorator, InsightIntentLink: noopDecorator, InsightIntentPage: noopDecorator, InsightIntentFunction: noopDecorator, InsightIntentFunctionMethod: noopDecorator, InsightIntentForm: noopDecorator },
    '@kit.ArkData': { preferences, distributedKVStore: unsupported('@ohos.data.distributedKVStore'), distributedDataObject: unsupported('@ohos.data.distributedDataObject') },
    '@kit.DistributedServiceKit': { distributedDeviceManager: unsupported('@ohos.distributedDeviceManager') },
    '@kit.CoreFileKit': { fileIo: fs, fs, BackupExtensionAbility }, '@kit.BasicServicesKit': { deviceInfo, BusinessError },
    '@kit.ArkTS': { util }, '@kit.NetworkKit': { http }, '@kit.LocalizationKit': { resourceManager: ohos.resourceManager },
  };
  const extra = new Map<string, any>();
  const extraMembers = new Map<string, Record<string, any>>();
  rt.registerKit = (spec: string, ns: any) => { extra.set(spec, ns); cache.delete(spec); };
  /** Adds members to a module's namespace (e.g. `abilityDelegatorRegistry` to @kit.AbilityKit while tests run). */
  rt.extendKit = (spec: string, members: Record<string, any>) => { extraMembers.set(spec, { ...(extraMembers.get(spec) ?? {}), ...members }); cache.delete(spec); };
  const cache = new Map<string, any>();
  g.__hmosKit = (spec: string) => {
    const hit = cache.get(spec);
    if (hit) return hit;
    let ns: any;
    const fromHost = hostKit(spec);
    if (fromHost) { cache.set(spec, fromHost); return fromHost; }
    if (extra.has(spec)) ns = extra.get(spec);
    else if (spec.startsWith('@kit.') && (kits[spec] || HOST_KIT_BUNDLES[spec])) {
      ns = { ...(kits[spec] ?? {}) };
      const re = HOST_KIT_BUNDLES[spec];
      if (re) for (const h of [...(hostSpecs ?? []), ...extra.keys()]) if (re.test(h)) ns[h.split('.').pop()!] = g.__hmosKit(h).default;
    }
    else {
      const m = /^@(?:ohos|system)\.(.+)$/.exec(spec);
      const mod = m ? ohos[m[1]] : undefined;
      if (mod !== undefined) ns = { default: mod, ...(typeof mod === 'object' ? mod : {}) , [m![1].split('.').pop()!]: mod };
    }
    const more = extraMembers.get(spec);
    if (more) ns = { ...(ns ?? {}), ...more };
    const out = unsupported(spec, ns ?? {});
    if (ns && !('default' in ns)) ns.default = out;
    if (!ns) (out as any).default = unsupported(spec);
    cache.set(spec, out);
    return out;
  };
  g.__hmosEval = (code: string) => (0, eval)(code);
}
