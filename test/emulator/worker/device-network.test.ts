import { describe, expect, it } from 'vitest';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { DeviceNetwork } from '../../../src/emulator/worker/device-network.js';
import { loadOrCreateNetworkSecret } from '../../../src/emulator/device/network-secret.js';
import { registryPeers, watchRegistryPeers, type PeerAddress } from '../../../src/emulator/device/registry-peers.js';
import { readHostEntries, registerHost } from '../../../src/connector/host-registry.js';
import { tempDir } from '../../helpers/cli.js';

const until = async (ok: () => boolean, ms = 30_000) => { const end = Date.now() + ms; while (!ok() && Date.now() < end) await new Promise((r) => setTimeout(r, 20)); return ok(); };

describe('device network', { timeout: 60_000 }, () => {
  it('the network secret is made once, private, and shared by every host of the state folder', () => {
    const home = tempDir();
    const a = loadOrCreateNetworkSecret(home);
    expect(a).toMatch(/^[0-9a-f]{64}$/);
    expect(loadOrCreateNetworkSecret(home)).toBe(a);
    expect(statSync(join(home, 'superdevice.secret')).mode & 0o777).toBe(0o600);
    expect(loadOrCreateNetworkSecret(tempDir())).not.toBe(a);
  });

  it('devices find each other through the registry and see a host leave', async () => {
    const home = tempDir();
    // As a holder does for its devices: one registry poller, its list handed to each device (registry-peers.ts).
    let known: PeerAddress[] = [];
    const a = await DeviceNetwork.start({ local: { deviceId: 'phone-1', deviceName: 'phone-1', deviceType: 'phone' }, peers: () => known, retryMs: 20 });
    const b = await DeviceNetwork.start({ local: { deviceId: 'tablet-1', deviceName: 'tablet-1', deviceType: 'tablet' }, peers: () => known, retryMs: 20 });
    const unwatch = watchRegistryPeers(home, (peers) => {
      known = peers;
      a.discover();
      b.discover();
    });
    try {
      const entry = (id: string, port: number) => ({ id, type: id.split('-')[0], aliases: [], networkPort: port });
      // Both "hosts" are this process (a live pid); a dead pid's entry is ignored.
      const remove = registerHost({ pid: process.pid, port: 1, token: 't', startedAt: '', devices: [entry('phone-1', a.port), entry('tablet-1', b.port)] }, home);
      registerHost({ pid: 2 ** 22 + 12345, port: 1, token: 't', startedAt: '', devices: [entry('watch-1', 1)] }, home);
      expect(readHostEntries(home).map((h) => h.pid)).toEqual([process.pid]);
      expect(await until(() => a.network.peers().length === 1 && b.network.peers().length === 1)).toBe(true);
      expect(a.network.peers()[0].deviceId).toBe('tablet-1');
      const left: string[] = [];
      a.network.onPeerChange((c) => { if (c.kind === 'leave') left.push(c.peer.deviceId); });
      remove();
      b.close();
      expect(await until(() => left.includes('tablet-1'))).toBe(true);
    } finally {
      unwatch();
      a.close();
      b.close();
    }
  });

  it('a peer that leaves and comes back on the same port (its worker restarted) is dialled again, no list changing', async () => {
    const tablet = (port = 0) => DeviceNetwork.start({ local: { deviceId: 'tablet-1', deviceName: 'tablet-1', deviceType: 'tablet' }, peers: () => [], port });
    let b = await tablet();
    const port = b.port;
    const a = await DeviceNetwork.start({ local: { deviceId: 'phone-1', deviceName: 'phone-1', deviceType: 'phone' }, peers: () => [{ id: 'tablet-1', networkPort: port }], retryMs: 20 });
    try {
      expect(await until(() => a.network.peers().length === 1)).toBe(true);
      b.close();
      expect(await until(() => a.network.peers().length === 0)).toBe(true);
      b = await tablet(port);
      expect(b.port).toBe(port);
      expect(await until(() => a.network.peers().length === 1)).toBe(true);
    } finally {
      a.close();
      b.close();
    }
  });

  it('one registry poller per state folder serves every device of the process, and stops with the last', async () => {
    const home = tempDir();
    const seen: string[][] = [[], []];
    const stops = [0, 1].map((i) => watchRegistryPeers(home, (peers) => seen[i].push(peers.map((p) => p.id).join(','))));
    expect(registryPeers(home)).toEqual([]);
    const remove = registerHost({ pid: process.pid, port: 1, token: 't', startedAt: '', devices: [{ id: 'phone-1', type: 'phone', aliases: [], networkPort: 5 }] }, home);
    expect(await until(() => seen[0].length > 0 && seen[1].length > 0)).toBe(true);
    expect(seen).toEqual([['phone-1'], ['phone-1']]);
    expect(registryPeers(home)).toEqual([{ id: 'phone-1', networkPort: 5 }]);
    stops[0]();
    remove();
    expect(await until(() => seen[1].length > 1)).toBe(true);
    expect(seen).toEqual([['phone-1'], ['phone-1', '']]);
    stops[1]();
  });
});
