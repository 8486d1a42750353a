import { describe, expect, it } from 'vitest';
import { enumSynonyms, extractParameters, trimFillers } from '../../src/agent/extract.js';
import { makeVocabulary, normalize, tokenize } from '../../src/agent/text.js';
import type { IntentDeclaration } from '../../src/hap/intent-manifest.js';
import { evalClock } from '../helpers/agent.js';

describe('parameter extraction', () => {
  it('reads dates before numbers, whatever the schema order', () => {
    const decl: IntentDeclaration = {
      kind: 'function', intentName: 'BookTable', srcEntry: './x.ets', keywords: ['book', 'table'],
      parameters: { type: 'object', properties: { people: { type: 'integer' }, at: { type: 'string', format: 'date-time' } } },
    };
    const text = normalize('book a table tomorrow at 7pm for 4');
    const ex = extractParameters(decl, text, tokenize(text, makeVocabulary([])), new Set(['book', 'table']), evalClock);
    expect(ex.params).toEqual({ people: 4, at: '2026-03-11T19:00:00+08:00' });
    expect(Object.keys(ex.params)).toEqual(['people', 'at']);
  });

  it('trims fillers from the edges of free text only', () => {
    expect(trimFillers('me to call the dentist')).toBe('call the dentist');
    expect(trimFillers('about the project budget')).toBe('project budget');
    expect(trimFillers('that the meeting moved to friday')).toBe('the meeting moved to friday');
    expect(trimFillers('buy milk with')).toBe('buy milk');
    expect(trimFillers('帮我一下')).toBe('');
    expect(trimFillers('周杰伦的')).toBe('周杰伦');
    expect(trimFillers('给妈妈打电话')).toBe('给妈妈打电话');
  });

  it('reads enum synonyms from the property description', () => {
    expect(enumSynonyms('fast', 'How quick. fast: quick, speedy; slow: 慢')).toEqual(['fast', 'quick', 'speedy']);
    expect(enumSynonyms('slow', 'How quick. fast: quick, speedy; slow: 慢')).toEqual(['slow', '慢']);
    expect(enumSynonyms('high', undefined)).toContain('紧急');
  });

  it('uses the schema: enum synonyms from a custom description, numbers for numbers, the rest as text', () => {
    const decl: IntentDeclaration = {
      kind: 'function', intentName: 'Ship', srcEntry: './x.ets', keywords: ['ship', 'send'],
      parameters: { type: 'object', properties: {
        item: { type: 'string' },
        speed: { type: 'string', enum: ['fast', 'slow'], description: 'fast: express, overnight' },
        count: { type: 'integer' },
      } },
    };
    const text = normalize('ship three red bikes overnight');
    const tokens = tokenize(text, makeVocabulary([]));
    const ex = extractParameters(decl, text, tokens, new Set(['ship']), evalClock);
    expect(ex.params).toEqual({ item: 'red bikes', speed: 'fast', count: 3 });
    expect(ex.evidence).toBeGreaterThan(0);
  });
});
