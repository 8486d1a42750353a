/**
 * Where a build daemon listens, and whether one is wanted. A daemon serves one hmos build (HMOS_BUILD_ID), one Node
 * and one set of HMOS_* settings: its Unix socket is `<hmos state>/daemon/build-<key>.sock`, the key a hash of those, so
 * a client only ever reaches a daemon that would build exactly as it would itself (another hmos, another Node, another
 * HMOS_TRANSFORM_TIMEOUT: another daemon). The folder is the user's own (0700): only the user's processes can connect.
 *
 * Builtins only, and not node:crypto (~3 ms to load): bin/hmos.js reaches this (dist/build-client.cjs) first thing.
 */
import { lstatSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { HMOS_BUILD_ID } from '../util/build-id.js';
import { hmosHome } from '../util/paths.js';

/** Longest Unix socket path Linux (108 bytes with the NUL) and macOS (104) both take. */
const MAX_SOCKET_PATH = 100;

/**
 * Whether this build should use (and start) a daemon: `HMOS_DAEMON=0|false|no|off` or `--no-daemon` turn it off,
 * `HMOS_DAEMON=1` on; by default it is on, except on CI (`CI` set), where a build must not leave a process behind.
 */
export function daemonWanted(args: readonly string[], env: NodeJS.ProcessEnv = process.env): boolean {
  if (args.includes('--no-daemon')) return false;
  const setting = env.HMOS_DAEMON?.trim().toLowerCase();
  if (setting !== undefined && setting !== '') return !['0', 'false', 'no', 'off'].includes(setting);
  return !env.CI || env.CI === '0' || env.CI.toLowerCase() === 'false';
}

/** The daemons' folder of this state folder. */
export function daemonDir(env: NodeJS.ProcessEnv = process.env): string {
  return join(resolve(hmosHome(env)), 'daemon');
}

export interface DaemonAddress {
  dir: string;
  socket: string;
  log: string;
}

/** This hmos's daemon address, or undefined when its socket path would be too long for the OS. */
export function daemonAddress(env: NodeJS.ProcessEnv = process.env): DaemonAddress | undefined {
  const settings = Object.keys(env).filter((k) => k.startsWith('HMOS_') && !k.startsWith('HMOS_DAEMON')).sort().map((k) => `${k}=${env[k]}`);
  const key = hash53(JSON.stringify([HMOS_BUILD_ID, process.version, process.execPath, settings]));
  const dir = daemonDir(env);
  const socket = join(dir, `build-${key}.sock`);
  if (Buffer.byteLength(socket) > MAX_SOCKET_PATH) return undefined;
  return { dir, socket, log: join(dir, `build-${key}.log`) };
}

/**
 * Makes sure the daemons' folder exists and is the user's alone (a directory, owned by this user, no group or other
 * permissions) — else another user could connect to a daemon or plant a socket. False when it is not (or cannot be).
 */
export function ensurePrivateDir(dir: string): boolean {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  } catch {
    return false;
  }
  return notPrivate(dir) === undefined;
}

/** Why `dir` (which exists) is not the user's alone — undefined when it is. `hmos doctor` says it. */
export function notPrivate(dir: string): string | undefined {
  try {
    const st = lstatSync(dir);
    if (!st.isDirectory()) return 'not a folder';
    if (typeof process.getuid === 'function' && st.uid !== process.getuid()) return `owned by uid ${st.uid}`;
    if ((st.mode & 0o077) !== 0) return `mode ${(st.mode & 0o777).toString(8)}: others can open it`;
    return undefined;
  } catch (err) {
    return String((err as NodeJS.ErrnoException).code ?? err);
  }
}

/**
 * A 53-bit hash of `text` as 14 hex digits (cyrb53): names a daemon's socket. Not a secret and not a defence — the
 * folder's permissions are — only a name that differs when what it is made from differs.
 */
function hash53(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16).padStart(14, '0');
}
