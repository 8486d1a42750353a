/**
 * An `hmos emulate` session without its terminal UI: the project watched and rebuilt by the compiler (watchProject),
 * every good build verified and pushed to each device (the first one launches the app, later ones hot-reload it;
 * `restart` starts from scratch), the last build's diagnostics (a failed build leaves the last good one running),
 * devices added and removed while it runs, and screenshots. The ink UI (ui/) and the no-TTY mode both drive this.
 */
import { EventEmitter } from 'node:events';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HmosError } from '../../errors.js';
import type { BuildResult, Watcher } from '../../compiler/build.js';
import type { Diagnostic } from '../../diagnostics.js';
import { unpackHap, verifyHap } from '../../hap/hap.js';
import type { DeviceType } from '../../runtime/device-profile.js';
import { writeFileAtomic } from '../../util/atomic.js';
import { assignDeviceIds, deviceNotFound, nextDeviceNumber } from '../../connector/device-ids.js';
import { deviceIdsInUse } from '../../connector/host-registry.js';
import { checkContinueOutcome, sourceExits } from '../connector/handoff.js';
import { loadOrCreateNetworkSecret } from '../device/network-secret.js';
import { ScreenDevice } from './session-device.js';

export interface SessionOptions {
  dir: string;
  types: DeviceType[];
  home: string;
  wipe?: boolean;
  /** Initial screen size of a device, in cells. */
  sizeFor?: (type: DeviceType) => { cols: number; rows: number };
  callTimeoutMs?: number;
  watchdogMs?: number;
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
  mode: 'launch' | 'reload' | 'restart';
  /** From the file change being picked up (build start) to every device having its new frame, in ms. */
  ms: number;
  kept: number;
  reset: number;
}

export class EmulatorSession extends EventEmitter {
  readonly devices: ScreenDevice[] = [];
  build: BuildState = { count: 0, ok: false, ms: 0, diagnostics: [], running: false };
  bundleName: string | undefined;
  private watcher: Watcher | undefined;
  private entries: Map<string, Uint8Array> | undefined;
  private readonly counts = new Map<DeviceType, number>();
  private closed = false;
  private pushing: Promise<unknown> = Promise.resolve();
  /** The project's builds pushed so far: a device showing anything else (a HAP deployed from another terminal) gets
   *  the next build launched afresh, not hot-reloaded into a different app. */
  private readonly projectBundles = new WeakSet<Map<string, Uint8Array>>();
  private networkSecret: string | undefined;

  constructor(readonly options: SessionOptions) {
    super();
    for (const spec of assignDeviceIds(options.types, deviceIdsInUse(options.home))) this.addDeviceWithId(spec.id, spec.type);
  }

  private sizeFor(type: DeviceType) {
    return this.options.sizeFor?.(type) ?? { cols: 40, rows: 20 };
  }

  private addDeviceWithId(id: string, type: DeviceType): ScreenDevice {
    const n = Number(id.split('-').pop());
    this.counts.set(type, Math.max(this.counts.get(type) ?? 0, n));
    this.networkSecret ??= loadOrCreateNetworkSecret(this.options.home);
    const device = new ScreenDevice(id, type, {
      home: this.options.home, wipe: this.options.wipe, ...this.sizeFor(type),
      callTimeoutMs: this.options.callTimeoutMs, watchdogMs: this.options.watchdogMs, networkSecret: this.networkSecret,
    });
    // The session's devices form one Super Device network: each learns the others' ports when one (re)starts.
    device.on('network', () => this.sharePeers());
    device.on('frame', () => this.emit('frame', device));
    device.on('log', (e) => this.emit('log', e));
    this.devices.push(device);
    return device;
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
      const hap = join(this.options.dir, name, 'build', 'default', 'outputs', 'default', `${name}-default-signed.hap`);
      if (!existsSync(hap)) continue;
      try {
        // The project's build folder is as untrusted as the rest of it: the HAP there is read with every check.
        const entries = await unpackHap(readFileSync(hap));
        verifyHap(entries);
        const module = JSON.parse(Buffer.from(entries.get('module.json') ?? new Uint8Array()).toString('utf8')) as { app?: { bundleName?: string }; module?: { type?: string } };
        if (module.module?.type && module.module.type !== 'entry') continue;
        this.entries = entries;
        this.projectBundles.add(entries);
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
    const hap = result.modules.find((m) => m.hap && m.name === 'entry')?.hap ?? result.modules.find((m) => m.hap)?.hap;
    if (!hap) return Promise.resolve();
    let bytes: Buffer;
    try {
      // Read now, before the next build can replace it; unpacked (off the event loop) in build order.
      bytes = readFileSync(hap);
    } catch (err) {
      return Promise.resolve(this.badHap(hap, err));
    }
    const work = this.unpacking.then(async () => {
      let entries: Map<string, Uint8Array>;
      try {
        entries = await unpackHap(bytes);
        verifyHap(entries);
      } catch (err) {
        this.badHap(hap, err);
        return;
      }
      if (this.closed) return;
      const mode = this.entries ? 'reload' : 'launch';
      this.entries = entries;
      this.projectBundles.add(entries);
      this.bundleName = result.bundleName;
      this.build.running = true;
      return this.push(mode, t0);
    });
    this.unpacking = work.catch(() => undefined);
    return work;
  }

  /** Unpacks of built HAPs, in build order (a later build is never pushed before an earlier one). */
  private unpacking: Promise<unknown> = Promise.resolve();

  private badHap(hap: string, err: unknown): void {
    this.build = { ...this.build, ok: false, diagnostics: [{ severity: 'error', code: (err as HmosError).code ?? 'BAD_HAP', message: (err as Error).message, file: hap }] };
    this.emit('build', this.build);
  }

  private sharePeers(): void {
    const all = this.devices.filter((d) => d.networkPort !== undefined).map((d) => ({ id: d.id, networkPort: d.networkPort }));
    for (const d of this.devices) void d.setPeers(all.filter((p) => p.id !== d.id)).catch(() => undefined);
  }

  /**
   * Hands the app off from one device of this session to another (the TUI's `c` key): onContinue on the source,
   * the target starts it with launchReason CONTINUATION, its want parameters and page stack; the source app exits
   * unless it asked not to. Same rules and errors as the device host's handoff (handoff.ts).
   */
  continueApp(fromId: string, toId: string): Promise<{ from: string; to: string; page: string | null; pageStack: string[]; sourceExited: boolean; ms: number }> {
    // In turn with the pushes of builds and deploys: none lands on either device halfway through a handoff.
    return this.inTurn(() => this.continueNow(fromId, toId));
  }

  /** Runs `work` after every push, deploy and handoff queued before it; what it rejects with does not stop the queue. */
  private inTurn<T>(work: () => Promise<T>): Promise<T> {
    const done = this.pushing.then(work, work);
    this.pushing = done.catch(() => undefined);
    return done;
  }

  private async continueNow(fromId: string, toId: string): Promise<{ from: string; to: string; page: string | null; pageStack: string[]; sourceExited: boolean; ms: number }> {
    const t0 = performance.now();
    const find = (id: string) => this.devices.find((d) => d.id === id.toLowerCase()) ?? (() => { throw deviceNotFound(id, this.devices.map((d) => d.id)); })();
    const source = find(fromId);
    const target = find(toId);
    if (source === target) throw new HmosError('CONTINUE_SAME_DEVICE', `${source.id} cannot hand off to itself; pick another device`);
    if (source.bundle && !this.projectBundles.has(source.bundle)) {
      throw new HmosError('CONTINUE_UNSUPPORTED', `${source.id} shows an app deployed from another terminal; a handoff moves the session's own app (${this.bundleName ?? 'none yet'})`);
    }
    const entries = this.entries;
    const bundleName = this.bundleName ?? 'the app';
    if (!entries) throw new HmosError('APP_NOT_RUNNING', 'no build is running yet; wait for the first build');
    if (!continuableIn(entries)) {
      throw new HmosError('NOT_CONTINUABLE', `${bundleName}: its main ability is not continuable; set "continuable": true on it in entry/src/main/module.json5`);
    }
    const out = await source.continueOut(target.id);
    checkContinueOutcome(bundleName, source.id, out);
    let shown: { page: string | null };
    try {
      shown = await target.continueIn(entries, { parameters: out.wantParam, pageStack: out.pageStack });
    } catch (err) {
      throw new HmosError('CONTINUE_TARGET_FAILED', `the handoff to ${target.id} failed (${(err as Error).message}); the app keeps running on ${source.id}`);
    }
    const sourceExited = sourceExits(out.wantParam);
    if (sourceExited) await source.stopApp();
    source.log('info', 'AbilityManager', `continued ${bundleName} to ${target.id}${sourceExited ? '; the source exited' : ''}`);
    return { from: source.id, to: target.id, page: shown.page, pageStack: out.pageStack.map((p) => p.path), sourceExited, ms: Math.round(performance.now() - t0) };
  }

  private push(mode: ReloadReport['mode'], t0: number, only?: ScreenDevice[]): Promise<unknown> {
    const entries = this.entries!;
    const build = this.build.count;
    const run = async () => {
      const targets = only ?? this.devices;
      const results = await Promise.all(targets.map(async (d) => {
        const frame = d.nextFrame();
        const own = !d.bundle || this.projectBundles.has(d.bundle);
        try {
          const r = await d.load(entries, mode === 'reload' && !own ? 'launch' : mode);
          await frame;
          return r;
        } catch (err) {
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

  /**
   * Shows another app on one device (`hmos deploy` from another terminal, session-connector.ts), in turn with the
   * session's own pushes; the next build of the project launches the project's app there again.
   */
  launchOn(device: ScreenDevice, entries: Map<string, Uint8Array>): Promise<{ page: string | null }> {
    return this.inTurn(() => device.load(entries, 'launch'));
  }

  /** Rebuilds now (the `r` key); the result is pushed like any watched change. */
  async reload(): Promise<void> {
    await this.watcher?.rebuild();
  }

  /** Starts the app from scratch on one device or all (the `R` key). */
  async restart(device?: ScreenDevice): Promise<void> {
    if (!this.entries) return;
    await this.push('restart', performance.now(), device ? [device] : undefined);
  }

  addDevice(type: DeviceType): ScreenDevice {
    const n = nextDeviceNumber(type, this.counts.get(type) ?? 0, deviceIdsInUse(this.options.home));
    const device = this.addDeviceWithId(`${type}-${n}`, type);
    if (this.entries) void this.push('launch', performance.now(), [device]);
    this.emit('devices', this.devices);
    return device;
  }

  async removeDevice(id: string): Promise<void> {
    const i = this.devices.findIndex((d) => d.id === id);
    if (i < 0) return;
    const [device] = this.devices.splice(i, 1);
    this.emit('devices', this.devices);
    await device.close();
  }

  /** Saves a PNG of a device's screen as `<folder>/<device>-<time>.png`; the path. */
  async screenshot(device: ScreenDevice, folder = join(process.cwd(), 'screenshots')): Promise<string> {
    const png = await device.screenshot();
    const stamp = new Date().toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z');
    const file = join(folder, `${device.id}-${stamp}.png`);
    writeFileAtomic(file, png);
    return file;
  }

  /** The files of the HAP the devices are running (undefined before the first good build). */
  get currentBundle(): Map<string, Uint8Array> | undefined {
    return this.entries;
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await this.watcher?.close().catch(() => undefined);
    await Promise.all(this.devices.map((d) => d.close().catch(() => undefined)));
  }
}

/** Whether the module's main ability is marked `continuable` in the HAP's module.json. */
function continuableIn(entries: Map<string, Uint8Array>): boolean {
  try {
    const mj = JSON.parse(Buffer.from(entries.get('module.json') ?? new Uint8Array()).toString('utf8'));
    const main = mj?.module?.mainElement ?? mj?.module?.abilities?.[0]?.name;
    return (mj?.module?.abilities ?? []).some((a: { name?: string; continuable?: boolean }) => a?.name === main && a.continuable === true);
  } catch {
    return false;
  }
}
