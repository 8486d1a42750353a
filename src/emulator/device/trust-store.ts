/**
 * The keys emulated devices trust to install apps: the local developer key (src/hap/signing-key.ts) plus the keys
 * added with `hmos devices trust <key-file>`, kept in `<hmos home>/trusted-keys.json` (mode 0600).
 */
import { createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HmosError } from '../../errors.js';
import { keyIdOf, loadOrCreateDeveloperKey, publicKeyFromRaw, rawPublicKey } from '../../hap/signing-key.js';
import { writeFileAtomic } from '../../util/atomic.js';
import { hmosHome } from '../../util/paths.js';

export interface TrustedKey {
  keyId: string;
  /** Raw 32-byte Ed25519 public key, base64. */
  publicKey: string;
  addedAt: string;
  source?: string;
}

function trustStorePath(home = hmosHome()): string {
  return join(home, 'trusted-keys.json');
}

export function readTrustedKeys(home = hmosHome()): TrustedKey[] {
  try {
    const data = JSON.parse(readFileSync(trustStorePath(home), 'utf8'));
    return Array.isArray(data.keys) ? data.keys.filter((k: any) => typeof k?.keyId === 'string' && typeof k?.publicKey === 'string') : [];
  } catch {
    return [];
  }
}

/** Key ids a device accepts: the developer key's and every trusted one. */
export function trustedKeyIds(home = hmosHome()): Set<string> {
  const ids = new Set(readTrustedKeys(home).map((k) => k.keyId));
  ids.add(loadOrCreateDeveloperKey(home).keyId);
  return ids;
}

/**
 * Reads a key file: an Ed25519 public key (SPKI PEM), a private key (PKCS#8 PEM, only its public half is kept), or a
 * raw 32-byte public key in base64.
 */
function parseKeyFile(file: string): string {
  let text: string;
  try {
    text = readFileSync(file, 'utf8').trim();
  } catch (err) {
    throw new HmosError('KEY_FILE_UNREADABLE', `cannot read the key file ${file} (${(err as NodeJS.ErrnoException).code ?? err})`, { location: { file } });
  }
  let key: KeyObject | undefined;
  try {
    if (text.includes('PRIVATE KEY')) key = createPublicKey(createPrivateKey(text));
    else if (text.includes('PUBLIC KEY')) key = createPublicKey(text);
    else key = publicKeyFromRaw(text);
  } catch {
    key = undefined;
  }
  if (!key || key.asymmetricKeyType !== 'ed25519') {
    throw new HmosError('KEY_FILE_INVALID', `${file} is not an Ed25519 key (expected a PEM public or private key, or 32 raw bytes in base64)`, { location: { file } });
  }
  return rawPublicKey(key).toString('base64');
}

/** Adds the key of `file` to the trust store; returns it (already trusted keys are returned unchanged). */
export function trustKeyFile(file: string, home = hmosHome()): TrustedKey {
  return trustPublicKey(parseKeyFile(file), home, file);
}

/** Adds a raw Ed25519 public key (base64) to the trust store of `home` (`hmos test`'s devices trust the developer's key). */
export function trustPublicKey(publicKey: string, home = hmosHome(), source?: string): TrustedKey {
  const keyId = keyIdOf(Buffer.from(publicKey, 'base64'));
  const keys = readTrustedKeys(home);
  const existing = keys.find((k) => k.keyId === keyId);
  if (existing) return existing;
  const added: TrustedKey = { keyId, publicKey, addedAt: new Date().toISOString(), ...(source ? { source } : {}) };
  writeFileAtomic(trustStorePath(home), JSON.stringify({ keys: [...keys, added] }, null, 2) + '\n', { mode: 0o600 });
  return added;
}
