import { describe, expect, it } from 'vitest';
import { launchSource, page } from './helpers.js';

/** A host-realm kit in the shape of the distributed kits: a namespace with constants, a factory, a class and events. */
function hostKvKit() {
  class Store {
    private data = new Map<string, unknown>();
    private listeners: ((key: string) => void)[] = [];
    put(key: string, value: unknown): Promise<void> { this.data.set(key, value); setTimeout(() => this.listeners.forEach((l) => l(key)), 1); return Promise.resolve(); }
    get(key: string): Promise<unknown> {
      return this.data.has(key) ? Promise.resolve(this.data.get(key)) : Promise.reject(Object.assign(new Error('not found'), { code: 15100004 }));
    }
    on(_event: string, cb: (key: string) => void): void { this.listeners.push(cb); }
    bytes(): Uint8Array { return new Uint8Array([1, 2, 3]); }
  }
  return {
    SecurityLevel: { S1: 1, S2: 2 },
    createKVManager: (config: { bundleName: string }) => ({ bundleName: config.bundleName, getKVStore: (_id: string) => Promise.resolve(new Store()) }),
  };
}

describe('host kits through the membrane', () => {
  it('app code uses a host kit: constants, factories, methods, promises, errors, callbacks, bytes', async () => {
    const app = launchSource(`const { distributedKVStore } = __hmosKit("@kit.ArkData");
      const kv = __hmosKit("@ohos.data.distributedKVStore").default;
      (async () => {
        const mgr = distributedKVStore.createKVManager({ bundleName: "com.example.test" });
        const store = await mgr.getKVStore("s1");
        store.on("dataChange", (key) => console.info("changed " + key));
        await store.put("k", { n: 1, list: [1, 2] });
        const v = await store.get("k");
        console.info("level " + kv.SecurityLevel.S2 + " got " + JSON.stringify(v) + " bytes " + store.bytes().length + " " + mgr.bundleName);
        try { await store.get("missing"); } catch (e) { console.info("error " + e.code + " " + e.message); }
      })();` + page('Index', '', ''), { hostKits: { '@ohos.data.distributedKVStore': hostKvKit() } });
    for (let i = 0; i < 50 && app.logs.length < 3; i++) { await app.settle(); await new Promise((r) => setTimeout(r, 5)); }
    expect(app.crash).toBeUndefined();
    expect(app.logs.map((l) => l.message).sort()).toEqual(['changed k', 'error 15100004 not found', 'level 2 got {"n":1,"list":[1,2]} bytes 3 com.example.test'].sort());
  });

  it('host objects do not lead to the host realm', () => {
    const app = launchSource(`const kv = __hmosKit("@ohos.data.distributedKVStore").default;
      const out = [];
      for (const f of [() => kv.createKVManager.constructor("return typeof process")(), () => kv.createKVManager.constructor,
        () => kv.createKVManager({}).getKVStore.call.constructor("return typeof process")(), () => kv.__proto__.constructor.constructor("return typeof process")()]) {
        try { out.push(String(f())); } catch (e) { out.push("refused " + (e.code ?? e.name)); }
      }
      console.info(out.join("|"));` + page('Index', '', ''), { hostKits: { '@ohos.data.distributedKVStore': hostKvKit() } });
    expect(app.logs[0].message).toBe('refused 201|refused 201|undefined|undefined');
  });

  it('a kit factory gets the app context and close() runs when the app stops', () => {
    let closed = 0;
    const seen: string[] = [];
    const app = launchSource(page('Index', '', ''), { hostKits: (ctx) => { seen.push(ctx.bundleName); return { '@ohos.x': {}, close: () => { closed++; } }; } });
    app.stop();
    expect(seen).toEqual(['com.example.test']);
    expect(closed).toBe(1);
  });
});
