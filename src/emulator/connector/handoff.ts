/**
 * Cross-device continuation (handoff) driven by the holder of the source device (a device host or an `hmos emulate`
 * session): to another device it holds, or to a device of another live host or session (reached through that one's
 * connector with its registry token).
 *
 *   1. find both devices (unknown ids get near-miss suggestions across every host);
 *   2. make sure the target has the app, signed by the same key: install it from the source's package if missing;
 *   3. ask the source app (UIAbility.onContinue, sync or async): AGREE goes on, REJECT / MISMATCH / a throw stop here;
 *      the want parameters must stay under 100 KB;
 *   4. start the ability on the target with launchReason CONTINUATION, the want parameters and the router page stack
 *      (or onNewWant when it is running there);
 *   5. the source app exits, unless it set `ohos.extra.param.key.supportContinueSourceExit` to false.
 * Any failure before step 5 leaves the source app running.
 */
import { HmosError } from '../../errors.js';
import { ConnectorClient } from '../../device-client/connector-client.js';
import { EmulatedDeviceClient } from '../../device-client/emulated-device.js';
import { liveHosts } from '../../connector/host-registry.js';
import type { ContinueInRequest } from '../../connector/protocol.js';
import { deviceNotFound, findById } from '../../connector/device-ids.js';
import type { EmulatedDevice } from '../device/device.js';

/** The reference limit on the data a source hands over. */
export const MAX_CONTINUE_BYTES = 100 * 1024;
const SOURCE_EXIT_KEY = 'ohos.extra.param.key.supportContinueSourceExit';
const RESULT_NAMES = ['AGREE', 'REJECT', 'MISMATCH'];

/** Whoever holds the source device: a device host or an `hmos emulate` session (both are in the host registry). */
export interface HandoffHost {
  pid: number;
  home: string;
  readonly devices: readonly EmulatedDevice[];
}

export interface HandoffResult {
  from: string;
  to: string;
  bundleName: string;
  ability: string;
  /** The page now visible on the target. */
  page: string | null;
  pageStack: string[];
  /** The app was missing on the target and was installed from the source. */
  installed: boolean;
  sourceExited: boolean;
  ms: number;
}

type Target =
  | { kind: 'local'; device: EmulatedDevice }
  | { kind: 'remote'; id: string; device: EmulatedDeviceClient };

async function findTarget(host: HandoffHost, wanted: string): Promise<Target> {
  const local = findById(host.devices, wanted);
  if (local) return { kind: 'local', device: local };
  const others = (await liveHosts(host.home)).filter((h) => h.pid !== host.pid);
  for (const h of others) {
    const d = findById(h.devices, wanted);
    if (d) return { kind: 'remote', id: d.id, device: new EmulatedDeviceClient(h, new ConnectorClient(h), { ...d, state: 'running' }) };
  }
  throw deviceNotFound(wanted, [...host.devices.map((d) => d.id), ...others.flatMap((h) => h.devices.map((d) => d.id))]);
}

const targetGone = (to: string, err: unknown) => new HmosError('CONTINUE_TARGET_FAILED',
  `the handoff to ${to} failed (${(err as Error).message}); the app keeps running on the source device`);

export async function continueApp(host: HandoffHost, fromId: string, toId: string, bundle?: string): Promise<HandoffResult> {
  const started = performance.now();
  const source = findById(host.devices, fromId);
  if (!source) throw deviceNotFound(fromId, host.devices.map((d) => d.id));
  const target = await findTarget(host, toId);
  const targetId = target.kind === 'local' ? target.device.id : target.id;
  if (targetId === source.id) throw new HmosError('CONTINUE_SAME_DEVICE', `${source.id} cannot hand off to itself; name another device with --to`);

  // Which app, and is it continuable? (The foreground app is known only to the device; onContinue is not run yet.)
  const { bundleName } = await source.continueOut(bundle, true);
  const srcApp = source.store.get(bundleName);
  if (!srcApp) throw new HmosError('APP_NOT_INSTALLED', `${bundleName} is not installed on ${source.id}`);
  const installed = await ensureInstalled(source, target, targetId, bundleName, srcApp.keyId);

  const out = await source.continueOut(bundleName, false, targetId);
  checkContinueOutcome(bundleName, source.id, out);
  const request: ContinueInRequest = { bundleName, ability: out.ability, parameters: out.wantParam, pageStack: out.pageStack };
  let launched: { page?: string };
  try {
    launched = target.kind === 'local'
      ? await target.device.continueIn(request)
      : await target.device.continueIn(request);
  } catch (err) {
    throw targetGone(targetId, err);
  }
  const sourceExited = sourceExits(out.wantParam);
  if (sourceExited) await source.stop(bundleName);
  source.log('info', 'AbilityManager', `continued ${bundleName} to ${targetId}${sourceExited ? '; the source exited' : ''}`);
  return {
    from: source.id, to: targetId, bundleName, ability: out.ability, page: launched.page ?? null, pageStack: out.pageStack.map((p) => p.path),
    installed, sourceExited, ms: Math.round(performance.now() - started),
  };
}

/** Throws the HmosError for a source answer that stops the handoff: INACTIVE, a throw/rejection, REJECT/MISMATCH, > 100 KB. */
function checkContinueOutcome(bundleName: string, sourceId: string, out: { result: number | null; error: string | null; wantParam: Record<string, unknown> }): void {
  if (out.error === 'INACTIVE') throw new HmosError('CONTINUE_INACTIVE', `${bundleName} set its mission continue state to INACTIVE; it does not hand off now`);
  if (out.error) throw new HmosError('CONTINUE_FAILED', `${bundleName} on ${sourceId}: ${out.error}; the app keeps running there`);
  if (out.result !== 0) {
    const name = RESULT_NAMES[out.result ?? -1] ?? String(out.result);
    throw new HmosError(name === 'MISMATCH' ? 'CONTINUE_MISMATCH' : 'CONTINUE_REJECTED', `${bundleName} on ${sourceId} answered ${name} to the handoff (onContinue); nothing was moved`);
  }
  const size = Buffer.byteLength(JSON.stringify(out.wantParam));
  if (size > MAX_CONTINUE_BYTES) {
    throw new HmosError('CONTINUE_DATA_TOO_LARGE', `${bundleName}: onContinue put ${Math.ceil(size / 1024)} KB into wantParam; the limit is 100 KB — hand over an id and sync the rest (distributed data object or KV store)`);
  }
}

/** Whether the source should exit after a handoff (the reference default), from the want parameters it filled. */
const sourceExits = (wantParam: Record<string, unknown>) => wantParam[SOURCE_EXIT_KEY] !== false;

/** Installs the app on the target from the source's package when missing; refuses a copy signed by another key. */
async function ensureInstalled(source: EmulatedDevice, target: Target, targetId: string, bundleName: string, keyId: string): Promise<boolean> {
  let have: { keyId?: string } | undefined;
  try {
    have = target.kind === 'local'
      ? target.device.store.get(bundleName)
      : (await target.device.installedApps()).find((a) => a.bundleName === bundleName);
  } catch (err) {
    throw targetGone(targetId, err);
  }
  if (have) {
    if (have.keyId !== keyId) {
      throw new HmosError('CONTINUE_SIGNATURE_MISMATCH', `${bundleName} on ${targetId} is signed by key ${have.keyId}, on ${source.id} by ${keyId}; handoff needs the same app from the same developer — uninstall it on ${targetId} or deploy the same build`);
    }
    return false;
  }
  const bytes = source.store.packageBytes(bundleName);
  if (!bytes) throw new HmosError('CONTINUE_NO_PACKAGE', `${bundleName} is not installed on ${targetId} and ${source.id} has no copy of its package; deploy it to ${targetId} first`);
  try {
    if (target.kind === 'local') await target.device.install(bytes, {});
    else await target.device.installPackage(bytes, { timeoutMs: 30_000 });
  } catch (err) {
    // The target refused the package itself (signature, trust, a device type the app does not list): say so as it is.
    if (err instanceof HmosError && (/^HAP_/.test(err.code) || err.code === 'DEVICE_TYPE_UNSUPPORTED')) throw err;
    throw targetGone(targetId, err);
  }
  source.log('info', 'PackageManager', `installed ${bundleName} on ${targetId} from ${source.id} for the handoff`);
  return true;
}
