/**
 * One emulated device's place in the user's Super Device network (runs in the device worker). Every device listens
 * on 127.0.0.1 (the superdevice SocketNetwork) and finds the others — in its own host and in every other live host —
 * through the host registry (`<hmos home>/hosts/*.json` lists each device's network port). Of two devices, the one
 * with the lower id dials, so each pair has one connection; a host that goes away closes its sockets, which the
 * peers see as the device leaving. Messages are authenticated above the transport (app-channel.ts) with a MAC keyed
 * by bundle name, signing key and the user's network secret (network-secret.ts), so a process that merely connects
 * gets nothing through.
 */
import { SocketNetwork } from '../../runtime/distributed/socket-network.js';
import type { PeerInfo } from '../../runtime/distributed/network.js';
import { readHostEntries } from '../../connector/host-registry.js';

export interface DeviceNetworkOptions {
  local: PeerInfo;
  /** Peers come from the host registry of this state folder (every live host's and session's devices) … */
  home?: string;
  /** … and from this list (an emulate session's own devices, also when it serves no connector). */
  peers?: () => Array<{ id: string; networkPort?: number }>;
  /** Listen here if free (the port of this device before its worker restarted); 0 picks one. */
  port?: number;
  /** How often the registry is read, ms (default 300). */
  pollMs?: number;
  log?: (level: 'debug' | 'info' | 'warn' | 'error', message: string) => void;
}

export class DeviceNetwork {
  private readonly dialling = new Set<string>();
  private timer: NodeJS.Timeout | undefined;

  private constructor(readonly network: SocketNetwork, private readonly options: DeviceNetworkOptions) {}

  static async start(options: DeviceNetworkOptions): Promise<DeviceNetwork> {
    let net: SocketNetwork;
    try {
      net = await SocketNetwork.listen({ local: options.local, port: options.port ?? 0, log: options.log });
    } catch {
      net = await SocketNetwork.listen({ local: options.local, port: 0, log: options.log });
    }
    const dn = new DeviceNetwork(net, options);
    dn.timer = setInterval(() => dn.discover(), options.pollMs ?? 300);
    dn.timer.unref();
    return dn;
  }

  get port(): number {
    return this.network.port;
  }

  /** Dials every registered device with a higher id that is not connected yet. */
  discover(): void {
    const me = this.options.local.deviceId;
    const linked = new Set(this.network.peers().map((p) => p.deviceId));
    const known = [
      ...(this.options.peers?.() ?? []),
      ...(this.options.home ? readHostEntries(this.options.home).flatMap((h) => h.devices) : []),
    ];
    for (const d of known) {
      if (!d.networkPort || d.id <= me || linked.has(d.id) || this.dialling.has(d.id)) continue;
      this.dialling.add(d.id);
      this.network.connect(d.networkPort).then(
        (peer) => { this.dialling.delete(d.id); if (peer.deviceId !== d.id) this.options.log?.('warn', `superdevice: port ${d.networkPort} answered as ${peer.deviceId}, not ${d.id}`); },
        () => { this.dialling.delete(d.id); },
      );
    }
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    this.network.close();
  }
}
