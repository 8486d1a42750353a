/**
 * What a running app shows: lays out an App's live element tree on its device (yoga, in vp) and renders it in the
 * preview formats, and applies the preview actions (`click:<selector>`, `input:<selector>:<text>`,
 * `swipe:<dir>[:<selector>]`, `back`, `wait:<ms>`) — each followed by waiting for the updates it causes.
 * `hmos preview`, the emulator and the connector all look at apps through this.
 */
import { HmosError } from '../errors.js';
import type { App } from './device.js';
import type { ResourceRef } from './abi.js';
import type { UINode } from './ui-node.js';
import { layoutTree } from './layout/layout.js';
import type { LaidOutPage, LayoutNode } from './layout/types.js';
import { isKnownComponent } from './layout/components.js';
import { renderJson } from './render/json.js';
import { renderSvg } from './render/svg.js';
import { renderText } from './render/text.js';
import { nodeAt, selectOrThrow } from './selector.js';
import { applyDeviceAction } from './kits/device-actions.js';
import type { ScreenAction, ScreenFormat } from './screen-actions.js';

export { parseAction, SCREEN_FORMATS, type ScreenAction, type ScreenFormat } from './screen-actions.js';

const isResourceRef = (v: unknown): v is ResourceRef =>
  typeof v === 'object' && v !== null && typeof (v as ResourceRef).id === 'number' && typeof (v as ResourceRef).type === 'number';

/**
 * Lays out what `app` shows now, `$r` values resolved with the device's qualifiers. Events that layout causes
 * (GridRow onBreakpointChange, onAreaChange, onSizeChange) are fired, and the page laid out again while they change
 * something (a few rounds at most: an app that keeps resizing itself settles on the last one).
 */
export async function layoutApp(app: App): Promise<LaidOutPage> {
  const resolve = (v: unknown) => (isResourceRef(v) ? app.resolveResource(v) ?? v : v);
  for (let round = 0; ; round++) {
    await app.settle();
    app.sampleAnimations();
    const page = await layoutTree(app.tree(), app.device.profile, { resolve, page: app.page() ?? 'pages/Index', fontScale: app.device.options.fontScale, image: (src) => app.image(src) });
    if (round >= 3 || app.crash || !fireLayoutEvents(app, app.tree())) return page;
  }
}

/** What each node's layout events last reported to an app, by element id (the tree is a fresh copy after app code runs). */
const notifiedOf = new WeakMap<App, { starts: number; byId: Map<number, { breakpoint?: string; area?: string }> }>();

/** Fires the layout events whose value changed since the app was last told; true when any fired. */
function fireLayoutEvents(app: App, root: UINode): boolean {
  let fired = false;
  let seen = notifiedOf.get(app);
  if (!seen || seen.starts !== app.starts) notifiedOf.set(app, (seen = { starts: app.starts, byId: new Map() }));
  const byId = seen.byId;
  const walk = (n: UINode, parent?: UINode) => {
    if (app.crash) return;
    let notified = byId.get(n.elmtId);
    if (!notified) byId.set(n.elmtId, (notified = {}));
    if (n.breakpoint !== undefined && n.breakpoint !== notified.breakpoint) {
      notified.breakpoint = n.breakpoint;
      if (n.attrs.onBreakpointChange) { app.layoutEvent(n, 'onBreakpointChange', [n.breakpoint]); fired = true; }
    }
    if (n.layout && (n.attrs.onAreaChange || n.attrs.onSizeChange)) {
      const l = n.layout;
      const area = { width: l.width, height: l.height,
        position: { x: l.x - (parent?.layout?.x ?? 0), y: l.y - (parent?.layout?.y ?? 0) }, globalPosition: { x: l.x, y: l.y } };
      const key = JSON.stringify(area);
      if (key !== notified.area) {
        const old = notified.area ? JSON.parse(notified.area) : { width: 0, height: 0, position: { x: 0, y: 0 }, globalPosition: { x: 0, y: 0 } };
        notified.area = key;
        if (n.attrs.onAreaChange) app.layoutEvent(n, 'onAreaChange', [old, area]);
        if (n.attrs.onSizeChange) app.layoutEvent(n, 'onSizeChange', [{ width: old.width, height: old.height }, { width: area.width, height: area.height }]);
        fired = true;
      }
    }
    for (const c of n.children) walk(c, n);
  };
  walk(root);
  return fired;
}

export async function renderApp(app: App, format: ScreenFormat): Promise<string | Buffer> {
  const page = await layoutApp(app);
  return renderPage(page, format);
}

export async function renderPage(page: LaidOutPage, format: ScreenFormat): Promise<string | Buffer> {
  switch (format) {
    case 'text': return renderText(page);
    case 'json': return renderJson(page);
    case 'svg': return renderSvg(page);
    case 'png': {
      const { renderPng } = await import('./render/png.js');
      return renderPng(page);
    }
  }
}

/** Built-in component names, and whether the device draws one (for scripts that survey real code). */
export { BUILTIN_COMPONENTS } from './framework/components.js';
export { isKnownComponent } from './layout/components.js';

/** Component types on the page that hmos draws only as a labelled placeholder, with their counts. */
export function unsupportedComponents(page: LaidOutPage): Record<string, number> {
  const out: Record<string, number> = {};
  const walk = (n: LayoutNode) => {
    if (n.node && !isKnownComponent(n.node.type)) out[n.node.type] = (out[n.node.type] ?? 0) + 1;
    n.children.forEach(walk);
  };
  walk(page.root);
  return out;
}

/** Nearest node up the laid-out tree that came from a framework element (parts drawn by layout have none). */
/** Elements that take a tap themselves even without an onClick (they toggle or focus). */
const SELF_TAPPED = new Set(['Toggle', 'Checkbox', 'Radio', 'TextInput', 'TextArea', 'Search', 'Select']);

function targetOf(page: LaidOutPage, n: LayoutNode) {
  if (n.node && (n.node.attrs.onClick || SELF_TAPPED.has(n.node.type))) return n.node;
  const path = pathTo(page, n);
  // A tap reaches the nearest element on the path that handles clicks (a card's onClick under its text), as on a device.
  for (let i = path.length - 1; i >= 0; i--) if (path[i].node?.attrs.onClick) return path[i].node;
  for (let i = path.length - 1; i >= 0; i--) if (path[i].node) return path[i].node;
  return undefined;
}

const SWIPE_VP = 300;

/** Applies one action and waits for the updates it causes. Selector misses throw NO_MATCH listing the visible texts. */
export async function performAction(app: App, action: ScreenAction): Promise<void> {
  if (action.kind === 'wait') {
    // On the device's clock: in virtual time the wait is over as soon as the app's timers due before it have run.
    await app.device.clock.sleep(action.ms);
    await app.settle();
    return;
  }
  if (action.kind === 'back') {
    app.back();
    await app.settle();
    return;
  }
  if (action.kind === 'device') {
    applyDeviceAction(app.device.kitState, action.action);
    await app.settle();
    return;
  }
  if (action.kind === 'relaunch') {
    // Stops the app and starts it again on the same device: its files and databases stay.
    app.relaunch();
    await app.settle();
    return;
  }
  const page = await layoutApp(app);
  let hit: LayoutNode | undefined;
  if (action.kind === 'click' && action.selector === undefined) {
    hit = nodeAt(page, action.x ?? 0, action.y ?? 0);
    if (!hit) throw new HmosError('NO_MATCH', `nothing is drawn at ${action.x},${action.y} (the page is ${page.device.width}×${page.device.height} vp)`);
  } else if (action.selector !== undefined) {
    hit = selectOrThrow(page, action.selector);
  }
  const target = hit ? targetOf(page, hit) : undefined;
  switch (action.kind) {
    case 'click':
      // A part layout draws for a choice (a tab-bar item) selects it on its container; what a custom tab bar
      // builder drew inside one gets the click first.
      if (hit?.part) app.select(hit.part.of, { index: hit.part.index });
      else {
        const part = hit ? partAbove(page, hit) : undefined;
        if (target && (!part || target.elmtId !== part.of.elmtId)) app.click(target);
        if (part && !app.crash) app.select(part.of, { index: part.index });
      }
      break;
    case 'input':
      if (target) app.inputText(target, action.text);
      break;
    case 'swipe': {
      const scroller = target ?? findScrollable(page.root)?.node;
      if (!scroller) throw new HmosError('NO_MATCH', 'there is nothing to swipe on this page (no List, Scroll, Grid, WaterFlow or Swiper)');
      const pager = pagerOf(scroller);
      const horizontal = action.direction === 'left' || action.direction === 'right';
      if (pager && horizontal === !(pager.type === 'Swiper' && pager.attrs.vertical?.[0] === true)) {
        // Swiping a Swiper (or Tabs) moves one page: left/up shows the next one.
        app.select(pager, { by: action.direction === 'left' || action.direction === 'up' ? 1 : -1 });
        break;
      }
      const dy = action.direction === 'up' ? SWIPE_VP : action.direction === 'down' ? -SWIPE_VP : 0;
      const dx = action.direction === 'left' ? SWIPE_VP : action.direction === 'right' ? -SWIPE_VP : 0;
      app.swipe(scroller, dy || dx);
      break;
    }
  }
  await app.settle();
}

/** The nodes from the page root down to `n` (inclusive); empty when `n` is not on the page. */
function pathTo(page: LaidOutPage, n: LayoutNode): LayoutNode[] {
  const path: LayoutNode[] = [];
  const find = (cur: LayoutNode): boolean => {
    path.push(cur);
    if (cur === n) return true;
    for (const c of cur.children) if (find(c)) return true;
    path.pop();
    return false;
  };
  find(page.root);
  return path;
}

/** The choice part (a TabBarItem) `n` is drawn in, if any. */
function partAbove(page: LaidOutPage, n: LayoutNode): LayoutNode['part'] {
  const path = pathTo(page, n);
  for (let i = path.length - 1; i >= 0; i--) if (path[i].part) return path[i].part;
  return undefined;
}

/** The Swiper or Tabs a swipe on `n` pages through: `n` itself or the nearest such ancestor. */
function pagerOf(n: UINode): UINode | undefined {
  for (let c: UINode | undefined = n; c; c = c.parent) if (c.type === 'Swiper' || c.type === 'Tabs') return c;
  return undefined;
}

const SCROLLABLE = new Set(['List', 'Scroll', 'Grid', 'WaterFlow', 'Swiper', 'Tabs']);
function findScrollable(n: LayoutNode): LayoutNode | undefined {
  if (n.node && SCROLLABLE.has(n.node.type)) return n;
  for (const c of n.children) {
    const f = findScrollable(c);
    if (f) return f;
  }
  return undefined;
}
