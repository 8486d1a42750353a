// The long fuzz run of #12 (the short one is test/fuzz/fuzz.test.ts in `npm test`):
//   npm run fuzz -- [--runs 20000] [--requests 5000] [--seed 1] [--workers 2]
// 1. `--runs` mutants of .ets sources and of every config file of a project made by `hmos create`, built with the real
//    compiler on worker threads (a deadline per mutant; 1 in 100 also through the CLI): no internal error (exit 2), no
//    hang, every error at file:line:col.
// 2. `--requests` connector requests against a real device host: random and malformed requests, raw garbage, slow
//    clients (headers or body trickled, silent sockets, clients that never read), hostile uploads (zip bombs, HAPs
//    whose headers lie, deep JSON): no 500, no crash, every connection closed within its deadline, the host serving
//    well-formed requests throughout and its installed apps unchanged.
// Prints one JSON object of figures (also written to $TMPDIR/hmos-fuzz-report.json); failures are saved to replay under
// $TMPDIR/hmos-fuzz-failures. Exits 1 when anything was found.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { connect } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { deflateRawSync } from 'node:zlib';
import fc from 'fast-check';
import { mutants } from '../test/fuzz/mutate.mjs';
import { runFuzz } from '../test/fuzz/harness.mjs';

const repoRoot = join(fileURLToPath(import.meta.url), '..', '..');
const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
};
const RUNS = arg('runs', 20_000);
const REQUESTS = arg('requests', 5_000);
const SEED = arg('seed', 1);
const WORKERS = arg('workers', 2);

const scratch = mkdtempSync(join(tmpdir(), 'hmos-fuzz-run-'));
const home = join(scratch, 'home');
// (HMOS_DAEMON=0: the scratch state folder would keep a build daemon)
const hmos = (...args) => execFileSync(process.execPath, [join(repoRoot, 'bin', 'hmos.js'), ...args], { env: { ...process.env, HMOS_HOME: home, NO_COLOR: '1', HMOS_DAEMON: '0' }, stdio: 'pipe' });
const projectDir = join(scratch, 'App');
hmos('create', projectDir, '--template', 'app');
const report = { seed: SEED };

// 1. Compiler and configs.
if (RUNS > 0) {
  const list = mutants({ repoRoot, projectDir, count: RUNS, seed: SEED });
  let shown = 0;
  const stats = await runFuzz({
    repoRoot, projectDir, mutants: list, workers: WORKERS, hangMs: 60_000, cliEvery: 100,
    onProgress: (s) => {
      if (s.mutants - shown < 1000) return;
      shown = s.mutants;
      process.stderr.write(`compiler: ${s.mutants}/${RUNS} mutants, exit 2: ${s.exit2.length}, hangs: ${s.hangs.length}, unlocated: ${s.unlocated.length}\n`);
    },
  });
  report.compiler = stats;
}

// 2. The connector.
if (REQUESTS > 0) report.connector = await fuzzConnector();

rmSync(scratch, { recursive: true, force: true });
const out = JSON.stringify(report, null, 2);
writeFileSync(join(tmpdir(), 'hmos-fuzz-report.json'), out);
process.stdout.write(out + '\n');
const c = report.compiler;
const n = report.connector;
const bad = (c && (c.exit2.length || c.hangs.length || c.unlocated.length)) || (n && (n.status500 || n.notClosed || n.hostDied || n.legitFailures || n.appsChanged));
process.exit(bad ? 1 : 0);

async function fuzzConnector() {
  hmos('build', projectDir);
  const hap = readFileSync(join(projectDir, 'entry', 'build', 'default', 'outputs', 'default', 'entry-default-signed.hap'));
  const host = spawn(process.execPath, [join(repoRoot, 'dist', 'emulator', 'host', 'host-main.js'), '--devices', 'phone', '--max-hap-bytes', String(8 * 1024 * 1024)], {
    env: { ...process.env, HMOS_HOME: home }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let hostErr = '';
  host.stderr.on('data', (b) => { hostErr += b; });
  const ready = await new Promise((r) => host.stdout.once('data', (b) => r(JSON.parse(String(b).split('\n')[0]))));
  const token = JSON.parse(readFileSync(join(home, 'hosts', `${ready.pid}.json`), 'utf8')).token;
  const port = ready.port;

  const call = (path, o = {}) => new Promise((resolve) => {
    const req = request({ host: '127.0.0.1', port, path, method: o.method ?? 'GET', agent: false, headers: { ...(o.token ? { authorization: `Bearer ${o.token}` } : {}), ...o.headers } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, body: Buffer.concat(chunks) }));
      res.on('error', () => resolve({ status: res.statusCode, body: Buffer.alloc(0) }));
    });
    req.on('error', (e) => resolve({ status: `reset (${e.code})`, error: e.code }));
    req.setTimeout(30_000, () => req.destroy());
    req.end(o.body);
  });
  const put = await call('/v1/devices/phone-1/apps', { method: 'PUT', token, body: hap });
  if (put.status !== 200) throw new Error(`installing the fixture app failed: ${put.status} ${put.body}`);
  const apps = async () => JSON.stringify(JSON.parse((await call('/v1/devices/phone-1/apps', { token })).body).apps);
  const appsBefore = await apps();

  const stats = { requests: 0, byKind: {}, statuses: {}, status500: 0, notClosed: 0, legitProbes: 0, legitFailures: 0, legitSlowestMs: 0, hostDied: false, appsChanged: false, ms: 0 };
  const t0 = performance.now();
  const lyingHap = (() => {
    // One entry of 1 GiB of zeros whose headers say 100 bytes (H1 of #12), ~1 MB on the wire.
    const deflated = deflateRawSync(Buffer.alloc(1024 * 1024 * 1024 / 8), { level: 9 });
    const name = Buffer.from('resources/rawfile/big.bin');
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt16LE(8, 8);
    local.writeUInt32LE(deflated.length, 18); local.writeUInt32LE(100, 22); local.writeUInt16LE(name.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0); central.writeUInt16LE(20, 4); central.writeUInt16LE(20, 6); central.writeUInt16LE(8, 10);
    central.writeUInt32LE(deflated.length, 20); central.writeUInt32LE(100, 24); central.writeUInt16LE(name.length, 28);
    const end = Buffer.alloc(22);
    end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(1, 8); end.writeUInt16LE(1, 10);
    end.writeUInt32LE(46 + name.length, 12); end.writeUInt32LE(30 + name.length + deflated.length, 16);
    return Buffer.concat([local, name, deflated, central, name, end]);
  })();
  const deepJson = '{"bundleName":' + '['.repeat(100_000) + ']'.repeat(100_000) + '}';
  const segment = fc.oneof(fc.constantFrom('v1', 'devices', 'phone-1', 'apps', 'launch', 'stop', 'logs', 'screenshot', 'input', 'tree', 'host', 'agent', 'continue', 'com.example.app', '..', '%2e%2e', '%', '%ff', ''), fc.string({ maxLength: 12 }).map(encodeURIComponent));
  const kind = fc.constantFrom('random', 'random', 'random', 'random', 'raw', 'slowHeaders', 'slowBody', 'silent', 'noRead', 'hostile');
  const plan = fc.record({
    kind, method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD'), path: fc.array(segment, { maxLength: 5 }).map((s) => '/' + s.join('/')),
    query: fc.constantFrom('', '?follow=0', '?level=nope', '?format=gif', '?format=svg', '?tail=-1', '?tail=5', '?format=json', '?allowDowngrade=1'),
    auth: fc.constantFrom('right', 'wrong', 'none'), body: fc.oneof(fc.constant(undefined), fc.uint8Array({ maxLength: 300 }), fc.json({ maxDepth: 3 })),
    raw: fc.oneof(fc.uint8Array({ maxLength: 2000 }), fc.constantFrom('GET / HTTP/1.1\r\n\r\n', 'GET /v1/devices HTTP/9.9\r\nhost: x\r\n\r\n', `GET /v1/devices HTTP/1.1\r\nx: ${'a'.repeat(70_000)}\r\n\r\n`,
      'POST /v1/devices/phone-1/launch HTTP/1.1\r\ntransfer-encoding: chunked\r\n\r\nzz\r\n', 'GET /v1/devices HTTP/1.1\r\ncontent-length: -1\r\n\r\n', '\r\n\r\n\r\n', 'PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n')),
    hostile: fc.constantFrom('lyingHap', 'bomb', 'garbage', 'deepJson', 'hugeJson'),
  });
  const plans = fc.sample(plan, { seed: SEED + 2, numRuns: REQUESTS });

  /** A raw exchange: writes `head`, then maybe trickles, and waits for the server to close; false if it never does. */
  const exchange = (head, { trickle = false, read = true, deadlineMs = 25_000 } = {}) => new Promise((resolve) => {
    const s = connect(port, '127.0.0.1');
    let got = '';
    let timer;
    const giveUp = setTimeout(() => { clearInterval(timer); s.destroy(); resolve({ closed: false, status: got.split('\r\n')[0] }); }, deadlineMs);
    s.on('connect', () => {
      if (head) s.write(head);
      if (trickle) timer = setInterval(() => s.write('x'), 300);
      if (!read) {
        // A client that does not read: the server must let go of it by itself (keep-alive or idle timeout). A paused
        // socket cannot see the server's close, so it reads again after the host's idle timeout (15 s) and then some and must then
        // find the connection already closed.
        s.pause();
        setTimeout(() => s.resume(), 20_000);
      }
    });
    s.on('data', (b) => { if (got.length < 4096) got += b; });
    s.on('error', () => {});
    s.on('close', () => { clearTimeout(giveUp); clearInterval(timer); resolve({ closed: true, status: got.split('\r\n')[0] }); });
  });
  const note = (status) => {
    stats.statuses[status] = (stats.statuses[status] ?? 0) + 1;
    if (status === 500 || /^HTTP\/1\.1 500/.test(String(status))) stats.status500++;
  };
  const one = async (p) => {
    stats.requests++;
    stats.byKind[p.kind] = (stats.byKind[p.kind] ?? 0) + 1;
    const tok = p.auth === 'right' ? token : p.auth === 'wrong' ? 'x'.repeat(64) : undefined;
    const auth = tok ? `authorization: Bearer ${tok}\r\n` : '';
    if (p.kind === 'random') {
      // A DELETE with the right token may really uninstall: the fuzz keeps the installed app.
      if (p.method === 'DELETE' && p.auth === 'right') p.auth = 'wrong';
      const r = await call(p.path + p.query, { method: p.method, token: p.auth === 'right' ? token : p.auth === 'wrong' ? 'x'.repeat(64) : undefined, body: typeof p.body === 'string' || p.body instanceof Uint8Array ? p.body : undefined });
      note(r.status);
      if (r.error) (stats.resets ??= {})[`${p.method} ${p.auth} ${typeof p.body}`] = ((stats.resets ?? {})[`${p.method} ${p.auth} ${typeof p.body}`] ?? 0) + 1;
      return;
    }
    let r;
    if (p.kind === 'raw') r = await exchange(Buffer.from(p.raw));
    else if (p.kind === 'slowHeaders') r = await exchange(`GET /v1/devices HTTP/1.1\r\n${auth}x-slow: `, { trickle: true });
    else if (p.kind === 'slowBody') r = await exchange(`PUT /v1/devices/phone-1/apps HTTP/1.1\r\nhost: x\r\n${auth}content-length: 1000000\r\n\r\nPK`, { trickle: true });
    else if (p.kind === 'silent') r = await exchange('');
    else if (p.kind === 'noRead') r = await exchange(`GET /v1/devices/phone-1/screenshot?format=png HTTP/1.1\r\nhost: x\r\nauthorization: Bearer ${token}\r\n\r\n`, { read: false, deadlineMs: 24_000 });
    else {
      const body = p.hostile === 'lyingHap' ? lyingHap : p.hostile === 'bomb' ? deflateBomb() : p.hostile === 'garbage' ? Buffer.alloc(4096, 7) : Buffer.from(p.hostile === 'deepJson' ? deepJson : JSON.stringify({ actions: Array.from({ length: 100_000 }, () => ({ kind: 'back' })) }));
      const path = p.hostile === 'deepJson' || p.hostile === 'hugeJson' ? '/v1/devices/phone-1/input' : '/v1/devices/phone-1/apps';
      const res = await call(path, { method: p.hostile === 'deepJson' || p.hostile === 'hugeJson' ? 'POST' : 'PUT', token, body });
      note(res.status);
      return;
    }
    note(r.status.split(' ')[1] ? Number(r.status.split(' ')[1]) : r.status || 'none');
    if (!r.closed) {
      stats.notClosed++;
      (stats.notClosedKinds ??= {})[p.kind] = ((stats.notClosedKinds ?? {})[p.kind] ?? 0) + 1;
      if (p.kind === 'raw') (stats.notClosedRaw ??= []).push(Buffer.from(p.raw).toString('latin1').slice(0, 200));
    }
  };
  let bomb;
  function deflateBomb() {
    bomb ??= (() => {
      const data = deflateRawSync(Buffer.alloc(64 * 1024 * 1024), { level: 9 });
      const name = Buffer.from('bomb.bin');
      const local = Buffer.alloc(30);
      local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(20, 4); local.writeUInt16LE(8, 8);
      local.writeUInt32LE(data.length, 18); local.writeUInt32LE(64 * 1024 * 1024, 22); local.writeUInt16LE(name.length, 26);
      const central = Buffer.alloc(46);
      central.writeUInt32LE(0x02014b50, 0); central.writeUInt16LE(20, 4); central.writeUInt16LE(20, 6); central.writeUInt16LE(8, 10);
      central.writeUInt32LE(data.length, 20); central.writeUInt32LE(64 * 1024 * 1024, 24); central.writeUInt16LE(name.length, 28);
      const end = Buffer.alloc(22);
      end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(1, 8); end.writeUInt16LE(1, 10);
      end.writeUInt32LE(46 + name.length, 12); end.writeUInt32LE(30 + name.length + data.length, 16);
      return Buffer.concat([local, name, data, central, name, end]);
    })();
    return bomb;
  }
  // 96 clients at a time (the host keeps 128 connections); a well-formed request every 100 plans must be answered within 3 s whatever the others do.
  let nextPlan = 0;
  const lane = async () => {
    while (nextPlan < plans.length) {
      const i = nextPlan++;
      await one(plans[i]);
      if (i % 100 === 0) {
        const t = performance.now();
        const r = await call('/v1/devices', { token });
        const ms = performance.now() - t;
        stats.legitProbes++;
        stats.legitSlowestMs = Math.max(stats.legitSlowestMs, Math.round(ms));
        if (r.status !== 200 || ms > 3000) stats.legitFailures++;
      }
      if (i % 1000 === 0) process.stderr.write(`connector: ${i}/${plans.length} requests\n`);
    }
  };
  await Promise.all(Array.from({ length: 96 }, lane));
  stats.ms = Math.round(performance.now() - t0);
  stats.hostDied = host.exitCode !== null;
  stats.appsChanged = !stats.hostDied && (await apps()) !== appsBefore;
  if (/connector: .*Error/.test(hostErr)) stats.hostStderr = hostErr.slice(-4000);
  host.kill('SIGTERM');
  await new Promise((r) => host.once('exit', r));
  return stats;
}
