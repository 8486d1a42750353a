import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadOrCreateDeveloperKey } from '../../../src/hap/signing-key.js';
import { tempDir } from '../../helpers/cli.js';
import { makeHap } from '../../helpers/hap.js';
import { http, startTestHost, type TestHost } from '../../helpers/device-host.js';

const home = tempDir('hmos-fuzz-');
const key = loadOrCreateDeveloperKey(home);
let host: TestHost;

beforeAll(async () => {
  host = await startTestHost(home, ['--devices', 'phone', '--max-hap-bytes', String(512 * 1024), '--idle-timeout-ms', '2000']);
  const r = await http(host.port, '/v1/devices/phone-1/apps', { method: 'PUT', token: host.token, body: makeHap(key) });
  expect(r.status).toBe(200);
});
afterAll(async () => {
  await host?.stop();
});

const state = async () => JSON.stringify((await http(host.port, '/v1/devices', { token: host.token })).json().devices.map((d: any) => d.apps));

const segment = fc.oneof(
  fc.constantFrom('v1', 'devices', 'phone-1', 'watch-1', 'apps', 'launch', 'stop', 'logs', 'screenshot', 'input', 'tree', 'host', 'com.example.hello', '..', '%2e%2e', '%', '%ff', ''),
  fc.string({ maxLength: 12 }).map(encodeURIComponent),
);
const request = fc.record({
  method: fc.constantFrom('GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS'),
  path: fc.array(segment, { minLength: 0, maxLength: 5 }).map((s) => '/' + s.join('/')),
  query: fc.constantFrom('', '?follow=0', '?level=nope', '?format=gif', '?allowDowngrade=1', '?tail=-1', '?format=json'),
  token: fc.constantFrom<'right' | 'wrong' | 'none'>('right', 'wrong', 'none'),
  body: fc.oneof(
    fc.constant(undefined),
    fc.uint8Array({ maxLength: 300 }),
    fc.json({ maxDepth: 3 }),
    fc.record({ bundleName: fc.constantFrom('com.example.hello', 'x', '../../etc'), ability: fc.string({ maxLength: 8 }) }).map((o) => JSON.stringify(o)),
    fc.record({ actions: fc.array(fc.record({ kind: fc.constantFrom('click', 'input', 'swipe', 'back', 'wait', 'x'), selector: fc.string({ maxLength: 8 }), ms: fc.integer({ min: -5, max: 5 }) }), { maxLength: 3 }) }).map((o) => JSON.stringify(o)),
  ),
});

describe('connector fuzz', () => {
  it('survives thousands of random requests with no crash and no state change', async () => {
    const before = await state();
    await fc.assert(fc.asyncProperty(request, async (r) => {
      // A well-formed DELETE with the right token may legitimately uninstall: the fuzz sends only malformed or unauthorised ones.
      if (r.method === 'DELETE' && r.token === 'right') r.token = 'wrong';
      const token = r.token === 'right' ? host.token : r.token === 'wrong' ? 'x'.repeat(64) : null;
      const res = await http(host.port, r.path + r.query, { method: r.method, token, body: r.body });
      expect(res.status).toBeGreaterThanOrEqual(200);
      expect(res.status).toBeLessThan(600);
      expect(res.status).not.toBe(500);
      if (r.token !== 'right') expect(res.status === 401 || res.status === 400).toBe(true);
      if (res.status >= 400 && res.body.length) expect(typeof res.json().error.code).toBe('string');
    }), { numRuns: 2500 });
    expect(await state()).toBe(before);
    expect(host.child.exitCode).toBe(null);
    // The registry entry is untouched and still points at this host.
    expect(JSON.parse(readFileSync(join(home, 'hosts', `${host.pid}.json`), 'utf8')).port).toBe(host.port);
  }, 120_000);
});
