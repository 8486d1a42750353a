import { afterEach, describe, expect, it } from 'vitest';
import { MemoryHub, memoryDevice, tick, until, type TestDevice } from '../../helpers/superdevice.js';

const opened: TestDevice[] = [];
afterEach(() => {
  for (const d of opened.splice(0)) {
    d.kits.close();
    d.network.close();
  }
});

describe('distributedDeviceManager', () => {
  it('lists trusted devices and reports them coming and going', async () => {
    const hub = new MemoryHub();
    const a = memoryDevice(hub, 'A');
    opened.push(a);
    const dm = a.dm.createDeviceManager('com.example.notes');
    expect(dm.getLocalDeviceNetworkId()).toBe('A');
    expect(dm.getLocalDeviceName()).toBe('A-name');
    expect(dm.getLocalDeviceType()).toBe(0x0e);
    const events: string[] = [];
    dm.on('deviceStateChange', ({ action, device }: any) => events.push(`${action}:${device.networkId}`));
    const w = memoryDevice(hub, 'W', { deviceType: 'wearable' });
    await until(() => events.length === 1);
    expect(dm.getAvailableDeviceListSync()).toEqual([{ deviceId: 'W', deviceName: 'W-name', deviceType: 'wearable', networkId: 'W' }]);
    expect(dm.getDeviceType('W')).toBe(0x6d);
    expect(await dm.getAvailableDeviceList()).toHaveLength(1);
    w.network.close();
    await until(() => events.length === 2);
    expect(events).toEqual([`${a.dm.DeviceStateChange.AVAILABLE}:W`, `${a.dm.DeviceStateChange.UNAVAILABLE}:W`]);
    expect(dm.getAvailableDeviceListSync()).toEqual([]);
    a.dm.releaseDeviceManager(dm);
  });

  it('refuses without DISTRIBUTED_DATASYNC (201) and rejects bad arguments (401)', async () => {
    const a = memoryDevice(new MemoryHub(), 'A', { permissions: [] });
    opened.push(a);
    const dm = a.dm.createDeviceManager('com.example.notes');
    expect(() => dm.getAvailableDeviceListSync()).toThrow(expect.objectContaining({ code: 201 }));
    expect(() => a.dm.createDeviceManager('')).toThrow(expect.objectContaining({ code: 401 }));
    await tick();
  });
});
