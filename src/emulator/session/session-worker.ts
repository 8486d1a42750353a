/**
 * The app process of one device in `hmos emulate`'s terminal UI: a worker thread per device (so an app that crashes
 * or hangs stops only its own device) running the ArkUI runtime, laying the page out for its profile and drawing it
 * into terminal cells at the size the UI asks for. Like device-worker.ts it answers `{id, op, args}` with
 * `{id, ok, result | error}`; it also posts `{frame}` whenever the screen changed and `{log}` for every log line.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { hardenAppThread } from '../../runtime/app-thread.js';
import { HmosError } from '../../errors.js';
import { DeviceNetwork } from '../worker/device-network.js';
import { superDeviceExtensions } from '../worker/super-device-kits.js';
import { createDevice, type App } from '../../runtime/device.js';
import { runIntent, type IntentOutcome } from '../../runtime/intent-executor.js';
import type { IntentDeclaration } from '../../hap/intent-manifest.js';
import { DEVICE_PROFILES, normalizeDeviceType, type DeviceType } from '../../runtime/device-profile.js';
import { hotReload } from '../../runtime/hot-reload.js';
import { layoutPage, loadLayoutEngine, type LayoutEngine } from '../../runtime/layout/layout.js';
import type { LaidOutPage, LayoutNode } from '../../runtime/layout/types.js';
import { renderCells, type Cell } from '../../runtime/render/cells.js';
import { renderPng } from '../../runtime/render/png.js';
import { focusableNodes, nodeAt } from '../../runtime/selector.js';
import { layoutApp, performAction, renderApp, renderPage, type ScreenAction } from '../../runtime/screen.js';
import type { UINode } from '../../runtime/ui-node.js';
import type { FocusTarget, LoadMode, ScreenFrame } from './frame.js';

export interface ScreenWorkerData {
  id: string;
  type: DeviceType;
  dataDir: string;
  watchdogMs?: number;
  /** With it, the device joins the session's Super Device network (see device-network.ts). */
  networkSecret?: string;
}

const port = parentPort;
if (!port) throw new Error('session-worker.js must run in a worker thread');
hardenAppThread();
const data = workerData as ScreenWorkerData;
const profile = DEVICE_PROFILES[data.type];
const device = createDevice({ profile, dataDir: data.dataDir, deviceId: data.id, watchdogMs: data.watchdogMs ?? 5000 });
let engine: LayoutEngine | undefined;
let app: App | undefined;
let notice: string | undefined;
let size = { cols: 20, rows: 10 };
let laid: LaidOutPage | undefined;
let framePending = false;
/** The session's other devices (set by the `peers` op) and this device's Super Device kits for every launch. */
let peerList: Array<{ id: string; networkPort?: number }> = [];
let net: DeviceNetwork | undefined;
let extensions: ReturnType<typeof superDeviceExtensions> | undefined;

const LEVELS = { D: 'debug', I: 'info', W: 'warn', E: 'error', F: 'error' } as const;

function attach(a: App): void {
  // Lines logged while the app was starting (before this listener existed).
  for (const e of a.logs) port!.postMessage({ log: { level: LEVELS[e.level] ?? 'info', tag: e.tag, message: e.message } });
  a.on('log', (e: { level: keyof typeof LEVELS; tag: string; message: string }) => {
    port!.postMessage({ log: { level: LEVELS[e.level] ?? 'info', tag: e.tag, message: e.message } });
  });
  // Timers and async kit callbacks change the screen without a host call.
  a.on('frame', () => scheduleFrame());
}

function scheduleFrame(): void {
  if (framePending) return;
  framePending = true;
  setImmediate(() => {
    framePending = false;
    postFrame();
  });
}

function isResourceRef(v: unknown): boolean {
  return typeof v === 'object' && v !== null && typeof (v as { id?: unknown }).id === 'number' && typeof (v as { type?: unknown }).type === 'number';
}

function foreground(): App {
  if (!app) throw new HmosError('APP_NOT_RUNNING', `no app is running on ${data.id} yet; wait for the first build or deploy one`);
  return app;
}

function layout(): LaidOutPage {
  const root: UINode = app ? app.tree() : { elmtId: 0, type: 'Root', args: [], attrs: {}, children: [] };
  const current = app;
  laid = layoutPage(engine!, root, profile, {
    page: app?.page() ?? undefined,
    resolve: (v) => (current && isResourceRef(v) ? current.resolveResource(v as never) ?? v : v),
    image: (src) => current?.image(src),
  });
  return laid;
}

function noticeGrid(text: string): Cell[][] {
  const { cols, rows } = size;
  const grid: Cell[][] = Array.from({ length: rows }, () => Array.from({ length: cols }, () => ({ char: ' ' })));
  const width = Math.max(4, cols - 2);
  const lines: string[] = [];
  for (const word of text.split(/\s+/)) {
    const last = lines[lines.length - 1];
    if (last !== undefined && last.length + 1 + word.length <= width) lines[lines.length - 1] = `${last} ${word}`;
    else lines.push(word.slice(0, width));
  }
  const top = Math.max(0, Math.floor((rows - lines.length) / 2));
  lines.slice(0, rows).forEach((line, i) => {
    const left = Math.max(0, Math.floor((cols - line.length) / 2));
    [...line].forEach((ch, j) => { if (top + i < rows && left + j < cols) grid[top + i][left + j] = { char: ch, fg: '#ffcc00' }; });
  });
  if (profile.shape === 'round') {
    for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) {
      const dx = (c + 0.5) / cols - 0.5, dy = (r + 0.5) / rows - 0.5;
      if (dx * dx + dy * dy > 0.25) grid[r][c] = { char: ' ' };
    }
  }
  return grid;
}

function frame(): ScreenFrame {
  const { cols, rows } = size;
  if (notice || !engine) {
    return { cols, rows, grid: noticeGrid(notice ?? 'starting…'), page: null, bundleName: app?.bundleName, focusables: [], crashed: false, ...(notice ? { notice } : {}) };
  }
  const page = layout();
  const grid = renderCells(page, { cols, rows });
  const sx = cols / profile.width, sy = rows / profile.height;
  const focusables = focusableNodes(page).filter((n) => n.node).map((n) => ({
    elmtId: n.node!.elmtId, type: n.type, ...(n.text !== undefined ? { text: n.text } : {}),
    box: cellBox(n.x * sx, n.y * sy, (n.x + n.width) * sx, (n.y + n.height) * sy, cols, rows),
  }));
  return { cols, rows, grid, page: app?.page() ?? null, bundleName: app?.bundleName, focusables, crashed: Boolean(app?.crash) };
}

/** The cells whose centres an area covers (as the cell renderer fills them), at least one cell. */
function cellBox(x0: number, y0: number, x1: number, y1: number, cols: number, rows: number): FocusTarget['box'] {
  const c0 = Math.min(cols - 1, Math.max(0, Math.ceil(x0 - 0.5))), r0 = Math.min(rows - 1, Math.max(0, Math.ceil(y0 - 0.5)));
  return { c0, r0, c1: Math.min(cols, Math.max(c0 + 1, Math.ceil(x1 - 0.5))), r1: Math.min(rows, Math.max(r0 + 1, Math.ceil(y1 - 0.5))) };
}

function postFrame(): void {
  port!.postMessage({ frame: frame() });
}

/** The node a click at (x, y) vp reaches: the hit node or its nearest ancestor that handles clicks. */
function clickTarget(hit: LayoutNode | undefined): UINode | undefined {
  for (let n: UINode | undefined = hit?.node; n; n = n.parent) {
    if (typeof n.attrs.onClick?.[0] === 'function' || ['Button', 'Toggle', 'Checkbox', 'TextInput', 'TextArea', 'Search'].includes(n.type)) return n;
  }
  return undefined;
}

function deviceTypesOf(entries: Map<string, Uint8Array>): string[] | undefined {
  const raw = entries.get('module.json');
  if (!raw) return undefined;
  try {
    const types = JSON.parse(Buffer.from(raw).toString('utf8'))?.module?.deviceTypes;
    return Array.isArray(types) ? types.map(String) : undefined;
  } catch {
    return undefined;
  }
}

function load(entries: Map<string, Uint8Array>, mode: LoadMode): { page: string | null; kept: number; reset: number } {
  const listed = deviceTypesOf(entries);
  if (listed && !listed.some((t) => normalizeDeviceType(t) === data.type)) {
    app?.stop();
    app = undefined;
    notice = `This app's module does not list ${data.type} in deviceTypes (it lists ${listed.join(', ')}); add "${data.type}" to module.json5 to run it here.`;
    scheduleFrame();
    return { page: null, kept: 0, reset: 0 };
  }
  notice = undefined;
  let kept = 0, reset = 0;
  if (mode === 'reload' && app) {
    const r = hotReload(device, app, { bundle: entries, extensions });
    app = r.app;
    kept = r.kept;
    reset = r.reset;
  } else {
    app?.stop();
    app = device.launch({ bundle: entries, extensions });
  }
  attach(app);
  scheduleFrame();
  return { page: app.page(), kept, reset };
}

/** Text of a TextInput node as the app last set it. */
function inputValue(n: UINode): string {
  const opt = n.args[0] as { text?: unknown } | undefined;
  return typeof opt?.text === 'string' ? opt.text : '';
}

const ops: Record<string, (...args: any[]) => unknown> = {
  async init(cols: number, rows: number) {
    size = { cols, rows };
    engine = await loadLayoutEngine();
    if (data.networkSecret && !net) {
      net = await DeviceNetwork.start({ local: { deviceId: data.id, deviceName: data.id, deviceType: data.type }, peers: () => peerList });
      extensions = superDeviceExtensions(net.network, { signingKeyId: 'emulate-session', networkSecret: data.networkSecret });
      port!.postMessage({ network: { port: net.port } });
    }
    scheduleFrame();
  },
  load: (entries: Map<string, Uint8Array>, mode: LoadMode) => load(entries, mode),
  resize(cols: number, rows: number) {
    size = { cols: Math.max(1, Math.floor(cols)), rows: Math.max(1, Math.floor(rows)) };
    postFrame();
  },
  click(elmtId: number) {
    app?.click(elmtId);
    scheduleFrame();
  },
  clickAt(col: number, row: number) {
    if (!app || !engine) return undefined;
    const page = laid ?? layout();
    const x = ((col + 0.5) / size.cols) * profile.width, y = ((row + 0.5) / size.rows) * profile.height;
    // Nothing clickable exactly under the cell's centre: the last focusable the cell overlaps (a cell is coarse).
    const cw = profile.width / size.cols, ch = profile.height / size.rows, x0 = col * cw, y0 = row * ch;
    const inside = (n: LayoutNode) => n.x < x0 + cw && n.x + n.width > x0 && n.y < y0 + ch && n.y + n.height > y0;
    const target = clickTarget(nodeAt(page, x, y)) ?? focusableNodes(page).filter((n) => n.node && inside(n)).pop()?.node;
    if (!target) return undefined;
    app.click(target.elmtId);
    scheduleFrame();
    return target.elmtId;
  },
  /** Types into a TextInput: `text` is appended, `backspace` removes the last character. */
  type(elmtId: number, edit: { text?: string; backspace?: boolean }) {
    if (!app) return;
    const node = app.find((n) => n.elmtId === elmtId);
    if (!node) return;
    const now = inputValue(node);
    const next = edit.backspace ? [...now].slice(0, -1).join('') : now + (edit.text ?? '');
    app.inputText(elmtId, next);
    scheduleFrame();
  },
  back() {
    if (!app) return 'none';
    const r = app.back();
    scheduleFrame();
    return r;
  },
  async screenshot() {
    return renderPng(laid ?? layout(), {});
  },
  // What other hmos commands ask through the session's connector (session-connector.ts), as on a device host's device.
  /** `hmos input`: a selector- or point-based action. */
  async input(action: ScreenAction) {
    await performAction(foreground(), action);
    scheduleFrame();
  },
  /** `hmos screenshot`: the screen as PNG, SVG or the JSON element tree with bounds. */
  async render(format: 'png' | 'svg' | 'json') {
    const out = await renderApp(foreground(), format);
    return typeof out === 'string' ? out : new Uint8Array(out);
  },
  async tree() {
    return JSON.parse(String(await renderPage(await layoutApp(foreground()), 'json')));
  },
  async settle() {
    await app?.settle();
  },
  /** Runs an insight intent in the running app (the `a` key, see assistant.ts). */
  async intent(decl: IntentDeclaration, params: Record<string, unknown>, timeoutMs: number): Promise<IntentOutcome> {
    if (!app) return { code: -1, result: undefined, error: { code: 'APP_NOT_RUNNING', message: 'no app is running on this device' } };
    const out = await runIntent(app, decl, params, { timeoutMs });
    scheduleFrame();
    return out;
  },
  stop() {
    app?.stop();
    app = undefined;
    scheduleFrame();
  },
  peers(list: Array<{ id: string; networkPort?: number }>) {
    peerList = list;
    net?.discover();
  },
  /** Handoff, source side: the running app's onContinue answer (see handoff.ts for what the session checks). */
  async continueOut(targetDevice?: string) {
    if (!app || app.crash) throw new HmosError('APP_NOT_RUNNING', `no app is running on ${data.id}`);
    return app.continueOut(5000, targetDevice);
  },
  /** Handoff, target side: start the app with launchReason CONTINUATION (onNewWant when it runs already). */
  async continueIn(entries: Map<string, Uint8Array>, handoff: { parameters: Record<string, unknown>; pageStack: Array<{ path: string; params?: unknown }> }) {
    const launch = { launchReason: 3, continuation: { pageStack: handoff.pageStack } };
    if (app && !app.crash) app.newWant({ parameters: handoff.parameters }, launch);
    else {
      app = device.launch({ bundle: entries, extensions, want: { parameters: handoff.parameters }, ...launch });
      attach(app);
    }
    await app.settle();
    scheduleFrame();
    return { page: app.page() };
  },
};

port.on('message', async (msg: { id: number; op: string; args: unknown[] }) => {
  try {
    const fn = ops[msg.op];
    if (!fn) throw new Error(`unknown screen op ${msg.op}`);
    const result = await fn(...msg.args);
    port.postMessage({ id: msg.id, ok: true, result });
  } catch (err) {
    const e = err as Error & { code?: string };
    port.postMessage({ id: msg.id, ok: false, error: { code: typeof e.code === 'string' ? e.code : 'DEVICE_ERROR', message: e.message, user: typeof e.code === 'string' } });
  }
});
