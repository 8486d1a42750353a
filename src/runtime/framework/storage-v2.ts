/**
 * Sandbox-side AppStorageV2 and PersistenceV2 (evaluated in the app realm from source, see core.ts), with the
 * reference framework's semantics (state_mgmt sdk/v2_persistence.ts):
 *  - `connect(Type, key? | defaultCreator, defaultCreator?)`: the key defaults to the type's name; the first connect
 *    creates the value with the default creator (which must return an instance of Type), later connects return the
 *    same object (a different Type under the same key is an error);
 *  - PersistenceV2 also restores the value from the device (the app's sandbox: it survives a relaunch and a device
 *    restart, and `--wipe` clears it) and writes the whole value back at the end of every turn in which something it
 *    holds changed (write-through); `globalConnect({type, key?, defaultCreator, areaMode?})` shares a value between the
 *    app's modules; `save`, `remove`, `keys`, `notifyOnError((key, reason, message) => …)`;
 *  - values are @ObservedV2 class instances; nested class instances come back as their class when the field has
 *    `@Type(Class)` (or a default value of that class), and Date, Map, Set and arrays are kept;
 *  - a value that cannot be serialised (a cycle, a BigInt …) reports 'serialization' to the notifyOnError callback
 *    (or logs an error) and the app keeps running; a persisted file that cannot be read reports 'serialization' and
 *    connect returns a fresh default value (without a callback connect throws, as on the platform).
 * The device side of the files is the `persist2.*` host ops (src/runtime/device.ts), confined to the app's sandbox.
 */
export function installStorageV2(g: any): void {
  const rt = g.__rt;
  const v2 = rt.v2;
  const warn = (message: string) => rt.call('log', { level: 'W', tag: 'StateMgmt', message });
  const logError = (message: string) => rt.call('log', { level: 'E', tag: 'StateMgmt', message });

  const typeName = (type: any): string | undefined => {
    if (typeof type !== 'function') throw new Error('The type should have function constructor signature when use storage');
    for (let t = type; t; t = Object.getPrototypeOf(t)) if (t.name) return t.name;
    return undefined;
  };
  /** Key checks: the platform refuses '' and keys of 1024+ characters, and warns about the rest. */
  const keyValid = (key: any): boolean => {
    if (typeof key !== 'string') throw new Error('The type should have function constructor signature when use storage');
    if (key === '') { logError('Cannot use empty string as the key'); return false; }
    if (key.length >= 1024) { logError('Cannot use the key! The length of key should be 2 to 255'); return false; }
    if (key.length < 2 || key.length > 255) warn('Cannot use the key! The length of key should be 2 to 255');
    if (!/^[0-9a-zA-Z_]+$/.test(key)) warn('Cannot use the key! The value of key can only consist of letters, digits and underscores');
    return true;
  };
  const connectedKey = (type: any, keyOrCreator: any): string | undefined => {
    if (keyOrCreator === null || keyOrCreator === undefined) warn('The parameter cannot be null or undefined, try to use the type name as key');
    return typeof keyOrCreator === 'string' ? keyOrCreator : typeName(type);
  };
  const mismatch = (key: string) => new Error(`The type mismatches when use the key '${key}' in storage`);

  // ---- AppStorageV2 ----
  const memory = new Map<string, any>();
  const memoryTypes = new Map<string, string | undefined>();
  const AppStorageV2 = {
    connect(type: any, keyOrCreator?: any, creator?: any): any {
      const key = connectedKey(type, keyOrCreator);
      if (!keyValid(key)) return undefined;
      if (typeof keyOrCreator === 'function') creator = keyOrCreator;
      if (!memory.has(key!)) {
        if (typeof creator !== 'function') throw new Error('The default creator should be function when first connect');
        const value = creator();
        if (!(value instanceof type)) throw mismatch(key!);
        memory.set(key!, value); memoryTypes.set(key!, typeName(type));
        return value;
      }
      if (typeName(type) !== memoryTypes.get(key!)) throw mismatch(key!);
      return memory.get(key!);
    },
    remove(keyOrType: any): void {
      if (keyOrType === null || keyOrType === undefined) { warn('The parameter cannot be null or undefined'); return; }
      const key = typeof keyOrType === 'function' ? typeName(keyOrType) : keyOrType;
      if (!keyValid(key)) return;
      if (!memory.delete(key)) warn('The key to be deleted does not exist');
      memoryTypes.delete(key);
    },
    keys: (): string[] => Array.from(memory.keys()),
  };

  // ---- the coder: JSON with tags for what JSON cannot say ----
  const FORMAT = 'hmos-persistence-v2';
  /** Own enumerable fields plus @Trace fields (accessors on the prototype). */
  const fieldsOf = (o: any): string[] => {
    const keys = new Set<string>(Object.keys(o));
    for (const k of v2.metaOf(o, 'trace')) keys.add(k);
    return [...keys];
  };
  const encode = (v: any, seen: Set<any>): any => {
    if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
    if (typeof v === 'number') return Number.isFinite(v) ? v : { $t: 'Number', v: String(v) };
    if (v === undefined) return { $t: 'undefined' };
    if (typeof v === 'bigint' || typeof v === 'symbol') throw new TypeError(`a ${typeof v} value cannot be persisted`);
    if (typeof v === 'function') return undefined;
    const raw = v2.targetOf(v) ?? rt.v1?.rawOf?.get(v) ?? v;
    if (seen.has(raw)) throw new TypeError('the value holds a reference to itself (a cycle) and cannot be serialised');
    seen.add(raw);
    // Collections are observed as a whole: reading one here makes any change of it a reason to write.
    if (raw !== v || Array.isArray(raw) || raw instanceof Map || raw instanceof Set || raw instanceof Date) v2.track(raw, v2.ANY);
    try {
      if (raw instanceof Date) return { $t: 'Date', v: raw.getTime() };
      if (raw instanceof Map) return { $t: 'Map', v: Array.from(raw.entries()).map(([k, x]) => [encode(k, seen), encode(x, seen)]) };
      if (raw instanceof Set) return { $t: 'Set', v: Array.from(raw.values()).map((x) => encode(x, seen)) };
      if (Array.isArray(raw)) return Array.from({ length: raw.length }, (_x, i) => encode(v[i], seen) ?? null);
      const out: Record<string, any> = {};
      for (const k of fieldsOf(v)) { const e = encode(v[k], seen); if (e !== undefined) out[k] = e; }
      return out;
    } finally { seen.delete(raw); }
  };
  /** JSON → value; objects are restored into `into` (the default value's object at that place) or a new `type`. */
  const decode = (j: any, into: any, type: any): any => {
    if (j === null || typeof j !== 'object') return j;
    if (!Array.isArray(j) && typeof j.$t === 'string') {
      switch (j.$t) {
        case 'Date': return new Date(j.v);
        case 'Map': return new Map(j.v.map(([k, x]: any[]) => [decode(k, undefined, undefined), decode(x, undefined, undefined)]));
        case 'Set': return new Set(j.v.map((x: any) => decode(x, undefined, undefined)));
        case 'Number': return Number(j.v);
        case 'undefined': return undefined;
        default: break;
      }
    }
    if (Array.isArray(j)) return j.map((x) => decode(x, undefined, type));
    let target = into !== null && typeof into === 'object' && !Array.isArray(into) && !(into instanceof Date) ? into : undefined;
    if (!target && typeof type === 'function') target = new type();
    if (!target) target = {};
    const types = v2.metaOf(target, 'type') as Array<{ key: string; type: any }>;
    for (const k of Object.keys(j)) {
      const t = types.find((x) => x.key === k)?.type;
      const cur = target[k];
      target[k] = decode(j[k], cur !== null && typeof cur === 'object' && (!t || cur instanceof t) ? cur : undefined, t);
    }
    return target;
  };
  g.Type = (type: any) => (proto: any, key: string) => v2.addMeta(proto, 'type', { key, type });

  // ---- PersistenceV2 ----
  const MODULE = 'module';
  const UNSUPPORTED = [WeakSet, WeakMap, Boolean, Number, String, Symbol, g.BigInt, RegExp, Function, Promise, ArrayBuffer].filter(Boolean);
  interface Entry { key: string; value: any; type: string | undefined; scope: string; watcher: any; dirty: boolean }
  const connected = new Map<string, Entry>();
  const dirty = new Set<Entry>();
  let onError: ((key: string, reason: string, message: string) => void) | undefined;
  /** The platform: with a callback the error goes there; without one it is thrown. */
  const fail = (key: string, reason: string, message: string) => {
    if (typeof onError === 'function') { onError(key, reason, message); return; }
    throw new Error(`For '${key || 'unknown'}' key: ${message}`);
  };
  const host = (op: string, data: any) => rt.call(`persist2.${op}`, data);
  const notSupported = (type: any) => {
    if (typeof type !== 'function' || UNSUPPORTED.includes(type)) throw new Error('Not support! Can only use the class object in Persistence');
  };
  const scopeOf = (areaMode: any): string => {
    if (areaMode === undefined) return 'global:1';
    if (typeof areaMode === 'number' && areaMode >= 0 && areaMode <= 4) return `global:${areaMode}`;
    throw new Error('AreaMode Value Error! value range can only in EL1-EL5');
  };

  /** Serialises an entry, recording what it reads: any later change of it marks the entry for writing. */
  const write = (e: Entry): void => {
    let text: string;
    try {
      text = JSON.stringify({ format: FORMAT, type: e.type, value: rt.tracked(e.watcher, () => encode(e.value, new Set())) });
    } catch (err: any) {
      if (typeof onError === 'function') onError(e.key, 'serialization', String(err?.message ?? err));
      else logError(`For '${e.key}' key: ${String(err?.message ?? err)}`);
      return;
    }
    try { host('set', { scope: e.scope, key: e.key, text }); } catch (err: any) {
      if (typeof onError === 'function') onError(e.key, err?.code === 'quota' ? 'quota' : 'unknown', String(err?.message ?? err));
      else logError(`For '${e.key}' key: ${String(err?.message ?? err)}`);
    }
  };
  rt.flushSteps.push((): boolean => {
    if (!dirty.size) return false;
    const es = Array.from(dirty); dirty.clear();
    for (const e of es) { e.dirty = false; if (connected.get(e.key) === e) write(e); }
    return false; // writing changes nothing on screen
  });

  const connectIn = (scope: string, type: any, key: string, creator: any): any => {
    const existing = connected.get(key);
    if (existing) {
      if (existing.scope !== scope && (existing.scope === MODULE || scope === MODULE)) throw new Error('ERROR, Duplicate key used when connect');
      if (typeName(type) !== existing.type) throw mismatch(key);
      return existing.value;
    }
    if (typeof creator !== 'function') throw new Error('The default creator should be function when first connect');
    const fresh = () => {
      const v = creator();
      if (!(v instanceof type)) throw mismatch(key);
      if (UNSUPPORTED.some((c: any) => v instanceof c)) throw new Error('Not support! Can only use the class object in Persistence');
      return v;
    };
    let value = fresh();
    const stored: string | null = host('get', { scope, key });
    if (stored !== null && stored !== undefined) {
      try {
        const parsed = JSON.parse(stored);
        if (!parsed || parsed.format !== FORMAT) throw new Error('not a persisted value');
        value = decode(parsed.value, value, type);
      } catch (err: any) {
        fail(key, 'serialization', `the persisted value cannot be read (${String(err?.message ?? err)}); a new default value is used`);
        value = fresh();
      }
    }
    const e: Entry = { key, value, type: typeName(type), scope, dirty: false, watcher: null };
    e.watcher = { notify: () => { if (!e.dirty) { e.dirty = true; dirty.add(e); rt.schedule(); } } };
    connected.set(key, e);
    write(e);
    return value;
  };

  const PersistenceV2 = {
    connect(type: any, keyOrCreator?: any, creator?: any, _subCreator?: any): any {
      notSupported(type);
      const key = connectedKey(type, keyOrCreator);
      if (key === '___keys_arr') { fail(key, 'quota', `The key '${key}' cannot be used`); return undefined; }
      if (!keyValid(key)) return undefined;
      if (typeof keyOrCreator === 'function') creator = keyOrCreator;
      return connectIn(MODULE, type, key!, creator);
    },
    globalConnect(options: any): any {
      const type = options?.type;
      notSupported(type);
      let key = options?.key;
      if (key === undefined || key === null) { warn('The parameter cannot be null or undefined, try to use the type name as key'); key = typeName(type); }
      if (!keyValid(key)) return undefined;
      return connectIn(scopeOf(options?.areaMode), type, key, options?.defaultCreator);
    },
    keys(): string[] {
      try {
        const all = new Set<string>(host('list', {}) as string[]);
        for (const k of connected.keys()) all.add(k);
        return Array.from(all);
      } catch (err: any) { fail('', 'unknown', 'fail to get all persisted keys'); return []; }
    },
    remove(keyOrType: any): void {
      if (keyOrType === null || keyOrType === undefined) { warn('The parameter cannot be null or undefined'); return; }
      if (typeof keyOrType !== 'string') notSupported(keyOrType);
      const key = typeof keyOrType === 'function' ? typeName(keyOrType) : keyOrType;
      if (!keyValid(key)) return;
      const e = connected.get(key);
      connected.delete(key);
      if (e) dirty.delete(e);
      try {
        if (!host('delete', { key, scope: e?.scope })) warn(`The key to be deleted does not existkeys:${key}`);
      } catch (err: any) { fail(key, 'unknown', `fail to remove the key '${key}'`); }
    },
    save(keyOrType: any): void {
      if (keyOrType === null || keyOrType === undefined) { warn('The parameter cannot be null or undefined'); return; }
      const key = typeof keyOrType === 'function' ? typeName(keyOrType) : keyOrType;
      if (!keyValid(key)) return;
      const e = connected.get(key);
      if (!e) { warn(`Cannot save the key '${key}'! The key is disconnected`); return; }
      write(e);
    },
    notifyOnError(cb: any): void { onError = typeof cb === 'function' ? cb : undefined; },
  };

  g.AppStorageV2 = AppStorageV2;
  g.PersistenceV2 = PersistenceV2;
}
