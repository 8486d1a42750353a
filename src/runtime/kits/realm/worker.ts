/**
 * `@ohos.worker` (also `worker` of @kit.ArkTS) in a realm (evaluated from source; see framework/core.ts). Host side:
 * kits/worker-host.ts, which runs each worker's script in a worker realm of its own.
 *
 * In the app's realm (or a worker that starts workers): `new worker.ThreadWorker(scriptURL, options?)` (and the
 * older `worker.Worker`, not to be mixed with it: 10200003) with `postMessage` / `postMessageWithSharedSendable`,
 * `terminate`, the `onmessage` / `onmessageerror` / `onerror` / `onAllErrors` / `onexit` handlers and the event
 * target methods (`on`, `once`, `off`, `addEventListener`, `removeEventListener`, `removeAllListener`,
 * `dispatchEvent`). In a worker realm: `worker.workerPort` (`parentPort` for the older Worker) with `onmessage`,
 * `onmessageerror`, `onerror`, `postMessage`, `postMessageWithSharedSendable`, `close` and the same event methods.
 *
 * Messages are structured-cloned (clone-codec.ts): a function or a cycle in one throws 10200006 at the sender;
 * class instances arrive as plain objects. Sendable objects are copied too (this realm shares no memory with the
 * other), so postMessageWithSharedSendable behaves as postMessage here.
 */
export function installWorker(g: any): void {
  const rt = g.__rt;
  const err = (code: number, msg: string) => rt.kitError(code, msg);
  const { encode, decode } = rt.cloneCodec as { encode(v: any): any; decode(w: any): any };
  const self = rt.kitCall('worker.self') as { name: string } | null;

  const ThreadWorkerPriority = { HIGH: 0, MEDIUM: 1, LOW: 2, IDLE: 3, DEADLINE: 4, VIP: 5 };
  const call = (fn: any, that: any, arg?: any) => { if (typeof fn === 'function') fn.call(that, arg); };
  const wire = (message: any): string => JSON.stringify(encode(message));
  const unwire = (text: string): any => decode(JSON.parse(text));

  class Event {
    readonly type: string; readonly timeStamp: number;
    constructor(type: string) { this.type = type; this.timeStamp = Date.now(); }
  }
  class MessageEvents extends Event {
    readonly data: any;
    constructor(data: any) { super('message'); this.data = data; }
  }
  /** As the platform builds it (TranslateErrorEvent): `message` is the error as text (`Error: …`), type 'ErrorEvent'. */
  class ErrorEvent extends Event {
    readonly message: string; readonly filename: string; readonly lineno: number; readonly colno: number; readonly error: any; readonly backtrace: string;
    constructor(d: any) {
      super('ErrorEvent');
      this.message = String(d?.message ?? ''); this.filename = String(d?.filename ?? '');
      this.lineno = Number(d?.lineno ?? 0); this.colno = Number(d?.colno ?? 0); this.backtrace = '';
      // The worker's error value, remade here from its text (values of the worker's realm never cross).
      const m = /^(\w*Error): ([\s\S]*)$/.exec(this.message);
      const e = new Error(m ? m[2] : this.message);
      if (m) e.name = m[1];
      this.error = e;
    }
  }

  /** The listeners of one worker or port by event type, in the order they were added (each callback once). */
  class EventTarget {
    private readonly listeners = new Map<string, Array<{ cb: any; once: boolean }>>();
    protected checkListener(type: any, cb: any): void {
      if (typeof type !== 'string') throw err(401, 'Parameter error. The type of "type" must be string.');
      if (typeof cb !== 'function') throw err(401, 'Parameter error. The type of "listener" must be function.');
    }
    protected add(type: any, cb: any, once: boolean): void {
      this.checkListener(type, cb);
      const list = this.listeners.get(type) ?? [];
      if (!list.some((l) => l.cb === cb)) list.push({ cb, once });
      this.listeners.set(type, list);
    }
    on(type: string, cb: any): void { this.add(type, cb, false); }
    addEventListener(type: string, cb: any): void { this.add(type, cb, false); }
    once(type: string, cb: any): void { this.add(type, cb, true); }
    off(type: string, cb?: any): void { this.removeEventListener(type, cb); }
    removeEventListener(type: string, cb?: any): void {
      if (typeof type !== 'string') throw err(401, 'Parameter error. The type of "type" must be string.');
      if (typeof cb !== 'function') { this.listeners.delete(type); return; }
      const left = (this.listeners.get(type) ?? []).filter((l) => l.cb !== cb);
      if (left.length) this.listeners.set(type, left); else this.listeners.delete(type);
    }
    removeAllListener(): void { this.listeners.clear(); }
    dispatchEvent(event: any): boolean {
      if (!event || typeof event.type !== 'string') throw err(401, 'Parameter error. The type of "event" must be Event.');
      return this.fire(event.type, event);
    }
    /** Calls the listeners of `type` with `arg`; whether there was one. */
    protected fire(type: string, arg: any): boolean {
      const list = this.listeners.get(type);
      if (!list || list.length === 0) return false;
      const left = list.filter((l) => !l.once);
      if (left.length) this.listeners.set(type, left); else this.listeners.delete(type);
      for (const l of list) l.cb.call(this, arg);
      return true;
    }
    /** A posted message arrives (both directions): `onmessage` and 'message' listeners, or 'messageerror' if it does not decode. */
    protected deliver(text: string): void {
      const self = this as any;
      let data: any;
      try { data = unwire(text); } catch {
        call(self.onmessageerror, this, new MessageEvents(undefined));
        this.fire('messageerror', new MessageEvents(undefined));
        return;
      }
      const e = new MessageEvents(data);
      call(self.onmessage, this, e);
      this.fire('message', e);
    }
  }

  // ---- the host side of a worker ----
  const workers = new Map<number, ThreadWorker>();
  let version: 'new' | 'old' | undefined;

  class ThreadWorker extends EventTarget {
    onmessage: any = undefined; onmessageerror: any = undefined; onerror: any = undefined; onexit: any = undefined;
    private readonly id: number;
    private state: 'running' | 'terminating' | 'terminated' = 'running';
    private readonly callObjects = new Map<string, any>();
    constructor(scriptURL: any, options?: any) {
      super();
      const kind = new.target === OldWorker ? 'old' : 'new';
      if (version !== undefined && version !== kind) throw err(10200003, `Worker initialization failed. Using both Worker and ThreadWorker is not supported.`);
      if (typeof scriptURL !== 'string') throw err(401, 'Parameter error. The type of "scriptURL" must be string.');
      if (options !== undefined && options !== null) {
        if (typeof options !== 'object') throw err(401, 'Parameter error. The type of "options" must be WorkerOptions.');
        if (options.name !== undefined && typeof options.name !== 'string') throw err(401, 'Parameter error. The type of "name" must be string.');
        if (options.type !== undefined && options.type !== 'classic') throw err(401, 'Parameter error. The type of "type" must be "classic".');
        if (options.priority !== undefined && !Object.values(ThreadWorkerPriority).includes(options.priority)) throw err(401, 'Parameter error. The priority value is invalid.');
      }
      this.id = rt.kitCall('worker.create', { script: scriptURL, name: options?.name ?? '' });
      version = kind;
      workers.set(this.id, this);
    }
    postMessage(message: any, _transferOrOptions?: any): void {
      if (arguments.length < 1) throw err(401, 'Parameter error. Worker messageObject must be not null with postMessage.');
      if (this.state !== 'running') throw err(10200004, 'The Worker instance is not running.');
      rt.kitCall('worker.post', { id: this.id, wire: wire(message) });
    }
    postMessageWithSharedSendable(message: any, _transfer?: any): void {
      if (arguments.length < 1) throw err(401, 'Parameter error. Worker messageObject must be not null with postMessage.');
      this.postMessage(message);
    }
    terminate(): void {
      if (this.state !== 'running') return;
      this.state = 'terminating';
      rt.kitCall('worker.terminate', { id: this.id });
    }
    registerGlobalCallObject(instanceName: string, obj: any): void {
      if (typeof instanceName !== 'string') throw err(401, 'Parameter error. The type of "instanceName" must be string.');
      if (this.state !== 'running') throw err(10200004, 'The Worker instance is not running.');
      this.callObjects.set(instanceName, obj);
    }
    unregisterGlobalCallObject(instanceName?: string): void {
      if (this.state !== 'running') throw err(10200004, 'The Worker instance is not running.');
      if (instanceName === undefined) this.callObjects.clear(); else this.callObjects.delete(instanceName);
    }
    /** An event the worker host posted (`worker.host` channel). */
    hear(p: any): void {
      if (p.kind === 'message') {
        this.deliver(p.wire);
      } else if (p.kind === 'error') {
        const e = new ErrorEvent(p);
        const handler = typeof (this as any).onAllErrors === 'function' ? (this as any).onAllErrors : this.onerror;
        const called = typeof handler === 'function';
        if (called) handler.call(this, e);
        const heard = this.fire('error', e);
        // Nobody listens: the worker's error becomes the host's, as on the platform (an uncaught exception here).
        if (!called && !heard) throw new Error(`Uncaught exception in the worker: ${e.message}`);
      } else if (p.kind === 'exit') {
        this.state = 'terminated';
        workers.delete(this.id);
        const code = Number(p.code) || 0;
        call(this.onexit, this, code);
        this.fire('exit', code);
      }
    }
  }
  class OldWorker extends ThreadWorker {}
  rt.kitEvents.on('worker.host', (p: any) => workers.get(Number(p?.id))?.hear(p));

  // ---- inside a worker: its port to the host ----
  let port: any;
  if (self) {
    const name = self.name;
    class WorkerPort extends EventTarget {
      readonly name: string = name;
      onmessage: any = undefined; onmessageerror: any = undefined; onerror: any = undefined;
      private closed = false;
      postMessage(message: any, _transferOrOptions?: any): void {
        if (arguments.length < 1) throw err(401, 'Parameter error. Worker messageObject must be not null with postMessage.');
        if (this.closed) throw err(10200004, 'The Worker instance is not running.');
        rt.kitCall('worker.toHost', { wire: wire(message) });
      }
      postMessageWithSharedSendable(message: any, _transfer?: any): void {
        if (arguments.length < 1) throw err(401, 'Parameter error. Worker messageObject must be not null with postMessage.');
        this.postMessage(message);
      }
      close(): void {
        if (this.closed) return;
        this.closed = true;
        rt.kitCall('worker.close');
      }
      callGlobalCallObjectMethod(_instanceName: string, _methodName: string, _timeout: number, ..._args: any[]): any {
        throw err(10200019, 'The global call object is not registered: synchronous calls into the host are not emulated; post a message instead.');
      }
      hear(p: any): void {
        if (p.kind === 'message') {
          if (!this.closed) this.deliver(p.wire);
        } else if (p.kind === 'error') {
          const e = new ErrorEvent(p);
          call(this.onerror, this, e);
          this.fire('error', e);
        }
      }
    }
    port = new WorkerPort();
    rt.kitEvents.on('worker.port', (p: any) => port.hear(p));
  }

  const worker = {
    ThreadWorker, Worker: OldWorker, RestrictedWorker: ThreadWorker, ThreadWorkerPriority,
    Event, MessageEvents, MessageEvent: MessageEvents, ErrorEvent, EventTarget, WorkerEventTarget: EventTarget,
    workerPort: port, parentPort: port,
  };
  rt.defineModule('@ohos.worker', () => ({ ...worker, worker, default: worker }));
}
