/**
 * The host registry: every running device host (and every `hmos emulate` session) writes
 * `<hmos home>/hosts/<pid>.json` (mode 0600, it holds the connector token) and removes it when it exits — normally, on
 * SIGINT or on SIGTERM. Clients read it with `liveHosts`, which prunes the entries of hosts that died without cleaning
 * up: a pid that is not alive, or a port that refuses connections.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { writeFileAtomic } from '../util/atomic.js';
import { hmosHome } from '../util/paths.js';

export interface HostDeviceEntry {
  id: string;
  type: string;
  aliases: string[];
  /** Where the device listens for its Super Device peers (127.0.0.1), see device-network.ts. */
  networkPort?: number;
}

export interface HostEntry {
  pid: number;
  port: number;
  token: string;
  devices: HostDeviceEntry[];
  startedAt: string;
}

function hostsDir(home = hmosHome()): string {
  return join(home, 'hosts');
}

function hostEntryPath(pid: number, home = hmosHome()): string {
  return join(hostsDir(home), `${pid}.json`);
}

/** Writes this host's entry (atomically, 0600) and returns a function that removes it; it also runs on exit. */
export function registerHost(entry: HostEntry, home = hmosHome()): () => void {
  mkdirSync(hostsDir(home), { recursive: true, mode: 0o700 });
  const file = hostEntryPath(entry.pid, home);
  writeFileAtomic(file, JSON.stringify(entry, null, 2) + '\n', { mode: 0o600 });
  let removed = false;
  const remove = () => {
    if (removed) return;
    removed = true;
    rmSync(file, { force: true });
    process.off('exit', remove);
  };
  process.on('exit', remove);
  return remove;
}

/** Rewrites this host's entry (atomically: readers never see it missing), e.g. when its devices change. */
export function updateHost(entry: HostEntry, home = hmosHome()): void {
  writeFileAtomic(hostEntryPath(entry.pid, home), JSON.stringify(entry, null, 2) + '\n', { mode: 0o600 });
}

/** The device ids the other running hosts of `home` use (a new host or session numbers its devices past them). */
export function deviceIdsInUse(home = hmosHome()): Set<string> {
  return new Set(readHostEntries(home).filter((h) => h.pid !== process.pid).flatMap((h) => h.devices.map((d) => d.id)));
}

/**
 * The entries of hosts whose process is alive, read without network checks or pruning (cheap enough to poll; the
 * device network uses it to find peers). Unreadable entries are skipped.
 */
export function readHostEntries(home = hmosHome()): HostEntry[] {
  let names: string[];
  try {
    names = readdirSync(hostsDir(home)).filter((n) => /^\d+\.json$/.test(n));
  } catch {
    return [];
  }
  const out: HostEntry[] = [];
  for (const name of names) {
    try {
      const e = JSON.parse(readFileSync(join(hostsDir(home), name), 'utf8')) as HostEntry;
      if (!Number.isInteger(e.pid) || !Array.isArray(e.devices)) continue;
      try { process.kill(e.pid, 0); } catch (err) { if ((err as NodeJS.ErrnoException).code !== 'EPERM') continue; }
      out.push(e);
    } catch {
      // being replaced or garbage: the next poll sees the new one
    }
  }
  return out;
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    // EPERM: the process exists but belongs to someone else.
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function portOpen(port: number, timeoutMs = 1000): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

function isEntry(v: any): v is HostEntry {
  return v && Number.isInteger(v.pid) && Number.isInteger(v.port) && typeof v.token === 'string' && Array.isArray(v.devices);
}

/** The live hosts, oldest first. Stale and unreadable entries are deleted. */
export async function liveHosts(home = hmosHome()): Promise<HostEntry[]> {
  const dir = join(home, 'hosts');
  let names: string[];
  try {
    names = readdirSync(dir).filter((n) => /^\d+\.json$/.test(n));
  } catch {
    return [];
  }
  const checks = names.map(async (name) => {
    const file = join(dir, name);
    let entry: unknown;
    try {
      entry = JSON.parse(readFileSync(file, 'utf8'));
    } catch {
      // A half-written entry cannot exist (atomic writes), so an unreadable one is garbage.
      rmSync(file, { force: true });
      return undefined;
    }
    if (!isEntry(entry) || !pidAlive(entry.pid) || !(await portOpen(entry.port))) {
      rmSync(file, { force: true });
      return undefined;
    }
    return entry;
  });
  const hosts = (await Promise.all(checks)).filter((h): h is HostEntry => h !== undefined);
  return hosts.sort((a, b) => a.startedAt.localeCompare(b.startedAt));
}
