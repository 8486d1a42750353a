import { describe, expect, it } from 'vitest';
import { AppChannel } from '../../../src/runtime/distributed/app-channel.js';
import {MemoryHub, memoryDevices, storeOptions, tick, until } from '../../helpers/superdevice.js';

const dev = memoryDevices();

function channelPair() {
  const hub = new MemoryHub();
  const na = hub.join({ deviceId: 'A', deviceName: 'a', deviceType: 'phone' });
  const nb = hub.join({ deviceId: 'B', deviceName: 'b', deviceType: 'phone' });
  const logs: string[] = [];
  const a = new AppChannel({ network: na, bundleName: 'app', signingKeyId: 'k', log: () => {} });
  const b = new AppChannel({ network: nb, bundleName: 'app', signingKeyId: 'k', log: (_l, m) => logs.push(m) });
  const got: unknown[] = [];
  b.on('hi', (_from, msg) => got.push(msg.n));
  return { na, nb, a, b, logs, got };
}

describe('AppChannel security', () => {
  it('delivers authenticated messages in order', async () => {
    const { a, got } = channelPair();
    a.send('B', { type: 'hi', n: 1 });
    a.send('B', { type: 'hi', n: 2 });
    await until(() => got.length === 2);
    expect(got).toEqual([1, 2]);
  });

  it('ignores and logs replayed, tampered and malformed messages', async () => {
    const { na, a, b, logs, got } = channelPair();
    const captured: Uint8Array[] = [];
    // Record what A sends by wrapping its transport.
    const send = na.send.bind(na);
    na.send = (to, bytes) => {
      captured.push(bytes);
      send(to, bytes);
    };
    a.send('B', { type: 'hi', n: 1 });
    await until(() => got.length === 1);
    na.send('B', captured[0]!);
    const tampered = JSON.parse(new TextDecoder().decode(captured[0]!));
    tampered.m.n = 666;
    tampered.s = 99;
    na.send('B', new TextEncoder().encode(JSON.stringify(tampered)));
    na.send('B', new TextEncoder().encode('{"v":1,"b":"app"'));
    na.send('B', new TextEncoder().encode('"just a string"'));
    await until(() => b.stats.rejected === 4);
    expect(got).toEqual([1]);
    expect(logs.some((l) => l.includes('replayed'))).toBe(true);
    expect(logs.some((l) => l.includes('authentication failed'))).toBe(true);
    expect(logs.filter((l) => l.includes('malformed')).length).toBe(2);
  });

  it('with a network secret, a sender that does not know it fails authentication', async () => {
    const hub = new MemoryHub();
    const na = hub.join({ deviceId: 'A', deviceName: 'a', deviceType: 'phone' });
    const nb = hub.join({ deviceId: 'B', deviceName: 'b', deviceType: 'phone' });
    const logs: string[] = [];
    const outsider = new AppChannel({ network: na, bundleName: 'app', signingKeyId: 'k', log: () => {} });
    const b = new AppChannel({ network: nb, bundleName: 'app', signingKeyId: 'k', networkSecret: 'host-token', log: (_l, m) => logs.push(m) });
    const got: unknown[] = [];
    b.on('hi', (_f, m) => got.push(m.n));
    outsider.send('B', { type: 'hi', n: 1 });
    await until(() => b.stats.rejected === 1);
    expect(got).toEqual([]);
    expect(logs[0]).toContain('authentication failed');
    const insider = new AppChannel({ network: na, bundleName: 'app', signingKeyId: 'k', networkSecret: 'host-token', log: () => {} });
    insider.send('B', { type: 'hi', n: 2 });
    await until(() => got.length === 1);
    expect(got).toEqual([2]);
  });

  it('refuses a peer whose app is signed with another key', async () => {
    const hub = new MemoryHub();
    const a = dev(hub, 'A');
    const evil = dev(hub, 'E', { signingKeyId: 'other-key' });
    await tick();
    const sa = await a.kv.createKVManager({ context: {}, bundleName: 'com.example.notes' }).getKVStore('s', storeOptions({ autoSync: true }));
    const se = await evil.kv.createKVManager({ context: {}, bundleName: 'com.example.notes' }).getKVStore('s', storeOptions({ autoSync: true }));
    await se.put('injected', 'x');
    await until(() => a.logs.some((l) => l.includes('signed with another key')));
    await expect(sa.get('injected')).rejects.toMatchObject({ code: 15100004 });
  });

  it('ignores other apps on the same devices without complaint', async () => {
    const hub = new MemoryHub();
    const a = dev(hub, 'A');
    const other = dev(hub, 'O', { bundleName: 'com.other.app' });
    await tick();
    const sa = await a.kv.createKVManager({ context: {}, bundleName: 'com.example.notes' }).getKVStore('s', storeOptions({ autoSync: true }));
    const so = await other.kv.createKVManager({ context: {}, bundleName: 'com.other.app' }).getKVStore('s', storeOptions({ autoSync: true }));
    await so.put('k', 'v');
    await new Promise((r) => setTimeout(r, 30));
    await expect(sa.get('k')).rejects.toMatchObject({ code: 15100004 });
    expect(a.logs).toEqual([]);
  });
});
