/**
 * Skipping a build whose inputs have not changed. After a build that succeeded, `recordUpToDate` writes a manifest of
 * everything the build read and wrote, each with its stamp (mtime, ctime, size, inode): every file and folder of the
 * project (but build outputs, installed packages and VCS folders) and of local packages outside it, the manifests and
 * archives the package graph read, the bundle inputs from installed packages, where each `oh_modules` entry points,
 * the signing key, and the packages written. `upToDateResult` — called before anything heavy is loaded — walks the same
 * things again; when all are as recorded (and this is the same hmos build, Node/V8, options and state folder) the
 * recorded result stands and nothing is bundled or packed.
 *
 * Safe by construction: any difference (an added, removed, touched or replaced file, a changed link, a missing or
 * rewritten output) means "build". A file written while the build read it cannot be missed: the manifest is not
 * written when any input changed less than STAMP_MARGIN_MS before the build started (file-system clocks are coarse),
 * so such a file always differs from its recorded stamp later. Where: `<dir>/build/hmos/up-to-date-<options>.json`
 * (`dir` as given to the build; with `outputDir`, in that folder), beside the outputs it vouches for.
 *
 * This module loads nothing but Node built-ins: `hmos build` calls it before the compiler is loaded.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, readlinkSync, rmSync, statSync, type Dirent } from 'node:fs';
import { join, normalize, relative, resolve, sep } from 'node:path';
import { writeFileAtomic } from '../util/atomic.js';
import { HMOS_BUILD_ID } from '../util/build-id.js';
import { hmosHome } from '../util/paths.js';
import type { BuildResult } from './build.js';

const FORMAT = 1;

/** Folders whose content never affects a build (outputs, installed packages — checked through what the build used —,
 *  version control and IDE state). */
const SKIPPED = /^(build|oh_modules|node_modules|\.hvigor|\.git|\.svn|\.hg|\.idea|\.preview|\.vscode)$|^\.hmos-tmp-/;

/** Beyond this many entries, a tree is not worth walking on every build (the manifest is then not written). */
const MAX_TREE_ENTRIES = 50_000;

/** A file changed this shortly before a build started may change again with the same stamp (coarse clocks). */
const STAMP_MARGIN_MS = 100;
/** …and on a file system that keeps whole seconds (or milliseconds) only, this shortly. */
const COARSE_STAMP_MARGIN_MS = 2_000;

export interface UpToDateOptions {
  module?: string;
  mode?: 'debug' | 'release';
  outputDir?: string;
  homeDir?: string;
}

/** What the build read: the trees it walked and the single files and links beside them. */
export interface BuildInputs {
  /** Folders walked whole: the project root, local packages outside it. */
  trees: string[];
  /** Files outside those trees (package manifests, archives, bundle inputs from installed packages). */
  files: string[];
  /** Inputs the build may have created itself (the signing key, on a first build): recorded, but no sign of a race. */
  ownFiles: string[];
  /** `oh_modules` folders: where each entry points decides what an import resolves to. */
  linkDirs: string[];
  /** The packages the build wrote. */
  outputs: string[];
}

interface Manifest {
  format: number;
  build: string;
  node: string;
  options: string;
  trees: { dir: string; entries: [string, string][] }[];
  files: [string, string][];
  links: [string, string][];
  outputs: [string, string][];
  result: BuildResult;
}

export function manifestPath(dir: string, options: UpToDateOptions): string {
  const root = resolve(dir);
  const key = optionsKey(root, options).slice(0, 16);
  return options.outputDir ? join(resolve(options.outputDir), '.hmos-cache', `up-to-date-${key}.json`) : join(root, 'build', 'hmos', `up-to-date-${key}.json`);
}

function optionsKey(dir: string, o: UpToDateOptions): string {
  return createHash('sha256').update(JSON.stringify([dir, o.module ?? null, o.mode ?? 'debug', o.outputDir ? resolve(o.outputDir) : null, o.homeDir ?? hmosHome()])).digest('hex');
}

/** Why a build is not up to date, when a tree differs: how many entries, and the files among them (added or touched). */
export interface ChangeSeen {
  changedEntries?: number;
  changedFiles?: string[];
}

/** A tree walked before a build (folder → its entries), for the manifest of that build (recordUpToDate). */
export type TreeWalks = Map<string, [string, string][]>;

/**
 * The recorded result of the last build when nothing it depends on changed since, else undefined. Never throws.
 * `walks` gets the trees it walked: a build that follows records them instead of walking them again (stamps taken
 * before the build are the safe ones to record: a file written during the build then differs next time). `seen`
 * gets how many entries of a tree differ from the last build's (and which files), when that is why the build is not up to date.
 */
export function upToDateResult(dir: string, options: UpToDateOptions, walks?: TreeWalks, seen?: ChangeSeen): BuildResult | undefined {
  const t0 = performance.now();
  let m: Manifest;
  try {
    m = JSON.parse(readFileSync(manifestPath(dir, options), 'utf8')) as Manifest;
  } catch {
    return undefined;
  }
  try {
    if (m.format !== FORMAT || m.build !== HMOS_BUILD_ID || m.node !== nodeKey() || m.options !== optionsKey(resolve(dir), options)) return undefined;
    for (const t of m.trees) {
      const now = walkTree(t.dir);
      if (now) walks?.set(t.dir, now);
      if (!now) return undefined;
      let same = now.length === t.entries.length;
      for (let i = 0; same && i < now.length; i++) if (now[i]![0] !== t.entries[i]![0] || now[i]![1] !== t.entries[i]![1]) same = false;
      if (!same) {
        // How much changed (files and folders added, removed or touched in this tree): a caller may pick how to build.
        if (seen) {
          const before = new Map(t.entries);
          const changed = now.filter(([path, stamp]) => before.get(path) !== stamp);
          seen.changedEntries = changed.length + Math.max(0, t.entries.length - now.length);
          seen.changedFiles = changed.filter(([, stamp]) => stamp !== 'dir').map(([path]) => join(t.dir, path));
        }
        return undefined;
      }
    }
    for (const [f, stamp] of [...m.files, ...m.outputs]) if (stampOf(f) !== stamp) return undefined;
    for (const [d, listing] of m.links) if (linkListing(d) !== listing) return undefined;
    const result = m.result;
    if (!result || !Array.isArray(result.modules)) return undefined;
    return {
      ...result,
      upToDate: true,
      modules: result.modules.map((mod) => ({ ...mod, transformed: 0, compiled: 0, ms: { parse: 0, transform: 0, bundle: 0, package: 0 } })),
      ms: Math.round((performance.now() - t0) * 10) / 10,
    };
  } catch {
    return undefined;
  }
}

/**
 * Writes the manifest of a build that succeeded and started at `startedAt` (epoch ms), with the trees in `walks` as
 * they were walked before it started (the others are walked now). Best effort: a folder that
 * cannot be written, a tree too large to walk, or an input changed during the build means no manifest (and the old
 * one is removed, so it cannot vouch for outputs it did not see written).
 */
export function recordUpToDate(dir: string, options: UpToDateOptions, inputs: BuildInputs, result: BuildResult, startedAt: number, walks?: TreeWalks): void {
  const file = manifestPath(dir, options);
  const forget = () => {
    try {
      rmSync(file, { force: true });
    } catch {
      // nothing to forget
    }
  };
  if (!result.ok) return forget();
  const newest = { ms: 0, coarse: false };
  const stampNote = (stamp: string | undefined) => {
    if (!stamp || !/^\d+:/.test(stamp)) return;
    const ns = BigInt(stamp.split(':')[0]!);
    newest.ms = Math.max(newest.ms, Number(ns / 1_000_000n));
    if (ns % 1_000_000n === 0n) newest.coarse = true;
  };
  const trees: Manifest['trees'] = [];
  // Trees inside other trees are walked with them.
  const roots = [...new Set(inputs.trees)].filter((t, _, all) => !all.some((o) => o !== t && !relative(o, t).startsWith('..') && !relative(o, t).startsWith('/')));
  for (const t of roots) {
    const entries = walks?.get(t) ?? walkTree(t);
    if (!entries) return forget();
    for (const [, stamp] of entries) if (stamp !== 'dir') stampNote(stamp);
    trees.push({ dir: t, entries });
  }
  // A file inside a walked tree is covered by the walk, unless it sits in a folder the walk skips (oh_modules…).
  const covered = (f: string) => inputs.trees.some((t) => {
    const r = relative(t, f);
    return r !== '' && !r.startsWith('..') && !r.startsWith('/') && !r.split(/[\\/]/).slice(0, -1).some((seg) => SKIPPED.test(seg));
  });
  const files: [string, string][] = [];
  for (const f of [...new Set(inputs.files)].filter((x) => !covered(x)).sort()) {
    const stamp = stampOf(f);
    stampNote(stamp);
    files.push([f, stamp]);
  }
  const margin = newest.coarse ? COARSE_STAMP_MARGIN_MS : STAMP_MARGIN_MS;
  if (newest.ms >= startedAt - margin) return forget();
  for (const f of [...new Set(inputs.ownFiles)].sort()) files.push([f, stampOf(f)]);
  const manifest: Manifest = {
    format: FORMAT, build: HMOS_BUILD_ID, node: nodeKey(), options: optionsKey(resolve(dir), options),
    trees, files,
    links: [...new Set(inputs.linkDirs)].sort().map((d) => [d, linkListing(d)]),
    outputs: [...new Set(inputs.outputs)].map((f) => [f, stampOf(f)]),
    result: { ...result, upToDate: undefined },
  };
  try {
    writeFileAtomic(file, JSON.stringify(manifest));
  } catch {
    // a read-only project only costs the next build its time
  }
}

/** The V8 code cache in a package is only good for the Node that made it. */
const nodeKey = () => `${process.version}/${process.versions.v8}`;

/** A file's (or folder's) stamp: any write, replacement or removal changes it. */
export function stampOf(file: string): string {
  try {
    const st = statSync(file, { bigint: true, throwIfNoEntry: false });
    return st ? `${st.mtimeNs}:${st.ctimeNs}:${st.size}:${st.ino}:${st.isDirectory() ? 'd' : 'f'}` : 'missing';
  } catch {
    return 'unreadable';
  }
}

/**
 * The walked files and folders by absolute path, each with its stamp as source-file stamps are written
 * (`mtime:ctime:size:inode`; a folder: `dir`).
 */
export function stampsOfWalks(walks: TreeWalks): Map<string, string> {
  const out = new Map<string, string>();
  for (const [dir, entries] of walks) {
    const under = joinUnder(dir);
    for (const [rel, stamp] of entries) out.set(under(rel), stamp === 'dir' ? 'dir' : stamp.replace(/:[fd]$/, ''));
  }
  return out;
}

/**
 * `(rel) => join(root, rel)` for the entries of a walk (names joined with '/', never `.` or `..`): under a normalized
 * root that is concatenation — path.join normalizes the whole path again on each of a tree's hundreds of entries.
 */
function joinUnder(root: string): (rel: string) => string {
  if (sep !== '/' || root.endsWith('/') || normalize(root) !== root) return (rel) => join(root, rel);
  return (rel) => `${root}/${rel}`;
}

/** Every file and folder under `root` (but SKIPPED folders) with its stamp, in a stable order; undefined when too large. */
function walkTree(root: string): [string, string][] | undefined {
  const out: [string, string][] = [];
  const seen = new Set<string>();
  const under = joinUnder(root);
  const walk = (rel: string): boolean => {
    const abs = rel ? under(rel) : root;
    let list: Dirent[];
    try {
      list = readdirSync(abs, { withFileTypes: true });
    } catch {
      out.push([rel, 'unreadable']);
      return true;
    }
    list.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const e of list) {
      if (SKIPPED.test(e.name)) continue;
      const r = rel ? `${rel}/${e.name}` : e.name;
      const stamp = stampOf(under(r));
      if (out.length >= MAX_TREE_ENTRIES) return false;
      if (stamp.endsWith(':d') && (e.isDirectory() || e.isSymbolicLink())) {
        // A folder's own stamp changes with every file an editor creates and removes in it: its entries say enough.
        out.push([r, 'dir']);
        // A folder linked into itself is walked once.
        const id = stamp.split(':')[3]!;
        if (seen.has(id)) continue;
        seen.add(id);
        if (!walk(r)) return false;
      } else out.push([r, stamp]);
    }
    return true;
  };
  return walk('') ? out : undefined;
}

/** An `oh_modules` folder's entries (and scoped `@group/` entries), each with where it points. */
function linkListing(dir: string): string {
  const h = createHash('sha1');
  const list = (d: string, prefix: string) => {
    let names: Dirent[];
    try {
      names = readdirSync(d, { withFileTypes: true });
    } catch {
      h.update('none');
      return;
    }
    for (const e of names.sort((a, b) => (a.name < b.name ? -1 : 1))) {
      if (e.name === '.ohpm') continue; // the store: what is used from it is recorded file by file
      const p = join(d, e.name);
      let target = '';
      try {
        target = e.isSymbolicLink() ? readlinkSync(p) : stampOf(p);
      } catch {
        target = 'unreadable';
      }
      h.update(`${prefix}${e.name}\0${target}\n`);
      if (e.name.startsWith('@') && e.isDirectory()) list(p, `${e.name}/`);
    }
  };
  list(dir, '');
  return h.digest('hex');
}


/** What checkUpToDateEarly found, for the build command to take (once) instead of walking the project again. */
let early: { key: string; hit: BuildResult | undefined; walks: TreeWalks; changedEntries: number | undefined } | undefined;

const earlyKey = (dir: string, options: UpToDateOptions) => JSON.stringify([resolve(dir), options.module ?? null, options.mode ?? 'debug', options.outputDir ?? null, options.homeDir ?? null]);

/**
 * bin/hmos.js checks a one-shot `hmos build` before it loads the CLI: when the project is not up to date and only a
 * few entries changed, it starts the transform worker at once (transform-worker-client.ts). The command then takes
 * this result with takeEarlyUpToDate — the same check, made a few ms earlier, before anything was built.
 */
export function checkUpToDateEarly(dir: string, options: UpToDateOptions): { upToDate: boolean; changedEntries: number | undefined; changedFiles: string[] } {
  const walks: TreeWalks = new Map();
  const seen: ChangeSeen = {};
  const hit = upToDateResult(dir, options, walks, seen);
  early = { key: earlyKey(dir, options), hit, walks, changedEntries: seen.changedEntries };
  return { upToDate: hit !== undefined, changedEntries: seen.changedEntries, changedFiles: seen.changedFiles ?? [] };
}

/** The early check of this very build (same folder and options), once; undefined when there was none. */
export function takeEarlyUpToDate(dir: string, options: UpToDateOptions): { hit: BuildResult | undefined; walks: TreeWalks; changedEntries: number | undefined } | undefined {
  const e = early;
  early = undefined;
  return e && e.key === earlyKey(dir, options) ? e : undefined;
}
