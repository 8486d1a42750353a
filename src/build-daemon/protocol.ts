/**
 * What a client and a build daemon say to each other over the daemon's Unix socket: one JSON object per line.
 *
 * Client → daemon, once per connection: a build (`argv` after `hmos`, the client's folder, environment and whether
 * its stdout/stderr are terminals), or `status`, or `stop`.
 * Daemon → client: `accepted` as soon as the request is read (a client that never hears it builds by itself); then
 * the build's output as it is written (`o` for stdout, `e` for stderr) and last its `exit` code; or the `status`.
 */
import type { Socket } from 'node:net';

export const PROTOCOL = 1;

export interface BuildRequest {
  hmos: typeof PROTOCOL;
  build: { argv: string[]; cwd: string; env: Record<string, string>; stdout: TerminalInfo; stderr: TerminalInfo };
}
export interface TerminalInfo {
  isTTY: boolean;
  columns?: number;
}
export interface ControlRequest {
  hmos: typeof PROTOCOL;
  status?: true;
  stop?: true;
}
export type Request = BuildRequest | ControlRequest;

export interface DaemonStatus {
  pid: number;
  buildId: string;
  startedAt: string;
  builds: number;
  rssBytes: number;
  socket: string;
}

export type Reply = { accepted: true } | { o: string } | { e: string } | { exit: number } | { status: DaemonStatus } | { stopping: true } | { refused: string };

/** Calls `onMessage` with each JSON line `socket` receives (a line that is not JSON ends the connection). */
export function readMessages(socket: Socket, onMessage: (message: unknown) => void): void {
  let pending = '';
  socket.setEncoding('utf8');
  socket.on('data', (chunk: string) => {
    pending += chunk;
    let nl: number;
    while ((nl = pending.indexOf('\n')) >= 0) {
      const line = pending.slice(0, nl);
      pending = pending.slice(nl + 1);
      let message: unknown;
      try {
        message = JSON.parse(line);
      } catch {
        socket.destroy();
        return;
      }
      onMessage(message);
    }
  });
}

export function send(socket: Socket, message: Request | Reply): void {
  if (!socket.destroyed && socket.writable) socket.write(JSON.stringify(message) + '\n');
}

/** A build request as the daemon accepts it: nothing but `hmos build` with string arguments, an absolute folder. */
export function validBuildRequest(message: unknown): BuildRequest['build'] | undefined {
  const m = message as Partial<BuildRequest> | null;
  const b = m && typeof m === 'object' && m.hmos === PROTOCOL ? m.build : undefined;
  if (!b || typeof b !== 'object') return undefined;
  if (!Array.isArray(b.argv) || b.argv[0] !== 'build' || !b.argv.every((a) => typeof a === 'string')) return undefined;
  if (b.argv.some((a) => a === '-w' || a === '--watch')) return undefined;
  if (typeof b.cwd !== 'string' || !b.cwd.startsWith('/')) return undefined;
  if (!b.env || typeof b.env !== 'object' || !Object.values(b.env).every((v) => typeof v === 'string')) return undefined;
  const terminal = (t: unknown): t is TerminalInfo => Boolean(t) && typeof (t as TerminalInfo).isTTY === 'boolean';
  if (!terminal(b.stdout) || !terminal(b.stderr)) return undefined;
  return b;
}
