import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.js';
import { launchSource, page, show } from './helpers.js';

const blank = page('Index', '', '');

describe('app realm (sandbox)', () => {
  it('offers no host capabilities: require, process, Buffer, host constructors, host fs', () => {
    const secret = path.join(tempDir(), 'secret.txt');
    fs.writeFileSync(secret, 'TOP SECRET');
    const attempts = [
      'typeof require', 'typeof process', 'typeof Buffer', 'typeof module', 'typeof import.meta',
      'this.constructor.constructor("return typeof process")()',
      'Text.create.constructor("return typeof process")()',
      '__rt.call.constructor("return typeof process")()',
      '(() => { try { null.x } catch (e) { return e.constructor.constructor("return typeof process")(); } })()',
      'Object.getPrototypeOf(__hmosKit("@ohos.router")).constructor.constructor("return typeof process")()',
      `(() => { try { return __hmosKit("@ohos.file.fs").readTextSync(${JSON.stringify(secret)}); } catch (e) { return "refused " + e.code; } })()`,
    ];
    const code = `const results = []; for (const a of ${JSON.stringify(attempts)}) { try { results.push(String((0, eval)(a))); } catch (e) { results.push("threw " + e.name); } } console.info(JSON.stringify(results));` + blank;
    const app = launchSource(code);
    const results = JSON.parse(app.logs[0].message) as string[];
    expect(results.slice(0, 4)).toEqual(['undefined', 'undefined', 'undefined', 'undefined']);
    expect(results[4]).toBe('threw SyntaxError');
    expect(results.slice(5, 10)).toEqual(['undefined', 'undefined', 'undefined', 'undefined', 'undefined']);
    expect(results[10]).toBe('refused 13900012');
    expect(JSON.stringify(app.logs)).not.toContain('TOP SECRET');
  });

  it('bounds and scroll offsets stay on the host\'s copy of the tree: the realm\'s nodes never get host objects', async () => {
    const { layoutApp } = await import('../../src/runtime/screen.js');
    const app = launchSource(page('Index', '', `
      this.observeComponentCreation2((elmtId, isInitialRender) => { Scroll.create(); }, Scroll);
      this.observeComponentCreation2((elmtId, isInitialRender) => { Text.create('hello'); }, Text);
      Scroll.pop();`));
    await layoutApp(app);
    const scroller = app.find((n) => n.type === 'Scroll')!;
    app.swipe(scroller, 10);
    const probe = (field: string) => app.evaluate(`(() => { const n = globalThis.__rt.root.children[0]; const v = n.${field};
      return v === undefined ? 'missing' : typeof v.constructor === 'function' ? v.constructor.constructor('return typeof process')() : 'no constructor'; })()`);
    expect(probe('layout')).toBe('missing');
    expect(probe('scroll')).toBe('missing');
    await layoutApp(app);
    const copy = app.find((n) => n.type === 'Scroll')!;
    expect(copy.scroll).toEqual({ x: 0, y: 10 });
    expect(copy.layout).toMatchObject({ x: expect.any(Number), width: expect.any(Number) });
  });

  it('a crash in a click handler shows the error screen with the source-mapped .ets location; relaunch recovers', () => {
    const code = page('Index', '', `this.observeComponentCreation2((elmtId, isInitialRender) => { Button.createWithLabel("boom"); Button.onClick(() => { this.explode(); }); }, Button); Button.pop();`,
      'explode() { throw new RangeError("cart is empty"); }');
    const lines = code.split('\n');
    const throwLine = lines.findIndex((l) => l.includes('throw new RangeError')) + 1;
    // A source map sending every generated line to the same line of pages/Index.ets.
    const mappings = lines.map((_l, i) => (i === 0 ? 'AAAA' : 'AACA')).join(';');
    const map = JSON.stringify({ version: 3, sources: ['entry/src/main/ets/pages/Index.ets'], names: [], mappings });
    const crashes: unknown[] = [];
    const app = launchSource(code, { bundle: new Map([['ets/bundle.js', code], ['ets/bundle.js.map', map], ['module.json', '{"app":{"bundleName":"com.example.crash"},"module":{"name":"entry"}}']]) });
    app.on('crash', (r) => crashes.push(r));
    app.click(app.findText('boom')!);
    expect(crashes).toHaveLength(1);
    expect(app.crash?.message).toBe('RangeError: cart is empty');
    expect(app.crash?.during).toBe('click');
    expect(app.crash?.location).toEqual({ file: 'entry/src/main/ets/pages/Index.ets', line: throwLine, col: expect.any(Number) });
    expect(show(app.tree())).toBe(`Root[Column[Text("com.example.crash has stopped") Text("RangeError: cart is empty") Text("at entry/src/main/ets/pages/Index.ets:${throwLine}:${app.crash!.location!.col}") Text("Relaunch the app to try again.")]]`);
    expect(app.logs.at(-1)).toMatchObject({ level: 'F', tag: 'AppCrash' });
    app.relaunch();
    expect(app.crash).toBeUndefined();
    expect(show(app.tree())).toBe('Root[Button("boom")]');
  });

  it('the watchdog stops an endless loop in build, in a handler and in a promise callback', () => {
    const loopInBuild = launchSource(page('Index', '', 'while (true) {}'), { device: { watchdogMs: 100 } });
    expect(loopInBuild.crash).toMatchObject({ kind: 'timeout', during: 'launch' });
    expect(show(loopInBuild.tree())).toContain('stopped responding');
    const handler = launchSource(page('Index', '', `this.observeComponentCreation2((elmtId, isInitialRender) => { Button.createWithLabel("spin"); Button.onClick(() => { Promise.resolve().then(() => { for (;;) {} }); }); }, Button); Button.pop();`), { device: { watchdogMs: 100 } });
    expect(handler.crash).toBeUndefined();
    handler.click(handler.findText('spin')!);
    expect(handler.crash).toMatchObject({ kind: 'timeout', during: 'click' });
  });

  it('survives deep recursion and exceptions at load time', () => {
    const deep = launchSource(page('Index', '', '', 'aboutToAppear() { const f = (n) => f(n + 1); f(0); }'));
    expect(deep.crash?.message).toContain('RangeError: Maximum call stack size exceeded');
    const atLoad = launchSource('throw "plain string";');
    expect(atLoad.crash).toMatchObject({ during: 'load', message: 'Uncaught plain string' });
  });

  it('a thrown object with a looping getter cannot hang the host', () => {
    // The value is described inside the realm, under the watchdog: its getters are stopped there.
    const app = launchSource(page('Index', '', '', 'aboutToAppear() { throw { get message() { for (;;) {} }, get name() { for (;;) {} } }; }'), { device: { watchdogMs: 300 } });
    expect(app.crash).toMatchObject({ kind: 'exception', message: 'Uncaught exception (a value the device could not describe)' });
  });
});
