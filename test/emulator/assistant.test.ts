import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { askAssistant } from '../../src/emulator/assistant.js';
import { INTENT_MANIFEST_PATH } from '../../src/hap/intent-manifest.js';

const manifest = fs.readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'agent', 'tasks.intents.json'));
const hap = (files: Record<string, Uint8Array>) => new Map(Object.entries(files));

describe('the a key (assistant)', () => {
  it("routes among the running app's intents and says what would run, or what is missing", async () => {
    const entries = hap({ [INTENT_MANIFEST_PATH]: new Uint8Array(manifest) });
    const prev = process.env.HMOS_AGENT_MODEL_URL;
    delete process.env.HMOS_AGENT_MODEL_URL;
    try {
      expect(await askAssistant(entries, 'add a task buy milk with high priority')).toMatch(/^→ AddTask \{"title":"buy milk","priority":"high"\}/);
      expect(await askAssistant(entries, 'add a task')).toMatch(/^→ AddTask: .*title/i);
      expect(await askAssistant(entries, "what's the weather in Paris")).toMatch(/^No intent matches/);
    } finally {
      if (prev !== undefined) process.env.HMOS_AGENT_MODEL_URL = prev;
    }
  });

  it('explains when nothing can be asked', async () => {
    expect(await askAssistant(undefined, 'hi')).toMatch(/No app is running/);
    expect(await askAssistant(hap({}), 'hi')).toMatch(/declares no insight intents/);
  });
});
