/**
 * File services and remote services in the app realm (evaluated from source; see core.ts):
 *  - `file.fs` beyond the text basics (copy, RandomAccessFile), `fileuri`, `file.hash`, `zlib` (zip in the sandbox),
 *    `fileshare` (the app's own files) — the host side is file-host.ts;
 *  - `web.webview`: a WebviewController records what it was asked (the `Web` component draws a labelled box with its
 *    URL) and never throws for a page it cannot load;
 *  - HarmonyOS services that need Huawei's cloud or hardware (push, maps, scanning, cloud functions, speech, wear
 *    engine, file preview): they answer as a device without the service does — documented codes, no crash;
 *    `systemShare` hands the shared records to the device log (no share targets on an emulated device).
 */
export function installServiceKits(g: any): void {
  const rt = g.__rt;
  const err = (code: number, msg: string) => rt.kitError(code, msg);
  const paramErr = (msg: string) => err(401, `Parameter error. ${msg}`);
  const f = (op: string, d?: any) => rt.kitCall('file.' + op, d ?? {});
  const resolved = (v?: any) => Promise.resolve(v);
  const pathOf = (p: any) => (typeof p === 'string' ? p.replace(/^file:\/\/[^/]*/, '') : p?.path ?? p);

  // ---- file.fs additions over the device's basic file kit ----
  rt.defineModule('@ohos.file.fs', () => {
    const base = rt.legacyKit('@ohos.file.fs').default;
    const fsx: any = Object.create(null);
    for (const k of Object.keys(base)) fsx[k] = base[k];
    fsx.copy = (src: any, dest: any, opts?: any) => rt.asyncApi(() => { f('copy', { from: pathOf(src), to: pathOf(dest) }); opts?.progressListener?.({ processedSize: 1, totalSize: 1 }); });
    fsx.copyDir = (src: any, dest: any, mode?: number) => rt.asyncApi(() => { f('copy', { from: pathOf(src), to: `${pathOf(dest)}/${String(pathOf(src)).split('/').pop()}`, overwrite: mode === 1 }); });
    fsx.copyDirSync = (src: any, dest: any, mode?: number) => { f('copy', { from: pathOf(src), to: `${pathOf(dest)}/${String(pathOf(src)).split('/').pop()}`, overwrite: mode === 1 }); };
    const raf = (file: any, offset = 0) => {
      const p = pathOf(file);
      if (typeof p !== 'string') throw paramErr('The type of "file" must be string or File.');
      if (!base.accessSync(p)) base.openSync(p, base.OpenMode.CREATE | base.OpenMode.READ_WRITE);
      const r: any = { fd: -1, filePointer: offset,
        setFilePointer: (o: number) => { r.filePointer = o; },
        writeSync: (buf: any, o?: any) => { const b = typeof buf === 'string' ? new g.TextEncoder().encode(buf) : new Uint8Array(buf); const at = o?.offset ?? r.filePointer; const nn = f('writeBytes', { path: p, b64: rt.base64.encode(b, 0), offset: at }); r.filePointer = at + nn; return nn; },
        readSync: (buf: ArrayBuffer, o?: any) => { const all = rt.base64.decode(f('bytes', { path: p })); const at = o?.offset ?? r.filePointer; const view = new Uint8Array(buf); const nn = Math.max(0, Math.min(view.length, o?.length ?? view.length, all.length - at)); view.set(all.subarray(at, at + nn)); r.filePointer = at + nn; return nn; },
        close() {},
      };
      r.write = (b: any, o?: any) => rt.asyncApi(() => r.writeSync(b, o)); r.read = (b: any, o?: any) => rt.asyncApi(() => r.readSync(b, o));
      return r;
    };
    fsx.createRandomAccessFileSync = (file: any, _mode?: number, o?: any) => raf(file, o?.start ?? 0);
    fsx.createRandomAccessFile = (file: any, mode?: number, o?: any) => rt.asyncApi(() => raf(file, (typeof o === 'object' ? o?.start : 0) ?? 0), typeof mode === 'function' ? mode : typeof o === 'function' ? o : undefined);
    fsx.readLines = (p: any) => rt.asyncApi(() => { const lines = String(base.readTextSync(pathOf(p))).split('\n'); let i = 0; return { next: () => (i < lines.length ? { done: false, value: lines[i++] } : { done: true, value: undefined }) }; });
    fsx.default = fsx;
    return fsx;
  });
  const bundle = () => rt.call('env').bundleName;
  class FileUri {
    readonly path: string; readonly name: string;
    constructor(uriOrPath: string) {
      if (typeof uriOrPath !== 'string') throw paramErr('The type of "uriOrPath" must be string.');
      this.path = uriOrPath.startsWith('file://') ? decodeURIComponent(uriOrPath.replace(/^file:\/\/[^/]*/, '')) : uriOrPath;
      this.name = this.path.split('/').pop() ?? '';
    }
    toString() { return `file://${bundle()}${encodeURI(this.path)}`; }
    getFullDirectoryUri() { return `file://${bundle()}${encodeURI(this.path.replace(/\/[^/]*$/, ''))}`; }
    isRemoteUri() { return false; }
  }
  rt.defineModule('@ohos.file.fileuri', () => ({ FileUri, getUriFromPath: (p: any) => { if (typeof p !== 'string') throw paramErr('The type of "path" must be string.'); return new FileUri(p).toString(); }, DEPARTMENT_ID: '' }));
  rt.defineModule('@ohos.file.hash', () => ({
    hash: (p: any, alg: string, cb?: any) => rt.asyncApi(() => f('hash', { path: pathOf(p), alg }), cb),
    hashSync: (p: any, alg: string) => f('hash', { path: pathOf(p), alg }),
    createHash: () => { throw err(801, 'Capability not supported: streaming hashes (use cryptoFramework.createMd)'); },
  }));
  const zlib = {
    CompressLevel: { COMPRESS_LEVEL_NO_COMPRESSION: 0, COMPRESS_LEVEL_BEST_SPEED: 1, COMPRESS_LEVEL_BEST_COMPRESSION: 9, COMPRESS_LEVEL_DEFAULT_COMPRESSION: -1 },
    CompressStrategy: { COMPRESS_STRATEGY_DEFAULT_STRATEGY: 0, COMPRESS_STRATEGY_FILTERED: 1, COMPRESS_STRATEGY_HUFFMAN_ONLY: 2, COMPRESS_STRATEGY_RLE: 3, COMPRESS_STRATEGY_FIXED: 4 },
    MemLevel: { MEM_LEVEL_MIN: 1, MEM_LEVEL_MAX: 9, MEM_LEVEL_DEFAULT: 8 }, ParallelStrategy: { PARALLEL_STRATEGY_SEQUENTIAL: 0, PARALLEL_STRATEGY_PARALLEL_DECOMPRESSION: 1 },
    compressFile: (inFile: any, outFile: any, opts: any, cb?: any) => rt.asyncApi(() => { f('zip', { in: pathOf(inFile), out: pathOf(outFile), level: opts?.level === -1 ? 6 : opts?.level }); }, cb),
    compressFiles: (inFiles: any[], outFile: any, opts: any) => rt.asyncApi(() => { if (!Array.isArray(inFiles) || inFiles.length !== 1) throw err(900001, 'The input source file is invalid: one file or folder per archive on an emulated device.'); f('zip', { in: pathOf(inFiles[0]), out: pathOf(outFile), level: opts?.level }); }),
    decompressFile: (inFile: any, outFile: any, opts?: any, cb?: any) => rt.asyncApi(() => { f('unzip', { in: pathOf(inFile), out: pathOf(outFile) }); }, typeof opts === 'function' ? opts : cb),
    getOriginalSize: () => Promise.reject(err(801, 'Capability not supported: getOriginalSize')),
    createChecksum: () => resolved({ adler32: (a: number) => resolved(a), crc32: (a: number) => resolved(a) }),
  };
  rt.defineModule('@ohos.zlib', () => zlib);
  const OperationMode = { READ_MODE: 0b1, WRITE_MODE: 0b10 };
  const PolicyErrorCode = { PERSISTENCE_FORBIDDEN: 1, INVALID_MODE: 2, INVALID_PATH: 3, PERMISSION_NOT_PERSISTED: 4 };
  const policies = (list: any[]) => {
    if (!Array.isArray(list) || !list.length) throw paramErr('The policies must be a non-empty array.');
    // Only the app's own files can be shared on an emulated device: anything else is INVALID_PATH.
    const bad = list.filter((p) => { try { return !rt.call('fs.access', { path: pathOf(p?.uri) }); } catch { return true; } });
    if (bad.length) throw err(13900001, JSON.stringify(bad.map((p) => ({ uri: p?.uri, code: PolicyErrorCode.INVALID_PATH, message: 'Invalid path' }))));
  };
  rt.defineModule('@ohos.fileshare', () => ({
    OperationMode, PolicyErrorCode, PolicyType: { TEMPORARY_TYPE: 0, PERSISTENT_TYPE: 1 },
    persistPermission: (l: any[]) => rt.asyncApi(() => policies(l)), revokePermission: (l: any[]) => rt.asyncApi(() => policies(l)),
    activatePermission: (l: any[]) => rt.asyncApi(() => policies(l)), deactivatePermission: (l: any[]) => rt.asyncApi(() => policies(l)),
    checkPersistentPermission: (l: any[]) => rt.asyncApi(() => l.map(() => true)),
  }));

  // ---- web.webview: a controller that records, and the Web component's box (see layout) ----
  const webviewCalls: any[] = [];
  rt.webviewCalls = webviewCalls;
  class WebviewController {
    url = ''; history: string[] = []; index = -1; private attached = false; calls: any[] = [];
    constructor(_tag?: string) {}
    private rec(method: string, args: any[]) { const c = { method, args: args.map((a) => (typeof a === 'function' ? '[function]' : a)) }; this.calls.push(c); webviewCalls.push(c); rt.call('log', { level: 'D', tag: 'Webview', message: `${method}(${c.args.map((a: any) => JSON.stringify(a)).join(', ')})` }); }
    __hmosAttach(src: string) { this.attached = true; if (!this.url) { this.url = String(src ?? ''); this.history = [this.url]; this.index = 0; } }
    loadUrl(url: any, headers?: any) { this.rec('loadUrl', [url, headers]); this.url = String(typeof url === 'string' ? url : url?.id ?? ''); this.history = this.history.slice(0, this.index + 1).concat(this.url); this.index = this.history.length - 1; }
    loadData(data: string, mime: string, enc: string, base?: string) { this.rec('loadData', [data.slice(0, 200), mime, enc, base]); this.url = base ?? 'data:'; }
    getUrl() { return this.url; } getOriginalUrl() { return this.url; } getTitle() { return this.url; } getPageHeight() { return 0; } getWebId() { return 1; } getUserAgent() { return 'Mozilla/5.0 (hmos emulated device) ArkWeb'; } getCustomUserAgent() { return ''; }
    accessBackward() { return this.index > 0; } accessForward() { return this.index < this.history.length - 1; } accessStep(n: number) { return this.index + n >= 0 && this.index + n < this.history.length; }
    backward() { this.rec('backward', []); if (this.index > 0) this.url = this.history[--this.index]; } forward() { this.rec('forward', []); if (this.index < this.history.length - 1) this.url = this.history[++this.index]; }
    refresh() { this.rec('refresh', []); } stop() { this.rec('stop', []); } clearHistory() { this.history = [this.url]; this.index = 0; }
    runJavaScript(script: string, cb?: any) { this.rec('runJavaScript', [script]); return rt.asyncApi(() => 'null', cb); }
    runJavaScriptExt(script: any, cb?: any) { this.rec('runJavaScriptExt', [typeof script === 'string' ? script : '[buffer]']); return rt.asyncApi(() => ({ getType: () => 0, getString: () => '' }), cb); }
    registerJavaScriptProxy(obj: any, name: string, methods: string[]) { this.rec('registerJavaScriptProxy', [name, methods]); void obj; } deleteJavaScriptRegister(name: string) { this.rec('deleteJavaScriptRegister', [name]); }
    setCustomUserAgent(ua: string) { this.rec('setCustomUserAgent', [ua]); } zoom(f2: number) { this.rec('zoom', [f2]); } zoomIn() { this.rec('zoomIn', []); } zoomOut() { this.rec('zoomOut', []); }
    scrollTo(x: number, y: number) { this.rec('scrollTo', [x, y]); } scrollBy(x: number, y: number) { this.rec('scrollBy', [x, y]); } pageUp(top: boolean) { this.rec('pageUp', [top]); } pageDown(b: boolean) { this.rec('pageDown', [b]); }
    postMessage(name: string, ports: any[], uri: string) { this.rec('postMessage', [name, ports?.length ?? 0, uri]); } createWebMessagePorts() { return [{ postMessageEvent() {}, onMessageEvent() {}, close() {} }, { postMessageEvent() {}, onMessageEvent() {}, close() {} }]; }
    onActive() { this.rec('onActive', []); } onInactive() { this.rec('onInactive', []); } removeCache(b: boolean) { this.rec('removeCache', [b]); } getBackForwardEntries() { return { currentIndex: this.index, size: this.history.length, getItemAtIndex: (i: number) => ({ historyUrl: this.history[i], historyRawUrl: this.history[i], title: this.history[i] }) }; }
    setWebDebuggingAccess() {} static setWebDebuggingAccess() {} static initializeWebEngine() {} static setHttpDns() {} static prepareForPageLoad() {} static setConnectionTimeout() {} static clearPrefetchedResource() {}
    isAttached() { return this.attached; }
  }
  const cookies = new Map<string, Map<string, string>>();
  const WebCookieManager = {
    configCookieSync: (url: string, value: string) => { const host = String(url).replace(/^\w+:\/\/([^/]+).*$/, '$1'); const [kv] = String(value).split(';'); const [k, v] = kv.split('='); (cookies.get(host) ?? cookies.set(host, new Map()).get(host)!).set(k.trim(), (v ?? '').trim()); },
    configCookie: (url: string, value: string) => rt.asyncApi(() => WebCookieManager.configCookieSync(url, value)),
    fetchCookieSync: (url: string) => [...(cookies.get(String(url).replace(/^\w+:\/\/([^/]+).*$/, '$1')) ?? new Map())].map(([k, v]) => `${k}=${v}`).join('; '),
    fetchCookie: (url: string) => rt.asyncApi(() => WebCookieManager.fetchCookieSync(url)),
    clearAllCookiesSync: () => { cookies.clear(); }, clearAllCookies: () => rt.asyncApi(() => { cookies.clear(); }), clearSessionCookieSync: () => undefined, clearSessionCookie: () => resolved(),
    existCookie: () => cookies.size > 0, isCookieAllowed: () => true, putAcceptCookieEnabled() {}, putAcceptThirdPartyCookieEnabled() {}, saveCookieAsync: () => resolved(), saveCookieSync() {},
  };
  rt.defineModule('@ohos.web.webview', () => ({ WebviewController, WebCookieManager, WebStorage: { deleteAllData() {}, getOrigins: () => resolved([]) }, WebDataBase: { existHttpAuthCredentials: () => false, deleteHttpAuthCredentials() {} },
    GeolocationPermissions: { allowGeolocation() {}, deleteGeolocation() {}, getAccessibleGeolocation: () => resolved(false) }, WebMessageType: { NOT_SUPPORT: 0, STRING: 1, NUMBER: 2, BOOLEAN: 3, ARRAY_BUFFER: 4, ARRAY: 5, ERROR: 6 },
    SecureDnsMode: { OFF: 0, AUTO: 1, SECURE_ONLY: 2 }, WebHitTestType: { EditText: 0, Email: 1, HttpAnchor: 2, HttpAnchorImg: 3, Img: 4, Map: 5, Phone: 6, Unknown: 7 } }));

  // ---- HarmonyOS services without Huawei's cloud or hardware ----
  const noService = (what: string) => err(801, `Capability not supported: ${what} needs Huawei's services, which an emulated device does not have.`);
  rt.defineModule('@hms.core.push.pushService', () => ({
    getToken: (cb?: any) => rt.asyncApi(() => { throw err(1000900008, 'Failed to connect to the push service: there is no push service on an emulated device.'); }, cb),
    deleteToken: (cb?: any) => rt.asyncApi(() => { throw err(1000900008, 'Failed to connect to the push service.'); }, cb),
    on: (t: string, cb: any) => { if (typeof cb !== 'function') throw paramErr('The type of "callback" must be function.'); void t; },
    off: () => undefined, receiveMessage: (t: string, _a: any, cb: any) => { if (typeof cb !== 'function') throw paramErr('The type of "callback" must be function.'); void t; },
    bindAppProfileId: () => Promise.reject(err(1000900008, 'Failed to connect to the push service.')), unbindAppProfileId: () => Promise.reject(err(1000900008, 'Failed to connect to the push service.')),
  }));
  rt.defineModule('@hms.core.push.pushCommon', () => ({ PushType: { ALERT: 0, SUBSCRIBE: 1, BACKGROUND: 2, EXTENSION: 3, VOIP: 4 } }));
  rt.defineModule('@hms.core.map.sceneMap', () => ({
    chooseLocation: () => Promise.reject(noService('the map location picker')), queryLocation: () => Promise.reject(noService('the map location card')),
    selectDistrict: () => Promise.reject(noService('the district picker')), DistrictType: { DISTRICT: 0, CITY: 1, PROVINCE: 2 },
  }));
  rt.defineModule('@hms.core.map.staticMap', () => ({ getMapImage: () => Promise.reject(noService('static map images')), IconSize: { SMALL: 'small', MEDIUM: 'medium', LARGE: 'large' }, IconType: { DEFAULT: 0, CUSTOM: 1 } }));
  rt.defineModule('@hms.core.scan.scanBarcode', () => ({ startScanForResult: () => Promise.reject(err(1000500001, 'Internal error: an emulated device has no camera to scan with.')), startScan: () => Promise.reject(err(1000500001, 'Internal error: no camera.')) }));
  rt.defineModule('@hms.core.scan.scanCore', () => ({ ScanType: { FORMAT_UNKNOWN: 0, AZTEC_CODE: 1, CODABAR_CODE: 2, CODE39_CODE: 3, CODE93_CODE: 4, CODE128_CODE: 5, DATAMATRIX_CODE: 6, EAN8_CODE: 7, EAN13_CODE: 8, ITF14_CODE: 9, PDF417_CODE: 10, QR_CODE: 11, UPC_A_CODE: 12, UPC_E_CODE: 13, MULTIFUNCTIONAL_CODE: 14, ONE_D_CODE: 100, TWO_D_CODE: 101, ALL: 1001 }, ScanErrorCode: { INTERNAL_ERROR: 1000500001, SCAN_SERVICE_CANCELED: 1000500002 } }));
  rt.defineModule('@hms.core.deviceCloudGateway.cloudFunction', () => ({ call: () => Promise.reject(noService('Cloud Functions')), LoadMode: { NORMAL: 0, PRELOAD: 1 } }));
  rt.defineModule('@hms.ai.textToSpeech', () => ({ createEngine: () => Promise.reject(noService('text to speech')), listVoices: () => Promise.reject(noService('text to speech')) }));
  rt.defineModule('@hms.ai.speechRecognizer', () => ({ createEngine: () => Promise.reject(noService('speech recognition')) }));
  rt.defineModule('@hms.health.wearEngine', () => ({ getDeviceClient: () => { throw noService('Wear Engine'); }, getP2pClient: () => { throw noService('Wear Engine'); }, getAuthClient: () => { throw noService('Wear Engine'); } }));
  rt.defineModule('@hms.filemanagement.filepreview', () => ({ openPreview: () => Promise.reject(noService('file preview')), canPreview: () => resolved(false), hasDisplayed: () => resolved(false) }));
  class SharedData {
    records: any[] = [];
    constructor(r: any) { this.addRecord(r); }
    addRecord(r: any) { if (!r || typeof r.utd !== 'string') throw paramErr('A shared record needs a utd.'); if (this.records.length >= 500) throw err(401, 'Parameter error. At most 500 records.'); this.records.push(r); }
    getRecords() { return this.records.slice(); }
  }
  class ShareController {
    private ls = new Map<string, any>();
    constructor(readonly data: SharedData) { if (!(data instanceof SharedData)) throw paramErr('The type of "data" must be SharedData.'); }
    show(_ctx: any, opts?: any) {
      return rt.asyncApi(() => {
        rt.call('log', { level: 'I', tag: 'SystemShare', message: `share ${this.data.records.map((r: any) => `${r.utd}${r.content ? ` "${String(r.content).slice(0, 80)}"` : r.uri ? ` ${r.uri}` : ''}`).join(', ')} (${opts?.previewMode === 1 ? 'detail' : 'default'} preview; no share targets on an emulated device)` });
        g.setTimeout(() => this.ls.get('dismiss')?.(), 0);
      });
    }
    on(t: string, cb: any) { this.ls.set(t, cb); } off(t: string) { this.ls.delete(t); }
  }
  rt.defineModule('@hms.collaboration.systemShare', () => ({ SharedData, ShareController, SelectionMode: { SINGLE: 0, BATCH: 1 }, SharePreviewMode: { DEFAULT: 0, DETAIL: 1 }, ShareAbilityType: { COPY_TO_PASTEBOARD: 'copy_to_pasteboard', SAVE_TO_MEDIA_ASSET: 'save_to_media_asset', SAVE_AS_FILE: 'save_as_file', PRINT: 'print', SAVE_TO_SUPERHUB: 'save_to_superhub' }, getSharedData: () => Promise.reject(err(801, 'Capability not supported: no share is in progress.')), getWant: () => Promise.reject(err(801, 'Capability not supported: no share is in progress.')) }));
}
