/**
 * One device reachable over several transports at once — e.g. a phone that talks to the watch in the same emulator
 * host in memory and to a tablet in another host over a socket. Peers are the union; a message goes over the first
 * transport that reaches the peer; a peer counts as gone only when no transport reaches it any more.
 */
import { NetworkEvents, type DistributedNetwork, type PeerChange, type PeerInfo } from './network.js';

export class CompositeNetwork implements DistributedNetwork {
  readonly local: PeerInfo;
  private readonly events = new NetworkEvents();
  private readonly off: Array<() => void> = [];

  constructor(private readonly transports: DistributedNetwork[]) {
    if (transports.length === 0) throw new Error('CompositeNetwork needs at least one transport');
    this.local = transports[0]!.local;
    for (const t of transports) {
      if (t.local.deviceId !== this.local.deviceId) throw new Error(`transport is for device ${t.local.deviceId}, not ${this.local.deviceId}`);
      this.off.push(t.onMessage((from, bytes) => this.events.emitMessage(from, bytes)));
      this.off.push(t.onPeerChange((change) => this.relay(t, change)));
    }
  }

  peers(): PeerInfo[] {
    const byId = new Map<string, PeerInfo>();
    for (const t of this.transports) for (const p of t.peers()) if (!byId.has(p.deviceId)) byId.set(p.deviceId, p);
    return [...byId.values()];
  }

  send(peerId: string, bytes: Uint8Array): void {
    this.transports.find((t) => t.peers().some((p) => p.deviceId === peerId))?.send(peerId, bytes);
  }

  onMessage(listener: (from: string, bytes: Uint8Array) => void): () => void {
    return this.events.onMessage(listener);
  }

  onPeerChange(listener: (change: PeerChange) => void): () => void {
    return this.events.onPeerChange(listener);
  }

  close(): void {
    for (const o of this.off) o();
    for (const t of this.transports) t.close();
    this.events.clear();
  }

  private relay(source: DistributedNetwork, change: PeerChange): void {
    const elsewhere = this.transports.some((t) => t !== source && t.peers().some((p) => p.deviceId === change.peer.deviceId));
    if (!elsewhere) this.events.emitPeerChange(change);
  }
}
