/**
 * The narrow interface between a device and the ArkUI runtime that runs apps on it. The device worker
 * (device-worker.ts) drives one AppRunner; everything above it (connector, commands) only sees these calls.
 */
import type { ContinueInRequest, ContinueOutResult, InputAction, LaunchRequest, LogLevel } from '../../connector/protocol.js';
import type { IntentDeclaration } from '../../hap/intent-manifest.js';
import type { IntentOutcome } from '../../runtime/intent-executor.js';

export interface LaunchableApp {
  bundleName: string;
  versionCode: number;
  mainElement?: string;
  abilities: string[];
  /** Folder with the installed HAP files. */
  dir: string;
  /** Id of the key the HAP was signed with: Super Device peers sync only with the same app from the same developer. */
  keyId?: string;
}

/** What `hmos preview` asks of the foreground app. */
export interface ForegroundState {
  bundleName: string | null;
  page: string | null;
  crash: { message: string; during: string; location?: { file: string; line: number; col: number } } | null;
}

export interface AppRunner {
  launch(app: LaunchableApp, request: LaunchRequest): Promise<{ bundleName: string; ability: string; page?: string }>;
  stop(bundleName?: string): Promise<{ stopped: string[] }>;
  screenshot(format: 'png' | 'svg' | 'json' | 'text'): Promise<Uint8Array | string | object>;
  /** The foreground app: its page, and the crash that stopped it (the screen then shows the crash). */
  state(): ForegroundState;
  /** Components on the foreground app's page drawn only as placeholders, with their counts. */
  unsupported(): Promise<Record<string, number>>;
  input(action: InputAction): Promise<void>;
  tree(): Promise<object>;
  /** Runs an insight intent of an installed app (see runtime/intent-executor.ts). */
  executeIntent(app: LaunchableApp, decl: IntentDeclaration, params: Record<string, unknown>, timeoutMs?: number): Promise<IntentOutcome>;
  /**
   * Runs onContinue of the given (or the foreground) app; refuses apps whose ability is not `continuable`.
   * `checkOnly` names the app and checks it without asking it.
   */
  continueOut(bundleName?: string, checkOnly?: boolean, targetDevice?: string): Promise<ContinueOutResult>;
  /** Starts (or, when running, sends onNewWant to) the app with launchReason CONTINUATION and the source's data. */
  continueIn(app: LaunchableApp, request: ContinueInRequest): Promise<{ bundleName: string; ability: string; page?: string }>;
  onLog(listener: (level: LogLevel, tag: string, message: string) => void): void;
}
