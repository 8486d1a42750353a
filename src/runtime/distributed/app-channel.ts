/**
 * One app's authenticated channel over the device network. Every message is an envelope naming the app
 * (bundleName), its signing key id, sender and receiver, the sender's boot epoch and a per-receiver sequence
 * number, sealed with an HMAC. A receiver refuses peers signed with another key, ignores other apps' traffic, and
 * drops (and logs) malformed, tampered or replayed envelopes — continuations and sync only ever happen between
 * installs of the same app from the same developer, as on the real system.
 */
import { createHmac, randomBytes, timingSafeEqual, createHash } from 'node:crypto';
import type { DistributedNetwork, PeerChange, PeerInfo } from './network.js';

export type LogFn = (level: 'debug' | 'info' | 'warn' | 'error', message: string) => void;

export interface AppChannelOptions {
  network: DistributedNetwork;
  bundleName: string;
  signingKeyId: string;
  /** Extra shared secret of the user's devices (e.g. the host token); mixed into the MAC key when given. */
  networkSecret?: string;
  log: LogFn;
}

interface Envelope {
  v: 1;
  /** bundleName */
  b: string;
  /** signing key id */
  k: string;
  f: string;
  t: string;
  /** sender boot epoch: a restarted sender starts a new sequence */
  e: string;
  s: number;
  m: unknown;
  h: string;
}

export type ChannelMessage = { type: string } & Record<string, unknown>;

export class AppChannel {
  readonly network: DistributedNetwork;
  readonly bundleName: string;
  private readonly signingKeyId: string;
  private readonly macKey: Buffer;
  private readonly epoch = randomBytes(8).toString('hex');
  private readonly nextSeq = new Map<string, number>();
  /** peer → epoch → highest sequence number accepted. */
  private readonly seen = new Map<string, Map<string, number>>();
  private readonly handlers = new Map<string, Set<(from: string, msg: ChannelMessage) => void>>();
  private readonly peerListeners = new Set<(change: PeerChange) => void>();
  private readonly unsubscribe: Array<() => void> = [];
  readonly log: LogFn;
  /** Counters for tests and diagnostics. */
  readonly stats = { accepted: 0, rejected: 0 };

  constructor(options: AppChannelOptions) {
    this.network = options.network;
    this.bundleName = options.bundleName;
    this.signingKeyId = options.signingKeyId;
    this.log = options.log;
    this.macKey = createHash('sha256')
      .update(`hmos-superdevice\u0000${options.bundleName}\u0000${options.signingKeyId}\u0000${options.networkSecret ?? ''}`)
      .digest();
    this.unsubscribe.push(this.network.onMessage((from, bytes) => this.receive(from, bytes)));
    this.unsubscribe.push(this.network.onPeerChange((change) => {
      // `seen` survives a leave on purpose: a replay of an old envelope after a reconnect is still a replay.
      for (const l of [...this.peerListeners]) l(change);
    }));
  }

  get localId(): string {
    return this.network.local.deviceId;
  }

  peers(): PeerInfo[] {
    return this.network.peers();
  }

  on(type: string, handler: (from: string, msg: ChannelMessage) => void): () => void {
    let set = this.handlers.get(type);
    if (!set) this.handlers.set(type, (set = new Set()));
    set.add(handler);
    return () => set.delete(handler);
  }

  onPeerChange(listener: (change: PeerChange) => void): () => void {
    this.peerListeners.add(listener);
    return () => this.peerListeners.delete(listener);
  }

  send(to: string, msg: ChannelMessage): void {
    const seq = (this.nextSeq.get(to) ?? 0) + 1;
    this.nextSeq.set(to, seq);
    const body = { v: 1 as const, b: this.bundleName, k: this.signingKeyId, f: this.localId, t: to, e: this.epoch, s: seq, m: msg };
    const env: Envelope = { ...body, h: this.mac(body) };
    this.network.send(to, new TextEncoder().encode(JSON.stringify(env)));
  }

  close(): void {
    for (const u of this.unsubscribe) u();
    this.handlers.clear();
    this.peerListeners.clear();
  }

  private mac(body: Omit<Envelope, 'h'>): string {
    return createHmac('sha256', this.macKey).update(JSON.stringify([body.v, body.b, body.k, body.f, body.t, body.e, body.s, body.m]))
      .digest('base64');
  }

  private receive(from: string, bytes: Uint8Array): void {
    let env: Envelope;
    try {
      env = JSON.parse(new TextDecoder().decode(bytes)) as Envelope;
    } catch {
      return this.reject(from, 'malformed message (not JSON)');
    }
    if (typeof env !== 'object' || env === null || env.v !== 1 || typeof env.b !== 'string') {
      return this.reject(from, 'malformed message (not a sync envelope)');
    }
    // Other apps on the same device pair use the same network: not ours, not an error.
    if (env.b !== this.bundleName) return;
    if (env.k !== this.signingKeyId) {
      return this.reject(from, `refused: the app on ${from} is signed with another key (${String(env.k)})`);
    }
    if (env.f !== from || env.t !== this.localId || typeof env.e !== 'string' || !Number.isSafeInteger(env.s) || env.s < 1
      || typeof env.h !== 'string' || typeof env.m !== 'object' || env.m === null || typeof (env.m as ChannelMessage).type !== 'string') {
      return this.reject(from, 'malformed message (bad envelope fields)');
    }
    const expected = Buffer.from(this.mac(env), 'base64');
    const got = Buffer.from(env.h, 'base64');
    if (expected.length !== got.length || !timingSafeEqual(expected, got)) {
      return this.reject(from, 'refused: message authentication failed');
    }
    let epochs = this.seen.get(from);
    if (!epochs) this.seen.set(from, (epochs = new Map()));
    const last = epochs.get(env.e) ?? 0;
    if (env.s <= last) return this.reject(from, `replayed message ignored (sequence ${env.s} ≤ ${last})`);
    epochs.set(env.e, env.s);
    this.stats.accepted++;
    const msg = env.m as ChannelMessage;
    for (const h of [...(this.handlers.get(msg.type) ?? [])]) {
      try {
        h(from, msg);
      } catch (err) {
        // Handlers validate what they read; a throw here means a body we could not use: drop it, keep running.
        this.stats.rejected++;
        this.log('warn', `superdevice[${this.bundleName}]: ignored ${msg.type} from ${from}: ${(err as Error).message}`);
      }
    }
  }

  private reject(from: string, why: string): void {
    this.stats.rejected++;
    this.log('warn', `superdevice[${this.bundleName}]: ${why} (from ${from})`);
  }
}
