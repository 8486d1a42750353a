/**
 * The connector server of a device host (DESIGN decision 6): HTTP on 127.0.0.1 only, every request authorised with
 * the host's random 256-bit token (`Authorization: Bearer <token>`), JSON errors `{error: {code, message}}`.
 * Slow or stalled clients are cut off (idle and header timeouts); bodies are size-limited while they stream.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { HmosError } from '../../errors.js';
import { statusOf, type ConnectorRouter, type RouteContext } from './router.js';

export interface ConnectorServerOptions {
  router: ConnectorRouter;
  token?: string;
  port?: number;
  /** A connection that sends nothing for this long is closed (default 15 s). */
  idleTimeoutMs?: number;
  /** Largest body any route takes; with `Expect: 100-continue` a bigger one is refused before it is sent. */
  maxBodyBytes?: number;
}

export interface ConnectorServer {
  server: Server;
  port: number;
  token: string;
  close(): Promise<void>;
}

export function newToken(): string {
  return randomBytes(32).toString('hex');
}

export function sendJson(res: ServerResponse, status: number, data: unknown): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const body = JSON.stringify(data);
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'content-length': Buffer.byteLength(body) });
  res.end(body);
}

export function sendError(res: ServerResponse, err: unknown): void {
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

function readBody(req: IncomingMessage, limit: number, onProgress?: (n: number) => void): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (Number.isFinite(declared) && declared > limit) {
      reject(new HmosError('PAYLOAD_TOO_LARGE', `the body is ${declared} bytes, over the limit of ${limit}`));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let done = false;
    req.on('data', (chunk: Buffer) => {
      if (done) return;
      size += chunk.length;
      if (size > limit) {
        done = true;
        req.pause();
        reject(new HmosError('PAYLOAD_TOO_LARGE', `the body is over the limit of ${limit} bytes`));
        return;
      }
      chunks.push(chunk);
      onProgress?.(size);
    });
    req.on('end', () => {
      if (done) return;
      done = true;
      resolve(Buffer.concat(chunks, size));
    });
    req.on('aborted', () => {
      if (done) return;
      done = true;
      reject(new HmosError('BAD_REQUEST', 'the client closed the connection before the body was complete'));
    });
    req.on('error', (err) => {
      if (done) return;
      done = true;
      reject(new HmosError('BAD_REQUEST', `the body could not be read (${err.message})`));
    });
  });
}

export function startConnectorServer(options: ConnectorServerOptions): Promise<ConnectorServer> {
  const token = options.token ?? newToken();
  const tokenBytes = Buffer.from(token);
  const idle = options.idleTimeoutMs ?? 15_000;
  const server = createServer({
    headersTimeout: Math.min(idle, 10_000),
    requestTimeout: 0, // big uploads may take long; stalls are caught by the idle timeout instead
    connectionsCheckingInterval: Math.max(50, Math.min(1000, Math.floor(idle / 2))),
    keepAliveTimeout: 5000,
  }, (req, res) => {
    void handle(req, res);
  });
  server.setTimeout(idle, (socket) => socket.destroy());
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
  server.on('clientError', (_err, socket) => {
    if (socket.writable) socket.end('HTTP/1.1 400 Bad Request\r\nconnection: close\r\ncontent-length: 0\r\n\r\n');
    else socket.destroy();
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      if (!authorised(req, tokenBytes)) {
        // Do not read a body we will not use, and do not keep the connection.
        res.setHeader('connection', 'close');
        throw new HmosError('UNAUTHORIZED', 'missing or wrong connector token (Authorization: Bearer <token> from the host registry)');
      }
      let url: URL;
      try {
        // Prefixing (rather than resolving against a base) keeps `//x` a path instead of a host name.
        url = new URL(`http://127.0.0.1${(req.url ?? '/').startsWith('/') ? req.url : '/' + req.url}`);
      } catch {
        throw new HmosError('BAD_REQUEST', 'the request target is not a valid path');
      }
      const { handler, params } = options.router.match(req.method ?? 'GET', url.pathname);
      const ctx: RouteContext = {
        req, res, params, query: url.searchParams,
        body: (limit, onProgress) => readBody(req, limit, onProgress),
        async json(limit = 1024 * 1024) {
          const raw = await readBody(req, limit);
          if (raw.length === 0) return {};
          try {
            return JSON.parse(raw.toString('utf8'));
          } catch {
            throw new HmosError('BAD_REQUEST', 'the body is not valid JSON');
          }
        },
      };
      const result = await handler(ctx);
      if (result !== undefined) sendJson(res, 200, result);
      else if (!res.headersSent && !res.writableEnded) sendJson(res, 204, {});
    } catch (err) {
      if (err instanceof HmosError && (err.code === 'PAYLOAD_TOO_LARGE' || err.code === 'UNAUTHORIZED')) {
        // Stop the rest of an upload from streaming in: answer, then close the connection.
        // Discard what is already in flight for a moment so the client can read the answer, then hang up.
        res.setHeader('connection', 'close');
        req.resume();
        res.once('finish', () => setTimeout(() => req.socket.destroy(), 1000).unref());
      }
      sendError(res, err);
    }
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
