/**
 * Host code that reads the app's UI tree (layout, the renderers, selectors, the inspector) must run no app code
 * outside the watchdog and hand app code nothing of the host's. Before the tree was copied out as JSON by the realm
 * (framework/snapshot.ts, ui-snapshot.ts), layout walked the realm's own nodes: an app that replaced
 * `Array.prototype.map` was handed host functions (63 of them for this page), and a Proxy in an attribute ran its
 * traps in host code, where an endless loop hung the device for good.
 */
import { describe, expect, it } from 'vitest';
import { renderApp } from '../../src/runtime/screen.js';
import { launchSource, page } from '../runtime/helpers.js';

// Replaced array methods, iterators and conversions, and a Proxy in attributes and arguments: each records the
// foreign (non-realm) objects it is handed, and loops forever once `__loop` is set.
const traps = `
  globalThis.__foreign = []; globalThis.__loop = false;
  const isForeign = (v) => (typeof v === 'function' && !(v instanceof Function)) || (typeof v === 'object' && v !== null && !(v instanceof Object) && Object.getPrototypeOf(v) !== null);
  let busy = false;
  const note = (name, vals) => {
    if (busy) return; busy = true;
    try { while (globalThis.__loop) {} for (let i = 0; i < vals.length; i++) if (isForeign(vals[i])) globalThis.__foreign[globalThis.__foreign.length] = name; } finally { busy = false; }
  };
  for (const name of ['map', 'forEach', 'filter', 'some', 'every', 'find', 'findIndex', 'reduce', 'flatMap', 'sort', 'join', 'slice', 'concat', 'indexOf', 'includes', 'push', 'at']) {
    const o = Array.prototype[name]; Array.prototype[name] = function (...a) { note(name, [this, ...a]); return o.apply(this, a); };
  }
  const iter = Array.prototype[Symbol.iterator]; Array.prototype[Symbol.iterator] = function () { note('iterator', [this]); return iter.call(this); };
  Object.prototype[Symbol.toPrimitive] = function (hint) { note('toPrimitive', [this]); return hint === 'number' ? 1 : 'x'; };
  const h = {}; for (const t of ['get', 'has', 'ownKeys', 'getOwnPropertyDescriptor', 'getPrototypeOf', 'set', 'defineProperty', 'apply']) h[t] = (...a) => { note('proxy-' + t, a); return Reflect[t](...a); };
  globalThis.__proxy = new Proxy(function () {}, h);
  globalThis.__object = new Proxy({}, h);
`;
const render = `
  this.observeComponentCreation2(() => { Column.create({ space: __proxy }); Column.width(__proxy); }, Column);
  this.observeComponentCreation2(() => { Text.create(__proxy); Text.fontSize(__proxy); Text.margin({ top: __proxy, left: __object }); }, Text); Text.pop();
  this.observeComponentCreation2(() => { Image.create(__proxy); Image.width(40); }, Image);
  this.observeComponentCreation2(() => { Scroll.create(); Scroll.height(100); }, Scroll);
  this.observeComponentCreation2(() => { Button.createWithLabel('ok'); Button.onClick(__proxy); Button.padding([1, 2]); Button.border(__object); }, Button); Button.pop();
  Scroll.pop();
  Column.pop();`;

describe('the UI tree as host code reads it', () => {
  it('layout and every renderer hand app code no host object; a trap that loops crashes the app instead of hanging the device', async () => {
    const app = launchSource(traps + page('Index', '', render), { device: { watchdogMs: 2000 } });
    expect(app.crash).toBeUndefined();
    for (const format of ['text', 'json', 'svg'] as const) await renderApp(app, format);
    app.swipe(app.find((n) => n.type === 'Scroll')!, 20);
    app.find((n) => n.type === 'Button');
    await renderApp(app, 'text');
    expect(app.evaluate('JSON.stringify(globalThis.__foreign)')).toBe('[]');

    app.evaluate('globalThis.__loop = true');
    const screen = String(await renderApp(app, 'text')); // used to never return
    expect(app.crash?.kind).toBe('timeout');
    expect(screen).toContain('com.example.test stopped responding');
  });
});
