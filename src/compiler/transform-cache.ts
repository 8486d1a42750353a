/**
 * Transformed .ets files on disk, so that a new `hmos build` process transforms only what changed.
 *
 * Where: `<module>/build/default/cache/hmos/ets/` of the module being built (or under `--output-dir`'s folder for
 * scratch builds, which must not write into the project). The output of a file depends on the module it is compiled
 * into (its resource ids, its name), so the consuming module's build folder is its natural home — as hvigor keeps its
 * incremental caches in `<module>/build/default/cache/` — and deleting `build/` (a clean build) removes it. A cache
 * under $HMOS_HOME would outlive the projects and need an eviction policy; this one cannot grow past one entry per
 * source file and build variant.
 *
 * An entry is one file per (source file, page role, mode): a header line
 *   {"format":1,"key":"<sha256>","bytes":<n>,"sha1":"<of the body>"}
 * then the body (JSON: the transform's result and the resource ids it looked up). `key` covers the hmos build
 * (src/util/build-id.ts), the source bytes, its path and every option that changes the output; the body's
 * `result.dependencies` and `resources` list what else it read (other files' component declarations, import
 * resolutions, resource ids), which the caller checks before reusing it. A header or body that does not parse, a body
 * of the wrong length or checksum (a truncated or corrupt file), another key — all read as a miss, and the entry is
 * rewritten after the transform. Writes go to a temp file renamed over the entry, so concurrent builds never see a
 * partial entry (both write the same bytes for the same key; the last rename wins).
 */
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../util/atomic.js';
import { HMOS_BUILD_ID } from '../util/build-id.js';
import type { TransformResult } from './transform-contract.js';

const FORMAT = 1;

/** A resource id the transform looked up: [scope, type, name, id or null]. */
export type ResourceLookup = [scope: 'app' | 'sys', type: string, name: string, id: number | null];

export interface CachedTransform {
  result: TransformResult;
  resources: ResourceLookup[];
}

export interface TransformKeyParts {
  fileName: string;
  bytes: Uint8Array;
  pagePath?: string;
  pageFullPath?: string;
  mode: string;
  bundleName: string;
  moduleName: string;
}

/** The content key of one transform: this hmos, the source bytes and every option that changes the output. */
export function transformKey(p: TransformKeyParts): string {
  return createHash('sha256')
    .update(`${FORMAT}\0${HMOS_BUILD_ID}\0${p.fileName}\0${p.pagePath ?? ''}\0${p.pageFullPath ?? ''}\0${p.mode}\0${p.bundleName}\0${p.moduleName}\0`)
    .update(p.bytes)
    .digest('hex');
}

export class TransformDiskCache {
  constructor(readonly dir: string) {}

  /** The entry file of a source file in one role (a page or not) and mode: bounded, one per variant. */
  private slot(fileName: string, variant: string): string {
    const h = createHash('sha1').update(`${fileName}\0${variant}`).digest('hex');
    return join(this.dir, h.slice(0, 2), `${h.slice(2)}.json`);
  }

  /** The cached transform under `key`, or undefined (absent, another key, unreadable, truncated or corrupt). */
  read(fileName: string, variant: string, key: string): CachedTransform | undefined {
    let bytes: Buffer;
    try {
      bytes = readFileSync(this.slot(fileName, variant));
    } catch {
      return undefined;
    }
    const nl = bytes.indexOf(10);
    if (nl < 0) return undefined;
    try {
      const header = JSON.parse(bytes.subarray(0, nl).toString('utf8')) as { format?: unknown; key?: unknown; bytes?: unknown; sha1?: unknown };
      if (header.format !== FORMAT || header.key !== key) return undefined;
      const body = bytes.subarray(nl + 1);
      if (body.length !== header.bytes || createHash('sha1').update(body).digest('hex') !== header.sha1) return undefined;
      const entry = JSON.parse(body.toString('utf8')) as CachedTransform;
      return isCachedTransform(entry) ? entry : undefined;
    } catch {
      return undefined;
    }
  }

  /** Stores an entry; a folder that cannot be written only costs speed. */
  write(fileName: string, variant: string, key: string, entry: CachedTransform): void {
    const body = Buffer.from(JSON.stringify(entry), 'utf8');
    const header = JSON.stringify({ format: FORMAT, key, bytes: body.length, sha1: createHash('sha1').update(body).digest('hex') });
    try {
      writeFileAtomic(this.slot(fileName, variant), Buffer.concat([Buffer.from(header + '\n', 'utf8'), body]));
    } catch {
      // read-only project, disk full: the next build transforms again
    }
  }
}

function isCachedTransform(v: unknown): v is CachedTransform {
  const e = v as CachedTransform | null;
  const r = e?.result;
  return typeof e === 'object' && e !== null && Array.isArray(e.resources) && typeof r === 'object' && r !== null
    && typeof r.code === 'string' && Array.isArray(r.diagnostics) && Array.isArray(r.intents)
    && (r.dependencies === undefined || (Array.isArray(r.dependencies.declarations) && Array.isArray(r.dependencies.resolutions)));
}
