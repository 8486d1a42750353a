/**
 * An emulated device as a `Device` (device.ts): every call is one request to its holder's connector
 * (src/emulator/connector/routes.ts) — a headless device host or an `hmos emulate` session, which serve the same
 * routes. The URLs of the connector are written here and nowhere else on the client side.
 */
import { HmosError } from '../errors.js';
import type { HostEntry } from '../connector/host-registry.js';
import type { ContinueInRequest, InputAction, LaunchRequest, LogLevel } from '../connector/protocol.js';
import { ConnectorClient } from './connector-client.js';
import type { AgentRequest, Device, DeviceHost, DeviceLogLine, HandoffAnswer, HapFile, InstalledAppInfo, Launched } from './device.js';

/** What GET /v1/devices says of a device. */
export interface DeviceDescription {
  id: string;
  type: string;
  aliases?: string[];
  state: string;
  apps?: InstalledAppInfo[];
}

export class EmulatedDeviceClient implements Device {
  readonly kind = 'emulated' as const;
  readonly id: string;
  readonly type: string;
  readonly aliases: readonly string[];
  readonly state: string;
  readonly apps: readonly InstalledAppInfo[];
  readonly host: DeviceHost;

  constructor(readonly entry: HostEntry, readonly client: ConnectorClient, d: DeviceDescription) {
    this.id = d.id;
    this.type = d.type;
    this.aliases = d.aliases ?? [];
    this.state = d.state;
    this.apps = d.apps ?? [];
    this.host = { kind: 'emulated', pid: entry.pid, port: entry.port };
  }

  /** `/v1/devices/<id>/<rest>` */
  private path(rest: string): string {
    return `/v1/devices/${encodeURIComponent(this.id)}/${rest}`;
  }

  install(hap: HapFile, options: { allowDowngrade?: boolean; onUpload?: (sent: number) => void } = {}) {
    return this.installPackage(hap.bytes, options);
  }

  /** Installs a signed package from its bytes (a handoff passes on the source's copy). */
  async installPackage(bytes: Uint8Array, options: { allowDowngrade?: boolean; onUpload?: (sent: number) => void; timeoutMs?: number } = {}) {
    const installed = await this.client.json<{ previousVersionCode: number | null }>(this.path(`apps${options.allowDowngrade ? '?allowDowngrade=1' : ''}`), {
      method: 'PUT', body: bytes, onUpload: options.onUpload && ((n) => options.onUpload!(n)), timeoutMs: options.timeoutMs ?? 300_000,
    });
    return { previousVersionCode: installed.previousVersionCode ?? null };
  }

  /** The apps installed now, with the id of the key each is signed with. */
  async installedApps(timeoutMs = 5000): Promise<Array<InstalledAppInfo & { keyId?: string }>> {
    return (await this.client.json<{ apps: Array<InstalledAppInfo & { keyId?: string }> }>(this.path('apps'), { timeoutMs })).apps;
  }

  /** The target half of a handoff (the source's holder calls it; see src/emulator/connector/handoff.ts). */
  continueIn(request: ContinueInRequest, timeoutMs = 15_000): Promise<Launched> {
    return this.client.json(this.path('continue-in'), { method: 'POST', body: request, timeoutMs });
  }

  launch(request: LaunchRequest): Promise<Launched> {
    return this.client.json(this.path('launch'), { method: 'POST', body: request });
  }

  stop(bundleName?: string): Promise<{ stopped: string[] }> {
    return this.client.json(this.path('stop'), { method: 'POST', body: bundleName ? { bundleName } : {} });
  }

  async screenshot(format: 'png' | 'svg' | 'json') {
    const { body } = await this.client.bytes(this.path(`screenshot?format=${format}`));
    return { format, bytes: body };
  }

  input(actions: InputAction[]): Promise<{ done: number }> {
    return this.client.json(this.path('input'), { method: 'POST', body: { actions } });
  }

  async logs(options: { level: LogLevel; follow: boolean }, onLine: (line: DeviceLogLine) => void): Promise<void> {
    const res = await this.client.raw(this.path(`logs?level=${options.level}${options.follow ? '&follow=1' : ''}`), { timeoutMs: options.follow ? 0 : 30_000 });
    if ((res.statusCode ?? 500) >= 400) {
      const chunks: Buffer[] = [];
      for await (const c of res) chunks.push(c as Buffer);
      let err: { code?: string; message?: string } | undefined;
      try { err = JSON.parse(Buffer.concat(chunks).toString('utf8')).error; } catch { /* not JSON */ }
      throw new HmosError(err?.code ?? 'HOST_ERROR', err?.message ?? `the device host answered ${res.statusCode}`);
    }
    let rest = '';
    for await (const chunk of res) {
      const lines = (rest + (chunk as Buffer).toString('utf8')).split('\n');
      rest = lines.pop() ?? '';
      for (const l of lines) if (l) onLine(JSON.parse(l));
    }
  }

  agent<T = unknown>(request: AgentRequest): Promise<T> {
    return this.client.json<T>(this.path('agent'), { method: 'POST', body: request });
  }

  continueTo(target: Device, bundleName?: string): Promise<HandoffAnswer> {
    if (!(target instanceof EmulatedDeviceClient)) throw new HmosError('UNSUPPORTED', `handoff works between emulated devices only; ${target.id} is a real device (hdc)`);
    return this.client.json<HandoffAnswer>(this.path('continue'), { method: 'POST', body: { to: target.id, ...(bundleName ? { bundle: bundleName } : {}) }, timeoutMs: 30_000 });
  }
}
