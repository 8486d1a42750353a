/**
 * Every device hmos can reach, as `Device`s (device.ts): emulated ones from the live hosts and sessions of the
 * registry, real ones from `hdc list targets`. Commands pick devices here by id (or alias such as `watch-1`), with
 * suggestions for near misses.
 */
import { HmosError } from '../errors.js';
import { deviceNotFound, findById } from '../connector/device-ids.js';
import { liveHosts } from '../connector/host-registry.js';
import { hmosHome } from '../util/paths.js';
import { ConnectorClient } from './connector-client.js';
import type { Device } from './device.js';
import { EmulatedDeviceClient, type DeviceDescription } from './emulated-device.js';
import { HdcDevice } from './hdc-device.js';
import { findHdc, HdcClient } from './hdc-client.js';

export type { Device } from './device.js';

export interface ListOptions {
  home?: string;
  env?: NodeJS.ProcessEnv;
  /** Also ask hdc for real devices (default: when hdc is found). */
  hdc?: boolean;
}

export async function listDevices(options: ListOptions = {}): Promise<{ devices: Device[]; warnings: string[] }> {
  const env = options.env ?? process.env;
  const warnings: string[] = [];
  const hosts = await liveHosts(options.home ?? hmosHome(env));
  const emulated = await Promise.all(hosts.map(async (host) => {
    const client = new ConnectorClient(host);
    try {
      const { devices } = await client.json<{ devices: DeviceDescription[] }>('/v1/devices', { timeoutMs: 5000 });
      return devices.map((d): Device => new EmulatedDeviceClient(host, client, d));
    } catch (err) {
      warnings.push(`host ${host.pid} on port ${host.port}: ${(err as Error).message}`);
      return [];
    }
  }));
  const devices = emulated.flat();
  const bin = options.hdc === false ? undefined : findHdc(env);
  if (bin) {
    const hdc = new HdcClient(bin, env);
    try {
      for (const key of await hdc.targets()) devices.push(new HdcDevice(key, hdc));
    } catch (err) {
      warnings.push(`hdc: ${(err as Error).message}`);
    }
  }
  return { devices, warnings };
}

/** The device with this id or alias, or DEVICE_NOT_FOUND with the nearest ids (or the list of ids). */
export function pickDevice(devices: readonly Device[], wanted: string): Device {
  const found = findById(devices, wanted);
  if (!found) throw deviceNotFound(wanted, devices.map((d) => d.id));
  return found;
}

export function noDevicesError(): HmosError {
  return new HmosError('NO_DEVICES', 'no device is running', {
    details: 'Start emulated devices with `hmos emulate --headless --devices phone,watch` (in another terminal),\n'
      + 'or pass --start to start a headless phone host in the background, or connect a real device (hdc).',
  });
}
