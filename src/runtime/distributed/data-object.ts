/**
 * `@ohos.data.distributedDataObject`: objects whose fields are shared by every device that joined the same session.
 * Assigning a field sends it to the session's peers (field-level last-writer-wins by hybrid logical clock);
 * peers see `change` and `status` ('online' / 'offline' / 'restored') events. `save(deviceId)` stores a snapshot on
 * a device so a continuation target that joins the same session later gets the data back ('restored') — the
 * source's onContinue puts the session id in wantParam, the target creates an object and calls setSessionId(id).
 *
 * Protocol (app channel): obj.hello {sid, fields, reply} on join (peers answer with their own hello), obj.set
 * {sid, fields}, obj.bye {sid} on leave, obj.save {rid, sid, fields, version} → obj.saved {rid}, obj.revoke {sid}.
 */
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { randomInt } from 'node:crypto';
import { writeFileAtomic } from '../../util/atomic.js';
import type { AppChannel, ChannelMessage } from './app-channel.js';
import { BusinessError, DATASYNC_PERMISSION, ErrorCode, paramError, permissionDenied, promiseOrCallback } from './business-error.js';
import { compareHlc, HybridLogicalClock, isHlcTimestamp, type HlcTimestamp } from './hlc.js';

type FieldState = { v: unknown; ts: HlcTimestamp };
type Fields = Record<string, FieldState>;

export interface SavedDataObject {
  format: 'hmos-dataobject/1';
  sessionId: string;
  version: number;
  /** device that saved it */
  source: string;
  fields: Fields;
}

const SESSION_ID = /^[A-Za-z0-9_]{1,128}$/;
const METHODS = new Set(['setSessionId', 'on', 'off', 'save', 'revokeSave', '__sessionId']);

export interface DataObjectEnv {
  channel: AppChannel;
  dataDir: string;
  permissions: string[];
  clock: () => number;
  syncTimeoutMs: number;
}

/** Where a device keeps saved objects for continuation. */
export function savedObjectPath(dataDir: string, sessionId: string): string {
  return join(dataDir, 'distributedobject', `${sessionId}.json`);
}

/** The saved object of a session on this device (what a continuation target restores), if any. */
export function readSavedObject(dataDir: string, sessionId: string): SavedDataObject | undefined {
  const file = savedObjectPath(dataDir, sessionId);
  if (!existsSync(file)) return undefined;
  try {
    const s = JSON.parse(readFileSync(file, 'utf8')) as SavedDataObject;
    return s.format === 'hmos-dataobject/1' && s.sessionId === sessionId ? s : undefined;
  } catch {
    return undefined;
  }
}

/** Per app and device: the sessions this device's objects joined and the protocol handlers. */
class SessionHub {
  readonly clock: HybridLogicalClock;
  private readonly objects = new Map<string, Set<DataObjectImpl>>();
  private readonly pending = new Map<string, (ok: boolean) => void>();
  private rid = 0;
  private version = 0;

  constructor(readonly env: DataObjectEnv) {
    this.clock = new HybridLogicalClock(env.channel.localId, env.clock);
    const ch = env.channel;
    ch.on('obj.hello', (from, m) => this.onHello(from, m));
    ch.on('obj.set', (from, m) => this.members(m).forEach((o) => o.merge(from, validFields(m.fields))));
    ch.on('obj.bye', (from, m) => this.members(m).forEach((o) => o.peerGone(from)));
    ch.on('obj.save', (from, m) => this.onSave(from, m));
    ch.on('obj.saved', (_from, m) => this.pending.get(String(m.rid))?.(true));
    ch.on('obj.revoke', (_from, m) => {
      if (typeof m.sid === 'string' && SESSION_ID.test(m.sid)) rmSync(savedObjectPath(env.dataDir, m.sid), { force: true });
    });
    ch.onPeerChange((change) => {
      if (change.kind === 'leave') for (const set of this.objects.values()) set.forEach((o) => o.peerGone(change.peer.deviceId));
    });
  }

  join(obj: DataObjectImpl, sid: string): void {
    let set = this.objects.get(sid);
    if (!set) this.objects.set(sid, (set = new Set()));
    set.add(obj);
    this.broadcast({ type: 'obj.hello', sid, fields: obj.fields(), reply: true });
  }

  leave(obj: DataObjectImpl, sid: string): void {
    const set = this.objects.get(sid);
    set?.delete(obj);
    if (set && set.size === 0) {
      this.objects.delete(sid);
      this.broadcast({ type: 'obj.bye', sid });
    }
  }

  publish(from: DataObjectImpl, sid: string, fields: Fields): void {
    for (const o of this.objects.get(sid) ?? []) if (o !== from) o.merge(this.env.channel.localId, fields);
    this.broadcast({ type: 'obj.set', sid, fields });
  }

  async save(sid: string, fields: Fields, deviceId: string): Promise<number> {
    const version = Math.max(Date.now(), this.version + 1);
    this.version = version;
    const ch = this.env.channel;
    if (deviceId === ch.localId) {
      writeSaved(this.env.dataDir, { format: 'hmos-dataobject/1', sessionId: sid, version, source: ch.localId, fields });
      return version;
    }
    if (!ch.peers().some((p) => p.deviceId === deviceId)) throw paramError(`deviceId '${deviceId}' is not a reachable device.`);
    const rid = `${ch.localId}:${++this.rid}`;
    const ok = await new Promise<boolean>((resolve) => {
      const timer = setTimeout(() => resolve(false), this.env.syncTimeoutMs);
      this.pending.set(rid, (v) => { clearTimeout(timer); resolve(v); });
      ch.send(deviceId, { type: 'obj.save', rid, sid, fields, version });
    });
    this.pending.delete(rid);
    if (!ok) throw new BusinessError(ErrorCode.INVALID_PARAMETER, `Saving session '${sid}' on ${deviceId} timed out: the device left.`);
    return version;
  }

  revoke(sid: string, devices: Iterable<string>): void {
    rmSync(savedObjectPath(this.env.dataDir, sid), { force: true });
    for (const d of devices) if (d !== this.env.channel.localId) this.env.channel.send(d, { type: 'obj.revoke', sid });
  }

  private members(m: ChannelMessage): DataObjectImpl[] {
    return typeof m.sid === 'string' ? [...(this.objects.get(m.sid) ?? [])] : [];
  }

  private onHello(from: string, m: ChannelMessage): void {
    const objs = this.members(m);
    if (!objs.length) return;
    const fields = validFields(m.fields);
    for (const o of objs) o.peerJoined(from, fields);
    if (m.reply === true) {
      this.env.channel.send(from, { type: 'obj.hello', sid: m.sid, fields: objs[0]!.fields(), reply: false });
    }
  }

  private onSave(from: string, m: ChannelMessage): void {
    if (typeof m.sid !== 'string' || !SESSION_ID.test(m.sid) || !Number.isSafeInteger(m.version)) throw new Error('malformed obj.save');
    writeSaved(this.env.dataDir, { format: 'hmos-dataobject/1', sessionId: m.sid, version: m.version as number, source: from,
      fields: validFields(m.fields) });
    this.env.channel.send(from, { type: 'obj.saved', rid: String(m.rid) });
  }

  private broadcast(msg: ChannelMessage): void {
    for (const p of this.env.channel.peers()) this.env.channel.send(p.deviceId, msg);
  }
}

type ChangeCb = (sessionId: string, fields: string[]) => void;
type StatusCb = (sessionId: string, networkId: string, status: 'online' | 'offline' | 'restored') => void;

class DataObjectImpl {
  private readonly state = new Map<string, FieldState>();
  private sessionId = '';
  private readonly changeCbs = new Set<ChangeCb>();
  private readonly statusCbs = new Set<StatusCb>();
  private readonly online = new Set<string>();
  private readonly savedOn = new Set<string>();
  proxy!: Record<string, unknown>;

  constructor(private readonly hub: SessionHub, source: Record<string, unknown>) {
    // Initial values carry the weakest timestamp: a device joining a session with fresh defaults must not overwrite
    // the data the session already has (the continuation case); assigned values always win over them.
    for (const [k, v] of Object.entries(source)) {
      if (v !== undefined) this.state.set(k, { v: checkJson(k, v), ts: { w: 0, l: 0, n: hub.env.channel.localId } });
    }
  }

  fields(): Fields {
    return Object.fromEntries(this.state);
  }

  get(field: string): unknown {
    return this.state.get(field)?.v;
  }

  set(field: string, value: unknown): void {
    const st: FieldState = { v: checkJson(field, value), ts: this.hub.clock.now() };
    this.state.set(field, st);
    if (this.sessionId) this.hub.publish(this, this.sessionId, { [field]: st });
  }

  merge(_from: string, fields: Fields): string[] {
    const changed: string[] = [];
    for (const [k, st] of Object.entries(fields)) {
      this.hub.clock.receive(st.ts);
      const cur = this.state.get(k);
      if (cur && compareHlc(st.ts, cur.ts) <= 0) continue;
      this.state.set(k, st);
      changed.push(k);
    }
    if (changed.length && this.sessionId) for (const cb of [...this.changeCbs]) cb(this.sessionId, changed);
    return changed;
  }

  peerJoined(from: string, fields: Fields): void {
    this.merge(from, fields);
    if (!this.online.has(from)) {
      this.online.add(from);
      for (const cb of [...this.statusCbs]) cb(this.sessionId, from, 'online');
    }
  }

  peerGone(from: string): void {
    if (!this.online.delete(from)) return;
    for (const cb of [...this.statusCbs]) cb(this.sessionId, from, 'offline');
  }

  async setSessionId(sid: string | undefined): Promise<void> {
    if (this.sessionId) {
      this.hub.leave(this, this.sessionId);
      for (const p of [...this.online]) this.peerGone(p);
      this.sessionId = '';
    }
    if (!sid) return;
    this.sessionId = sid;
    const saved = readSavedObject(this.hub.env.dataDir, sid);
    if (saved) {
      // What the source saved for this device wins over the values the object was created with here (a target
      // creates it after the save, so by clock alone its fresh defaults would hide the handed-over data).
      for (const st of Object.values(saved.fields)) this.hub.clock.receive(st.ts);
      this.merge(saved.source, Object.fromEntries(Object.entries(saved.fields).map(([k, st]) => [k, { ...st, ts: this.hub.clock.now() }])));
      for (const cb of [...this.statusCbs]) cb(sid, this.hub.env.channel.localId, 'restored');
    }
    this.hub.join(this, sid);
  }

  api(): Record<string, Function> {
    const env = this.hub.env;
    const needPermission = (api: string) => {
      if (!env.permissions.includes(DATASYNC_PERMISSION)) throw permissionDenied(api);
    };
    return {
      setSessionId: (sid?: unknown, callback?: unknown) => {
        if (typeof sid === 'function') [callback, sid] = [sid, undefined];
        if (sid !== undefined && sid !== '' && (typeof sid !== 'string' || !SESSION_ID.test(sid))) {
          throw paramError('sessionId must be 1-128 letters, digits or underscores.');
        }
        needPermission('setSessionId');
        return promiseOrCallback(callback, () => this.setSessionId(sid as string | undefined));
      },
      on: (event: string, cb: Function) => {
        if (typeof cb !== 'function') throw paramError('callback must be a function.');
        if (event === 'change') this.changeCbs.add(cb as ChangeCb);
        else if (event === 'status') this.statusCbs.add(cb as StatusCb);
        else throw paramError(`unknown event '${event}'.`);
      },
      off: (event: string, cb?: Function) => {
        const set: Set<Function> = event === 'change' ? this.changeCbs : event === 'status' ? this.statusCbs : new Set();
        if (cb) set.delete(cb);
        else set.clear();
      },
      save: (deviceId: unknown, callback?: unknown) => {
        if (typeof deviceId !== 'string' || !deviceId) throw paramError('deviceId must be a non-empty string.');
        needPermission('save');
        if (!this.sessionId) throw paramError('the object has not joined a session (call setSessionId first).');
        const sid = this.sessionId;
        return promiseOrCallback(callback, async () => {
          const version = await this.hub.save(sid, this.fields(), deviceId);
          this.savedOn.add(deviceId);
          return { sessionId: sid, version, deviceId };
        });
      },
      revokeSave: (callback?: unknown) => {
        needPermission('revokeSave');
        if (!this.sessionId) throw paramError('the object has not joined a session (call setSessionId first).');
        const sid = this.sessionId;
        return promiseOrCallback(callback, async () => {
          this.hub.revoke(sid, this.savedOn);
          this.savedOn.clear();
          return { sessionId: sid };
        });
      },
      __sessionId: () => this.sessionId,
    };
  }
}

export function createDataObjectNamespace(env: DataObjectEnv): Record<string, unknown> {
  // Created up front: a device must accept saves (continuation) before the app on it created any object.
  const hub = new SessionHub(env);
  const ns = {
    create(_context: unknown, source: unknown): Record<string, unknown> {
      if (typeof source !== 'object' || source === null || Array.isArray(source)) throw paramError('source must be an object.');
      const impl = new DataObjectImpl(hub, source as Record<string, unknown>);
      const api = impl.api();
      impl.proxy = new Proxy({} as Record<string, unknown>, {
        get: (_t, prop) => (typeof prop !== 'string' ? undefined : METHODS.has(prop) ? api[prop] : impl.get(prop)),
        set: (_t, prop, value) => {
          if (typeof prop !== 'string' || METHODS.has(prop)) return false;
          impl.set(prop, value);
          return true;
        },
        has: (_t, prop) => typeof prop === 'string' && (METHODS.has(prop) || impl.get(prop) !== undefined),
        ownKeys: () => Object.keys(impl.fields()),
        getOwnPropertyDescriptor: (_t, prop) => (typeof prop === 'string' && impl.get(prop) !== undefined
          ? { value: impl.get(prop), writable: true, enumerable: true, configurable: true } : undefined),
      });
      return impl.proxy;
    },
    /** A random session id, as the reference returns (8 digits). */
    genSessionId(): string {
      return String(randomInt(10_000_000, 100_000_000));
    },
  };
  return { ...ns, default: ns };
}

function writeSaved(dataDir: string, saved: SavedDataObject): void {
  writeFileAtomic(savedObjectPath(dataDir, saved.sessionId), JSON.stringify(saved));
}

function checkJson(field: string, v: unknown): unknown {
  try {
    return v === undefined ? undefined : JSON.parse(JSON.stringify(v));
  } catch {
    throw paramError(`field '${field}' must hold JSON-compatible data.`);
  }
}

function validFields(x: unknown): Fields {
  if (typeof x !== 'object' || x === null || Array.isArray(x)) throw new Error('malformed fields');
  for (const st of Object.values(x as Fields)) {
    if (typeof st !== 'object' || st === null || !isHlcTimestamp(st.ts)) throw new Error('malformed field state');
  }
  return x as Fields;
}
