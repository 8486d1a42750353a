import { existsSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {MemoryHub, memoryDevices, storeOptions, tick, until } from '../../helpers/superdevice.js';

const dev = memoryDevices();

async function codeOf(p: unknown): Promise<number | undefined> {
  try {
    await (typeof p === 'function' ? (p as () => unknown)() : p);
  } catch (e) {
    return (e as { code?: number }).code;
  }
  return undefined;
}

describe('distributedKVStore (local)', () => {
  it('puts, gets, deletes, lists by prefix and batches; errors carry reference codes', async () => {
    const a = dev(new MemoryHub(), 'A');
    const mgr = a.kv.createKVManager({ context: {}, bundleName: 'com.example.notes' });
    const store = await mgr.getKVStore('notes', storeOptions());
    await store.put('note:1', 'hello');
    await store.put('note:2', 42);
    await store.put('flag', true);
    await store.put('bytes', new Uint8Array([1, 2, 3]));
    expect(await store.get('note:1')).toBe('hello');
    expect(await store.get('note:2')).toBe(42);
    expect(await store.get('bytes')).toEqual(new Uint8Array([1, 2, 3]));
    expect((await store.getEntries('note:')).map((e: any) => [e.key, e.value.value])).toEqual([['note:1', 'hello'], ['note:2', 42]]);
    await store.putBatch([{ key: 'b1', value: { type: 0, value: 'x' } }, { key: 'b2', value: { type: 0, value: 'y' } }]);
    await store.deleteBatch(['b1', 'note:1']);
    expect(await codeOf(store.get('note:1'))).toBe(15100004);
    expect((await store.getEntries('b')).map((e: any) => e.key)).toEqual(['b2', 'bytes']);
    expect(await codeOf(() => store.put('', 'x'))).toBe(401);
    expect(await codeOf(() => store.put('k', { no: 1 }))).toBe(401);
    expect(await codeOf(() => mgr.getKVStore('bad id!', storeOptions()))).toBe(401);
    expect(await codeOf(() => mgr.getKVStore('x', { createIfMissing: true }))).toBe(401);
    expect(await codeOf(mgr.getKVStore('missing', storeOptions({ createIfMissing: false })))).toBe(15100004);
    await mgr.closeKVStore('com.example.notes', 'notes');
    expect(await codeOf(() => store.get('flag'))).toBe(15100005);
  });

  it('supports the callback form', async () => {
    const a = dev(new MemoryHub(), 'A');
    const mgr = a.kv.createKVManager({ context: {}, bundleName: 'com.example.notes' });
    const store: any = await new Promise((res, rej) => mgr.getKVStore('cb', storeOptions(), (e: unknown, s: unknown) => (e ? rej(e) : res(s))));
    await new Promise<void>((res, rej) => store.put('k', 'v', (e: unknown) => (e ? rej(e) : res())));
    const err: any = await new Promise((res) => store.get('nope', (e: unknown) => res(e)));
    expect(err.code).toBe(15100004);
  });

  it('persists atomically per device and survives a reopen; a corrupt file is error 15100003', async () => {
    const hub = new MemoryHub();
    const a = dev(hub, 'A');
    const mgr = a.kv.createKVManager({ context: {}, bundleName: 'com.example.notes' });
    const store = await mgr.getKVStore('persist', storeOptions());
    await store.put('k', 'v1');
    await store.delete('k');
    await store.put('k2', 'v2');
    const file = join(a.dataDir, 'distributedkv', 'persist.json');
    expect(JSON.parse(readFileSync(file, 'utf8')).records.length).toBe(2);
    await mgr.closeKVStore('com.example.notes', 'persist');
    const again = await mgr.getKVStore('persist', storeOptions());
    expect(await again.get('k2')).toBe('v2');
    expect(await codeOf(again.get('k'))).toBe(15100004);
    mkdirSync(join(a.dataDir, 'distributedkv'), { recursive: true });
    writeFileSync(join(a.dataDir, 'distributedkv', 'broken.json'), '{not json');
    expect(await codeOf(mgr.getKVStore('broken', storeOptions()))).toBe(15100003);
    void again.put('late', 'write');
    await mgr.deleteKVStore('com.example.notes', 'persist');
    await tick();
    expect(existsSync(file)).toBe(false);
    expect(await codeOf(mgr.deleteKVStore('com.example.notes', 'persist'))).toBe(15100004);
  });

  it('encrypt: true seals the file; it reopens with its key and is corrupt (15100003) without it', async () => {
    const a = dev(new MemoryHub(), 'A');
    const mgr = a.kv.createKVManager({ context: {}, bundleName: 'com.example.notes' });
    const store = await mgr.getKVStore('secret', storeOptions({ encrypt: true }));
    await store.put('pin', 'swordfish-1234');
    await mgr.closeKVStore('com.example.notes', 'secret');
    const file = join(a.dataDir, 'distributedkv', 'secret.json');
    expect(readFileSync(file, 'utf8')).not.toContain('swordfish');
    expect(JSON.parse(readFileSync(file, 'utf8')).format).toBe('hmos-kv-sealed/1');
    const again = await mgr.getKVStore('secret', storeOptions());
    expect(await again.get('pin')).toBe('swordfish-1234');
    await mgr.closeKVStore('com.example.notes', 'secret');
    expect(readFileSync(file, 'utf8')).not.toContain('swordfish');
    rmSync(join(a.dataDir, 'distributedkv', 'secret.key'));
    expect(await codeOf(mgr.getKVStore('secret', storeOptions({ encrypt: true })))).toBe(15100003);
  });

  it('transactions apply on commit and vanish on rollback', async () => {
    const a = dev(new MemoryHub(), 'A');
    const store = await a.kv.createKVManager({ context: {}, bundleName: 'com.example.notes' }).getKVStore('tx', storeOptions());
    await store.startTransaction();
    await store.put('a', 1);
    expect(await codeOf(store.get('a'))).toBe(15100004);
    await store.commit();
    expect(await store.get('a')).toBe(1);
    await store.startTransaction();
    await store.put('b', 2);
    await store.rollback();
    expect(await codeOf(store.get('b'))).toBe(15100004);
  });

  it('reports local changes to LOCAL and ALL subscribers', async () => {
    const a = dev(new MemoryHub(), 'A');
    const store = await a.kv.createKVManager({ context: {}, bundleName: 'com.example.notes' }).getKVStore('s', storeOptions());
    const local: any[] = [];
    const remote: any[] = [];
    store.on('dataChange', a.kv.SubscribeType.SUBSCRIBE_TYPE_LOCAL, (n: any) => local.push(n));
    store.on('dataChange', a.kv.SubscribeType.SUBSCRIBE_TYPE_REMOTE, (n: any) => remote.push(n));
    await store.put('k', 'v');
    await store.put('k', 'w');
    await store.delete('k');
    expect(local.map((n) => [n.insertEntries.length, n.updateEntries.length, n.deleteEntries.length])).toEqual([[1, 0, 0], [0, 1, 0], [0, 0, 1]]);
    expect(local[0].deviceId).toBe('A');
    expect(remote).toEqual([]);
  });
});

describe('distributedKVStore (sync between devices)', () => {
  it('autoSync carries a write to the other device, reported as a remote change', async () => {
    const hub = new MemoryHub();
    const a = dev(hub, 'A');
    const b = dev(hub, 'B');
    await tick();
    const sa = await a.kv.createKVManager({ context: {}, bundleName: 'com.example.notes' }).getKVStore('s', storeOptions({ autoSync: true }));
    const sb = await b.kv.createKVManager({ context: {}, bundleName: 'com.example.notes' }).getKVStore('s', storeOptions({ autoSync: true }));
    const seen: any[] = [];
    sb.on('dataChange', b.kv.SubscribeType.SUBSCRIBE_TYPE_REMOTE, (n: any) => seen.push(n));
    await sa.put('title', 'Shopping');
    await until(() => seen.length > 0);
    expect(seen[0].deviceId).toBe('A');
    expect(seen[0].insertEntries[0]).toEqual({ key: 'title', value: { type: 0, value: 'Shopping' } });
    expect(await sb.get('title')).toBe('Shopping');
  });

  it('sync(PULL_ONLY / PUSH_ONLY / PUSH_PULL) moves data and reports syncComplete', async () => {
    const hub = new MemoryHub();
    const a = dev(hub, 'A');
    const b = dev(hub, 'B');
    await tick();
    const sa = await a.kv.createKVManager({ context: {}, bundleName: 'com.example.notes' }).getKVStore('s', storeOptions());
    const sb = await b.kv.createKVManager({ context: {}, bundleName: 'com.example.notes' }).getKVStore('s', storeOptions());
    await sa.put('a', 'from A');
    await sb.put('b', 'from B');
    const done: any[] = [];
    sa.on('syncComplete', (r: any) => done.push(r));
    sa.sync(['B'], a.kv.SyncMode.PULL_ONLY);
    await until(() => done.length === 1);
    expect(done[0]).toEqual([['B', 0]]);
    expect(await sa.get('b')).toBe('from B');
    expect(await codeOf(sb.get('a'))).toBe(15100004);
    sa.sync(['B'], a.kv.SyncMode.PUSH_ONLY);
    await until(() => done.length === 2);
    expect(await sb.get('a')).toBe('from A');
    await sb.delete('b');
    sa.sync(['B'], a.kv.SyncMode.PUSH_PULL, 10);
    await until(() => done.length === 3);
    expect(await codeOf(sa.get('b'))).toBe(15100004);
    sa.sync(['nobody'], a.kv.SyncMode.PUSH_PULL);
    await until(() => done.length === 4);
    expect(done[3]).toEqual([['nobody', 1]]);
  });

  it('without DISTRIBUTED_DATASYNC, local use works but sync fails with 201', async () => {
    const hub = new MemoryHub();
    const a = dev(hub, 'A', { permissions: [] });
    const store = await a.kv.createKVManager({ context: {}, bundleName: 'com.example.notes' }).getKVStore('s', storeOptions());
    await store.put('k', 'v');
    expect(await codeOf(() => store.sync(['B'], 2))).toBe(201);
  });

  it('a device-collaboration store keeps each device in its own key space', async () => {
    const hub = new MemoryHub();
    const a = dev(hub, 'A');
    const b = dev(hub, 'B');
    await tick();
    const opts = storeOptions({ kvStoreType: 0, autoSync: true });
    const sa = await a.kv.createKVManager({ context: {}, bundleName: 'com.example.notes' }).getKVStore('d', opts);
    const sb = await b.kv.createKVManager({ context: {}, bundleName: 'com.example.notes' }).getKVStore('d', opts);
    await sa.put('step', 'A-1');
    await sb.put('step', 'B-1');
    await until(async () => (await codeOf(sb.get('A', 'step'))) === undefined && (await codeOf(sa.get('B', 'step'))) === undefined);
    expect(await sa.get('step')).toBe('A-1');
    expect(await sa.get('B', 'step')).toBe('B-1');
    expect(await sb.get('A', 'step')).toBe('A-1');
    expect((await sb.getEntries('A', '')).map((e: any) => e.key)).toEqual(['step']);
  });

  it('concurrent writes on skewed clocks converge to the same last writer everywhere', async () => {
    const hub = new MemoryHub();
    const a = dev(hub, 'A', { clock: () => Date.now() + 3_600_000 });
    const b = dev(hub, 'B', { clock: () => Date.now() - 3_600_000 });
    await tick();
    const sa = await a.kv.createKVManager({ context: {}, bundleName: 'com.example.notes' }).getKVStore('s', storeOptions());
    const sb = await b.kv.createKVManager({ context: {}, bundleName: 'com.example.notes' }).getKVStore('s', storeOptions());
    await sa.put('k', 'a-first');
    await sb.put('k', 'b-later-but-slow-clock');
    const done: any[] = [];
    sa.on('syncComplete', (r: any) => done.push(r));
    sa.sync(['B'], 2);
    await until(() => done.length === 1);
    expect(await sa.get('k')).toBe(await sb.get('k'));
    // After B has seen A's clock, B's next write orders after A's: causality holds despite the skew.
    await sb.put('k', 'b-after-seeing-a');
    sa.sync(['B'], 2);
    await until(() => done.length === 2);
    expect(await sa.get('k')).toBe('b-after-seeing-a');
  });

  it('a device that was away catches up when it returns (only what it missed)', async () => {
    const hub = new MemoryHub();
    const a = dev(hub, 'A');
    const b = dev(hub, 'B');
    await tick();
    const opts = storeOptions({ autoSync: true });
    const sa = await a.kv.createKVManager({ context: {}, bundleName: 'com.example.notes' }).getKVStore('s', opts);
    const mb = b.kv.createKVManager({ context: {}, bundleName: 'com.example.notes' });
    let sb = await mb.getKVStore('s', opts);
    await sa.put('k1', 'v1');
    for (let i = 0; i < 20; i++) await sa.put(`bulk${i}`, i);
    await until(async () => (await codeOf(sb.get('bulk19'))) === undefined);
    await tick();
    await mb.closeKVStore('com.example.notes', 's');
    hub.partition('A', 'B');
    await sa.put('k2', 'v2');
    await sa.delete('k1');
    // B comes back (a new store instance, read from its file): the exchange carries only the 2 changes it missed
    // (each side may send them once: A's push and B's pull run at the same time), not the 23 records of the store.
    sb = await mb.getKVStore('s', opts);
    hub.heal('A', 'B');
    await until(async () => (await codeOf(sb.get('k2'))) === undefined, 30_000, 'k2 on B');
    await until(async () => (await codeOf(sb.get('k1'))) === 15100004, 30_000, 'k1 deleted on B');
    await new Promise((r) => setTimeout(r, 20));
    expect(sb.core.stats.recordsReceived).toBeGreaterThanOrEqual(2);
    expect(sb.core.stats.recordsReceived).toBeLessThanOrEqual(4);
  });

  it('a peer gone mid-sync fails that peer only, without waiting for the timeout', async () => {
    const hub = new MemoryHub();
    const a = dev(hub, 'A', { syncTimeoutMs: 10_000 });
    const b = dev(hub, 'B');
    const c = dev(hub, 'C');
    await tick();
    const sa = await a.kv.createKVManager({ context: {}, bundleName: 'com.example.notes' }).getKVStore('s', storeOptions());
    await b.kv.createKVManager({ context: {}, bundleName: 'com.example.notes' }).getKVStore('s', storeOptions());
    await c.kv.createKVManager({ context: {}, bundleName: 'com.example.notes' }).getKVStore('s', storeOptions());
    await sa.put('k', 'v');
    const done: any[] = [];
    sa.on('syncComplete', (r: any) => done.push(r));
    const t0 = Date.now();
    sa.sync(['B', 'C'], 2);
    hub.partition('A', 'C');
    await until(() => done.length === 1);
    expect(done[0]).toEqual([['B', 0], ['C', 1]]);
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it('a peer without the store open refuses at once; a peer where the app does not run times out', async () => {
    const hub = new MemoryHub();
    const a = dev(hub, 'A', { syncTimeoutMs: 300 });
    dev(hub, 'B');
    const bare = hub.join({ deviceId: 'N', deviceName: 'n', deviceType: 'tv' });
    await tick();
    const sa = await a.kv.createKVManager({ context: {}, bundleName: 'com.example.notes' }).getKVStore('s', storeOptions());
    const t0 = Date.now();
    expect(await sa.core.syncWith(['B'], 2)).toEqual([['B', 1]]);
    expect(Date.now() - t0).toBeLessThan(250);
    expect(a.logs.some((l) => l.includes("B cannot sync 's' (not-open)"))).toBe(true);
    expect(await sa.core.syncWith(['N'], 0)).toEqual([['N', 1]]);
    expect(a.logs.some((l) => l.includes('timed out'))).toBe(true);
    bare.close();
  });

  it('anti-entropy: when marks lie, the digest check after PUSH_PULL repairs the pair with a full exchange', async () => {
    const hub = new MemoryHub();
    const a = dev(hub, 'A');
    const b = dev(hub, 'B');
    await tick();
    const sa = await a.kv.createKVManager({ context: {}, bundleName: 'com.example.notes' }).getKVStore('s', storeOptions());
    const sb = await b.kv.createKVManager({ context: {}, bundleName: 'com.example.notes' }).getKVStore('s', storeOptions());
    await sb.put('x', 1);
    expect(await sa.core.syncWith(['B'], 2)).toEqual([['B', 0]]);
    await sb.put('y', 2);
    // Pretend A already holds everything B will ever write (as a store restored from an old backup might).
    sa.core.replica.received.set(sb.core.replica.replicaId, 1_000_000);
    expect(await sa.core.syncWith(['B'], 0)).toEqual([['B', 0]]);
    expect(await codeOf(sa.get('y'))).toBe(15100004);
    expect(await sa.core.syncWith(['B'], 2)).toEqual([['B', 0]]);
    expect(await sa.get('y')).toBe(2);
    expect(sa.core.replica.digest()).toBe(sb.core.replica.digest());
    expect(a.logs.some((l) => l.includes('full exchange'))).toBe(true);
  });
});
