/**
 * The secret the user's devices share (`<hmos home>/superdevice.secret`, mode 0600, made on first use): mixed into
 * the MAC of every Super Device message, so only hosts of this user (same state folder) can talk to each other's
 * apps — a local process that connects to a device's port without it gets every message dropped.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export function loadOrCreateNetworkSecret(home: string): string {
  const file = join(home, 'superdevice.secret');
  try {
    const s = readFileSync(file, 'utf8').trim();
    if (/^[0-9a-f]{64}$/.test(s)) return s;
  } catch {}
  mkdirSync(home, { recursive: true });
  const secret = randomBytes(32).toString('hex');
  try {
    // 'wx': two hosts starting at once must not both write; the loser reads the winner's secret.
    writeFileSync(file, secret + '\n', { mode: 0o600, flag: 'wx' });
    return secret;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    return readFileSync(file, 'utf8').trim();
  }
}
