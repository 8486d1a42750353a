/**
 * The `a` key: what the user types goes to the focused device's agent (device-agent.ts) over the insight intents of
 * the app running there (its HAP's ets/intents.json); the chosen intent runs inside the app, so the device's screen
 * shows its effect. The answer is one line: what ran and its result, the clarification question, or "no match".
 */
import { INTENT_MANIFEST_PATH, type IntentManifest } from '../../hap/intent-manifest.js';
import { DeviceAgent, type AgentTarget } from '../device/device-agent.js';
import type { ScreenDevice } from './session-device.js';

const agents = new WeakMap<ScreenDevice, DeviceAgent>();
const bundleIds = new WeakMap<Map<string, Uint8Array>, number>();
let nextBundleId = 1;

function manifestOf(entries: Map<string, Uint8Array>): IntentManifest | undefined {
  const raw = entries.get(INTENT_MANIFEST_PATH);
  try {
    return raw ? (JSON.parse(Buffer.from(raw).toString('utf8')) as IntentManifest) : undefined;
  } catch {
    return undefined;
  }
}

/** The session's device as an agent target: the one app it runs (each build is a new version of it). */
function targetOf(device: ScreenDevice): AgentTarget {
  return {
    id: device.id,
    apps: () => {
      const entries = device.bundle;
      const manifest = entries && manifestOf(entries);
      if (!entries || !manifest) return [];
      if (!bundleIds.has(entries)) bundleIds.set(entries, nextBundleId++);
      return [{ bundleName: manifest.bundleName, key: String(bundleIds.get(entries)), manifest: () => JSON.stringify(manifest) }];
    },
    executeIntent: (_bundle, decl, params, timeoutMs) => device.executeIntent(decl, params, timeoutMs),
    log: (level, tag, message) => device.log(level, tag, message),
  };
}

/** The agent of a session device (one per device; the `a` key and `hmos agent` from another terminal share it). */
export function sessionAgent(device: ScreenDevice): DeviceAgent {
  let agent = agents.get(device);
  if (!agent) agents.set(device, (agent = new DeviceAgent(targetOf(device))));
  return agent;
}

export async function askAssistant(device: ScreenDevice | undefined, utterance: string): Promise<string> {
  const entries = device?.bundle;
  if (!device || !entries) return 'No app is running yet (the first build has not succeeded).';
  if (!manifestOf(entries)?.intents?.length) return 'This app declares no insight intents, so the assistant has nothing to route to (see the agent template: hmos create X --template agent).';
  const r = await sessionAgent(device).ask(utterance);
  const result = (v: unknown) => (v === undefined ? '' : `: ${(typeof v === 'string' ? v : JSON.stringify(v)).replace(/\s*\n\s*/g, ' · ')}`);
  switch (r.kind) {
    case 'executed':
      return r.error
        ? `→ ${r.intent} ${JSON.stringify(r.params)} failed (${r.error.code}): ${r.error.message}`
        : `→ ${r.intent} ${JSON.stringify(r.params)} ran on ${r.device}, code ${r.code}${result(r.result)}`;
    case 'dryRun':
      return `→ ${r.intent} ${JSON.stringify(r.params)} (${r.bundle}, routed ${r.via})`;
    case 'clarification':
      return `→ ${r.intent}: ${r.clarification.question}`;
    case 'noMatch':
      return `No intent matches: ${r.message}${r.candidates.length ? ` (closest: ${r.candidates.map((c) => c.intent).join(', ')})` : ''}`;
  }
}
