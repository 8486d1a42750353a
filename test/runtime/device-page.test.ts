import { describe, expect, it } from 'vitest';
import { launchSource, page } from './helpers.js';

describe('the visible page', () => {
  it('is known after an async onWindowStageCreate awaits before loadContent; launch Wants carry parameters', async () => {
    const app = launchSource(`class EntryAbility extends UIAbility {
      onCreate(want) { console.info("param " + want.parameters["newsId"]); }
      async onWindowStageCreate(ws) { await Promise.resolve(1); ws.loadContent("pages/Index"); } }
      __hmosRegisterModule({ bundleName: "b", moduleName: "entry", abilities: { EntryAbility }, pages: ["pages/Index"] });` + page('Index', '', ''));
    await app.settle();
    expect(app.crash).toBeUndefined();
    expect(app.page()).toBe('pages/Index');
    expect(app.logs.map((l) => l.message)).toContain('param undefined');
  });
});
