// Super Device figures over real sockets on 127.0.0.1: KV change propagation to 3 peers (p95) and the initial sync
// of 10,000 keys to a fresh device, with the raw socket round trip as the baseline.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SocketNetwork, createDistributedKits } from '../dist/runtime/distributed/index.js';
import { median, percentile, round } from './util.mjs';

const PERM = 'ohos.permission.DISTRIBUTED_DATASYNC';
const BUNDLE = 'com.example.bench';

async function device(id) {
  const network = await SocketNetwork.listen({ local: { deviceId: id, deviceName: id, deviceType: 'phone' } });
  const kits = createDistributedKits({ bundleName: BUNDLE, signingKeyId: 'bench-key', deviceId: id, deviceName: id, deviceType: 'phone',
    dataDir: mkdtempSync(join(tmpdir(), `hmos-bench-${id}-`)), permissions: [PERM], network, log: () => {}, syncTimeoutMs: 10_000 });
  const kv = kits['@ohos.data.distributedKVStore'];
  return { id, network, kits, kv, manager: kv.createKVManager({ context: {}, bundleName: BUNDLE }) };
}

async function mesh(devices) {
  for (let i = 0; i < devices.length; i++) {
    for (let j = i + 1; j < devices.length; j++) await devices[i].network.connect(devices[j].network.port);
  }
  await new Promise((r) => setTimeout(r, 50));
}

const close = (ds) => ds.forEach((d) => { d.kits.close(); d.network.close(); });
const opts = (kv, autoSync) => ({ createIfMissing: true, autoSync, kvStoreType: kv.KVStoreType.SINGLE_VERSION, securityLevel: kv.SecurityLevel.S1 });

async function propagation() {
  const ds = await Promise.all(['p0', 'p1', 'p2', 'p3'].map(device));
  await mesh(ds);
  const stores = await Promise.all(ds.map((d) => d.manager.getKVStore('prop', opts(d.kv, true))));
  let waiting;
  stores.forEach((s, i) => s.on('dataChange', ds[i].kv.SubscribeType.SUBSCRIBE_TYPE_REMOTE, (n) => waiting?.(i, n)));
  const samples = [];
  for (let n = 0; n < 220; n++) {
    const writer = n % 4;
    const key = `k${n}`;
    const t0 = performance.now();
    await new Promise((resolve) => {
      const got = new Set();
      waiting = (i, note) => {
        if (note.insertEntries.some((e) => e.key === key)) got.add(i);
        if (got.size === 3) resolve();
      };
      void stores[writer].put(key, `value ${n}`);
    });
    if (n >= 20) samples.push(performance.now() - t0); // the first writes warm up JIT and sockets
  }
  close(ds);
  return samples;
}

async function initialSync() {
  const src = await device('src');
  const store = await src.manager.getKVStore('big', opts(src.kv, false));
  for (let i = 0; i < 10_000; i += 500) {
    await store.putBatch(Array.from({ length: 500 }, (_, j) => ({ key: `key-${i + j}`, value: { type: 0, value: `value number ${i + j}` } })));
  }
  const samples = [];
  for (let run = 0; run < 6; run++) {
    const dst = await device(`dst${run}`);
    const fresh = await dst.manager.getKVStore('big', opts(dst.kv, false));
    await mesh([src, dst]);
    const t0 = performance.now();
    const [[, status]] = await fresh.core.syncWith([src.id], dst.kv.SyncMode.PULL_ONLY);
    const ms = performance.now() - t0;
    if (status !== 0 || (await fresh.getEntries('key-')).length !== 10_000) throw new Error('initial sync incomplete');
    if (run > 0) samples.push(ms);
    close([dst]);
  }
  close([src]);
  return samples;
}

async function rawRoundTrip() {
  const a = await SocketNetwork.listen({ local: { deviceId: 'ra', deviceName: 'ra', deviceType: 'phone' } });
  const b = await SocketNetwork.listen({ local: { deviceId: 'rb', deviceName: 'rb', deviceType: 'phone' } });
  await a.connect(b.port);
  await new Promise((r) => setTimeout(r, 20));
  b.onMessage((from, bytes) => b.send(from, bytes));
  let back;
  a.onMessage(() => back?.());
  const samples = [];
  const payload = new TextEncoder().encode(JSON.stringify({ type: 'ping', key: 'k', value: 'v' }));
  for (let i = 0; i < 220; i++) {
    const t0 = performance.now();
    await new Promise((resolve) => { back = resolve; a.send('rb', payload); });
    if (i >= 20) samples.push(performance.now() - t0);
  }
  a.close();
  b.close();
  return samples;
}

export async function bench() {
  const raw = await rawRoundTrip();
  const prop = await propagation();
  const sync = await initialSync();
  const baseline = { what: 'raw 127.0.0.1 socket round trip (SocketNetwork, no auth/sync)', median: round(median(raw)), p95: round(percentile(raw, 95)) };
  return {
    kvPropagation4DevicesP95: {
      median: round(median(prop)), p95: round(percentile(prop, 95)), target: 50, unit: 'ms', runs: prop.length,
      ok: percentile(prop, 95) <= 50, what: 'put on one of 4 devices until all 3 peers saw dataChange', baseline,
    },
    kvInitialSync10k: {
      median: round(median(sync)), target: 1000, unit: 'ms', runs: sync.length, ok: median(sync) <= 1000,
      what: 'PULL_ONLY sync of 10,000 keys into a fresh device', baseline,
    },
  };
}
