import { describe, expect, it } from 'vitest';
import { CompositeNetwork } from '../../../src/runtime/distributed/composite-network.js';
import { MemoryHub } from '../../../src/runtime/distributed/memory-network.js';
import { SocketNetwork } from '../../../src/runtime/distributed/socket-network.js';
import { deviceOn, storeOptions, until } from '../../helpers/superdevice.js';

describe('CompositeNetwork', () => {
  it('a phone reaches the watch in its host in memory and a tablet in another host over a socket', async () => {
    const hub = new MemoryHub();
    const phoneInfo = { deviceId: 'phone', deviceName: 'phone', deviceType: 'phone' };
    const phoneSocket = await SocketNetwork.listen({ local: phoneInfo });
    const phoneNet = new CompositeNetwork([hub.join(phoneInfo), phoneSocket]);
    const watchNet = hub.join({ deviceId: 'watch', deviceName: 'watch', deviceType: 'wearable' });
    const tabletNet = await SocketNetwork.listen({ local: { deviceId: 'tablet', deviceName: 'tablet', deviceType: 'tablet' } });
    const joined: string[] = [];
    phoneNet.onPeerChange((c) => joined.push(`${c.kind}:${c.peer.deviceId}`));
    await tabletNet.connect(phoneSocket.port);
    await until(() => phoneNet.peers().length === 2, 30_000, 'both peers');
    expect(phoneNet.peers().map((p) => p.deviceId).sort()).toEqual(['tablet', 'watch']);

    const phone = deviceOn(phoneNet);
    const watch = deviceOn(watchNet);
    const tablet = deviceOn(tabletNet);
    const open = (d: typeof phone) => d.kv.createKVManager({ context: {}, bundleName: 'com.example.notes' })
      .getKVStore('s', storeOptions({ autoSync: true }));
    const [sp, sw, st] = [await open(phone), await open(watch), await open(tablet)];
    await sp.put('k', 'from phone');
    await until(async () => (await sw.get('k').catch(() => null)) === 'from phone' && (await st.get('k').catch(() => null)) === 'from phone');
    tabletNet.close();
    await until(() => joined.includes('leave:tablet'));
    expect(phoneNet.peers().map((p) => p.deviceId)).toEqual(['watch']);
    for (const d of [phone, watch, tablet]) d.kits.close();
    phoneNet.close();
    watchNet.close();
  });
});
