/**
 * Network kits in the app realm (evaluated from source; see core.ts): `http`, `rcp` (RemoteCommunicationKit),
 * `webSocket`, `socket` (TCP/UDP), `connection` (the device's network, switchable off) and `request` (downloads into
 * the sandbox). The host does the I/O (net-host.ts); bodies cross as base64 or text, events come back by channel.
 */
export function installNetKits(g: any): void {
  const rt = g.__rt;
  const err = (code: number, msg: string) => rt.kitError(code, msg);
  const paramErr = (msg: string) => err(401, `Parameter error. ${msg}`);
  const n = (op: string, d?: any) => rt.kitCall('net.' + op, d ?? {});
  const later = (op: string, d?: any) => rt.kitAsync('net.' + op, d ?? {});
  const resolved = (v?: any) => Promise.resolve(v);
  const enc = new g.TextEncoder(); const dec = new g.TextDecoder();
  const b64 = (v: any): string | undefined => (v instanceof Uint8Array ? rt.base64.encode(v, 0) : v instanceof ArrayBuffer ? rt.base64.encode(new Uint8Array(v), 0) : undefined);
  const bodyOf = (v: any) => { const b = b64(v); return b !== undefined ? { b64: b } : v === undefined || v === null ? {} : { body: typeof v === 'string' ? v : JSON.stringify(v) }; };
  const kitErr = (e: any) => err(e?.code ?? 2300999, String(e?.message ?? e));

  // ---- http ----
  const HttpDataType = { STRING: 0, OBJECT: 1, ARRAY_BUFFER: 2 };
  const http = {
    RequestMethod: { OPTIONS: 'OPTIONS', GET: 'GET', HEAD: 'HEAD', POST: 'POST', PUT: 'PUT', DELETE: 'DELETE', TRACE: 'TRACE', CONNECT: 'CONNECT' },
    ResponseCode: { OK: 200, CREATED: 201, ACCEPTED: 202, NO_CONTENT: 204, MOVED_PERM: 301, MOVED_TEMP: 302, NOT_MODIFIED: 304, BAD_REQUEST: 400, UNAUTHORIZED: 401, FORBIDDEN: 403, NOT_FOUND: 404, CONFLICT: 409, INTERNAL_ERROR: 500, BAD_GATEWAY: 502, UNAVAILABLE: 503, GATEWAY_TIMEOUT: 504 },
    HttpDataType, HttpProtocol: { HTTP1_1: 0, HTTP2: 1, HTTP3: 2 }, CertType: { PEM: 'PEM', DER: 'DER', P12: 'P12' },
    createHttp: () => {
      let destroyed = false;
      const listeners = new Map<string, Set<any>>();
      const fire = (t: string, v: any) => { for (const f of listeners.get(t) ?? []) f(v); };
      const request = (url: any, opts?: any, cb?: any) => {
        if (typeof opts === 'function') { cb = opts; opts = {}; }
        return rt.asyncApi(async () => {
          if (destroyed) throw err(2300999, 'The HttpRequest was destroyed.');
          if (typeof url !== 'string') throw paramErr('The type of "url" must be string.');
          const method = opts?.method ?? 'GET';
          const extra = opts?.extraData;
          const q = method === 'GET' && extra && typeof extra === 'object' && !(extra instanceof ArrayBuffer) ? '?' + Object.keys(extra).map((k) => `${encodeURIComponent(k)}=${encodeURIComponent(String(extra[k]))}`).join('&') : '';
          let r: any;
          try { r = await later('fetch', { url: url + (q.length > 1 ? (url.includes('?') ? '&' + q.slice(1) : q) : ''), method, header: opts?.header ?? {}, connectTimeout: opts?.connectTimeout, readTimeout: opts?.readTimeout, ...(method === 'GET' ? {} : bodyOf(extra)) }); } catch (e) { throw kitErr(e); }
          const bytes = rt.base64.decode(r.b64);
          const text = dec.decode(bytes);
          const type = opts?.expectDataType ?? (String(r.header['content-type'] ?? '').includes('json') ? HttpDataType.STRING : HttpDataType.STRING);
          const result = type === HttpDataType.ARRAY_BUFFER ? bytes.buffer : type === HttpDataType.OBJECT ? (() => { try { return JSON.parse(text); } catch { return text; } })() : text;
          fire('headersReceive', r.header);
          return { responseCode: r.status, result, resultType: type, header: r.header, cookies: r.header['set-cookie'] ?? '', performanceTiming: {} };
        }, cb);
      };
      return { request, requestInStream: (url: string, opts?: any) => request(url, opts).then((r: any) => r.responseCode),
        destroy: () => { destroyed = true; }, on: (t: string, f: any) => { (listeners.get(t) ?? listeners.set(t, new Set()).get(t)!).add(f); }, off: (t: string, f?: any) => { if (f) listeners.get(t)?.delete(f); else listeners.delete(t); }, once: (t: string, f: any) => { (listeners.get(t) ?? listeners.set(t, new Set()).get(t)!).add(f); } };
    },
    createHttpResponseCache: () => ({ flush: () => resolved(), delete: () => resolved() }),
  };
  rt.defineModule('@ohos.net.http', () => http);

  // ---- rcp: sessions and requests on the same host fetch, rcp's error codes ----
  class Request { method: string; headers: any; content: any; cookies: any; configuration: any; constructor(readonly url: any, method = 'GET', headers?: any, content?: any, cookies?: any, configuration?: any) { this.method = method; this.headers = headers ?? {}; this.content = content; this.cookies = cookies; this.configuration = configuration; } }
  class MultipartForm { constructor(readonly fields: Record<string, any>) {} }
  const contentOf = (c: any) => {
    if (c instanceof MultipartForm) { const bnd = 'hmos' + Date.now(); return { header: { 'content-type': `multipart/form-data; boundary=${bnd}` }, body: Object.entries(c.fields).map(([k, v]) => `--${bnd}\r\ncontent-disposition: form-data; name="${k}"\r\n\r\n${typeof v === 'string' ? v : JSON.stringify(v)}\r\n`).join('') + `--${bnd}--\r\n` }; }
    const b = bodyOf(c);
    return { header: c !== undefined && typeof c === 'object' && !(c instanceof ArrayBuffer) && !(c instanceof Uint8Array) ? { 'content-type': 'application/json' } : {}, ...b };
  };
  const response = (r: any, req: any) => {
    const bytes = rt.base64.decode(r.b64);
    return { request: req, statusCode: r.status, headers: r.header, effectiveUrl: r.url, body: bytes.buffer, timeInfo: {}, cookies: [],
      toString: () => dec.decode(bytes), toJSON: () => { try { return JSON.parse(dec.decode(bytes)); } catch { return null; } } };
  };
  const createSession = (cfg?: any) => {
    let closed = false;
    const base = cfg?.baseAddress ? String(cfg.baseAddress) : '';
    const sessionHeaders = cfg?.headers ?? {};
    const timeout = cfg?.requestConfiguration?.transfer?.timeout;
    const run = async (req: any) => {
      if (closed) throw err(1007900994, 'The session is closed.');
      const url = typeof req.url === 'string' ? (/^https?:/i.test(req.url) ? req.url : base + req.url) : String(req.url?.href ?? req.url);
      const c = req.content === undefined ? { header: {} } : contentOf(req.content);
      const t = req.configuration?.transfer?.timeout ?? timeout;
      try {
        const r = await later('fetch', { family: 'rcp', url, method: req.method ?? 'GET', header: { ...c.header, ...sessionHeaders, ...(req.headers ?? {}) }, body: (c as any).body, b64: (c as any).b64,
          connectTimeout: t?.connectMs, readTimeout: t?.transferMs, redirect: true });
        return response(r, req);
      } catch (e) { throw err((e as any)?.code ?? 1007900999, String((e as any)?.message ?? e)); }
    };
    const verb = (method: string) => (url: any, content?: any) => run(new Request(url, method, undefined, content));
    return { id: `rcp-${Date.now()}`, fetch: (req: any) => run(req), get: verb('GET'), post: verb('POST'), put: verb('PUT'), delete: verb('DELETE'), head: verb('HEAD'),
      patch: verb('PATCH'), options: verb('OPTIONS'), cancel() {}, close() { closed = true; }, uploadFromFile: () => Promise.reject(err(1007900801, 'Not supported: uploadFromFile')),
      downloadToFile: () => Promise.reject(err(1007900801, 'Not supported: downloadToFile')) };
  };
  rt.defineModule('@hms.collaboration.rcp', () => ({ createSession, Request, MultipartForm, Form: MultipartForm, ErrorCode: { SUCCESS: 0 } }));

  // ---- webSocket ----
  const sockets = new Map<number, any>();
  rt.kitEvents.on('ws', (e: any) => {
    const s = sockets.get(e.id);
    if (!s) return;
    if (e.type === 'open') s.fire('open', undefined, { status: 101, message: 'Switching Protocols' });
    else if (e.type === 'message') s.fire('message', undefined, e.b64 !== undefined ? rt.base64.decode(e.b64).buffer : e.text);
    else if (e.type === 'close') { sockets.delete(e.id); s.fire('close', undefined, { code: e.code, reason: e.reason }); }
    else if (e.type === 'error') s.fire('error', err(e.code ?? 2302999, e.message));
  });
  const webSocket = {
    createWebSocket: () => {
      let id = 0;
      const ls = new Map<string, Set<any>>();
      const s: any = {
        fire: (t: string, a: any, b?: any) => { for (const f of ls.get(t) ?? []) f(a, b); },
        connect: (url: any, o?: any, cb?: any) => rt.asyncApi(async () => {
          if (typeof url !== 'string') throw paramErr('The type of "url" must be string.');
          id = n('ws.open', { url, header: typeof o === 'object' ? o?.header : undefined });
          sockets.set(id, s);
          try { await later('ws.opened', { id }); } catch (e) { throw kitErr(e); }
          return true;
        }, typeof o === 'function' ? o : cb),
        send: (data: any, cb?: any) => rt.asyncApi(() => n('ws.send', { id, ...(typeof data === 'string' ? { text: data } : { b64: b64(data) }) }), cb),
        close: (o?: any, cb?: any) => rt.asyncApi(() => n('ws.close', { id, code: o?.code, reason: o?.reason }), typeof o === 'function' ? o : cb),
        on: (t: string, f: any) => { (ls.get(t) ?? ls.set(t, new Set()).get(t)!).add(f); }, off: (t: string, f?: any) => { if (f) ls.get(t)?.delete(f); else ls.delete(t); },
      };
      return s;
    },
  };
  rt.defineModule('@ohos.net.webSocket', () => webSocket);

  // ---- socket: TCP and UDP ----
  const socks = new Map<number, any>();
  rt.kitEvents.on('sock', (e: any) => {
    const s = socks.get(e.id);
    if (!s) return;
    if (e.type === 'message') s.fire('message', { message: rt.base64.decode(e.b64).buffer, remoteInfo: e.remote });
    else if (e.type === 'close') { s.state.isConnected = false; s.state.isClose = true; s.fire('close'); }
    else if (e.type === 'error') s.fire('error', err(e.code, e.message));
    else if (e.type === 'connect') s.fire('connect');
  });
  const baseSocket = () => {
    const ls = new Map<string, Set<any>>();
    const s: any = { id: 0, state: { isBound: false, isClose: false, isConnected: false },
      fire: (t: string, v?: any) => { for (const f of ls.get(t) ?? []) f(v); },
      on: (t: string, f: any) => { (ls.get(t) ?? ls.set(t, new Set()).get(t)!).add(f); }, off: (t: string, f?: any) => { if (f) ls.get(t)?.delete(f); else ls.delete(t); },
      getState: (cb?: any) => rt.asyncApi(() => ({ ...s.state }), cb), setExtraOptions: (_o: any, cb?: any) => rt.asyncApi(() => undefined, cb),
      close: (cb?: any) => rt.asyncApi(() => { if (s.id) n('close', { id: s.id }); socks.delete(s.id); s.state = { isBound: false, isClose: true, isConnected: false }; }, cb),
      getSocketFd: () => resolved(-1) };
    return s;
  };
  const dataOf = (o: any) => { const v = o?.data; const b = typeof v === 'string' ? rt.base64.encode(enc.encode(v), 0) : b64(v); if (b === undefined) throw paramErr('The type of "data" must be string or ArrayBuffer.'); return b; };
  const socket = {
    constructTCPSocketInstance: () => {
      const s = baseSocket();
      s.bind = (_a: any, cb?: any) => rt.asyncApi(() => { s.state.isBound = true; }, cb);
      s.connect = (o: any, cb?: any) => rt.asyncApi(async () => {
        if (!o?.address) throw paramErr('The type of "options" must be TCPConnectOptions.');
        s.id = s.id || Date.now() % 1e9 + Math.floor(Math.random() * 1000);
        socks.set(s.id, s);
        try { await later('tcp.connect', { id: s.id, address: o.address.address, port: o.address.port, timeout: o.timeout }); } catch (e) { socks.delete(s.id); throw kitErr(e); }
        s.state.isConnected = true; s.state.isBound = true;
      }, cb);
      s.send = (o: any, cb?: any) => rt.asyncApi(async () => { try { await later('tcp.send', { id: s.id, b64: dataOf(o) }); } catch (e) { throw kitErr(e); } }, cb);
      s.getRemoteAddress = (cb?: any) => rt.asyncApi(() => { if (!s.state.isConnected) throw err(2301009, 'Bad file descriptor.'); return {}; }, cb);
      return s;
    },
    constructUDPSocketInstance: () => {
      const s = baseSocket();
      s.bind = (a: any, cb?: any) => rt.asyncApi(async () => { try { const r = await later('udp.bind', { address: a?.address, port: a?.port }); s.id = r.id; socks.set(s.id, s); s.state.isBound = true; } catch (e) { throw kitErr(e); } }, cb);
      s.send = (o: any, cb?: any) => rt.asyncApi(async () => {
        if (!o?.address) throw paramErr('The type of "options" must be UDPSendOptions with an address.');
        try { await later('udp.send', { id: s.id, b64: dataOf(o), address: o.address.address, port: o.address.port }); } catch (e) { throw kitErr(e); }
      }, cb);
      return s;
    },
    constructTLSSocketInstance: () => { const s = baseSocket(); s.bind = () => resolved(); s.connect = () => Promise.reject(err(2303501, 'SSL is null: TLS sockets are not emulated (use https through http or rcp).')); s.send = () => Promise.reject(err(2303501, 'SSL is null')); return s; },
    constructTCPSocketServerInstance: () => { const s = baseSocket(); s.listen = () => Promise.reject(err(2301013, 'Permission denied: an emulated device does not accept incoming connections.')); return s; },
    constructLocalSocketInstance: () => { const s = baseSocket(); s.connect = () => Promise.reject(err(2301002, 'No such file or directory.')); return s; },
    Protocol: { TLSv12: 'TLSv1.2', TLSv13: 'TLSv1.3' },
  };
  rt.defineModule('@ohos.net.socket', () => socket);

  // ---- connection: the device's one network, which a user can switch off ----
  const NetBearType = { BEARER_CELLULAR: 0, BEARER_WIFI: 1, BEARER_BLUETOOTH: 2, BEARER_ETHERNET: 3, BEARER_VPN: 4 };
  const NetCap = { NET_CAPABILITY_MMS: 0, NET_CAPABILITY_SUPL: 1, NET_CAPABILITY_DUN: 2, NET_CAPABILITY_IA: 3, NET_CAPABILITY_XCAP: 4, NET_CAPABILITY_NOT_METERED: 11, NET_CAPABILITY_INTERNET: 12, NET_CAPABILITY_NOT_VPN: 15, NET_CAPABILITY_VALIDATED: 16, NET_CAPABILITY_PORTAL: 17, NET_CAPABILITY_CHECKING_CONNECTIVITY: 31 };
  const handle = () => ({ netId: n('online') ? 100 : 0, bindSocket: () => resolved(), getAddressByName: (h: string) => rt.asyncApi(() => { if (!n('online')) throw err(2100002, 'Failed to connect to the service: the network is off.'); return { address: h, family: 1, port: 0 }; }), getAddressesByName: (h: string) => resolved([{ address: h, family: 1, port: 0 }]) });
  const needInfo = () => { if (rt.kitCall('dev.perm.state', { name: 'ohos.permission.GET_NETWORK_INFO' }) !== 0) throw err(201, 'Permission denied: declare ohos.permission.GET_NETWORK_INFO in module.json5 requestPermissions'); };
  const caps = () => (n('online') ? { linkUpBandwidthKbps: 100000, linkDownBandwidthKbps: 100000, networkCap: [NetCap.NET_CAPABILITY_INTERNET, NetCap.NET_CAPABILITY_NOT_METERED, NetCap.NET_CAPABILITY_NOT_VPN, NetCap.NET_CAPABILITY_VALIDATED], bearerTypes: [NetBearType.BEARER_WIFI] } : { networkCap: [], bearerTypes: [] });
  const conns = new Set<any>();
  rt.kitEvents.on('network', (online: boolean) => { for (const c of conns) c.changed(online); });
  const connection = {
    NetBearType, NetCap,
    getDefaultNet: (cb?: any) => rt.asyncApi(() => { needInfo(); return handle(); }, cb), getDefaultNetSync: () => { needInfo(); return handle(); },
    hasDefaultNet: (cb?: any) => rt.asyncApi(() => { needInfo(); return n('online'); }, cb), hasDefaultNetSync: () => { needInfo(); return n('online'); },
    getAllNets: (cb?: any) => rt.asyncApi(() => { needInfo(); return n('online') ? [handle()] : []; }, cb), getAllNetsSync: () => { needInfo(); return n('online') ? [handle()] : []; },
    getNetCapabilities: (h: any, cb?: any) => rt.asyncApi(() => { needInfo(); if (!h || typeof h.netId !== 'number') throw paramErr('The type of "netHandle" must be NetHandle.'); if (h.netId === 0) throw err(2100001, 'Invalid parameter value: no such network.'); return caps(); }, cb),
    getNetCapabilitiesSync: (h: any) => { needInfo(); if (!h || h.netId === 0) throw err(2100001, 'Invalid parameter value: no such network.'); return caps(); },
    getConnectionProperties: (h: any, cb?: any) => rt.asyncApi(() => { needInfo(); void h; return { interfaceName: 'wlan0', domains: '', linkAddresses: [], routes: [], dnses: [], mtu: 1500 }; }, cb),
    isDefaultNetMetered: (cb?: any) => rt.asyncApi(() => false, cb), isDefaultNetMeteredSync: () => false,
    getAddressesByName: (h: string, cb?: any) => rt.asyncApi(() => { if (!n('online')) throw err(2100002, 'Failed to connect to the service: the network is off.'); return [{ address: h, family: 1, port: 0 }]; }, cb),
    createNetConnection: () => {
      const ls = new Map<string, any>();
      let registered = false;
      const c = {
        on: (t: string, f: any) => { ls.set(t, f); },
        register: (cb?: any) => rt.asyncApi(() => { needInfo(); if (registered) throw err(2101008, 'The callback already exists.'); registered = true; conns.add(c); n('watch'); if (n('online')) g.setTimeout(() => { ls.get('netAvailable')?.(handle()); ls.get('netCapabilitiesChange')?.({ netHandle: handle(), netCap: caps() }); }, 0); else g.setTimeout(() => ls.get('netUnavailable')?.(), 0); }, cb),
        unregister: (cb?: any) => rt.asyncApi(() => { if (!registered) throw err(2101007, 'The callback does not exist.'); registered = false; conns.delete(c); }, cb),
        changed: (online: boolean) => { if (online) { ls.get('netAvailable')?.(handle()); ls.get('netCapabilitiesChange')?.({ netHandle: handle(), netCap: caps() }); } else { ls.get('netLost')?.({ netId: 100 }); ls.get('netUnavailable')?.(); } },
      };
      return c;
    },
  };
  rt.defineModule('@ohos.net.connection', () => connection);

  // ---- request: downloads into the sandbox (the upload service is not emulated) ----
  const downloadTask = (cfg: any) => {
    const ls = new Map<string, Set<any>>();
    const fire = (t: string, ...a: any[]) => { for (const f of ls.get(t) ?? []) f(...a); };
    let done = false;
    const t: any = { on: (e: string, f: any) => { (ls.get(e) ?? ls.set(e, new Set()).get(e)!).add(f); }, off: (e: string, f?: any) => { if (f) ls.get(e)?.delete(f); else ls.delete(e); },
      delete: () => resolved(true), remove: () => resolved(true), suspend: () => resolved(false), restore: () => resolved(false), getTaskInfo: () => resolved({ status: done ? 0x08 : 0x02, downloadedBytes: 0, downloadTotalBytes: 0 }) };
    later('download', { url: cfg.url, header: cfg.header, filePath: cfg.filePath }).then((r: any) => { done = true; fire('progress', r.size, r.size); fire('complete'); }, (e: any) => { done = true; fire('fail', e?.code ?? 13400003); });
    return t;
  };
  const request = {
    EXCEPTION_PERMISSION: 201, EXCEPTION_PARAMCHECK: 401, EXCEPTION_UNSUPPORTED: 801, EXCEPTION_FILEIO: 13400001, EXCEPTION_FILEPATH: 13400002, EXCEPTION_SERVICE: 13400003, EXCEPTION_OTHERS: 13499999,
    NETWORK_MOBILE: 0x00000001, NETWORK_WIFI: 0x00010000, ERROR_CANNOT_RESUME: 0, ERROR_DEVICE_NOT_FOUND: 1, ERROR_FILE_ALREADY_EXISTS: 2, ERROR_FILE_ERROR: 3, ERROR_HTTP_DATA_ERROR: 4, ERROR_UNKNOWN: 7,
    SESSION_SUCCESSFUL: 8, SESSION_RUNNING: 2, SESSION_PENDING: 1, SESSION_PAUSED: 4, SESSION_FAILED: 16,
    downloadFile: (_ctx: any, cfg: any, cb?: any) => rt.asyncApi(() => { if (!cfg || typeof cfg.url !== 'string') throw paramErr('The type of "config" must be DownloadConfig with a url.'); if (typeof cfg.filePath !== 'string') throw err(13400002, 'Bad file path: a filePath in the sandbox is required.'); return downloadTask(cfg); }, cb),
    uploadFile: (_ctx: any, cfg: any, cb?: any) => rt.asyncApi(() => { if (!cfg || typeof cfg.url !== 'string') throw paramErr('The type of "config" must be UploadConfig with a url.'); throw err(13400003, 'Task service ability error: uploads are not emulated (use http or rcp with a body).'); }, cb),
    agent: {
      Action: { DOWNLOAD: 0, UPLOAD: 1 }, Mode: { BACKGROUND: 0, FOREGROUND: 1 }, Network: { ANY: 0, WIFI: 1, CELLULAR: 2 }, State: { INITIALIZED: 0x00, WAITING: 0x10, RUNNING: 0x20, RETRYING: 0x21, PAUSED: 0x30, STOPPED: 0x31, COMPLETED: 0x40, FAILED: 0x41, REMOVED: 0x50 },
      create: (_ctx: any, cfg: any) => rt.asyncApi(() => {
        if (!cfg || typeof cfg.url !== 'string') throw paramErr('The type of "config" must be Config with a url.');
        if (cfg.action !== 0) throw err(13400003, 'Task service ability error: upload tasks are not emulated.');
        let task: any; const ls = new Map<string, any>();
        const file = typeof cfg.saveas === 'string' ? cfg.saveas.replace(/^\.\//, '') : String(cfg.url).split('/').pop();
        const path = file.startsWith('/') ? file : `/data/storage/el2/base/haps/${rt.call('env').moduleName}/cache/${file}`;
        return { tid: String(Date.now()), config: cfg, on: (e: string, f: any) => { ls.set(e, f); }, off: (e: string) => { ls.delete(e); },
          start: () => rt.asyncApi(() => { task = downloadTask({ url: cfg.url, header: cfg.headers, filePath: path }); task.on('complete', () => ls.get('completed')?.({ state: 0x40 })); task.on('fail', () => ls.get('failed')?.({ state: 0x41 })); }),
          pause: () => resolved(), resume: () => resolved(), stop: () => resolved() };
      }),
      remove: () => resolved(), show: () => Promise.reject(err(21900006, 'Task not found.')), touch: () => Promise.reject(err(21900006, 'Task not found.')), search: () => resolved([]),
    },
  };
  rt.defineModule('@ohos.request', () => request);
}
