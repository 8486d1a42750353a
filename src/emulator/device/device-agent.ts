/**
 * The agent of one emulated device: the agent service (src/agent/service.ts) over the intents of the apps installed
 * on it (each installed HAP's `ets/intents.json`), executing the chosen intent in the app's realm on the device
 * worker. Only installed apps are candidates, so text naming an app that is not installed never reaches it; the
 * parameters are validated against the intent's schema once more right before execution, whoever chose them.
 *
 * Any device plugs in through AgentTarget; an emulated device (a host's or an `hmos emulate` session's) through
 * `deviceTarget`, and `agentOf` keeps one agent per device (the connector's route and the session's `a` key share it).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { LogLevel } from '../../connector/protocol.js';
import { createAgentService, type AgentResponse, type AgentService, type ExecutionResult } from '../../agent/service.js';
import type { InstalledApp as IntentApp } from '../../agent/router.js';
import { validate } from '../../agent/schema.js';
import { INTENT_MANIFEST_PATH, type IntentDeclaration, type IntentManifest } from '../../hap/intent-manifest.js';
import { DEFAULT_INTENT_TIMEOUT_MS, type IntentOutcome } from '../../runtime/intent-executor.js';
import type { EmulatedDevice } from './device.js';

/** What an agent needs of a device. */
export interface AgentTarget {
  readonly id: string;
  /** The installed apps: `key` changes when the app does; `manifest()` is its `ets/intents.json` text, if any. */
  apps(): { bundleName: string; key: string; manifest(): string | undefined }[];
  executeIntent(bundleName: string, decl: IntentDeclaration, params: Record<string, unknown>, timeoutMs: number): Promise<IntentOutcome>;
  log(level: LogLevel, tag: string, message: string): void;
}

/** An emulated device of a device host as an agent target: its app store and its worker. */
function deviceTarget(device: EmulatedDevice): AgentTarget {
  return {
    id: device.id,
    apps: () => device.store.list().map((app) => ({
      bundleName: app.bundleName,
      key: `${app.versionCode}:${app.installedAt}`,
      manifest: () => {
        try {
          return readFileSync(join(app.dir, INTENT_MANIFEST_PATH), 'utf8');
        } catch {
          return undefined; // an app without intents
        }
      },
    })),
    executeIntent: (bundle, decl, params, timeoutMs) => device.executeIntent(bundle, decl, params, timeoutMs),
    log: (level, tag, message) => device.log(level, tag, message),
  };
}

/** The agent of an emulated device (one per device, made on first use). */
const agents = new WeakMap<EmulatedDevice, DeviceAgent>();
export function agentOf(device: EmulatedDevice): DeviceAgent {
  let agent = agents.get(device);
  if (!agent) agents.set(device, (agent = new DeviceAgent(deviceTarget(device))));
  return agent;
}

/** Intent timeouts stay below the device's 10 s answer limit, past which the device worker is restarted. */
export const MAX_INTENT_TIMEOUT_MS = 8000;

export interface AskOptions {
  dryRun?: boolean;
  /** Per-intent timeout (default 5000 ms, at most 8000). */
  timeoutMs?: number;
  /** Reference time for "tomorrow at 9" and its UTC offset in minutes (default: the host's clock). */
  now?: Date;
  utcOffsetMinutes?: number;
}

export type AgentAnswer = AgentResponse & { device: string; ms: number };

export class DeviceAgent {
  private readonly manifests = new Map<string, { key: string; intents: IntentDeclaration[] }>();
  private readonly service: AgentService;

  private readonly log: (message: string) => void;

  constructor(readonly device: AgentTarget) {
    this.log = (m) => device.log('warn', 'Agent', m);
    this.service = this.serviceFor({});
  }

  /** The intents of every installed app, read from the installed HAPs (re-read only when an app changes). */
  installedIntents(): IntentApp[] {
    const out: IntentApp[] = [];
    for (const app of this.device.apps()) {
      let hit = this.manifests.get(app.bundleName);
      if (hit?.key !== app.key) {
        hit = { key: app.key, intents: this.parseManifest(app.manifest(), app.bundleName) };
        this.manifests.set(app.bundleName, hit);
      }
      if (hit.intents.length) out.push({ bundle: app.bundleName, intents: hit.intents });
    }
    return out;
  }

  private parseManifest(text: string | undefined, bundle: string): IntentDeclaration[] {
    if (text === undefined) return [];
    try {
      const m = JSON.parse(text) as Partial<IntentManifest>;
      return Array.isArray(m.intents) ? m.intents.filter((d) => d && typeof d.intentName === 'string') : [];
    } catch (err) {
      this.log(`agent: ${bundle} has an unreadable ${INTENT_MANIFEST_PATH} (${(err as Error).message}); its intents are ignored`);
      return [];
    }
  }

  /** Runs one intent of an installed app; parameters that fail the schema are refused, not executed. */
  async execute(bundle: string, intent: string, params: Record<string, unknown>, timeoutMs = DEFAULT_INTENT_TIMEOUT_MS): Promise<ExecutionResult> {
    const decl = this.installedIntents().find((a) => a.bundle === bundle)?.intents.find((d) => d.intentName === intent);
    if (!decl) return { code: -1, result: undefined, error: { code: 'INTENT_NOT_INSTALLED', message: `${bundle}/${intent} is not installed on ${this.device.id}` } };
    const errors = validate(params, decl.parameters);
    if (errors.length) return { code: -1, result: undefined, error: { code: 'INTENT_BAD_PARAMS', message: errors.map((e) => e.message).join('; ') } };
    return this.device.executeIntent(bundle, decl, params, Math.min(MAX_INTENT_TIMEOUT_MS, timeoutMs));
  }

  private serviceFor(o: AskOptions): AgentService {
    return createAgentService(
      { listIntents: () => this.installedIntents(), execute: (b, i, p) => this.execute(b, i, p, o.timeoutMs) },
      { log: this.log, ...(o.now ? { now: () => o.now!, utcOffsetMinutes: o.utcOffsetMinutes } : {}) },
    );
  }

  /** Utterance → intent → executed on this device (or only routed, with dryRun). */
  async ask(utterance: string, options: AskOptions = {}): Promise<AgentAnswer> {
    const started = performance.now();
    // The shared service keeps its routing index between calls; a custom clock or timeout needs its own.
    const service = options.now || options.timeoutMs !== undefined ? this.serviceFor(options) : this.service;
    let out = await service.handle(utterance, { dryRun: options.dryRun });
    if (out.kind === 'noMatch' && this.installedIntents().length === 0) {
      out = { ...out, message: `No app with insight intents is installed on ${this.device.id}: deploy one first (hmos deploy --device ${this.device.id}).` };
    }
    if (out.kind === 'executed') {
      this.device.log(out.error ? 'warn' : 'info', 'Agent', `"${utterance.slice(0, 200)}" → ${out.bundle}/${out.intent} code ${out.code}${out.error ? ` (${out.error.code})` : ''}`);
    }
    return { device: this.device.id, ...out, ms: Math.round((performance.now() - started) * 10) / 10 };
  }
}
