/**
 * Host kits: system modules implemented in the host realm (e.g. the Super Device kits of src/runtime/distributed),
 * offered to app code through a membrane so no host object, function or error ever enters the app realm.
 *
 * Wire values (JSON) cross the realm bridge: primitives and plain records/arrays by value; host functions, class
 * instances and other objects as numbered handles the app side wraps in proxies (property reads, calls and `new`
 * go back through the bridge); host promises as async ids settled later; app callbacks as ids the host calls
 * (always asynchronously, through the device's watchdog-guarded entry).
 *
 *   device.launch({ bundle, hostKits: { '@ohos.data.distributedKVStore': namespace, … } })
 * or a factory `(ctx) => kits` receiving the app's bundle name, data folder, permissions and log; a `close()` member
 * of the returned record is called when the app stops.
 */
export type Wire =
  | { t: 'v'; v: string | number | boolean | null }
  | { t: 'u' }
  | { t: 'arr'; v: Wire[] }
  | { t: 'rec'; v: Record<string, Wire> }
  | { t: 'bytes'; v: number[] }
  | { t: 'obj'; id: number }
  | { t: 'fn'; id: number }
  | { t: 'method'; id: number; prop: string }
  | { t: 'promise'; id: number }
  | { t: 'err'; message: string; code?: unknown }
  | { t: 'ref'; id: number }
  | { t: 'cb'; id: number };

export interface HostKitContext {
  bundleName: string;
  moduleName: string;
  /** The app's data folder on this device (host path). */
  appDataDir: string;
  permissions: string[];
  log(level: 'D' | 'I' | 'W' | 'E', tag: string, message: string): void;
}
export type HostKits = Record<string, unknown>;
export type HostKitsOption = HostKits | ((ctx: HostKitContext) => HostKits);

/**
 * A realm extension: kit shims evaluated inside the app realm from source (like the framework), answered by host ops
 * with a name prefix. The Super Device kits use this (see distributed-extension.ts).
 */
export interface RealmExtension {
  /** A function expression `(g) => void` run in the app realm after the framework; it may use g.__rt.call/registerKit. */
  source: string;
  /** Host ops starting with this prefix go to `handle`. */
  prefix: string;
  handle(op: string, data: any): unknown;
  /** Receives `post(fnName, args)`, which runs `__rt[fnName](...args)` in the realm on a later turn, under the watchdog. */
  connect?(post: (fnName: string, args: unknown[]) => void): void;
  close?(): void;
}
export type RealmExtensionsOption = RealmExtension[] | ((ctx: HostKitContext) => RealmExtension[]);

export interface KitBridgeHooks {
  /** Run app callback `id` with these arguments (the device defers it to its own turn). */
  callback(id: number, args: Wire[]): void;
  /** Settle the app-side promise `id`. */
  settle(id: number, result: { value?: Wire; error?: { message: string; code?: unknown } }): void;
}

/** Property names that lead from any object to the host's Function constructor (and so out of the sandbox). */
const FORBIDDEN = new Set(['constructor', '__proto__', 'prototype', '__defineGetter__', '__defineSetter__', '__lookupGetter__', '__lookupSetter__', 'caller', 'callee', 'arguments']);
const CODE_MAKERS = new Set<unknown>([Function, eval, Object.getPrototypeOf(async () => {}).constructor, Object.getPrototypeOf(function* () {}).constructor,
  Object.getPrototypeOf(async function* () {}).constructor]);
const prop = (p: unknown): string => {
  const k = String(p);
  if (FORBIDDEN.has(k)) throw Object.assign(new Error(`'${k}' of a system module object is not accessible`), { code: 201 });
  return k;
};
const callable = (f: unknown): ((...a: unknown[]) => unknown) => {
  if (typeof f !== 'function' || CODE_MAKERS.has(f)) throw Object.assign(new Error('not a callable system module member'), { code: 401 });
  return f as (...a: unknown[]) => unknown;
};
const isPlain = (v: object) => { const p = Object.getPrototypeOf(v); return p === Object.prototype || p === null; };

export class KitBridge {
  private readonly objects = new Map<number, unknown>();
  private readonly ids = new WeakMap<object, number>();
  private nextId = 1;
  private nextAsync = 1;
  /** Host promises handed to the app that have not settled yet. */
  pending = 0;

  constructor(private readonly kits: HostKits, private readonly hooks: KitBridgeHooks) {}

  specs(): string[] { return Object.keys(this.kits).filter((k) => k !== 'close'); }

  /** Answers one `kit.*` request of the app realm. */
  op(op: string, d: { spec?: string; id?: number; prop?: string; args?: Wire[]; v?: Wire }): unknown {
    switch (op) {
      case 'kit.list': return this.specs();
      case 'kit.root': return d.spec && d.spec !== 'close' && d.spec in this.kits ? this.out(this.kits[d.spec]) : null;
      case 'kit.get': { const o = this.target(d.id); const k = prop(d.prop); const v = Reflect.get(o, k); return typeof v === 'function' ? { t: 'method', id: d.id, prop: k } : this.out(v); }
      case 'kit.has': return prop(d.prop) in this.target(d.id);
      case 'kit.set': Reflect.set(this.target(d.id), prop(d.prop), this.in(d.v ?? { t: 'u' })); return undefined;
      case 'kit.call': {
        const o = this.target(d.id);
        const args = (d.args ?? []).map((a) => this.in(a));
        const r = d.prop === undefined ? Reflect.apply(callable(o), undefined, args) : Reflect.apply(callable(Reflect.get(o, prop(d.prop))), o, args);
        return this.out(r);
      }
      case 'kit.new': return this.out(Reflect.construct(callable(this.target(d.id)) as unknown as new (...a: unknown[]) => object, (d.args ?? []).map((a) => this.in(a))));
      default: throw new Error(`unknown kit request '${op}'`);
    }
  }

  private target(id: unknown): object {
    const o = this.objects.get(Number(id));
    if (o === undefined || o === null) throw Object.assign(new Error(`stale kit object #${String(id)}`), { code: 401 });
    return o as object;
  }

  private ref(o: object): number {
    let id = this.ids.get(o);
    if (id === undefined) { id = this.nextId++; this.ids.set(o, id); this.objects.set(id, o); }
    return id;
  }

  /** Host value → wire. */
  out(v: unknown, depth = 0, seen = new Set<object>()): Wire {
    if (v === undefined) return { t: 'u' };
    if (v === null || typeof v === 'string' || typeof v === 'boolean') return { t: 'v', v };
    if (typeof v === 'number') return Number.isFinite(v) ? { t: 'v', v } : { t: 'u' };
    if (typeof v === 'bigint') return { t: 'v', v: Number(v) };
    if (typeof v === 'symbol') return { t: 'u' };
    if (typeof v === 'function') return { t: 'fn', id: this.ref(v) };
    const o = v as object;
    if (typeof (o as Promise<unknown>).then === 'function') {
      const id = this.nextAsync++;
      this.pending++;
      Promise.resolve(o).then(
        (value) => { this.pending--; this.hooks.settle(id, { value: this.out(value) }); },
        (e: { message?: string; code?: unknown }) => { this.pending--; this.hooks.settle(id, { error: { message: String(e?.message ?? e), code: e?.code } }); },
      );
      return { t: 'promise', id };
    }
    if (o instanceof Error) return { t: 'err', message: o.message, code: (o as { code?: unknown }).code };
    if (o instanceof Uint8Array) return { t: 'bytes', v: Array.from(o) };
    if (o instanceof ArrayBuffer) return { t: 'bytes', v: Array.from(new Uint8Array(o)) };
    if (depth > 16 || seen.has(o)) return { t: 'obj', id: this.ref(o) };
    seen.add(o);
    try {
      if (Array.isArray(o)) return { t: 'arr', v: o.map((x) => this.out(x, depth + 1, seen)) };
      if (isPlain(o)) {
        const rec: Record<string, Wire> = {};
        for (const k of Object.keys(o)) rec[k] = this.out((o as Record<string, unknown>)[k], depth + 1, seen);
        return { t: 'rec', v: rec };
      }
    } finally { seen.delete(o); }
    return { t: 'obj', id: this.ref(o) };
  }

  /** Wire from the app → host value. */
  in(w: Wire): unknown {
    switch (w?.t) {
      case 'v': return w.v;
      case 'u': return undefined;
      case 'arr': return w.v.map((x) => this.in(x));
      case 'rec': { const o: Record<string, unknown> = {}; for (const [k, x] of Object.entries(w.v)) o[k] = this.in(x); return o; }
      case 'bytes': return Uint8Array.from(w.v);
      case 'ref': return this.objects.get(w.id);
      case 'cb': { const id = w.id; return (...args: unknown[]) => { this.hooks.callback(id, args.map((a) => this.out(a))); }; }
      default: return undefined;
    }
  }
}
