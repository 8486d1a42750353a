/**
 * One emulated device, as whoever holds it sees it — a headless device host or an `hmos emulate` session alike: its
 * identity (`<type>-<n>`, aliases such as `watch-1`), data folder (`<hmos home>/devices/<id>/`, kept across
 * restarts), installed apps (app-store.ts), log lines, and its worker thread (worker-client.ts) that runs the apps.
 * Installs, launches and other changes on one device run one at a time (a queue), so two deploys to the same device
 * cannot interleave. A session adds a terminal surface (surface.ts) to the devices it shows; nothing else differs.
 *
 * Events: `status` (the foreground app, its page or its crash state changed), `network` (the Super Device port is
 * known), `uninstalled` (bundle name), `log`, `test` (a test run's progress, see runTests).
 */
import type { GrantPolicy, PostedNotification } from '../../runtime/kits/device-state.js';
import { EventEmitter } from 'node:events';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { HmosError } from '../../errors.js';
import type { IntentDeclaration } from '../../hap/intent-manifest.js';
import type { IntentOutcome } from '../../runtime/intent-executor.js';
import type { DeviceType } from '../../runtime/device-profile.js';
import { hmosHome } from '../../util/paths.js';
import { distFile } from '../../util/dist-path.js';
import type { ContinueInRequest, ContinueOutResult, InputAction, LaunchRequest, LogEntry, LogLevel } from '../../connector/protocol.js';
import type { DeviceWorkerData } from '../worker/device-worker.js';
import type { ForegroundStatus, Launched, LaunchableApp } from '../worker/app-runner.js';
import type { DeviceCrash } from '../worker/surface.js';
import type { DeviceRun, DeviceTestRun } from '../../testing/device-run.js';
import { AppStore, type InstallOptions, type InstalledApp } from './app-store.js';
import { trustedKeyIds } from './trust-store.js';
import { DeviceSurface } from './surface.js';
import { WorkerClient } from './worker-client.js';
import { registryPeers, watchRegistryPeers, type PeerAddress } from './registry-peers.js';
import { packFiles } from '../worker/packed-files.js';

export type DeviceState = 'running' | 'crashed';

export interface DeviceOptions {
  home?: string;
  wipe?: boolean;
  /** How long a call may take before the worker counts as hung (default 10 s). */
  callTimeoutMs?: number;
  /** Watchdog for every entry into app code, ms (default 5000). */
  watchdogMs?: number;
  /** The user's Super Device secret (network-secret.ts): with it, the device joins the Super Device network. */
  networkSecret?: string;
  /** How the device answers apps' user_grant permission requests (runtime/kits/device-state.ts); unset: granted. */
  grant?: GrantPolicy;
  /** Timers on a virtual clock that jumps ahead when nothing else can run (`hmos test`; see runtime/clock.ts). */
  virtualTime?: boolean;
}

/** How a new build reaches a device: started afresh, hot-reloaded into the running app, or restarted from scratch. */
export type RunMode = 'launch' | 'reload' | 'restart';

function launchable(app: InstalledApp): LaunchableApp {
  const { bundleName, versionCode, mainElement, abilities, dir, keyId } = app;
  return { bundleName, versionCode, mainElement, abilities, dir, keyId };
}

export class EmulatedDevice extends EventEmitter {
  readonly dataDir: string;
  readonly store: AppStore;
  readonly worker: WorkerClient;
  /** The foreground app as the worker last reported it. */
  status: ForegroundStatus = { page: null, crashed: false };
  /** The device's notifications and reminders, newest last (its apps post them; the terminal UI lists them). */
  notifications: PostedNotification[] = [];
  /** What the last worker stopped on, until the next launch. */
  crash: DeviceCrash | undefined;
  /** The terminal surface a session attached (see surface.ts). */
  surface: DeviceSurface | undefined;
  /** The device's Super Device port (127.0.0.1) once its worker listens; only with a network secret. */
  networkPort: number | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly unwatchRegistry: (() => void) | undefined;

  constructor(readonly id: string, readonly type: DeviceType, readonly aliases: string[], options: DeviceOptions = {}) {
    super();
    const home = options.home ?? hmosHome();
    this.dataDir = join(home, 'devices', id);
    if (options.wipe) rmSync(this.dataDir, { recursive: true, force: true });
    mkdirSync(this.dataDir, { recursive: true });
    this.store = new AppStore(this.dataDir, type, () => trustedKeyIds(home));
    this.store.recover();
    const network = options.networkSecret ? { networkSecret: options.networkSecret } : {};
    this.worker = new WorkerClient({
      file: distFile('emulator/worker/device-worker.js'), deviceId: id, callTimeoutMs: options.callTimeoutMs,
      // App data lives beside the installed apps: <device>/data/apps/<bundle>/ (the runtime's sandbox).
      workerData: (): DeviceWorkerData => ({ id, type, dataDir: join(this.dataDir, 'data'), watchdogMs: options.watchdogMs, grant: options.grant, virtualTime: options.virtualTime, ...network, networkPort: this.networkPort }),
    });
    this.worker.on('message', (msg: any) => {
      if (msg.status) {
        this.status = msg.status;
        this.emit('status', this.status);
      } else if (msg.network) {
        this.networkPort = msg.network.port;
        // A new worker (first start or restart) listens: it learns the registry's devices now, then at each change.
        this.sendRegistryPeers(registryPeers(home));
        this.emit('network', this.networkPort);
      } else if (msg.test) {
        this.emit('test', msg.test);
      } else if (Array.isArray(msg.notifications)) {
        this.notifications = msg.notifications;
        this.emit('notifications', this.notifications);
      }
    });
    this.worker.on('log', (e: LogEntry) => this.emit('log', e));
    this.worker.on('crash', (why: string, hung: boolean) => {
      // The apps went with the worker; its successor shows what happened until the next launch.
      this.crash = { ...(this.status.bundleName ? { bundleName: this.status.bundleName } : {}), message: `The device stopped: ${why}.`, timeout: hung };
      this.status = { page: null, crashed: true };
      this.emit('status', this.status);
    });
    this.worker.on('spawn', () => {
      if (this.crash) void this.worker.call('crashed', this.crash).catch(() => undefined);
    });
    // The Super Device's other devices, from one registry poller per holder process (registry-peers.ts).
    if (options.networkSecret) this.unwatchRegistry = watchRegistryPeers(home, (peers) => this.sendRegistryPeers(peers));
  }

  private sendRegistryPeers(peers: PeerAddress[]): void {
    // Not to a worker that kept stopping: a call would start it again (worker-client.ts); its next one learns them.
    if (this.worker.alive) void this.worker.call('registryPeers', peers).catch(() => undefined);
  }

  /** `crashed` while the foreground app has crashed, or the device's worker stopped and nothing was launched since. */
  get state(): DeviceState {
    return this.status.crashed || this.crash ? 'crashed' : 'running';
  }

  get logs(): LogEntry[] {
    return this.worker.logs;
  }

  log(level: LogLevel, tag: string, message: string): void {
    this.worker.log(level, tag, message);
  }

  onLog(listener: (e: LogEntry) => void): () => void {
    return this.worker.onLog(listener);
  }

  /** Runs `fn` after every earlier queued operation on this device has finished. */
  serial<T>(fn: () => Promise<T> | T): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }

  private installed(bundleName: string): InstalledApp {
    const app = this.store.get(bundleName);
    if (!app) {
      const installed = this.store.list().map((a) => a.bundleName);
      throw new HmosError('APP_NOT_INSTALLED', `${bundleName.slice(0, 128)} is not installed on ${this.id}${installed.length ? ` (installed: ${installed.join(', ')})` : ''}`);
    }
    return app;
  }

  /** A launch (or a handoff arriving) starts the device afresh after its worker stopped. */
  private launched<T>(work: () => Promise<T>): Promise<T> {
    this.crash = undefined;
    return work();
  }

  install(bytes: Uint8Array, options: InstallOptions): Promise<InstalledApp & { previousVersionCode?: number }> {
    return this.serial(async () => {
      const app = await this.store.install(bytes, options);
      // A running old version keeps running old code: stop it so the next launch starts the new one.
      await this.worker.call('stop', app.bundleName);
      this.log('info', 'PackageManager', `installed ${app.bundleName} ${app.versionName} (${app.versionCode})`);
      return app;
    });
  }

  uninstall(bundleName: string): Promise<boolean> {
    return this.serial(async () => {
      if (!this.store.get(bundleName)) return false;
      await this.worker.call('stop', bundleName);
      const removed = this.store.uninstall(bundleName);
      this.log('info', 'PackageManager', `uninstalled ${bundleName}`);
      this.emit('uninstalled', bundleName);
      return removed;
    });
  }

  launch(request: LaunchRequest): Promise<Launched> {
    return this.serial(() => this.launched(() => this.worker.call<Launched>('launch', launchable(this.installed(request.bundleName)), request)));
  }

  /**
   * Runs the cases of an installed test HAP (`hmos test`, testing/device-run.ts) — its progress comes as `test`
   * events — with its own deadline: a run takes as long as its tests (the holder watches the worker meanwhile).
   */
  runTests(bundleName: string, run: DeviceTestRun, timeoutMs: number): Promise<DeviceRun> {
    return this.serial(() => this.launched(() => this.worker.callWithin<DeviceRun>(timeoutMs, 'test', launchable(this.installed(bundleName)), run)));
  }

  /**
   * A development build on this device (`hmos emulate`): installed like any update (same checks), then started —
   * hot-reloaded into the running app with `reload` when it is in the foreground, else launched afresh.
   *
   * The worker starts the build from the files the checks passed, in memory, while the install writes them: the
   * disk is off a reload's path, and nothing runs that failed a check. Should the write fail, the device goes back to
   * what is installed (the store keeps the previous version) and the build's error is thrown.
   */
  runBuild(hap: Uint8Array, mode: RunMode): Promise<Launched & { kept: number; reset: number }> {
    return this.serial(() => this.launched(async () => {
      const staged = await this.store.stage(hap, { allowDowngrade: true, removeOldLater: true });
      const app: LaunchableApp = { ...launchable(staged.app), ...(staged.files ? { files: packFiles(staged.files) } : {}) };
      const written = staged.commit();
      const started = mode === 'reload'
        ? this.worker.call<Launched & { kept: number; reset: number }>('reload', app)
        : this.worker.call<Launched>('launch', app, { bundleName: app.bundleName }).then((r) => ({ ...r, kept: 0, reset: 0 }));
      const [write, run] = await Promise.allSettled([written, started]);
      if (write.status === 'rejected') {
        await this.backToInstalled(app.bundleName);
        throw write.reason;
      }
      if (run.status === 'rejected') throw run.reason;
      return run.value;
    }));
  }

  /** Runs what is installed of an app again (or nothing, when it is not installed): after a build failed to be written. */
  private async backToInstalled(bundleName: string): Promise<void> {
    const installed = this.store.get(bundleName);
    try {
      if (installed) await this.worker.call('launch', launchable(installed), { bundleName });
      else await this.worker.call('stop', bundleName);
    } catch { /* the device says why on its screen */ }
  }

  stop(bundleName?: string): Promise<{ stopped: string[] }> {
    return this.serial(() => this.worker.call('stop', bundleName));
  }

  screenshot(format: 'png' | 'svg' | 'json'): Promise<Uint8Array | string> {
    return this.worker.call<Uint8Array | string>('screenshot', format).then((out) => (typeof out === 'string' ? out : new Uint8Array(out)));
  }

  input(action: InputAction): Promise<void> {
    return this.serial(() => this.worker.call('input', action));
  }

  tree(): Promise<unknown> {
    return this.worker.call('tree');
  }

  /** Resolves once the foreground app's pending updates and kit calls are done. */
  settle(): Promise<void> {
    return this.worker.call('settle');
  }

  /** Runs an insight intent of an installed app in its realm (device-agent.ts validates the parameters first). */
  executeIntent(bundleName: string, decl: IntentDeclaration, params: Record<string, unknown>, timeoutMs?: number): Promise<IntentOutcome> {
    return this.serial(() => this.worker.call<IntentOutcome>('intent', launchable(this.installed(bundleName)), decl, params, timeoutMs));
  }

  /** Resolves with the Super Device port once the worker listens (never without a network secret). */
  networkReady(): Promise<number> {
    if (this.networkPort !== undefined) return Promise.resolve(this.networkPort);
    return new Promise((resolve) => this.once('network', resolve));
  }

  /** The other devices of the same holder, for the Super Device network (besides the host registry's). */
  setPeers(peers: Array<{ id: string; networkPort?: number }>): Promise<void> {
    return this.worker.call('peers', peers);
  }

  /** Handoff, source side: onContinue of the given (or foreground) app. */
  continueOut(bundleName?: string, checkOnly = false, targetDevice?: string): Promise<ContinueOutResult> {
    return this.serial(() => this.worker.call('continueOut', bundleName, checkOnly, targetDevice));
  }

  /** Handoff, target side: the app must be installed (handoff.ts installs it from the source first). */
  continueIn(request: ContinueInRequest): Promise<Launched> {
    return this.serial(() => this.launched(() => this.worker.call<Launched>('continueIn', launchable(this.installed(request.bundleName)), request)));
  }

  /** Gives the device a terminal surface of `cols` × `rows` cells (an `hmos emulate` pane). */
  attachSurface(cols: number, rows: number): DeviceSurface {
    this.surface ??= new DeviceSurface(this.worker, cols, rows);
    return this.surface;
  }

  async close(): Promise<void> {
    this.unwatchRegistry?.();
    await this.worker.close();
  }
}
