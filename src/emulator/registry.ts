/**
 * The host registry: every running device host writes `<hmos home>/hosts/<pid>.json` (mode 0600, it holds the
 * connector token) and removes it when it exits — normally, on SIGINT or on SIGTERM. Clients read it through
 * src/deploy/host-registry.ts, which prunes the entries of hosts that died without cleaning up.
 */
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { writeFileAtomic } from '../util/atomic.js';
import { hmosHome } from '../util/paths.js';

export interface HostDeviceEntry {
  id: string;
  type: string;
  aliases: string[];
}

export interface HostEntry {
  pid: number;
  port: number;
  token: string;
  devices: HostDeviceEntry[];
  startedAt: string;
}

export function hostsDir(home = hmosHome()): string {
  return join(home, 'hosts');
}

export function hostEntryPath(pid: number, home = hmosHome()): string {
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
