/**
 * Wires the Super Device kits (src/runtime/distributed) into an app: their realm-side shims are evaluated in the app
 * realm, `sd.*` host ops go to their host bridge, and kit events/async results are posted back into the realm.
 *
 *   device.launch({ bundle, extensions: (ctx) => [distributedExtension(createDistributedKits({ …, dataDir: ctx.appDataDir }))] })
 */
import type { RealmExtension } from './kit-bridge.js';
import type { DistributedKits } from './distributed/kits.js';
import { DistributedHostBridge } from './distributed/host-bridge.js';
import { DISTRIBUTED_KIT_CONSTANTS, installDistributedKits } from './distributed/realm-kits.js';
import { realmCall } from './realm-call.js';

export function distributedExtension(kits: DistributedKits): RealmExtension {
  let bridge: DistributedHostBridge | undefined;
  return {
    source: `(g) => ${realmCall(installDistributedKits, 'g', JSON.stringify(DISTRIBUTED_KIT_CONSTANTS))}`,
    prefix: 'sd.',
    connect(post) { bridge = new DistributedHostBridge(kits, (sub, args) => post('distributedEvent', [sub, args])); },
    handle(op, data) {
      if (!bridge) throw new Error('the Super Device kits are not connected');
      return bridge.handle(op, data);
    },
    close() { kits.close(); },
  };
}
