import { describe, expect, it } from 'vitest';
import { createDistributedKits, KIT_MEMBERS } from '../../../src/runtime/distributed/kits.js';
import { MemoryHub, memoryDevice } from '../../helpers/superdevice.js';

describe('createDistributedKits', () => {
  it('returns the three kit namespaces with default exports, and maps the @kit members onto them', () => {
    const d = memoryDevice(new MemoryHub(), 'A');
    for (const spec of ['@ohos.data.distributedKVStore', '@ohos.data.distributedDataObject', '@ohos.distributedDeviceManager'] as const) {
      const ns = d.kits[spec] as Record<string, unknown>;
      expect(ns.default).toBeTypeOf('object');
    }
    expect(typeof d.kv.createKVManager).toBe('function');
    expect(d.kv.SyncMode).toEqual({ PULL_ONLY: 0, PUSH_ONLY: 1, PUSH_PULL: 2 });
    expect(typeof d.obj.create).toBe('function');
    expect(typeof d.dm.createDeviceManager).toBe('function');
    for (const members of Object.values(KIT_MEMBERS)) {
      for (const spec of Object.values(members)) expect(d.kits[spec]).toBeDefined();
    }
    expect(() => d.kv.createKVManager({ context: {}, bundleName: 'com.someone.else' })).toThrow(expect.objectContaining({ code: 401 }));
    d.kits.close();
    d.network.close();
  });

  it('refuses a network that belongs to another device (a wiring bug)', () => {
    const net = new MemoryHub().join({ deviceId: 'A', deviceName: 'a', deviceType: 'phone' });
    expect(() => createDistributedKits({ bundleName: 'b', signingKeyId: 'k', deviceId: 'B', deviceName: 'b', deviceType: 'phone',
      dataDir: '/nonexistent', permissions: [], network: net, log: () => {} })).toThrow(/network is for device A/);
    net.close();
  });
});
