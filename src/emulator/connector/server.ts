/**
 * The connector server of a device host (DESIGN decision 6): HTTP on 127.0.0.1 only, every request authorised with
 * the host's random 256-bit token (`Authorization: Bearer <token>`), JSON errors `{error: {code, message}}`.
 *
 * Any local process can connect, so the server bounds what a hostile or broken client can hold:
 * - headers must be complete within HEADERS_TIMEOUT_MS (5 s) of the connection (or of the previous request);
 * - a body must keep coming at MIN_BODY_BYTES_PER_S after a BODY_GRACE_MS start (mod_reqtimeout's rule), else 408;
 * - a connection that sends nothing for the idle timeout (15 s) is closed — the client's silence only: once a request
 *   has arrived whole, the time the host takes to answer it (an install, a launch on a busy machine) is not idleness,
 *   so the timer is off until the answer is sent;
 * - an unauthorised request, a malformed one and an oversize body are answered (401 / 400 / 413) and the connection
 *   is closed right after the answer;
 * - at most MAX_CONNECTIONS (128) connections are open at once: a new one over the cap makes room by closing the
 *   oldest connection that has not yet sent a valid token, or is itself answered 503 and closed;
 * - a JSON body is at most 1 MB (by default) and MAX_JSON5_DEPTH deep.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { HmosError } from '../../errors.js';
import { jsonDepthOver, MAX_JSON5_DEPTH } from '../../project/json5-file.js';
import { statusOf, type ConnectorRouter, type RouteContext } from './router.js';

/** Time a client has to send its request line and headers. */
const HEADERS_TIMEOUT_MS = 5_000;
/** Time a body may take before the minimum rate applies; then it must average MIN_BODY_BYTES_PER_S. */
const BODY_GRACE_MS = 5_000;
const MIN_BODY_BYTES_PER_S = 64 * 1024;
/** Open connections a host keeps at once. */
export const MAX_CONNECTIONS = 128;

export interface ConnectorServerOptions {
  router: ConnectorRouter;
  token?: string;
  port?: number;
  /** A connection that sends nothing for this long is closed (default 15 s). Header and body-start timeouts are at most this. */
  idleTimeoutMs?: number;
  /** Open connections kept at once (default MAX_CONNECTIONS). */
  maxConnections?: number;
  /** Largest body any route takes; with `Expect: 100-continue` a bigger one is refused before it is sent. */
  maxBodyBytes?: number;
}

export interface ConnectorServer {
  server: Server;
  port: number;
  token: string;
  close(): Promise<void>;
}

function newToken(): string {
  return randomBytes(32).toString('hex');
}

function sendJson(res: ServerResponse, status: number, data: unknown): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const body = JSON.stringify(data);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

function sendError(res: ServerResponse, err: unknown): void {
  const status = statusOf(err);
  const error = err instanceof HmosError
    ? { code: err.code, message: err.message }
    : { code: 'INTERNAL', message: `internal error in the device host: ${(err as Error)?.message ?? err}` };
  if (status === 500) process.stderr.write(`connector: ${(err as Error)?.stack ?? err}\n`);
  sendJson(res, status, { error });
}

function authorised(req: IncomingMessage, token: Buffer): boolean {
  const header = req.headers.authorization;
  if (typeof header !== 'string' || !header.startsWith('Bearer ')) return false;
  const given = Buffer.from(header.slice(7).trim());
  return given.length === token.length && timingSafeEqual(given, token);
}

interface BodyRate {
  graceMs: number;
  minBytesPerS: number;
}

/** True when the request carries no body, so it has arrived whole with its headers. */
function bodiless(req: IncomingMessage): boolean {
  return req.headers['transfer-encoding'] === undefined && (req.headers['content-length'] === undefined || Number(req.headers['content-length']) === 0);
}

/** The client has sent everything: the idle timer is off while the host works, and back once the answer is sent. */
function pauseIdleTimeout(req: IncomingMessage, res: ServerResponse, idleMs: number): void {
  const socket = req.socket;
  if (res.writableFinished || socket.destroyed) return;
  socket.setTimeout(0);
  res.once('finish', () => { if (!socket.destroyed) socket.setTimeout(idleMs); });
}

function readBody(req: IncomingMessage, limit: number, rate: BodyRate, onProgress?: (n: number) => void, onComplete?: () => void): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      reject(new HmosError('PAYLOAD_TOO_LARGE', `the body is ${declared} bytes, over the limit of ${limit}`));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    const t0 = Date.now();
    // The body must arrive at the minimum rate once the grace period is over: the deadline moves on by one second
    // for every MIN_BODY_BYTES_PER_S received, so a trickle (or a stall) is cut off, a steady upload never is.
    const check = setInterval(() => {
      if (done) return;
      const deadline = t0 + rate.graceMs + (size / rate.minBytesPerS) * 1000;
      if (Date.now() > deadline) {
        fail(new HmosError('REQUEST_TIMEOUT', `the body came too slowly (${size} bytes in ${((Date.now() - t0) / 1000).toFixed(1)} s; at least ${rate.minBytesPerS} bytes/s after the first ${rate.graceMs / 1000} s)`));
      }
    }, Math.min(1000, Math.max(50, rate.graceMs / 4)));
    check.unref();
    const finish = () => {
      done = true;
      clearInterval(check);
    };
    const fail = (err: HmosError) => {
      if (done) return;
      finish();
      req.pause();
      reject(err);
    };
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) {
        fail(new HmosError('PAYLOAD_TOO_LARGE', `the body is over the limit of ${limit} bytes`));
        return;
      }
      chunks.push(chunk);
      onProgress?.(size);
    });
    req.on('end', () => {
      if (done) return;
      finish();
      onComplete?.();
      resolve(Buffer.concat(chunks, size));
    });
    req.on('aborted', () => fail(new HmosError('BAD_REQUEST', 'the client closed the connection before the body was complete')));
    req.on('close', () => fail(new HmosError('BAD_REQUEST', 'the client closed the connection before the body was complete')));
    req.on('error', (err) => fail(new HmosError('BAD_REQUEST', `the body could not be read (${err.message})`)));
  });
}

/** Writes a bare HTTP answer on a socket the HTTP layer gave up on (or never saw a request on) and closes it. */
function answerAndClose(socket: Socket, status: string, code: string, message: string): void {
  if (socket.destroyed) return;
  if (socket.writable) {
    const body = JSON.stringify({ error: { code, message } });
    socket.end(`HTTP/1.1 ${status}\r\ncontent-type: application/json; charset=utf-8\r\nconnection: close\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`);
  }
  // end() only half-closes (the HTTP server allows half-open sockets): a client that never reads or closes would keep
  // it. Give the answer a moment to be read, then let go whatever the client does.
  setTimeout(() => socket.destroy(), 200).unref();
}

export function startConnectorServer(options: ConnectorServerOptions): Promise<ConnectorServer> {
  const token = options.token ?? newToken();
  const tokenBytes = Buffer.from(token);
  const idle = options.idleTimeoutMs ?? 15_000;
  const headersTimeout = Math.min(idle, HEADERS_TIMEOUT_MS);
  const rate: BodyRate = { graceMs: Math.min(idle, BODY_GRACE_MS), minBytesPerS: MIN_BODY_BYTES_PER_S };
  const maxConnections = options.maxConnections ?? MAX_CONNECTIONS;
  const server = createServer({
    headersTimeout,
    requestTimeout: 0, // big uploads may take long: the minimum body rate and the idle timeout catch the slow ones
    connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(headersTimeout / 4))),
    keepAliveTimeout: Math.min(idle, 5000),
  }, (req, res) => {
    void handle(req, res);
  });
  server.setTimeout(idle, (socket) => socket.destroy());

  /** Connections answered and closing: what they send after the answer is dropped, not answered. */
  const answered = new WeakSet<Socket>();
  // Open connections, oldest first, and whether each has shown the token (a trusted client is never evicted).
  const open = new Map<Socket, { trusted: boolean }>();
  server.on('connection', (socket: Socket) => {
    if (open.size >= maxConnections) {
      const stranger = [...open].find(([, s]) => !s.trusted)?.[0];
      if (stranger) {
        open.delete(stranger);
        answerAndClose(stranger, '503 Service Unavailable', 'TOO_MANY_CONNECTIONS', `this device host keeps at most ${maxConnections} connections open; this one had sent no valid request yet`);
      } else {
        answerAndClose(socket, '503 Service Unavailable', 'TOO_MANY_CONNECTIONS', `this device host keeps at most ${maxConnections} connections open; close some and retry`);
        return;
      }
    }
    open.set(socket, { trusted: false });
    socket.once('close', () => open.delete(socket));
  });
  const trust = (req: IncomingMessage) => {
    const s = open.get(req.socket);
    if (s) s.trusted = true;
  };
  // Clients that send `Expect: 100-continue` (hmos does for uploads) learn about a wrong token or an oversize body
  // before sending it.
  server.on('checkContinue', (req: IncomingMessage, res: ServerResponse) => {
    const declared = Number(req.headers['content-length']);
    if (!authorised(req, tokenBytes) || (options.maxBodyBytes !== undefined && declared > options.maxBodyBytes)) {
      void handle(req, res);
      return;
    }
    res.writeContinue();
    void handle(req, res);
  });
  server.on('clientError', (err: NodeJS.ErrnoException, socket: Socket) => {
    // A connection being answered (and closed right after: closeAfterAnswer) gets no second answer for the bytes that
    // followed its request.
    if (answered.has(socket)) return;
    if (err.code === 'ERR_HTTP_REQUEST_TIMEOUT') answerAndClose(socket, '408 Request Timeout', 'REQUEST_TIMEOUT', `the request headers did not arrive within ${headersTimeout} ms`);
    else if (err.code === 'HPE_HEADER_OVERFLOW') answerAndClose(socket, '431 Request Header Fields Too Large', 'BAD_REQUEST', 'the request headers are too large');
    else answerAndClose(socket, '400 Bad Request', 'BAD_REQUEST', 'the request is not valid HTTP/1.1');
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      if (!authorised(req, tokenBytes)) {
        // Do not read a body we will not use, and do not keep the connection.
        res.setHeader('connection', 'close');
        throw new HmosError('UNAUTHORIZED', 'missing or wrong connector token (Authorization: Bearer <token> from the host registry)');
      }
      trust(req);
      let url: URL;
      try {
        // Prefixing (rather than resolving against a base) keeps `//x` a path instead of a host name.
        url = new URL(`http://127.0.0.1${(req.url ?? '/').startsWith('/') ? req.url : '/' + req.url}`);
      } catch {
        throw new HmosError('BAD_REQUEST', 'the request target is not a valid path');
      }
      const { handler, params } = options.router.match(req.method ?? 'GET', url.pathname);
      let whole = false;
      const received = () => { if (!whole) { whole = true; pauseIdleTimeout(req, res, idle); } };
      if (bodiless(req)) received();
      const ctx: RouteContext = {
        req, res, params, query: url.searchParams,
        body: (limit, onProgress) => readBody(req, limit, rate, onProgress, received),
        async json(limit = 1024 * 1024) {
          const raw = await readBody(req, limit, rate, undefined, received);
          if (raw.length === 0) return {};
          let value: any;
          try {
            value = JSON.parse(raw.toString('utf8'));
          } catch {
            throw new HmosError('BAD_REQUEST', 'the body is not valid JSON');
          }
          if (jsonDepthOver(value, MAX_JSON5_DEPTH)) throw new HmosError('BAD_REQUEST', `the JSON body is nested more than ${MAX_JSON5_DEPTH} levels deep`);
          return value;
        },
      };
      // The idle timeout waits for the client, not for the device: while the handler works (an app launching on a
      // busy machine can take seconds) the socket is not idle. A body it reads meanwhile is held to the minimum rate.
      req.socket.setTimeout(0);
      let result: unknown;
      try {
        result = await handler(ctx);
      } finally {
        if (!req.socket.destroyed) req.socket.setTimeout(idle);
      }
      // A body the handler did not read (or not all of) is not waited for: the connection closes after the answer.
      if (!req.complete && !res.headersSent) closeAfterAnswer(req, res);
      if (result !== undefined) sendJson(res, 200, result);
      else if (!res.headersSent && !res.writableEnded) sendJson(res, 204, {});
    } catch (err) {
      // An error answer closes the connection: the rest of an upload, a malformed or unauthorised client's further
      // requests are not waited for.
      if (!res.headersSent) closeAfterAnswer(req, res);
      sendError(res, err);
    }
  }

  /** Answers with `connection: close`, discards what is in flight, and hangs up right after the answer is sent. */
  function closeAfterAnswer(req: IncomingMessage, res: ServerResponse): void {
    answered.add(req.socket);
    res.setHeader('connection', 'close');
    req.resume();
    // A body still streaming in is read (and dropped) for a moment so the client sees the answer, not a reset.
    res.once('finish', () => setTimeout(() => req.socket.destroy(), req.complete ? 0 : 500).unref());
  }

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      resolve({
        server, port, token,
        close: () => new Promise<void>((r) => {
          server.closeAllConnections();
          server.close(() => r());
        }),
      });
    });
  });
}
