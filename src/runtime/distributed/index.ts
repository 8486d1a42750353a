/** Super Device data layer: device network, transports, and the distributed kit modules. */
export type { DistributedNetwork, PeerInfo, PeerChange } from './network.js';
export { MemoryHub } from './memory-network.js';
export { SocketNetwork } from './socket-network.js';
export { CompositeNetwork } from './composite-network.js';
export { AppChannel } from './app-channel.js';
export { HybridLogicalClock, compareHlc, type HlcTimestamp } from './hlc.js';
export { createDistributedKits, KIT_MEMBERS, type DistributedKits, type DistributedKitsEnv } from './kits.js';
export { readSavedObject, savedObjectPath, type SavedDataObject } from './data-object.js';
export { BusinessError, DATASYNC_PERMISSION } from './business-error.js';
