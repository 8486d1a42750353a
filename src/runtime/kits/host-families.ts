/** The host families of the system kits by request prefix (`k.<family>.<op>`), see host.ts. */
import type { KitFamilyFactory } from './host.js';
import { createSysHost } from './sys-host.js';
import { createTaskPoolHost } from './taskpool-host.js';
import { createRdbHost } from './rdb-host.js';
import { createDeviceHost } from './device-host.js';
import { createCryptoHost } from './crypto-host.js';
import { createMediaHost } from './media-host.js';
import { createNetHost } from './net-host.js';
import { createFileHost } from './file-host.js';
import { createWorkerHost } from './worker-host.js';

export const HOST_FAMILIES: Record<string, KitFamilyFactory> = {
  sys: createSysHost,
  task: createTaskPoolHost,
  rdb: createRdbHost,
  dev: createDeviceHost,
  crypto: createCryptoHost,
  media: createMediaHost,
  net: createNetHost,
  file: createFileHost,
  worker: createWorkerHost,
};
