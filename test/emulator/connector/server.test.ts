import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from 'node:net';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { zipSync } from 'fflate';
import { ConnectorClient } from '../../../src/device-client/connector-client.js';
import { loadOrCreateDeveloperKey } from '../../../src/hap/signing-key.js';
import { tempDir } from '../../helpers/cli.js';
import { makeHap } from '../../helpers/hap.js';
import { http, startTestHost, type TestHost } from '../../helpers/device-host.js';

const home = tempDir('hmos-conn-');
const key = loadOrCreateDeveloperKey(home);
let host: TestHost;

beforeAll(async () => {
  host = await startTestHost(home, ['--devices', 'phone,watch', '--max-hap-bytes', String(2 * 1024 * 1024), '--idle-timeout-ms', '600', '--max-connections', '24']);
});
afterAll(async () => {
  await host?.stop();
});

const apps = async (device = 'phone-1') => (await http(host.port, `/v1/devices/${device}/apps`, { token: host.token })).json().apps;

describe('connector server', () => {
  it('refuses a missing or wrong token with 401 and installs nothing', async () => {
    const hap = makeHap(key);
    for (const token of [null, 'wrong', host.token.slice(0, -1) + (host.token.endsWith('a') ? 'b' : 'a')]) {
      const r = await http(host.port, '/v1/devices/phone-1/apps', { method: 'PUT', token, body: hap });
      expect(r.status).toBe(401);
      expect(r.json().error.code).toBe('UNAUTHORIZED');
    }
    expect(await apps()).toEqual([]);
    expect(existsSync(join(home, 'devices', 'phone-1', 'apps', 'com.example.hello'))).toBe(false);
  });

  it('lists devices; watch-1 is wearable-1; unknown ids get near suggestions', async () => {
    const r = await http(host.port, '/v1/devices', { token: host.token });
    expect(r.json().devices.map((d: any) => d.id)).toEqual(['phone-1', 'wearable-1']);
    expect((await http(host.port, '/v1/devices/watch-1', { token: host.token })).json().id).toBe('wearable-1');
    const miss = await http(host.port, '/v1/devices/phone-2', { token: host.token });
    expect(miss.status).toBe(404);
    expect(miss.json().error).toMatchObject({ code: 'DEVICE_NOT_FOUND' });
    expect(miss.json().error.message).toContain('did you mean phone-1');
  });

  it('versioned endpoints: unknown path 404, wrong method 405, bad JSON 400', async () => {
    expect((await http(host.port, '/v2/devices', { token: host.token })).status).toBe(404);
    expect((await http(host.port, '/v1/devices', { method: 'DELETE', token: host.token })).status).toBe(405);
    const bad = await http(host.port, '/v1/devices/phone-1/launch', { method: 'POST', token: host.token, body: '{nope' });
    expect(bad.status).toBe(400);
    expect(bad.json().error.code).toBe('BAD_REQUEST');
  });

  it('installs, lists, launches, stops and uninstalls', async () => {
    const put = await http(host.port, '/v1/devices/phone-1/apps', { method: 'PUT', token: host.token, body: makeHap(key) });
    expect(put.status).toBe(200);
    expect(put.json().app).toMatchObject({ bundleName: 'com.example.hello', versionCode: 1000000, keyId: key.keyId });
    expect((await apps()).map((a: any) => a.bundleName)).toEqual(['com.example.hello']);
    const launch = await http(host.port, '/v1/devices/phone-1/launch', { method: 'POST', token: host.token, body: JSON.stringify({ bundleName: 'com.example.hello', parameters: { from: 'test' } }) });
    expect(launch.json()).toMatchObject({ device: 'phone-1', bundleName: 'com.example.hello', ability: 'EntryAbility' });
    const stop = await http(host.port, '/v1/devices/phone-1/stop', { method: 'POST', token: host.token, body: '{}' });
    expect(stop.json().stopped).toEqual(['com.example.hello']);
    const logs = (await http(host.port, '/v1/devices/phone-1/logs?level=info', { token: host.token })).body.toString();
    expect(logs).toContain('installed com.example.hello');
    expect(logs).toContain('start ability EntryAbility');
    const del = await http(host.port, '/v1/devices/phone-1/apps/com.example.hello', { method: 'DELETE', token: host.token });
    expect(del.status).toBe(200);
    expect(await apps()).toEqual([]);
    const again = await http(host.port, '/v1/devices/phone-1/launch', { method: 'POST', token: host.token, body: JSON.stringify({ bundleName: 'com.example.hello' }) });
    expect(again.status).toBe(404);
    expect(again.json().error.code).toBe('APP_NOT_INSTALLED');
  });

  it('refuses traversal, zip bombs, unsigned and garbage packages without writing anything', async () => {
    const cases: Array<[Uint8Array, string]> = [
      [zipSync({ '../evil.js': Buffer.from('x') }), 'HAP_UNSAFE_PATH'],
      [zipSync({ 'bomb.bin': [new Uint8Array(1_500_000), { level: 9 }] }), 'HAP_ZIP_BOMB'],
      [zipSync({ 'module.json': Buffer.from('{}') }), 'HAP_UNSIGNED'],
      [Buffer.from('random bytes, not a zip'), 'HAP_CORRUPT'],
    ];
    for (const [body, code] of cases) {
      const r = await http(host.port, '/v1/devices/phone-1/apps', { method: 'PUT', token: host.token, body });
      expect(r.json().error.code, code).toBe(code);
      expect(r.status).toBeGreaterThanOrEqual(400);
    }
    expect(readdirSync(join(home, 'devices', 'phone-1', 'apps'))).toEqual([]);
  });

  it('cuts off an oversize upload with 413 (declared or streamed)', async () => {
    const declared = await http(host.port, '/v1/devices/phone-1/apps', { method: 'PUT', token: host.token, body: makeHap(key, { padding: 3 * 1024 * 1024 }) });
    expect(declared.status).toBe(413);
    // Chunked upload without a length: the server stops reading once the limit is passed.
    const status = await new Promise<string>((resolve) => {
      const s = connect(host.port, '127.0.0.1', () => {
        s.write(`PUT /v1/devices/phone-1/apps HTTP/1.1\r\nhost: x\r\nauthorization: Bearer ${host.token}\r\ntransfer-encoding: chunked\r\n\r\n`);
        const chunk = Buffer.alloc(256 * 1024, 1);
        let n = 0;
        const pump = () => {
          while (n < 12 && !s.destroyed) {
            n++;
            if (!s.write(`${chunk.length.toString(16)}\r\n`) || !s.write(chunk) || !s.write('\r\n')) return void s.once('drain', pump);
          }
        };
        pump();
      });
      let got = '';
      s.on('data', (b) => { got += b; });
      s.on('error', () => {});
      s.on('close', () => resolve(got.split('\r\n')[0]));
    });
    expect(status).toContain('413');
    expect(await apps()).toEqual([]);
    // The hmos client stops sending when the host answers early, and reports the host's reason (not a reset).
    const client = new ConnectorClient(host);
    await expect(client.json('/v1/devices/phone-1/apps', { method: 'PUT', body: new Uint8Array(8 * 1024 * 1024) })).rejects.toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
  });

  it('closes slow and unauthorised clients right after their answer, caps open connections, and keeps serving (N1 of #12)', async () => {
    // Real sockets: each client below writes its request (or part of it) and then trickles a byte every 100 ms.
    type Outcome = { status: string; ms: number };
    const client = (head: string) => new Promise<Outcome>((resolve) => {
      const t0 = Date.now();
      let got = '';
      let trickle: NodeJS.Timeout | undefined;
      const s = connect(host.port, '127.0.0.1', () => {
        s.write(head);
        trickle = setInterval(() => s.write('x'), 100);
      });
      s.on('data', (b) => { got += b; });
      s.on('error', () => {});
      s.on('close', () => {
        clearInterval(trickle);
        resolve({ status: got.split('\r\n')[0]!, ms: Date.now() - t0 });
      });
    });
    const slowHeaders = 'GET /v1/devices HTTP/1.1\r\nhost: x\r\nx-slow: ';
    const unauthorisedUpload = 'PUT /v1/devices/phone-1/apps HTTP/1.1\r\nhost: x\r\ncontent-length: 100000\r\n\r\nPK';
    const slowBody = `PUT /v1/devices/phone-1/apps HTTP/1.1\r\nhost: x\r\nauthorization: Bearer ${host.token}\r\ncontent-length: 100000\r\n\r\nPK`;
    const t0 = Date.now();
    const attack = [
      ...Array.from({ length: 60 }, () => client(slowHeaders)),
      ...Array.from({ length: 10 }, () => client(unauthorisedUpload)),
      ...Array.from({ length: 4 }, () => client(slowBody)),
      client('\u0000\u0001 not http\r\n\r\n'),
    ];
    // A well-behaved client is served throughout.
    for (let i = 0; i < 3; i++) {
      await new Promise((r) => setTimeout(r, 150));
      expect((await http(host.port, '/v1/devices', { token: host.token })).status).toBe(200);
    }
    const outcomes = await Promise.all(attack);
    const count = (from: number, to: number, status: RegExp) => outcomes.slice(from, to).filter((o) => status.test(o.status)).length;
    // Over the cap (24), the oldest connections that sent no valid request were answered 503 to make room; the
    // rest timed out waiting for their headers (408).
    expect(count(0, 60, /^HTTP\/1\.1 (408|503) /)).toBe(60);
    expect(count(0, 60, /^HTTP\/1\.1 503 /)).toBeGreaterThan(0);
    expect(count(60, 70, /^HTTP\/1\.1 (401|503) /)).toBe(10);
    // A body that trickles in is cut off once it falls under the minimum rate (the grace is the idle timeout here).
    expect(count(70, 74, /^HTTP\/1\.1 408 /)).toBe(4);
    expect(outcomes[74]!.status).toMatch(/^HTTP\/1\.1 (400|503) /);
    // Every connection is closed soon after its answer: nobody holds a socket (N1 held them ≥ 28 s).
    expect(Math.max(...outcomes.map((o) => o.ms))).toBeLessThan(8000);
    expect(Date.now() - t0).toBeLessThan(8000);
    expect((await http(host.port, '/v1/devices', { token: host.token })).status).toBe(200);
    expect(await apps()).toEqual([]);
  });

  it('serialises two installs to one device', async () => {
    const v1 = makeHap(key, { bundleName: 'com.example.twice', versionCode: 1 });
    const v2 = makeHap(key, { bundleName: 'com.example.twice', versionCode: 2 });
    const [a, b] = await Promise.all([
      http(host.port, '/v1/devices/phone-1/apps', { method: 'PUT', token: host.token, body: v1 }),
      http(host.port, '/v1/devices/phone-1/apps', { method: 'PUT', token: host.token, body: v2 }),
    ]);
    // Either order is fine; what matters is that each install ran whole, so the last one wins cleanly or v1 is refused as a downgrade.
    const ok = [a, b].filter((r) => r.status === 200);
    expect(ok.length).toBeGreaterThanOrEqual(1);
    for (const r of [a, b]) if (r.status !== 200) expect(r.json().error.code).toBe('VERSION_DOWNGRADE');
    expect((await apps()).find((x: any) => x.bundleName === 'com.example.twice').versionCode).toBe(2);
    expect(readdirSync(join(home, 'devices', 'phone-1', 'apps')).filter((n) => n.startsWith('.'))).toEqual([]);
    await http(host.port, '/v1/devices/phone-1/apps/com.example.twice', { method: 'DELETE', token: host.token });
  });

  it('runs the launched app: screenshots (svg, png, json), the tree and input by selector', async () => {
    const none = await http(host.port, '/v1/devices/watch-1/screenshot?format=svg', { token: host.token });
    expect(none.status).toBe(409);
    expect(none.json().error.code).toBe('APP_NOT_RUNNING');
    expect((await http(host.port, '/v1/devices/watch-1/apps', { method: 'PUT', token: host.token, body: makeHap(key) })).status).toBe(200);
    expect((await http(host.port, '/v1/devices/watch-1/launch', { method: 'POST', token: host.token, body: '{"bundleName":"com.example.hello"}' })).status).toBe(200);
    const svg = await http(host.port, '/v1/devices/watch-1/screenshot?format=svg', { token: host.token });
    expect(svg.headers['content-type']).toBe('image/svg+xml');
    expect(svg.body.toString()).toContain('<svg');
    const png = await http(host.port, '/v1/devices/watch-1/screenshot?format=png', { token: host.token });
    expect(png.body.subarray(1, 4).toString()).toBe('PNG');
    const click = await http(host.port, '/v1/devices/watch-1/input', { method: 'POST', token: host.token, body: JSON.stringify({ actions: [{ kind: 'click', selector: 'text=Add' }, { kind: 'click', selector: 'type=Button' }] }) });
    expect(click.json(), click.body.toString()).toEqual({ device: 'wearable-1', done: 2 });
    const json = (await http(host.port, '/v1/devices/watch-1/screenshot?format=json', { token: host.token })).json();
    expect(json.device).toMatchObject({ type: 'wearable' });
    expect(JSON.stringify(json)).toContain('Count 2');
    expect(JSON.stringify((await http(host.port, '/v1/devices/watch-1/tree', { token: host.token })).json())).toContain('Count 2');
    const miss = await http(host.port, '/v1/devices/watch-1/input', { method: 'POST', token: host.token, body: JSON.stringify({ actions: [{ kind: 'click', selector: 'text=Nope' }] }) });
    expect(miss.status).toBe(404);
    expect(miss.json().error.code).toBe('NO_MATCH');
    const badInput = await http(host.port, '/v1/devices/phone-1/input', { method: 'POST', token: host.token, body: JSON.stringify({ actions: [{ kind: 'fly' }] }) });
    expect(badInput.status).toBe(400);
  });
});
