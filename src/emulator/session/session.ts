/**
 * An `hmos emulate` session without its terminal UI: the project watched and rebuilt by the compiler (watchProject),
 * every good build installed on each device and started there (the first one launches the app, later ones hot-reload
 * it; `restart` starts from scratch), the last build's diagnostics (a failed build leaves the last good one running),
 * devices added and removed while it runs, and screenshots. The ink UI (ui/) and the no-TTY mode both drive this.
 *
 * Its devices are the same emulated devices a headless host holds (device/device.ts), each with a terminal surface
 * attached; `serve()` puts them on the connector and in the host registry like a host's, so other terminals reach
 * them, handoffs go to and from other hosts, and they join the Super Device network.
 */
import type { GrantPolicy } from '../../runtime/kits/device-state.js';
import { EventEmitter } from 'node:events';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HmosError } from '../../errors.js';
import type { BuildResult, Watcher } from '../../compiler/build.js';
import type { Diagnostic } from '../../diagnostics.js';
import { DEFAULT_MAX_BYTES, unpackHap } from '../../hap/hap.js';
import { packAppPack } from '../../hap/shared-packages.js';
import { loadOrCreateDeveloperKey } from '../../hap/signing-key.js';
import type { DeviceType } from '../../runtime/device-profile.js';
import { writeFileAtomic } from '../../util/atomic.js';
import { aliasesOfId, assignDeviceIds, nextDeviceNumber } from '../../connector/device-ids.js';
import { deviceIdsInUse } from '../../connector/host-registry.js';
import { continueApp, type HandoffResult } from '../connector/handoff.js';
import { serveDevices, type ServedDevices } from '../connector/serve.js';
import { EmulatedDevice, type RunMode } from '../device/device.js';
import type { DeviceSurface } from '../device/surface.js';
import { loadOrCreateNetworkSecret } from '../device/network-secret.js';

export interface SessionOptions {
  dir: string;
  types: DeviceType[];
  home: string;
  wipe?: boolean;
  /** Initial screen size of a device, in cells. */
  sizeFor?: (type: DeviceType) => { cols: number; rows: number };
  callTimeoutMs?: number;
  watchdogMs?: number;
  grant?: GrantPolicy;
}

export interface BuildState {
  /** Builds finished so far. */
  count: number;
  ok: boolean;
  ms: number;
  diagnostics: Diagnostic[];
  /** Whether a good build is running on the devices. */
  running: boolean;
}

export interface ReloadReport {
  build: number;
  mode: RunMode;
  /** From the file change being picked up (build start) to every device having its new frame, in ms. */
  ms: number;
  kept: number;
  reset: number;
}

/** A device the session shows: an emulated device with a terminal surface. */
export type SessionDevice = EmulatedDevice & { readonly surface: DeviceSurface };

export class EmulatorSession extends EventEmitter {
  readonly devices: SessionDevice[] = [];
  build: BuildState = { count: 0, ok: false, ms: 0, diagnostics: [], running: false };
  bundleName: string | undefined;
  private watcher: Watcher | undefined;
  /** The signed package of the last good build. */
  private hap: Uint8Array | undefined;
  private readonly counts = new Map<DeviceType, number>();
  private closed = false;
  private pushing: Promise<unknown> = Promise.resolve();
  private readonly networkSecret: string;
  private served: ServedDevices | undefined;
  readonly startedAt = new Date().toISOString();

  constructor(readonly options: SessionOptions) {
    super();
    // Devices trust the developer key, which signs the builds: create it now so installs do not race to create it.
    loadOrCreateDeveloperKey(options.home);
    this.networkSecret = loadOrCreateNetworkSecret(options.home);
    for (const spec of assignDeviceIds(options.types, deviceIdsInUse(options.home))) this.addDeviceWithId(spec.id, spec.type, spec.aliases);
  }

  private sizeFor(type: DeviceType) {
    return this.options.sizeFor?.(type) ?? { cols: 40, rows: 20 };
  }

  private addDeviceWithId(id: string, type: DeviceType, aliases: string[]): SessionDevice {
    const n = Number(id.split('-').pop());
    this.counts.set(type, Math.max(this.counts.get(type) ?? 0, n));
    const device = new EmulatedDevice(id, type, aliases, {
      home: this.options.home, wipe: this.options.wipe, callTimeoutMs: this.options.callTimeoutMs, watchdogMs: this.options.watchdogMs,
      networkSecret: this.networkSecret, grant: this.options.grant,
    });
    const { cols, rows } = this.sizeFor(type);
    device.attachSurface(cols, rows);
    const shown = device as SessionDevice;
    // The session's devices find each other even when it serves no connector (peers), and other hosts' through the registry.
    device.on('network', () => this.sharePeers());
    shown.surface.on('frame', () => this.emit('frame', shown));
    device.on('log', (e) => this.emit('log', e));
    // Uninstalling what a device shows (from another terminal) puts the project's app back.
    device.on('uninstalled', () => {
      if (!device.status.bundleName && this.hap && !this.closed) void this.push('launch', performance.now(), [shown]);
    });
    this.devices.push(shown);
    return shown;
  }

  /** Builds once and keeps watching; resolves after the first build has been pushed (or failed). */
  async start(): Promise<void> {
    if (!existsSync(this.options.dir)) throw new HmosError('PROJECT_NOT_FOUND', `${this.options.dir} does not exist; pass the folder of an hmos project (hmos create <dir> makes one)`);
    // Loading the compiler blocks this thread for a while: let the devices show the last build first.
    await this.launchPrebuilt();
    const { watchProject } = await import('../../compiler/build.js');
    let first: Promise<unknown> | undefined;
    this.watcher = await watchProject(this.options.dir, { homeDir: this.options.home, module: undefined }, (result) => {
      // Timed from the start of this build (the watcher picked the change up ~5 ms before: its debounce).
      const p = this.onBuild(result, performance.now() - result.ms);
      first ??= p;
    });
    await first;
  }

  /**
   * Starts the HAP the last build left behind (if any) while the compiler loads, so the devices show the app within
   * a fraction of a second; the first watch build then hot-reloads whatever changed since.
   */
  private async launchPrebuilt(): Promise<unknown> {
    let names: string[];
    try {
      names = readdirSync(this.options.dir);
    } catch {
      return undefined;
    }
    for (const name of ['entry', ...names.filter((n) => n !== 'entry')]) {
      const file = join(this.options.dir, name, 'build', 'default', 'outputs', 'default', `${name}-default-signed.hap`);
      if (!existsSync(file)) continue;
      try {
        const hap = readFileSync(file);
        // Read with every check of the package reader (the build folder is as untrusted as the project); the devices
        // check it again as they install it.
        const module = JSON.parse(Buffer.from((await unpackHap(hap)).get('module.json') ?? new Uint8Array()).toString('utf8')) as { app?: { bundleName?: string }; module?: { type?: string } };
        if (module.module?.type && module.module.type !== 'entry') continue;
        // With the project's HSPs the last build left beside it: one app pack, installed together.
        const hsps = names.flatMap((n) => {
          const hsp = join(this.options.dir, n, 'build', 'default', 'outputs', 'default', `${n}-default-signed.hsp`);
          return existsSync(hsp) ? [{ module: n, type: 'hsp' as const, bytes: readFileSync(hsp) }] : [];
        });
        this.hap = hsps.length ? packAppPack([{ module: name, type: 'hap', bytes: hap }, ...hsps]) : hap;
        this.bundleName = module.app?.bundleName;
        return this.push('launch', performance.now());
      } catch {
        // A broken or foreign HAP: wait for the build instead.
      }
    }
    return undefined;
  }

  private onBuild(result: BuildResult, t0: number): Promise<unknown> {
    this.build = { count: this.build.count + 1, ok: result.ok, ms: result.ms, diagnostics: result.diagnostics, running: this.build.running };
    this.emit('build', this.build);
    if (!result.ok || this.closed) return Promise.resolve();
    const haps = result.modules.filter((m) => m.hap?.endsWith('.hap'));
    const chosen = haps.find((m) => m.name === 'entry') ?? haps[0];
    const file = chosen?.hap;
    if (!chosen || !file) return Promise.resolve();
    let hap: Uint8Array;
    try {
      // The HSPs the build wrote are installed with the app: one app pack (the devices check every package in it).
      const hsps = result.modules.filter((m) => m.hap?.endsWith('.hsp')).map((m) => ({ module: m.name, type: 'hsp' as const, bytes: readFileSync(m.hap!) }));
      hap = readFileSync(file);
      if (hsps.length) hap = packAppPack([{ module: chosen.name, type: 'hap', bytes: hap }, ...hsps]);
    } catch (err) {
      this.build = { ...this.build, ok: false, diagnostics: [{ severity: 'error', code: 'BAD_HAP', message: (err as Error).message, file }] };
      this.emit('build', this.build);
      return Promise.resolve();
    }
    const mode = this.hap ? 'reload' : 'launch';
    this.hap = hap;
    this.bundleName = result.bundleName;
    this.build.running = true;
    return this.push(mode, t0);
  }

  private sharePeers(): void {
    const all = this.devices.filter((d) => d.networkPort !== undefined).map((d) => ({ id: d.id, networkPort: d.networkPort }));
    for (const d of this.devices) void d.setPeers(all.filter((p) => p.id !== d.id)).catch(() => undefined);
    this.served?.refresh();
  }

  /**
   * Hands the app off from one device to another (the TUI's `c` key): the device host's handoff (handoff.ts), so the
   * target may also be a device of another host or session of this HMOS_HOME.
   */
  continueApp(fromId: string, toId: string, bundle?: string): Promise<HandoffResult> {
    // In turn with the pushes of builds: none lands on either device halfway through a handoff.
    return this.inTurn(() => continueApp({ pid: process.pid, home: this.options.home, devices: this.devices }, fromId, toId, bundle));
  }

  /** Runs `work` after every push and handoff queued before it; what it rejects with does not stop the queue. */
  private inTurn<T>(work: () => Promise<T>): Promise<T> {
    const done = this.pushing.then(work, work);
    this.pushing = done.catch(() => undefined);
    return done;
  }

  private push(mode: RunMode, t0: number, only?: SessionDevice[]): Promise<unknown> {
    const hap = this.hap!;
    const build = this.build.count;
    const run = async () => {
      const targets = only ?? this.devices;
      const results = await Promise.all(targets.map(async (d) => {
        const frame = d.surface.nextFrame();
        try {
          const r = await d.runBuild(hap, mode);
          await frame;
          return r;
        } catch (err) {
          // A device that cannot run the app (a type the module does not list, …) says why on its screen.
          if ((err as HmosError).code === 'DEVICE_TYPE_UNSUPPORTED') await d.surface.notice((err as Error).message).catch(() => undefined);
          d.log('error', 'Emulator', `could not ${mode} the app: ${(err as Error).message}`);
          return { kept: 0, reset: 0 };
        }
      }));
      const report: ReloadReport = {
        build, mode, ms: Math.round((performance.now() - t0) * 10) / 10,
        kept: results.reduce((s, r) => s + r.kept, 0), reset: results.reduce((s, r) => s + r.reset, 0),
      };
      this.emit('reloaded', report);
      return report;
    };
    return this.inTurn(run);
  }

  /** Rebuilds now (the `r` key); the result is pushed like any watched change. */
  async reload(): Promise<void> {
    await this.watcher?.rebuild();
  }

  /** Starts the app from scratch on one device or all (the `R` key). */
  async restart(device?: SessionDevice): Promise<void> {
    if (!this.hap) return;
    await this.push('restart', performance.now(), device ? [device] : undefined);
  }

  addDevice(type: DeviceType): SessionDevice {
    const n = nextDeviceNumber(type, this.counts.get(type) ?? 0, deviceIdsInUse(this.options.home));
    const device = this.addDeviceWithId(`${type}-${n}`, type, aliasesOfId(`${type}-${n}`));
    if (this.hap) void this.push('launch', performance.now(), [device]);
    this.emit('devices', this.devices);
    this.served?.refresh();
    return device;
  }

  async removeDevice(id: string): Promise<void> {
    const i = this.devices.findIndex((d) => d.id === id);
    if (i < 0) return;
    const [device] = this.devices.splice(i, 1);
    this.emit('devices', this.devices);
    this.served?.refresh();
    await device.close();
  }

  /** Saves a PNG of a device's screen as `<folder>/<device>-<time>.png`; the path. */
  async screenshot(device: SessionDevice, folder = join(process.cwd(), 'screenshots')): Promise<string> {
    const png = await device.screenshot('png');
    const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
    const file = join(folder, `${device.id}-${stamp}.png`);
    writeFileAtomic(file, png);
    return file;
  }

  /**
   * Serves the session's devices on the connector and registers the session in the host registry, as a device host
   * does: `hmos devices`, `deploy`, `logs`, `screenshot`, `input`, `agent` and `continue` reach them from other
   * terminals. Closing the session unregisters it.
   */
  async serve(options: { port?: number; maxHapBytes?: number } = {}): Promise<ServedDevices> {
    this.served ??= await serveDevices({
      kind: 'emulate', pid: process.pid, home: this.options.home, startedAt: this.startedAt, devices: this.devices,
      maxHapBytes: options.maxHapBytes ?? DEFAULT_MAX_BYTES, project: this.options.dir,
    }, { port: options.port });
    return this.served;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.served?.close().catch(() => undefined);
    await this.watcher?.close().catch(() => undefined);
    await Promise.all(this.devices.map((d) => d.close().catch(() => undefined)));
  }
}
