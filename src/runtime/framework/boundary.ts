/**
 * Sandbox-side half of the app-realm boundary (DESIGN decision 10), evaluated in the app realm first, from source like
 * every install function (see source.ts), before any app code exists. See docs/security.md for the whole boundary.
 *
 * What it guarantees inside the realm:
 *  - The two host functions the realm holds (`host`, `take`) stay in closures, and every call of them is wrapped: if
 *    the call throws (V8 raises a host-realm RangeError when app code has used up the stack just before it), the
 *    thrown value is dropped and a realm error is thrown instead.
 *  - Stack traces are formatted by realm code. Node formats an error's `stack` by calling
 *    `globalThis.Error.prepareStackTrace` of the error's realm when that is a function, and otherwise with host code
 *    that throws host-realm TypeErrors for hostile errors (a Symbol `name`). So the realm's `Error` binding and its
 *    `prepareStackTrace` are locked to a realm formatter; an app's own formatter (`Error.prepareStackTrace = fn`) is
 *    kept and called by it with the app's own frames only.
 *  - FinalizationRegistry cleanup callbacks never run: V8 runs them from the host's event loop, outside any entry and
 *    so outside the watchdog (an endless loop there would hang the device). The spec lets an engine never call them.
 *  - The entry points the host runs (`__hmosEnter`, `__hmosDescribeTaken`) are locked globals: app code can neither
 *    replace them nor make them run its code.
 */
export function installBoundary(g: any, host: (op: string, payload: string) => unknown, take: () => unknown, importName: string): {
  call(op: string, payload: string): string | undefined; realmError(message: string): Error; evaluate(code: string): unknown;
} {
  const RealmError = g.Error;
  const stringOf = g.String;
  const stringify = g.JSON.stringify;
  /** JSON text of plain data, whatever app code did to prototypes (a null-prototype holder has no toJSON to find). */
  const assign = Object.assign, create = Object.create;
  const json = (fields: Record<string, unknown>): string => stringify(assign(create(null), fields));
  const lock = (name: string, value: unknown) => Object.defineProperty(g, name, { value, writable: false, configurable: false, enumerable: false });

  /** A host call whose failure never lets the host's thrown value through. */
  const call = (op: string, payload: string): string | undefined => {
    let raw: unknown;
    try { raw = host(op, payload); } catch { return undefined; }
    return typeof raw === 'string' ? raw : undefined;
  };
  const taken = (): unknown => { try { return take(); } catch { return undefined; } };

  // ---- stack traces ----
  let appFormatter: unknown;
  /** Frames of host code (Node internals, the device's own files) are left out: the app sees only realm code. */
  const isRealmFrame = (f: any): boolean => {
    let file: unknown;
    try { file = f.getFileName(); } catch { return false; }
    return typeof file !== 'string' || !/^(node:|file:|\/|[A-Za-z]:\\)/.test(file);
  };
  const headOf = (e: any): string => {
    let name: string; let message: string;
    try { name = e.name === undefined ? 'Error' : stringOf(e.name); } catch { name = 'Error'; }
    try { message = e.message === undefined ? '' : stringOf(e.message); } catch { message = ''; }
    return !name ? message : !message ? name : `${name}: ${message}`;
  };
  const formatStack = (error: any, frames: any[]): unknown => {
    const own: any[] = [];
    for (let i = 0; i < frames.length; i++) if (isRealmFrame(frames[i])) own.push(frames[i]);
    if (typeof appFormatter === 'function') return appFormatter(error, own);
    let out = headOf(error);
    for (let i = 0; i < own.length; i++) { let line: string; try { line = stringOf(own[i]); } catch { line = '<unknown>'; } out += `\n    at ${line}`; }
    return out;
  };
  Object.defineProperty(RealmError, 'prepareStackTrace', {
    get: () => formatStack, set: (fn: unknown) => { appFormatter = fn; }, enumerable: false, configurable: false,
  });
  lock('Error', RealmError);

  // ---- code from strings ----
  // Native eval / Function are off in the realm (V8 would compile an `import()` they contain, see dynamic-import.ts):
  // these compile through the host, which takes `import()` out first. `eval` is always an indirect eval (global scope).
  /** Kinds 'function' … 'eval' answer a realm function (compiled, not run); 'script' runs and answers its value. */
  const viaHost = (kind: string, params: string, body: string): any => {
    const raw = call('realm.compile', json({ kind, params, body }));
    let answer: any;
    try { answer = raw === undefined ? undefined : JSON.parse(raw); } catch { answer = undefined; }
    const result = answer?.value;
    if (!result || typeof result !== 'object') {
      const message = answer?.error?.message;
      throw typeof message === 'string' && /^SyntaxError/.test(message) ? new g.SyntaxError(message.replace(/^SyntaxError: /, '')) : new g.EvalError('code could not be compiled');
    }
    const v = taken();
    if (result.threw) throw v;
    return v;
  };
  const compile = (kind: string, params: string, body: string): any => {
    const fn = viaHost(kind, params, body);
    if (typeof fn !== 'function') throw new g.EvalError('code could not be compiled');
    return fn;
  };
  const FunctionPrototype = Object.getPrototypeOf(() => {});
  const functionMaker = (kind: string, name: string) => {
    const make = function (...args: unknown[]) {
      const body = args.length ? stringOf(args[args.length - 1]) : '';
      let params = '';
      for (let i = 0; i < args.length - 1; i++) params += (i ? ',' : '') + stringOf(args[i]);
      return compile(kind, params, body);
    };
    Object.defineProperty(make, 'name', { value: name });
    return make;
  };
  const replaceConstructor = (proto: object, maker: (...a: unknown[]) => unknown) => {
    Object.defineProperty(maker, 'prototype', { value: proto, writable: false, enumerable: false, configurable: false });
    Object.defineProperty(proto, 'constructor', { value: maker, writable: true, enumerable: false, configurable: true });
  };
  const FunctionShim = functionMaker('function', 'Function');
  replaceConstructor(FunctionPrototype, FunctionShim);
  replaceConstructor(Object.getPrototypeOf(async () => {}), functionMaker('async', 'AsyncFunction'));
  replaceConstructor(Object.getPrototypeOf(function* () {}), functionMaker('generator', 'GeneratorFunction'));
  replaceConstructor(Object.getPrototypeOf(async function* () {}), functionMaker('asyncGenerator', 'AsyncGeneratorFunction'));
  Object.defineProperty(g, 'Function', { value: FunctionShim, writable: true, configurable: true, enumerable: false });
  const evalShim = (code: unknown) => (typeof code === 'string' ? compile('eval', '', code)() : code);
  Object.defineProperty(evalShim, 'name', { value: 'eval' });
  Object.defineProperty(g, 'eval', { value: evalShim, writable: true, configurable: true, enumerable: false });
  lock(importName, (specifier: unknown) => {
    let text: string;
    try { text = stringOf(specifier); } catch { text = '?'; }
    return g.Promise.reject(new g.TypeError(`import('${text}') is not available to apps on hmos devices: import modules statically`));
  });

  // ---- FinalizationRegistry: registrations are kept, cleanup callbacks never run ----
  const tokens = new WeakMap<object, number>();
  const canBeHeldWeakly = (v: unknown) => (typeof v === 'object' && v !== null) || typeof v === 'function' || (typeof v === 'symbol' && g.Symbol.keyFor(v) === undefined);
  class FinalizationRegistry {
    constructor(cleanup: unknown) {
      if (typeof cleanup !== 'function') throw new g.TypeError('FinalizationRegistry: cleanup must be callable');
    }
    register(target: unknown, held: unknown, token?: unknown): void {
      if (!canBeHeldWeakly(target)) throw new g.TypeError('FinalizationRegistry.prototype.register: invalid target');
      if (target === held) throw new g.TypeError('FinalizationRegistry.prototype.register: target and holdings must not be same');
      if (token !== undefined) {
        if (!canBeHeldWeakly(token)) throw new g.TypeError('FinalizationRegistry.prototype.register: invalid unregister token');
        tokens.set(token as object, (tokens.get(token as object) ?? 0) + 1);
      }
    }
    unregister(token: unknown): boolean {
      if (!canBeHeldWeakly(token)) throw new g.TypeError('FinalizationRegistry.prototype.unregister: invalid unregister token');
      return tokens.delete(token as object);
    }
    cleanupSome(): void {}
  }
  Object.defineProperty(FinalizationRegistry.prototype, g.Symbol.toStringTag, { value: 'FinalizationRegistry', configurable: true });
  Object.defineProperty(g, 'FinalizationRegistry', { value: FinalizationRegistry, writable: true, configurable: true, enumerable: false });

  // ---- what the host runs ----
  /** Describes a thrown value for the host as JSON text; runs under the watchdog, so app getters cannot hang it. */
  const describe = (v: any): string => {
    const isObject = (typeof v === 'object' && v !== null) || typeof v === 'function';
    if (!isObject) { let s: string; try { s = typeof v === 'symbol' ? v.toString() : stringOf(v); } catch { s = '?'; } return json({ message: `Uncaught ${s}`, stack: '' }); }
    let stack = '';
    try { const s = v.stack; stack = typeof s === 'string' ? s : ''; } catch { stack = ''; }
    let code: unknown;
    try { code = v.code; } catch { code = undefined; }
    let text: unknown;
    try { text = v.message === undefined ? undefined : stringOf(v.message); } catch { text = undefined; }
    return json({ message: headOf(v), text, stack, code: typeof code === 'number' || typeof code === 'string' ? code : undefined });
  };
  lock('__hmosDescribeTaken', () => describe(taken()));
  lock('__hmosEnter', () => {
    const request = taken();
    const entry = g.__hmosEntry;
    return typeof request === 'string' && typeof entry === 'function' ? entry(request) : undefined;
  });

  return { call, realmError: (message: string) => new RealmError(message), evaluate: (code: string) => viaHost('script', '', code) };
}
