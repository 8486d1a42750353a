/**
 * The narrow interface between a device and the ArkUI runtime that runs apps on it. The device worker
 * (device-worker.ts) drives one AppRunner; everything above it (connector, commands) only sees these calls.
 */
import type { IntentDeclaration } from '../hap/intent-manifest.js';
import type { IntentOutcome } from '../runtime/intent-executor.js';

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
  /** Runs an insight intent of an installed app (see runtime/intent-executor.ts). */
  executeIntent(app: LaunchableApp, decl: IntentDeclaration, params: Record<string, unknown>, timeoutMs?: number): Promise<IntentOutcome>;
  onLog(listener: (level: LogLevel, tag: string, message: string) => void): void;
}
