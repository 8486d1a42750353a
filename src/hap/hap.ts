/**
 * The HAP container: a zip whose every entry is listed with its SHA-256 in `META-INF/hmos.manifest.json`, and that
 * manifest signed with Ed25519 in `META-INF/hmos.sig.json` ({alg, publicKey (raw, base64), keyId, signature}).
 *
 * Reading trusts nothing a zip says about itself. Entry names with `..`, absolute paths or backslashes are refused;
 * every entry over 1 MiB is inflated as a stream (node:zlib on libuv's thread pool, so a device host's event loop keeps
 * serving; smaller ones at once, never past the size they declare) and its real bytes are counted as they come: the first entry that inflates past what its header declares, past
 * MAX_RATIO times its compressed size, or that takes the package past its size limit stops the read at once. A
 * 1 MB package whose headers claim small entries that inflate to a GiB costs a few ms, not seconds of a blocked host.
 */
import { verify } from 'node:crypto';
import { inflateRawSync } from 'node:zlib';
import type { Readable } from 'node:stream';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { HmosError } from '../errors.js';
import { keyIdOf, publicKeyFromRaw } from './signing-key.js';
import { checkEntryName, MANIFEST_PATH, sha256, SIGNATURE_PATH, type HapManifest, type HapSignature } from './hap-writer.js';

export { checkEntryName, HapPacker, MANIFEST_PATH, packHap, SIGNATURE_PATH, type HapManifest, type HapSignature } from './hap-writer.js';

/** Largest package, compressed or unpacked (a device host's --max-hap-mb changes it). */
export const DEFAULT_MAX_BYTES = 256 * 1024 * 1024;
/** Largest expansion of one entry over 1 KiB: real deflate of real files stays well under it. */
export const MAX_RATIO = 100;
/** Most entries a package may hold (a real HAP has tens to a few thousand). */
export const MAX_ENTRIES = 65_536;

export interface UnpackOptions {
  /** Largest package and largest unpacked total, bytes (default DEFAULT_MAX_BYTES). */
  maxBytes?: number;
  maxEntries?: number;
}

/**
 * Unzips HAP (or HSP) bytes with the checks above, off the event loop. Rejects with HmosError HAP_CORRUPT /
 * HAP_UNSAFE_PATH / HAP_TOO_LARGE / HAP_ZIP_BOMB at the first problem, having inflated no more than the limit allows.
 */
export async function unpackHap(bytes: Uint8Array, options: UnpackOptions = {}): Promise<Map<string, Uint8Array>> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const maxEntries = options.maxEntries ?? MAX_ENTRIES;
  if (bytes.length > maxBytes) throw new HmosError('HAP_TOO_LARGE', `the package is ${bytes.length} bytes, over the limit of ${maxBytes}`);
  const buffer = Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const zip = await new Promise<ZipFile>((resolve, reject) => {
    yauzl.fromBuffer(buffer, { lazyEntries: true, validateEntrySizes: true, decodeStrings: true, strictFileNames: false }, (err, z) => (err ? reject(corrupt(err)) : resolve(z)));
  });
  if (zip.entryCount > maxEntries) {
    zip.close();
    throw new HmosError('HAP_TOO_LARGE', `the package has ${zip.entryCount} entries, over the limit of ${maxEntries}`);
  }
  const out = new Map<string, Uint8Array>();
  let total = 0;
  try {
    for (;;) {
      const entry = await nextEntry(zip);
      if (!entry) break;
      const name = entry.fileName;
      checkEntryName(name);
      if (entry.isEncrypted()) throw new HmosError('HAP_CORRUPT', `entry ${name} is encrypted; a HAP's entries are stored or deflated`);
      if (entry.compressionMethod !== 0 && entry.compressionMethod !== 8) {
        throw new HmosError('HAP_CORRUPT', `entry ${name} uses compression method ${entry.compressionMethod}; a HAP's entries are stored or deflated`);
      }
      if (out.has(name)) throw new HmosError('HAP_CORRUPT', `entry ${name} appears twice in the package`);
      // What the header declares is only a first check: the real bytes are counted below.
      const ratioLimit = Math.max(1024, MAX_RATIO * Math.max(1, entry.compressedSize));
      if (entry.uncompressedSize > ratioLimit) throw bomb(name, entry.uncompressedSize, entry.compressedSize);
      if (total + entry.uncompressedSize > maxBytes) throw tooLarge(maxBytes);
      if (name.endsWith('/')) {
        if (entry.uncompressedSize !== 0) throw new HmosError('HAP_CORRUPT', `folder entry ${name} holds data`);
        continue;
      }
      const data = entry.uncompressedSize <= INFLATE_AT_ONCE && entry.compressedSize <= INFLATE_AT_ONCE ? await readSmallEntry(zip, entry) : await readEntry(zip, entry, (inflated) => {
        if (inflated > ratioLimit) return bomb(name, inflated, entry.compressedSize);
        if (total + inflated > maxBytes) return tooLarge(maxBytes);
        return undefined;
      });
      total += data.length;
      out.set(name, data);
    }
  } finally {
    zip.close();
  }
  return out;
}

function nextEntry(zip: ZipFile): Promise<Entry | undefined> {
  return new Promise((resolve, reject) => {
    const onEntry = (e: Entry) => { done(); resolve(e); };
    const onEnd = () => { done(); resolve(undefined); };
    const onError = (err: Error) => { done(); reject(corrupt(err)); };
    const done = () => {
      zip.off('entry', onEntry);
      zip.off('end', onEnd);
      zip.off('error', onError);
    };
    zip.on('entry', onEntry);
    zip.on('end', onEnd);
    zip.on('error', onError);
    zip.readEntry();
  });
}

/**
 * Entries whose header declares at most this, packed and unpacked, are inflated at once on this thread, never past the
 * size their header declares (+1 byte, to catch a header that lies): a thread-pool round trip per entry costs more than
 * inflating a small file, and the pool may be busy with a build's writes (a hot reload waited on it).
 */
const INFLATE_AT_ONCE = 1024 * 1024;

function readSmallEntry(zip: ZipFile, entry: Entry): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, { decodeFileData: false } as never, (err, stream) => {
      if (err || !stream) {
        reject(corrupt(err ?? new Error('no data stream')));
        return;
      }
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('error', (e: Error) => reject(corrupt(e, entry.fileName)));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks);
        if (entry.compressionMethod === 0) { resolve(raw); return; }
        let data: Buffer;
        try {
          data = inflateRawSync(raw, { maxOutputLength: entry.uncompressedSize + 1 });
        } catch (e) {
          reject((e as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE' ? headerLies(entry) : corrupt(e, entry.fileName));
          return;
        }
        if (data.length > entry.uncompressedSize) reject(headerLies(entry));
        else if (data.length < entry.uncompressedSize) reject(corrupt(new Error(`too few bytes in the stream: expected ${entry.uncompressedSize}, got ${data.length}`), entry.fileName));
        else resolve(data);
      });
    });
  });
}

function headerLies(entry: Entry): HmosError {
  return new HmosError('HAP_ZIP_BOMB', `entry ${entry.fileName} inflates to more than the ${entry.uncompressedSize} bytes its header declares; refusing a package that lies about its sizes`);
}

/** Inflates one entry, counting its real bytes as they come; `check` may stop it with an error at any chunk. */
function readEntry(zip: ZipFile, entry: Entry, check: (inflated: number) => HmosError | undefined): Promise<Uint8Array> {
  return new Promise((resolve, reject) => {
    zip.openReadStream(entry, (err, stream) => {
      if (err || !stream) {
        reject(corrupt(err ?? new Error('no data stream')));
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      let settled = false;
      const stop = (e: HmosError) => {
        if (settled) return;
        settled = true;
        (stream as Readable & { destroy(): void }).destroy();
        reject(e);
      };
      stream.on('data', (chunk: Buffer) => {
        size += chunk.length;
        const problem = check(size);
        if (problem) stop(problem);
        else chunks.push(chunk);
      });
      stream.on('error', (e: Error) => stop(/too many bytes/.test(e.message) ? headerLies(entry) : corrupt(e, entry.fileName)));
      stream.on('end', () => {
        if (settled) return;
        settled = true;
        resolve(Buffer.concat(chunks, size));
      });
    });
  });
}

function corrupt(err: unknown, entry?: string): HmosError {
  if (err instanceof HmosError) return err;
  const message = String((err as Error)?.message ?? err);
  // yauzl checks names itself before we see them: the same refusal as checkEntryName's.
  if (/^(absolute path|invalid relative path|invalid characters in fileName)/.test(message)) {
    return new HmosError('HAP_UNSAFE_PATH', `unsafe entry name in the package (${message}); refusing it`, { cause: err });
  }
  return new HmosError('HAP_CORRUPT', `the package is not a valid zip${entry ? ` (entry ${entry})` : ''} (${(err as Error)?.message ?? err})`, { cause: err });
}

function bomb(name: string, size: number, compressed: number): HmosError {
  return new HmosError('HAP_ZIP_BOMB', `entry ${name} expands ${Math.round(size / Math.max(1, compressed))}× (limit ${MAX_RATIO}×); refusing a possible zip bomb`);
}

function tooLarge(maxBytes: number): HmosError {
  return new HmosError('HAP_TOO_LARGE', `the package unpacks to more than ${maxBytes} bytes`);
}

export interface VerifiedHap {
  entries: Map<string, Uint8Array>;
  keyId: string;
  publicKey: string;
}

/** Checks the signature and every digest. Extra, missing or altered entries, or a bad signature, are refused. */
export function verifyHap(entries: Map<string, Uint8Array>): VerifiedHap {
  const manifestBytes = entries.get(MANIFEST_PATH);
  const sigBytes = entries.get(SIGNATURE_PATH);
  if (!manifestBytes || !sigBytes) throw new HmosError('HAP_UNSIGNED', 'the package is not signed (no META-INF/hmos.sig.json); build it with `hmos build`');
  let sig: HapSignature;
  let manifest: HapManifest;
  try {
    sig = JSON.parse(Buffer.from(sigBytes).toString('utf8'));
    manifest = JSON.parse(Buffer.from(manifestBytes).toString('utf8'));
  } catch {
    throw new HmosError('HAP_BAD_SIGNATURE', 'the package signature or manifest is not valid JSON');
  }
  if (sig.alg !== 'ed25519' || typeof sig.publicKey !== 'string' || typeof sig.signature !== 'string') {
    throw new HmosError('HAP_BAD_SIGNATURE', 'the package signature has an unknown form');
  }
  const publicKey = publicKeyFromRaw(sig.publicKey);
  if (!verify(null, manifestBytes, publicKey, Buffer.from(sig.signature, 'base64'))) {
    throw new HmosError('HAP_BAD_SIGNATURE', 'the package signature does not match its manifest: it was altered after signing');
  }
  const listed = manifest.entries ?? {};
  for (const [name, data] of entries) {
    if (name === MANIFEST_PATH || name === SIGNATURE_PATH) continue;
    if (!(name in listed)) throw new HmosError('HAP_TAMPERED', `entry ${name} is not in the signed manifest`);
    if (listed[name] !== sha256(data)) throw new HmosError('HAP_TAMPERED', `entry ${name} was altered after signing`);
  }
  for (const name of Object.keys(listed)) {
    if (!entries.has(name)) throw new HmosError('HAP_TAMPERED', `entry ${name} of the signed manifest is missing`);
  }
  return { entries, keyId: keyIdOf(Buffer.from(sig.publicKey, 'base64')), publicKey: sig.publicKey };
}
