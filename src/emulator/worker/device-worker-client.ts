/**
 * The host side of one device worker (device-worker.ts): starts it as an app thread (runtime/app-thread.ts), sends
 * `{id, op, args}` and matches the answers, each call with a deadline. A worker that misses one is terminated — that
 * stops app code however it is stuck (a loop outside the realm's watchdog, a hung host call) — and every call still
 * waiting fails. Used by the device hosts' devices (device.ts) and by `hmos preview`.
 */
import { Worker } from 'node:worker_threads';
import { HmosError } from '../../errors.js';
import { distFile } from '../../util/dist-path.js';
import { appThreadOptions } from '../../runtime/app-thread.js';
import type { LogLevel } from '../../connector/protocol.js';

/** What device-worker.ts is started with. */
export interface DeviceWorkerData {
  type: string;
  dataDir: string;
  deviceId: string;
  /** hmos home: with it (and a network secret) the device joins the Super Device network. */
  home?: string;
  networkPort?: number;
  networkSecret?: string;
  locale?: string;
  colorMode?: 'light' | 'dark';
  /** The realm's watchdog for each entry into app code, in ms. */
  watchdogMs?: number;
  /** Timers and sleeps on a virtual clock that jumps ahead when nothing else can run (see runtime/clock.ts). */
  virtualTime?: boolean;
}

export interface DeviceWorkerEvents {
  log(level: LogLevel, tag: string, message: string): void;
  network?(port: number): void;
  /** The worker ended by itself, or was terminated for missing a deadline (`why` says which); not after terminate(). */
  stopped?(why: string, missedDeadline: boolean): void;
}

export class DeviceWorkerClient {
  private readonly worker: Worker;
  private readonly pending = new Map<number, { resolve(v: unknown): void; reject(e: unknown): void; timer: NodeJS.Timeout }>();
  private nextId = 1;
  private ended = false;

  /** `name` appears in errors ("device phone-1 did not answer launch in 10000 ms"). */
  constructor(data: DeviceWorkerData, private readonly name: string, private readonly events: DeviceWorkerEvents) {
    this.worker = new Worker(distFile('emulator/worker/device-worker.js'), appThreadOptions({ workerData: data }));
    this.worker.unref();
    this.worker.on('message', (msg: any) => {
      if (msg.log) this.events.log(msg.log.level, msg.log.tag, msg.log.message);
      else if (msg.network) this.events.network?.(msg.network.port);
      else if (typeof msg.id === 'number') {
        const p = this.pending.get(msg.id);
        if (!p) return;
        this.pending.delete(msg.id);
        clearTimeout(p.timer);
        if (msg.ok) p.resolve(msg.result);
        else p.reject(msg.error.user ? new HmosError(msg.error.code, msg.error.message, { details: msg.error.details }) : new HmosError('DEVICE_ERROR', `the device failed: ${msg.error.message}`));
      }
    });
    this.worker.on('error', (err) => this.end(err.message, false));
    this.worker.on('exit', (code) => this.end(`exit code ${code}`, false));
  }

  /** Whether the worker still runs (not ended, not terminated). */
  get alive(): boolean { return !this.ended; }

  call<T>(op: string, args: unknown[], timeoutMs: number): Promise<T> {
    if (this.ended) return Promise.reject(new HmosError('DEVICE_CRASHED', `${this.name} has stopped`));
    const id = this.nextId++;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new HmosError('DEVICE_TIMEOUT', `${this.name} did not answer ${op} in ${timeoutMs} ms`));
        this.end(`${op} did not answer in ${timeoutMs} ms`, true);
        void this.worker.terminate();
      }, timeoutMs);
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
      this.worker.postMessage({ id, op, args });
    });
  }

  /** Stops the worker (and app code in it, wherever it is); waiting calls fail. */
  async terminate(): Promise<void> {
    this.ended = true;
    this.failPending('it was stopped');
    await this.worker.terminate();
  }

  private end(why: string, missedDeadline: boolean): void {
    if (this.ended) return;
    this.ended = true;
    this.failPending(why);
    this.events.stopped?.(why, missedDeadline);
  }

  private failPending(why: string): void {
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(new HmosError('DEVICE_CRASHED', `${this.name} stopped (${why})`));
    }
    this.pending.clear();
  }
}
