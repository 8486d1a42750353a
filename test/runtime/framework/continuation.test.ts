import { describe, expect, it } from 'vitest';
import { launchSource, page } from '../helpers.js';
import { tempDir } from '../../helpers/cli.js';
import type { App } from '../../../src/runtime/device.js';

const ABILITY = `
const { AbilityConstant } = __hmosKit('@kit.AbilityKit');
const router = __hmosKit('@ohos.router').default;
globalThis.router = router;
class EntryAbility extends UIAbility {
  onCreate(want, p) { globalThis.created = { reason: p.launchReason, params: want.parameters }; if (p.launchReason === AbilityConstant.LaunchReason.CONTINUATION) this.context.restoreWindowStage(new LocalStorage()); }
  onNewWant(want, p) { globalThis.newWant = { reason: p.launchReason, params: want.parameters }; this.context.restoreWindowStage(new LocalStorage()); }
  onContinue(w) {
    w.note = globalThis.note ?? 'n';
    const m = globalThis.mode;
    if (m === 'throw') throw new Error('boom');
    if (m === 'reject') return Promise.reject(new Error('nope'));
    if (m === 'async') return new Promise((r) => setTimeout(() => r(AbilityConstant.OnContinueResult.AGREE), 5));
    if (m === 'mismatch') return AbilityConstant.OnContinueResult.MISMATCH;
    return AbilityConstant.OnContinueResult.AGREE;
  }
  onWindowStageCreate(ws) { ws.loadContent('pages/Index'); }
}
__hmosRegisterModule({ abilities: { EntryAbility }, pages: ['pages/Index', 'pages/Detail'] });
`;
const SOURCE = ABILITY
  + page('Index', '', 'Text.create("Index"); Text.pop();')
  + page('Detail', '', 'Text.create("Detail " + (router.getParams()?.id ?? "-")); Text.pop();', '', 'pages/Detail');

const launch = (extra: Record<string, unknown> = {}) => launchSource(SOURCE, { abilityName: 'EntryAbility', device: { dataDir: tempDir() }, ...extra });
const texts = (app: App) => { const out: string[] = []; const walk = (n: any) => { if (typeof n.args?.[0] === 'string') out.push(n.args[0]); n.children.forEach(walk); }; walk(app.tree()); return out; };

describe('continuation in the app realm', () => {
  it('the source answers with its want parameters and router page stack; the target restores them', async () => {
    const src = launch();
    src.evaluate('globalThis.note = "draft"; router.pushUrl({ url: "pages/Detail", params: { id: 7 } })');
    await src.settle();
    expect(src.page()).toBe('pages/Detail');
    const out = await src.continueOut(5000, 'tablet-1');
    expect(out).toEqual({ result: 0, error: null, wantParam: { targetDevice: 'tablet-1', note: 'draft' }, pageStack: [{ path: 'pages/Index' }, { path: 'pages/Detail', params: { id: 7 } }] });

    const dst = launch({ want: { parameters: out.wantParam }, launchReason: 3, continuation: { pageStack: out.pageStack } });
    await dst.settle();
    expect(dst.evaluate('JSON.stringify(globalThis.created)')).toBe('{"reason":3,"params":{"targetDevice":"tablet-1","note":"draft"}}');
    expect(dst.page()).toBe('pages/Detail');
    expect(texts(dst)).toContain('Detail 7');
    dst.back();
    expect(dst.page()).toBe('pages/Index');
  });

  it('a running target gets onNewWant with CONTINUATION and the stack', async () => {
    const app = launch();
    app.newWant({ parameters: { note: 'x' } }, { launchReason: 3, continuation: { pageStack: [{ path: 'pages/Index' }, { path: 'pages/Detail', params: { id: 3 } }] } });
    await app.settle();
    expect(app.evaluate('globalThis.newWant.reason')).toBe(3);
    expect(texts(app)).toContain('Detail 3');
    // An ordinary launch stays START_ABILITY.
    expect(launch().evaluate('globalThis.created.reason')).toBe(1);
  });

  it('async answers, throws, rejections, MISMATCH and INACTIVE come back as outcomes, the app keeps running', async () => {
    const app = launch();
    const ask = async (mode: string) => { app.evaluate(`globalThis.mode = ${JSON.stringify(mode)}`); return app.continueOut(); };
    expect((await ask('async')).result).toBe(0);
    expect(await ask('throw')).toMatchObject({ result: null, error: 'onContinue threw: boom' });
    expect(await ask('reject')).toMatchObject({ result: null, error: 'onContinue rejected: nope' });
    expect((await ask('mismatch')).result).toBe(2);
    app.evaluate('getContext().setMissionContinueState(__hmosKit("@kit.AbilityKit").AbilityConstant.ContinueState.INACTIVE)');
    expect((await ask('agree')).error).toBe('INACTIVE');
    app.evaluate('getContext().setMissionContinueState(0)');
    expect((await ask('agree')).result).toBe(0);
    expect(app.crash).toBeUndefined();
    expect(app.page()).toBe('pages/Index');
  });
});
