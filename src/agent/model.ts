/**
 * The optional model router: an OpenAI-compatible `/chat/completions` endpoint (HMOS_AGENT_MODEL_URL, HMOS_AGENT_MODEL,
 * HMOS_AGENT_API_KEY) is offered one tool per installed intent (name = intentName, parameters = its schema). Any
 * failure — network error, HTTP error, timeout, a reply without a usable tool call — is a ModelRouteError; the agent
 * service then falls back to the offline router. The model never sees, and can never pick, an intent that is not
 * installed on the device.
 */
import type { IntentDeclaration } from '../hap/intent-manifest.js';
import type { InstalledApp } from './router.js';

export interface ModelConfig {
  /** Base URL (`http://127.0.0.1:8080/v1`) or the full `/chat/completions` URL. */
  url: string;
  model?: string;
  apiKey?: string;
  /** Default 3000 ms. */
  timeoutMs?: number;
}

export const DEFAULT_MODEL_TIMEOUT_MS = 3000;

export function modelConfigFromEnv(env: NodeJS.ProcessEnv = process.env): ModelConfig | undefined {
  const url = env.HMOS_AGENT_MODEL_URL?.trim();
  if (!url) return undefined;
  const timeout = Number(env.HMOS_AGENT_MODEL_TIMEOUT_MS);
  return {
    url,
    model: env.HMOS_AGENT_MODEL?.trim() || undefined,
    apiKey: env.HMOS_AGENT_API_KEY?.trim() || undefined,
    ...(Number.isFinite(timeout) && timeout > 0 ? { timeoutMs: timeout } : {}),
  };
}

export class ModelRouteError extends Error {
  constructor(readonly reason: 'unreachable' | 'timeout' | 'http' | 'malformed' | 'no-tool-call', message: string) {
    super(message);
    this.name = 'ModelRouteError';
  }
}

export interface ModelChoice {
  bundle: string;
  intent: string;
  params: Record<string, unknown>;
}

/** Tool names must be unique and match ^[a-zA-Z0-9_-]{1,64}$; two apps may declare the same intentName. */
function toolTable(apps: InstalledApp[]): Map<string, { bundle: string; decl: IntentDeclaration }> {
  const table = new Map<string, { bundle: string; decl: IntentDeclaration }>();
  for (const app of apps) {
    for (const decl of app.intents) {
      const base = decl.intentName.replace(/[^A-Za-z0-9_-]/g, '_').slice(0, 60) || 'intent';
      let name = base;
      for (let i = 2; table.has(name); i++) name = `${base}_${i}`;
      table.set(name, { bundle: app.bundle, decl });
    }
  }
  return table;
}

function endpoint(url: string): string {
  return /\/chat\/completions\/?$/.test(url) ? url : `${url.replace(/\/+$/, '')}/chat/completions`;
}

export async function routeWithModel(utterance: string, apps: InstalledApp[], config: ModelConfig, now: Date = new Date()): Promise<ModelChoice> {
  const table = toolTable(apps);
  const tools = [...table].map(([name, { bundle, decl }]) => ({
    type: 'function',
    function: {
      name,
      description: [decl.llmDescription ?? decl.displayDescription ?? decl.displayName ?? decl.intentName, `(app ${bundle})`].join(' '),
      parameters: decl.parameters ?? { type: 'object', properties: {} },
    },
  }));
  const body = {
    ...(config.model ? { model: config.model } : {}),
    temperature: 0,
    tool_choice: 'auto',
    tools,
    messages: [
      { role: 'system', content: `You route a user's request to one app intent on their device by calling exactly one tool with its parameters. Call no tool if none fits. The time now is ${now.toISOString()}.` },
      { role: 'user', content: utterance },
    ],
  };
  const timeoutMs = config.timeoutMs ?? DEFAULT_MODEL_TIMEOUT_MS;
  let text: string;
  try {
    const res = await fetch(endpoint(config.url), {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(config.apiKey ? { authorization: `Bearer ${config.apiKey}` } : {}) },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(timeoutMs),
    });
    text = await res.text();
    if (!res.ok) throw new ModelRouteError('http', `model endpoint answered HTTP ${res.status}`);
  } catch (err) {
    if (err instanceof ModelRouteError) throw err;
    const name = (err as { name?: string })?.name;
    if (name === 'TimeoutError' || name === 'AbortError') throw new ModelRouteError('timeout', `model endpoint did not answer within ${timeoutMs} ms`);
    throw new ModelRouteError('unreachable', `model endpoint unreachable: ${(err as Error)?.message ?? String(err)}`);
  }
  return parseToolCall(text, table);
}

function parseToolCall(text: string, table: ReturnType<typeof toolTable>): ModelChoice {
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    throw new ModelRouteError('malformed', 'model reply is not JSON');
  }
  const message = json?.choices?.[0]?.message;
  if (!message || typeof message !== 'object') throw new ModelRouteError('malformed', 'model reply has no choices[0].message');
  const calls = message.tool_calls;
  if (!Array.isArray(calls) || calls.length === 0) throw new ModelRouteError('no-tool-call', 'model called no tool');
  const fn = calls[0]?.function;
  if (typeof fn?.name !== 'string') throw new ModelRouteError('malformed', 'tool call without a function name');
  const target = table.get(fn.name);
  if (!target) throw new ModelRouteError('malformed', `model called an unknown tool ${JSON.stringify(fn.name)}`);
  let params: unknown = fn.arguments ?? {};
  if (typeof params === 'string') {
    try {
      params = params.trim() ? JSON.parse(params) : {};
    } catch {
      throw new ModelRouteError('malformed', `tool call arguments are not JSON: ${(params as string).slice(0, 80)}`);
    }
  }
  if (!params || typeof params !== 'object' || Array.isArray(params)) throw new ModelRouteError('malformed', 'tool call arguments are not an object');
  return { bundle: target.bundle, intent: target.decl.intentName, params: params as Record<string, unknown> };
}
