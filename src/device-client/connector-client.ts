/**
 * A client of one device host's connector (node:http on 127.0.0.1, bearer token from the registry). Connector
 * errors `{error: {code, message}}` come back as HmosErrors with the same code.
 */
import { request, type IncomingMessage } from 'node:http';
import { HmosError } from '../errors.js';
import type { HostEntry } from '../connector/host-registry.js';

export interface RequestOptions {
  method?: string;
  body?: Uint8Array | object;
  /** Called as the body is written: bytes sent so far. */
  onUpload?: (sent: number, total: number) => void;
  timeoutMs?: number;
}

export class ConnectorClient {
  constructor(readonly host: Pick<HostEntry, 'port' | 'token' | 'pid'>) {}

  /** Sends a request and returns the raw response (status, headers, body stream). */
  raw(path: string, options: RequestOptions = {}): Promise<IncomingMessage> {
    const isBytes = options.body instanceof Uint8Array;
    const payload = options.body === undefined ? undefined : isBytes ? Buffer.from(options.body as Uint8Array) : Buffer.from(JSON.stringify(options.body));
    return new Promise((resolve, reject) => {
      // The host may answer (413, 401) before the upload is finished: then stop sending.
      let answered = false;
      const req = request({
        host: '127.0.0.1', port: this.host.port, path, method: options.method ?? 'GET',
        headers: {
          authorization: `Bearer ${this.host.token}`,
          ...(payload ? { 'content-type': isBytes ? 'application/octet-stream' : 'application/json', 'content-length': payload.length } : {}),
          // Uploads wait for the host's go-ahead, so a refusal (401, 413) arrives before any byte is sent.
          ...(isBytes ? { expect: '100-continue' } : {}),
        },
      }, (res) => {
        answered = true;
        resolve(res);
      });
      req.setTimeout(options.timeoutMs ?? 60_000, () => req.destroy(new HmosError('HOST_TIMEOUT', `the device host (pid ${this.host.pid}) did not answer in time`)));
      req.on('error', (err) => {
        if (answered) return;
        reject(err instanceof HmosError ? err : new HmosError('HOST_UNREACHABLE', `cannot reach the device host on port ${this.host.port} (${(err as NodeJS.ErrnoException).code ?? err.message}); is it still running? \`hmos devices\` lists the live ones`));
      });
      if (!payload) {
        req.end();
        return;
      }
      // Write in slices so a progress bar can follow large uploads.
      const slice = 1024 * 1024;
      let sent = 0;
      const pump = () => {
        while (sent < payload.length && !answered) {
          const chunk = payload.subarray(sent, sent + slice);
          sent += chunk.length;
          options.onUpload?.(sent, payload.length);
          if (!req.write(chunk)) {
            req.once('drain', pump);
            return;
          }
        }
        req.end();
      };
      if (isBytes) req.once('continue', pump);
      else pump();
    });
  }

  async json<T = any>(path: string, options: RequestOptions = {}): Promise<T> {
    const res = await this.raw(path, options);
    const chunks: Buffer[] = [];
    for await (const c of res) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks).toString('utf8');
    let data: any;
    try {
      data = text ? JSON.parse(text) : {};
    } catch {
      throw new HmosError('HOST_BAD_RESPONSE', `the device host answered ${res.statusCode} with something that is not JSON`);
    }
    if ((res.statusCode ?? 500) >= 400) {
      throw new HmosError(data?.error?.code ?? 'HOST_ERROR', data?.error?.message ?? `the device host answered ${res.statusCode}`);
    }
    return data as T;
  }

  /** The response body as bytes, or an HmosError from a JSON error answer. */
  async bytes(path: string): Promise<{ contentType: string; body: Buffer }> {
    const res = await this.raw(path);
    const chunks: Buffer[] = [];
    for await (const c of res) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    if ((res.statusCode ?? 500) >= 400) {
      let err: any;
      try {
        err = JSON.parse(body.toString('utf8')).error;
      } catch {}
      throw new HmosError(err?.code ?? 'HOST_ERROR', err?.message ?? `the device host answered ${res.statusCode}`);
    }
    return { contentType: String(res.headers['content-type'] ?? ''), body };
  }
}
