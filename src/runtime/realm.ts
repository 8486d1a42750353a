/**
 * The app's own JavaScript realm (DESIGN decision 5). A `vm` context whose globals are standard JavaScript plus the
 * framework (evaluated from source inside the realm, see framework/source.ts) — no require, process, Buffer or host
 * file system. The context object has a null prototype so `this.constructor` does not lead back to the host realm.
 *
 * Crossing the boundary:
 *  - realm → host: one function, `host(op, json) → json`, captured by the framework's closures and never exposed;
 *    only strings cross, and it never throws, so no host object ever reaches app code.
 *  - host → realm: `enter(request)` runs `__hmosEntry(json)` as a script with the watchdog `timeout`; microtasks run
 *    inside the same evaluation (`microtaskMode: 'afterEvaluate'`), so an endless loop in a promise callback is
 *    stopped too.
 */
import vm from 'node:vm';
import { frameworkSource } from './framework/source.js';

export type HostOps = (op: string, data: any) => unknown;

/** Thrown by `enter`/`load` when app code threw or the watchdog stopped it. */
export class AppCodeError extends Error {
  constructor(message: string, readonly appStack: string, readonly kind: 'exception' | 'timeout') {
    super(message);
  }
}

const ENTRY = new vm.Script('__hmosEntry(__hmosRequest)', { filename: 'hmos-entry.js' });
let frameworkScript: vm.Script | undefined;

export class AppRealm {
  readonly context: vm.Context;
  private busy = false;

  constructor(hostOps: HostOps, readonly timeoutMs: number) {
    this.context = vm.createContext(Object.create(null), {
      name: 'hmos-app', codeGeneration: { strings: true, wasm: false }, microtaskMode: 'afterEvaluate',
    });
    const host = (op: string, payload: string): string => {
      try {
        const data = payload ? JSON.parse(payload) : undefined;
        return JSON.stringify({ value: hostOps(op, data) });
      } catch (e) {
        const err = e as { message?: string; code?: unknown };
        return JSON.stringify({ error: { message: String(err?.message ?? e), code: err?.code ?? 13900020 } });
      }
    };
    frameworkScript ??= new vm.Script(frameworkSource(), { filename: 'hmos-framework.js' });
    const install = frameworkScript.runInContext(this.context) as (h: typeof host) => void;
    install(host);
  }

  /** The realm's own Promise.prototype: tells this realm's promises from the host's (unhandled rejections). */
  promisePrototype(): object {
    return vm.runInContext('Promise.prototype', this.context) as object;
  }

  /** Evaluates the module bundle (registers routes, abilities) under the watchdog. */
  load(code: string, filename: string): void {
    this.run(new vm.Script(code, { filename }));
  }

  /** Runs a compiled script (e.g. the bundle with its code cache) under the watchdog. */
  run(script: vm.Script): void {
    this.guard(() => script.runInContext(this.context, { timeout: this.timeoutMs }));
  }

  /** Calls into the app (`__hmosEntry`) under the watchdog; returns its parsed answer. */
  enter(request: Record<string, unknown>): { value?: unknown; page: string | null; updated: number } {
    if (this.busy) throw new Error('re-entrant call into the app realm');
    this.context.__hmosRequest = JSON.stringify(request);
    const out = this.guard(() => ENTRY.runInContext(this.context, { timeout: this.timeoutMs })) as string;
    return JSON.parse(out);
  }

  private guard(fn: () => unknown): unknown {
    this.busy = true;
    try {
      return fn();
    } catch (e) {
      const err = e as { code?: string; message?: string; stack?: string; name?: string } | null;
      if (err && err.code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') {
        throw new AppCodeError(`WATCHDOG: app code ran longer than ${this.timeoutMs} ms and was stopped (endless loop?)`, '', 'timeout');
      }
      if (err instanceof Error && !isRealmValue(err)) throw err;
      const isObj = e !== null && (typeof e === 'object' || typeof e === 'function');
      const message = isObj ? `${dataProp(e, 'name') ?? 'Error'}: ${dataProp(e, 'message') ?? ''}` : `Uncaught ${typeof e === 'symbol' ? 'Symbol()' : String(e)}`;
      throw new AppCodeError(message, isObj ? dataProp(e, 'stack') ?? '' : '', 'exception');
    } finally {
      this.busy = false;
    }
  }
}

const nativeToString = Function.prototype.toString;
/**
 * Reads a property of an app value without running app code (a getter that loops would hang the host, outside the
 * watchdog): plain data properties and V8's own native accessors (Error#stack) only, and only string values.
 */
function dataProp(obj: object, key: string): string | undefined {
  for (let o: object | null = obj, depth = 0; o && depth < 32; o = Reflect.getPrototypeOf(o), depth++) {
    const d = Reflect.getOwnPropertyDescriptor(o, key);
    if (!d) continue;
    if ('value' in d) return typeof d.value === 'string' ? d.value : undefined;
    if (d.get && /\{\s*\[native code\]\s*\}\s*$/.test(nativeToString.call(d.get))) {
      const v = Reflect.apply(d.get, obj, []);
      return typeof v === 'string' ? v : undefined;
    }
    return undefined;
  }
  return undefined;
}

/** True for values created in another realm (app errors), false for host errors (bugs in hmos itself). */
function isRealmValue(v: object): boolean {
  return !(v instanceof Object);
}
