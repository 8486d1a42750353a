/**
 * A hostile value at every place app code hands something to the device: thrown from a lifecycle hook, an event
 * handler, a @Watch / @Monitor callback or a builder; returned from onBackPress or a hook; passed to kit calls
 * (logging, the router, preferences, AppStorage). The value is a Proxy whose every trap loops forever — once armed —
 * and records any foreign (host) value it is handed. Host code must never inspect it outside the watchdog: each case
 * ends with the device answering (the app crashed, stopped by the watchdog, or carried on) and nothing of the host's
 * in app hands.
 */
import { describe, expect, it } from 'vitest';
import { launchSource, page } from '../runtime/helpers.js';
import type { App } from '../../src/runtime/device.js';

const prelude = `
  var __decorate = function (ds, t, k, d) { let r = t; for (let i = ds.length - 1; i >= 0; i--) r = (k === undefined ? ds[i](r) : ds[i](t, k, d)) || r; return r; };
  globalThis.__foreign = 0; globalThis.__armed = false;
  const isForeign = (v) => (typeof v === 'function' && !(v instanceof Function)) || (typeof v === 'object' && v !== null && !(v instanceof Object) && Object.getPrototypeOf(v) !== null);
  const handler = {};
  for (const t of ['get', 'has', 'ownKeys', 'getOwnPropertyDescriptor', 'getPrototypeOf', 'set', 'defineProperty', 'apply', 'construct', 'isExtensible']) {
    handler[t] = (...a) => { for (let i = 0; i < a.length; i++) if (isForeign(a[i])) globalThis.__foreign++; while (globalThis.__armed) {} return Reflect[t](...a); };
  }
  globalThis.hostile = () => new Proxy(function () {}, handler);
  globalThis.arm = () => { globalThis.__armed = true; return hostile(); };
`;
const col = (body: string) => `this.observeComponentCreation2(() => { Column.create(); }, Column); ${body} Column.pop();`;
const button = (label: string, onClick: string) =>
  `this.observeComponentCreation2(() => { Button.createWithLabel(${JSON.stringify(label)}); Button.onClick(() => { ${onClick} }); }, Button); Button.pop();`;
const state = (name: string) => `this.__${name} = new ObservedPropertySimplePU(0, this, "${name}");`;
const accessors = (name: string) => `get ${name}() { return this.__${name}.get(); } set ${name}(v) { this.__${name}.set(v); }`;

/** Cases: an app, and what to do to it once launched. */
const CASES: Record<string, { code: string; act: (app: App) => void; crashes?: 'launch' | 'click'; exits?: true }> = {
  'thrown from aboutToAppear': { code: page('Index', '', col(''), 'aboutToAppear() { throw arm(); }'), act: () => {}, crashes: 'launch' },
  'returned from aboutToAppear and onPageShow': { code: page('Index', '', col(''), 'aboutToAppear() { return arm(); } onPageShow() { return hostile(); }'), act: () => {} },
  'thrown from a click handler (S2)': { code: page('Index', '', col(button('go', 'throw arm();'))), act: (app) => app.click(app.findText('go')!), crashes: 'click' },
  'returned from a click handler': { code: page('Index', '', col(button('go', 'return arm();'))), act: (app) => app.click(app.findText('go')!) },
  'returned from onBackPress (the last page: the app exits)': { code: page('Index', '', col(''), 'onBackPress() { return arm(); }'), act: (app) => app.back(), exits: true },
  'thrown from @Watch': {
    code: page('Index', state('a') + 'this.declareWatch("a", this.onA);', col(button('go', 'this.a++;')), `${accessors('a')} onA() { throw arm(); }`),
    act: (app) => app.click(app.findText('go')!), crashes: 'click',
  },
  'thrown from @Monitor': {
    code: `class Index extends ViewV2 {
      constructor(p, params, ls, elmtId = -1, pl, ei) { super(p, elmtId, ei); this.a = 0; this.finalizeConstruction(); }
      initialRender() { ${col(button('go', 'this.a++;'))} }
      onA() { throw arm(); }
    }
    __decorate([Local], Index.prototype, "a", void 0); __decorate([Monitor("a")], Index.prototype, "onA", null);
    registerNamedRoute(() => new Index(undefined, {}), "", { bundleName: "com.example.test", moduleName: "entry", pagePath: "pages/Index", pageFullPath: "", integratedHsp: "false", moduleType: "followWithHap" });`,
    act: (app) => app.click(app.findText('go')!), crashes: 'click',
  },
  'thrown from a builder while rendering': {
    code: page('Index', state('a'), col(button('go', 'this.a++;') +
      'this.observeComponentCreation2(() => { Text.create("a" + this.a); if (this.a > 0) { throw arm(); } }, Text); Text.pop();'), accessors('a')),
    act: (app) => app.click(app.findText('go')!), crashes: 'click',
  },
  'passed to kit calls and returned from their callbacks': {
    code: page('Index', '', col(button('go', `
      const p = hostile();
      try { __hmosKit("@ohos.hilog").info(0, p, p, p); } catch (e) {}
      try { console.info(p); console.error("%s", p); } catch (e) {}
      try { __hmosKit("@ohos.router").pushUrl(p).catch(() => hostile()); } catch (e) {}
      try { AppStorage.setOrCreate("k", p); PersistentStorage.persistProp("j", p); } catch (e) {}
      try { setTimeout(p, 0); setTimeout(() => hostile(), 0); Promise.reject(hostile()); } catch (e) {}
      globalThis.__armed = true;`)), ''),
    act: (app) => app.click(app.findText('go')!), crashes: 'click',
  },
};

describe('hostile values at every host boundary', () => {
  for (const [name, { code, act, crashes, exits }] of Object.entries(CASES)) {
    it(`${name}: no host value handed over, no hang`, async () => {
      const app = launchSource(prelude + code, { device: { watchdogMs: 1000 } });
      if (!app.crash) act(app);
      await app.settle();
      app.tree(); // the device still answers
      expect(app.crash?.during).toBe(crashes);
      if (app.crash) {
        expect(['exception', 'timeout']).toContain(app.crash.kind);
      } else if (exits) {
        expect(app.evaluate('1')).toBeUndefined(); // stopped
      } else {
        app.evaluate('globalThis.__armed = false');
        expect(app.evaluate('globalThis.__foreign')).toBe(0);
      }
    });
  }
});
