import { join } from 'node:path';
import { afterEach } from 'vitest';
import { createDistributedKits, type DistributedKits } from '../../src/runtime/distributed/kits.js';
import type { DistributedNetwork } from '../../src/runtime/distributed/network.js';
import { MemoryHub } from '../../src/runtime/distributed/memory-network.js';
import { DATASYNC_PERMISSION } from '../../src/runtime/distributed/business-error.js';
import { tempDir } from './cli.js';
import { until as waitUntil } from './wait.js';

export interface TestDevice {
  id: string;
  network: DistributedNetwork;
  kits: DistributedKits;
  kv: any;
  obj: any;
  dm: any;
  dataDir: string;
  logs: string[];
}

export interface DeviceOptions {
  bundleName?: string;
  signingKeyId?: string;
  permissions?: string[];
  clock?: () => number;
  dataDir?: string;
  syncTimeoutMs?: number;
  deviceType?: string;
}

export function deviceOn(network: DistributedNetwork, opts: DeviceOptions = {}): TestDevice {
  const logs: string[] = [];
  const dataDir = opts.dataDir ?? join(tempDir('hmos-sd-'), 'data');
  const kits = createDistributedKits({
    bundleName: opts.bundleName ?? 'com.example.notes', signingKeyId: opts.signingKeyId ?? 'key-1',
    deviceId: network.local.deviceId, deviceName: network.local.deviceName, deviceType: network.local.deviceType, dataDir,
    permissions: opts.permissions ?? [DATASYNC_PERMISSION], network, log: (level, msg) => logs.push(`${level}: ${msg}`),
    clock: opts.clock, syncTimeoutMs: opts.syncTimeoutMs ?? 2000,
  });
  return {
    id: network.local.deviceId, network, kits, dataDir, logs,
    kv: kits['@ohos.data.distributedKVStore'], obj: kits['@ohos.data.distributedDataObject'], dm: kits['@ohos.distributedDeviceManager'],
  };
}

export function memoryDevice(hub: MemoryHub, id: string, opts: DeviceOptions = {}): TestDevice {
  return deviceOn(hub.join({ deviceId: id, deviceName: `${id}-name`, deviceType: opts.deviceType ?? 'phone' }), opts);
}

/** Resolves when `cond()` holds, polling on the event loop; rejects after `ms`. */
/** Super Device changes travel in milliseconds: a short deadline and a tight poll. */
export const until = (cond: () => boolean | Promise<boolean>, ms = 3000, what = 'condition'): Promise<void> => waitUntil(cond, ms, what, 5);

export const tick = () => new Promise((r) => setImmediate(r));

export const storeOptions = (extra: Record<string, unknown> = {}) => ({ createIfMissing: true, securityLevel: 2, kvStoreType: 1, ...extra });

export { MemoryHub };

/** A `dev(hub, id, opts)` for one test file: every device it makes is closed (kits and network) after each test. */
export function memoryDevices(): (hub: MemoryHub, id: string, opts?: DeviceOptions) => TestDevice {
  const opened: TestDevice[] = [];
  afterEach(() => {
    for (const d of opened.splice(0)) {
      d.kits.close();
      d.network.close();
    }
  });
  return (hub, id, opts = {}) => {
    const d = memoryDevice(hub, id, opts);
    opened.push(d);
    return d;
  };
}
