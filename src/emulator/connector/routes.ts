/**
 * The connector's route table, written once against the device (device/device.ts) and served by every holder of
 * devices — a headless device host and an `hmos emulate` session alike. Each answers JSON; errors are
 * `{error: {code, message}}`.
 *
 *   GET    /v1/host                           the holder: pid, port, kind (host | emulate), devices
 *   GET    /v1/devices                        devices with their installed apps
 *   GET    /v1/devices/:id                    one device
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
 *   POST   /v1/devices/:id/agent              {utterance, dryRun?, timeoutMs?, now?}   (device-agent.ts)
 *   POST   /v1/devices/:id/continue           {to, bundle?}   hand the app off from :id to `to` (any host; handoff.ts)
 *   POST   /v1/devices/:id/continue-in        {bundleName, ability?, parameters, pageStack}   the target half, called
 *                                             by the source's holder (the app must already be installed on :id)
 */
import type { ServerResponse } from 'node:http';
import { parseReferenceTime } from '../../agent/datetime.js';
import { HmosError } from '../../errors.js';
import { LOG_LEVELS, type InputAction, type LogEntry, type LogLevel } from '../../connector/protocol.js';
import { deviceNotFound, findById } from '../../connector/device-ids.js';
import type { InstalledApp } from '../device/app-store.js';
import { agentOf, MAX_INTENT_TIMEOUT_MS, type AskOptions } from '../device/device-agent.js';
import type { EmulatedDevice } from '../device/device.js';
import type { ConnectorRouter } from './router.js';
import { deviceActionFromJson } from '../../runtime/kits/device-actions.js';
import { continueApp, MAX_CONTINUE_BYTES } from './handoff.js';

/** Whoever holds the devices the routes serve: a device host or an `hmos emulate` session. */
export interface DeviceHolder {
  kind: 'host' | 'emulate';
  pid: number;
  home: string;
  startedAt: string;
  readonly devices: EmulatedDevice[];
  maxHapBytes: number;
  /** The project an `hmos emulate` session builds. */
  project?: string;
}

const MAX_UTTERANCE = 2000;

function publicApp(app: InstalledApp) {
  const { dir: _dir, publicKey: _pk, sha256: _sha, ...rest } = app;
  return rest;
}

function describeDevice(d: EmulatedDevice) {
  return {
    id: d.id, type: d.type, aliases: d.aliases, state: d.state, apps: d.store.list().map(publicApp),
    ...(d.status.bundleName ? { foreground: { bundleName: d.status.bundleName, page: d.status.page } } : {}),
  };
}

/** The device with this id or alias (`watch-1`), or DEVICE_NOT_FOUND listing the ids there are. */
function findDevice(devices: readonly EmulatedDevice[], id: string): EmulatedDevice {
  const device = findById(devices, id);
  if (!device) throw deviceNotFound(id, devices.map((d) => d.id));
  return device;
}

function levelOf(q: string | null): LogLevel {
  if (q === null || q === '') return 'debug';
  if (!(LOG_LEVELS as string[]).includes(q)) throw new HmosError('BAD_REQUEST', `unknown log level "${q.slice(0, 32)}"; use ${LOG_LEVELS.join(', ')}`);
  return q as LogLevel;
}

function streamLogs(res: ServerResponse, devices: EmulatedDevice[], level: LogLevel, follow: boolean, tail: number): void {
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

/** GET …/logs?level=&follow=1&tail=N for the given devices. */
function serveLogs(devices: EmulatedDevice[], query: URLSearchParams, res: ServerResponse): void {
  const tail = query.has('tail') ? Number(query.get('tail')) : Infinity;
  if (Number.isNaN(tail) || tail < 0) throw new HmosError('BAD_REQUEST', 'tail must be a non-negative number');
  streamLogs(res, devices, levelOf(query.get('level')), query.get('follow') === '1', tail);
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
    // What a user changes on the device (location, network, rotation, a photo, dark mode, locale, font size).
    case 'device': return { kind, action: deviceActionFromJson(a.action) };
    case 'wait':
      if (!Number.isInteger(a.ms) || a.ms < 0 || a.ms > 60_000) throw new HmosError('BAD_REQUEST', 'wait takes 0..60000 ms');
      return { kind, ms: a.ms };
    default: throw new HmosError('BAD_REQUEST', `unknown input action ${JSON.stringify(kind)?.slice(0, 40)}; use click, input, swipe, back, wait or device`);
  }
}

/** The actions of POST …/input ({"actions": [...]}, 1 to 1000), parsed. */
function parseInputActions(b: any): InputAction[] {
  if (!Array.isArray(b?.actions) || b.actions.length === 0 || b.actions.length > 1000) {
    throw new HmosError('BAD_REQUEST', 'input needs {"actions": [...]} with 1 to 1000 actions');
  }
  return b.actions.map(parseAction);
}

/** The format of GET …/screenshot?format= (png by default). */
function screenshotFormat(query: URLSearchParams): 'png' | 'svg' | 'json' {
  const format = query.get('format') ?? 'png';
  if (format !== 'png' && format !== 'svg' && format !== 'json') throw new HmosError('BAD_REQUEST', 'format is png, svg or json');
  return format;
}

/** Answers a screenshot: JSON as an object, PNG/SVG as bytes with their content type. */
function sendScreenshot(res: ServerResponse, format: 'png' | 'svg' | 'json', shot: Uint8Array | string): unknown {
  if (format === 'json') return typeof shot === 'string' ? JSON.parse(shot) : shot;
  const bytes = typeof shot === 'string' ? Buffer.from(shot) : Buffer.from(shot);
  res.writeHead(200, { 'content-type': format === 'png' ? 'image/png' : 'image/svg+xml', 'content-length': bytes.length });
  res.end(bytes);
  return undefined;
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The agent options of POST …/agent, checked. */
function askOptions(b: any): AskOptions {
  if (b.dryRun !== undefined && typeof b.dryRun !== 'boolean') throw new HmosError('BAD_REQUEST', 'agent: dryRun must be true or false');
  const options: AskOptions = { dryRun: b.dryRun === true };
  if (b.timeoutMs !== undefined) {
    if (!Number.isInteger(b.timeoutMs) || b.timeoutMs < 1 || b.timeoutMs > MAX_INTENT_TIMEOUT_MS) throw new HmosError('BAD_REQUEST', `agent: timeoutMs is 1..${MAX_INTENT_TIMEOUT_MS}`);
    options.timeoutMs = b.timeoutMs;
  }
  if (b.now !== undefined) {
    const clock = typeof b.now === 'string' ? parseReferenceTime(b.now) : undefined;
    if (!clock) throw new HmosError('BAD_REQUEST', 'agent: now must be an ISO date-time with an offset, e.g. 2026-03-10T10:00:00+08:00');
    Object.assign(options, clock);
  }
  return options;
}

/** The routes above for `holder`'s devices; `port` is where they are served. */
export function registerRoutes(router: ConnectorRouter, holder: DeviceHolder, port: () => number): void {
  const find = (id: string) => findDevice(holder.devices, id);

  router.add('GET', '/v1/host', () => ({
    pid: holder.pid, port: port(), startedAt: holder.startedAt, kind: holder.kind,
    ...(holder.project ? { project: holder.project } : {}), devices: holder.devices.map(describeDevice),
  }));
  router.add('GET', '/v1/devices', () => ({ devices: holder.devices.map(describeDevice) }));
  router.add('GET', '/v1/devices/:id', ({ params }) => describeDevice(find(params.id)));
  router.add('GET', '/v1/devices/:id/apps', ({ params }) => ({ apps: find(params.id).store.list().map(publicApp) }));

  router.add('PUT', '/v1/devices/:id/apps', async ({ params, query, body }) => {
    const device = find(params.id);
    const started = performance.now();
    const bytes = await body(holder.maxHapBytes);
    const app = await device.install(bytes, { allowDowngrade: query.get('allowDowngrade') === '1', maxBytes: holder.maxHapBytes });
    return { device: device.id, app: publicApp(app), previousVersionCode: app.previousVersionCode ?? null, ms: Math.round(performance.now() - started) };
  });

  router.add('DELETE', '/v1/devices/:id/apps/:bundle', async ({ params }) => {
    const device = find(params.id);
    if (!(await device.uninstall(params.bundle))) {
      throw new HmosError('APP_NOT_INSTALLED', `${params.bundle.slice(0, 128)} is not installed on ${device.id}`);
    }
    return { device: device.id, uninstalled: params.bundle };
  });

  router.add('POST', '/v1/devices/:id/launch', async ({ params, json }) => {
    const device = find(params.id);
    const b = await json();
    if (typeof b?.bundleName !== 'string') throw new HmosError('BAD_REQUEST', 'launch needs {"bundleName": "..."}');
    for (const k of ['ability', 'page'] as const) {
      if (b[k] !== undefined && typeof b[k] !== 'string') throw new HmosError('BAD_REQUEST', `launch: ${k} must be a string`);
    }
    if (b.parameters !== undefined && !isRecord(b.parameters)) throw new HmosError('BAD_REQUEST', 'launch: parameters must be an object (the want parameters)');
    const launched = await device.launch({ bundleName: b.bundleName, ability: b.ability, page: b.page, parameters: b.parameters });
    return { device: device.id, ...launched };
  });

  router.add('POST', '/v1/devices/:id/stop', async ({ params, json }) => {
    const device = find(params.id);
    const b = await json();
    if (b?.bundleName !== undefined && typeof b.bundleName !== 'string') throw new HmosError('BAD_REQUEST', 'stop: bundleName must be a string');
    return { device: device.id, ...(await device.stop(b?.bundleName)) };
  });

  router.add('GET', '/v1/devices/:id/logs', ({ params, query, res }) => serveLogs([find(params.id)], query, res));
  router.add('GET', '/v1/logs', ({ query, res }) => serveLogs(holder.devices, query, res));

  router.add('GET', '/v1/devices/:id/screenshot', async ({ params, query, res }) => {
    const device = find(params.id);
    const format = screenshotFormat(query);
    return sendScreenshot(res, format, await device.screenshot(format));
  });

  router.add('GET', '/v1/devices/:id/tree', ({ params }) => find(params.id).tree());

  router.add('POST', '/v1/devices/:id/input', async ({ params, json }) => {
    const device = find(params.id);
    const actions = parseInputActions(await json());
    for (const action of actions) {
      if (action.kind === 'wait') await new Promise((r) => setTimeout(r, action.ms));
      else await device.input(action);
    }
    return { device: device.id, done: actions.length };
  });

  router.add('POST', '/v1/devices/:id/agent', async ({ params, json }) => {
    const device = find(params.id);
    const b = await json();
    if (typeof b?.utterance !== 'string' || !b.utterance.trim()) throw new HmosError('BAD_REQUEST', 'agent needs {"utterance": "what the user said"}');
    if (b.utterance.length > MAX_UTTERANCE) throw new HmosError('BAD_REQUEST', `an utterance has at most ${MAX_UTTERANCE} characters`);
    return { utterance: b.utterance, ...(await agentOf(device).ask(b.utterance, askOptions(b))) };
  });

  router.add('POST', '/v1/devices/:id/continue', async ({ params, json }) => {
    const b = await json();
    if (typeof b?.to !== 'string' || !b.to) throw new HmosError('BAD_REQUEST', 'continue needs {"to": "<device id>"}');
    if (b.bundle !== undefined && typeof b.bundle !== 'string') throw new HmosError('BAD_REQUEST', 'continue: bundle must be a string');
    return continueApp(holder, params.id, b.to, b.bundle);
  });

  router.add('POST', '/v1/devices/:id/continue-in', async ({ params, json }) => {
    const device = find(params.id);
    const b = await json();
    if (typeof b?.bundleName !== 'string') throw new HmosError('BAD_REQUEST', 'continue-in needs {"bundleName": "..."}');
    if (b.ability !== undefined && typeof b.ability !== 'string') throw new HmosError('BAD_REQUEST', 'continue-in: ability must be a string');
    if (!isRecord(b.parameters)) throw new HmosError('BAD_REQUEST', 'continue-in: parameters must be an object (the want parameters)');
    if (Buffer.byteLength(JSON.stringify(b.parameters)) > MAX_CONTINUE_BYTES) throw new HmosError('CONTINUE_DATA_TOO_LARGE', 'continue-in: the want parameters exceed 100 KB');
    const stack = Array.isArray(b.pageStack) ? b.pageStack : [];
    if (stack.length > 32 || !stack.every((p: unknown) => isRecord(p) && typeof p.path === 'string')) {
      throw new HmosError('BAD_REQUEST', 'continue-in: pageStack is a list of at most 32 {path, params?}');
    }
    const launched = await device.continueIn({ bundleName: b.bundleName, ability: b.ability, parameters: b.parameters, pageStack: stack });
    return { device: device.id, ...launched };
  });
}
