/**
 * The agent of one emulated device: the agent service (src/agent/service.ts) over the intents of the apps installed
 * on it (each installed HAP's `ets/intents.json`), executing the chosen intent in the app's realm on the device
 * worker. Only installed apps are candidates, so text naming an app that is not installed never reaches it; the
 * parameters are validated against the intent's schema once more right before execution, whoever chose them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createAgentService, type AgentResponse, type AgentService, type ExecutionResult } from '../agent/service.js';
import type { InstalledApp as IntentApp } from '../agent/router.js';
import { validate } from '../agent/schema.js';
import { INTENT_MANIFEST_PATH, type IntentDeclaration, type IntentManifest } from '../hap/intent-manifest.js';
import { DEFAULT_INTENT_TIMEOUT_MS } from '../runtime/intent-executor.js';
import type { EmulatedDevice } from './device.js';

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

  constructor(readonly device: EmulatedDevice, private readonly log: (message: string) => void = (m) => device.log('warn', 'Agent', m)) {
    this.service = this.serviceFor({});
  }

  /** The intents of every installed app, read from the installed HAPs (re-read only when an app changes). */
  installedIntents(): IntentApp[] {
    const apps = this.device.store.list();
    const out: IntentApp[] = [];
    for (const app of apps) {
      const key = `${app.versionCode}:${app.installedAt}`;
      let hit = this.manifests.get(app.bundleName);
      if (hit?.key !== key) {
        hit = { key, intents: this.readManifest(app.dir, app.bundleName) };
        this.manifests.set(app.bundleName, hit);
      }
      if (hit.intents.length) out.push({ bundle: app.bundleName, intents: hit.intents });
    }
    return out;
  }

  private readManifest(dir: string, bundle: string): IntentDeclaration[] {
    let text: string;
    try {
      text = readFileSync(join(dir, INTENT_MANIFEST_PATH), 'utf8');
    } catch {
      return []; // an app without intents
    }
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
    const out = await service.handle(utterance, { dryRun: options.dryRun });
    if (out.kind === 'executed') {
      this.device.log(out.error ? 'warn' : 'info', 'Agent', `"${utterance.slice(0, 200)}" → ${out.bundle}/${out.intent} code ${out.code}${out.error ? ` (${out.error.code})` : ''}`);
    }
    return { device: this.device.id, ...out, ms: Math.round((performance.now() - started) * 10) / 10 };
  }
}
