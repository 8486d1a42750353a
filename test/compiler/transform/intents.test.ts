import { describe, expect, it } from 'vitest';
import { compiles, errors, fixture, transform } from './helpers.js';

describe('transformEts: insight-intent decorators', () => {
  const r = transform(fixture('intents.ets'), { fileName: '/proj/entry/src/main/ets/intents/Music.ets', pagePath: 'intents/Music' });

  it('extracts every decorator into an IntentDeclaration with statically evaluated fields', () => {
    expect(errors(r)).toEqual([]);
    const byName = Object.fromEntries(r.intents.map((i) => [i.intentName, i]));
    expect(Object.keys(byName).sort()).toEqual(['AddTask', 'OpenLink', 'PlayMusic', 'ShowDetail']);
    expect(byName.PlayMusic).toEqual(expect.objectContaining({
      kind: 'entry', className: 'PlayMusic', srcEntry: './ets/intents/Music.ets', domain: 'MusicDomain', intentVersion: '1.0.1',
      displayName: 'Play music', icon: 'app.media.icon', keywords: ['music', 'play'], abilityName: 'EntryAbility',
      executeMode: ['foreground'],
      parameters: { type: 'object', properties: { song: { type: 'string' } }, required: ['song'] },
      source: { file: '/proj/entry/src/main/ets/intents/Music.ets', line: 3, col: 1 },
    }));
    expect(byName.AddTask).toEqual(expect.objectContaining({
      kind: 'function', className: 'Tools', methodName: 'addTask', paramNames: ['title', 'due'], llmDescription: 'Adds a task',
    }));
    expect(byName.OpenLink).toEqual(expect.objectContaining({
      kind: 'link', uri: 'https://example.com/open',
      paramMappings: [{ paramName: 'q', paramMappingName: 'query', paramCategory: 'link' }],
    }));
    expect(byName.ShowDetail).toEqual(expect.objectContaining({
      kind: 'page', className: 'Detail', abilityName: 'EntryAbility', pagePath: './ets/pages/Detail', navDestinationName: 'detail',
    }));
  });

  it('removes the decorators from the emitted code, keeping the classes', () => {
    expect(r.code).not.toMatch(/@InsightIntent|InsightIntent(Entry|Function|Link|Page)\(/);
    expect(r.code).toContain('export class PlayMusic extends InsightIntentEntryExecutor<string> {');
    expect(r.code).toContain('static addTask(title: string, due: number): string {');
    expect(r.code).toContain('class Detail extends ViewPU {');
    compiles(r.code);
  });

  it('reports arguments that are not constant', () => {
    const bad = transform(`const n = 'x'\n@InsightIntentLink({ intentName: n, uri: 'a://b' })\nclass L {}\n`);
    expect(bad.diagnostics).toContainEqual(expect.objectContaining({ code: 'ETS_INTENT_NOT_STATIC', line: 2, col: 20 }));
    const noName = transform(`@InsightIntentLink({ uri: 'a://b' })\nclass L {}\n`);
    expect(noName.diagnostics).toContainEqual(expect.objectContaining({ code: 'ETS_INTENT_NAME' }));
    expect(bad.intents).toEqual([]);
  });
});
