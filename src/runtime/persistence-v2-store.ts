/**
 * Where PersistenceV2 keeps an app's values on a device: one file per key in the app's sandbox, written atomically
 * (a crash mid-write leaves the previous value). `connect` values live per module under the el2 area
 * (`/data/storage/el2/base/haps/<module>/persistence_v2/`), `globalConnect` values under the chosen area's app-wide
 * folder (`/data/storage/el<1-5>/base/persistence_v2/`). The files are in the device's data folder, so they survive
 * an app relaunch and a device restart; `hmos emulate --wipe` removes them. Keys are hex-encoded in file names, so no
 * key can name a path.
 */
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../util/atomic.js';
import type { SandboxFs } from './sandbox-fs.js';

/** A value larger than this is refused (the platform's 'quota' error). */
export const MAX_PERSISTED_BYTES = 10 * 1024 * 1024;

export class PersistenceV2Store {
  /** Folders resolved (and checked against the sandbox) once: a write-through is a write and a rename. */
  private readonly dirs = new Map<string, string>();
  constructor(private readonly fs: SandboxFs, private readonly moduleName: string) {}

  private dir(scope: string): string {
    const have = this.dirs.get(scope);
    if (have) return have;
    const m = /^global:([0-4])$/.exec(scope);
    if (!m && scope !== 'module') throw Object.assign(new Error(`unknown persistence scope '${scope}'`), { code: 401 });
    const dir = this.fs.resolve(m ? `/data/storage/el${Number(m[1]) + 1}/base/persistence_v2` : `/data/storage/el2/base/haps/${this.moduleName}/persistence_v2`);
    this.dirs.set(scope, dir);
    return dir;
  }
  private file(scope: string, key: string): string {
    if (typeof key !== 'string' || key === '') throw Object.assign(new Error('Cannot use empty string as the key'), { code: 401 });
    return path.join(this.dir(scope), `${Buffer.from(key, 'utf8').toString('hex')}.json`);
  }
  private scopes(): string[] { return ['module', 'global:0', 'global:1', 'global:2', 'global:3', 'global:4']; }

  get(scope: string, key: string): string | null {
    try { return fs.readFileSync(this.file(scope, key), 'utf8'); } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
  }
  set(scope: string, key: string, text: string): void {
    if (Buffer.byteLength(text, 'utf8') > MAX_PERSISTED_BYTES) {
      throw Object.assign(new Error(`the value of '${key}' is larger than ${MAX_PERSISTED_BYTES} bytes`), { code: 'quota' });
    }
    const file = this.file(scope, key);
    // The folder may have been removed since (a wipe of the app's data): writeFileAtomic makes it again.
    writeFileAtomic(file, text);
  }
  /** Removes the key from `scope`, or from every scope when none is given; false when it was nowhere. */
  delete(key: string, scope?: string): boolean {
    let found = false;
    for (const s of scope ? [scope] : this.scopes()) {
      const f = this.file(s, key);
      if (fs.existsSync(f)) { fs.rmSync(f, { force: true }); found = true; }
    }
    return found;
  }
  keys(): string[] {
    const out = new Set<string>();
    for (const s of this.scopes()) {
      let names: string[] = [];
      try { names = fs.readdirSync(this.dir(s)); } catch { continue; }
      for (const n of names) {
        const m = /^([0-9a-f]+)\.json$/.exec(n);
        if (m && m[1].length % 2 === 0) out.add(Buffer.from(m[1], 'hex').toString('utf8'));
      }
    }
    return [...out];
  }
}
