import { describe, expect, it } from 'vitest';
import type { IntentDeclaration } from '../../src/hap/intent-manifest.js';
import { executionMode, runIntent } from '../../src/runtime/intent-executor.js';
import { launchSource, page, show } from './helpers.js';

// A hand-written bundle (what the compiler emits): an ability that records its lifecycle, two pages, a page with a
// Navigation, and one executor of every kind, registered through __hmosRegisterModule({intentExecutors}).
const BUNDLE = `
var calls = [];
const { InsightIntentExecutor, InsightIntentEntryExecutor } = __hmosKit('@kit.AbilityKit');
const router = __hmosKit('@ohos.router').default;
class EntryAbility extends UIAbility {
  onCreate() { calls.push('create'); }
  onWindowStageCreate(ws) { calls.push('window'); ws.loadContent('pages/Index'); }
  onForeground() { calls.push('foreground'); }
  onBackground() { calls.push('background'); }
  onNewWant(want) { calls.push('newWant ' + want.uri + ' ' + JSON.stringify(want.parameters)); }
}
class Both extends InsightIntentExecutor {
  onExecuteInUIAbilityBackgroundMode(name, params) { calls.push('bg ' + name); return { code: 0, result: { doubled: params.n * 2, context: !!this.context } }; }
  onExecuteInUIAbilityForegroundMode(name, params, ws) { calls.push('fg ' + name); return { code: 3, result: { window: typeof ws.loadContent } }; }
}
class Later extends InsightIntentExecutor {
  onExecuteInUIAbilityBackgroundMode(name, params) { return new Promise((r) => setTimeout(() => r({ code: 0, result: 'later ' + params.ms }), params.ms)); }
}
class Throws extends InsightIntentExecutor { onExecuteInUIAbilityBackgroundMode() { const e = new TypeError('bad thing'); e.code = 401; throw e; } }
class Rejects extends InsightIntentExecutor { onExecuteInUIAbilityBackgroundMode() { return Promise.reject(new Error('no way')); } }
class Hangs extends InsightIntentExecutor { onExecuteInUIAbilityBackgroundMode() { return new Promise(() => {}); } }
class Loops extends InsightIntentExecutor { onExecuteInUIAbilityBackgroundMode() { for (;;) {} } }
class Circular extends InsightIntentExecutor { onExecuteInUIAbilityBackgroundMode() { const o = {}; o.self = o; return { code: 0, result: o }; } }
class Lister extends InsightIntentEntryExecutor {
  constructor() { super(); this.filter = 'all'; }
  onExecute() { return Promise.resolve({ code: 0, result: this.filter + ' mode ' + this.executeMode + ' ' + (this.windowStage ? 'window' : 'no window') }); }
}
class Maths { static add(a, b) { calls.push('add'); return a - b; } }
${page('Index', '', 'this.observeComponentCreation2((e, i) => { Text.create("index"); }, Text); Text.pop();')}
${page('Detail', '', 'this.observeComponentCreation2((e, i) => { Text.create("detail " + JSON.stringify(router.getParams())); }, Text); Text.pop();', '', 'pages/Detail')}
${page('Shop', 'this.stack = new NavPathStack();', `
  this.observeComponentCreation2((e, i) => { Navigation.create(this.stack); Navigation.id('shopNav'); Navigation.navDestination((name, param) => { this.dest(name, param); }); }, Navigation);
  Navigation.pop();`, 'dest(name, param) { this.observeComponentCreation2((e, i) => { Text.create(name + " " + param.item); }, Text); Text.pop(); }', 'pages/Shop')}
__hmosRegisterModule({ bundleName: 'com.example.test', moduleName: 'entry', abilities: { EntryAbility },
  intentExecutors: { Both, Later, Throws, Rejects, Hangs, Loops, Circular, Lister, Add: { cls: Maths, method: 'add' } },
  pages: ['pages/Index', 'pages/Detail', 'pages/Shop'] });
`;

const launch = () => launchSource(BUNDLE, { device: { watchdogMs: 300 } });
const calls = (app: ReturnType<typeof launch>) => app.evaluate('calls.splice(0)') as string[];
const decl = (d: Partial<IntentDeclaration>): IntentDeclaration => ({ kind: 'executor', intentName: 'Both', srcEntry: './ets/x.ets', ...d } as IntentDeclaration);

describe('runIntent', () => {
  it('runs an executor in background mode (onExecuteInUIAbilityBackgroundMode) with the ability context', async () => {
    const app = launch();
    calls(app);
    const out = await runIntent(app, decl({ executeMode: ['background'] }), { n: 21 });
    expect(out).toEqual({ code: 0, result: { doubled: 42, context: true } });
    expect(calls(app)).toEqual(['bg Both']);
  });

  it('runs an executor in foreground mode with the window stage, and keeps its code', async () => {
    const app = launch();
    calls(app);
    const out = await runIntent(app, decl({ executeMode: ['foreground', 'background'] }), {});
    expect(out).toEqual({ code: 3, result: { window: 'function' } });
    expect(calls(app)).toEqual(['fg Both']);
  });

  it('waits for an executor whose promise settles after a timer', async () => {
    const out = await runIntent(launch(), decl({ intentName: 'Later' }), { ms: 30 });
    expect(out).toEqual({ code: 0, result: 'later 30' });
  });

  it('gives entry executors their parameters as fields, in either mode', async () => {
    const app = launch();
    expect(await runIntent(app, decl({ kind: 'entry', intentName: 'Lister', executeMode: ['background'] }), { filter: 'done' }))
      .toEqual({ code: 0, result: 'done mode 1 no window' });
    expect(await runIntent(app, decl({ kind: 'entry', intentName: 'Lister', executeMode: ['foreground'] }), {}))
      .toEqual({ code: 0, result: 'all mode 0 window' });
  });

  it('binds function intent arguments by name, whatever order the parameters come in', async () => {
    const out = await runIntent(launch(), decl({ kind: 'function', intentName: 'Add', paramNames: ['a', 'b'] }), { b: 2, a: 44 });
    expect(out).toEqual({ code: 0, result: 42 });
  });

  it('opens the page of a page intent with its parameters; the same page again takes the new ones', async () => {
    const app = launch();
    const d = decl({ kind: 'page', intentName: 'OpenDetail', pagePath: 'pages/Detail' });
    expect(await runIntent(app, d, { id: 7 })).toEqual({ code: 0, result: { page: 'pages/Detail' } });
    expect(app.page()).toBe('pages/Detail');
    expect(show(app.tree())).toContain('Text("detail {\\"id\\":7}")');
    await runIntent(app, d, { id: 8 });
    expect(show(app.tree())).toContain('Text("detail {\\"id\\":8}")');
    expect(app.evaluate('router.getLength()')).toBe('2');
  });

  it('opens a Navigation destination of a page intent', async () => {
    const app = launch();
    await runIntent(app, decl({ kind: 'page', intentName: 'OpenShop', pagePath: 'pages/Shop' }), {});
    const out = await runIntent(app, decl({ kind: 'page', intentName: 'OpenItem', navigationId: 'shopNav', navDestinationName: 'Item' }), { item: 'pear' });
    expect(out).toEqual({ code: 0, result: { navDestination: 'Item' } });
    expect(show(app.tree())).toContain('Text("Item pear")');
    const missing = await runIntent(app, decl({ kind: 'page', intentName: 'OpenItem', navigationId: 'nope', navDestinationName: 'Item' }), {});
    expect(missing.error?.code).toBe('INTENT_FAILED');
  });

  it('opens the page a link names, with mapped parameters in the uri and the Want', async () => {
    const app = launch();
    calls(app);
    const d = decl({
      kind: 'link', intentName: 'Share', uri: 'https://example.com/pages/Detail',
      paramMappings: [{ paramName: 'id', paramMappingName: 'itemId' }, { paramName: 'from', paramCategory: 'want' }],
    });
    const out = await runIntent(app, d, { id: 'a b', from: 'agent' });
    expect(out).toEqual({ code: 0, result: { uri: 'https://example.com/pages/Detail?itemId=a%20b', page: 'pages/Detail' } });
    expect(calls(app)).toEqual(['newWant https://example.com/pages/Detail?itemId=a%20b {"from":"agent"}']);
    expect(app.page()).toBe('pages/Detail');
  });

  it('turns throws, rejections, endless promises and endless loops into error results; the app keeps running', async () => {
    const app = launch();
    expect(await runIntent(app, decl({ intentName: 'Throws' }), {})).toEqual({ code: 401, result: undefined, error: { code: 'INTENT_FAILED', message: 'TypeError: bad thing' } });
    expect(await runIntent(app, decl({ intentName: 'Rejects' }), {})).toMatchObject({ code: -1, error: { code: 'INTENT_FAILED', message: 'Error: no way' } });
    expect(await runIntent(app, decl({ intentName: 'Hangs' }), {}, { timeoutMs: 50 })).toMatchObject({ code: -1, error: { code: 'INTENT_TIMEOUT' } });
    const loop = await runIntent(app, decl({ intentName: 'Loops' }), {});
    expect(loop).toMatchObject({ code: -1, error: { code: 'INTENT_WATCHDOG' } });
    expect(loop.error!.message).toContain('300 ms');
    expect(await runIntent(app, decl({ intentName: 'Missing' }), {})).toMatchObject({ error: { code: 'INTENT_FAILED' } });
    expect(await runIntent(app, decl({ intentName: 'Circular' }), {})).toEqual({ code: 0, result: expect.any(String) });
    expect(app.crash).toBeUndefined();
    expect(show(app.tree())).toContain('Text("index")');
    expect(await runIntent(app, decl({ executeMode: ['background'] }), { n: 1 })).toMatchObject({ code: 0, result: { doubled: 2 } });
  });

  it('picks the mode: declared first for executors and entries (background if none), background for functions', () => {
    expect(executionMode(decl({ executeMode: ['foreground', 'background'] }))).toBe('foreground');
    expect(executionMode(decl({}))).toBe('background');
    expect(executionMode(decl({ kind: 'function' }))).toBe('background');
    expect(executionMode(decl({ kind: 'page' }))).toBe('foreground');
    expect(executionMode(decl({ kind: 'link' }))).toBe('foreground');
  });
});
