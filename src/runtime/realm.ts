/**
 * The app's own JavaScript realm (DESIGN decisions 5 and 10; docs/security.md). A `vm` context whose globals are
 * standard JavaScript plus the framework (evaluated from source inside the realm, see framework/source.ts) — no
 * require, process, Buffer or host file system. The context object has a null prototype so `this.constructor` does not
 * lead back to the host realm.
 *
 * Crossing the boundary — only strings, in both directions:
 *  - realm → host: `host(op, json) → json`, captured by the framework's closures and never exposed; it never throws
 *    (and the realm side drops anything thrown across it, see framework/boundary.ts).
 *  - host → realm: `enter(request)` runs the locked `__hmosEnter()` under the watchdog `timeout`, which pulls the
 *    request text through `take()` and answers with JSON text. Microtasks run inside the same evaluation
 *    (`microtaskMode: 'afterEvaluate'`), so an endless loop in a promise callback is stopped too.
 *  - A value app code throws out of an entry is never inspected by host code (a getter, a Proxy trap or
 *    `Error.prepareStackTrace` would run outside the watchdog, or with host objects in reach): it is handed back to
 *    the realm through `take()` and described there, under the watchdog, as JSON text.
 *  - `import()` in app code — direct, in `eval`, in `new Function` — rejects with an error of the app's realm. Node
 *    calls a script's own dynamic-import callback only with `--experimental-vm-modules`; without it, it rejects with a
 *    host-realm error (the escape of issue #12), so app realms refuse to start in a thread without the flag.
 */
import vm from 'node:vm';
import { types } from 'node:util';
import { frameworkSource } from './framework/source.js';
import { loadBundleScript } from '../hap/bundle-script.js';
import { neutralizeDynamicImport } from './dynamic-import.js';
import { APP_REALM_NODE_FLAG } from './app-thread.js';
import { isHostObject } from './host-object.js';

export { isHostObject };

export type HostOps = (op: string, data: any) => unknown;

/** Thrown by `enter`/`load` when app code threw or the watchdog stopped it. */
export class AppCodeError extends Error {
  constructor(message: string, readonly appStack: string, readonly kind: 'exception' | 'timeout', readonly code?: string | number) {
    super(message);
  }
}


/** Whether this thread can run app code safely: Node exposes vm.SourceTextModule only under APP_REALM_NODE_FLAG. */
export function canRunAppCode(): boolean {
  return typeof (vm as { SourceTextModule?: unknown }).SourceTextModule === 'function';
}

const IMPORT_REFUSED = 'import() is not available to apps on hmos devices: import modules statically';
/**
 * The dynamic-import callback of the scripts shared by every realm (the framework, the entry scripts), which contain
 * no `import()`: it throws a primitive, which belongs to no realm.
 */
const refuseImportShared = (): never => { throw IMPORT_REFUSED; };
const shared = (source: string, filename: string) => new vm.Script(source, { filename, importModuleDynamically: refuseImportShared as never });
/**
 * The dynamic-import callback of one realm's own scripts (its context, the bundle, kit scripts, compiled strings): an
 * error of that realm. It holds the realm only weakly. Node keeps a script's callback for as long as V8 keeps the
 * script, and V8's compilation cache keeps scripts after their realm is gone: a callback holding its realm kept every
 * realm a device had made (one per hot reload) alive, ~1.5 MB each, and made each GC slower.
 */
function refuseImportOf(realm: WeakRef<AppRealm>): () => never {
  return () => { throw realm.deref()?.importRefusal() ?? IMPORT_REFUSED; };
}

let frameworkScript: vm.Script | undefined;
/**
 * The realm extensions' scripts (runtime/kit-bridge.ts: hmos's own code, the same text for every realm of a kind),
 * compiled once per thread like the framework: a hot reload's new realm used to compile them again (~2 ms).
 */
const extensionScripts = new Map<string, vm.Script>();
const MAX_EXTENSION_SCRIPTS = 32;
let enterScript: vm.Script | undefined;
let describeScript: vm.Script | undefined;
let snapshotScript: vm.Script | undefined;

/** What the realm's describer answers for a thrown value. */
export interface Described {
  /** `Name: message` (or `Uncaught <value>` for a thrown primitive). */
  message: string;
  /** The value's own `message`, when it has one. */
  text?: string;
  stack: string;
  code?: string | number;
}

export class AppRealm {
  readonly context: vm.Context;
  private busy = false;
  /** The one value `take()` hands to the realm next (a request's JSON text, or a thrown value to describe). */
  private handoff: unknown;
  private readonly refuseImport: () => never;
  /** The realm's snapshot writer (framework/snapshot.ts). */
  private readonly snapshotFn: () => unknown;
  /** Counts runs of app code: the UI tree can only have changed when it moved. */
  version = 0;

  /** Makes an error of the app's realm (set once the framework is installed). */
  private realmError: ((message: string) => Error) | undefined;

  constructor(hostOps: HostOps, readonly timeoutMs: number) {
    if (!canRunAppCode()) {
      throw new Error(`app code runs only in a thread started with ${APP_REALM_NODE_FLAG} (hmos starts its device workers so; `
        + 'for a script or test: node --experimental-vm-modules …): without it, import() in app code reaches host objects');
    }
    this.refuseImport = refuseImportOf(new WeakRef(this));
    this.context = vm.createContext(Object.create(null), {
      // Native eval / new Function are off: framework/boundary.ts compiles strings through compile() below instead.
      name: 'hmos-app', codeGeneration: { strings: false, wasm: false }, microtaskMode: 'afterEvaluate',
      importModuleDynamically: this.refuseImport as never,
    });
    const host = (op: unknown, payload: unknown): string => {
      try {
        if (typeof op !== 'string' || typeof payload !== 'string') throw new Error('malformed device request');
        const data = payload ? JSON.parse(payload) : undefined;
        if (op === 'realm.compile') return JSON.stringify({ value: this.compile(data) });
        return JSON.stringify({ value: hostOps(op, data) });
      } catch (e) {
        // Device requests fail with host errors; anything else is not looked at.
        const err = (isHostObject(e) ? e : {}) as { message?: unknown; code?: unknown };
        const code = typeof err.code === 'number' || typeof err.code === 'string' ? err.code : 13900020;
        return JSON.stringify({ error: { message: typeof err.message === 'string' ? err.message : 'the device request failed', code } });
      }
    };
    const take = (): unknown => { const v = this.handoff; this.handoff = undefined; return v; };
    frameworkScript ??= shared(frameworkSource(), 'hmos-framework.js');
    const install = frameworkScript.runInContext(this.context, { displayErrors: false }) as (h: typeof host, t: typeof take) => { realmError(m: string): Error; snapshot(): unknown };
    // Read once, before any app code exists: realm functions the host calls itself (see snapshot()).
    const installed = install(host, take);
    this.realmError = installed.realmError;
    this.snapshotFn = installed.snapshot;
  }

  /** What `import()` that reached Node rejects with: an error of this realm (a primitive before the framework is in). */
  importRefusal(): unknown {
    return this.realmError ? this.realmError(IMPORT_REFUSED) : IMPORT_REFUSED;
  }

  /**
   * Compiles code from a string for the realm's eval / Function (framework/boundary.ts), `import()` taken out first
   * (dynamic-import.ts). Functions are compiled, not run, and handed to the realm through `take()`; a 'script' runs
   * (inside the entry that asked, so under its watchdog) and its completion value — or what it threw — is handed over
   * untouched. Compile errors come back as text.
   */
  private compile(d: { kind?: unknown; params?: unknown; body?: unknown }): { threw?: true } {
    const kind = String(d?.kind);
    const params = typeof d?.params === 'string' ? d.params : '';
    const body = neutralizeDynamicImport(typeof d?.body === 'string' ? d.body : '');
    const options = { filename: 'eval', importModuleDynamically: this.refuseImport as never };
    const syntaxError = (e: unknown) => new Error(`SyntaxError: ${(isHostObject(e) ? undefined : dataString(e as object, 'message')) ?? 'invalid code'}`);
    /** Runs realm code the host compiled; what it answers or throws goes to the realm untouched. */
    const handOver = (run: () => unknown): { threw?: true } => {
      try { this.handoff = run(); return {}; } catch (e) {
        if (isHostObject(e)) throw new Error('the code could not be run');
        this.handoff = e;
        return { threw: true };
      }
    };
    if (kind === 'script') {
      let script: vm.Script;
      try { script = new vm.Script(body, options); } catch (e) { throw syntaxError(e); }
      return handOver(() => script.runInContext(this.context, { displayErrors: false }));
    }
    if (kind === 'eval') {
      let fn: unknown;
      try { fn = vm.compileFunction(`return (${body}\n)`, [], { ...options, parsingContext: this.context }); } catch {
        try { fn = vm.compileFunction(body, [], { ...options, parsingContext: this.context }); } catch (e) { throw syntaxError(e); }
      }
      this.handoff = fn;
      return {};
    }
    const head = ({ function: 'function', async: 'async function', generator: 'function*', asyncGenerator: 'async function*' } as Record<string, string>)[kind];
    if (!head) throw new Error('unknown kind of code');
    let wrapper: () => unknown;
    try {
      wrapper = vm.compileFunction(neutralizeDynamicImport(`return (${head} anonymous(${params}\n) {\n${body}\n})`), [], { ...options, parsingContext: this.context }) as () => unknown;
    } catch (e) { throw syntaxError(e); }
    // The wrapper only makes the function (unless its parameters were crafted to run code, which runs inside the
    // entry that asked, under its watchdog).
    return handOver(wrapper);
  }

  /**
   * The visible UI tree as JSON text (framework/snapshot.ts), written by the realm under a watchdog — host code reads
   * this text, never the realm's nodes. Inside an entry (a host op the app called, such as the inspector API) the
   * writer is called directly, under that entry's watchdog; otherwise it runs as its own watched script. Throws an
   * AppCodeError when app code broke the writer.
   */
  snapshot(): string {
    let out: unknown;
    if (this.busy) {
      try { out = this.snapshotFn(); } catch { out = undefined; } // what it threw is not looked at
    } else {
      snapshotScript ??= shared('__hmosUiSnapshot()', 'hmos-ui-snapshot.js');
      out = this.guard(() => snapshotScript!.runInContext(this.context, { timeout: this.timeoutMs, displayErrors: false }));
    }
    if (typeof out !== 'string') throw new AppCodeError('Error: the app broke its own UI tree (the device could not read it)', '', 'exception');
    return out;
  }

  /**
   * Sets a global of the realm to a primitive without running app code: a plain assignment would call a setter app
   * code defined for that name (outside the watchdog). A name the app made non-configurable keeps its value.
   */
  setGlobal(name: string, value: string | number | boolean | null | undefined): void {
    try { Object.defineProperty(this.context, name, { value, writable: true, configurable: true, enumerable: false }); } catch { /* the app's choice */ }
  }

  /** Whether app code is running now (the realm cannot be entered again until it returns). */
  isBusy(): boolean { return this.busy; }

  /** The realm's own Promise.prototype: tells this realm's promises from the host's (unhandled rejections). */
  promisePrototype(): object {
    return vm.runInContext('Promise.prototype', this.context, { displayErrors: false }) as object;
  }

  /** Evaluates a realm extension's script (hmos's own realm-side kits, never app code) under the watchdog. */
  load(code: string, filename: string): void {
    const key = `${filename}\n${code}`;
    let script = extensionScripts.get(key);
    if (!script) {
      if (extensionScripts.size >= MAX_EXTENSION_SCRIPTS) extensionScripts.clear();
      script = shared(neutralizeDynamicImport(code), filename);
      extensionScripts.set(key, script);
    }
    this.guard(() => script.runInContext(this.context, { timeout: this.timeoutMs, displayErrors: false }));
  }

  /** Whether the last loadBundle used the HAP's V8 code cache (else why not). */
  codeCache: { cached: boolean; reason?: string } = { cached: false };

  /**
   * Evaluates a HAP's bundle (with its V8 code caches where they fit) under the watchdog: its parts in order
   * (hap/bundle-script.ts); only the last runs app code (the first ones register the modules).
   */
  loadBundle(entries: Map<string, Uint8Array>): void {
    const loaded = loadBundleScript(entries, { importModuleDynamically: this.refuseImport, rewrite: neutralizeDynamicImport });
    this.codeCache = { cached: loaded.cached, ...(loaded.reason ? { reason: loaded.reason } : {}) };
    this.guard(() => {
      for (const script of loaded.scripts) script.runInContext(this.context, { timeout: this.timeoutMs, displayErrors: false });
    });
  }

  /** Calls into the app (the framework's `__hmosEntry`) under the watchdog; returns its parsed answer. */
  enter(request: Record<string, unknown>): { value?: unknown; page: string | null; updated: number } {
    if (this.busy) throw new Error('re-entrant call into the app realm');
    enterScript ??= shared('__hmosEnter()', 'hmos-entry.js');
    this.handoff = JSON.stringify(request);
    const out = this.guard(() => enterScript!.runInContext(this.context, { timeout: this.timeoutMs, displayErrors: false }));
    // The framework answers with JSON text; anything else means app code tampered with what the framework uses.
    if (typeof out === 'string') {
      try { return JSON.parse(out); } catch { /* below */ }
    }
    throw new AppCodeError('Error: the app broke the device entry point (its answer was not JSON)', '', 'exception');
  }

  /**
   * Describes a value app code threw or rejected with — in the realm, under the watchdog; host code never reads its
   * properties. Host-realm errors (bugs in hmos) and primitives are described here directly.
   */
  describe(value: unknown): Described {
    if (value === null || (typeof value !== 'object' && typeof value !== 'function')) {
      return { message: `Uncaught ${typeof value === 'symbol' ? value.toString() : String(value)}`, stack: '' };
    }
    if (isHostObject(value)) {
      // Only a host error that passed through app code gets here (V8's RangeError when app code used up the stack in
      // a host callback): app code may have given it getters, so only plain data is read, and never its stack.
      const text = dataString(value, 'message');
      return { message: `${dataString(value, 'name') ?? 'Error'}: ${text ?? ''}`, ...(text !== undefined ? { text } : {}), stack: '' };
    }
    const fallback = { message: 'Uncaught exception (a value the device could not describe)', stack: '' };
    describeScript ??= shared('__hmosDescribeTaken()', 'hmos-describe.js');
    this.handoff = value;
    let out: unknown;
    try {
      out = describeScript.runInContext(this.context, { timeout: Math.min(this.timeoutMs, 1000), displayErrors: false });
    } catch {
      return fallback; // the describer itself was stopped or broken by app code: what it threw is not looked at either
    } finally {
      this.handoff = undefined;
    }
    if (typeof out !== 'string') return fallback;
    try {
      const d = JSON.parse(out) as Partial<Described>;
      return {
        message: typeof d.message === 'string' ? d.message : fallback.message,
        stack: typeof d.stack === 'string' ? d.stack : '',
        ...(typeof d.text === 'string' ? { text: d.text } : {}),
        ...(typeof d.code === 'string' || typeof d.code === 'number' ? { code: d.code } : {}),
      };
    } catch {
      return fallback;
    }
  }

  private guard(fn: () => unknown): unknown {
    this.busy = true;
    this.version++;
    try {
      return fn();
    } catch (e) {
      if (isWatchdogStop(e)) {
        throw new AppCodeError(`WATCHDOG: app code ran longer than ${this.timeoutMs} ms and was stopped (endless loop?)`, '', 'timeout');
      }
      const d = this.describe(e);
      throw new AppCodeError(d.message, d.stack, 'exception', d.code);
    } finally {
      this.busy = false;
      this.handoff = undefined;
    }
  }
}

/**
 * Whether `v` is what the vm watchdog throws when it stops app code. Node creates that error in the app's realm, so
 * it is recognised by its own `code` data property, read without running app code (no Proxy, no getter). An app
 * that forges one only gets itself reported as stopped by the watchdog.
 */
function isWatchdogStop(v: unknown): boolean {
  if (v === null || typeof v !== 'object' || types.isProxy(v)) return false;
  const d = Reflect.getOwnPropertyDescriptor(v, 'code');
  return d !== undefined && 'value' in d && d.value === 'ERR_SCRIPT_EXECUTION_TIMEOUT';
}

/** A string data property of `obj` or its prototypes, read without running any code (never `stack`, which formats). */
function dataString(obj: object, key: string): string | undefined {
  let o: unknown = obj;
  for (let depth = 0; depth < 64 && o !== null && (typeof o === 'object' || typeof o === 'function'); depth++) {
    if (types.isProxy(o)) return undefined;
    const d = Reflect.getOwnPropertyDescriptor(o as object, key);
    if (d) return 'value' in d && typeof d.value === 'string' ? d.value : undefined;
    o = Reflect.getPrototypeOf(o as object);
  }
  return undefined;
}
