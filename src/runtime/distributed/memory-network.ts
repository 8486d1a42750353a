/**
 * In-memory transport: the devices of one emulator host. Delivery is asynchronous and ordered per link, like a
 * socket, so protocol code behaves the same on both transports. `partition`/`heal` drop and restore links.
 */
import { NetworkEvents, type DistributedNetwork, type PeerInfo } from './network.js';

interface Member {
  info: PeerInfo;
  events: NetworkEvents;
  net: MemoryNetwork;
}

export class MemoryHub {
  private readonly members = new Map<string, Member>();
  private readonly cut = new Set<string>();

  join(info: PeerInfo): DistributedNetwork {
    if (this.members.has(info.deviceId)) throw new Error(`device ${info.deviceId} already joined this hub`);
    const events = new NetworkEvents();
    const net = new MemoryNetwork(this, info, events);
    const before = this.reachable(info.deviceId);
    this.members.set(info.deviceId, { info, events, net });
    for (const other of before) {
      this.defer(() => {
        other.events.emitPeerChange({ kind: 'join', peer: info });
        events.emitPeerChange({ kind: 'join', peer: other.info });
      });
    }
    return net;
  }

  /** Drops the link between two devices (both see the other leave). */
  partition(a: string, b: string): void {
    const key = linkKey(a, b);
    if (this.cut.has(key)) return;
    const ma = this.members.get(a);
    const mb = this.members.get(b);
    this.cut.add(key);
    if (ma && mb) this.announce(ma, mb, 'leave');
  }

  heal(a: string, b: string): void {
    const key = linkKey(a, b);
    if (!this.cut.delete(key)) return;
    const ma = this.members.get(a);
    const mb = this.members.get(b);
    if (ma && mb) this.announce(ma, mb, 'join');
  }

  /** @internal */
  reachable(from: string): Member[] {
    return [...this.members.values()].filter((m) => m.info.deviceId !== from && !this.cut.has(linkKey(from, m.info.deviceId)));
  }

  /** @internal */
  deliver(from: string, to: string, bytes: Uint8Array): void {
    if (this.cut.has(linkKey(from, to))) return;
    const target = this.members.get(to);
    if (!target) return;
    const copy = Uint8Array.from(bytes);
    this.defer(() => {
      // Re-check: the link may have been cut or the device gone while the message was "in flight".
      if (this.cut.has(linkKey(from, to)) || this.members.get(to) !== target) return;
      target.events.emitMessage(from, copy);
    });
  }

  /** @internal */
  leave(id: string): void {
    const m = this.members.get(id);
    if (!m) return;
    const others = this.reachable(id);
    this.members.delete(id);
    for (const o of others) this.defer(() => o.events.emitPeerChange({ kind: 'leave', peer: m.info }));
    m.events.clear();
  }

  private announce(a: Member, b: Member, kind: 'join' | 'leave'): void {
    this.defer(() => {
      a.events.emitPeerChange({ kind, peer: b.info });
      b.events.emitPeerChange({ kind, peer: a.info });
    });
  }

  // setImmediate (not a microtask) so a burst of sends interleaves with I/O the way a socket does.
  private defer(fn: () => void): void {
    setImmediate(fn);
  }
}

class MemoryNetwork implements DistributedNetwork {
  private closed = false;

  constructor(private readonly hub: MemoryHub, readonly local: PeerInfo, private readonly events: NetworkEvents) {}

  peers(): PeerInfo[] {
    return this.closed ? [] : this.hub.reachable(this.local.deviceId).map((m) => m.info);
  }

  send(peerId: string, bytes: Uint8Array): void {
    if (!this.closed) this.hub.deliver(this.local.deviceId, peerId, bytes);
  }

  onMessage(listener: (from: string, bytes: Uint8Array) => void): () => void {
    return this.events.onMessage(listener);
  }

  onPeerChange(listener: (change: { kind: 'join' | 'leave'; peer: PeerInfo }) => void): () => void {
    return this.events.onPeerChange(listener);
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.hub.leave(this.local.deviceId);
  }
}

function linkKey(a: string, b: string): string {
  return a < b ? `${a}\u0000${b}` : `${b}\u0000${a}`;
}
