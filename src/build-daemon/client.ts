/**
 * A one-shot `hmos build`'s side of the build daemon (server.ts). bin/hmos.js asks buildThroughDaemon first: when this
 * hmos's daemon is running, the build runs there — warm — and this process only relays its output and exit code.
 * When none is running (or it does not answer, or it stops mid-build), the build runs in this process as it always
 * did, and afterwards startBuildDaemon starts one, detached, for the next build.
 *
 * Builtins only, its own small CommonJS file (dist/build-client.cjs): it runs first thing in a one-shot build, where
 * every ms of loading counts (node:child_process is loaded only to start a daemon).
 */
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Socket } from 'node:net';
import { join } from 'node:path';
import { daemonAddress, daemonDir, daemonWanted, ensurePrivateDir } from './address.js';
import { PROTOCOL, readMessages, send, type DaemonStatus, type Reply } from './protocol.js';

const requireBuiltin = createRequire(import.meta.url);

/**
 * A connection to a daemon's socket. node:net is loaded on first use, so a build with daemons off or none running
 * does not load it (~3 ms of a one-shot build's start). Nobody listening there means a daemon died and left its
 * socket: it is removed, so that the next build starts a new daemon.
 */
function connectTo(socket: string): Socket {
  const s = (requireBuiltin('node:net') as typeof import('node:net')).connect(socket);
  s.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'ECONNREFUSED') rmSync(socket, { force: true });
  });
  return s;
}

/** A daemon that has not even read the request by then is wedged or busy with a long build: build here instead. */
const ACCEPT_TIMEOUT_MS = 3_000;

/**
 * Runs `hmos build <rest>` in this hmos's daemon. Undefined at once when no daemon is wanted or none is running; else
 * a promise of the build's exit code, or of undefined when the daemon did not build it (the caller then builds).
 */
export function buildThroughDaemon(rest: string[], env: NodeJS.ProcessEnv = process.env): Promise<number | undefined> | undefined {
  if (!daemonWanted(rest, env)) return undefined;
  const address = daemonAddress(env);
  if (!address || !existsSync(address.socket)) return undefined;
  return new Promise((resolve) => {
    const socket = connectTo(address.socket);
    let accepted = false;
    let wrote = false;
    let done = false;
    const finish = (code: number | undefined) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      socket.destroy();
      if (code === undefined && wrote) process.stderr.write('hmos: the build daemon stopped during the build; building in this process instead\n');
      resolve(code);
    };
    const timer = setTimeout(() => {
      if (!accepted) finish(undefined);
    }, ACCEPT_TIMEOUT_MS);
    socket.on('error', () => finish(undefined));
    socket.on('close', () => finish(undefined));
    socket.on('connect', () => {
      const strings: Record<string, string> = {};
      for (const [k, v] of Object.entries(env)) if (v !== undefined) strings[k] = v;
      send(socket, {
        hmos: PROTOCOL,
        build: {
          argv: ['build', ...rest],
          cwd: process.cwd(),
          env: strings,
          stdout: { isTTY: Boolean(process.stdout.isTTY), columns: process.stdout.columns },
          stderr: { isTTY: Boolean(process.stderr.isTTY), columns: process.stderr.columns },
        },
      });
    });
    readMessages(socket, (message) => {
      const m = message as Reply;
      if ('accepted' in m) accepted = true;
      else if ('o' in m && typeof m.o === 'string') {
        wrote = true;
        process.stdout.write(m.o);
      } else if ('e' in m && typeof m.e === 'string') {
        wrote = true;
        process.stderr.write(m.e);
      } else if ('exit' in m && typeof m.exit === 'number') finish(m.exit);
      else finish(undefined);
    });
  });
}

/**
 * After a build in this process: starts this hmos's daemon in the background (its own session, no terminal, not
 * waited for), unless daemons are off. `entry` is dist/build-daemon.cjs. True when one was started.
 */
export function startBuildDaemon(rest: string[], entry: string, env: NodeJS.ProcessEnv = process.env): boolean {
  if (!daemonWanted(rest, env)) return false;
  const address = daemonAddress(env);
  if (!address || existsSync(address.socket) || !ensurePrivateDir(address.dir)) return false;
  try {
    const { spawn } = requireBuiltin('node:child_process') as typeof import('node:child_process');
    const child = spawn(process.execPath, [entry, address.socket], { detached: true, stdio: 'ignore', cwd: address.dir, env });
    child.on('error', () => undefined);
    child.unref();
    return true;
  } catch {
    return false;
  }
}

/** One control request (`status` or `stop`) to the daemon listening on `socket`; undefined when none answers. */
function control(socket: string, request: { status: true } | { stop: true }): Promise<Reply | undefined> {
  return new Promise((resolve) => {
    const s = connectTo(socket);
    const timer = setTimeout(() => {
      s.destroy();
      resolve(undefined);
    }, ACCEPT_TIMEOUT_MS);
    const done = (reply: Reply | undefined) => {
      clearTimeout(timer);
      s.destroy();
      resolve(reply);
    };
    s.on('error', () => done(undefined));
    s.on('close', () => done(undefined));
    s.on('connect', () => send(s, { hmos: PROTOCOL, ...request }));
    readMessages(s, (m) => done(m as Reply));
  });
}

/** Every build daemon of this state folder (of any hmos build or settings) that answers; stale sockets are removed. */
export async function daemonStatuses(env: NodeJS.ProcessEnv = process.env): Promise<DaemonStatus[]> {
  const statuses: DaemonStatus[] = [];
  for (const socket of daemonSockets(env)) {
    const reply = await control(socket, { status: true });
    if (reply && 'status' in reply) statuses.push(reply.status);
  }
  return statuses;
}

/**
 * Stops every build daemon of this state folder: each finishes the builds it has begun or queued, then exits.
 * Resolves with those that stopped (their socket gone) within `waitMs`.
 */
export async function stopDaemons(env: NodeJS.ProcessEnv = process.env, waitMs = 60_000): Promise<DaemonStatus[]> {
  const stopped: DaemonStatus[] = [];
  for (const status of await daemonStatuses(env)) {
    const reply = await control(status.socket, { stop: true });
    if (!reply || !('stopping' in reply)) continue;
    const deadline = Date.now() + waitMs;
    while (existsSync(status.socket) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    if (!existsSync(status.socket)) stopped.push(status);
  }
  return stopped;
}

function daemonSockets(env: NodeJS.ProcessEnv): string[] {
  const dir = daemonDir(env);
  try {
    return readdirSync(dir).filter((f) => /^build-[0-9a-f]+\.sock$/.test(f)).map((f) => join(dir, f));
  } catch {
    return [];
  }
}
