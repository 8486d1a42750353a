/**
 * The Super Device kits of one app on an emulated device, as realm extensions for `device.launch({extensions})`:
 * made for every app an emulated device starts (app-runner.ts).
 */
import { distributedExtension } from '../../runtime/distributed-extension.js';
import { createDistributedKits } from '../../runtime/distributed/kits.js';
import type { DistributedNetwork } from '../../runtime/distributed/network.js';
import type { HostKitContext } from '../../runtime/kit-bridge.js';
import { join } from 'node:path';

const LEVEL = { debug: 'D', info: 'I', warn: 'W', error: 'E' } as const;

export function superDeviceExtensions(network: DistributedNetwork, options: { signingKeyId: string; networkSecret?: string }) {
  return (ctx: HostKitContext) => [distributedExtension(createDistributedKits({
    bundleName: ctx.bundleName, signingKeyId: options.signingKeyId, deviceId: network.local.deviceId,
    deviceName: network.local.deviceName, deviceType: network.local.deviceType, dataDir: join(ctx.appDataDir, 'distributed'),
    permissions: ctx.permissions, network, networkSecret: options.networkSecret,
    log: (level, message) => ctx.log(LEVEL[level], 'SuperDevice', message),
  }))];
}
