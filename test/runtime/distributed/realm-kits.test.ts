// The Super Device kits across a strings-only realm boundary, as the runtime runs app code: realm-kits.ts evaluated
// from source inside a vm context, host-bridge.ts answering its host ops.
import vm from 'node:vm';
import { afterEach, describe, expect, it } from 'vitest';
import { DistributedHostBridge } from '../../../src/runtime/distributed/host-bridge.js';
import { DISTRIBUTED_KIT_CONSTANTS, installDistributedKits } from '../../../src/runtime/distributed/realm-kits.js';
import { MemoryHub, memoryDevice, tick, until, type TestDevice } from '../../helpers/superdevice.js';

// A minimal stand-in for the runtime's realm plumbing (call / registerKit).
const MINI_RUNTIME = `(function (host) {
  const g = globalThis;
  const call = (op, data) => {
    const out = JSON.parse(host(op, data === undefined ? '' : JSON.stringify(data)));
    if (out.error) { const e = new Error(out.error.message); e.code = out.error.code; throw e; }
    return out.value;
  };
  const kits = new Map();
  g.__rt = { call, registerKit: (spec, ns) => kits.set(spec, ns) };
  g.__hmosKit = (spec) => kits.get(spec);
})`;

interface Realm {
  run(code: string): unknown;
  device: TestDevice;
}

function realmFor(device: TestDevice): Realm {
  const ctx = vm.createContext(Object.create(null));
  const enter = (code: string, req: unknown) => {
    ctx.__req = JSON.stringify(req);
    vm.runInContext(code, ctx);
  };
  const bridge = new DistributedHostBridge(device.kits,
    (sub, args) => enter('(r => __rt.distributedEvent(r.sub, r.args))(JSON.parse(__req))', { sub, args }));
  const host = (op: string, payload: string): string => {
    try {
      return JSON.stringify({ value: bridge.handle(op, payload ? JSON.parse(payload) : undefined) });
    } catch (e) {
      const err = e as { message?: string; code?: unknown };
      return JSON.stringify({ error: { message: String(err.message), code: err.code ?? 13900020 } });
    }
  };
  (vm.runInContext(MINI_RUNTIME, ctx) as (h: typeof host) => void)(host);
  vm.runInContext(`(${installDistributedKits.toString()})(globalThis, ${JSON.stringify(DISTRIBUTED_KIT_CONSTANTS)})`, ctx);
  return { device, run: (code) => JSON.parse(vm.runInContext(`JSON.stringify((() => { ${code} })())`, ctx) ?? 'null') };
}

const opened: TestDevice[] = [];
afterEach(() => {
  for (const d of opened.splice(0)) {
    d.kits.close();
    d.network.close();
  }
});

describe('Super Device kits inside an app realm', () => {
  it('KV store: put on one device, dataChange and get on the other; errors keep their codes', async () => {
    const hub = new MemoryHub();
    const a = realmFor(memoryDevice(hub, 'A'));
    const b = realmFor(memoryDevice(hub, 'B'));
    opened.push(a.device, b.device);
    await tick();
    const open = `
      const kv = __hmosKit('@ohos.data.distributedKVStore');
      globalThis.events = []; globalThis.results = {};
      kv.createKVManager({ context: {}, bundleName: 'com.example.notes' })
        .getKVStore('s', { createIfMissing: true, autoSync: true, kvStoreType: kv.KVStoreType.SINGLE_VERSION, securityLevel: kv.SecurityLevel.S1 })
        .then((s) => { globalThis.store = s; s.on('dataChange', kv.SubscribeType.SUBSCRIBE_TYPE_REMOTE, (n) => events.push(n)); });`;
    a.run(open);
    b.run(open);
    await until(() => a.run('return !!globalThis.store') === true && b.run('return !!globalThis.store') === true);
    a.run(`store.put('title', 'Shopping'); store.put('blob', new Uint8Array([7, 8]));`);
    await until(() => (b.run('return events.length') as number) >= 1);
    expect(b.run('return events[0].insertEntries[0]')).toEqual({ key: 'title', value: { type: 0, value: 'Shopping' } });
    b.run(`store.get('blob').then((v) => { results.blob = v instanceof Uint8Array ? Array.from(v) : 'not bytes'; });
      store.get('missing').catch((e) => { results.missing = e.code; });
      try { store.put('', 'x'); } catch (e) { results.sync = e.code; }
      results.escape = (() => { try { return store.put.constructor('return typeof process')(); } catch (e) { return 'threw'; } })();`);
    await until(() => (b.run('return Object.keys(results).length') as number) === 4);
    expect(b.run('return results')).toEqual({ blob: [7, 8], missing: 15100004, sync: 401, escape: 'undefined' });
  });

  it('data objects and the device manager work through the bridge', async () => {
    const hub = new MemoryHub();
    const a = realmFor(memoryDevice(hub, 'A'));
    const b = realmFor(memoryDevice(hub, 'B'));
    opened.push(a.device, b.device);
    await tick();
    expect(a.run(`const dm = __hmosKit('@ohos.distributedDeviceManager').createDeviceManager('com.example.notes');
      return dm.getAvailableDeviceListSync().map((d) => d.networkId);`)).toEqual(['B']);
    a.run(`const o = __hmosKit('@ohos.data.distributedDataObject').create({}, { title: 'draft' });
      globalThis.o = o; o.setSessionId('s1');`);
    b.run(`const o = __hmosKit('@ohos.data.distributedDataObject').create({}, { title: undefined });
      globalThis.o = o; globalThis.seen = [];
      o.on('change', (sid, fields) => seen.push(sid + ':' + fields.join(',')));
      o.on('status', (sid, nid, st) => seen.push(nid + ':' + st));
      o.setSessionId('s1');`);
    await until(() => b.run('return o.title') === 'draft', 30_000, 'draft on B');
    a.run(`o.title = 'final';`);
    await until(() => b.run('return o.title') === 'final', 30_000, 'final on B');
    expect(b.run('return seen')).toEqual(expect.arrayContaining(['s1:title', 'A:online']));
  });
});

describe('DistributedHostBridge', () => {
  it('never re-enters the realm from inside a host op: events are delivered on a later turn', async () => {
    const device = memoryDevice(new MemoryHub(), 'A');
    opened.push(device);
    let insideOp = false;
    const seen: Array<{ sub: number; args: any[]; insideOp: boolean }> = [];
    const bridge = new DistributedHostBridge(device.kits, (sub, args) => seen.push({ sub, args, insideOp }));
    const m = bridge.handle('sd.kv.createManager', { bundleName: 'com.example.notes' });
    bridge.handle('sd.kv.getStore', { m, storeId: 's', options: { createIfMissing: true, kvStoreType: 1, securityLevel: 2 }, asyncId: 1 });
    await until(() => seen.length === 1);
    expect(seen[0]!.sub).toBe(0);
    const h = seen[0]!.args[1].h as number;
    bridge.handle('sd.kv.on', { h, event: 'dataChange', type: 0, sub: 7 });
    insideOp = true;
    bridge.handle('sd.kv.call', { h, method: 'put', args: ['k', { __u8: [1, 2] }], asyncId: 2 });
    insideOp = false;
    await until(() => seen.length === 3);
    expect(seen.every((e) => !e.insideOp)).toBe(true);
    const change = seen.find((e) => e.sub === 7)!;
    expect(change.args[0].insertEntries[0].value.value).toEqual({ __u8: [1, 2] });
    expect(() => bridge.handle('sd.kv.call', { h: 99, method: 'put', args: ['k', 'v'], asyncId: 3 })).toThrow(expect.objectContaining({ code: 401 }));
    expect(() => bridge.handle('sd.kv.call', { h, method: 'constructor', args: [] })).toThrow(/unknown method/);
  });
});
