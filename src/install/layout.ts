/**
 * ohpm's on-disk layout, so DevEco Studio, hvigor and hmos all find the packages:
 *
 *   <root>/oh_modules/.ohpm/@ohos+axios@2.2.6/oh_modules/@ohos/axios/     the package (the store, one per version)
 *   <root>/oh_modules/.ohpm/@ohos+axios@2.2.6/oh_modules/<dep>  → ../../<dep-key>/oh_modules/<dep>   its dependencies
 *   <module>/oh_modules/@ohos/axios  → ../../oh_modules/.ohpm/@ohos+axios@2.2.6/oh_modules/@ohos/axios  direct ones
 *   <module>/oh_modules/helper       → ../../common/helper                  file: folders, linked as they are
 *   <root>/oh_modules/.ohpm/oh_modules/<name>  → the highest version         (ohpm's fallback for undeclared imports)
 *
 * Every change is atomic on its own: a store entry is built in a staging folder and renamed into place complete; a
 * link is made beside its place and renamed over it. So an interrupted install leaves each entry either as it was or
 * as it will be — never half a package or a dangling half-made link — and the next run finishes the job.
 */
import { randomBytes } from 'node:crypto';
import { cpSync, existsSync, linkSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync, renameSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { UNPACKED_MARKER } from '../project/package-archive.js';
import { MANIFEST } from './manifest.js';

export const STORE = join('oh_modules', '.ohpm');
/** Store entries are `name@version` or `@scope+name@version` folders. */
const STORE_ENTRY = /^(@[^/+]+\+)?[^@/]+@[^/]+$/;

/**
 * Makes `<dir>/<name>` a link to `target`, atomically (a link beside it renamed over it); a real folder in its way is
 * moved into `trash`. The link is relative, computed from `finalDir` — where `dir` will be once a staged store entry is
 * renamed into place. Returns whether anything changed.
 */
export function placeLink(dir: string, name: string, target: string, trash: string, finalDir = dir): boolean {
  const link = join(dir, name);
  const value = relative(dirname(join(finalDir, name)), target);
  try {
    if (readlinkSync(link) === value) return false;
  } catch {
    // not a link (yet)
  }
  mkdirSync(dirname(link), { recursive: true });
  const temp = join(dirname(link), `.hmos-link-${process.pid}-${randomBytes(4).toString('hex')}`);
  symlinkSync(value, temp, 'dir');
  try {
    const st = lstatSync(link, { throwIfNoEntry: false });
    if (st && !st.isSymbolicLink()) moveToTrash(link, trash);
    renameSync(temp, link);
  } catch (err) {
    rmSync(temp, { force: true });
    throw err;
  }
  return true;
}

/**
 * Removes what an `oh_modules` folder holds besides `keep` (names, `@scope/name` for scoped ones) and the store.
 * Links go at once; real folders go to `trash`. Returns how many entries went.
 */
export function removeStale(dir: string, keep: ReadonlySet<string>, trash: string): number {
  if (!existsSync(dir)) return 0;
  let removed = 0;
  for (const entry of readdirSync(dir)) {
    if (entry === '.ohpm' || entry.startsWith('.hmos-')) continue;
    const path = join(dir, entry);
    if (entry.startsWith('@')) {
      if (!lstatSync(path).isDirectory() || lstatSync(path).isSymbolicLink()) {
        if (!keep.has(entry)) removed += drop(path, trash);
        continue;
      }
      for (const inner of readdirSync(path)) {
        if (!keep.has(`${entry}/${inner}`) && !inner.startsWith('.hmos-')) removed += drop(join(path, inner), trash);
      }
      if (readdirSync(path).length === 0) rmSync(path, { recursive: true, force: true });
      continue;
    }
    if (!keep.has(entry)) removed += drop(path, trash);
  }
  return removed;
}

function drop(path: string, trash: string): number {
  const st = lstatSync(path, { throwIfNoEntry: false });
  if (!st) return 0;
  if (st.isSymbolicLink() || !st.isDirectory()) rmSync(path, { force: true });
  else moveToTrash(path, trash);
  return 1;
}

export function moveToTrash(path: string, trash: string): void {
  mkdirSync(trash, { recursive: true });
  renameSync(path, join(trash, `${Date.now()}-${randomBytes(4).toString('hex')}`));
}

/** Store entries present now (their folder names). */
export function storeEntries(root: string): string[] {
  const dir = join(root, STORE);
  if (!existsSync(dir)) return [];
  return readdirSync(dir).filter((n) => STORE_ENTRY.test(n) && !n.startsWith('.'));
}

/**
 * Puts a package into the store, in two steps. `stageStoreEntry` places `content` (its unpacked files in the shared
 * cache) into a staging folder as `<key>/oh_modules/<name>`, invisible to anything that reads oh_modules.
 * `commitStoreEntry` then adds its dependency links there (`links` gets the staged oh_modules folder and where it will
 * end up) and renames the whole `<key>` folder into the store, complete. An entry that is there already is replaced
 * only when `replace` is set (--force): the old one moves to `trash` first.
 */
export function stageStoreEntry(key: string, name: string, content: string, staging: string): void {
  const staged = join(staging, key);
  rmSync(staged, { recursive: true, force: true });
  const pkgDir = join(staged, 'oh_modules', ...name.split('/'));
  mkdirSync(dirname(pkgDir), { recursive: true });
  placeFiles(content, pkgDir);
  ensureOhPackageJson5(pkgDir);
}

let hardLinks = true;

/**
 * The package's files go in as hard links to the shared cache, as pnpm (whose layout ohpm's store follows) does by
 * default: a warm install of 20 packages (1,200 files) then costs a fifth of copying them — file creation is most of
 * an install's time. Where the cache is on another file system (or links are refused) the files are copied. Editing a
 * file in oh_modules in place therefore edits the cached copy too (as with pnpm): `hmos install --force` unpacks the
 * archive afresh from its checked bytes.
 */
function placeFiles(from: string, to: string): void {
  if (hardLinks) {
    try {
      linkTree(from, to);
      return;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'EXDEV' && code !== 'EPERM' && code !== 'EMLINK' && code !== 'ENOTSUP') throw err;
      hardLinks = false;
      rmSync(to, { recursive: true, force: true });
    }
  }
  cpSync(from, to, { recursive: true, verbatimSymlinks: true, filter: (src) => !src.endsWith(`/${UNPACKED_MARKER}`) });
}

function linkTree(from: string, to: string): void {
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    if (entry.name === UNPACKED_MARKER) continue;
    const src = join(from, entry.name);
    const dst = join(to, entry.name);
    if (entry.isDirectory()) linkTree(src, dst);
    else if (entry.isSymbolicLink()) symlinkSync(readlinkSync(src), dst);
    else if (entry.isFile()) linkSync(src, dst);
  }
}

export function commitStoreEntry(root: string, key: string, staging: string, trash: string, replace: boolean, links: (ohModules: string, finalOhModules: string) => void): void {
  const staged = join(staging, key);
  const target = join(root, STORE, key);
  links(join(staged, 'oh_modules'), join(target, 'oh_modules'));
  if (existsSync(target)) {
    if (!replace) {
      rmSync(staged, { recursive: true, force: true });
      return;
    }
    moveToTrash(target, trash);
  }
  mkdirSync(dirname(target), { recursive: true });
  renameSync(staged, target);
}

/**
 * A plain JS package (from npm, a .tgz with only package.json) gets an oh-package.json5 made from its package.json,
 * as ohpm does: hvigor reads every package's oh-package.json5.
 */
export function ensureOhPackageJson5(dir: string): void {
  if (existsSync(join(dir, MANIFEST))) return;
  const pj = join(dir, 'package.json');
  if (!existsSync(pj)) return;
  let value: Record<string, unknown>;
  try {
    value = JSON.parse(readFileSync(pj, 'utf8')) as Record<string, unknown>;
  } catch {
    return;
  }
  const keep = ['name', 'version', 'description', 'main', 'types', 'typings', 'author', 'license', 'dependencies'];
  const manifest = Object.fromEntries(keep.filter((k) => value[k] !== undefined).map((k) => [k, value[k]]));
  writeFileSync(join(dir, MANIFEST), JSON.stringify(manifest, null, 2) + '\n');
}
