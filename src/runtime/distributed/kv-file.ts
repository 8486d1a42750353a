/**
 * The on-disk form of a KV store: one JSON file per store in the app's data folder, always replaced atomically.
 * With `encrypt: true` the file is sealed with AES-256-GCM under a random per-store key kept beside it (mode 0600) —
 * a copy of the store file alone does not reveal the data (the reference keeps such keys in a hardware keystore;
 * an emulated device has none).
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../../util/atomic.js';
import type { ReplicaSnapshot } from './kv-replica.js';

interface SealedFile {
  format: 'hmos-kv-sealed/1';
  iv: string;
  tag: string;
  data: string;
}

export class KvFile {
  readonly path: string;
  private readonly keyPath: string;
  private key?: Buffer;

  constructor(dir: string, storeId: string, private encrypt: boolean) {
    this.path = join(dir, `${storeId}.json`);
    this.keyPath = join(dir, `${storeId}.key`);
  }

  exists(): boolean {
    return existsSync(this.path);
  }

  /** Reads the snapshot; throws (with a reason) on anything that is not a store file. */
  read(): ReplicaSnapshot {
    let doc = JSON.parse(readFileSync(this.path, 'utf8')) as ReplicaSnapshot | SealedFile;
    if (doc.format === 'hmos-kv-sealed/1') {
      // A sealed store stays sealed even if reopened without `encrypt`.
      this.encrypt = true;
      const key = this.loadKey(false);
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(doc.iv, 'base64'));
      decipher.setAuthTag(Buffer.from(doc.tag, 'base64'));
      const plain = Buffer.concat([decipher.update(Buffer.from(doc.data, 'base64')), decipher.final()]);
      doc = JSON.parse(plain.toString('utf8')) as ReplicaSnapshot;
    }
    if (doc.format !== 'hmos-kv/1' || !Array.isArray(doc.records)) throw new Error('not a KV store file');
    return doc;
  }

  write(snapshot: ReplicaSnapshot): void {
    const json = JSON.stringify(snapshot);
    if (!this.encrypt) {
      writeFileAtomic(this.path, json);
      return;
    }
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.loadKey(true), iv);
    const data = Buffer.concat([cipher.update(json, 'utf8'), cipher.final()]);
    const sealed: SealedFile = { format: 'hmos-kv-sealed/1', iv: iv.toString('base64'), tag: cipher.getAuthTag().toString('base64'),
      data: data.toString('base64') };
    writeFileAtomic(this.path, JSON.stringify(sealed));
  }

  /** Removes the store (and its key); false when there was none. */
  remove(): boolean {
    const had = existsSync(this.path);
    rmSync(this.path, { force: true });
    rmSync(this.keyPath, { force: true });
    return had;
  }

  private loadKey(create: boolean): Buffer {
    if (this.key) return this.key;
    if (existsSync(this.keyPath)) {
      const key = Buffer.from(readFileSync(this.keyPath, 'utf8').trim(), 'base64');
      if (key.length !== 32) throw new Error('the store key file is damaged');
      return (this.key = key);
    }
    if (!create) throw new Error('the store is encrypted and its key file is missing');
    const key = randomBytes(32);
    writeFileAtomic(this.keyPath, key.toString('base64'), { mode: 0o600 });
    return (this.key = key);
  }
}
