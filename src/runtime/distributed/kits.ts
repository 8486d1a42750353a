/**
 * The Super Device kit modules of one app on one device. The runtime exposes them through `__hmosKit(specifier)`
 * (and as members of `@kit.ArkData` / `@kit.DistributedServiceKit`).
 */
import { AppChannel, type LogFn } from './app-channel.js';
import { createDataObjectNamespace } from './data-object.js';
import { createDeviceManagerNamespace } from './device-manager-kit.js';
import { createKvStoreNamespace } from './kv-kit.js';
import type { DistributedNetwork } from './network.js';

/** Where these modules appear as members of the `@kit.*` umbrella modules: kit → export name → module specifier. */
export const KIT_MEMBERS: Record<string, Record<string, keyof Omit<DistributedKits, 'close'>>> = {
  '@kit.ArkData': {
    distributedKVStore: '@ohos.data.distributedKVStore',
    distributedDataObject: '@ohos.data.distributedDataObject',
  },
  '@kit.DistributedServiceKit': { distributedDeviceManager: '@ohos.distributedDeviceManager' },
};

export interface DistributedKitsEnv {
  bundleName: string;
  /** Id of the key the app was signed with (src/hap/signing-key.ts): only the same app from the same developer syncs. */
  signingKeyId: string;
  deviceId: string;
  deviceName: string;
  deviceType: string;
  /** This app's data folder on this device (KV files, saved data objects). */
  dataDir: string;
  /** Permissions the module declares (module.json5 requestPermissions). */
  permissions: string[];
  network: DistributedNetwork;
  log: LogFn;
  /** Wall clock of the device (tests skew it). */
  clock?: () => number;
  /** How long a sync exchange waits for a peer; default 5000 ms. */
  syncTimeoutMs?: number;
  /** Optional shared secret of the user's devices, mixed into the message MAC. */
  networkSecret?: string;
}

export interface DistributedKits {
  '@ohos.data.distributedKVStore': Record<string, unknown>;
  '@ohos.data.distributedDataObject': Record<string, unknown>;
  '@ohos.distributedDeviceManager': Record<string, unknown>;
  /** Stops listening on the network (the app stopped). */
  close(): void;
}

export function createDistributedKits(env: DistributedKitsEnv): DistributedKits {
  if (env.network.local.deviceId !== env.deviceId) {
    throw new Error(`createDistributedKits: network is for device ${env.network.local.deviceId}, not ${env.deviceId}`);
  }
  const channel = new AppChannel({ network: env.network, bundleName: env.bundleName, signingKeyId: env.signingKeyId,
    networkSecret: env.networkSecret, log: env.log });
  const clock = env.clock ?? Date.now;
  const syncTimeoutMs = env.syncTimeoutMs ?? 5000;
  return {
    '@ohos.data.distributedKVStore': createKvStoreNamespace({ channel, bundleName: env.bundleName, dataDir: env.dataDir,
      permissions: env.permissions, clock, syncTimeoutMs }),
    '@ohos.data.distributedDataObject': createDataObjectNamespace({ channel, dataDir: env.dataDir, permissions: env.permissions,
      clock, syncTimeoutMs }),
    '@ohos.distributedDeviceManager': createDeviceManagerNamespace({ network: env.network, bundleName: env.bundleName,
      permissions: env.permissions }),
    close: () => channel.close(),
  };
}
