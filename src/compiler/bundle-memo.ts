/**
 * The compiled modules of a module's last bundle, in one file, so that a new `hmos build` process after an edit
 * reuses the unchanged ones the way a watch rebuild does: by the source file's stamp (mtime, ctime, size, inode —
 * the stamps the up-to-date manifest trusts), without reading the source or its slot in the module cache
 * (module-cache.ts), which costs a read, a content hash, a checksum and a JSON parse per file — most of a one-edit
 * build's time on its main thread. Each entry is still checked by the caller: the same stamp now, and what its
 * compile read (options, resource ids, other files' declarations, import resolutions) still the same.
 *
 * Where: `<module>/build/default/cache/hmos/bundle-<mode>.memo` (beside the module cache, removed with `build/`).
 * Format: V8's serializer (fast for large strings), keyed by this hmos build, this Node and the module's compile
 * options; anything else — a missing, truncated or foreign file — reads as no memo. After an edit only the entries
 * that changed are written, to `bundle-<mode>.memo.delta` over the base (rewriting 4 MB for one page cost a one-edit
 * build ~15 ms); the base is rewritten when the delta would grow past MAX_DELTA_ENTRIES. Written through a temp file
 * and a rename; a file changed shortly before the build started (coarse file-system clocks) is left out, as the
 * up-to-date manifest leaves such builds out, so a later write with the same stamp cannot be missed.
 */
import { randomBytes } from 'node:crypto';
import { readFileSync, rmSync } from 'node:fs';
import { deserialize, serialize } from 'node:v8';
import { writeFileAtomic } from '../util/atomic.js';
import { HMOS_BUILD_ID } from '../util/build-id.js';
import type { CompiledModule } from './module-compiler.js';

const FORMAT = 1;

/** A file changed this shortly before a build started may change again with the same stamp. */
const STAMP_MARGIN_MS = 100;
/** …on a file system that keeps whole seconds (or milliseconds) only, this shortly. */
const COARSE_STAMP_MARGIN_MS = 2_000;

export interface MemoEntry {
  /** The source's stamp when it was read for this compile; VIRTUAL_STAMP for generated code (the entry, a kit). */
  stamp: string;
  module: CompiledModule;
  /** The source text (the bundle map's sourcesContent; for generated code, what it was compiled from). */
  text: string;
}

/** The stamp of generated code, reused while its source text is the same. */
export const VIRTUAL_STAMP = 'virtual';

interface MemoFile {
  format: number;
  key: string;
  /** Names this base, for its delta. */
  id: string;
  entries: [file: string, entry: MemoEntry][];
}

/** The entries that differ from a base memo: written instead of the whole memo when few changed (an edit). */
interface MemoDelta {
  format: number;
  key: string;
  base: string;
  entries: [file: string, entry: MemoEntry][];
}

/** Beyond this many changed entries the base is written anew (and the delta removed). */
const MAX_DELTA_ENTRIES = 32;

/** What a memo file held when it was read: its entries, and what a later write needs to write a delta only. */
export interface Memo {
  entries: Map<string, MemoEntry>;
  /** The base's entries as read (a delta holds those that are no longer these very objects). */
  base?: { id: string; entries: Map<string, MemoEntry> };
}

/** What the memo of a bundle compiled with these options is keyed by. */
export function memoKey(bundleName: string, moduleName: string, mode: string): string {
  return JSON.stringify([HMOS_BUILD_ID, process.version, bundleName, moduleName, mode]);
}

const deltaPath = (file: string) => `${file}.delta`;

function readEntries(file: string, key: string): { id?: string; base?: string; entries: Map<string, MemoEntry> } | undefined {
  try {
    const memo = deserialize(readFileSync(file)) as Partial<MemoFile & MemoDelta>;
    if (memo?.format !== FORMAT || memo.key !== key || !Array.isArray(memo.entries)) return undefined;
    const entries = new Map(memo.entries.filter(([f, e]) => typeof f === 'string' && typeof e?.stamp === 'string' && typeof e.text === 'string' && typeof e.module?.code === 'string'));
    return { ...(typeof memo.id === 'string' ? { id: memo.id } : {}), ...(typeof memo.base === 'string' ? { base: memo.base } : {}), entries };
  } catch {
    return undefined;
  }
}

/** The memo at `file` made with `key` (its base and the delta written over it); empty when there is none or it cannot be used. */
export function readBundleMemo(file: string, key: string): Memo {
  const base = readEntries(file, key);
  if (!base?.id) return { entries: new Map() };
  const entries = new Map(base.entries);
  const delta = readEntries(deltaPath(file), key);
  if (delta?.base === base.id) for (const [f, e] of delta.entries) entries.set(f, e);
  return { entries, base: { id: base.id, entries: base.entries } };
}

/**
 * Writes the memo (best effort: a folder that cannot be written only costs the next build its time). When `read` (the
 * memo as this process read it) has a base and few entries differ from it, only those are written, as a delta.
 */
export function writeBundleMemo(file: string, key: string, entries: Iterable<[string, MemoEntry]>, startedAt: number, read?: Memo): Memo {
  const kept = new Map<string, MemoEntry>();
  for (const [f, e] of entries) {
    if (e.stamp !== VIRTUAL_STAMP) {
      const ns = /^(\d+):/.exec(e.stamp)?.[1];
      if (!ns) continue;
      const mtime = BigInt(ns);
      const margin = mtime % 1_000_000n === 0n ? COARSE_STAMP_MARGIN_MS : STAMP_MARGIN_MS;
      if (Number(mtime / 1_000_000n) >= startedAt - margin) continue;
    }
    kept.set(f, e);
  }
  try {
    const base = read?.base;
    if (base) {
      const changed = [...kept].filter(([f, e]) => base.entries.get(f) !== e);
      // Entries of the base that are gone now stay in it: each is checked by its stamp before it is used.
      if (changed.length <= MAX_DELTA_ENTRIES) {
        writeFileAtomic(deltaPath(file), serialize({ format: FORMAT, key, base: base.id, entries: changed } satisfies MemoDelta));
        return { entries: kept, base };
      }
    }
    const id = randomBytes(8).toString('hex');
    writeFileAtomic(file, serialize({ format: FORMAT, key, id, entries: [...kept] } satisfies MemoFile));
    rmSync(deltaPath(file), { force: true });
    return { entries: kept, base: { id, entries: kept } };
  } catch {
    // read-only project, disk full: the next build reads the module cache instead
    return { entries: kept };
  }
}
