/**
 * The build daemon: a background process that keeps the compiler warm — the CLI, ohos-typescript, esbuild's service
 * and the transform loaded and compiled — and runs `hmos build` for the clients that connect to its socket, as
 * hvigor's and Gradle's daemons do. A new `hmos build` process then costs a Node start and a connection, not the
 * ~150 ms of loading and compiling the parser and the compiler again (see client.ts).
 *
 * Each build runs exactly as it would in the client's own process: the client's folder, environment, terminal kinds
 * (stdout and stderr are replaced, for the build, by streams that carry what it writes back to the client) and the
 * exit code it would have had; the on-disk caches and the up-to-date manifest are the same ones. Builds run one at a
 * time, in order. Only `hmos build` (not --watch) is served, only to this user (address.ts).
 *
 * The daemon ends by itself: after HMOS_DAEMON_IDLE_MS without a build (default 15 min); when its socket is removed
 * or replaced (its state folder deleted, another daemon took the address); when the hmos it was started from is
 * rebuilt or reinstalled; when its memory grows past a limit; on `hmos daemon stop`. A build that throws what the CLI
 * does not catch ends it too (the client then builds by itself).
 */
import { readFileSync, statSync, unlinkSync, writeFileSync, appendFileSync, type Stats } from 'node:fs';
import { connect, createServer, type Server, type Socket } from 'node:net';
import { Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { main } from '../cli.js';
import { installTsCodeCache } from '../compiler/ts-code-cache.js';
import { stampOf } from '../compiler/up-to-date.js';
import { HMOS_BUILD_ID } from '../util/build-id.js';
import { daemonAddress, ensurePrivateDir, type DaemonAddress } from './address.js';
import { buildDaemonMode } from './mode.js';
import { readMessages, send, validBuildRequest, type BuildRequest, type DaemonStatus, type TerminalInfo } from './protocol.js';

const DEFAULT_IDLE_MS = 15 * 60_000;
/** Past this resident size after a build, the daemon ends (the next build starts a fresh one). */
const MAX_RSS_BYTES = 1.5 * 1024 ** 3;
const CHECK_EVERY_MS = 2_000;
const MAX_LOG_BYTES = 256 * 1024;

export async function serveBuildDaemon(socketPath: string): Promise<void> {
  const address = daemonAddress(process.env);
  // Started by a client of this very hmos and settings (the socket names both): anything else is not ours to serve.
  if (!address || address.socket !== socketPath || !ensurePrivateDir(address.dir)) process.exit(2);
  const daemon = new BuildDaemon(address);
  await daemon.start();
}

class BuildDaemon {
  private server: Server | undefined;
  private queue: Promise<void> = Promise.resolve();
  private builds = 0;
  private idleTimer: NodeJS.Timeout | undefined;
  private readonly idleMs = idleLimit();
  private readonly startedAt = new Date();
  private socketStat: Stats | undefined;
  private readonly ownCode = fileURLToPath(import.meta.url);
  private readonly ownCodeStamp = stampOf(this.ownCode);
  private current: { reply: (m: { o: string } | { e: string } | { exit: number }) => void } | undefined;
  private stopping = false;
  /** The daemon's own environment, restored between builds. */
  private readonly ownEnv = { ...process.env };

  constructor(private readonly address: DaemonAddress) {}

  async start(): Promise<void> {
    this.trimLog();
    buildDaemonMode.active = true;
    process.on('uncaughtException', (err) => this.crash(err));
    process.on('unhandledRejection', (err) => this.crash(err));
    // `kill <pid>`: the socket goes with the daemon (a build in progress is cut short; util/cleanup.ts's handler, once
    // a build installed it, removes its half-written files and exits).
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      process.on(signal, () => {
        this.removeOwnSocket();
        this.log(`stopped: ${signal}`);
        if (process.listenerCount(signal) === 1) process.exit(signal === 'SIGTERM' ? 143 : 130);
      });
    }
    // Warm: what a build loads, loaded now (the parser through its code cache) — not by the first client's build.
    installTsCodeCache();
    const { startEsbuildService } = await import('../compiler/esbuild-service.js');
    startEsbuildService();
    const { loadDefaultTransform } = await import('../compiler/transform-loader.js');
    await loadDefaultTransform();
    await import('../compiler/build.js');
    if (!(await this.listen())) return this.exit('another daemon already serves this address');
    this.socketStat = statSync(this.address.socket);
    this.log(`started (hmos ${HMOS_BUILD_ID}, node ${process.version})`);
    this.armIdle();
    setInterval(() => this.check(), CHECK_EVERY_MS).unref();
  }

  /** Listens on the socket; false when a live daemon already does. A socket left by a dead daemon is replaced. */
  private async listen(): Promise<boolean> {
    for (let attempt = 0; attempt < 2; attempt++) {
      const server = createServer((socket) => this.accept(socket));
      const error = await new Promise<NodeJS.ErrnoException | undefined>((resolve) => {
        server.once('error', resolve);
        server.listen(this.address.socket, () => resolve(undefined));
      });
      if (!error) {
        this.server = server;
        return true;
      }
      if (error.code !== 'EADDRINUSE' || (await alive(this.address.socket))) return false;
      try {
        unlinkSync(this.address.socket);
      } catch {
        return false;
      }
    }
    return false;
  }

  private accept(socket: Socket): void {
    socket.on('error', () => socket.destroy());
    readMessages(socket, (message) => {
      const m = message as { hmos?: number; status?: boolean; stop?: boolean };
      if (m?.hmos === 1 && m.status) {
        send(socket, { status: this.status() });
        socket.end();
      } else if (m?.hmos === 1 && m.stop) {
        send(socket, { stopping: true });
        socket.end();
        this.stopAfterQueue('stopped by hmos daemon stop');
      } else {
        const build = validBuildRequest(message);
        if (!build) {
          send(socket, { refused: 'not a build request this daemon serves' });
          socket.end();
          return;
        }
        send(socket, { accepted: true });
        this.enqueue(socket, build);
      }
    });
  }

  private status(): DaemonStatus {
    return { pid: process.pid, buildId: HMOS_BUILD_ID, startedAt: this.startedAt.toISOString(), builds: this.builds, rssBytes: process.memoryUsage.rss(), socket: this.address.socket };
  }

  private enqueue(socket: Socket, build: BuildRequest['build']): void {
    clearTimeout(this.idleTimer);
    this.queue = this.queue.then(async () => {
      // A client that gave up waiting (it builds by itself then) or went away (Ctrl-C) is not built for.
      if (socket.destroyed || !socket.writable || this.stopping) return;
      const code = await this.run(socket, build);
      send(socket, { exit: code });
      socket.end();
      this.builds++;
      if (process.memoryUsage.rss() > MAX_RSS_BYTES) this.stopAfterQueue(`memory past ${MAX_RSS_BYTES >> 20} MiB`);
    }).finally(() => this.armIdle());
  }

  /** Runs one `hmos build` as the client's process would: its folder, environment and terminals; returns its exit code. */
  private async run(socket: Socket, build: BuildRequest['build']): Promise<number> {
    const reply = (m: { o: string } | { e: string } | { exit: number }) => send(socket, m);
    this.current = { reply };
    const restoreStreams = redirectStdio(reply, build.stdout, build.stderr);
    setEnvironment(build.env);
    process.exitCode = undefined;
    try {
      process.chdir(build.cwd);
      await main(['node', 'hmos', ...build.argv]);
      const code = process.exitCode;
      return typeof code === 'number' ? code : Number(code ?? 0) || 0;
    } catch (err) {
      // main reports every error itself; this is a folder that vanished before the build began
      reply({ e: `error: ${(err as Error)?.message ?? err}\n` });
      return 1;
    } finally {
      process.exitCode = undefined;
      restoreStreams();
      setEnvironment(this.ownEnv);
      this.current = undefined;
    }
  }

  private armIdle(): void {
    clearTimeout(this.idleTimer);
    if (this.stopping) return;
    this.idleTimer = setTimeout(() => this.stopAfterQueue(`idle for ${Math.round(this.idleMs / 1000)} s`), this.idleMs);
  }

  /** Every few seconds: is the socket still ours, and is the hmos that started us still the one installed? */
  private check(): void {
    let why: string | undefined;
    try {
      const st = statSync(this.address.socket);
      if (st.ino !== this.socketStat?.ino || st.dev !== this.socketStat?.dev) why = 'its socket was replaced';
    } catch {
      why = 'its socket was removed';
    }
    if (!why && stampOf(this.ownCode) !== this.ownCodeStamp) why = 'hmos was rebuilt or reinstalled';
    if (why) this.stopAfterQueue(why, why.startsWith('its socket'));
  }

  private stopAfterQueue(why: string, socketGone = false): void {
    if (this.stopping) return;
    this.stopping = true;
    clearTimeout(this.idleTimer);
    void this.queue.then(() => this.exit(why, socketGone));
  }

  private exit(why: string, socketGone = false): never {
    this.server?.close();
    if (!socketGone) this.removeOwnSocket();
    this.log(`stopped: ${why} (${this.builds} builds)`);
    process.exit(0);
  }

  private removeOwnSocket(): void {
    if (!this.server) return;
    try {
      // only our own socket: a daemon that took the address since has its own inode
      if (statSync(this.address.socket).ino === this.socketStat?.ino) unlinkSync(this.address.socket);
    } catch {
      // already gone
    }
  }

  private crash(err: unknown): void {
    const text = err instanceof Error ? err.stack ?? err.message : String(err);
    this.log(`crashed: ${text}`);
    this.current?.reply({ e: `internal error in the build daemon (it stops; the next build starts a new one):\n${text}\n` });
    this.current?.reply({ exit: 2 });
    this.stopping = true;
    this.exit('crashed', false);
  }

  private log(line: string): void {
    try {
      appendFileSync(this.address.log, `${new Date().toISOString()} [${process.pid}] ${line}\n`, { mode: 0o600 });
    } catch {
      // a log that cannot be written costs nothing else
    }
  }

  private trimLog(): void {
    try {
      if (statSync(this.address.log).size > MAX_LOG_BYTES) writeFileSync(this.address.log, readFileSync(this.address.log, 'utf8').slice(-MAX_LOG_BYTES / 2));
    } catch {
      // no log yet
    }
  }
}

function idleLimit(): number {
  const ms = Number(process.env.HMOS_DAEMON_IDLE_MS);
  return Number.isFinite(ms) && ms > 0 ? ms : DEFAULT_IDLE_MS;
}

/** Whether a daemon answers on `socket`. */
function alive(socket: string): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect(socket);
    s.once('connect', () => {
      s.destroy();
      resolve(true);
    });
    s.once('error', () => resolve(false));
  });
}

/** Replaces the process environment's entries (in place: code may hold `process.env` itself). */
function setEnvironment(env: Record<string, string | undefined>): void {
  for (const k of Object.keys(process.env)) if (!(k in env)) delete process.env[k];
  for (const [k, v] of Object.entries(env)) if (v !== undefined) process.env[k] = v;
}

/**
 * For one build, `process.stdout` and `process.stderr` are streams that send what is written to the client, with the
 * client's terminal kinds (colours, widths and progress lines follow them as in the client's own process).
 */
function redirectStdio(reply: (m: { o: string } | { e: string }) => void, stdout: TerminalInfo, stderr: TerminalInfo): () => void {
  const out = clientStream((text) => reply({ o: text }), stdout);
  const err = clientStream((text) => reply({ e: text }), stderr);
  const saved = { stdout: Object.getOwnPropertyDescriptor(process, 'stdout')!, stderr: Object.getOwnPropertyDescriptor(process, 'stderr')! };
  Object.defineProperty(process, 'stdout', { configurable: true, enumerable: true, get: () => out });
  Object.defineProperty(process, 'stderr', { configurable: true, enumerable: true, get: () => err });
  return () => {
    Object.defineProperty(process, 'stdout', saved.stdout);
    Object.defineProperty(process, 'stderr', saved.stderr);
  };
}

function clientStream(write: (text: string) => void, terminal: TerminalInfo): Writable & TerminalInfo {
  const stream = new Writable({
    decodeStrings: false,
    write(chunk: string | Buffer, _encoding, done) {
      write(typeof chunk === 'string' ? chunk : chunk.toString('utf8'));
      done();
    },
  }) as Writable & TerminalInfo;
  stream.isTTY = terminal.isTTY;
  if (terminal.columns) stream.columns = terminal.columns;
  return stream;
}
