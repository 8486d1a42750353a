/**
 * One emulated device's place in the user's Super Device network (runs in the device worker). Every device listens
 * on 127.0.0.1 (the superdevice SocketNetwork) and finds the others — in its own host and in every other live host —
 * in the lists its holder hands it: the host registry's devices (`<hmos home>/hosts/*.json` lists each device's
 * network port; the holder reads it once for all its devices, emulator/device/registry-peers.ts) and a session's own
 * devices. It dials those it is not linked to when a list changes or a peer leaves, and retries every 300 ms while
 * one is still not linked; once all are, it runs no timer (an idle device costs nothing here). Of two devices, the one
 * with the lower id dials, so each pair has one connection; a host that goes away closes its sockets, which the
 * peers see as the device leaving. Messages are authenticated above the transport (app-channel.ts) with a MAC keyed
 * by bundle name, signing key and the user's network secret (network-secret.ts), so a process that merely connects
 * gets nothing through.
 */
import { SocketNetwork } from '../../runtime/distributed/socket-network.js';
import type { PeerInfo } from '../../runtime/distributed/network.js';

export interface DeviceNetworkOptions {
  local: PeerInfo;
  /** The devices to link with (the registry's, and a session's own also when it serves no connector). */
  peers: () => Array<{ id: string; networkPort?: number }>;
  /** Listen here if free (the port of this device before its worker restarted); 0 picks one. */
  port?: number;
  /** How soon a device not linked yet is dialled again, ms (default 300). */
  retryMs?: number;
  log?: (level: 'debug' | 'info' | 'warn' | 'error', message: string) => void;
}

export class DeviceNetwork {
  private readonly dialling = new Set<string>();
  private retry: NodeJS.Timeout | undefined;
  private closed = false;

  private constructor(readonly network: SocketNetwork, private readonly options: DeviceNetworkOptions) {}

  static async start(options: DeviceNetworkOptions): Promise<DeviceNetwork> {
    let net: SocketNetwork;
    try {
      net = await SocketNetwork.listen({ local: options.local, port: options.port ?? 0, log: options.log });
    } catch {
      net = await SocketNetwork.listen({ local: options.local, port: 0, log: options.log });
    }
    const dn = new DeviceNetwork(net, options);
    // A peer that leaves may come back on the same port (its worker restarted), with no list changing: dial it again.
    net.onPeerChange((c) => { if (c.kind === 'leave') dn.discover(); });
    dn.discover();
    return dn;
  }

  get port(): number {
    return this.network.port;
  }

  /**
   * Dials every known device with a higher id that is not linked yet, and tries again soon while one is not. The
   * holder calls it when its lists change (the worker's `peers` and `registryPeers` ops).
   */
  discover(): void {
    if (this.closed) return;
    const me = this.options.local.deviceId;
    const linked = new Set(this.network.peers().map((p) => p.deviceId));
    let unlinked = false;
    for (const d of this.options.peers()) {
      if (!d.networkPort || d.id <= me || linked.has(d.id)) continue;
      unlinked = true;
      if (this.dialling.has(d.id)) continue;
      this.dialling.add(d.id);
      this.network.connect(d.networkPort).then(
        (peer) => { this.dialling.delete(d.id); if (peer.deviceId !== d.id) this.options.log?.('warn', `superdevice: port ${d.networkPort} answered as ${peer.deviceId}, not ${d.id}`); },
        () => { this.dialling.delete(d.id); },
      );
    }
    if (unlinked && !this.retry) {
      this.retry = setTimeout(() => {
        this.retry = undefined;
        this.discover();
      }, this.options.retryMs ?? 300);
      this.retry.unref();
    }
  }

  close(): void {
    this.closed = true;
    clearTimeout(this.retry);
    this.network.close();
  }
}
