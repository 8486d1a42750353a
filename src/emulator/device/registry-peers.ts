/**
 * The Super Device addresses of every device of every live host and session of a state folder, as the host registry
 * (`<home>/hosts/*.json`) lists them — read by one poller per holder process and folder, every 300 ms, and handed to
 * each device worker of that holder when it changes (EmulatedDevice → the worker's `registryPeers` op). Each device
 * worker used to read the registry itself: a 16-device host read the folder 16 times every 300 ms.
 */
import { readHostEntries } from '../../connector/host-registry.js';

export interface PeerAddress {
  id: string;
  networkPort?: number;
}

interface Poller {
  listeners: Set<(peers: PeerAddress[]) => void>;
  timer: NodeJS.Timeout;
  peers: PeerAddress[];
  key: string;
}

const POLL_MS = 300;
const pollers = new Map<string, Poller>();

function read(home: string): PeerAddress[] {
  return readHostEntries(home).flatMap((h) => h.devices.map((d) => ({ id: d.id, networkPort: d.networkPort })));
}

/**
 * Calls `listener` with the registry's devices whenever they change (not at once: `registryPeers(home)` has the
 * current list). Returns the unsubscribe; the poller stops with its last listener.
 */
export function watchRegistryPeers(home: string, listener: (peers: PeerAddress[]) => void): () => void {
  let poller = pollers.get(home);
  if (!poller) {
    const peers = read(home);
    const p: Poller = {
      listeners: new Set(), peers, key: JSON.stringify(peers),
      timer: setInterval(() => {
        const now = read(home);
        const key = JSON.stringify(now);
        if (key === p.key) return;
        p.peers = now;
        p.key = key;
        for (const l of p.listeners) l(now);
      }, POLL_MS),
    };
    // Idle devices do not keep their holder alive (worker-client.ts); neither does their registry poller.
    p.timer.unref();
    pollers.set(home, p);
    poller = p;
  }
  const it = poller;
  it.listeners.add(listener);
  return () => {
    it.listeners.delete(listener);
    if (it.listeners.size === 0 && pollers.get(home) === it) {
      clearInterval(it.timer);
      pollers.delete(home);
    }
  };
}

/** The registry's devices as last read by a running poller of `home` (read now when none runs). */
export function registryPeers(home: string): PeerAddress[] {
  return pollers.get(home)?.peers ?? read(home);
}
