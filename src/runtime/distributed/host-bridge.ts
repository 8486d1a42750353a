/**
 * Host side of the app-realm boundary for the Super Device kits. The app realm sees only strings (see the runtime's
 * realm.ts), so the realm-side kit shims (realm-kits.ts) call `sd.*` host ops with JSON data; this bridge runs them on
 * the host-side kit objects (kits.ts) and answers with JSON. Objects (managers, stores, device managers, data
 * objects) cross as numeric handles; Uint8Array values as `{__u8: number[]}`; errors keep their reference `code`.
 *
 * The runtime wires two things: host ops starting with `sd.` → `handle(op, data)`, and `deliver(sub, args)` → an entry
 * into the realm that calls `__rt.distributedEvent(sub, args)`. Async results travel the same way (sub 0:
 * `[asyncId, value, error]`), so parameter errors can still throw synchronously in the realm, as the reference does.
 */
import type { DistributedKits } from './kits.js';

export type Deliver = (sub: number, args: unknown[]) => void;

export function encodeForRealm(v: unknown): unknown {
  if (v instanceof Uint8Array) return { __u8: Array.from(v) };
  if (Array.isArray(v)) return v.map(encodeForRealm);
  if (typeof v === 'object' && v !== null) {
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, encodeForRealm(x)]));
  }
  return v;
}

export function decodeFromRealm(v: unknown): unknown {
  if (Array.isArray(v)) return v.map(decodeFromRealm);
  if (typeof v === 'object' && v !== null) {
    const o = v as Record<string, unknown>;
    if (Array.isArray(o.__u8) && Object.keys(o).length === 1) return Uint8Array.from(o.__u8 as number[]);
    return Object.fromEntries(Object.entries(o).map(([k, x]) => [k, decodeFromRealm(x)]));
  }
  return v;
}

const STORE_METHODS = new Set(['put', 'get', 'delete', 'getEntries', 'putBatch', 'deleteBatch', 'startTransaction', 'commit',
  'rollback', 'enableSync']);
const DM_SYNC_METHODS = new Set(['getAvailableDeviceListSync', 'getLocalDeviceNetworkId', 'getLocalDeviceId', 'getLocalDeviceName',
  'getLocalDeviceType', 'getDeviceName', 'getDeviceType']);

export class DistributedHostBridge {
  private readonly handles = new Map<number, any>();
  private nextHandle = 1;
  private readonly subs = new Map<number, { target: any; event: string; fn: Function }>();

  private readonly queue: Array<[number, unknown[]]> = [];
  private readonly deliver: Deliver;

  constructor(private readonly kits: DistributedKits, deliver: Deliver) {
    // Events often fire while the realm is inside a host op (a put notifies local subscribers at once); the realm
    // cannot be re-entered then, so deliveries are queued and handed over in order on the next turn.
    this.deliver = (sub, args) => {
      this.queue.push([sub, args]);
      if (this.queue.length === 1) {
        setImmediate(() => {
          for (const [s, a] of this.queue.splice(0)) deliver(s, a);
        });
      }
    };
  }

  private settle(asyncId: number, value: unknown, error: { message: string; code: unknown } | undefined): void {
    this.deliver(0, [asyncId, value ?? null, error ?? null]);
  }

  /** Runs one `sd.*` op. Parameter errors throw synchronously (the realm rethrows them with their code). */
  handle(op: string, data: any): unknown {
    const kv = this.kits['@ohos.data.distributedKVStore'] as any;
    const obj = this.kits['@ohos.data.distributedDataObject'] as any;
    const dm = this.kits['@ohos.distributedDeviceManager'] as any;
    switch (op) {
      case 'sd.kv.createManager':
        return this.keep(kv.createKVManager({ bundleName: data.bundleName }));
      case 'sd.kv.getStore':
        return this.async(data.asyncId, this.get(data.m).getKVStore(data.storeId, data.options ?? {}),
          (store: any) => ({ h: this.keep(store), deviceStore: store.kind === kv.KVStoreType.DEVICE_COLLABORATION }));
      case 'sd.kv.manager':
        if (!['closeKVStore', 'deleteKVStore', 'getAllKVStoreId'].includes(data.method)) throw new Error(`unknown method ${data.method}`);
        return this.async(data.asyncId, this.get(data.m)[data.method](...(data.args ?? [])));
      case 'sd.kv.call':
        if (!STORE_METHODS.has(data.method)) throw new Error(`unknown method ${data.method}`);
        return this.async(data.asyncId, this.get(data.h)[data.method](...decodeFromRealm(data.args ?? []) as unknown[]));
      case 'sd.kv.sync':
        this.get(data.h).sync(data.deviceIds, data.mode, data.delayMs);
        return undefined;
      case 'sd.kv.on': {
        const fn = (n: unknown) => this.deliver(data.sub, [encodeForRealm(n)]);
        if (data.event === 'dataChange') this.get(data.h).on('dataChange', data.type, fn);
        else this.get(data.h).on(data.event, fn);
        this.subs.set(data.sub, { target: this.get(data.h), event: data.event, fn });
        return undefined;
      }
      case 'sd.off': {
        const s = this.subs.get(data.sub);
        if (s) {
          s.target.off(s.event, s.fn);
          this.subs.delete(data.sub);
        }
        return undefined;
      }
      case 'sd.dm.create':
        return this.keep(dm.createDeviceManager(data.bundleName));
      case 'sd.dm.call':
        if (!DM_SYNC_METHODS.has(data.method)) throw new Error(`unknown method ${data.method}`);
        return this.get(data.h)[data.method](...(data.args ?? []));
      case 'sd.dm.list':
        return this.async(data.asyncId, this.get(data.h).getAvailableDeviceList());
      case 'sd.dm.on': {
        const fn = (e: unknown) => this.deliver(data.sub, [e]);
        this.get(data.h).on('deviceStateChange', fn);
        this.subs.set(data.sub, { target: this.get(data.h), event: 'deviceStateChange', fn });
        return undefined;
      }
      case 'sd.dm.release':
        dm.releaseDeviceManager(this.get(data.h));
        this.handles.delete(data.h);
        return undefined;
      case 'sd.obj.create': {
        const o = obj.create({}, data.source);
        // One internal subscription per object keeps the realm's field cache current and fans events out there.
        o.on('change', (sid: string, fields: string[]) => this.deliver(data.sub, ['change', sid, fields, fields.map((f) => o[f])]));
        o.on('status', (sid: string, nid: string, st: string) => this.deliver(data.sub, ['status', sid, nid, st]));
        return this.keep(o);
      }
      case 'sd.obj.set':
        this.get(data.h)[data.field] = data.value;
        return undefined;
      case 'sd.obj.fields': {
        const o = this.get(data.h);
        return Object.fromEntries(Object.keys(o).map((k) => [k, o[k]]));
      }
      case 'sd.obj.setSessionId':
        return this.async(data.asyncId, this.get(data.h).setSessionId(data.sessionId));
      case 'sd.obj.save':
        return this.async(data.asyncId, this.get(data.h).save(data.deviceId));
      case 'sd.obj.revokeSave':
        return this.async(data.asyncId, this.get(data.h).revokeSave());
      case 'sd.obj.genSessionId':
        return obj.genSessionId();
      default:
        throw new Error(`unknown Super Device op ${op}`);
    }
  }

  private keep(x: unknown): number {
    const h = this.nextHandle++;
    this.handles.set(h, x);
    return h;
  }

  private get(h: unknown): any {
    const x = typeof h === 'number' ? this.handles.get(h) : undefined;
    if (x === undefined) throw Object.assign(new Error('Parameter error. Unknown or released object.'), { code: 401 });
    return x;
  }

  private async(asyncId: number, p: Promise<unknown>, map: (v: any) => unknown = encodeForRealm): undefined {
    p.then((v) => this.settle(asyncId, map(v), undefined),
      (e: { message?: string; code?: unknown }) => this.settle(asyncId, undefined, { message: String(e?.message ?? e), code: e?.code }));
    return undefined;
  }
}
