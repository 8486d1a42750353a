/**
 * Every device hmos can reach: emulated ones from the live hosts of the registry, real ones from `hdc list targets`.
 * Commands pick devices here by id (or alias such as `watch-1`), with suggestions for near misses.
 */
import { HmosError } from '../errors.js';
import { deviceNotFound } from '../connector/device-ids.js';
import { hmosHome } from '../util/paths.js';
import { ConnectorClient } from './connector-client.js';
import { findHdc, HdcClient } from './hdc-client.js';
import { liveHosts, type HostEntry } from '../connector/host-registry.js';

export interface InstalledAppInfo {
  bundleName: string;
  versionCode: number;
  versionName: string;
}

export type DeviceRef =
  | { kind: 'emulated'; id: string; type: string; aliases: string[]; host: HostEntry; client: ConnectorClient; state: string; apps: InstalledAppInfo[] }
  | { kind: 'hdc'; id: string; type: 'hdc'; aliases: []; hdc: HdcClient; state: 'connected'; apps: InstalledAppInfo[] };

export interface DirectoryOptions {
  home?: string;
  env?: NodeJS.ProcessEnv;
  /** Also ask hdc for real devices (default: when hdc is found). */
  hdc?: boolean;
}

export async function listDevices(options: DirectoryOptions = {}): Promise<{ devices: DeviceRef[]; warnings: string[] }> {
  const env = options.env ?? process.env;
  const warnings: string[] = [];
  const hosts = await liveHosts(options.home ?? hmosHome(env));
  const emulated = await Promise.all(hosts.map(async (host) => {
    const client = new ConnectorClient(host);
    try {
      const { devices } = await client.json<{ devices: any[] }>('/v1/devices', { timeoutMs: 5000 });
      return devices.map((d): DeviceRef => ({ kind: 'emulated', id: d.id, type: d.type, aliases: d.aliases ?? [], host, client, state: d.state, apps: d.apps ?? [] }));
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
      for (const key of await hdc.targets()) devices.push({ kind: 'hdc', id: key, type: 'hdc', aliases: [], hdc, state: 'connected', apps: [] });
    } catch (err) {
      warnings.push(`hdc: ${(err as Error).message}`);
    }
  }
  return { devices, warnings };
}

export function pickDevice(devices: DeviceRef[], wanted: string): DeviceRef {
  const w = wanted.toLowerCase();
  const found = devices.find((d) => d.id.toLowerCase() === w || d.aliases.includes(w as never));
  if (!found) throw deviceNotFound(wanted, devices.map((d) => d.id));
  return found;
}

export function noDevicesError(): HmosError {
  return new HmosError('NO_DEVICES', 'no device is running', {
    details: 'Start emulated devices with `hmos emulate --headless --devices phone,watch` (in another terminal),\n'
      + 'or pass --start to start a headless phone host in the background, or connect a real device (hdc).',
  });
}
