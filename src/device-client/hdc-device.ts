/**
 * A real HarmonyOS device behind `hdc` (hdc-client.ts) as a `Device` (device.ts). hdc installs, starts, stops,
 * takes JPEG screenshots and streams hilog; what only emulated devices do (input actions, agents, handoff) is
 * refused with a clear error.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HmosError } from '../errors.js';
import type { LaunchRequest, LogLevel } from '../connector/protocol.js';
import type { HdcClient } from './hdc-client.js';
import type { Device, DeviceHost, DeviceLogLine, HandoffAnswer, HapFile, Launched } from './device.js';

export class HdcDevice implements Device {
  readonly kind = 'hdc' as const;
  readonly type = 'hdc';
  readonly aliases: readonly string[] = [];
  readonly state = 'connected';
  readonly apps = [];
  readonly host: DeviceHost = { kind: 'hdc' };

  constructor(readonly id: string, readonly hdc: HdcClient) {}

  private unsupported(what: string, code = 'HDC_UNSUPPORTED'): never {
    throw new HmosError(code, `${what} is available on emulated devices only; ${this.id} is a real device (hdc)`);
  }

  async install(hap: HapFile): Promise<{ previousVersionCode: number | null }> {
    await this.hdc.install(this.id, hap.file, hap.hsps ?? []);
    return { previousVersionCode: null };
  }

  async launch(request: LaunchRequest): Promise<Launched> {
    if (!request.ability) throw new HmosError('NO_MAIN_ABILITY', `${request.bundleName} declares no mainElement to launch`);
    await this.hdc.start(this.id, request.bundleName, request.ability);
    return { bundleName: request.bundleName, ability: request.ability };
  }

  stop(): Promise<{ stopped: string[] }> {
    this.unsupported('stop');
  }

  /** A real device takes a JPEG screenshot, whatever format is asked for. */
  async screenshot(): Promise<{ format: 'jpeg'; bytes: Buffer }> {
    const tmp = mkdtempSync(join(tmpdir(), 'hmos-shot-'));
    try {
      await this.hdc.screenshot(this.id, join(tmp, 'shot.jpeg'));
      try {
        return { format: 'jpeg', bytes: readFileSync(join(tmp, 'shot.jpeg')) };
      } catch {
        throw new HmosError('HDC_FAILED', `hdc reported success but sent no screenshot from ${this.id}`);
      }
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }

  input(): Promise<{ done: number }> {
    this.unsupported('input');
  }

  async logs(options: { level: LogLevel; follow: boolean }, onLine: (line: DeviceLogLine) => void): Promise<void> {
    await this.hdc.hilog(this.id, (line) => onLine({ device: this.id, line }), options.follow).done;
  }

  agent<T>(): Promise<T> {
    throw new HmosError('AGENT_DEVICE_UNSUPPORTED', `${this.id} is a real device (hdc); hmos runs intents on emulated devices only — start one with hmos emulate --headless`);
  }

  continueTo(): Promise<HandoffAnswer> {
    this.unsupported('handoff', 'UNSUPPORTED');
  }
}
