/**
 * Reads the host registry (`<hmos home>/hosts/*.json`, written by registry.ts) and prunes entries of
 * hosts that are gone: a pid that is not alive, or a port that refuses connections.
 */
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { connect } from 'node:net';
import { join } from 'node:path';
import { hmosHome } from '../util/paths.js';
import type { HostEntry } from './registry.js';

export type { HostEntry };

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
