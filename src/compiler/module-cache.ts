/**
 * Compiled modules on disk, so that a new `hmos build` process compiles only what changed.
 *
 * Where: the build folder of the module a source file belongs to — `<module>/build/default/cache/hmos/modules/` (a
 * file of no module of the project, e.g. an installed package, is cached in the folder of the module that compiles
 * it; a scratch build with `outputDir`, which must not write into the project, keeps its cache there). hvigor keeps
 * its incremental caches in `<module>/build/default/cache/` too; deleting `build/` (a clean build) removes this one.
 * A cache under $HMOS_HOME would outlive the projects and need an eviction policy; this one holds one slot per source
 * file and page role, each with at most MAX_VARIANTS compiled variants (a HAR file compiled into several modules whose
 * resource ids differ).
 *
 * A slot is one file: a header line
 *   {"format":2,"bytes":<n>,"sha1":"<of the payload>","variants":[{"key":…,"meta":{…},"code":[at,len],"map":[at,len]}]}
 * then the payload (every variant's code and source map, UTF-8). `key` is the content key of a variant (this hmos
 * build, the source bytes, its path, its page role); `meta` holds what else the compile read — other files' component
 * declarations, import resolutions, resource ids, options — which the caller checks before reusing it. A header that
 * does not parse, a payload of the wrong length or checksum (a truncated or corrupt file): the slot reads as empty
 * and is rewritten after the compile. So a slot is written in place, not through a temp file and a rename: a reader
 * that meets a partial slot (another build writing it, a crash) finds its length or checksum wrong and compiles
 * again, as it would after losing a race of renames. One flat folder, one file per slot: a cold build of 200 pages
 * writes 200 slots, and a folder per hash prefix, a temp file and a rename per slot cost it ~100 ms more on ext4.
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const FORMAT = 3;
const MAX_VARIANTS = 8;

export interface StoredVariant<Meta> {
  key: string;
  meta: Meta;
  code: string;
  map: string;
}

interface SlotHeader<Meta> {
  format: number;
  bytes: number;
  sha1: string;
  variants: { key: string; meta: Meta; code: [number, number]; map: [number, number] }[];
}

export class ModuleDiskCache<Meta> {
  private made = false;

  constructor(readonly dir: string) {}

  private slot(fileName: string, role: string): string {
    return join(this.dir, `${createHash('sha1').update(`${fileName}\0${role}`).digest('hex')}.cache`);
  }

  /** Every sound variant stored for a file in a role (none when the slot is absent, truncated or corrupt). */
  read(fileName: string, role: string): StoredVariant<Meta>[] {
    let bytes: Buffer;
    try {
      bytes = readFileSync(this.slot(fileName, role));
    } catch {
      return [];
    }
    try {
      const nl = bytes.indexOf(10);
      if (nl < 0) return [];
      const header = JSON.parse(bytes.subarray(0, nl).toString('utf8')) as SlotHeader<Meta>;
      const payload = bytes.subarray(nl + 1);
      if (header.format !== FORMAT || payload.length !== header.bytes || !Array.isArray(header.variants)) return [];
      if (createHash('sha1').update(payload).digest('hex') !== header.sha1) return [];
      const text = (r: [number, number]) => {
        if (!Array.isArray(r) || r[0]! < 0 || r[1]! < 0 || r[0]! + r[1]! > payload.length) throw new Error('bad range');
        return payload.toString('utf8', r[0], r[0] + r[1]);
      };
      return header.variants.map((v) => ({ key: String(v.key), meta: v.meta, code: text(v.code), map: text(v.map) }));
    } catch {
      return [];
    }
  }

  /** Stores a variant first in its slot (keeping the newest others); a folder that cannot be written only costs speed. */
  write(fileName: string, role: string, variant: StoredVariant<Meta>): void {
    const kept = [variant, ...this.read(fileName, role).filter((v) => v.key !== variant.key || JSON.stringify(v.meta) !== JSON.stringify(variant.meta))].slice(0, MAX_VARIANTS);
    const chunks: Buffer[] = [];
    let at = 0;
    const put = (s: string): [number, number] => {
      const b = Buffer.from(s, 'utf8');
      chunks.push(b);
      at += b.length;
      return [at - b.length, b.length];
    };
    const variants = kept.map((v) => ({ key: v.key, meta: v.meta, code: put(v.code), map: put(v.map) }));
    const payload = Buffer.concat(chunks);
    const header: SlotHeader<Meta> = { format: FORMAT, bytes: payload.length, sha1: createHash('sha1').update(payload).digest('hex'), variants };
    try {
      if (!this.made) mkdirSync(this.dir, { recursive: true });
      this.made = true;
      writeFileSync(this.slot(fileName, role), Buffer.concat([Buffer.from(JSON.stringify(header) + '\n', 'utf8'), payload]));
    } catch {
      // read-only project, disk full: the next build compiles again
    }
  }
}
