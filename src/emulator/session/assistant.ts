/**
 * The `a` key: what the user types goes to the selected device's agent (device-agent.ts) over the insight intents of
 * the apps installed there (each HAP's ets/intents.json); the chosen intent runs inside the app, so the device's
 * screen shows its effect. The answer is one line: what ran and its result, the clarification question, or
 * "no match".
 */
import { agentOf } from '../device/device-agent.js';
import type { EmulatedDevice } from '../device/device.js';

export async function askAssistant(device: EmulatedDevice | undefined, utterance: string): Promise<string> {
  if (!device || !device.status.bundleName) return 'No app is running yet (the first build has not succeeded).';
  const agent = agentOf(device);
  if (!agent.installedIntents().some((a) => a.bundle === device.status.bundleName)) {
    return 'This app declares no insight intents, so the assistant has nothing to route to (see the agent template: hmos create X --template agent).';
  }
  const r = await agent.ask(utterance);
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
