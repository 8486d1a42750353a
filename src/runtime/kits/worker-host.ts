/**
 * The host side of `@ohos.worker` (realm side: realm/worker.ts). Each ThreadWorker runs its script in a worker realm
 * of its own: an AppRealm like the app's (standard JavaScript, the framework and the kits, no Node API, no host
 * object, the same watchdog on every entry), evaluating the app's bundle with `__hmosWorkerScript` set, so the
 * bundle runs that worker's module instead of the app's entry (compiler/linker.ts). It runs on the app's thread, on
 * turns of its own — the same message semantics as the platform's worker thread:
 *  - the script starts on a later turn; messages posted before it has started wait, and are delivered in order;
 *  - every message crosses as structured-clone data in JSON text (realm/clone-codec.ts) and is delivered on a later
 *    turn of the receiving realm, never inside the sender's call;
 *  - an exception the worker does not catch (while starting, in a handler, in a timer) or code the watchdog stops
 *    calls `workerPort.onerror` in the worker, then the host's `onerror` with an ErrorEvent, and ends the worker
 *    (`onexit(1)`); `terminate()` and `workerPort.close()` end it with `onexit(0)`.
 * A worker realm's kits (hilog, util, preferences, relationalStore …) are its own KitHost on the app's sandbox; its
 * timers run on the device's clock. A worker may start workers of its own. At most 64 run at once per app, as on the
 * platform (10200003 beyond).
 */
import { AppCodeError, AppRealm } from '../realm.js';
import { KitHost, type KitFamily, type KitHostContext } from './host.js';
import { KitError } from './kit-error.js';
import { loadRealmLibrary } from './realm-libraries.js';
import { WORKERS_MANIFEST_PATH } from '../../hap/bundle-script.js';

const MAX_WORKERS = 64;
/** Largest message (its clone-data JSON text). */
const MAX_MESSAGE = 64 << 20;

/** Device requests of the app's that a worker realm may make too: answered the same whichever realm asks. */
const SHARED_OPS = new Set(['log', 'env', 'uuid', 'base64', 'permissions', 'res.get', 'measure.text',
  'prefs.load', 'prefs.save', 'prefs.delete', 'persist.get', 'persist.set', 'persist.delete',
  'fs.open', 'fs.readText', 'fs.write', 'fs.access', 'fs.mkdir', 'fs.rm', 'fs.list', 'fs.stat', 'fs.copy', 'fs.rename', 'hsp.code', 'hsp.routes']);
/** UI requests a realm's framework makes on its own; a worker has no UI, so they do nothing there. */
const NO_UI_OPS = new Set(['scheduleFlush', 'anim.state', 'page']);

/** Live workers per app (a worker's own workers count too): keyed by the app's bundle entries. */
const liveCount = new WeakMap<object, { n: number }>();

/** The worker's script key (`ets/workers/Worker`) a script URL names, or undefined when it names none of this module. */
export function workerKey(url: string, moduleName: string): string | undefined {
  let p = url.trim().replace(/\\/g, '/');
  // `@bundle:<bundleName>/<module>/ets/…` (the platform's full form) → `<module>/ets/…`
  const bundle = /^@bundle:[^/]+\/(.*)$/.exec(p);
  if (bundle) p = bundle[1];
  if (p.startsWith(`${moduleName}/`)) p = p.slice(moduleName.length + 1);
  // A path from the calling file (`../workers/W.ets`) or the older `workers/W.js`: under ets/.
  const parts: string[] = [];
  for (const seg of p.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') { parts.pop(); continue; }
    parts.push(seg);
  }
  if (parts.length === 0) return undefined;
  if (parts[0] !== 'ets') parts.unshift('ets');
  return parts.join('/').replace(/\.(ets|ts|js)$/, '');
}

interface WorkerSelf {
  name: string;
  toHost(wire: string): void;
  close(): void;
}

/** What a worker realm's KitHost gets besides the app's context: the worker it belongs to. */
type WorkerContext = KitHostContext & { workerSelf?: WorkerSelf };

export function createWorkerHost(ctx: WorkerContext): KitFamily {
  const workers = new Map<number, WorkerRealm>();
  let nextId = 1;
  const scripts = (): Set<string> => {
    const raw = ctx.bundle?.().get(WORKERS_MANIFEST_PATH);
    if (!raw) return new Set();
    try {
      const list = JSON.parse(Buffer.from(raw).toString('utf8')) as unknown;
      return new Set(Array.isArray(list) ? list.filter((x): x is string => typeof x === 'string') : []);
    } catch { return new Set(); }
  };
  const running = (id: unknown): WorkerRealm => {
    const w = workers.get(Number(id));
    if (!w || !w.accepting()) throw new KitError(10200004, 'The Worker instance is not running.');
    return w;
  };
  const checkWire = (wire: unknown): string => {
    if (typeof wire !== 'string') throw new KitError(10200006, 'An exception occurred during serialization.');
    if (wire.length > MAX_MESSAGE) throw new KitError(10200006, 'An exception occurred during serialization: the message is larger than 64 MB.');
    return wire;
  };

  return {
    handle(op, d) {
      switch (op) {
        case 'self': return ctx.workerSelf ? { name: ctx.workerSelf.name } : null;
        case 'create': {
          if (!ctx.bundle || !ctx.clock || !ctx.inFlight || !ctx.appOp) throw new KitError(10200003, 'Worker initialization failed: workers are not available here.');
          const url = String(d.script ?? '');
          const key = workerKey(url, ctx.moduleName);
          const known = scripts();
          if (key === undefined || !known.has(key)) {
            const hint = known.size ? `this HAP's workers: ${[...known].map((k) => `${ctx.moduleName}/${k}`).join(', ')}` : 'this HAP has no worker scripts (put them under src/main/ets/workers/ or list them in build-profile.json5 buildOption.sourceOption.workers)';
            throw new KitError(10200007, `The worker file path is invalid: ${url} (${hint}).`);
          }
          const count = liveCount.get(ctx.bundle()) ?? { n: 0 };
          liveCount.set(ctx.bundle(), count);
          if (count.n >= MAX_WORKERS) throw new KitError(10200003, 'Worker initialization failed: the number of workers exceeds the maximum (64).');
          count.n++;
          const id = nextId++;
          const w = new WorkerRealm(ctx, id, key, String(d.name ?? ''), () => { count.n--; workers.delete(id); });
          workers.set(id, w);
          w.start();
          return id;
        }
        case 'post': running(d.id).post(checkWire(d.wire)); return undefined;
        case 'terminate': workers.get(Number(d.id))?.terminate(); return undefined;
        case 'toHost':
          if (!ctx.workerSelf) throw new KitError(10200004, 'The Worker instance is not running: workerPort exists only inside a worker.');
          ctx.workerSelf.toHost(checkWire(d.wire));
          return undefined;
        case 'close':
          if (!ctx.workerSelf) throw new KitError(10200004, 'The Worker instance is not running: workerPort exists only inside a worker.');
          ctx.workerSelf.close();
          return undefined;
        default: throw new KitError(801, `unknown request worker.${op}`);
      }
    },
    close() {
      // The realm that owns these workers is going away (app stop, or its own worker ended): they end silently.
      for (const w of [...workers.values()]) w.end(0, false);
    },
  };
}

/** One worker: its realm, its kits and timers, and its state. */
class WorkerRealm {
  private state: 'starting' | 'running' | 'ended' = 'starting';
  /** terminate() or workerPort.close() was called: nothing more is accepted; it ends after what was posted before. */
  private closing = false;
  private realm: AppRealm | undefined;
  private kits: KitHost | undefined;
  private readonly timers = new Map<number, number>();
  private readonly waiting: string[] = [];

  constructor(private readonly ctx: KitHostContext, private readonly id: number, private readonly key: string,
    private readonly name: string, private readonly onEnd: () => void) {}

  /** Whether the host may still post to it (after terminate() it may not, though it has not ended yet). */
  accepting(): boolean { return this.state !== 'ended' && !this.closing; }

  /**
   * The host's terminate(): as the platform queues its stop signal behind the messages already posted, those are
   * still delivered; then the worker ends with exit code 0.
   */
  terminate(): void {
    if (this.closing || this.state === 'ended') return;
    this.closing = true;
    if (this.state === 'running') this.later(() => this.end(0));
  }

  start(): void {
    this.later(() => {
      if (this.state !== 'starting') return;
      const ctx = this.ctx;
      const self: WorkerSelf = {
        name: this.name,
        toHost: (wire) => { if (this.state !== 'ended') this.toHost({ kind: 'message', wire }); },
        // workerPort.close(): the worker stops taking messages now and ends once this turn is over.
        close: () => { this.closing = true; this.closedByWorker = true; this.waiting.length = 0; this.later(() => this.end(0)); },
      };
      this.kits = new KitHost({
        ...ctx,
        workerSelf: self,
        settle: (asyncId, work) => {
          const done = ctx.inFlight!();
          work.then((value) => ({ value }), (e: { message?: string; code?: unknown }) => ({ error: { message: String(e?.message ?? e), code: e?.code ?? 2300000 } }))
            .then((r) => { try { this.enter({ op: 'settle', id: asyncId, ...r }); } finally { done(); } });
        },
        post: (channel, payload) => this.later(() => this.enter({ op: 'ext', fn: 'kitEvent', args: [channel, payload] })),
        loadLibrary: (name) => { if (this.realm) loadRealmLibrary(this.realm.context, name); },
      } as KitHostContext & { workerSelf: WorkerSelf });
      try {
        this.realm = new AppRealm((op, d) => this.hostOp(op, d), ctx.watchdogMs);
        this.realm.setGlobal('__hmosWorkerScript', this.key);
        this.realm.setGlobal('__hmosClockOffset', ctx.clock!.offset());
        this.realm.loadBundle(ctx.bundle!());
      } catch (e) {
        if (!(e instanceof AppCodeError)) throw e;
        this.fail(e);
        return;
      }
      this.state = 'running';
      this.ctx.log('I', 'Worker', `worker ${this.label()} started`);
      for (const wire of this.waiting.splice(0)) this.post(wire);
      if (this.closing) this.later(() => this.end(0));
    });
  }

  post(wire: string): void {
    if (this.state === 'starting') { this.waiting.push(wire); return; }
    this.later(() => !this.endedByClose() && this.enter({ op: 'ext', fn: 'kitEvent', args: ['worker.port', { kind: 'message', wire }] }));
  }

  /** Ends the worker: its timers, kits and realm go; the host hears `exit` (unless the host itself is going away). */
  end(code: number, tell = true): void {
    if (this.state === 'ended') return;
    this.state = 'ended';
    for (const t of this.timers.values()) this.ctx.clock?.clearTimer(t);
    this.timers.clear();
    this.waiting.length = 0;
    this.kits?.close();
    this.kits = undefined;
    this.realm = undefined;
    this.onEnd();
    if (tell) this.toHost({ kind: 'exit', code });
  }

  /** After workerPort.close() no message is delivered any more (the host's terminate() lets earlier ones through). */
  private endedByClose(): boolean { return this.closedByWorker; }
  private closedByWorker = false;

  private label(): string { return `${this.ctx.moduleName}/${this.key}${this.name ? ` (${this.name})` : ''}`; }

  private toHost(event: Record<string, unknown>): void { this.ctx.post('worker.host', { id: this.id, ...event }); }

  /** Runs `fn` on a later turn, as work in flight until then (the device's settle() waits for it). */
  private later(fn: () => void): void {
    const done = this.ctx.inFlight!();
    setImmediate(() => { try { fn(); } finally { done(); } });
  }

  private enter(req: Record<string, unknown>): void {
    const realm = this.realm;
    if (!realm || this.state === 'ended') return;
    realm.setGlobal('__hmosClockOffset', this.ctx.clock!.offset());
    try { realm.enter(req); } catch (e) {
      if (!(e instanceof AppCodeError)) throw e;
      this.fail(e);
    }
  }

  /** An exception the worker did not catch, or the watchdog: workerPort.onerror, the host's onerror, then exit 1. */
  private fail(e: AppCodeError): void {
    if (this.state === 'ended') return;
    const where = this.ctx.locate?.(e.appStack);
    this.ctx.log('E', 'Worker', `worker ${this.label()}: ${e.message}${where ? ` at ${where.file}:${where.line}:${where.col}` : ''}`);
    const realm = this.realm;
    const event = { message: e.message, filename: where?.file ?? '', lineno: where?.line ?? 0, colno: where?.col ?? 0 };
    if (realm && e.kind === 'exception') {
      try { realm.enter({ op: 'ext', fn: 'kitEvent', args: ['worker.port', { kind: 'error', ...event }] }); } catch { /* its own onerror failed too */ }
    }
    this.toHost({ kind: 'error', ...event });
    this.end(1);
  }

  /** What the worker realm asks of the device. Throwing here becomes an error inside the worker. */
  private hostOp(op: string, d: any): unknown {
    if (op === 'timer') {
      const clock = this.ctx.clock!;
      const prev = this.timers.get(d.id);
      if (prev !== undefined) clock.clearTimer(prev);
      this.timers.set(d.id, clock.setTimer(Number(d.ms) || 0, () => { this.timers.delete(d.id); this.enter({ op: 'timer', id: d.id }); }));
      return undefined;
    }
    if (op === 'clearTimer') {
      const t = this.timers.get(d.id);
      if (t !== undefined) this.ctx.clock!.clearTimer(t);
      this.timers.delete(d.id);
      return undefined;
    }
    if (NO_UI_OPS.has(op)) return undefined;
    // The host-object kits of the launch (the Super Device's, kit-bridge.ts) call back into the app's realm only.
    if (op === 'kit.list') return [];
    if (SHARED_OPS.has(op)) return this.ctx.appOp!(op, d);
    if (op.startsWith('k.') && this.kits) return this.kits.handle(op.slice(2), d ?? {});
    throw Object.assign(new Error(`'${op}' is not available inside a worker`), { code: 10200004 });
  }
}
