/**
 * `@ohos.data.distributedKVStore` for one app on one device: createKVManager → getKVStore → SingleKVStore /
 * DeviceKVStore, in the reference's shapes (enums, Entry/ChangeNotification objects, promise + callback forms,
 * BusinessError codes). Storage and sync are in kv-store.ts.
 */
import { join } from 'node:path';
import type { AppChannel } from './app-channel.js';
import { BusinessError, DATASYNC_PERMISSION, ErrorCode, paramError, permissionDenied, promiseOrCallback } from './business-error.js';
import { decodeValue, encodeValue, type KvRecord, type KvValue } from './kv-replica.js';
import { KvStoreCore, SyncMode, type StoreChange, type SyncModeValue } from './kv-store.js';

export const KVStoreType = { DEVICE_COLLABORATION: 0, SINGLE_VERSION: 1 } as const;
export const SecurityLevel = { S1: 2, S2: 3, S3: 5, S4: 6 } as const;
export const SubscribeType = { SUBSCRIBE_TYPE_LOCAL: 0, SUBSCRIBE_TYPE_REMOTE: 1, SUBSCRIBE_TYPE_ALL: 2 } as const;
export const ValueType = { STRING: 0, INTEGER: 1, FLOAT: 2, BYTE_ARRAY: 3, BOOLEAN: 4, DOUBLE: 5 } as const;
export const Constants = {
  MAX_KEY_LENGTH: 1024, MAX_VALUE_LENGTH: 4194303, MAX_KEY_LENGTH_DEVICE: 896, MAX_STORE_ID_LENGTH: 128,
  MAX_QUERY_LENGTH: 512000, MAX_BATCH_SIZE: 128,
} as const;
export { SyncMode };

export interface Entry {
  key: string;
  value: { type: number; value: KvValue };
}

export interface ChangeNotification {
  insertEntries: Entry[];
  updateEntries: Entry[];
  deleteEntries: Entry[];
  deviceId: string;
}

export interface KvKitEnv {
  channel: AppChannel;
  bundleName: string;
  /** This app's data folder on this device. */
  dataDir: string;
  permissions: string[];
  clock: () => number;
  syncTimeoutMs: number;
}

/** Key prefix separator of device-collaboration stores: `<deviceId>\u0000<key>`. */
const DEVICE_SEP = '\u0000';
const STORE_ID = /^[A-Za-z0-9_]{1,128}$/;

export function createKvStoreNamespace(env: KvKitEnv): Record<string, unknown> {
  const openStores = new Map<string, KvStoreCore>();
  const canSync = env.permissions.includes(DATASYNC_PERMISSION);
  // A request for a store this app has not open here (or may not sync) is answered at once, so the asking device
  // fails that exchange now instead of at its timeout.
  const refuse = (from: string, msg: Record<string, unknown>) => {
    const core = typeof msg.store === 'string' ? openStores.get(msg.store) : undefined;
    if ((!core || core.isClosed || !canSync) && msg.rid) {
      env.channel.send(from, { type: 'kv.nack', store: String(msg.store), rid: String(msg.rid), reason: canSync ? 'not-open' : 'no-permission' });
    }
  };
  env.channel.on('kv.pull', refuse);
  env.channel.on('kv.push', refuse);
  const ns = {
    KVStoreType, SecurityLevel, SubscribeType, ValueType, Constants, SyncMode,
    createKVManager(config: { context?: unknown; bundleName?: string }): KVManager {
      if (typeof config !== 'object' || config === null || typeof config.bundleName !== 'string' || !config.bundleName) {
        throw paramError('config.bundleName must be a non-empty string.');
      }
      if (config.bundleName !== env.bundleName) throw paramError(`bundleName '${config.bundleName}' is not this app (${env.bundleName}).`);
      return new KVManager(env, openStores);
    },
  };
  return { ...ns, default: ns };
}

interface KvOptions {
  createIfMissing?: boolean;
  encrypt?: boolean;
  backup?: boolean;
  autoSync?: boolean;
  kvStoreType?: number;
  securityLevel?: number;
}

export class KVManager {
  private readonly open = new Map<string, SingleKVStore>();
  private readonly dir: string;

  constructor(private readonly env: KvKitEnv, private readonly registry: Map<string, KvStoreCore>) {
    this.dir = join(env.dataDir, 'distributedkv');
  }

  getKVStore(storeId: string, options: KvOptions, callback?: unknown): Promise<SingleKVStore> | undefined {
    if (typeof storeId !== 'string' || !STORE_ID.test(storeId)) {
      throw paramError('storeId must be 1-128 letters, digits or underscores.');
    }
    if (typeof options !== 'object' || options === null) throw paramError('options must be an object.');
    if (options.securityLevel === undefined || !(Object.values(SecurityLevel) as number[]).includes(options.securityLevel)) {
      throw paramError('options.securityLevel must be one of SecurityLevel.S1..S4.');
    }
    const kind = options.kvStoreType ?? KVStoreType.DEVICE_COLLABORATION;
    if (!(Object.values(KVStoreType) as number[]).includes(kind)) throw paramError('options.kvStoreType is not a KVStoreType.');
    return promiseOrCallback(callback, async () => {
      const existing = this.open.get(storeId);
      if (existing && !existing.core.isClosed) {
        if (existing.kind !== kind) {
          throw new BusinessError(ErrorCode.KV_OPEN_WITH_CHANGED_OPTIONS, `Open existed database with changed options: '${storeId}'.`);
        }
        return existing;
      }
      const core = new KvStoreCore({
        channel: this.env.channel, storeId, dir: this.dir, autoSync: options.autoSync ?? false,
        createIfMissing: options.createIfMissing ?? true, encrypt: options.encrypt === true, canSync: this.env.permissions.includes(DATASYNC_PERMISSION),
        clock: this.env.clock, syncTimeoutMs: this.env.syncTimeoutMs,
      });
      const store = kind === KVStoreType.SINGLE_VERSION ? new SingleKVStore(core, this.env) : new DeviceKVStore(core, this.env);
      this.open.set(storeId, store);
      this.registry.set(storeId, core);
      return store;
    });
  }

  closeKVStore(appId: string, storeId: string, callback?: unknown): Promise<void> | undefined {
    if (typeof appId !== 'string' || typeof storeId !== 'string') throw paramError('appId and storeId must be strings.');
    return promiseOrCallback(callback, async () => {
      this.open.get(storeId)?.core.close();
      this.open.delete(storeId);
    });
  }

  deleteKVStore(appId: string, storeId: string, callback?: unknown): Promise<void> | undefined {
    if (typeof appId !== 'string' || typeof storeId !== 'string') throw paramError('appId and storeId must be strings.');
    return promiseOrCallback(callback, async () => {
      this.open.get(storeId)?.core.close();
      this.open.delete(storeId);
      if (!KvStoreCore.deleteFile(this.dir, storeId)) throw new BusinessError(ErrorCode.KV_NOT_FOUND, `Not found: KV store '${storeId}'.`);
    });
  }

  getAllKVStoreId(appId: string, callback?: unknown): Promise<string[]> | undefined {
    return promiseOrCallback(callback, async () => [...this.open.keys()].filter((id) => !this.open.get(id)!.core.isClosed));
  }

  on(_event: 'distributedDataServiceDie', _cb: () => void): void {}
  off(_event: 'distributedDataServiceDie', _cb?: () => void): void {}
}

export class SingleKVStore {
  readonly kind: number = KVStoreType.SINGLE_VERSION;
  private readonly subs = new Map<Function, { type: number; off: () => void }>();
  private readonly syncSubs = new Set<(data: Array<[string, number]>) => void>();
  private tx?: Array<{ key: string; value: KvValue | null }>;

  constructor(readonly core: KvStoreCore, protected readonly env: KvKitEnv) {}

  /** The stored key for an app key (device stores prefix the local device id). */
  protected localKey(key: string): string {
    return key;
  }

  /** The app key for a stored key, and the device that wrote it; undefined for keys this view does not show. */
  protected appKey(stored: string): string | undefined {
    return stored;
  }

  protected maxKeyLength(): number {
    return Constants.MAX_KEY_LENGTH;
  }

  protected checkKey(key: unknown): asserts key is string {
    if (typeof key !== 'string' || key.length === 0 || key.length > this.maxKeyLength()) {
      throw paramError(`key must be a non-empty string of at most ${this.maxKeyLength()} characters.`);
    }
  }

  protected checkOpen(): void {
    if (this.core.isClosed) throw new BusinessError(ErrorCode.KV_CLOSED, 'Database or result set already closed.');
  }

  put(key: string, value: KvValue, callback?: unknown): Promise<void> | undefined {
    this.checkKey(key);
    checkValue(value);
    return promiseOrCallback(callback, () => this.apply([{ key, value }]));
  }

  putBatch(entries: Entry[], callback?: unknown): Promise<void> | undefined {
    if (!Array.isArray(entries)) throw paramError('entries must be an array of Entry.');
    for (const e of entries) {
      this.checkKey(e?.key);
      checkValue(e.value?.value);
    }
    return promiseOrCallback(callback, () => this.apply(entries.map((e) => ({ key: e.key, value: e.value.value }))));
  }

  delete(key: string, callback?: unknown): Promise<void> | undefined {
    this.checkKey(key);
    return promiseOrCallback(callback, () => this.apply([{ key, value: null }]));
  }

  deleteBatch(keys: string[], callback?: unknown): Promise<void> | undefined {
    if (!Array.isArray(keys)) throw paramError('keys must be an array of strings.');
    for (const k of keys) this.checkKey(k);
    return promiseOrCallback(callback, () => this.apply(keys.map((key) => ({ key, value: null }))));
  }

  get(key: string, callback?: unknown): Promise<KvValue> | undefined {
    this.checkKey(key);
    return promiseOrCallback(callback, async () => this.read(this.localKey(key), key));
  }

  getEntries(keyPrefix: string, callback?: unknown): Promise<Entry[]> | undefined {
    if (typeof keyPrefix !== 'string') throw paramError('keyPrefix must be a string.');
    return promiseOrCallback(callback, async () => this.list(this.localKey(keyPrefix)));
  }

  startTransaction(callback?: unknown): Promise<void> | undefined {
    return promiseOrCallback(callback, async () => {
      this.checkOpen();
      this.tx = [];
    });
  }

  commit(callback?: unknown): Promise<void> | undefined {
    return promiseOrCallback(callback, async () => {
      this.checkOpen();
      const ops = this.tx ?? [];
      this.tx = undefined;
      await this.core.write(ops.map((o) => ({ key: this.localKey(o.key), value: o.value === null ? null : encodeValue(o.value) })));
    });
  }

  rollback(callback?: unknown): Promise<void> | undefined {
    return promiseOrCallback(callback, async () => {
      this.checkOpen();
      this.tx = undefined;
    });
  }

  enableSync(enabled: boolean, callback?: unknown): Promise<void> | undefined {
    if (typeof enabled !== 'boolean') throw paramError('enabled must be a boolean.');
    return promiseOrCallback(callback, async () => this.checkOpen());
  }

  /** Starts a sync; results arrive through on('syncComplete'). */
  sync(deviceIds: string[], mode: SyncModeValue, delayMs?: number): void {
    if (!Array.isArray(deviceIds) || deviceIds.length === 0 || !deviceIds.every((d) => typeof d === 'string' && d)) {
      throw paramError('deviceIds must be a non-empty array of network ids.');
    }
    if (!(Object.values(SyncMode) as number[]).includes(mode)) throw paramError('mode must be a SyncMode.');
    if (!this.env.permissions.includes(DATASYNC_PERMISSION)) throw permissionDenied('sync');
    this.checkOpen();
    const run = () => {
      if (this.core.isClosed) return;
      void this.core.syncWith(deviceIds, mode).then((result) => {
        for (const cb of [...this.syncSubs]) cb(result);
      });
    };
    if (delayMs && delayMs > 0) setTimeout(run, delayMs);
    else run();
  }

  on(event: 'dataChange' | 'syncComplete', typeOrCb: number | ((data: any) => void), cb?: (data: ChangeNotification) => void): void {
    this.checkOpen();
    if (event === 'syncComplete') {
      if (typeof typeOrCb !== 'function') throw paramError('syncComplete needs a callback.');
      this.syncSubs.add(typeOrCb as (data: Array<[string, number]>) => void);
      return;
    }
    if (event !== 'dataChange') throw paramError(`unknown event '${String(event)}'.`);
    const type = typeOrCb as number;
    if (!(Object.values(SubscribeType) as number[]).includes(type) || typeof cb !== 'function') {
      throw paramError('on(\'dataChange\') needs a SubscribeType and a callback.');
    }
    if (this.subs.has(cb)) throw new BusinessError(ErrorCode.KV_OVER_MAX_SUBSCRIBE, 'Over max limits: this callback is already subscribed.');
    const off = this.core.onChange((change) => {
      const wanted = type === SubscribeType.SUBSCRIBE_TYPE_ALL
        || (type === SubscribeType.SUBSCRIBE_TYPE_LOCAL && change.origin === 'local')
        || (type === SubscribeType.SUBSCRIBE_TYPE_REMOTE && change.origin === 'remote');
      if (!wanted) return;
      const n = this.notification(change);
      if (n.insertEntries.length + n.updateEntries.length + n.deleteEntries.length) cb(n);
    });
    this.subs.set(cb, { type, off });
  }

  off(event: 'dataChange' | 'syncComplete', cb?: Function): void {
    if (event === 'syncComplete') {
      if (cb) this.syncSubs.delete(cb as never);
      else this.syncSubs.clear();
      return;
    }
    for (const [fn, sub] of [...this.subs]) {
      if (!cb || fn === cb) {
        sub.off();
        this.subs.delete(fn);
      }
    }
  }

  protected async apply(ops: Array<{ key: string; value: KvValue | null }>): Promise<void> {
    this.checkOpen();
    if (this.tx) {
      this.tx.push(...ops);
      return;
    }
    await this.core.write(ops.map((o) => ({ key: this.localKey(o.key), value: o.value === null ? null : encodeValue(o.value) })));
  }

  protected read(storedKey: string, appKey: string): KvValue {
    this.checkOpen();
    const r = this.core.replica.get(storedKey);
    if (!r || r.v === null) throw new BusinessError(ErrorCode.KV_NOT_FOUND, `Not found: key '${appKey}'.`);
    return decodeValue(r.v);
  }

  protected list(storedPrefix: string): Entry[] {
    this.checkOpen();
    const out: Entry[] = [];
    for (const r of this.core.replica.entries(storedPrefix)) {
      const key = this.appKey(r.k);
      if (key !== undefined) out.push(toEntry(key, r));
    }
    return out;
  }

  private notification(change: StoreChange): ChangeNotification {
    const map = (rs: KvRecord[]) => rs.flatMap((r) => {
      const key = this.appKey(r.k);
      return key === undefined ? [] : [toEntry(key, r)];
    });
    return {
      insertEntries: map(change.changes.inserted), updateEntries: map(change.changes.updated),
      deleteEntries: map(change.changes.deleted), deviceId: change.deviceId,
    };
  }
}

/**
 * A device-collaboration store: every device writes only its own key space (`<deviceId>\u0000key`), so devices never
 * conflict; readers name the device (`get(deviceId, key)`) or get their own data by default.
 */
export class DeviceKVStore extends SingleKVStore {
  override readonly kind: number = KVStoreType.DEVICE_COLLABORATION;

  protected override localKey(key: string): string {
    return `${this.env.channel.localId}${DEVICE_SEP}${key}`;
  }

  protected override appKey(stored: string): string | undefined {
    const i = stored.indexOf(DEVICE_SEP);
    return i < 0 ? undefined : stored.slice(i + 1);
  }

  protected override maxKeyLength(): number {
    return Constants.MAX_KEY_LENGTH_DEVICE;
  }

  override get(deviceIdOrKey: string, keyOrCallback?: unknown, callback?: unknown): Promise<KvValue> | undefined {
    if (typeof keyOrCallback !== 'string') return super.get(deviceIdOrKey, keyOrCallback);
    if (typeof deviceIdOrKey !== 'string' || !deviceIdOrKey) throw paramError('deviceId must be a non-empty string.');
    this.checkKey(keyOrCallback);
    const key = keyOrCallback;
    return promiseOrCallback(callback, async () => this.read(`${deviceIdOrKey}${DEVICE_SEP}${key}`, key));
  }

  override getEntries(deviceIdOrPrefix: string, prefixOrCallback?: unknown, callback?: unknown): Promise<Entry[]> | undefined {
    if (typeof prefixOrCallback !== 'string') return super.getEntries(deviceIdOrPrefix, prefixOrCallback);
    if (typeof deviceIdOrPrefix !== 'string' || !deviceIdOrPrefix) throw paramError('deviceId must be a non-empty string.');
    const prefix = prefixOrCallback;
    return promiseOrCallback(callback, async () => this.list(`${deviceIdOrPrefix}${DEVICE_SEP}${prefix}`));
  }
}

function checkValue(value: unknown): asserts value is KvValue {
  const ok = typeof value === 'string' ? value.length <= Constants.MAX_VALUE_LENGTH
    : typeof value === 'number' || typeof value === 'boolean'
      || (value instanceof Uint8Array && value.length <= Constants.MAX_VALUE_LENGTH);
  if (!ok) throw paramError('value must be a string, number, boolean or Uint8Array within MAX_VALUE_LENGTH.');
}

function toEntry(key: string, r: KvRecord): Entry {
  const v = r.v!;
  const type = v.t === 's' ? ValueType.STRING : v.t === 'n' ? ValueType.DOUBLE : v.t === 'b' ? ValueType.BOOLEAN : ValueType.BYTE_ARRAY;
  return { key, value: { type, value: decodeValue(v) } };
}
