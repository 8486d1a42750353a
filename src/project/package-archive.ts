/**
 * The one safe unpacker for ohpm package archives (`.har`, `.tgz`): a gzip-compressed tar whose entries sit under a
 * `package/` prefix (what `hvigorw assembleHar` and `ohpm publish` write). `hmos build` unpacks `file:` archive
 * dependencies with it and `hmos install` unpacks downloaded tarballs with it.
 *
 *   unpackPackageArchive(archive, { homeDir?, location? }) → absolute folder of the package (the `package/` folder)
 *
 * Archives are unpacked once into a content-addressed cache, `$HMOS_HOME/cache/packages/<sha256 of the archive>/`,
 * and never anywhere else. Every entry is checked before anything is written: no absolute paths, no `..` segments,
 * no links that point outside the package, only files, folders and links; the archive at most `maxArchiveBytes`, its
 * unpacked size at most `maxUnpackedBytes` (the gzip stream is inflated with a hard output cap, so a "zip bomb" stops
 * there) and at most `maxEntries` entries. A refused archive is an HmosError and leaves nothing behind: it is
 * unpacked into a temp folder inside the cache and renamed into place only when complete.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { isAbsolute, join, posix } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { createRequire } from 'node:module';
import { HmosError, type SourceLocation } from '../errors.js';
import { hmosHome } from '../util/paths.js';

export interface UnpackOptions {
  /** hmos state folder (default: HMOS_HOME / XDG). */
  homeDir?: string;
  /** Where the archive was named (the dependency in an oh-package.json5), for errors. */
  location?: SourceLocation;
  maxArchiveBytes?: number;
  maxUnpackedBytes?: number;
  maxEntries?: number;
  /**
   * Unpack again even if the cache has this archive (`hmos install --force`): installs hard-link the cached files, so an
   * in-place edit in some oh_modules reaches the cache; a fresh unpack from the checked bytes undoes it. Projects
   * installed earlier keep the files they link to.
   */
  refresh?: boolean;
}

/** Limits well above any real package (the largest ohpm SDK archives are tens of MB). */
export const ARCHIVE_LIMITS = { maxArchiveBytes: 256 * 1024 * 1024, maxUnpackedBytes: 512 * 1024 * 1024, maxEntries: 50_000 };

/** The cache folder of unpacked archives. */
export function packageCacheDir(homeDir?: string): string {
  return join(homeDir ?? hmosHome(), 'cache', 'packages');
}

export function unpackPackageArchive(archive: string, options: UnpackOptions = {}): string {
  const limits = { ...ARCHIVE_LIMITS, ...pick(options) };
  const where = options.location ?? { file: archive };
  const refuse = (why: string): never => {
    throw new HmosError('PACKAGE_ARCHIVE_INVALID', `${archive} ${why}; a package archive (.har/.tgz) is a gzip tar with its files under package/ — rebuild or re-download it`, { location: where });
  };
  let size: number;
  try {
    size = statSync(archive).size;
  } catch {
    throw new HmosError('DEP_MISSING', `package archive ${archive} does not exist`, { location: where });
  }
  if (size > limits.maxArchiveBytes) refuse(`is ${size} bytes, over the ${limits.maxArchiveBytes}-byte limit`);
  const bytes = readFileSync(archive);
  const hash = createHash('sha256').update(bytes).digest('hex');
  const cache = packageCacheDir(options.homeDir);
  const target = join(cache, hash);
  if (existsSync(join(target, UNPACKED_MARKER)) && !options.refresh) return packageRoot(target);

  if (bytes.length < 2 || bytes[0] !== 0x1f || bytes[1] !== 0x8b) refuse('is not gzip-compressed');
  let tarBytes: Buffer;
  try {
    // A hard cap on the inflated size: a small archive that inflates to gigabytes stops here.
    tarBytes = gunzipSync(bytes, { maxOutputLength: limits.maxUnpackedBytes + 1024 * 1024 });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ERR_BUFFER_TOO_LARGE' || err instanceof RangeError) refuse(`unpacks to more than ${limits.maxUnpackedBytes} bytes`);
    refuse(`is not a valid gzip stream (${(err as Error).message})`);
  }
  checkEntries(tarBytes!, limits, refuse);

  mkdirSync(cache, { recursive: true });
  const temp = join(cache, `.tmp-${process.pid}-${randomBytes(4).toString('hex')}`);
  mkdirSync(temp);
  try {
    // The bytes that were checked are the bytes unpacked (the file is not read again).
    new (tarLib().UnpackSync)({ cwd: temp, strict: true, preservePaths: false, preserveOwner: false }).end(tarBytes!);
    // The marker last: a folder without it (a crash half-way) is never used.
    writeFileSync(join(temp, UNPACKED_MARKER), '');
    try {
      if (options.refresh && existsSync(target)) {
        const old = join(cache, `.old-${process.pid}-${randomBytes(4).toString('hex')}`);
        renameSync(target, old);
        rmSync(old, { recursive: true, force: true });
      }
      renameSync(temp, target);
    } catch (err) {
      // another process unpacked the same archive meanwhile: theirs is as good
      if (!existsSync(join(target, UNPACKED_MARKER))) throw err;
    }
  } catch (err) {
    if (err instanceof HmosError) throw err;
    refuse(`could not be unpacked (${(err as Error).message})`);
  } finally {
    rmSync(temp, { recursive: true, force: true });
  }
  return packageRoot(target);
}

/** Written last into an unpacked archive's cache folder: a folder without it (a crash half-way) is never used. */
export const UNPACKED_MARKER = '.hmos-complete';

/** Every entry checked before anything is written. */
function checkEntries(tarBytes: Buffer, limits: typeof ARCHIVE_LIMITS, refuse: (why: string) => never): void {
  let entries = 0;
  let total = 0;
  let problem: string | undefined;
  const parser = new (tarLib().Parser)({
    strict: true,
    onReadEntry: (entry) => {
      entry.resume();
      if (problem) return;
      entries++;
      total += entry.size ?? 0;
      const p = entry.path;
      if (entries > limits.maxEntries) problem = `holds more than ${limits.maxEntries} entries`;
      else if (total > limits.maxUnpackedBytes) problem = `unpacks to more than ${limits.maxUnpackedBytes} bytes`;
      else if (isAbsolute(p) || /^[A-Za-z]:/.test(p) || p.startsWith('/') || p.startsWith('\\')) problem = `holds an absolute path (${p})`;
      else if (p.split(/[\\/]/).includes('..')) problem = `holds a path that leaves the package (${p})`;
      else if (entry.type === 'SymbolicLink' || entry.type === 'Link') {
        const link = entry.linkpath ?? '';
        const resolved = entry.type === 'SymbolicLink' ? posix.normalize(posix.join(posix.dirname(p), link)) : posix.normalize(link);
        if (isAbsolute(link) || link.startsWith('/') || resolved === '..' || resolved.startsWith('../')) problem = `holds a link that points outside the package (${p} → ${link})`;
      } else if (!['File', 'OldFile', 'ContiguousFile', 'Directory'].includes(entry.type)) problem = `holds an entry of type ${entry.type} (${p})`;
    },
  });
  parser.on('warn', (_code: string, message: string) => {
    problem ??= `is not a valid tar archive (${message})`;
  });
  parser.on('error', (err: Error) => {
    problem ??= `is not a valid tar archive (${err.message})`;
  });
  parser.end(tarBytes);
  if (problem) refuse(problem);
  if (entries === 0) refuse('is empty or not a tar archive');
}

/** The package folder inside an unpacked archive: `package/` (ohpm's layout), else the only folder, else the root. */
function packageRoot(dir: string): string {
  if (existsSync(join(dir, 'package'))) return join(dir, 'package');
  const names = readdirSync(dir).filter((n) => n !== UNPACKED_MARKER);
  if (names.length === 1 && statSync(join(dir, names[0]!)).isDirectory()) return join(dir, names[0]!);
  return dir;
}

function pick(o: UnpackOptions): Partial<typeof ARCHIVE_LIMITS> {
  const out: Partial<typeof ARCHIVE_LIMITS> = {};
  if (o.maxArchiveBytes !== undefined) out.maxArchiveBytes = o.maxArchiveBytes;
  if (o.maxUnpackedBytes !== undefined) out.maxUnpackedBytes = o.maxUnpackedBytes;
  if (o.maxEntries !== undefined) out.maxEntries = o.maxEntries;
  return out;
}

/** tar is loaded when an archive is first met, not by every command that loads the project model. */
let tarModule: typeof import('tar') | undefined;
function tarLib(): typeof import('tar') {
  tarModule ??= createRequire(import.meta.url)('tar') as typeof import('tar');
  return tarModule;
}
