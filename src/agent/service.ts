/**
 * The agent service of one device: utterance → intent + validated parameters → execution. The device side plugs in
 * through AgentDevice (what is installed, how to run an intent); surfaces (the emulator's `a` key, `hmos agent`, the
 * connector's agent endpoint) call `handle`. Only intents the device lists are ever routed to, and parameters that
 * fail the intent's schema are never executed: the caller gets a clarification question instead.
 */
import type { IntentDeclaration } from '../hap/intent-manifest.js';
import type { Clock } from './datetime.js';
import { modelConfigFromEnv, ModelRouteError, routeWithModel, type ModelConfig } from './model.js';
import { buildIndex, clarify, route, type Candidate, type Clarification, type InstalledApp, type RouterIndex } from './router.js';
import { hasHan } from './text.js';

export interface ExecutionResult {
  code: number;
  result: unknown;
  /** Set when the intent failed (it threw, timed out, or its parameters were refused): `{code, message}`. */
  error?: { code: string; message: string };
}

export interface AgentDevice {
  listIntents(): InstalledApp[] | Promise<InstalledApp[]>;
  execute(bundle: string, intent: string, params: Record<string, unknown>): Promise<ExecutionResult>;
}

export type RoutedBy = 'offline' | 'model';

export type AgentResponse =
  | { kind: 'executed'; bundle: string; intent: string; params: Record<string, unknown>; code: number; result: unknown; error?: ExecutionResult['error']; via: RoutedBy }
  | { kind: 'dryRun'; bundle: string; intent: string; params: Record<string, unknown>; via: RoutedBy }
  | { kind: 'clarification'; bundle: string; intent: string; params: Record<string, unknown>; clarification: Clarification; via: RoutedBy }
  | { kind: 'noMatch'; noMatch: true; message: string; candidates: Candidate[]; via: RoutedBy };

export interface AgentServiceOptions {
  /** The model endpoint; default from HMOS_AGENT_MODEL_URL etc.; `null` forces the offline router. */
  model?: ModelConfig | null;
  /** Reference time for "tomorrow at 9" (default: now) and its UTC offset in minutes (default: the host's). */
  now?: () => Date;
  utcOffsetMinutes?: number;
  /** Where fallbacks from the model are reported (default: nowhere). */
  log?: (message: string) => void;
}

export interface AgentService {
  handle(utterance: string, options?: { dryRun?: boolean }): Promise<AgentResponse>;
}

export function createAgentService(device: AgentDevice, options: AgentServiceOptions = {}): AgentService {
  const model = options.model === undefined ? modelConfigFromEnv() : options.model ?? undefined;
  const log = options.log ?? (() => {});
  let cached: { key: string; index: RouterIndex } | undefined;

  // The index is rebuilt only when the installed intents change.
  const indexFor = (apps: InstalledApp[]): RouterIndex => {
    const key = JSON.stringify(apps);
    if (cached?.key !== key) cached = { key, index: buildIndex(apps) };
    return cached.index;
  };

  return {
    async handle(utterance, { dryRun = false } = {}) {
      const apps = await device.listIntents();
      const now = options.now?.() ?? new Date();
      const clock: Clock = { now, utcOffsetMinutes: options.utcOffsetMinutes ?? -now.getTimezoneOffset() };
      let via: RoutedBy = 'offline';
      let picked: { bundle: string; intent: string; params: Record<string, unknown> } | undefined;
      let clarification: Clarification | undefined;
      if (model) {
        try {
          const choice = await routeWithModel(utterance, apps, model, now);
          const decl = findIntent(apps, choice.bundle, choice.intent)!;
          picked = choice;
          clarification = clarify(decl, choice.params, hasHan(utterance));
          via = 'model';
        } catch (err) {
          if (!(err instanceof ModelRouteError)) throw err;
          log(`agent: model ${err.reason}: ${err.message}; using the offline router`);
        }
      }
      if (!picked) {
        const out = route(indexFor(apps), utterance, clock);
        if (out.kind === 'noMatch') return { kind: 'noMatch', noMatch: true, message: out.message, candidates: out.candidates, via };
        picked = out;
        if (out.kind === 'clarification') clarification = out.clarification;
      }
      const { bundle, intent, params } = picked;
      if (clarification) return { kind: 'clarification', bundle, intent, params, clarification, via };
      // Defence in depth: never execute something the device does not list, whoever picked it.
      if (!findIntent(apps, bundle, intent)) throw new Error(`agent: routed to ${bundle}/${intent}, which is not installed`);
      if (dryRun) return { kind: 'dryRun', bundle, intent, params, via };
      const { code, result, error } = await device.execute(bundle, intent, params);
      return { kind: 'executed', bundle, intent, params, code, result, ...(error ? { error } : {}), via };
    },
  };
}

function findIntent(apps: InstalledApp[], bundle: string, intent: string): IntentDeclaration | undefined {
  return apps.find((a) => a.bundle === bundle)?.intents.find((i) => i.intentName === intent);
}
