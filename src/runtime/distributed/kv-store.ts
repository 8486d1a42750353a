/**
 * One open KV store on one device: the replica, its file, and the sync protocol with the same store on peers.
 *
 * Protocol (messages on the app channel, all naming `store`):
 *   kv.pull {rid, marks}                     "send me what you changed after my mark for you" (`marks`: replica id →
 *                                             sequence, everything the puller holds; no mark for the responder's
 *                                             replica means start from 0)
 *   kv.data {rid, replica, upTo, records}    the answer; the puller now holds everything of `replica` up to `upTo`
 *   kv.push {rid, replica, records, after?, upTo?}  changes sent unasked (autoSync, PUSH sync). With `after`/`upTo` the
 *                                             batch is every change in (after, upTo], so the receiver may advance its mark
 *   kv.nack {rid, reason}                    the peer has no such store open (or may not sync): the exchange failed
 *   kv.ack  {rid, replica, have, digest?}    push received; `have` is the receiver's mark for the pusher's replica;
 *                                             `digest` (asked for by sync) is the receiver's whole-state digest: after
 *                                             a PUSH_PULL both digests must match, or a full exchange repairs the pair
 * Marks (per peer replica id) are persisted with the store: a device that was away asks only for what it missed; a
 * wiped or recreated store has a new replica id and gets a full copy.
 */
import { KvFile } from './kv-file.js';
import type { AppChannel, ChannelMessage } from './app-channel.js';
import { HybridLogicalClock } from './hlc.js';
import { isKvRecord, KvReplica, type AppliedChanges, type EncodedValue, type KvRecord, type ReplicaSnapshot } from './kv-replica.js';
import { BusinessError, ErrorCode } from './business-error.js';

export const SyncMode = { PULL_ONLY: 0, PUSH_ONLY: 1, PUSH_PULL: 2 } as const;
export type SyncModeValue = (typeof SyncMode)[keyof typeof SyncMode];

export interface KvStoreCoreOptions {
  channel: AppChannel;
  storeId: string;
  /** The folder holding this app's KV store files on this device. */
  dir: string;
  autoSync: boolean;
  createIfMissing: boolean;
  /** Seal the file with AES-256-GCM (kv-file.ts). */
  encrypt: boolean;
  /** Sync messages are only sent and answered when the app holds DISTRIBUTED_DATASYNC. */
  canSync: boolean;
  clock: () => number;
  syncTimeoutMs: number;
}

export interface StoreChange {
  origin: 'local' | 'remote';
  deviceId: string;
  changes: AppliedChanges;
}

interface Pending {
  peer: string;
  resolve: (msg: ChannelMessage | undefined) => void;
}

export class KvStoreCore {
  readonly storeId: string;
  readonly file: KvFile;
  readonly replica: KvReplica;
  private readonly channel: AppChannel;
  private readonly options: KvStoreCoreOptions;
  private readonly listeners = new Set<(change: StoreChange) => void>();
  private readonly off: Array<() => void> = [];
  private readonly pending = new Map<string, Pending>();
  /** peer device → its acknowledged mark for our replica (what a PUSH can skip). */
  private readonly peerHas = new Map<string, number>();
  private ridCounter = 0;
  /** For tests and diagnostics: how many records peers sent us (shows that catch-up sends only what was missed). */
  readonly stats = { recordsReceived: 0 };
  private closed = false;
  private flushScheduled?: Promise<void>;
  private pushBatch?: { startSeq: number; records: KvRecord[]; contiguous: boolean };

  constructor(options: KvStoreCoreOptions) {
    this.options = options;
    this.channel = options.channel;
    this.storeId = options.storeId;
    this.file = new KvFile(options.dir, options.storeId, options.encrypt);
    const clock = new HybridLogicalClock(options.channel.localId, options.clock);
    let snapshot: ReplicaSnapshot | undefined;
    if (this.file.exists()) {
      try {
        snapshot = this.file.read();
      } catch (err) {
        throw new BusinessError(ErrorCode.KV_CORRUPTED, `Database corrupted: ${this.file.path}: ${(err as Error).message}`);
      }
    } else if (!options.createIfMissing) {
      throw new BusinessError(ErrorCode.KV_NOT_FOUND, `Not found: KV store '${options.storeId}' does not exist and createIfMissing is false.`);
    }
    this.replica = new KvReplica(clock, snapshot);
    if (!snapshot) this.persistNow();
    const mine = (fn: (from: string, msg: ChannelMessage) => void) => (from: string, msg: ChannelMessage) => {
      if (msg.store === this.storeId && !this.closed && this.options.canSync) fn(from, msg);
    };
    this.off.push(
      this.channel.on('kv.pull', mine((from, msg) => this.onPull(from, msg))),
      this.channel.on('kv.data', mine((from, msg) => this.onData(from, msg))),
      this.channel.on('kv.push', mine((from, msg) => this.onPush(from, msg))),
      this.channel.on('kv.ack', mine((from, msg) => this.onAck(from, msg))),
      this.channel.on('kv.nack', (from, msg) => {
        if (msg.store !== this.storeId) return;
        const p = this.pending.get(String(msg.rid));
        if (p?.peer !== from) return;
        this.channel.log('warn', `superdevice: ${from} cannot sync '${this.storeId}' (${String(msg.reason)})`);
        p.resolve(undefined);
      }),
      this.channel.onPeerChange((change) => {
        if (change.kind === 'join' && this.options.autoSync && this.options.canSync && !this.closed) {
          void this.syncWith([change.peer.deviceId], SyncMode.PUSH_PULL);
        }
        if (change.kind === 'leave') {
          // A peer gone mid-sync fails its exchanges now instead of at the timeout.
          for (const p of [...this.pending.values()]) if (p.peer === change.peer.deviceId) p.resolve(undefined);
        }
      }),
    );
    if (this.options.autoSync && this.options.canSync) {
      const peers = this.channel.peers().map((p) => p.deviceId);
      if (peers.length) void this.syncWith(peers, SyncMode.PUSH_PULL);
    }
  }

  get isClosed(): boolean {
    return this.closed;
  }

  onChange(listener: (change: StoreChange) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Applies local writes/deletes (one batch), persists, notifies and, with autoSync, pushes to peers. */
  async write(ops: Array<{ key: string; value: EncodedValue | null }>): Promise<void> {
    this.assertOpen();
    const changes: AppliedChanges = { inserted: [], updated: [], deleted: [] };
    for (const op of ops) {
      const seqBefore = this.replica.sequence;
      const r = this.replica.writeLocal(op.key, op.value);
      if (!r) continue;
      if (r.kind === 'delete') changes.deleted.push({ ...r.record, v: r.previous ?? null });
      else (r.kind === 'insert' ? changes.inserted : changes.updated).push(r.record);
      this.queuePush(seqBefore, r.record);
    }
    const flushed = this.scheduleFlush();
    if (changes.inserted.length + changes.updated.length + changes.deleted.length) {
      this.emit({ origin: 'local', deviceId: this.channel.localId, changes });
    }
    await flushed;
  }

  /**
   * Syncs with the given peers; resolves with each peer's status (0 = done, 1 = failed or timed out) once every
   * exchange finished. A peer that leaves mid-sync times out without affecting the others.
   */
  async syncWith(deviceIds: string[], mode: SyncModeValue): Promise<Array<[string, number]>> {
    this.assertOpen();
    const reachable = new Set(this.channel.peers().map((p) => p.deviceId));
    return Promise.all(deviceIds.map(async (id): Promise<[string, number]> => {
      if (!reachable.has(id)) return [id, 1];
      const pull = mode === SyncMode.PULL_ONLY || mode === SyncMode.PUSH_PULL ? this.pullFrom(id, false) : undefined;
      const push = mode === SyncMode.PUSH_ONLY || mode === SyncMode.PUSH_PULL ? this.pushTo(id, false) : undefined;
      const [pulled, ack] = await Promise.all([pull, push]);
      if ((pull && !pulled) || (push && !ack)) return [id, 1];
      if (pulled && ack && ack.digest !== this.replica.digest()) {
        // Anti-entropy: after a two-way exchange both sides should hold the same state. A difference is either data
        // that arrived from a third device meanwhile (another incremental round carries it) or marks that lie (e.g.
        // a store file restored from an old copy): then a full exchange repairs the pair.
        const [p2, a2] = await Promise.all([this.pullFrom(id, false), this.pushTo(id, false)]);
        if (!p2 || !a2) return [id, 1];
        if (a2.digest !== this.replica.digest()) {
          this.channel.log('info', `superdevice: '${this.storeId}' differs from ${id} after sync; running a full exchange`);
          const [p3, a3] = await Promise.all([this.pullFrom(id, true), this.pushTo(id, true)]);
          if (!p3 || !a3) return [id, 1];
        }
      }
      return [id, 0];
    }));
  }

  /** Writes pending changes now (close, tests). */
  async flush(): Promise<void> {
    await this.flushScheduled;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    for (const o of this.off) o();
    for (const p of [...this.pending.values()]) p.resolve(undefined);
    this.persistNow();
  }

  /** Deletes the store's file (the store must be closed). */
  static deleteFile(dir: string, storeId: string): boolean {
    return new KvFile(dir, storeId, false).remove();
  }

  private assertOpen(): void {
    if (this.closed) throw new BusinessError(ErrorCode.KV_CLOSED, 'Database or result set already closed.');
  }

  private emit(change: StoreChange): void {
    for (const l of [...this.listeners]) l(change);
  }

  private scheduleFlush(): Promise<void> {
    // Writes in the same turn share one atomic file write.
    this.flushScheduled ??= new Promise<void>((resolve, reject) => {
      setImmediate(() => {
        this.flushScheduled = undefined;
        try {
          // close() already wrote the file; writing again could resurrect a store deleted right after closing.
          if (!this.closed) this.persistNow();
          resolve();
        } catch (err) {
          reject(err);
        }
      });
    });
    return this.flushScheduled;
  }

  private persistNow(): void {
    this.file.write(this.replica.snapshot());
  }

  private queuePush(seqBefore: number, record: KvRecord): void {
    if (!this.options.autoSync || !this.options.canSync) return;
    if (!this.pushBatch) {
      this.pushBatch = { startSeq: seqBefore, records: [], contiguous: true };
      queueMicrotask(() => this.sendPushBatch());
    }
    this.pushBatch.records.push(record);
  }

  private sendPushBatch(): void {
    const batch = this.pushBatch;
    this.pushBatch = undefined;
    if (!batch || this.closed) return;
    // The batch covers (startSeq, seq] only if no remote change was applied in between.
    const contiguous = batch.startSeq + batch.records.length === this.replica.sequence;
    for (const peer of this.channel.peers()) {
      // With an rid the receiver acks with its mark for us, which keeps `peerHas` current for later PUSH syncs.
      this.channel.send(peer.deviceId, {
        type: 'kv.push', store: this.storeId, rid: `${this.channel.localId}:p${++this.ridCounter}`, replica: this.replica.replicaId,
        records: batch.records,
        ...(contiguous ? { after: batch.startSeq, upTo: this.replica.sequence } : {}),
      });
    }
  }

  private request(to: string, msg: ChannelMessage): Promise<ChannelMessage | undefined> {
    const rid = `${this.channel.localId}:${++this.ridCounter}`;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.channel.log('warn', `superdevice: sync of '${this.storeId}' with ${to} timed out`);
        done(undefined);
      }, this.options.syncTimeoutMs);
      const done = (m: ChannelMessage | undefined) => {
        clearTimeout(timer);
        this.pending.delete(rid);
        resolve(m);
      };
      this.pending.set(rid, { peer: to, resolve: done });
      this.channel.send(to, { ...msg, rid });
    });
  }

  private async pullFrom(peer: string, full: boolean): Promise<boolean> {
    const marks = full ? {} : Object.fromEntries(this.replica.received);
    const reply = await this.request(peer, { type: 'kv.pull', store: this.storeId, marks });
    return reply !== undefined;
  }

  private async pushTo(peer: string, full: boolean): Promise<ChannelMessage | undefined> {
    const after = full ? 0 : this.peerHas.get(peer) ?? 0;
    const records = this.replica.changedSince(after);
    return this.request(peer, {
      type: 'kv.push', store: this.storeId, replica: this.replica.replicaId, records, after, upTo: this.replica.sequence,
      wantDigest: true,
    });
  }

  private onPull(from: string, msg: ChannelMessage): void {
    const mark = typeof msg.marks === 'object' && msg.marks !== null ? (msg.marks as Record<string, unknown>)[this.replica.replicaId] : 0;
    const since = Number.isSafeInteger(mark) ? (mark as number) : 0;
    this.channel.send(from, {
      type: 'kv.data', store: this.storeId, rid: String(msg.rid), replica: this.replica.replicaId,
      upTo: this.replica.sequence, records: this.replica.changedSince(since),
    });
  }

  private onData(from: string, msg: ChannelMessage): void {
    const pending = this.pending.get(String(msg.rid));
    if (pending?.peer !== from) return;
    const records = validRecords(msg.records);
    if (typeof msg.replica !== 'string' || !Number.isSafeInteger(msg.upTo)) throw new Error('malformed kv.data');
    this.applyFrom(from, records);
    const have = this.replica.received.get(msg.replica) ?? 0;
    this.replica.received.set(msg.replica, Math.max(have, msg.upTo as number));
    void this.scheduleFlush();
    pending.resolve(msg);
  }

  private onPush(from: string, msg: ChannelMessage): void {
    const records = validRecords(msg.records);
    if (typeof msg.replica !== 'string') throw new Error('malformed kv.push');
    this.applyFrom(from, records);
    const have = this.replica.received.get(msg.replica) ?? 0;
    if (Number.isSafeInteger(msg.after) && Number.isSafeInteger(msg.upTo) && have >= (msg.after as number)) {
      this.replica.received.set(msg.replica, Math.max(have, msg.upTo as number));
    }
    void this.scheduleFlush();
    if (msg.rid) {
      this.channel.send(from, { type: 'kv.ack', store: this.storeId, rid: String(msg.rid), replica: this.replica.replicaId,
        have: this.replica.received.get(msg.replica) ?? 0, ...(msg.wantDigest === true ? { digest: this.replica.digest() } : {}) });
    }
  }

  private onAck(from: string, msg: ChannelMessage): void {
    if (Number.isSafeInteger(msg.have)) this.peerHas.set(from, msg.have as number);
    const pending = this.pending.get(String(msg.rid));
    if (pending?.peer === from) pending.resolve(msg);
  }

  private applyFrom(from: string, records: KvRecord[]): void {
    this.stats.recordsReceived += records.length;
    if (!records.length) return;
    const changes = this.replica.applyRemote(records);
    if (changes.inserted.length + changes.updated.length + changes.deleted.length) {
      this.emit({ origin: 'remote', deviceId: from, changes });
    }
  }
}

function validRecords(x: unknown): KvRecord[] {
  if (!Array.isArray(x) || !x.every(isKvRecord)) throw new Error('malformed records');
  return x as KvRecord[];
}
