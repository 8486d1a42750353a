/**
 * One device of `hmos emulate`'s terminal UI, as the UI process sees it: its id, type and data folder
 * (`<hmos home>/devices/<id>/`, kept across runs; `wipe` clears it), the last frame its worker drew, its log lines,
 * and calls into the worker (session-worker.ts). A worker that crashes, or does not answer a call in time (an app stuck
 * beyond the runtime's watchdog), is replaced by a fresh one that relaunches the last bundle — the other devices
 * never notice.
 */
import { EventEmitter } from 'node:events';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { HmosError } from '../../errors.js';
import type { IntentDeclaration } from '../../hap/intent-manifest.js';
import type { IntentOutcome } from '../../runtime/intent-executor.js';
import type { ContinueOutcome } from '../../runtime/device.js';
import type { DeviceType } from '../../runtime/device-profile.js';
import type { InputAction, LogEntry, LogLevel } from '../../connector/protocol.js';
import { appThreadOptions } from '../../runtime/app-thread.js';
import { distFile } from '../../util/dist-path.js';
import type { ScreenWorkerData } from './session-worker.js';
import type { LoadMode, ScreenFrame } from './frame.js';

const LOG_BUFFER = 2000;

export interface ScreenDeviceOptions {
  home: string;
  wipe?: boolean;
  cols: number;
  rows: number;
  /** How long a call may take before the worker counts as hung (default 8 s: above the runtime's 5 s watchdog). */
  callTimeoutMs?: number;
  watchdogMs?: number;
  /** The user's Super Device secret (network-secret.ts): the device then joins the session's device network. */
  networkSecret?: string;
}

export class ScreenDevice extends EventEmitter {
  readonly dataDir: string;
  readonly logs: LogEntry[] = [];
  frame: ScreenFrame | undefined;
  /** When the last frame arrived (performance.now()). */
  frameAt = 0;
  private worker!: Worker;
  private ready!: Promise<void>;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(v: unknown): void; reject(e: unknown): void; timer: NodeJS.Timeout }>();
  private entries: Map<string, Uint8Array> | undefined;
  private size: { cols: number; rows: number };
  private closed = false;
  private restarts = 0;
  /** Where this device listens for Super Device peers (with a network secret only). */
  networkPort: number | undefined;

  constructor(readonly id: string, readonly type: DeviceType, private readonly options: ScreenDeviceOptions) {
    super();
    this.dataDir = join(options.home, 'devices', id);
    if (options.wipe) rmSync(this.dataDir, { recursive: true, force: true });
    mkdirSync(this.dataDir, { recursive: true });
    this.size = { cols: options.cols, rows: options.rows };
    this.spawn();
  }

  private spawn(): void {
    // App data under data/, as the connector's devices keep it: apps/ beside it holds installed packages.
    const data: ScreenWorkerData = { id: this.id, type: this.type, dataDir: join(this.dataDir, 'data'), watchdogMs: this.options.watchdogMs, networkSecret: this.options.networkSecret };
    const worker = new Worker(distFile('emulator/session/session-worker.js'), appThreadOptions({ workerData: data }));
    this.worker = worker;
    worker.on('message', (msg: any) => {
      if (worker !== this.worker) return;
      if (msg.frame) {
        this.frame = msg.frame;
        this.frameAt = performance.now();
        this.emit('frame', msg.frame);
      } else if (msg.log) this.log(msg.log.level, msg.log.tag, msg.log.message);
      else if (msg.network) {
        this.networkPort = msg.network.port;
        this.emit('network', msg.network.port);
      }
      else if (typeof msg.id === 'number') {
        const p = this.pending.get(msg.id);
        if (!p) return;
        this.pending.delete(msg.id);
        clearTimeout(p.timer);
        if (msg.ok) p.resolve(msg.result);
        else p.reject(msg.error.user ? new HmosError(msg.error.code, msg.error.message) : new HmosError('DEVICE_ERROR', `${this.id}: ${msg.error.message}`));
      }
    });
    worker.on('error', (err) => { if (worker === this.worker) this.recover(`it crashed: ${err.message}`); });
    worker.on('exit', (code) => { if (worker === this.worker && !this.closed) this.recover(`it exited with code ${code}`); });
    this.ready = this.send<void>('init', this.size.cols, this.size.rows);
    this.ready.catch(() => undefined); // callers see the failure through call()
  }

  /** Replaces a dead or hung worker and relaunches the last bundle on it (from scratch: its state is gone). */
  private recover(why: string): void {
    if (this.closed) return;
    const old = this.worker;
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(new HmosError('DEVICE_CRASHED', `${this.id} stopped (${why})`));
    }
    this.pending.clear();
    this.log('error', 'Device', `the device process stopped (${why}); restarting it`);
    void old.terminate().catch(() => undefined);
    if (++this.restarts > 5) {
      this.log('error', 'Device', 'the device process keeps stopping; press R to try again');
      return;
    }
    this.spawn();
    if (this.entries) void this.send('load', this.entries, 'launch').catch(() => undefined);
  }

  private send<T>(op: string, ...args: unknown[]): Promise<T> {
    const id = this.nextId++;
    const ms = this.options.callTimeoutMs ?? 8000;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new HmosError('DEVICE_TIMEOUT', `${this.id} did not answer ${op} in ${ms} ms`));
        this.recover(`${op} did not answer in ${ms} ms`);
      }, ms);
      timer.unref();
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer });
      this.worker.postMessage({ id, op, args });
    });
  }

  private async call<T>(op: string, ...args: unknown[]): Promise<T> {
    if (this.closed) throw new HmosError('DEVICE_CLOSED', `${this.id} was removed`);
    await this.ready;
    return this.send<T>(op, ...args);
  }

  log(level: LogLevel, tag: string, message: string): void {
    const entry: LogEntry = { time: new Date().toISOString(), device: this.id, level, tag, message };
    this.logs.push(entry);
    if (this.logs.length > LOG_BUFFER) this.logs.splice(0, this.logs.length - LOG_BUFFER);
    this.emit('log', entry);
  }

  /** Starts (`launch`), hot-reloads (`reload`: page stack and unchanged state kept) or restarts the app. */
  load(entries: Map<string, Uint8Array>, mode: LoadMode): Promise<{ page: string | null; kept: number; reset: number }> {
    this.entries = entries;
    if (mode === 'restart') this.restarts = 0;
    return this.call('load', entries, mode);
  }

  /** The HAP files this device runs (undefined before the first load). */
  get bundle(): Map<string, Uint8Array> | undefined {
    return this.entries;
  }

  /** Runs an insight intent in the running app (the `a` key; see assistant.ts). */
  executeIntent(decl: IntentDeclaration, params: Record<string, unknown>, timeoutMs: number): Promise<IntentOutcome> {
    return this.call('intent', decl, params, timeoutMs);
  }

  /** Starts the last bundle again from scratch (also brings back a device whose worker kept crashing). */
  async restart(): Promise<void> {
    if (!this.entries) return;
    if (this.restarts > 5) {
      this.restarts = 0;
      this.spawn();
    }
    await this.load(this.entries, 'restart');
  }

  resize(cols: number, rows: number): Promise<void> {
    if (cols === this.size.cols && rows === this.size.rows) return Promise.resolve();
    this.size = { cols, rows };
    return this.call('resize', cols, rows);
  }

  get cols(): number { return this.size.cols; }
  get rows(): number { return this.size.rows; }

  click(elmtId: number): Promise<void> { return this.call('click', elmtId); }
  /** Clicks the node under a cell of the screen; the clicked element's id, if anything took the click. */
  clickAt(col: number, row: number): Promise<number | undefined> { return this.call('clickAt', col, row); }
  typeText(elmtId: number, edit: { text?: string; backspace?: boolean }): Promise<void> { return this.call('type', elmtId, edit); }
  back(): Promise<string> { return this.call('back'); }
  async screenshot(): Promise<Uint8Array> { return new Uint8Array(await this.call<Uint8Array>('screenshot')); }
  /** A selector- or point-based action, as `hmos input` sends it (see session-connector.ts). */
  input(action: InputAction): Promise<void> { return this.call('input', action); }
  /** The screen as PNG (bytes), SVG (text) or the JSON element tree, as `hmos screenshot` asks for it. */
  async render(format: 'png' | 'svg' | 'json'): Promise<Uint8Array | string> {
    const out = await this.call<Uint8Array | string>('render', format);
    return typeof out === 'string' ? out : new Uint8Array(out);
  }
  tree(): Promise<unknown> { return this.call('tree'); }
  /** Every log line from now on; returns the unsubscribe function. */
  onLog(listener: (e: LogEntry) => void): () => void {
    this.on('log', listener);
    return () => this.off('log', listener);
  }
  /** `crashed` while the app has crashed (the device itself is restarted by recover()). */
  get state(): 'running' | 'crashed' {
    return this.frame?.crashed ? 'crashed' : 'running';
  }
  settle(): Promise<void> { return this.call('settle'); }
  /** Handoff (see EmulatorSession.continueApp): the running app's onContinue answer, then the target half. */
  continueOut(targetDevice?: string): Promise<ContinueOutcome> { return this.call('continueOut', targetDevice); }
  continueIn(entries: Map<string, Uint8Array>, handoff: { parameters: Record<string, unknown>; pageStack: ContinueOutcome['pageStack'] }): Promise<{ page: string | null }> {
    this.entries = entries;
    return this.call('continueIn', entries, handoff);
  }
  stopApp(): Promise<void> { return this.call('stop'); }
  /** The session's other devices, for the Super Device network. */
  setPeers(peers: Array<{ id: string; networkPort?: number }>): Promise<void> { return this.call('peers', peers); }

  /** Resolves with the next frame drawn after this call. */
  nextFrame(): Promise<ScreenFrame> {
    return new Promise((resolve) => this.once('frame', resolve));
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const p of this.pending.values()) { clearTimeout(p.timer); p.reject(new HmosError('DEVICE_CLOSED', `${this.id} was removed`)); }
    this.pending.clear();
    await this.worker.terminate();
  }
}
