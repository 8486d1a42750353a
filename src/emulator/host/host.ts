/**
 * A headless device host: emulated devices (device/device.ts) served on the connector (connector/serve.ts) and
 * registered in the host registry. `hmos emulate --headless` runs one in the foreground; `hmos deploy --start` starts
 * host-main.js detached (`--detached`); the tests, benches and fuzz script start host-main.js attached: it stops when
 * the process that started it is gone (host-main.ts).
 */
import type { GrantPolicy } from '../../runtime/kits/device-state.js';
import { setTimeout as delay } from 'node:timers/promises';
import { hmosHome } from '../../util/paths.js';
import { DEFAULT_MAX_BYTES } from '../../hap/hap.js';
import { loadOrCreateDeveloperKey } from '../../hap/signing-key.js';
import type { DeviceType } from '../../runtime/device-profile.js';
import { assignDeviceIds } from '../../connector/device-ids.js';
import { deviceIdsInUse } from '../../connector/host-registry.js';
import { EmulatedDevice } from '../device/device.js';
import { loadOrCreateNetworkSecret } from '../device/network-secret.js';
import { serveDevices } from '../connector/serve.js';

export interface HostOptions {
  types: DeviceType[];
  home?: string;
  wipe?: boolean;
  port?: number;
  maxHapBytes?: number;
  idleTimeoutMs?: number;
  /** Connector connections kept open at once (default MAX_CONNECTIONS). */
  maxConnections?: number;
  grant?: GrantPolicy;
}

export interface DeviceHost {
  port: number;
  token: string;
  devices: EmulatedDevice[];
  close(): Promise<void>;
}

export async function startHost(options: HostOptions): Promise<DeviceHost> {
  const home = options.home ?? hmosHome();
  // Devices trust the developer key; create it now so the first install does not race to create it.
  loadOrCreateDeveloperKey(home);
  // Every device joins the user's Super Device network; the shared secret keeps other users' hosts out.
  const networkSecret = loadOrCreateNetworkSecret(home);
  const devices = assignDeviceIds(options.types, deviceIdsInUse(home)).map((s) => new EmulatedDevice(s.id, s.type, s.aliases, { home, wipe: options.wipe, networkSecret, grant: options.grant }));
  const served = await serveDevices({
    kind: 'host', pid: process.pid, home, startedAt: new Date().toISOString(), devices, maxHapBytes: options.maxHapBytes ?? DEFAULT_MAX_BYTES,
  }, { port: options.port, idleTimeoutMs: options.idleTimeoutMs, maxConnections: options.maxConnections });
  for (const d of devices) d.log('info', 'Device', `${d.id} (${d.type}) started on host ${process.pid}`);
  // A device whose network did not come up in time is left out of the Super Device (its worker logs why).
  await Promise.all(devices.map((d) => Promise.race([d.networkReady(), delay(10_000, undefined, { ref: false })])));
  served.refresh();
  // A restarted device listens on its old port if it can; if not, the registry learns the new one.
  for (const d of devices) d.on('network', () => served.refresh());
  // Two hosts starting within a few ms of each other can still pick the same id: such a pair cannot both join the network.
  const elsewhere = deviceIdsInUse(home);
  for (const d of devices) {
    if (elsewhere.has(d.id)) d.log('warn', 'SuperDevice', `${d.id} also runs in another device host: the two do not see each other on the Super Device network (give the hosts different device types)`);
  }
  let closed: Promise<void> | undefined;
  return {
    port: served.port, token: served.token, devices,
    close() {
      closed ??= (async () => {
        await served.close();
        await Promise.all(devices.map((d) => d.close()));
      })();
      return closed;
    },
  };
}

/**
 * Keeps a host running until SIGINT/SIGTERM/SIGHUP, then closes it (registry entry removed, devices stopped) and exits
 * 0. Returns that same stop, for other reasons to stop (host-main.ts: the parent is gone); it runs once.
 */
export function closeHostOnSignals(host: DeviceHost, onClose?: () => void): () => void {
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    onClose?.();
    void host.close().finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  process.once('SIGHUP', stop);
  return stop;
}
