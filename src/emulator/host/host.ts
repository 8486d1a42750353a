/**
 * A device host: the emulated devices, their connector server on 127.0.0.1 and this host's registry entry.
 * `hmos emulate --headless` runs one in the foreground; `hmos deploy --start` starts host-main.js detached.
 */
import { setTimeout as delay } from 'node:timers/promises';
import { hmosHome } from '../../util/paths.js';
import { DEFAULT_MAX_BYTES } from '../../hap/hap.js';
import { loadOrCreateDeveloperKey } from '../../hap/signing-key.js';
import type { DeviceType } from '../../runtime/device-profile.js';
import { ConnectorRouter } from '../connector/router.js';
import { registerAgentRoutes } from '../connector/agent-routes.js';
import { findDevice, registerDeviceRoutes, type HostState } from '../connector/device-routes.js';
import { startConnectorServer } from '../connector/server.js';
import { assignDeviceIds } from '../../connector/device-ids.js';
import { DeviceAgent, deviceTarget, type AgentAnswer, type AskOptions } from '../device/device-agent.js';
import { EmulatedDevice } from '../device/device.js';
import { deviceIdsInUse, registerHost, updateHost } from '../../connector/host-registry.js';
import { continueApp, type HandoffResult } from '../connector/handoff.js';
import { registerHandoffRoutes } from '../connector/handoff-routes.js';
import { loadOrCreateNetworkSecret } from '../device/network-secret.js';

export interface HostOptions {
  types: DeviceType[];
  home?: string;
  wipe?: boolean;
  port?: number;
  maxHapBytes?: number;
  idleTimeoutMs?: number;
  /** Connector connections kept open at once (default MAX_CONNECTIONS). */
  maxConnections?: number;
}

export interface DeviceHost {
  port: number;
  token: string;
  devices: EmulatedDevice[];
  /** Where Super Device and agents add their `/v1/...` routes. */
  router: ConnectorRouter;
  /** Utterance → intent, executed on that device (what the connector's POST /v1/devices/:id/agent answers). */
  askAgent(deviceId: string, utterance: string, options?: AskOptions): Promise<AgentAnswer>;
  /** Hands the foreground (or named) app of device `fromId` off to `toId` (this host or another); see handoff.ts. */
  continueApp(fromId: string, toId: string, bundle?: string): Promise<HandoffResult>;
  close(): Promise<void>;
}

export async function startHost(options: HostOptions): Promise<DeviceHost> {
  const home = options.home ?? hmosHome();
  // Devices trust the developer key; create it now so the first install does not race to create it.
  loadOrCreateDeveloperKey(home);
  // Every device joins the user's Super Device network; the shared secret keeps other users' hosts out.
  const networkSecret = loadOrCreateNetworkSecret(home);
  const devices = assignDeviceIds(options.types, deviceIdsInUse(home)).map((s) => new EmulatedDevice(s.id, s.type, s.aliases, { home, wipe: options.wipe, networkSecret }));
  const router = new ConnectorRouter();
  const startedAt = new Date().toISOString();
  let port = 0;
  const state: HostState = { pid: process.pid, port: () => port, startedAt, devices, maxHapBytes: options.maxHapBytes ?? DEFAULT_MAX_BYTES };
  registerDeviceRoutes(router, state);
  const agents = new Map<string, DeviceAgent>();
  const agentOf = (deviceId: string): DeviceAgent => {
    const device = findDevice(state, deviceId);
    let agent = agents.get(device.id);
    if (!agent) agents.set(device.id, (agent = new DeviceAgent(deviceTarget(device))));
    return agent;
  };
  registerAgentRoutes(router, (id) => findDevice(state, id), agentOf);
  const handoffHost = { ...state, home };
  registerHandoffRoutes(router, handoffHost);
  const server = await startConnectorServer({ router, port: options.port, idleTimeoutMs: options.idleTimeoutMs, maxConnections: options.maxConnections, maxBodyBytes: state.maxHapBytes });
  port = server.port;
  for (const d of devices) d.log('info', 'Device', `${d.id} (${d.type}) started on host ${process.pid}`);
  // Registered at once, so a host starting meanwhile numbers its devices past these; the network ports follow.
  const entry = (networkPorts: (number | undefined)[] = []) => ({
    pid: process.pid, port, token: server.token, startedAt,
    devices: devices.map((d, i) => ({ id: d.id, type: d.type, aliases: d.aliases, networkPort: networkPorts[i] })),
  });
  const unregister = registerHost(entry(), home);
  // A device whose network did not come up in time is left out of the Super Device (its worker logs why).
  const networkPorts = await Promise.all(devices.map((d) => Promise.race([d.networkReady(), delay(10_000, undefined, { ref: false })])));
  updateHost(entry(networkPorts), home);
  // Two hosts starting within a few ms of each other can still pick the same id: such a pair cannot both join the network.
  const elsewhere = deviceIdsInUse(home);
  for (const d of devices) {
    if (elsewhere.has(d.id)) d.log('warn', 'SuperDevice', `${d.id} also runs in another device host: the two do not see each other on the Super Device network (give the hosts different device types)`);
  }
  let closed: Promise<void> | undefined;
  return {
    port, token: server.token, devices, router,
    askAgent: (deviceId, utterance, options) => agentOf(deviceId).ask(utterance, options),
    continueApp: (fromId, toId, bundle) => continueApp(handoffHost, fromId, toId, bundle),
    close() {
      closed ??= (async () => {
        unregister();
        await server.close();
        await Promise.all(devices.map((d) => d.close()));
      })();
      return closed;
    },
  };
}

/** Keeps a host running until SIGINT/SIGTERM, then closes it (registry entry removed) and exits 0. */
export function closeHostOnSignals(host: DeviceHost, onClose?: () => void): void {
  const stop = () => {
    onClose?.();
    void host.close().finally(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
  process.once('SIGHUP', stop);
}
