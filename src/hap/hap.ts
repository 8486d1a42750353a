/**
 * The HAP container: a zip whose every entry is listed with its SHA-256 in `META-INF/hmos.manifest.json`, and that
 * manifest signed with Ed25519 in `META-INF/hmos.sig.json` ({alg, publicKey (raw, base64), keyId, signature}).
 * Reading is defensive: entry names with `..`, absolute paths or backslashes, compression ratios over 100 and totals
 * over the size limit are refused before anything is inflated.
 */
import { verify } from 'node:crypto';
import { unzipSync } from 'fflate';
import { HmosError } from '../errors.js';
import { keyIdOf, publicKeyFromRaw } from './signing-key.js';
import { checkEntryName, MANIFEST_PATH, sha256, SIGNATURE_PATH, type HapManifest, type HapSignature } from './hap-writer.js';

export { checkEntryName, HapPacker, MANIFEST_PATH, packHap, SIGNATURE_PATH, type HapManifest, type HapSignature } from './hap-writer.js';

export const DEFAULT_MAX_BYTES = 256 * 1024 * 1024;
export const MAX_RATIO = 100;

/** Unzips HAP bytes with the safety checks above. Throws HmosError HAP_CORRUPT / HAP_UNSAFE_PATH / HAP_TOO_LARGE / HAP_ZIP_BOMB. */
export function unpackHap(bytes: Uint8Array, options: { maxBytes?: number } = {}): Map<string, Uint8Array> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  if (bytes.length > maxBytes) throw new HmosError('HAP_TOO_LARGE', `the package is ${bytes.length} bytes, over the limit of ${maxBytes}`);
  let total = 0;
  let files: Record<string, Uint8Array>;
  try {
    files = unzipSync(bytes, {
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
