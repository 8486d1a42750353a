/**
 * The narrow interface between a device and the ArkUI runtime that runs apps on it. The device worker
 * (device-worker.ts) drives one AppRunner; everything above it (connector, commands) only sees these calls.
 */
export interface LaunchRequest {
  bundleName: string;
  ability?: string;
  page?: string;
  parameters?: Record<string, unknown>;
}

export interface LaunchableApp {
  bundleName: string;
  versionCode: number;
  mainElement?: string;
  abilities: string[];
  /** Folder with the installed HAP files. */
  dir: string;
}

export type InputAction =
  | { kind: 'click'; selector?: string; x?: number; y?: number }
  | { kind: 'input'; selector: string; text: string }
  | { kind: 'swipe'; direction: 'up' | 'down' | 'left' | 'right'; selector?: string }
  | { kind: 'back' }
  | { kind: 'wait'; ms: number };

export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export const LOG_LEVELS: LogLevel[] = ['debug', 'info', 'warn', 'error'];

export interface LogEntry {
  time: string;
  device: string;
  level: LogLevel;
  tag: string;
  message: string;
}

export interface AppRunner {
  launch(app: LaunchableApp, request: LaunchRequest): Promise<{ bundleName: string; ability: string; page?: string }>;
  stop(bundleName?: string): Promise<{ stopped: string[] }>;
  screenshot(format: 'png' | 'svg' | 'json'): Promise<Uint8Array | string | object>;
  input(action: InputAction): Promise<void>;
  tree(): Promise<object>;
  onLog(listener: (level: LogLevel, tag: string, message: string) => void): void;
}
