/**
 * The `a` key: what the user types is routed by the agent service (src/agent/service.ts) among the insight intents of
 * the app running in this session (its HAP's ets/intents.json). The device runtime cannot execute an intent yet, so
 * the answer is what would run (intent + validated parameters), the clarification question, or "no match".
 */
import { INTENT_MANIFEST_PATH, type IntentManifest } from '../hap/intent-manifest.js';

export async function askAssistant(entries: Map<string, Uint8Array> | undefined, utterance: string): Promise<string> {
  if (!entries) return 'No app is running yet (the first build has not succeeded).';
  const raw = entries.get(INTENT_MANIFEST_PATH);
  let manifest: IntentManifest | undefined;
  try {
    manifest = raw ? (JSON.parse(Buffer.from(raw).toString('utf8')) as IntentManifest) : undefined;
  } catch {
    manifest = undefined;
  }
  if (!manifest?.intents?.length) return 'This app declares no insight intents, so the assistant has nothing to route to (see the agent template: hmos create X --template agent).';
  const { createAgentService } = await import('../agent/service.js');
  const service = createAgentService({
    listIntents: () => [{ bundle: manifest.bundleName, intents: manifest.intents }],
    execute: async () => { throw new Error('intent execution is not available on emulated devices yet'); },
  });
  const r = await service.handle(utterance, { dryRun: true });
  switch (r.kind) {
    case 'dryRun':
    case 'executed':
      return `→ ${r.intent} ${JSON.stringify(r.params)} (${r.bundle}, routed ${r.via}). Running intents on an emulated device is not available yet: this is what would run.`;
    case 'clarification':
      return `→ ${r.intent}: ${r.clarification.question}`;
    case 'noMatch':
      return `No intent matches: ${r.message}`;
  }
}
