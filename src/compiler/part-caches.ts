/**
 * The V8 code caches of a module's bundle parts (hap/bundle-script.ts), kept between builds so that a build after an
 * edit makes the caches of the parts whose text changed only: making a cache means compiling (pre-parsing) the part,
 * ~15 ms per MB. A cache is reused for a part with the same sha256 at the same line (V8 keeps the line offset a cache
 * was made with) made by this Node; a watch keeps them in memory, a one-shot build also in one file beside its bundle
 * memo (`<module>/build/default/cache/hmos/bundle-<mode>.v8cache`) for the next process.
 *
 * V8 makes different bytes for the same script in two processes (it stores values it randomises per process, e.g.
 * hash seeds), so a HAP's caches were never byte-reproducible; what a reused cache holds is what a new one would hold
 * for that part, and a device accepts either. Everything else in the HAP stays the same bytes as a cold build's.
 * The file is V8-serialized and each cache carries its CRC-32: a file that is missing, foreign, truncated or
 * damaged only costs the next build the caches it would have reused.
 */
import { readFileSync } from 'node:fs';
import { deserialize, serialize } from 'node:v8';
import type { BuiltPart } from '../hap/bundle-script.js';
import { crc32 } from '../hap/zip-writer.js';
import { writeFileAtomic } from '../util/atomic.js';

const FORMAT = 1;

interface StoreFile {
  format: number;
  node: string;
  v8: string;
  /** [sha256:line, cache, crc32 of cache] */
  caches: [string, Uint8Array, number][];
}

const keyOf = (part: Pick<BuiltPart, 'sha256' | 'line'>) => `${part.sha256}:${part.line}`;

export class PartCaches {
  /** The caches of the last build (a build keeps those it used and made, and drops the rest). */
  private kept = new Map<string, Uint8Array>();
  private loaded = false;
  private dirty = false;

  /** `file`: where they are kept for the next process (none: in memory only). */
  constructor(private readonly file?: string) {}

  /**
   * The caches of `parts`, in order: those of unchanged parts reused, the others made by `make` (given the parts
   * that need one, in order). Only the caches of these parts are kept afterwards.
   */
  async caches(parts: readonly BuiltPart[], make: (missing: readonly BuiltPart[]) => Promise<Uint8Array[]>): Promise<Uint8Array[]> {
    this.load();
    const found = parts.map((p) => this.kept.get(keyOf(p)));
    const missing = parts.filter((_, i) => found[i] === undefined);
    const made = missing.length > 0 ? await make(missing) : [];
    let next = 0;
    const out = found.map((c) => c ?? made[next++]!);
    const kept = new Map(parts.map((p, i) => [keyOf(p), out[i]!]));
    if (missing.length > 0 || kept.size !== this.kept.size) this.dirty = true;
    this.kept = kept;
    return out;
  }

  /** Writes them for the next process when they changed (best effort: an unwritable folder only costs time). */
  save(): void {
    if (!this.file || !this.dirty) return;
    this.dirty = false;
    const file: StoreFile = { format: FORMAT, node: process.version, v8: process.versions.v8, caches: [...this.kept].map(([k, c]) => [k, c, crc32(Buffer.from(c.buffer, c.byteOffset, c.byteLength))]) };
    try {
      writeFileAtomic(this.file, serialize(file));
    } catch {
      // read-only project, full disk: the next build makes the caches again
    }
  }

  private load(): void {
    if (this.loaded || !this.file) return;
    this.loaded = true;
    try {
      const stored = deserialize(readFileSync(this.file)) as Partial<StoreFile>;
      if (stored?.format !== FORMAT || stored.node !== process.version || stored.v8 !== process.versions.v8 || !Array.isArray(stored.caches)) return;
      for (const [key, cache, crc] of stored.caches) {
        if (typeof key === 'string' && cache instanceof Uint8Array && crc32(Buffer.from(cache.buffer, cache.byteOffset, cache.byteLength)) === crc) this.kept.set(key, cache);
      }
    } catch {
      // none yet, or not readable: every cache is made
    }
  }
}
