/**
 * The HAP container: a zip whose every entry is listed with its SHA-256 in `META-INF/hmos.manifest.json`, and that
 * manifest signed with Ed25519 in `META-INF/hmos.sig.json` ({alg, publicKey (raw, base64), keyId, signature}).
 * Reading is defensive: entry names with `..`, absolute paths or backslashes, compression ratios over 100 and totals
 * over the size limit are refused before anything is inflated.
 */
import { createHash, sign, verify } from 'node:crypto';
import { createRequire } from 'node:module';
import { deflateRawAsync, writeZip, type ZipEntry } from './zip-writer.js';
import { HmosError } from '../errors.js';
import { keyIdOf, publicKeyFromRaw, type SigningKey } from './signing-key.js';

export const MANIFEST_PATH = 'META-INF/hmos.manifest.json';
export const SIGNATURE_PATH = 'META-INF/hmos.sig.json';
export const DEFAULT_MAX_BYTES = 256 * 1024 * 1024;
export const MAX_RATIO = 100;

export interface HapManifest {
  version: 1;
  algorithm: 'sha256';
  /** entry path → hex digest, for every entry but the two META-INF files. */
  entries: Record<string, string>;
}

export interface HapSignature {
  alg: 'ed25519';
  publicKey: string;
  keyId: string;
  /** base64 signature over the exact bytes of the manifest entry. */
  signature: string;
}

const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

/** Builds a signed HAP (zip bytes) from its entries. Compressed entries use deflate level 6; media stays stored. */
export function packHap(entries: Map<string, Uint8Array>, key: SigningKey): Uint8Array {
  return packWith(entries, key, new Map());
}

/** Below this size an entry is deflated in `pack` itself: a thread-pool round trip would cost more than it saves. */
const ASYNC_DEFLATE_MIN_BYTES = 64 * 1024;

/**
 * Packing a HAP while its entries are still being made: each large entry is deflated on libuv's thread pool as soon
 * as it is added, so compressing the bundle overlaps with work this thread still does (making the V8 code cache).
 * The bytes are the same as packHap's.
 */
export class HapPacker {
  private readonly entries = new Map<string, Uint8Array>();
  private readonly deflating = new Map<string, Promise<Uint8Array>>();

  add(name: string, data: Uint8Array): void {
    checkEntryName(name);
    this.entries.set(name, data);
    const level = entryLevel(name);
    if (level > 0 && data.length >= ASYNC_DEFLATE_MIN_BYTES) this.deflating.set(name, deflateRawAsync(data, level));
    else this.deflating.delete(name);
  }

  async pack(key: SigningKey): Promise<Uint8Array> {
    const deflated = new Map<string, Uint8Array>();
    for (const [name, pending] of this.deflating) deflated.set(name, await pending);
    return packWith(this.entries, key, deflated);
  }
}

function entryLevel(name: string): number {
  return /\.(png|jpe?g|webp|gif|mp3|mp4|zip|hap)$/i.test(name) ? 0 : 6;
}

function packWith(entries: Map<string, Uint8Array>, key: SigningKey, deflated: Map<string, Uint8Array>): Uint8Array {
  const manifest: HapManifest = { version: 1, algorithm: 'sha256', entries: {} };
  const names = [...entries.keys()].sort();
  for (const name of names) {
    checkEntryName(name);
    manifest.entries[name] = sha256(entries.get(name)!);
  }
  const manifestBytes = Buffer.from(JSON.stringify(manifest, null, 1));
  const sig: HapSignature = {
    alg: 'ed25519', publicKey: key.publicKeyBase64, keyId: key.keyId,
    signature: sign(null, manifestBytes, key.privateKey).toString('base64'),
  };
  const zip: ZipEntry[] = names.map((name) => ({ name, data: entries.get(name)!, level: entryLevel(name), deflated: deflated.get(name) }));
  zip.push({ name: MANIFEST_PATH, data: manifestBytes, level: 6 }, { name: SIGNATURE_PATH, data: Buffer.from(JSON.stringify(sig, null, 1)), level: 0 });
  return writeZip(zip);
}

export function checkEntryName(name: string): void {
  if (!name || name.startsWith('/') || name.includes('\\') || /^[a-zA-Z]:/.test(name) || name.split('/').some((p) => p === '..' || p === '.')
    || name.includes('\0')) {
    throw new HmosError('HAP_UNSAFE_PATH', `the package has an unsafe entry name ${JSON.stringify(name)} (absolute or with ..); refusing it`);
  }
}

/**
 * fflate, loaded on first use: building a HAP writes it with node:zlib and never unzips, and loading fflate costs
 * ~15 ms of every `hmos build` otherwise.
 */
let unzipper: typeof import('fflate') | undefined;
function fflate(): typeof import('fflate') {
  unzipper ??= createRequire(import.meta.url)('fflate') as typeof import('fflate');
  return unzipper;
}

/** Unzips HAP bytes with the safety checks above. Throws HmosError HAP_CORRUPT / HAP_UNSAFE_PATH / HAP_TOO_LARGE / HAP_ZIP_BOMB. */
export function unpackHap(bytes: Uint8Array, options: { maxBytes?: number } = {}): Map<string, Uint8Array> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (bytes.length > maxBytes) throw new HmosError('HAP_TOO_LARGE', `the package is ${bytes.length} bytes, over the limit of ${maxBytes}`);
  let total = 0;
  let files: Record<string, Uint8Array>;
  try {
    files = fflate().unzipSync(bytes, {
      filter: (f) => {
        checkEntryName(f.name);
        total += f.originalSize;
        if (total > maxBytes) throw new HmosError('HAP_TOO_LARGE', `the package unpacks to more than ${maxBytes} bytes`);
        if (f.originalSize > 1024 && f.originalSize > MAX_RATIO * Math.max(1, f.size)) {
          throw new HmosError('HAP_ZIP_BOMB', `entry ${f.name} expands ${Math.round(f.originalSize / Math.max(1, f.size))}× (limit ${MAX_RATIO}×); refusing a possible zip bomb`);
        }
        return true;
      },
    });
  } catch (err) {
    if (err instanceof HmosError) throw err;
    throw new HmosError('HAP_CORRUPT', `the package is not a valid zip (${(err as Error).message})`, { cause: err });
  }
  const out = new Map<string, Uint8Array>();
  for (const [name, data] of Object.entries(files)) {
    if (name.endsWith('/')) continue;
    out.set(name, data);
  }
  // Declared sizes can lie: check the real ones too.
  let real = 0;
  for (const d of out.values()) real += d.length;
  if (real > maxBytes) throw new HmosError('HAP_TOO_LARGE', `the package unpacks to more than ${maxBytes} bytes`);
  return out;
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
