import { spawn, type ChildProcess } from 'node:child_process';
import { connect, createServer, type AddressInfo } from 'node:net';
import { join } from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SocketNetwork } from '../../../src/runtime/distributed/socket-network.js';
import { repoRoot, tempDir } from '../../helpers/cli.js';
import { until } from '../../helpers/superdevice.js';

let peerScript: string;
const children: ChildProcess[] = [];

beforeAll(async () => {
  const outdir = tempDir('hmos-sd-peer-');
  await build({ entryPoints: [join(repoRoot, 'test/fixtures/superdevice/peer.ts')], bundle: true, platform: 'node', format: 'esm',
    target: 'node20', outfile: join(outdir, 'peer.mjs'), logLevel: 'error' });
  peerScript = join(outdir, 'peer.mjs');
});

afterAll(() => {
  for (const c of children) c.kill();
});

interface Peer {
  events: any[];
  send(cmd: unknown): void;
  next(pred: (e: any) => boolean, what: string): Promise<any>;
}

function startPeer(id: string, key: string): Promise<Peer & { port: number }> {
  const child = spawn(process.execPath, [peerScript, id, key, join(tempDir('hmos-sd-data-'), id)], { stdio: ['pipe', 'pipe', 'inherit'] });
  children.push(child);
  const events: any[] = [];
  let buf = '';
  child.stdout!.on('data', (d: Buffer) => {
    buf += d.toString();
    let i;
    while ((i = buf.indexOf('\n')) >= 0) {
      events.push(JSON.parse(buf.slice(0, i)));
      buf = buf.slice(i + 1);
    }
  });
  const peer: Peer = {
    events,
    send: (cmd) => child.stdin!.write(`${JSON.stringify(cmd)}\n`),
    async next(pred, what) {
      await until(() => events.some(pred), 30_000, `${id}: ${what}`);
      return events.find(pred);
    },
  };
  return peer.next((e) => e.ready, 'ready').then((e) => ({ ...peer, port: e.ready as number }));
}

describe('SocketNetwork', () => {
  it('two host processes on 127.0.0.1: a write on one appears on the other, both ways', async () => {
    const p1 = await startPeer('host1-phone', 'key-1');
    const p2 = await startPeer('host2-tablet', 'key-1');
    p2.send({ connect: p1.port });
    await p2.next((e) => e.connected === 'host1-phone', 'connected');
    p1.send({ put: ['title', 'from host 1'] });
    const change = await p2.next((e) => e.change, 'change from host 1');
    expect(change.change.deviceId).toBe('host1-phone');
    expect(change.change.insertEntries[0].value.value).toBe('from host 1');
    p2.send({ put: ['reply', 'from host 2'] });
    await p1.next((e) => e.change?.insertEntries?.[0]?.key === 'reply', 'change from host 2');
    p1.send({ get: 'reply' });
    expect((await p1.next((e) => 'value' in e, 'value')).value).toBe('from host 2');
  });

  it('a host whose app is signed with another key is refused', async () => {
    const p1 = await startPeer('good', 'key-1');
    const evil = await startPeer('evil', 'key-2');
    evil.send({ connect: p1.port });
    await evil.next((e) => e.connected, 'connected');
    evil.send({ put: ['injected', 'x'] });
    await p1.next((e) => typeof e.log === 'string' && e.log.includes('signed with another key'), 'refusal logged');
    p1.send({ get: 'injected' });
    expect(await p1.next((e) => 'value' in e, 'value')).toMatchObject({ value: null, code: 15100004 });
  });

  it('drops connections that send a bad hello or an oversized frame, and keeps serving', async () => {
    const logs: string[] = [];
    const net = await SocketNetwork.listen({ local: { deviceId: 'srv', deviceName: 'srv', deviceType: 'phone' },
      log: (_l, m) => logs.push(m) });
    const raw = (bytes: Buffer) => new Promise<void>((resolve) => {
      const s = connect(net.port, '127.0.0.1', () => s.write(bytes));
      s.resume(); // read (and discard) the server's hello, or the server's close is never seen
      s.on('close', () => resolve());
      s.on('error', () => resolve());
    });
    const frame = (type: number, payload: Buffer) => {
      const h = Buffer.alloc(5);
      h.writeUInt32BE(payload.length + 1, 0);
      h[4] = type;
      return Buffer.concat([h, payload]);
    };
    await raw(frame(1, Buffer.from("not json")));
    const huge = Buffer.alloc(5);
    huge.writeUInt32BE(0xffffffff, 0);
    await raw(Buffer.concat([frame(1, Buffer.from(JSON.stringify({ deviceId: 'x', deviceName: 'x', deviceType: 'phone' }))), huge]));
    expect(logs.some((l) => l.includes('malformed hello'))).toBe(true);
    expect(logs.some((l) => l.includes('exceeds the limit'))).toBe(true);
    const other = await SocketNetwork.listen({ local: { deviceId: 'ok', deviceName: 'ok', deviceType: 'tv' } });
    expect((await other.connect(net.port)).deviceId).toBe('srv');
    await until(() => net.peers().some((p) => p.deviceId === 'ok'));
    expect(net.peers().map((p) => p.deviceId)).toEqual(['ok']);
    other.close();
    await until(() => net.peers().length === 0);
    net.close();
  });

  it('keeps a single link when two devices dial each other at once', async () => {
    const a = await SocketNetwork.listen({ local: { deviceId: 'a', deviceName: 'a', deviceType: 'phone' } });
    const b = await SocketNetwork.listen({ local: { deviceId: 'b', deviceName: 'b', deviceType: 'phone' } });
    await Promise.all([a.connect(b.port), b.connect(a.port)]);
    const got: string[] = [];
    b.onMessage((_f, bytes) => got.push(new TextDecoder().decode(bytes)));
    await new Promise((r) => setTimeout(r, 50));
    a.send('b', new TextEncoder().encode('one'));
    await until(() => got.length === 1);
    expect(a.peers().map((p) => p.deviceId)).toEqual(['b']);
    expect(b.peers().map((p) => p.deviceId)).toEqual(['a']);
    a.close();
    b.close();
  });

  it('a dial rejects when the other end closes before its hello, so the dialler can try again', async () => {
    const server = createServer((socket) => socket.destroy());
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const a = await SocketNetwork.listen({ local: { deviceId: 'a', deviceName: 'a', deviceType: 'phone' } });
    try {
      await expect(a.connect((server.address() as AddressInfo).port)).rejects.toThrow(/closed before its hello/);
      expect(a.peers()).toEqual([]);
    } finally {
      a.close();
      server.close();
    }
  });
});
