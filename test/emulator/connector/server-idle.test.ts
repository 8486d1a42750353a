/**
 * The connector's idle timeout watches the client, not the host: a request that arrived whole is answered however long
 * the host works on it (an install or a launch on a loaded machine took longer than a short idle timeout and the
 * client saw "socket hang up"), while a client that stalls mid-body is still cut off.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connect } from 'node:net';
import { ConnectorRouter } from '../../../src/emulator/connector/router.js';
import { startConnectorServer, type ConnectorServer } from '../../../src/emulator/connector/server.js';
import { http } from '../../helpers/device-host.js';

const IDLE = 150;
let server: ConnectorServer;
const slow = () => new Promise((r) => setTimeout(r, IDLE * 4));

beforeAll(async () => {
  const router = new ConnectorRouter()
    .add('GET', '/v1/slow', async () => { await slow(); return { ok: 'get' }; })
    .add('POST', '/v1/slow', async (ctx) => { const body = await ctx.json(); await slow(); return { ok: body.n }; });
  server = await startConnectorServer({ router, idleTimeoutMs: IDLE });
});
afterAll(() => server?.close());

describe('connector idle timeout', () => {
  it('answers requests the host takes longer than the idle timeout to work on, then stays usable', async () => {
    const get = await http(server.port, '/v1/slow', { token: server.token });
    expect(get.json()).toEqual({ ok: 'get' });
    const post = await http(server.port, '/v1/slow', { method: 'POST', token: server.token, body: '{"n":7}' });
    expect(post.json()).toEqual({ ok: 7 });
  });

  it('still closes a client that stops sending its body', async () => {
    const closed = await new Promise<string>((resolve) => {
      const s = connect(server.port, '127.0.0.1', () => s.write(`POST /v1/slow HTTP/1.1\r\nhost: x\r\nauthorization: Bearer ${server.token}\r\ncontent-length: 100\r\n\r\n{"n"`));
      let got = '';
      s.on('data', (b) => { got += b; });
      s.on('error', () => {});
      s.on('close', () => resolve(got));
    });
    // Cut off either silently (the idle timeout) or with a 408 naming the minimum body rate — then closed.
    if (closed !== '') expect(closed).toMatch(/^HTTP\/1\.1 408 [^]*REQUEST_TIMEOUT/);
  });
});
