/**
 * Writing the HAP container (format: src/hap/hap.ts): every entry listed with its SHA-256 in the manifest, the
 * manifest signed with the developer's Ed25519 key, all zipped with node:zlib. Kept apart from reading (hap.ts), so
 * that `hmos build` does not load the unzip library.
 */
import { createHash, sign } from 'node:crypto';
import { crc32, deflateRawAsync, writeZip, type ZipEntry } from './zip-writer.js';
import { HmosError } from '../errors.js';
import type { SigningKey } from './signing-key.js';

export const MANIFEST_PATH = 'META-INF/hmos.manifest.json';
export const SIGNATURE_PATH = 'META-INF/hmos.sig.json';

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

export const sha256 = (data: Uint8Array) => createHash('sha256').update(data).digest('hex');

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
  /** A large entry's digest and CRC, taken when it is added: the packing waits for the slowest entry (the code
   *  cache), and the 4 MB of a large app's bundle and map are hashed meanwhile. */
  private readonly sums = new Map<string, { sha256: string; crc: number }>();

  add(name: string, data: Uint8Array): void {
    checkEntryName(name);
    this.entries.set(name, data);
    const level = entryLevel(name);
    if (level > 0 && data.length >= ASYNC_DEFLATE_MIN_BYTES) this.deflating.set(name, deflateRawAsync(data, level));
    else this.deflating.delete(name);
    if (data.length >= ASYNC_DEFLATE_MIN_BYTES) this.sums.set(name, { sha256: sha256(data), crc: crc32(Buffer.from(data.buffer, data.byteOffset, data.byteLength)) });
    else this.sums.delete(name);
  }

  async pack(key: SigningKey): Promise<Uint8Array> {
    const names = [...this.deflating.keys()];
    const done = await Promise.all(this.deflating.values());
    return packWith(this.entries, key, new Map(names.map((name, i) => [name, done[i]!])), this.sums);
  }
}

function entryLevel(name: string): number {
  return /\.(png|jpe?g|webp|gif|mp3|mp4|zip|hap)$/i.test(name) ? 0 : 6;
}

function packWith(entries: Map<string, Uint8Array>, key: SigningKey, deflated: Map<string, Uint8Array>, sums = new Map<string, { sha256: string; crc: number }>()): Uint8Array {
  const manifest: HapManifest = { version: 1, algorithm: 'sha256', entries: {} };
  const names = [...entries.keys()].sort();
  for (const name of names) {
    checkEntryName(name);
    manifest.entries[name] = sums.get(name)?.sha256 ?? sha256(entries.get(name)!);
  }
  const manifestBytes = Buffer.from(JSON.stringify(manifest, null, 1));
  const sig: HapSignature = {
    alg: 'ed25519', publicKey: key.publicKeyBase64, keyId: key.keyId,
    signature: sign(null, manifestBytes, key.privateKey).toString('base64'),
  };
  const zip: ZipEntry[] = names.map((name) => ({ name, data: entries.get(name)!, level: entryLevel(name), deflated: deflated.get(name), crc: sums.get(name)?.crc }));
  zip.push({ name: MANIFEST_PATH, data: manifestBytes, level: 6 }, { name: SIGNATURE_PATH, data: Buffer.from(JSON.stringify(sig, null, 1)), level: 0 });
  return writeZip(zip);
}

export function checkEntryName(name: string): void {
  if (!name || name.startsWith('/') || name.includes('\\') || /^[a-zA-Z]:/.test(name) || name.split('/').some((p) => p === '..' || p === '.')
    || name.includes('\0')) {
    throw new HmosError('HAP_UNSAFE_PATH', `the package has an unsafe entry name ${JSON.stringify(name)} (absolute or with ..); refusing it`);
  }
}
