/**
 * Hot reload with state kept. Before a new bundle replaces a running app, `snapshotApp` records the page stack and,
 * for every live custom component, its class name, its position in the component tree (page index, then the index
 * among its parent's child components) and its own state variables (V1 @State/@Provide, V2 @Local/@Provider) with
 * their kinds and values. `hotReload` stops the old app, launches the new bundle, re-opens the page stack and seeds
 * each component whose class, position and state declarations (names + kinds) are unchanged; any other component
 * keeps the fresh initial state of the new code. Values cross from the old realm to the new one as JSON, so a value
 * that is not plain data (an instance of an app class, a function) is not carried over — that component re-initialises.
 */
import type { App, Device, LaunchOptions } from './device.js';

export interface ComponentState {
  /** '0' = root component of the first page; '0/2' = its third child component. */
  path: string;
  className: string;
  /** name → kind ('v1' | 'v2'): the state declarations this component had. */
  kinds: Record<string, string>;
  /** JSON of each value that is plain data. */
  values: Record<string, string>;
}

export interface HotSnapshot {
  pages: { path: string; params?: unknown }[];
  components: ComponentState[];
}

export interface HotReloadResult {
  app: App;
  /** Components whose state was carried over / re-initialised because their declarations or values changed. */
  kept: number;
  reset: number;
}

/** Runs in the app realm (a plain script: the realm has no access to this module). */
const SNAPSHOT_SCRIPT = String.raw`((text) => {
  const rt = __rt;
  const plain = (v, depth) => {
    if (v === null || ['string', 'number', 'boolean'].includes(typeof v)) return true;
    if (typeof v !== 'object' || depth > 20) return false;
    if (Array.isArray(v)) return v.every((x) => plain(x, depth + 1));
    const proto = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) return false;
    return Object.values(v).every((x) => plain(x, depth + 1));
  };
  const stateOf = (view) => {
    const kinds = {}, values = {};
    for (const key of Object.keys(view)) {
      const p = view[key];
      if (key.startsWith('__') && p && typeof p === 'object' && p.constructor === rt.ObservedPropertyPU) {
        const name = key.slice(2); kinds[name] = 'v1';
        const v = p.getUnmonitored();
        if (plain(v, 0)) values[name] = JSON.stringify(v);
      }
    }
    const meta = view.__hmosMeta || {};
    for (const name of [...(meta.local || []), ...(meta.provider || []).map((p) => p.key)]) {
      kinds[name] = 'v2';
      const v = rt.untracked(() => view[name]);
      const raw = Array.isArray(v) ? Array.from(v) : v;
      if (plain(raw, 0)) values[name] = JSON.stringify(raw);
    }
    return { kinds, values };
  };
  const components = [];
  const walk = (view, path) => {
    if (!view) return;
    components.push({ path, className: view.constructor.name, ...stateOf(view) });
    let i = 0;
    for (const child of view.childrenByElmtId_.values()) walk(child, path + '/' + i++);
  };
  rt.pages.forEach((p, i) => walk(p.view, String(i)));
  const pages = rt.pages.map((p) => (plain(p.params, 0) ? { path: p.path, params: p.params } : { path: p.path }));
  return JSON.stringify({ pages, components });
})`;

/** Re-opens the page stack, then seeds matching components of the snapshot (its JSON text). */
const RESTORE_SCRIPT = String.raw`((text) => {
  const rt = __rt, snap = JSON.parse(text);
  const first = snap.pages[0];
  try {
    if (first && rt.pages[0] && rt.pages[0].path !== first.path) rt.loadPage(first.path);
    for (const p of snap.pages.slice(1)) rt.router.pushUrl({ url: p.path, params: p.params });
  } catch (e) { /* a page that no longer exists ends the restored stack there */ }
  const live = new Map();
  const walk = (view, path) => {
    if (!view) return;
    live.set(path, view);
    let i = 0;
    for (const child of view.childrenByElmtId_.values()) walk(child, path + '/' + i++);
  };
  rt.pages.forEach((p, i) => walk(p.view, String(i)));
  const signature = (kinds) => Object.keys(kinds).sort().map((k) => k + ':' + kinds[k]).join(',');
  let kept = 0, reset = 0;
  for (const c of snap.components) {
    const view = live.get(c.path);
    if (!view) continue;
    const kinds = {};
    for (const key of Object.keys(view)) {
      const p = view[key];
      if (key.startsWith('__') && p && typeof p === 'object' && p.constructor === rt.ObservedPropertyPU) kinds[key.slice(2)] = 'v1';
    }
    const meta = view.__hmosMeta || {};
    for (const name of [...(meta.local || []), ...(meta.provider || []).map((p) => p.key)]) kinds[name] = 'v2';
    const names = Object.keys(c.kinds);
    if (view.constructor.name !== c.className || signature(kinds) !== signature(c.kinds) || names.some((n) => !(n in c.values))) { reset++; continue; }
    for (const name of names) {
      const value = JSON.parse(c.values[name]);
      if (c.kinds[name] === 'v1') view['__' + name].set(value); else view[name] = value;
    }
    if (names.length) kept++;
  }
  return JSON.stringify({ kept, reset });
})`;

/**
 * Both as one realm script of hmos's own (App.callRealmScript): compiled once per thread rather than for each realm,
 * as evaluating their text was (a hot reload snapshots one realm and restores into the next).
 */
const HOT_RELOAD_SCRIPT = `(g) => { g.__rt.hmosHotSnapshot = ${SNAPSHOT_SCRIPT}; g.__rt.hmosHotRestore = ${RESTORE_SCRIPT}; }`;

/** The page stack and component state of a running app; undefined when it crashed or is not running. */
export function snapshotApp(app: App): HotSnapshot | undefined {
  if (app.crash) return undefined;
  const out = app.callRealmScript(HOT_RELOAD_SCRIPT, 'hmosHotSnapshot');
  try { return typeof out === 'string' ? (JSON.parse(out) as HotSnapshot) : undefined; } catch { return undefined; }
}

/** Re-opens `snap`'s page stack in `app` and seeds the components that still match. */
function restoreApp(app: App, snap: HotSnapshot): { kept: number; reset: number } {
  if (app.crash) return { kept: 0, reset: snap.components.length };
  const out = app.callRealmScript(HOT_RELOAD_SCRIPT, 'hmosHotRestore', JSON.stringify(snap));
  try { if (typeof out === 'string') return JSON.parse(out) as { kept: number; reset: number }; } catch { /* below */ }
  return { kept: 0, reset: snap.components.length };
}

/** Replaces `old` (if any) with `opts.bundle` on `device`, keeping the page stack and unchanged components' state. */
export function hotReload(device: Device, old: App | undefined, opts: LaunchOptions): HotReloadResult {
  const snap = old && !old.crash ? snapshotApp(old) : undefined;
  old?.stop();
  const app = device.launch(opts);
  if (!snap) return { app, kept: 0, reset: 0 };
  return { app, ...restoreApp(app, snap) };
}
