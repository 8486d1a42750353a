/**
 * The device network of one user: every device (in this host or another) is a trusted peer. A transport only moves
 * opaque bytes between devices and reports who is reachable; authentication, replay protection and the sync
 * protocols sit above it (app-channel.ts), so a new transport (e.g. the connector) implements just this interface.
 */
export interface PeerInfo {
  /** Network id of the device; also its device id in this model. */
  deviceId: string;
  deviceName: string;
  /** hmos device type: phone, tablet, 2in1, wearable, tv, car. */
  deviceType: string;
}

export interface PeerChange {
  kind: 'join' | 'leave';
  peer: PeerInfo;
}

export interface DistributedNetwork {
  readonly local: PeerInfo;
  /** Reachable peers right now (never the local device). */
  peers(): PeerInfo[];
  /** Best effort: bytes to an unknown or unreachable peer are dropped (the protocols above retry / anti-entropy). */
  send(peerId: string, bytes: Uint8Array): void;
  /** Returns an unsubscribe function. */
  onMessage(listener: (fromPeerId: string, bytes: Uint8Array) => void): () => void;
  onPeerChange(listener: (change: PeerChange) => void): () => void;
  close(): void;
}

/** Listener bookkeeping shared by the transports. */
export class NetworkEvents {
  private readonly messageListeners = new Set<(from: string, bytes: Uint8Array) => void>();
  private readonly peerListeners = new Set<(change: PeerChange) => void>();

  onMessage(listener: (from: string, bytes: Uint8Array) => void): () => void {
    this.messageListeners.add(listener);
    return () => this.messageListeners.delete(listener);
  }

  onPeerChange(listener: (change: PeerChange) => void): () => void {
    this.peerListeners.add(listener);
    return () => this.peerListeners.delete(listener);
  }

  emitMessage(from: string, bytes: Uint8Array): void {
    for (const l of [...this.messageListeners]) l(from, bytes);
  }

  emitPeerChange(change: PeerChange): void {
    for (const l of [...this.peerListeners]) l(change);
  }

  clear(): void {
    this.messageListeners.clear();
    this.peerListeners.clear();
  }
}
