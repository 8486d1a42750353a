/**
 * The replicated state of one KV store on one device: a last-writer-wins map ordered by hybrid logical clocks, with
 * deletes kept as tombstones so a delete wins over an older put that arrives later. Every change applied here
 * (local or remote) gets a local sequence number, so a peer can ask for "everything you changed after N" — the
 * per-peer high-water marks that let a device that was away catch up without resending the whole store.
 */
import { randomBytes, createHash } from 'node:crypto';
import { compareHlc, HybridLogicalClock, isHlcTimestamp, type HlcTimestamp } from './hlc.js';

/** A value as stored and sent: JSON-safe, with its kind. */
export type EncodedValue =
  | { t: 's'; v: string }
  | { t: 'n'; v: number }
  | { t: 'b'; v: boolean }
  | { t: 'u'; v: string /* base64 */ };

export type KvValue = string | number | boolean | Uint8Array;

export interface KvRecord {
  k: string;
  /** null: tombstone */
  v: EncodedValue | null;
  ts: HlcTimestamp;
}

interface StoredRecord extends KvRecord {
  /** local sequence number of the change */
  q: number;
}

/** What a write or merge changed; `deleted` records carry the value they had before the delete (for notifications). */
export interface AppliedChanges {
  inserted: KvRecord[];
  updated: KvRecord[];
  deleted: KvRecord[];
}

export interface ReplicaSnapshot {
  format: 'hmos-kv/1';
  replicaId: string;
  seq: number;
  /** peer replica id → highest of its sequence numbers we hold everything up to */
  received: Record<string, number>;
  records: StoredRecord[];
}

export function encodeValue(value: KvValue): EncodedValue {
  if (typeof value === 'string') return { t: 's', v: value };
  if (typeof value === 'number') return { t: 'n', v: value };
  if (typeof value === 'boolean') return { t: 'b', v: value };
  return { t: 'u', v: Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString('base64') };
}

export function decodeValue(e: EncodedValue): KvValue {
  if (e.t === 'u') return new Uint8Array(Buffer.from(e.v, 'base64'));
  return e.v;
}

export function isEncodedValue(x: unknown): x is EncodedValue {
  const e = x as EncodedValue;
  if (typeof e !== 'object' || e === null) return false;
  switch (e.t) {
    case 's': case 'u': return typeof e.v === 'string';
    case 'n': return typeof e.v === 'number';
    case 'b': return typeof e.v === 'boolean';
    default: return false;
  }
}

export function isKvRecord(x: unknown): x is KvRecord {
  const r = x as KvRecord;
  return typeof r === 'object' && r !== null && typeof r.k === 'string' && (r.v === null || isEncodedValue(r.v)) && isHlcTimestamp(r.ts);
}

export class KvReplica {
  readonly replicaId: string;
  private seq: number;
  private readonly records = new Map<string, StoredRecord>();
  readonly received: Map<string, number>;

  constructor(readonly clock: HybridLogicalClock, snapshot?: ReplicaSnapshot) {
    this.replicaId = snapshot?.replicaId ?? randomBytes(8).toString('hex');
    this.seq = snapshot?.seq ?? 0;
    this.received = new Map(Object.entries(snapshot?.received ?? {}));
    for (const r of snapshot?.records ?? []) {
      this.records.set(r.k, r);
      clock.receive(r.ts);
    }
  }

  get sequence(): number {
    return this.seq;
  }

  /** Live (non-deleted) record of a key. */
  get(key: string): KvRecord | undefined {
    const r = this.records.get(key);
    return r && r.v !== null ? r : undefined;
  }

  /** Live records whose key starts with `prefix`, sorted by key. */
  entries(prefix = ''): KvRecord[] {
    const out: KvRecord[] = [];
    for (const r of this.records.values()) if (r.v !== null && r.k.startsWith(prefix)) out.push(r);
    return out.sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
  }

  /** A local write (value) or delete (null). Returns the record, or undefined for a delete of a missing key. */
  writeLocal(key: string, value: EncodedValue | null):
    { record: KvRecord; kind: 'insert' | 'update' | 'delete'; previous?: EncodedValue } | undefined {
    const cur = this.records.get(key);
    const live = cur !== undefined && cur.v !== null;
    if (value === null && !live) return undefined;
    const rec: StoredRecord = { k: key, v: value, ts: this.clock.now(), q: ++this.seq };
    this.records.set(key, rec);
    return { record: strip(rec), kind: value === null ? 'delete' : live ? 'update' : 'insert', previous: cur?.v ?? undefined };
  }

  /** Merges records from a peer (last writer by HLC wins); returns what changed here. */
  applyRemote(records: KvRecord[]): AppliedChanges {
    const out: AppliedChanges = { inserted: [], updated: [], deleted: [] };
    for (const r of records) {
      this.clock.receive(r.ts);
      const cur = this.records.get(r.k);
      if (cur && compareHlc(r.ts, cur.ts) <= 0) continue;
      const rec: StoredRecord = { k: r.k, v: r.v, ts: r.ts, q: ++this.seq };
      this.records.set(r.k, rec);
      const wasLive = cur !== undefined && cur.v !== null;
      if (r.v === null) {
        if (wasLive) out.deleted.push({ k: r.k, v: cur.v, ts: r.ts });
      } else {
        (wasLive ? out.updated : out.inserted).push(strip(rec));
      }
    }
    return out;
  }

  /** Every record (tombstones included) changed here after local sequence `after`, oldest first. */
  changedSince(after: number): KvRecord[] {
    const out: StoredRecord[] = [];
    for (const r of this.records.values()) if (r.q > after) out.push(r);
    return out.sort((a, b) => a.q - b.q).map(strip);
  }

  /** Order-independent digest of the whole state (keys, versions, tombstones): equal digests mean equal replicas. */
  digest(): string {
    const h = createHash('sha256');
    for (const r of [...this.records.values()].sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0))) {
      h.update(JSON.stringify([r.k, r.v, r.ts.w, r.ts.l, r.ts.n]));
    }
    return h.digest('hex');
  }

  snapshot(): ReplicaSnapshot {
    return { format: 'hmos-kv/1', replicaId: this.replicaId, seq: this.seq, received: Object.fromEntries(this.received),
      records: [...this.records.values()] };
  }
}

function strip(r: StoredRecord): KvRecord {
  return { k: r.k, v: r.v, ts: r.ts };
}
