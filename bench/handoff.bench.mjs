// Handoff and cross-process Super Device figures.
//  - handoffMedian: two device hosts in separate processes (phone, tablet; one temp HMOS_HOME), the handoff fixture
//    app on both, a pushed page; POST /v1/devices/<src>/continue until the answer (the target has started the
//    ability and shows the restored page stack), alternating directions. Target 200 ms.
//  - kvPropagationCrossProcess: a KV put in this process until a peer device in a child process has seen the
//    dataChange and answered (round trip / 2), over the device network's sockets with the per-app MAC.
import { spawn, execFileSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { SocketNetwork, createDistributedKits } from '../dist/runtime/distributed/index.js';
import { connectorJson, hmosBin, median, percentile, root, round, startHostProcess } from './util.mjs';

/** A JSON call on a host's connector (objects are sent as JSON, Buffers as they are). */
function call(host, path, method = 'GET', body) {
  const payload = body === undefined ? undefined : Buffer.isBuffer(body) ? body : Buffer.from(JSON.stringify(body));
  return connectorJson(host.port, path, { method, token: host.token, body: payload });
}



async function retry(fn, tries = 40) {
  for (let i = 1; ; i++) {
    try {
      return await fn();
    } catch (err) {
      if (i >= tries) throw err;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

async function handoff() {
  const home = mkdtempSync(join(tmpdir(), 'hmos-bench-handoff-'));
  const app = join(home, 'handoff-app');
  cpSync(join(root, 'test', 'fixtures', 'handoff-app'), app, { recursive: true });
  execFileSync(process.execPath, [hmosBin, 'build', app], { env: { ...process.env, HMOS_HOME: home }, stdio: 'ignore' });
  const hap = readFileSync(join(app, 'entry', 'build', 'default', 'outputs', 'default', 'entry-default-signed.hap'));
  const [phone, tablet] = await Promise.all([startHostProcess(home, 'phone'), startHostProcess(home, 'tablet')]);
  const hosts = { 'phone-1': phone, 'tablet-1': tablet };
  try {
    for (const [id, h] of Object.entries(hosts)) await call(h, `/v1/devices/${id}/apps`, 'PUT', hap);
    await call(phone, '/v1/devices/phone-1/launch', 'POST', { bundleName: 'com.example.handoff' });
    const samples = [];
    let from = 'phone-1';
    for (let i = 0; i < 21; i++) {
      const to = from === 'phone-1' ? 'tablet-1' : 'phone-1';
      // The pushed page travels with every handoff, so it is pushed once.
      // (The first page may still be loading right after launch: retry the tap until it is on screen.)
      if (i === 0) await retry(() => call(hosts[from], `/v1/devices/${from}/input`, 'POST', { actions: [{ kind: 'click', selector: 'text=Open detail' }] }));
      const t0 = performance.now();
      const r = await call(hosts[from], `/v1/devices/${from}/continue`, 'POST', { to });
      const ms = performance.now() - t0;
      if (r.page !== 'pages/Detail') throw new Error(`handoff ${i} showed ${r.page}`);
      if (i > 0) samples.push(ms);
      from = to;
    }
    // Baseline: a plain launch of the same app on the tablet (what a handoff adds goes on top of this).
    const launches = [];
    for (let i = 0; i < 10; i++) {
      const t0 = performance.now();
      await call(tablet, '/v1/devices/tablet-1/launch', 'POST', { bundleName: 'com.example.handoff' });
      launches.push(performance.now() - t0);
    }
    return { samples, launches };
  } finally {
    for (const h of Object.values(hosts)) h.child.kill('SIGTERM');
  }
}

const PEER = `
import { mkdtempSync } from 'node:fs'; import { tmpdir } from 'node:os'; import { join } from 'node:path';
const { SocketNetwork, createDistributedKits } = await import(process.argv[1]);
const network = await SocketNetwork.listen({ local: { deviceId: 'tablet-1', deviceName: 'tablet-1', deviceType: 'tablet' } });
const kits = createDistributedKits({ bundleName: 'com.example.bench', signingKeyId: 'k', deviceId: 'tablet-1', deviceName: 'tablet-1', deviceType: 'tablet',
  dataDir: mkdtempSync(join(tmpdir(), 'hmos-bench-peer-')), permissions: ['ohos.permission.DISTRIBUTED_DATASYNC'], network, networkSecret: 's', log: () => {} });
const kv = kits['@ohos.data.distributedKVStore'];
const store = await kv.createKVManager({ bundleName: 'com.example.bench' }).getKVStore('x', { createIfMissing: true, autoSync: true, kvStoreType: kv.KVStoreType.SINGLE_VERSION, securityLevel: kv.SecurityLevel.S1 });
store.on('dataChange', kv.SubscribeType.SUBSCRIBE_TYPE_REMOTE, (n) => { for (const e of n.insertEntries) if (e.key.startsWith('ping')) store.put('pong' + e.key.slice(4), 1); });
process.stdout.write(network.port + '\\n');
`;

async function crossProcessKv() {
  const child = spawn(process.execPath, ['--input-type=module', '-e', PEER, join(root, 'dist', 'runtime', 'distributed', 'index.js')], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise((resolve) => child.stdout.once('data', (b) => resolve(Number(String(b).trim()))));
  const network = await SocketNetwork.listen({ local: { deviceId: 'phone-1', deviceName: 'phone-1', deviceType: 'phone' } });
  const kits = createDistributedKits({ bundleName: 'com.example.bench', signingKeyId: 'k', deviceId: 'phone-1', deviceName: 'phone-1', deviceType: 'phone',
    dataDir: mkdtempSync(join(tmpdir(), 'hmos-bench-kv-')), permissions: ['ohos.permission.DISTRIBUTED_DATASYNC'], network, networkSecret: 's', log: () => {} });
  try {
    await network.connect(port);
    const kv = kits['@ohos.data.distributedKVStore'];
    const store = await kv.createKVManager({ bundleName: 'com.example.bench' }).getKVStore('x', { createIfMissing: true, autoSync: true, kvStoreType: kv.KVStoreType.SINGLE_VERSION, securityLevel: kv.SecurityLevel.S1 });
    let waiting;
    store.on('dataChange', kv.SubscribeType.SUBSCRIBE_TYPE_REMOTE, (n) => { for (const e of n.insertEntries) if (e.key.startsWith('pong')) waiting?.(e.key.slice(4)); });
    await new Promise((r) => setTimeout(r, 100));
    const samples = [];
    for (let i = 0; i < 120; i++) {
      const t0 = performance.now();
      await new Promise((resolve) => { waiting = (k) => { if (k === String(i)) resolve(); }; store.put(`ping${i}`, i); });
      if (i >= 20) samples.push((performance.now() - t0) / 2);
    }
    return samples;
  } finally {
    kits.close(); network.close(); child.kill();
  }
}

export async function bench() {
  const { samples: h, launches } = await handoff();
  const kv = await crossProcessKv();
  return {
    handoffMedian: { median: round(median(h)), p95: round(percentile(h, 95)), target: 200, unit: 'ms', runs: h.length, ok: median(h) <= 200,
      baseline: { what: 'POST launch of the same app on the target (no handoff)', median: round(median(launches)) },
      what: 'POST continue until the target host shows the restored page stack (two host processes, pushed page, source exits)' },
    kvPropagationCrossProcess: { median: round(median(kv)), p95: round(percentile(kv, 95)), target: 50, unit: 'ms', runs: kv.length, ok: percentile(kv, 95) <= 50,
      what: 'KV put until a device in another process saw dataChange (round trip / 2, authenticated channel)' },
  };
}
