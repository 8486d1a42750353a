import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { buildIndex, route } from '../../src/agent/router.js';
import { validate } from '../../src/agent/schema.js';
import { evalClock, loadApp, loadEvalSet } from '../helpers/agent.js';

const apps = [loadApp('tasks.intents.json'), loadApp('music.intents.json'), loadApp('notes.intents.json')];
const index = buildIndex(apps);
const decl = (bundle: string, intent: string) => apps.find((a) => a.bundle === bundle)!.intents.find((i) => i.intentName === intent)!;
const pieces = [...new Set(loadEvalSet('eval.json').cases.flatMap((c) => c.utterance.split(/(?<=\s)|(?<=[\u4e00-\u9fff])/u)))];

describe('router properties', () => {
  it('never throws, and a match always satisfies the intent schema and belongs to an installed app', () => {
    const utterance = fc.oneof(
      fc.string({ maxLength: 60 }),
      fc.array(fc.constantFrom(...pieces), { maxLength: 12 }).map((p) => p.join('')),
      fc.array(fc.oneof(fc.constantFrom(...pieces), fc.string({ maxLength: 4 }), fc.constantFrom('"', '「', '：', '150', '二百', 'at 25:99')), { maxLength: 10 }).map((p) => p.join(' ')),
    );
    fc.assert(fc.property(utterance, (u) => {
      const out = route(index, u, evalClock);
      if (out.kind === 'noMatch') return;
      const d = decl(out.bundle, out.intent);
      expect(d).toBeDefined();
      if (out.kind === 'match') expect(validate(out.params, d.parameters)).toEqual([]);
      else expect(out.clarification.question.length).toBeGreaterThan(0);
    }), { numRuns: 400, seed: 8 });
  });
});
