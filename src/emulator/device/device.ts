/**
 * An emulated device inside a host: its identity (`<type>-<n>`, aliases such as `watch-1`), data folder
 * (`<hmos home>/devices/<id>/`, kept across restarts), app store, log buffer and its worker thread. Installs and
 * launches on one device run one at a time (a queue), so two deploys to the same device cannot interleave.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { HmosError } from '../../errors.js';
import type { IntentDeclaration } from '../../hap/intent-manifest.js';
import type { IntentOutcome } from '../../runtime/intent-executor.js';
import type { DeviceType } from '../../runtime/device-profile.js';
import { hmosHome } from '../../util/paths.js';
import { AppStore, type InstallOptions, type InstalledApp } from './app-store.js';
import type { ContinueInRequest, ContinueOutResult, InputAction, LaunchRequest, LogEntry, LogLevel } from '../../connector/protocol.js';
import { DeviceWorkerClient } from '../worker/device-worker-client.js';
import { trustedKeyIds } from './trust-store.js';

export type DeviceState = 'running' | 'crashed';

const LOG_BUFFER = 2000;

export class EmulatedDevice {
  readonly dataDir: string;
  readonly store: AppStore;
  state: DeviceState = 'running';
  readonly logs: LogEntry[] = [];
  private readonly logListeners = new Set<(e: LogEntry) => void>();
  private client!: DeviceWorkerClient;
  private queue: Promise<unknown> = Promise.resolve();

  /** The device's Super Device port (127.0.0.1) once its worker listens; only with a network secret. */
  networkPort: number | undefined;
  private networkWaiters: Array<(port: number) => void> = [];
  private readonly home: string;
  private readonly networkSecret: string | undefined;

  constructor(readonly id: string, readonly type: DeviceType, readonly aliases: string[], options: { home?: string; wipe?: boolean; opTimeoutMs?: number; networkSecret?: string } = {}) {
    const home = options.home ?? hmosHome();
    this.home = home;
    this.networkSecret = options.networkSecret;
    this.dataDir = join(home, 'devices', id);
    if (options.wipe) rmSync(this.dataDir, { recursive: true, force: true });
    mkdirSync(this.dataDir, { recursive: true });
    this.store = new AppStore(this.dataDir, type, () => trustedKeyIds(home));
    this.store.recover();
    this.opTimeoutMs = options.opTimeoutMs ?? 10_000;
    this.startWorker();
  }

  private readonly opTimeoutMs: number;

  private startWorker(): void {
    // App data lives beside the installed apps: <device>/data/apps/<bundle>/ (the runtime's sandbox).
    const network = this.networkSecret ? { home: this.home, networkSecret: this.networkSecret, networkPort: this.networkPort } : {};
    const client: DeviceWorkerClient = new DeviceWorkerClient({ type: this.type, dataDir: join(this.dataDir, 'data'), deviceId: this.id, ...network }, `device ${this.id}`, {
      log: (level, tag, message) => this.log(level, tag, message),
      network: (port) => {
        this.networkPort = port;
        for (const w of this.networkWaiters.splice(0)) w(port);
      },
      // Events of a worker that was already replaced must not mark its successor as crashed.
      stopped: (why, missedDeadline) => {
        if (this.client !== client || this.closing) return;
        this.state = 'crashed';
        this.log('error', 'Device', missedDeadline ? `${why}; restarting the device process` : `the device process stopped (${why}); it restarts on the next launch`);
      },
    });
    this.client = client;
    this.state = 'running';
  }

  private closing = false;

  log(level: LogLevel, tag: string, message: string): void {
    const entry: LogEntry = { time: new Date().toISOString(), device: this.id, level, tag, message };
    this.logs.push(entry);
    if (this.logs.length > LOG_BUFFER) this.logs.splice(0, this.logs.length - LOG_BUFFER);
    for (const l of this.logListeners) l(entry);
  }

  onLog(listener: (e: LogEntry) => void): () => void {
    this.logListeners.add(listener);
    return () => this.logListeners.delete(listener);
  }

  /** Runs `fn` after every earlier queued operation on this device has finished. */
  serial<T>(fn: () => Promise<T> | T): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  /** Calls the device worker; a worker that does not answer in time is restarted (its apps are lost). */
  private call<T>(op: string, ...args: unknown[]): Promise<T> {
    if (this.state === 'crashed') this.startWorker();
    return this.client.call<T>(op, args, this.opTimeoutMs);
  }

  install(bytes: Uint8Array, options: InstallOptions): Promise<InstalledApp & { previousVersionCode?: number }> {
    return this.serial(async () => {
      const app = await this.store.install(bytes, options);
      // A running old version keeps running old code: stop it so the next launch starts the new one.
      await this.call('stop', app.bundleName);
      this.log('info', 'PackageManager', `installed ${app.bundleName} ${app.versionName} (${app.versionCode})`);
      return app;
    });
  }

  uninstall(bundleName: string): Promise<boolean> {
    return this.serial(async () => {
      if (!this.store.get(bundleName)) return false;
      await this.call('stop', bundleName);
      const removed = this.store.uninstall(bundleName);
      this.log('info', 'PackageManager', `uninstalled ${bundleName}`);
      return removed;
    });
  }

  launch(request: LaunchRequest): Promise<{ bundleName: string; ability: string; page?: string }> {
    return this.serial(async () => {
      const app = this.store.get(request.bundleName);
      if (!app) {
        const installed = this.store.list().map((a) => a.bundleName);
        throw new HmosError('APP_NOT_INSTALLED', `${request.bundleName} is not installed on ${this.id}${installed.length ? ` (installed: ${installed.join(', ')})` : ''}`);
      }
      const { bundleName, versionCode, mainElement, abilities, dir, keyId } = app;
      return this.call('launch', { bundleName, versionCode, mainElement, abilities, dir, keyId }, request);
    });
  }

  stop(bundleName?: string): Promise<{ stopped: string[] }> {
    return this.serial(() => this.call('stop', bundleName));
  }

  screenshot(format: 'png' | 'svg' | 'json'): Promise<unknown> {
    return this.call('screenshot', format);
  }

  input(action: InputAction): Promise<void> {
    return this.serial(() => this.call('input', action));
  }

  tree(): Promise<unknown> {
    return this.call('tree');
  }

  /** Runs an insight intent of an installed app in its realm (device-agent.ts validates the parameters first). */
  executeIntent(bundleName: string, decl: IntentDeclaration, params: Record<string, unknown>, timeoutMs?: number): Promise<IntentOutcome> {
    return this.serial(async () => {
      const app = this.store.get(bundleName);
      if (!app) throw new HmosError('APP_NOT_INSTALLED', `${bundleName} is not installed on ${this.id}`);
      const { versionCode, mainElement, abilities, dir } = app;
      return this.call<IntentOutcome>('intent', { bundleName, versionCode, mainElement, abilities, dir }, decl, params, timeoutMs);
    });
  }

  /** Resolves with the Super Device port once the worker listens (never without a network secret). */
  networkReady(): Promise<number> {
    if (this.networkPort !== undefined) return Promise.resolve(this.networkPort);
    return new Promise((resolve) => this.networkWaiters.push(resolve));
  }

  /** Handoff, source side: onContinue of the given (or foreground) app. */
  continueOut(bundleName?: string, checkOnly = false, targetDevice?: string): Promise<ContinueOutResult> {
    return this.serial(() => this.call('continueOut', bundleName, checkOnly, targetDevice));
  }

  /** Handoff, target side: the app must be installed (handoff.ts installs it from the source first). */
  continueIn(request: ContinueInRequest): Promise<{ bundleName: string; ability: string; page?: string }> {
    return this.serial(async () => {
      const app = this.store.get(request.bundleName);
      if (!app) throw new HmosError('APP_NOT_INSTALLED', `${request.bundleName} is not installed on ${this.id}`);
      const { bundleName, versionCode, mainElement, abilities, dir, keyId } = app;
      return this.call('continueIn', { bundleName, versionCode, mainElement, abilities, dir, keyId }, request);
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    await this.client.terminate();
  }
}
