/**
 * The device client: one typed `Device` for every device a command can reach — emulated ones over their holder's
 * connector (emulated-device.ts; a headless host's and an `hmos emulate` session's alike) and real ones over `hdc`
 * (hdc-device.ts). Commands pick devices (device-manager.ts), call these methods and print; what a kind of device
 * cannot do it refuses with an HmosError that says so.
 */
import type { HapModuleInfo } from '../hap/hap-module.js';
import type { InputAction, LaunchRequest, LogEntry, LogLevel } from '../connector/protocol.js';

export interface InstalledAppInfo {
  bundleName: string;
  versionCode: number;
  versionName: string;
}

/**
 * A HAP to install: its file (hdc installs from a path), its bytes (the connector streams them: the HAP, or an app pack
 * of the HAP and its HSPs, see src/hap/shared-packages.ts) and module.json; `hsps`: the HSP files hdc installs with it.
 */
export interface HapFile {
  file: string;
  bytes: Uint8Array;
  info: HapModuleInfo;
  hsps?: readonly string[];
}

/** Where a device lives: an emulated device's holder, or a real device behind hdc. */
export type DeviceHost = { kind: 'emulated'; pid: number; port: number } | { kind: 'hdc' };

export interface Launched {
  bundleName?: string;
  ability: string;
  page?: string;
}

/** A log line: an emulated device's structured entry, or a real device's hilog line as it is. */
export type DeviceLogLine = LogEntry | { device: string; line: string };

export interface HandoffAnswer {
  from: string;
  to: string;
  bundleName: string;
  ability: string;
  page: string | null;
  pageStack: string[];
  installed: boolean;
  sourceExited: boolean;
  ms: number;
}

export interface AgentRequest {
  utterance: string;
  dryRun?: boolean;
  timeoutMs?: number;
  now?: string;
}

export interface Device {
  readonly id: string;
  /** A device type (`phone`, `wearable`, …) or `hdc` for a real device. */
  readonly type: string;
  readonly aliases: readonly string[];
  readonly kind: DeviceHost['kind'];
  readonly host: DeviceHost;
  readonly state: string;
  readonly apps: readonly InstalledAppInfo[];

  /** Installs (or updates) the app; `onUpload` follows the bytes sent. */
  install(hap: HapFile, options?: { allowDowngrade?: boolean; onUpload?: (sent: number) => void }): Promise<{ previousVersionCode: number | null }>;
  launch(request: LaunchRequest): Promise<Launched>;
  stop(bundleName?: string): Promise<{ stopped: string[] }>;
  /** The screen: PNG, SVG or the JSON element tree (a real device always answers a JPEG). */
  screenshot(format: 'png' | 'svg' | 'json'): Promise<{ format: 'png' | 'svg' | 'json' | 'jpeg'; bytes: Buffer }>;
  input(actions: InputAction[]): Promise<{ done: number }>;
  /** Streams log lines to `onLine` until the device's log ends (without `follow`: what is there now). */
  logs(options: { level: LogLevel; follow: boolean }, onLine: (line: DeviceLogLine) => void): Promise<void>;
  /** Says something to the device's agent: the intent it picks runs in the app (see src/emulator/device/device-agent.ts). */
  agent<T = unknown>(request: AgentRequest): Promise<T>;
  /** Hands the running (or named) app off to `target` (a device of the same or another host). */
  continueTo(target: Device, bundleName?: string): Promise<HandoffAnswer>;
}
