/**
 * The device endpoints of the connector (`/v1/...`). Each answers JSON; errors are `{error: {code, message}}`.
 *   GET    /v1/host                           the host: pid, port, devices
 *   GET    /v1/devices                        devices with their installed apps
 *   GET    /v1/devices/:id/apps               installed apps
 *   PUT    /v1/devices/:id/apps[?allowDowngrade=1]   install (body: the HAP bytes)
 *   DELETE /v1/devices/:id/apps/:bundle       uninstall
 *   POST   /v1/devices/:id/launch             {bundleName, ability?, page?, parameters?}
 *   POST   /v1/devices/:id/stop               {bundleName?}
 *   GET    /v1/devices/:id/logs[?follow=1&level=info&tail=n]   NDJSON log lines
 *   GET    /v1/logs[?follow=1&level=…]        every device's logs
 *   GET    /v1/devices/:id/screenshot?format=png|svg|json
 *   GET    /v1/devices/:id/tree
 *   POST   /v1/devices/:id/input              {actions: InputAction[]}
 */
import type { ServerResponse } from 'node:http';
import { HmosError } from '../../errors.js';
import { LOG_LEVELS, type InputAction, type LogEntry, type LogLevel } from '../../connector/protocol.js';
import type { InstalledApp } from '../device/app-store.js';
import type { ConnectorRouter } from './router.js';
import { deviceNotFound } from '../../connector/device-ids.js';
import type { EmulatedDevice } from '../device/device.js';

export interface HostState {
  pid: number;
  port: () => number;
  startedAt: string;
  devices: EmulatedDevice[];
  maxHapBytes: number;
}

export function publicApp(app: InstalledApp) {
  const { dir: _dir, publicKey: _pk, ...rest } = app;
  return rest;
}

export function describeDevice(d: EmulatedDevice) {
  return { id: d.id, type: d.type, aliases: d.aliases, state: d.state, apps: d.store.list().map(publicApp) };
}

export function findDevice(host: HostState, id: string): EmulatedDevice {
  const wanted = id.toLowerCase();
  const device = host.devices.find((d) => d.id === wanted || d.aliases.includes(wanted));
  if (!device) throw deviceNotFound(id, host.devices.map((d) => d.id));
  return device;
}

export function levelOf(q: string | null): LogLevel {
  if (q === null || q === '') return 'debug';
  if (!(LOG_LEVELS as string[]).includes(q)) throw new HmosError('BAD_REQUEST', `unknown log level "${q.slice(0, 32)}"; use ${LOG_LEVELS.join(', ')}`);
  return q as LogLevel;
}

/** What a log stream reads: a device's buffered lines and its new ones (EmulatedDevice, ScreenDevice). */
export interface LogSource {
  logs: LogEntry[];
  onLog(listener: (e: LogEntry) => void): () => void;
}

export function streamLogs(res: ServerResponse, devices: LogSource[], level: LogLevel, follow: boolean, tail: number): void {
  const min = LOG_LEVELS.indexOf(level);
  const keep = (e: LogEntry) => LOG_LEVELS.indexOf(e.level) >= min;
  res.writeHead(200, { 'content-type': 'application/x-ndjson; charset=utf-8' });
  const past = devices.flatMap((d) => d.logs.filter(keep)).sort((a, b) => a.time.localeCompare(b.time));
  for (const e of past.slice(Math.max(0, past.length - tail))) res.write(JSON.stringify(e) + '\n');
  if (!follow) {
    res.end();
    return;
  }
  const offs = devices.map((d) => d.onLog((e) => {
    if (keep(e)) res.write(JSON.stringify(e) + '\n');
  }));
  // A follower keeps the connection open: it must not be cut by the idle timeout.
  res.socket?.setTimeout(0);
  res.on('close', () => offs.forEach((off) => off()));
}

export function parseAction(a: any): InputAction {
  const kind = a?.kind;
  const str = (v: unknown, what: string) => {
    if (typeof v !== 'string' || v.length > 10_000) throw new HmosError('BAD_REQUEST', `input action ${kind}: ${what} must be a string`);
    return v;
  };
  switch (kind) {
    case 'click':
      if (typeof a.selector === 'string') return { kind, selector: str(a.selector, 'selector') };
      if (Number.isFinite(a.x) && Number.isFinite(a.y)) return { kind, x: a.x, y: a.y };
      throw new HmosError('BAD_REQUEST', 'a click needs a selector or x and y');
    case 'input': return { kind, selector: str(a.selector, 'selector'), text: str(a.text, 'text') };
    case 'swipe':
      if (!['up', 'down', 'left', 'right'].includes(a.direction)) throw new HmosError('BAD_REQUEST', 'a swipe direction is up, down, left or right');
      return { kind, direction: a.direction, ...(a.selector !== undefined ? { selector: str(a.selector, 'selector') } : {}) };
    case 'back': return { kind };
    case 'wait':
      if (!Number.isInteger(a.ms) || a.ms < 0 || a.ms > 60_000) throw new HmosError('BAD_REQUEST', 'wait takes 0..60000 ms');
      return { kind, ms: a.ms };
    default: throw new HmosError('BAD_REQUEST', `unknown input action ${JSON.stringify(kind)?.slice(0, 40)}; use click, input, swipe, back or wait`);
  }
}

/** GET …/logs?level=&follow=1&tail=N for the given devices. */
export function serveLogs(devices: LogSource[], query: URLSearchParams, res: ServerResponse): void {
  const tail = query.has('tail') ? Number(query.get('tail')) : Infinity;
  if (Number.isNaN(tail) || tail < 0) throw new HmosError('BAD_REQUEST', 'tail must be a non-negative number');
  streamLogs(res, devices, levelOf(query.get('level')), query.get('follow') === '1', tail);
}

/** The actions of POST …/input ({"actions": [...]}, 1 to 1000), parsed. */
export function parseInputActions(b: any): InputAction[] {
  if (!Array.isArray(b?.actions) || b.actions.length === 0 || b.actions.length > 1000) {
    throw new HmosError('BAD_REQUEST', 'input needs {"actions": [...]} with 1 to 1000 actions');
  }
  return b.actions.map(parseAction);
}

/** Runs parsed input actions in order (`wait` pauses here); the count done. */
export async function runInputActions(actions: InputAction[], input: (a: InputAction) => Promise<void>): Promise<number> {
  for (const action of actions) {
    if (action.kind === 'wait') await new Promise((r) => setTimeout(r, action.ms));
    else await input(action);
  }
  return actions.length;
}

/** The format of GET …/screenshot?format= (png by default). */
export function screenshotFormat(query: URLSearchParams): 'png' | 'svg' | 'json' {
  const format = query.get('format') ?? 'png';
  if (format !== 'png' && format !== 'svg' && format !== 'json') throw new HmosError('BAD_REQUEST', 'format is png, svg or json');
  return format;
}

/** Answers a screenshot: JSON as an object, PNG/SVG as bytes with their content type. */
export function sendScreenshot(res: ServerResponse, format: 'png' | 'svg' | 'json', shot: unknown): unknown {
  if (format === 'json') return typeof shot === 'string' ? JSON.parse(shot) : shot;
  const bytes = typeof shot === 'string' ? Buffer.from(shot) : Buffer.from(shot as Uint8Array);
  res.writeHead(200, { 'content-type': format === 'png' ? 'image/png' : 'image/svg+xml', 'content-length': bytes.length });
  res.end(bytes);
  return undefined;
}

export function registerDeviceRoutes(router: ConnectorRouter, host: HostState): void {
  router.add('GET', '/v1/host', () => ({ pid: host.pid, port: host.port(), startedAt: host.startedAt, devices: host.devices.map(describeDevice) }));
  router.add('GET', '/v1/devices', () => ({ devices: host.devices.map(describeDevice) }));
  router.add('GET', '/v1/devices/:id', ({ params }) => describeDevice(findDevice(host, params.id)));
  router.add('GET', '/v1/devices/:id/apps', ({ params }) => ({ apps: findDevice(host, params.id).store.list().map(publicApp) }));

  router.add('PUT', '/v1/devices/:id/apps', async ({ params, query, body }) => {
    const device = findDevice(host, params.id);
    const started = performance.now();
    const bytes = await body(host.maxHapBytes);
    const app = await device.install(bytes, { allowDowngrade: query.get('allowDowngrade') === '1', maxBytes: host.maxHapBytes });
    return { device: device.id, app: publicApp(app), previousVersionCode: app.previousVersionCode ?? null, ms: Math.round(performance.now() - started) };
  });

  router.add('DELETE', '/v1/devices/:id/apps/:bundle', async ({ params }) => {
    const device = findDevice(host, params.id);
    if (!(await device.uninstall(params.bundle))) {
      throw new HmosError('APP_NOT_INSTALLED', `${params.bundle.slice(0, 128)} is not installed on ${device.id}`);
    }
    return { device: device.id, uninstalled: params.bundle };
  });

  router.add('POST', '/v1/devices/:id/launch', async ({ params, json }) => {
    const device = findDevice(host, params.id);
    const b = await json();
    if (typeof b?.bundleName !== 'string') throw new HmosError('BAD_REQUEST', 'launch needs {"bundleName": "..."}');
    for (const k of ['ability', 'page'] as const) {
      if (b[k] !== undefined && typeof b[k] !== 'string') throw new HmosError('BAD_REQUEST', `launch: ${k} must be a string`);
    }
    if (b.parameters !== undefined && (typeof b.parameters !== 'object' || b.parameters === null || Array.isArray(b.parameters))) {
      throw new HmosError('BAD_REQUEST', 'launch: parameters must be an object (the want parameters)');
    }
    const launched = await device.launch({ bundleName: b.bundleName, ability: b.ability, page: b.page, parameters: b.parameters });
    return { device: device.id, ...launched };
  });

  router.add('POST', '/v1/devices/:id/stop', async ({ params, json }) => {
    const device = findDevice(host, params.id);
    const b = await json();
    if (b?.bundleName !== undefined && typeof b.bundleName !== 'string') throw new HmosError('BAD_REQUEST', 'stop: bundleName must be a string');
    return { device: device.id, ...(await device.stop(b?.bundleName)) };
  });

  const logs = (devices: EmulatedDevice[], query: URLSearchParams, res: ServerResponse) => serveLogs(devices, query, res);
  router.add('GET', '/v1/devices/:id/logs', ({ params, query, res }) => logs([findDevice(host, params.id)], query, res));
  router.add('GET', '/v1/logs', ({ query, res }) => logs(host.devices, query, res));

  router.add('GET', '/v1/devices/:id/screenshot', async ({ params, query, res }) => {
    const device = findDevice(host, params.id);
    const format = screenshotFormat(query);
    return sendScreenshot(res, format, await device.screenshot(format));
  });

  router.add('GET', '/v1/devices/:id/tree', async ({ params }) => findDevice(host, params.id).tree());

  router.add('POST', '/v1/devices/:id/input', async ({ params, json }) => {
    const device = findDevice(host, params.id);
    const actions = parseInputActions(await json());
    return { device: device.id, done: await runInputActions(actions, (a) => device.input(a)) };
  });
}
