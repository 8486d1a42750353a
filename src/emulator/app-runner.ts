/**
 * The narrow interface between a device and the ArkUI runtime that runs apps on it. The device worker
 * (device-worker.ts) drives one AppRunner; everything above it (connector, commands) only sees these calls.
 */
import { HmosError } from '../errors.js';

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

/**
 * The app lifecycle a device has before the ArkUI runtime (branch `runtime`) is merged: it knows which app and
 * ability are in the foreground and logs the lifecycle, but it cannot draw or take input — those calls fail with
 * RUNTIME_UNAVAILABLE rather than pretending.
 */
export class LifecycleAppRunner implements AppRunner {
  private foreground: { bundleName: string; ability: string; page?: string } | undefined;
  private readonly running = new Set<string>();
  private listeners: Array<(level: LogLevel, tag: string, message: string) => void> = [];

  private log(level: LogLevel, tag: string, message: string) {
    for (const l of this.listeners) l(level, tag, message);
  }

  async launch(app: LaunchableApp, request: LaunchRequest) {
    const ability = request.ability ?? app.mainElement;
    if (!ability) throw new HmosError('NO_MAIN_ABILITY', `${app.bundleName} declares no mainElement or ability to launch; pass one with --ability`);
    if (app.abilities.length && !app.abilities.includes(ability)) {
      throw new HmosError('ABILITY_NOT_FOUND', `${app.bundleName} has no ability ${ability} (it has ${app.abilities.join(', ')})`);
    }
    this.running.add(app.bundleName);
    this.foreground = { bundleName: app.bundleName, ability, ...(request.page ? { page: request.page } : {}) };
    this.log('info', 'AbilityManager', `start ability ${ability} of ${app.bundleName} ${app.versionCode}${request.page ? ` page ${request.page}` : ''}`);
    return this.foreground;
  }

  async stop(bundleName?: string) {
    const stopped = bundleName ? (this.running.has(bundleName) ? [bundleName] : []) : [...this.running];
    for (const b of stopped) {
      this.running.delete(b);
      this.log('info', 'AbilityManager', `stop ${b}`);
    }
    if (this.foreground && stopped.includes(this.foreground.bundleName)) this.foreground = undefined;
    return { stopped };
  }

  private unavailable(what: string): never {
    throw new HmosError('RUNTIME_UNAVAILABLE', `${what} needs the ArkUI runtime, which this hmos build does not include yet`);
  }

  async screenshot(_format: 'png' | 'svg' | 'json'): Promise<never> {
    this.unavailable('a screenshot');
  }

  async input(_action: InputAction): Promise<never> {
    this.unavailable('input');
  }

  async tree(): Promise<never> {
    this.unavailable('the element tree');
  }

  onLog(listener: (level: LogLevel, tag: string, message: string) => void): void {
    this.listeners.push(listener);
  }
}
