/**
 * Realm side of the Super Device kits: evaluated INSIDE the app's vm realm from its source text (like the runtime's
 * framework/*.ts install functions), so it references nothing but its parameter and standard JavaScript. It builds
 * the three kit namespaces on `g.__rt.call` (host ops handled by host-bridge.ts) and registers them with
 * `g.__rt.registerKit`. Host events and async results arrive through `g.__rt.distributedEvent(sub, args)`.
 * The second parameter is `DISTRIBUTED_KIT_CONSTANTS` as JSON (embed it like the runtime embeds its enum tables):
 * installing makes no host call, so it is safe in every app, whether or not the device has a network.
 */
import { Constants, KVStoreType, SecurityLevel, SubscribeType, SyncMode, ValueType } from './kv-kit.js';
import { DeviceStateChange } from './device-manager-kit.js';

export const DISTRIBUTED_KIT_CONSTANTS = {
  kv: { KVStoreType, SecurityLevel, SubscribeType, ValueType, Constants, SyncMode },
  dm: { DeviceStateChange },
};

export function installDistributedKits(g: any, C: { kv: Record<string, unknown>; dm: Record<string, unknown> }): void {
  const rt = g.__rt;
  const call = rt.call;
  let nextSub = 1;
  const listeners = new Map<number, (...args: any[]) => void>();
  // Async ops: the host op runs synchronously (so parameter errors throw here, as in the reference) and the result
  // comes back later as event 0.
  let nextAsync = 1;
  const pending = new Map<number, { resolve: (v: any) => void; reject: (e: any) => void }>();
  const asyncOp = (op: string, data: any): Promise<any> => {
    const id = nextAsync++;
    let settle: any;
    const p = new Promise((resolve, reject) => { settle = { resolve, reject }; });
    pending.set(id, settle);
    try {
      call(op, { ...data, asyncId: id });
    } catch (e) {
      pending.delete(id);
      throw e;
    }
    return p;
  };
  rt.distributedEvent = (sub: number, args: any[]) => {
    if (sub === 0) {
      const [id, value, error] = args;
      const p = pending.get(id);
      if (!p) return;
      pending.delete(id);
      if (error) {
        const e: any = new Error(error.message);
        e.code = error.code;
        p.reject(e);
      } else p.resolve(value);
      return;
    }
    const fn = listeners.get(sub);
    if (fn) fn(...args.map(dec));
  };
  const dec = (v: any): any => {
    if (Array.isArray(v)) return v.map(dec);
    if (v && typeof v === 'object') {
      if (Array.isArray(v.__u8) && Object.keys(v).length === 1) return new Uint8Array(v.__u8);
      const o: any = {};
      for (const k of Object.keys(v)) o[k] = dec(v[k]);
      return o;
    }
    return v;
  };
  const enc = (v: any): any => {
    if (v instanceof Uint8Array) return { __u8: Array.from(v) };
    if (Array.isArray(v)) return v.map(enc);
    if (v && typeof v === 'object') {
      const o: any = {};
      for (const k of Object.keys(v)) o[k] = enc(v[k]);
      return o;
    }
    return v;
  };
  // The reference's dual style: a trailing callback gets (err, data); otherwise a promise.
  const dual = (p: Promise<any>, cb: any) => {
    if (typeof cb !== 'function') return p.then(dec);
    p.then((v) => cb(undefined, dec(v)), (e) => cb(e));
    return undefined;
  };
  const subscribe = (fn: any) => {
    const sub = nextSub++;
    listeners.set(sub, fn);
    return sub;
  };

  // ---- @ohos.data.distributedKVStore ----
  const storeClass = (h: number, deviceStore: boolean) => {
    const subs = new Map<any, number>();
    const op = (method: string, args: any[], cb: any) => dual(asyncOp('sd.kv.call', { h, method, args: enc(args) }), cb);
    const split = (args: any[], n: number) => {
      const cb = typeof args[args.length - 1] === 'function' ? args.pop() : undefined;
      return { args: args.slice(0, n), cb };
    };
    const store: any = {
      put: (k: string, v: any, cb?: any) => op('put', [k, v], cb),
      delete: (k: string, cb?: any) => op('delete', [k], cb),
      putBatch: (e: any[], cb?: any) => op('putBatch', [e], cb),
      deleteBatch: (k: string[], cb?: any) => op('deleteBatch', [k], cb),
      get: (...a: any[]) => { const s = split(a, deviceStore ? 2 : 1); return op('get', s.args, s.cb); },
      getEntries: (...a: any[]) => { const s = split(a, deviceStore ? 2 : 1); return op('getEntries', s.args, s.cb); },
      startTransaction: (cb?: any) => op('startTransaction', [], cb),
      commit: (cb?: any) => op('commit', [], cb),
      rollback: (cb?: any) => op('rollback', [], cb),
      enableSync: (e: boolean, cb?: any) => op('enableSync', [e], cb),
      sync: (deviceIds: string[], mode: number, delayMs?: number) => { call('sd.kv.sync', { h, deviceIds, mode, delayMs }); },
      on: (event: string, typeOrCb: any, cb?: any) => {
        const fn = event === 'dataChange' ? cb : typeOrCb;
        const sub = subscribe(fn);
        subs.set(fn, sub);
        call('sd.kv.on', { h, event, type: event === 'dataChange' ? typeOrCb : undefined, sub });
      },
      off: (event: string, cb?: any) => {
        for (const [fn, sub] of Array.from(subs)) {
          if (cb && fn !== cb) continue;
          call('sd.off', { sub });
          listeners.delete(sub);
          subs.delete(fn);
        }
        void event;
      },
    };
    return store;
  };
  const managerOf = (m: number) => ({
    getKVStore: (storeId: string, options: any, cb?: any) => {
      const p = asyncOp('sd.kv.getStore', { m, storeId, options }).then((r: any) => storeClass(r.h, r.deviceStore));
      if (typeof cb !== 'function') return p;
      p.then((s: any) => cb(undefined, s), (e: any) => cb(e));
      return undefined;
    },
    closeKVStore: (appId: string, storeId: string, cb?: any) => dual(asyncOp('sd.kv.manager', { m, method: 'closeKVStore', args: [appId, storeId] }), cb),
    deleteKVStore: (appId: string, storeId: string, cb?: any) => dual(asyncOp('sd.kv.manager', { m, method: 'deleteKVStore', args: [appId, storeId] }), cb),
    getAllKVStoreId: (appId: string, cb?: any) => dual(asyncOp('sd.kv.manager', { m, method: 'getAllKVStoreId', args: [appId] }), cb),
    on: () => undefined,
    off: () => undefined,
  });
  const kvNs: any = { ...C.kv, createKVManager: (config: any) => managerOf(call('sd.kv.createManager', { bundleName: config?.bundleName })) };

  // ---- @ohos.distributedDeviceManager ----
  const dmOf = (h: number) => {
    const subs = new Map<any, number>();
    const sync = (method: string) => (...args: any[]) => call('sd.dm.call', { h, method, args });
    return {
      getAvailableDeviceListSync: sync('getAvailableDeviceListSync'), getLocalDeviceNetworkId: sync('getLocalDeviceNetworkId'),
      getLocalDeviceId: sync('getLocalDeviceId'), getLocalDeviceName: sync('getLocalDeviceName'), getLocalDeviceType: sync('getLocalDeviceType'),
      getDeviceName: sync('getDeviceName'), getDeviceType: sync('getDeviceType'),
      getAvailableDeviceList: (cb?: any) => dual(asyncOp('sd.dm.list', { h }), cb),
      on: (_event: string, cb: any) => { const sub = subscribe(cb); subs.set(cb, sub); call('sd.dm.on', { h, sub }); },
      off: (_event: string, cb?: any) => {
        for (const [fn, sub] of Array.from(subs)) {
          if (cb && fn !== cb) continue;
          call('sd.off', { sub });
          listeners.delete(sub);
          subs.delete(fn);
        }
      },
      __h: h,
    };
  };
  const dmNs: any = {
    ...C.dm,
    createDeviceManager: (bundleName: string) => dmOf(call('sd.dm.create', { bundleName })),
    releaseDeviceManager: (d: any) => { call('sd.dm.release', { h: d?.__h }); },
  };

  // ---- @ohos.data.distributedDataObject ----
  const METHODS = ['setSessionId', 'on', 'off', 'save', 'revokeSave'];
  const objNs: any = {
    genSessionId: () => call('sd.obj.genSessionId'),
    create: (_context: any, source: any) => {
      const values: any = {};
      const change = new Set<any>();
      const status = new Set<any>();
      const sub = subscribe((kind: string, sid: string, a: any, b: any) => {
        if (kind === 'change') {
          (a as string[]).forEach((f, i) => { values[f] = b[i]; });
          change.forEach((cb) => cb(sid, a));
        } else {
          // A restore merges the saved fields host-side without change events: read them before telling the app.
          if (b === 'restored') Object.assign(values, call('sd.obj.fields', { h }));
          status.forEach((cb) => cb(sid, a, b));
        }
      });
      const h = call('sd.obj.create', { source, sub });
      Object.assign(values, call('sd.obj.fields', { h }));
      const api: any = {
        setSessionId: (sid?: any, cb?: any) => {
          if (typeof sid === 'function') { cb = sid; sid = undefined; }
          return dual(asyncOp('sd.obj.setSessionId', { h, sessionId: sid }), cb);
        },
        on: (event: string, cb: any) => { (event === 'change' ? change : status).add(cb); },
        off: (event: string, cb?: any) => { const s = event === 'change' ? change : status; if (cb) s.delete(cb); else s.clear(); },
        save: (deviceId: string, cb?: any) => dual(asyncOp('sd.obj.save', { h, deviceId }), cb),
        revokeSave: (cb?: any) => dual(asyncOp('sd.obj.revokeSave', { h }), cb),
      };
      return new Proxy(values, {
        get: (t, p) => (typeof p === 'string' && METHODS.includes(p) ? api[p] : t[p as any]),
        set: (t, p, v) => {
          if (typeof p !== 'string' || METHODS.includes(p)) return false;
          call('sd.obj.set', { h, field: p, value: v });
          t[p] = v;
          return true;
        },
      });
    },
  };

  for (const [spec, ns] of [['@ohos.data.distributedKVStore', kvNs], ['@ohos.data.distributedDataObject', objNs],
    ['@ohos.distributedDeviceManager', dmNs]] as const) {
    rt.registerKit(spec, { ...ns, default: ns });
  }
}
