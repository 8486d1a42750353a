/**
 * The network kits on the host (`k.net.<op>`): http and rcp on fetch, webSocket on `ws`, TCP/UDP sockets on net/dgram,
 * downloads into the app's sandbox. Every call needs ohos.permission.INTERNET (201 otherwise) and fails as a device
 * without network does when the device's network is switched off (`hmos input … network:off`). Timeouts are the
 * app's (connectTimeout/readTimeout), 60 s by default. Sockets and streams close with the app.
 */
import dgram from 'node:dgram';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { KitFamily, KitHostContext } from './host.js';
import { KitError } from './kit-error.js';

type WsLike = { on(e: string, f: (...a: any[]) => void): void; send(d: unknown, cb?: (e?: Error) => void): void; close(code?: number, reason?: string): void; terminate(): void; readyState: number };
const MAX_BODY = 64 * 1024 * 1024;

/** A failed request → the platform's code: http's 2300xxx, rcp's 10079000xx. */
function netError(e: unknown, family: 'http' | 'rcp' | 'socket', timedOut: boolean): KitError {
  if (e instanceof KitError) return e;
  const err = e as { code?: string; cause?: { code?: string; errors?: { code?: string }[] }; message?: string };
  const code = err?.cause?.code ?? err?.cause?.errors?.[0]?.code ?? err?.code ?? '';
  const kind = timedOut || code === 'ETIMEDOUT' || code === 'UND_ERR_CONNECT_TIMEOUT' ? 28 : code === 'ENOTFOUND' || code === 'EAI_AGAIN' ? 6 : code === 'ECONNREFUSED' || code === 'ECONNRESET' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH' ? 7 : 999;
  const base = family === 'rcp' ? 1007900000 : family === 'socket' ? 2301000 : 2300000;
  const text = kind === 28 ? 'Operation timeout' : kind === 6 ? "Couldn't resolve host name" : kind === 7 ? "Couldn't connect to server" : 'Unknown Other Error';
  return new KitError(family === 'socket' ? (kind === 7 ? 2301111 : kind === 28 ? 2301110 : 2301000 + (kind === 6 ? 3 : 0)) : base + kind, `${text}: ${String(err?.cause?.code ?? err?.message ?? e)}`);
}

export function createNetHost(ctx: KitHostContext): KitFamily {
  const open = new Map<number, { close(): void }>();
  let next = 1;
  /** While a socket is open the device's time flows at the real rate, so data it receives is not outrun by timers. */
  let release: (() => void) | undefined;
  const track = () => {
    const live = [...open.keys()].some((k) => k !== 0);
    if (live && !release) release = ctx.hold();
    else if (!live && release) { release(); release = undefined; }
  };
  const opened = new Map<number, Promise<void>>();
  const gate = (family: 'http' | 'rcp' | 'socket') => {
    if (!ctx.declared.has('ohos.permission.INTERNET')) throw new KitError(201, 'Permission denied: declare ohos.permission.INTERNET in module.json5 requestPermissions');
    if (!ctx.device.online) throw new KitError(family === 'rcp' ? 1007900007 : family === 'socket' ? 2301101 : 2300007, "Couldn't connect to server: the device's network is off");
  };
  const later = (asyncId: unknown, work: () => Promise<unknown>) => { ctx.settle(Number(asyncId), work()); return null; };
  const fetchOnce = async (family: 'http' | 'rcp', d: any) => {
    gate(family);
    const url = String(d.url ?? '');
    if (!/^https?:\/\//i.test(url)) throw new KitError(family === 'rcp' ? 1007900001 : 2300001, `Unsupported protocol: ${url.slice(0, 100)}`);
    const connectMs = Math.max(1, Math.min(600_000, Number(d.connectTimeout) || 60_000));
    const readMs = Math.max(1, Math.min(600_000, Number(d.readTimeout) || 60_000));
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => { timedOut = true; controller.abort(); }, connectMs + readMs);
    try {
      const body = typeof d.b64 === 'string' ? Buffer.from(d.b64, 'base64') : typeof d.body === 'string' ? d.body : undefined;
      const res = await fetch(url, { method: String(d.method ?? 'GET'), headers: (d.header ?? {}) as Record<string, string>, body: d.method === 'GET' || d.method === 'HEAD' ? undefined : body, signal: controller.signal, redirect: d.redirect === false ? 'manual' : 'follow' });
      const chunks: Buffer[] = []; let size = 0;
      for await (const c of res.body ?? []) {
        size += (c as Uint8Array).length;
        if (size > MAX_BODY) { controller.abort(); throw new KitError(family === 'rcp' ? 1007900063 : 2300063, `Maximum file size exceeded: the response is over ${MAX_BODY / 1024 / 1024} MB.`); }
        chunks.push(Buffer.from(c as Uint8Array));
      }
      const header: Record<string, string> = {};
      res.headers.forEach((v, k) => { header[k] = v; });
      return { status: res.status, header, b64: Buffer.concat(chunks).toString('base64'), url: res.url };
    } catch (e) { throw netError(e, family, timedOut); } finally { clearTimeout(timer); }
  };
  return {
    handle(op, d) {
      switch (op) {
        case 'online': return ctx.device.online;
        case 'watch': {
          if (!open.has(0)) {
            const f = (online: boolean) => ctx.post('network', online);
            ctx.device.on('network', f);
            open.set(0, { close: () => ctx.device.off('network', f) });
          }
          return null;
        }
        case 'fetch': return later(d.asyncId, () => fetchOnce(d.family === 'rcp' ? 'rcp' : 'http', d));
        case 'download': return later(d.asyncId, async () => {
          const r = await fetchOnce('http', d);
          if (r.status >= 400) throw new KitError(13400003, `Task service ability error: the server answered ${r.status}`);
          const file = ctx.fs.resolve(String(d.filePath));
          if (fs.existsSync(file)) throw new KitError(13400002, 'Bad file path: the file exists already.');
          fs.mkdirSync(path.dirname(file), { recursive: true });
          fs.writeFileSync(file, Buffer.from(r.b64, 'base64'));
          return { size: Buffer.byteLength(r.b64, 'base64') * 3 / 4 | 0, status: r.status };
        });
        // ---- webSocket ----
        case 'ws.open': {
          gate('http');
          const url = String(d.url ?? '');
          if (!/^wss?:\/\//i.test(url)) throw new KitError(401, 'Parameter error. The url must start with ws:// or wss://.');
          const id = next++;
          const WS = createRequire(import.meta.url)('ws') as new (u: string, o: object) => WsLike;
          const ws = new WS(url, { headers: d.header ?? {}, handshakeTimeout: Math.max(1, Math.min(600_000, Number(d.timeout) || 60_000)), maxPayload: MAX_BODY });
          const post = (type: string, payload: Record<string, unknown> = {}) => ctx.post('ws', { id, type, ...payload });
          let settleOpen: (v: unknown) => void = () => undefined;
          opened.set(id, new Promise<void>((resolve, reject) => { settleOpen = (e) => (e ? reject(e) : resolve()); }));
          ws.on('open', () => { settleOpen(undefined); post('open', { header: {} }); });
          ws.on('message', (data: Buffer, binary: boolean) => post('message', binary ? { b64: Buffer.from(data).toString('base64') } : { text: data.toString('utf8') }));
          ws.on('close', (code: number, reason: Buffer) => { open.delete(id); track(); post('close', { code, reason: reason.toString('utf8') }); });
          ws.on('error', (e: Error) => { const k = netError(e, 'http', /timeout/i.test(e.message)); settleOpen(new KitError(2302001, `Websocket connection failed: ${e.message}`)); post('error', { code: k.code, message: e.message }); });
          open.set(id, { close: () => ws.terminate() });
          (open.get(id) as { ws?: WsLike }).ws = ws;
          track();
          return id;
        }
        case 'ws.opened': return later(d.asyncId, () => opened.get(Number(d.id)) ?? Promise.reject(new KitError(2302999, 'Websocket other unknown error: no such connection.')));
        case 'ws.send': {
          const ws = (open.get(Number(d.id)) as { ws?: WsLike } | undefined)?.ws;
          if (!ws || ws.readyState !== 1) throw new KitError(2302999, 'Websocket other unknown error: the connection is not open.');
          ws.send(typeof d.b64 === 'string' ? Buffer.from(d.b64, 'base64') : String(d.text ?? ''));
          return true;
        }
        case 'ws.close': {
          const ws = (open.get(Number(d.id)) as { ws?: WsLike } | undefined)?.ws;
          if (ws) ws.close(Number(d.code) || 1000, String(d.reason ?? ''));
          return true;
        }
        // ---- TCP / UDP sockets ----
        case 'tcp.connect': {
          gate('socket');
          const id = Number(d.id) || next++;
          const host = String(d.address ?? ''); const port = Number(d.port);
          if (!host || !Number.isInteger(port) || port <= 0 || port > 65535) throw new KitError(401, 'Parameter error. connect needs address.address and address.port.');
          return later(d.asyncId, () => new Promise((resolve, reject) => {
            const s = net.connect({ host, port });
            const t = setTimeout(() => { s.destroy(); reject(new KitError(2301110, 'Connection timed out.')); }, Math.max(1, Math.min(600_000, Number(d.timeout) || 5000)));
            s.once('connect', () => { clearTimeout(t); open.set(id, { close: () => s.destroy() }); (open.get(id) as { s?: net.Socket }).s = s; track(); ctx.post('sock', { id, type: 'connect' }); resolve(id); });
            s.on('data', (b) => ctx.post('sock', { id, type: 'message', b64: b.toString('base64'), remote: { address: host, port, family: 'IPv4', size: b.length } }));
            s.once('error', (e) => { clearTimeout(t); if (!open.has(id)) reject(netError(e, 'socket', false)); else ctx.post('sock', { id, type: 'error', code: netError(e, 'socket', false).code, message: e.message }); });
            s.once('close', () => { if (open.delete(id)) { track(); ctx.post('sock', { id, type: 'close' }); } });
          }));
        }
        case 'tcp.send': {
          const s = (open.get(Number(d.id)) as { s?: net.Socket } | undefined)?.s;
          if (!s) throw new KitError(2301009, 'Bad file descriptor: the socket is not connected.');
          return later(d.asyncId, () => new Promise<void>((resolve, reject) => s.write(Buffer.from(String(d.b64 ?? ''), 'base64'), (e) => (e ? reject(netError(e, 'socket', false)) : resolve()))));
        }
        case 'close': { const o = open.get(Number(d.id)); open.delete(Number(d.id)); o?.close(); track(); return null; }
        case 'udp.bind': {
          gate('socket');
          const id = next++;
          const sock = dgram.createSocket('udp4');
          sock.on('message', (b, rinfo) => ctx.post('sock', { id, type: 'message', b64: b.toString('base64'), remote: { address: rinfo.address, port: rinfo.port, family: rinfo.family, size: rinfo.size } }));
          sock.on('error', (e) => ctx.post('sock', { id, type: 'error', code: 2301000, message: e.message }));
          open.set(id, { close: () => { try { sock.close(); } catch { /* closed */ } } });
          (open.get(id) as { u?: dgram.Socket }).u = sock;
          track();
          return later(d.asyncId, () => new Promise((resolve, reject) => {
            sock.once('error', (e) => reject(new KitError(2301098, `Address in use or not available: ${e.message}`)));
            sock.bind(Number(d.port) || 0, String(d.address || '0.0.0.0'), () => resolve({ id, port: sock.address().port }));
          }));
        }
        case 'udp.send': {
          const u = (open.get(Number(d.id)) as { u?: dgram.Socket } | undefined)?.u;
          if (!u) throw new KitError(2301009, 'Bad file descriptor: bind the socket first.');
          gate('socket');
          return later(d.asyncId, () => new Promise<void>((resolve, reject) => u.send(Buffer.from(String(d.b64 ?? ''), 'base64'), Number(d.port), String(d.address), (e) => (e ? reject(netError(e, 'socket', false)) : resolve()))));
        }
        default: throw new KitError(801, `unknown request net.${op}`);
      }
    },
    close() { for (const o of open.values()) { try { o.close(); } catch { /* gone */ } } open.clear(); track(); },
  };
}
