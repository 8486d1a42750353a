/**
 * `@ohos.worker` on a device (kits/worker-host.ts, kits/realm/worker.ts), with a hand-written bundle that holds the
 * app and its worker scripts the way the compiler links them (compiler/linker.ts: `__hmosWorkerScript` picks the
 * worker's module). The build side and `hmos preview` are covered by the worker fixture (kit-fixtures.test.ts).
 */
import { afterAll, describe, expect, it } from 'vitest';
import { createDevice, type App } from '../../../src/runtime/device.js';
import { tempDir } from '../../helpers/cli.js';
import { page } from '../helpers.js';

const WORKERS = `
const worker = __hmosKit('@ohos.worker').default;
const port = worker.workerPort;
const util = __hmosKit('@ohos.util').default;
switch (__hmosWorkerScript) {
  case 'ets/workers/Echo':
    port.onmessage = (e) => {
      const d = e.data;
      if (d === 'reach') {
        const r = [typeof require, typeof process, typeof Buffer, typeof globalThis.fetch === 'function' ? 'fetch' : 'nofetch'];
        try { r.push(String(this.constructor.constructor('return typeof process')())); } catch (x) { r.push('blocked'); }
        port.postMessage(r.join(','));
        return;
      }
      if (d === 'fn') { try { port.postMessage(() => 1); } catch (x) { port.postMessage('fn:' + x.code); } return; }
      if (d === 'bye') { port.postMessage('closing'); port.close(); return; }
      if (d === 'timer') { setTimeout(() => port.postMessage('tick:' + port.name), 10); return; }
      port.postMessage({ n: d.n * 2, at: d.at instanceof Date, map: d.map instanceof Map ? [...d.map.keys()].join('') : 'no', proto: Object.getPrototypeOf(d.obj) === Object.prototype, uuid: util.generateRandomUUID().length });
    };
    break;
  case 'ets/workers/Crash':
    let seen = '';
    port.onerror = (e) => { seen = e.message; };
    port.onmessage = (e) => { if (e.data === 'throw') throw new Error('worker broke'); if (e.data === 'loop') { for (;;) {} } };
    break;
  case 'ets/workers/BadStart':
    throw new TypeError('cannot start');
}
`;

const APP = `${page('Index', '', 'Column.create(); Column.pop();')}
globalThis.worker = __hmosKit('@ohos.worker').default;
globalThis.log = [];
globalThis.make = (script, name) => {
  const w = new worker.ThreadWorker(script, name ? { name } : undefined);
  w.onmessage = (e) => log.push(typeof e.data === 'string' ? e.data : JSON.stringify(e.data));
  w.onerror = (e) => { globalThis.lastError = e; log.push('error:' + e.message); };
  w.onexit = (code) => log.push('exit:' + code);
  return w;
};
globalThis.code = (f) => { try { f(); return 'ok'; } catch (e) { return String(e.code ?? e); } };
`;

const BUNDLE = `(function () {
if (typeof __hmosWorkerScript === 'string') { ${WORKERS} } else { ${APP} }
})();`;

describe('@ohos.worker on a device', () => {
  const device = createDevice({ profile: 'phone', dataDir: tempDir(), watchdogMs: 1000 });
  const bundle = new Map<string, string>([['ets/bundle.js', BUNDLE],
    ['ets/workers.json', JSON.stringify(['ets/workers/Echo', 'ets/workers/Crash', 'ets/workers/BadStart'])],
    ['module.json', JSON.stringify({ app: { bundleName: 'com.example.worker' }, module: { name: 'entry' } })]]);
  const app: App = device.launch({ bundle });
  afterAll(() => app.stop());
  const log = async (): Promise<string[]> => { await app.settle(); return JSON.parse(String(app.evaluate('JSON.stringify(log.splice(0))'))); };
  /** Waits (on the device's own turns, up to 30 s) until the app's log has `n` entries: a worker timer is not awaited by settle(). */
  const logged = async (n: number): Promise<void> => {
    for (let i = 0; i < 3000 && Number(app.evaluate('log.length')) < n; i++) await new Promise((r) => setTimeout(r, 10));
  };

  it('messages cross as structured clones, in order, on later turns; kits and timers work inside; terminate ends it with exit 0', async () => {
    expect(app.crash).toBeUndefined();
    app.evaluate(`globalThis.w = make('entry/ets/workers/Echo.ets', 'echo');
      w.postMessage({ n: 21, at: new Date(0), map: new Map([['a', 1], ['b', 2]]), obj: new (class K { constructor() { this.x = 1; } })() });
      w.postMessage('timer'); w.postMessage('reach'); w.postMessage('fn'); log.push('posted');`);
    await logged(5);
    expect(await log()).toEqual(['posted', JSON.stringify({ n: 42, at: true, map: 'ab', proto: true, uuid: 36 }), 'undefined,undefined,undefined,nofetch,undefined', 'fn:10200006', 'tick:echo']);
    expect(app.evaluate(`code(() => w.postMessage(() => 1))`)).toBe('10200006');
    app.evaluate(`w.terminate(); log.push(code(() => w.postMessage(1)));`);
    expect(await log()).toEqual(['10200004', 'exit:0']);
  });

  it('workerPort.close() ends the worker; paths: the module form, @bundle, relative; unknown scripts are 10200007', async () => {
    app.evaluate(`globalThis.w2 = make('@bundle:com.example.worker/entry/ets/workers/Echo'); w2.postMessage('bye');`);
    expect(await log()).toEqual(['closing', 'exit:0']);
    expect(app.evaluate(`code(() => make('../workers/Echo.ets').terminate())`)).toBe('ok');
    expect(app.evaluate(`code(() => make('entry/ets/workers/Nope.ets'))`)).toBe('10200007');
    expect(app.evaluate(`code(() => make(42))`)).toBe('401');
    expect(app.evaluate(`code(() => new worker.Worker('entry/ets/workers/Echo.ets'))`)).toBe('10200003');
    await log();
  });

  it('an uncaught exception or an endless loop in the worker reaches onerror, ends it (exit 1) and the app keeps running', async () => {
    app.evaluate(`globalThis.c = make('entry/ets/workers/Crash.ets'); c.postMessage('throw');`);
    expect(await log()).toEqual(['error:Error: worker broke', 'exit:1']);
    expect(app.evaluate(`[lastError.type, lastError.error.name, lastError.error.message, lastError.lineno > 0].join('|')`)).toBe('ErrorEvent|Error|worker broke|true');
    app.evaluate(`globalThis.l = make('entry/ets/workers/Crash.ets'); l.postMessage('loop'); log.push('posted');`);
    const looped = await log();
    expect(looped[0]).toBe('posted');
    expect(looped[1]).toMatch(/^error:WATCHDOG: app code ran longer than 1000 ms/);
    expect(looped[2]).toBe('exit:1');
    app.evaluate(`make('entry/ets/workers/BadStart.ets')`);
    expect(await log()).toEqual(['error:TypeError: cannot start', 'exit:1']);
    expect(app.crash).toBeUndefined();
    expect(app.evaluate('1 + 1')).toBe(2);
  });
});
