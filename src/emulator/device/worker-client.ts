/**
 * The holder's end of one device's worker thread (worker/device-worker.ts): spawns it, calls it with a timeout, keeps
 * the device's log lines, and recovers it — one policy for every device:
 *
 *   - a worker that exits, throws, or does not answer a call in time (an app stuck beyond the runtime's watchdog) is
 *     terminated, and every call pending on it fails at once (DEVICE_TIMEOUT for the call that timed out,
 *     DEVICE_CRASHED for the others);
 *   - a fresh worker is started right away (`spawn` event; the device's apps are gone, its data stays), unless the
 *     device keeps stopping (more than 5 times in a minute): then the next call starts one.
 *
 * A worker posts `{ready: true}` once it takes calls; call timeouts run from then on. Messages other than that, call
 * answers and log lines go to `message` listeners (status, network, frames); `crash`
 * (why, whether it hung) tells a worker stopped, `spawn` that a new one started.
 */
import { EventEmitter } from 'node:events';
import { Worker } from 'node:worker_threads';
import { HmosError } from '../../errors.js';
import type { LogEntry, LogLevel } from '../../connector/protocol.js';
import { APP_THREAD_HEAP_MB, appThreadOptions } from '../../runtime/app-thread.js';

const LOG_BUFFER = 2000;
const MAX_RESTARTS = 5;
const RESTART_WINDOW_MS = 60_000;

export interface WorkerClientOptions {
  /** The worker script (dist path). */
  file: string;
  /** Its workerData, read at every spawn (e.g. the network port to listen on again). */
  workerData: () => unknown;
  /** The device id, for log lines and error messages. */
  deviceId: string;
  /** How long a call may take before the worker counts as hung (default 10 s: above the runtime's 5 s watchdog). */
  callTimeoutMs?: number;
  /** Start a fresh worker when one stops (default true; `hmos preview`, which stops at the first failure, says false). */
  restart?: boolean;
}

interface Pending {
  op: string;
  timeoutMs: number;
  resolve(v: unknown): void;
  reject(e: unknown): void;
  /** Started when the worker is ready: a worker slow to start (a loaded machine) is not a hung one. */
  timer?: NodeJS.Timeout;
}

/** How long a new worker may take to start before it counts as broken. */
const START_TIMEOUT_MS = 60_000;

export class WorkerClient extends EventEmitter {
  readonly logs: LogEntry[] = [];
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly stops: number[] = [];
  private closed = false;
  /** The current worker has said it is ready for calls. */
  private ready = false;
  readonly callTimeoutMs: number;

  constructor(private readonly options: WorkerClientOptions) {
    super();
    this.callTimeoutMs = options.callTimeoutMs ?? 10_000;
    this.spawn();
  }

  /** Whether a worker is running (false after it kept stopping, until the next call). */
  get alive(): boolean {
    return this.worker !== undefined;
  }

  private spawn(): void {
    // An app thread (docs/security.md): the Node flag app realms need, string code generation off in its host realm.
    const worker = new Worker(this.options.file, appThreadOptions({ workerData: this.options.workerData() }));
    this.worker = worker;
    this.ready = false;
    const startTimer = setTimeout(() => { if (worker === this.worker && !this.ready) this.stopped(`it did not start in ${START_TIMEOUT_MS / 1000} s`); }, START_TIMEOUT_MS);
    startTimer.unref();
    // An idle device does not keep its holder's process alive (hosts and sessions close their devices themselves);
    // a call in flight does (see call()).
    worker.unref();
    worker.on('message', (msg: any) => {
      if (worker !== this.worker) return;
      if (msg?.ready) {
        clearTimeout(startTimer);
        this.ready = true;
        for (const [id, p] of this.pending) if (!p.timer) this.startTimer(id, p, worker);
      } else if (typeof msg?.id === 'number') this.answer(msg);
      else if (msg?.log) this.log(msg.log.level, msg.log.tag, msg.log.message);
      else this.emit('message', msg);
    });
    // An app that allocated past its thread's heap cap (app-thread.ts) ends the thread, not the process.
    worker.on('error', (err) => {
      if (worker !== this.worker) return;
      this.stopped((err as { code?: string }).code === 'ERR_WORKER_OUT_OF_MEMORY' ? `the app used more than its ${APP_THREAD_HEAP_MB} MB of memory` : `it crashed: ${err.message}`);
    });
    worker.on('exit', (code) => { if (worker === this.worker && !this.closed) this.stopped(`it exited with code ${code}`); });
    this.emit('spawn');
  }

  private answer(msg: { id: number; ok: boolean; result?: unknown; error?: { code: string; message: string; user: boolean; details?: string } }): void {
    const p = this.pending.get(msg.id);
    if (!p) return;
    this.pending.delete(msg.id);
    clearTimeout(p.timer);
    if (this.pending.size === 0) this.worker?.unref();
    if (msg.ok) p.resolve(msg.result);
    else p.reject(msg.error!.user ? new HmosError(msg.error!.code, msg.error!.message, { details: msg.error!.details }) : new HmosError('DEVICE_ERROR', `${this.options.deviceId}: the device failed: ${msg.error!.message}`));
  }

  /** The worker stopped (or hung): fail what waits on it, and start a fresh one unless it keeps stopping. */
  private stopped(why: string, timedOut?: number): void {
    const old = this.worker;
    this.worker = undefined;
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(id === timedOut
        ? new HmosError('DEVICE_TIMEOUT', `${this.options.deviceId} did not answer ${p.op} in ${p.timeoutMs} ms${this.options.restart === false ? '' : '; the device was restarted'}`)
        : new HmosError('DEVICE_CRASHED', `${this.options.deviceId} stopped (${why}) before it answered ${p.op}`));
    }
    this.pending.clear();
    void old?.terminate().catch(() => undefined);
    const now = Date.now();
    this.stops.push(now);
    while (this.stops.length && this.stops[0] < now - RESTART_WINDOW_MS) this.stops.shift();
    const givingUp = this.stops.length > MAX_RESTARTS || this.options.restart === false;
    this.log('error', 'Device', `the device process stopped (${why}); ${this.options.restart === false ? 'it is not restarted' : givingUp ? 'it keeps stopping: it starts again with the next launch' : 'restarting it'}`);
    this.emit('crash', why, timedOut !== undefined);
    if (!givingUp && !this.closed) this.spawn();
  }

  /** Calls the worker; rejects with DEVICE_TIMEOUT (and restarts the device) when it does not answer in time. */
  call<T>(op: string, ...args: unknown[]): Promise<T> {
    return this.callWithin<T>(this.callTimeoutMs, op, ...args);
  }

  /** call() with its own deadline (a call known to take long, e.g. a preview's `wait:` action). */
  callWithin<T>(timeoutMs: number, op: string, ...args: unknown[]): Promise<T> {
    if (this.closed) return Promise.reject(new HmosError('DEVICE_CLOSED', `${this.options.deviceId} was removed`));
    if (!this.worker) {
      this.stops.length = 0;
      this.spawn();
    }
    const worker = this.worker!;
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const p: Pending = { op, timeoutMs, resolve: resolve as (v: unknown) => void, reject };
      this.pending.set(id, p);
      if (this.ready) this.startTimer(id, p, worker);
      worker.ref();
      worker.postMessage({ id, op, args });
    });
  }

  private startTimer(id: number, p: Pending, worker: Worker): void {
    p.timer = setTimeout(() => {
      if (this.worker === worker && this.pending.has(id)) this.stopped(`${p.op} did not answer in ${p.timeoutMs} ms`, id);
    }, p.timeoutMs);
    p.timer.unref();
  }

  log(level: LogLevel, tag: string, message: string): void {
    const entry: LogEntry = { time: new Date().toISOString(), device: this.options.deviceId, level, tag, message };
    this.logs.push(entry);
    if (this.logs.length > LOG_BUFFER) this.logs.splice(0, this.logs.length - LOG_BUFFER);
    this.emit('log', entry);
  }

  /** Every log line from now on; returns the unsubscribe function. */
  onLog(listener: (e: LogEntry) => void): () => void {
    this.on('log', listener);
    return () => this.off('log', listener);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(new HmosError('DEVICE_CLOSED', `${this.options.deviceId} was removed`));
    }
    this.pending.clear();
    await this.worker?.terminate();
  }
}
