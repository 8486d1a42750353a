/**
 * The developer's Ed25519 signing key: created on first use in `<hmos state>/keys/developer.key` (PKCS#8 PEM,
 * mode 0600, folder 0700). Devices trust it by its key id (first 16 hex chars of SHA-256 over the raw public key).
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HmosError } from '../errors.js';
import { writeFileAtomic } from '../util/atomic.js';
import { hmosHome } from '../util/paths.js';

export interface SigningKey {
  privateKey: KeyObject;
  publicKey: KeyObject;
  /** Raw 32-byte public key, base64. */
  publicKeyBase64: string;
  keyId: string;
}

export function rawPublicKey(publicKey: KeyObject): Buffer {
  // The SPKI DER of an Ed25519 key is a fixed 12-byte prefix followed by the 32 raw bytes.
  return publicKey.export({ format: 'der', type: 'spki' }).subarray(-32);
}

export function keyIdOf(rawPublicKeyBytes: Uint8Array): string {
  return createHash('sha256').update(rawPublicKeyBytes).digest('hex').slice(0, 16);
}

export function publicKeyFromRaw(rawBase64: string): KeyObject {
  const raw = Buffer.from(rawBase64, 'base64');
  if (raw.length !== 32) throw new HmosError('HAP_BAD_KEY', 'the public key is not a 32-byte Ed25519 key');
  const prefix = Buffer.from('302a300506032b6570032100', 'hex');
  return createPublicKey({ key: Buffer.concat([prefix, raw]), format: 'der', type: 'spki' });
}

function fromPrivate(privateKey: KeyObject): SigningKey {
  const publicKey = createPublicKey(privateKey);
  const raw = rawPublicKey(publicKey);
  return { privateKey, publicKey, publicKeyBase64: raw.toString('base64'), keyId: keyIdOf(raw) };
}

export function developerKeyPath(home = hmosHome()): string {
  return join(home, 'keys', 'developer.key');
}

/** Loads the developer key, creating it (mode 0600) the first time. */
export function loadOrCreateDeveloperKey(home = hmosHome()): SigningKey {
  const file = developerKeyPath(home);
  if (existsSync(file)) {
    try {
      return fromPrivate(createPrivateKey(readFileSync(file)));
    } catch (err) {
      throw new HmosError('SIGNING_KEY_INVALID', `the signing key ${file} cannot be read (${(err as Error).message}); move it away to create a new one`, { cause: err });
    }
  }
  try {
    mkdirSync(join(home, 'keys'), { recursive: true, mode: 0o700 });
    const { privateKey } = generateKeyPairSync('ed25519');
    writeFileAtomic(file, privateKey.export({ format: 'pem', type: 'pkcs8' }) as string, { mode: 0o600 });
    chmodSync(file, 0o600);
    return fromPrivate(privateKey);
  } catch (err) {
    if (err instanceof HmosError) throw err;
    throw new HmosError('STATE_DIR_UNWRITABLE', `cannot create the signing key in ${home} (${(err as NodeJS.ErrnoException).code ?? err}); set HMOS_HOME to a writable folder`, { cause: err });
  }
}
