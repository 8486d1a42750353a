/**
 * Super Device data layer: device network, transports, and the distributed kit modules.
 *
 * Wiring into a device (runtime / emulator):
 *  1. Per device, a DistributedNetwork: `hub.join(peer)` for devices of one host (MemoryHub), a SocketNetwork for
 *     other hosts, or both through CompositeNetwork.
 *  2. Per running app, `createDistributedKits({bundleName, signingKeyId, deviceId, …, dataDir: <app data folder>,
 *     permissions: <module.json requestPermissions names>, network, log})`; `close()` when the app stops.
 *  3. App realm: add `(installDistributedKits)(g, DISTRIBUTED_KIT_CONSTANTS)` to the framework source after the kits,
 *     route host ops starting with `sd.` to `new DistributedHostBridge(kits, deliver).handle(op, data)`, and make
 *     `deliver(sub, args)` enter the realm calling `__rt.distributedEvent(sub, args)`. KIT_MEMBERS lists the
 *     `@kit.ArkData` / `@kit.DistributedServiceKit` members that map to these modules.
 *  4. Continuation: the source's onContinue puts a data-object session id in wantParam; the target creates an object
 *     and calls setSessionId(id) — the object saved there with save(targetDeviceId) comes back with status 'restored'
 *     (readSavedObject reads it host-side).
 */
export type { DistributedNetwork, PeerInfo, PeerChange } from './network.js';
export { MemoryHub } from './memory-network.js';
export { SocketNetwork } from './socket-network.js';
export { CompositeNetwork } from './composite-network.js';
export { AppChannel } from './app-channel.js';
export { HybridLogicalClock, compareHlc, type HlcTimestamp } from './hlc.js';
export { createDistributedKits, KIT_MEMBERS, type DistributedKits, type DistributedKitsEnv } from './kits.js';
export { readSavedObject, savedObjectPath, type SavedDataObject } from './data-object.js';
export { BusinessError, DATASYNC_PERMISSION } from './business-error.js';
export { DistributedHostBridge } from './host-bridge.js';
export { installDistributedKits, DISTRIBUTED_KIT_CONSTANTS } from './realm-kits.js';
