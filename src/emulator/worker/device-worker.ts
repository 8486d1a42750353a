/**
 * One emulated device's worker thread — the only one: every emulated device runs here, whether a headless device
 * host or an `hmos emulate` session holds it, so an app that crashes or hangs takes only its own device down.
 *
 * The holder (device/worker-client.ts) sends `{id, op, args}` and gets `{id, ok, result}` or `{id, ok: false, error}`.
 * It posts `{ready: true}` once set up, `{log}` for every log line, `{status}` when the foreground app changes, `{network}` once the
 * device listens for Super Device peers, and `{frame}` while a terminal surface is attached (surface.ts).
 */
import type { GrantPolicy } from '../../runtime/kits/device-state.js';
import { parentPort, workerData } from 'node:worker_threads';
import { hardenAppThread } from '../../runtime/app-thread.js';
import { isHmosError } from '../../errors.js';
import { DEVICE_PROFILES, normalizeDeviceType } from '../../runtime/device-profile.js';
import { AppRunner, type LaunchableApp } from './app-runner.js';
import type { DeviceTestRun } from '../../testing/device-run.js';
import { DeviceNetwork } from './device-network.js';
import { Surface, type DeviceCrash } from './surface.js';
import { packGrid } from './grid-wire.js';

export interface DeviceWorkerData {
  id: string;
  type: string;
  /** The runtime's data folder (apps' sandboxes). */
  dataDir: string;
  /** With a secret the device joins the user's Super Device network (peers: the holder's `registryPeers` and `peers`). */
  networkSecret?: string;
  /** Listen here again after a restart, so peers keep finding the device. */
  networkPort?: number;
  /** Watchdog for every entry into app code, ms (default 5000). */
  watchdogMs?: number;
  locale?: string;
  colorMode?: 'light' | 'dark';
  /** Timers and sleeps on a virtual clock that jumps ahead when nothing else can run (see runtime/clock.ts). */
  virtualTime?: boolean;
  /** How user_grant permissions are answered (ask: a dialog on the device); see runtime/kits/device-state.ts. */
  grant?: GrantPolicy;
}

const port = parentPort;
if (!port) throw new Error('device-worker.js must run in a worker thread');
hardenAppThread();

const data = workerData as DeviceWorkerData;
const type = normalizeDeviceType(data.type) ?? 'phone';
const postLog = (level: string, tag: string, message: string) => port.postMessage({ log: { level, tag, message } });

/** Peers named by the holder (an `hmos emulate` session's other devices), besides those of the registry. */
let peerList: Array<{ id: string; networkPort?: number }> = [];
/** The devices of every live host and session of the state folder; the holder reads the registry for all its devices. */
let registryList: Array<{ id: string; networkPort?: number }> = [];
let net: DeviceNetwork | undefined;
if (data.networkSecret) {
  net = await DeviceNetwork.start({
    local: { deviceId: data.id, deviceName: data.id, deviceType: type },
    peers: () => [...peerList, ...registryList], port: data.networkPort, log: (level, message) => postLog(level, 'SuperDevice', message),
  });
  net.network.onPeerChange((c) => postLog('info', 'SuperDevice', `${c.peer.deviceId} ${c.kind === 'join' ? 'joined' : 'left'}`));
  port.postMessage({ network: { port: net.port } });
}

const runner = new AppRunner({ type, dataDir: data.dataDir, deviceId: data.id, network: net?.network, networkSecret: data.networkSecret, watchdogMs: data.watchdogMs,
  locale: data.locale, colorMode: data.colorMode, virtualTime: data.virtualTime, grant: data.grant });
// The cells go packed (grid-wire.ts): the holder's thread reads them back far faster than rows × cols objects.
const surface = new Surface(DEVICE_PROFILES[type], () => runner.foreground, (frame) => port.postMessage({ frame: { ...frame, grid: packGrid(frame.grid) } }));
runner.on('log', postLog);
runner.on('change', () => port.postMessage({ status: runner.status() }));
runner.on('notifications', (list) => port.postMessage({ notifications: list }));
runner.on('frame', () => surface.schedule());
runner.on('animating', (on: boolean) => surface.animating(on));

/** A launch shows the app again in place of a notice or the last worker's crash screen. */
const launching = <T>(work: () => Promise<T>) => {
  surface.clear();
  return work();
};

const ops: Record<string, (...args: any[]) => unknown> = {
  launch: (app, request) => launching(() => runner.launch(app, request)),
  reload: (app) => launching(() => runner.reload(app)),
  stop: (bundleName) => runner.stop(bundleName),
  screenshot: (format) => runner.screenshot(format),
  input: (action) => runner.input(action),
  finishAnimations: () => runner.finishAnimations(),
  tree: () => runner.tree(),
  state: () => runner.state(),
  cells: (cols: number) => runner.cells(cols),
  unsupported: () => runner.unsupported(),
  intent: (app, decl, params, timeoutMs) => runner.executeIntent(app, decl, params, timeoutMs),
  continueOut: (bundleName, checkOnly, targetDevice) => runner.continueOut(bundleName, checkOnly, targetDevice),
  continueIn: (app, request) => launching(() => runner.continueIn(app, request)),
  settle: () => runner.settle(),
  /** `hmos test`: runs an installed test HAP's cases on this device (testing/device-run.ts); progress as `{test}` messages. */
  test: async (app: LaunchableApp, run: DeviceTestRun) => (await import('../../testing/device-run.js')).runOnDevice(
    { clock: runner.device.clock, start: (extensions, startWith) => runner.start(app, { extensions, startWith }) }, app.dir, run, (test) => port.postMessage({ test })),
  peers(list: Array<{ id: string; networkPort?: number }>) {
    peerList = list;
    net?.discover();
  },
  registryPeers(list: Array<{ id: string; networkPort?: number }>) {
    registryList = list;
    net?.discover();
  },
  /** What the previous worker of this device stopped on (its holder restarted the device): shown until a launch. */
  crashed: (crash: DeviceCrash) => surface.showCrash(crash),
  'surface.attach': (cols: number, rows: number) => surface.attach(cols, rows),
  'surface.resize': (cols: number, rows: number) => surface.resize(cols, rows),
  'surface.notice': (text: string | undefined) => surface.showNotice(text),
  'surface.clickAt': (col: number, row: number) => surface.clickAt(col, row),
  'surface.click': (elmtId: number) => surface.click(elmtId),
  'surface.type': (elmtId: number, edit: { text?: string; backspace?: boolean }) => surface.type(elmtId, edit),
  'surface.back': () => surface.back(),
};

port.postMessage({ ready: true });
port.on('message', async (msg: { id: number; op: string; args: unknown[] }) => {
  try {
    const fn = ops[msg.op];
    if (!fn) throw new Error(`unknown device op ${msg.op}`);
    const result = await fn(...msg.args);
    port.postMessage({ id: msg.id, ok: true, result });
  } catch (err) {
    const e = err as Error & { code?: string; details?: string };
    port.postMessage({ id: msg.id, ok: false, error: { code: isHmosError(err) ? e.code : 'DEVICE_ERROR', message: e.message, user: isHmosError(err), details: isHmosError(err) ? e.details : undefined } });
  }
});
