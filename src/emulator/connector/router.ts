/**
 * The connector's router: `/v1/...` routes with `:param` segments. Every holder of devices registers the one route
 * table (routes.ts: devices, apps, logs, input, agents, handoff) on its router, e.g.
 * `router.add('POST', '/v1/devices/:id/continue', handler)` or `router.add('GET', '/v1/sync/:store', handler)`.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { HmosError } from '../../errors.js';

export interface RouteContext {
  req: IncomingMessage;
  res: ServerResponse;
  params: Record<string, string>;
  query: URLSearchParams;
  /** Reads the body as JSON (at most `limit` bytes, default 1 MB); BAD_REQUEST when it is not JSON. */
  json<T = any>(limit?: number): Promise<T>;
  /** Reads the raw body, refusing it with 413 PAYLOAD_TOO_LARGE once it passes `limit` bytes. */
  body(limit: number, onProgress?: (received: number) => void): Promise<Buffer>;
}

/** A handler answers with a value (sent as 200 JSON) or writes `ctx.res` itself and returns undefined. */
export type RouteHandler = (ctx: RouteContext) => Promise<unknown> | unknown;

interface Route {
  method: string;
  parts: string[];
  handler: RouteHandler;
}

export interface RouteMatch {
  handler: RouteHandler;
  params: Record<string, string>;
}

export class ConnectorRouter {
  private readonly routes: Route[] = [];

  add(method: string, pattern: string, handler: RouteHandler): this {
    if (!pattern.startsWith('/v1/')) throw new Error(`connector routes are versioned: ${pattern} must start with /v1/`);
    this.routes.push({ method: method.toUpperCase(), parts: pattern.split('/').filter(Boolean), handler });
    return this;
  }

  /** The handler for a request, or an HmosError NOT_FOUND / METHOD_NOT_ALLOWED. */
  match(method: string, pathname: string): RouteMatch {
    let segments: string[];
    try {
      segments = pathname.split('/').filter(Boolean).map(decodeURIComponent);
    } catch {
      throw new HmosError('BAD_REQUEST', 'the path is not valid percent-encoding');
    }
    let pathMatched = false;
    for (const route of this.routes) {
      if (route.parts.length !== segments.length) continue;
      const params: Record<string, string> = {};
      let ok = true;
      for (let i = 0; i < route.parts.length && ok; i++) {
        const p = route.parts[i];
        if (p.startsWith(':')) params[p.slice(1)] = segments[i];
        else ok = p === segments[i];
      }
      if (!ok) continue;
      pathMatched = true;
      if (route.method === method) return { handler: route.handler, params };
    }
    if (pathMatched) throw new HmosError('METHOD_NOT_ALLOWED', `${method} is not allowed on ${pathname}`);
    throw new HmosError('NOT_FOUND', `no such endpoint: ${pathname}`);
  }
}

const STATUS: Record<string, number> = {
  BAD_REQUEST: 400, UNAUTHORIZED: 401, NOT_FOUND: 404, DEVICE_NOT_FOUND: 404, APP_NOT_INSTALLED: 404, ABILITY_NOT_FOUND: 404,
  METHOD_NOT_ALLOWED: 405, REQUEST_TIMEOUT: 408, VERSION_DOWNGRADE: 409, APP_NOT_RUNNING: 409, NO_MATCH: 404, HAP_SIGNER_CHANGED: 409,
  PAYLOAD_TOO_LARGE: 413, HAP_TOO_LARGE: 413, DEVICE_TYPE_UNSUPPORTED: 422, HAP_UNTRUSTED: 422,
  RUNTIME_UNAVAILABLE: 501, DEVICE_CRASHED: 503, DEVICE_TIMEOUT: 504,
};

/** HTTP status for an error code: HAP_* refusals are 422, other user errors 400, bugs 500. */
export function statusOf(err: unknown): number {
  if (err instanceof HmosError) return STATUS[err.code] ?? (err.code.startsWith('HAP_') ? 422 : 400);
  return 500;
}
