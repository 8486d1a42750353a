import { describe, expect, it } from 'vitest';
import { MemoryHub, memoryDevice, until } from '../helpers/superdevice.js';
import { distributedExtension } from '../../src/runtime/distributed-extension.js';
import { launchSource, page } from './helpers.js';

describe('Super Device kits on runtime devices', () => {
  it('an app on device A writes a KV entry that the same app on device B sees (kits wired as a realm extension)', async () => {
    const hub = new MemoryHub();
    const code = `const { distributedKVStore } = __hmosKit("@kit.ArkData");
      globalThis.seen = [];
      distributedKVStore.createKVManager({ context: {}, bundleName: "com.example.notes" })
        .getKVStore("s", { createIfMissing: true, autoSync: true, kvStoreType: distributedKVStore.KVStoreType.SINGLE_VERSION, securityLevel: distributedKVStore.SecurityLevel.S1 })
        .then((s) => { globalThis.store = s; s.on("dataChange", distributedKVStore.SubscribeType.SUBSCRIBE_TYPE_REMOTE, (n) => { seen.push(n.insertEntries[0].value.value); console.info("got " + n.insertEntries[0].value.value); }); });` + page('Index', '', '');
    const devA = memoryDevice(hub, 'A');
    const devB = memoryDevice(hub, 'B');
    const a = launchSource(code, { extensions: [distributedExtension(devA.kits)] });
    const b = launchSource(code, { extensions: [distributedExtension(devB.kits)] });
    try {
      await until(async () => { await a.settle(); await b.settle(); return a.evaluate('!!globalThis.store') === true && b.evaluate('!!globalThis.store') === true; });
      a.evaluate('store.put("title", "Shopping")');
      await until(async () => { await b.settle(); return b.logs.some((l) => l.message === 'got Shopping'); });
      expect(a.crash).toBeUndefined();
      expect(b.crash).toBeUndefined();
    } finally {
      a.stop(); b.stop();
    }
  });
});
