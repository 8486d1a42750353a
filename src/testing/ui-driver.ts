/**
 * Host side of UiTest (the realm side is realm/uitest.ts): each Driver / Component call arrives as `(fn, args)`,
 * runs against what the device shows — the laid-out page of the app in front, as `hmos preview` sees it — and answers
 * JSON. A component is identified by its element id (`ref`); each call lays the page out afresh, so a component that
 * went away answers 17000004 as on a device. Coordinates are physical pixels (vp × density).
 */
import { HmosError } from '../errors.js';
import type { App } from '../runtime/device.js';
import type { LaidOutPage, LayoutNode } from '../runtime/layout/types.js';
import { layoutApp, performAction } from '../runtime/screen.js';
import { nodeAt, visibleNodes } from '../runtime/selector.js';

/** A matcher of an `On` as the realm sends it. */
interface OnMatcher { k: string; v?: unknown; p?: number; on?: OnMatcher[]; ref?: ComponentRef }
export interface ComponentRef { elmtId?: number; bounds: [number, number, number, number] }

const uiError = (code: number, message: string) => Object.assign(new Error(message), { code });
const KEYCODE_BACK = 2;
const KEYCODE_HOME = 1;
const CHECKABLE = new Set(['Toggle', 'Checkbox', 'CheckboxGroup', 'Radio']);
const SCROLLABLE = new Set(['List', 'Scroll', 'Grid', 'WaterFlow', 'Swiper', 'Tabs', 'ArcList']);
const CLICKABLE = new Set(['Button', 'Toggle', 'Checkbox', 'CheckboxGroup', 'Radio', 'TextInput', 'TextArea', 'Search', 'Select', 'Slider', 'Rating', 'TabBarItem', 'Hyperlink', 'MenuItem']);
const TYPE_ALIASES: Record<string, string> = { InputText: 'TextInput', Switch: 'Toggle', TextField: 'TextInput' };

export interface UiDriverHooks {
  /** Compares the screen with a golden (see goldens.ts); throws an assertion-like error on a mismatch. */
  golden?(name: string, app: App, page: LaidOutPage): Promise<unknown>;
  /** Writes a screenshot the test asked for (driver.screenCap) and returns where it went. */
  screenshot?(path: string, app: App): Promise<string>;
}

export class UiDriverHost {
  constructor(private readonly appOf: () => App | undefined, private readonly hooks: UiDriverHooks = {}) {}

  private app(): App {
    const app = this.appOf();
    if (!app || app.crash) throw uiError(17000001, app?.crash ? `the app has crashed: ${app.crash.message}` : 'no app is running');
    return app;
  }

  async run(fn: string, args: unknown[]): Promise<unknown> {
    const app = this.app();
    const a = args as any[];
    await waitForUiSteady(app);
    switch (fn) {
      case 'find': return this.find(app, a[0]);
      case 'findAll': return (await this.findAll(app, a[0])).map((n) => refOf(n, app));
      case 'wait': {
        const deadline = app.device.clock.now() + Number(a[1] ?? 0);
        for (;;) {
          const found = await this.find(app, a[0]);
          if (found || app.device.clock.now() >= deadline) return found;
          await app.device.clock.sleep(Math.min(100, Math.max(1, deadline - app.device.clock.now())));
        }
      }
      case 'assertExist': {
        if (await this.find(app, a[0])) return undefined;
        throw uiError(17000003, `Assertion failed: no component matches ${describeOn(a[0])}`);
      }
      case 'findWindow': return { bundleName: app.bundleName, title: app.page() ?? '', mode: 0 };
      case 'window.bounds': { const d = app.device.profile; return { left: 0, top: 0, right: Math.round(d.width * d.density), bottom: Math.round(d.height * d.density) }; }
      case 'pressBack': app.back(); await app.settle(); return undefined;
      case 'pressHome': app.background(); await app.settle(); return undefined;
      case 'key': case 'keys': if ((a as number[]).includes(KEYCODE_BACK)) { app.back(); await app.settle(); } else if ((a as number[]).includes(KEYCODE_HOME)) { app.background(); await app.settle(); } return undefined;
      case 'click': return this.tap(app, a[0], a[1], 1);
      case 'doubleClick': return this.tap(app, a[0], a[1], 2);
      case 'typeKey': {
        // A key typed into the focused text field (element id): its character appended, or the last one erased.
        const n = visibleNodes(await layoutApp(app)).find((x) => x.node?.elmtId === Number(a[0]));
        if (!n?.node) return undefined;
        const now = n.placeholder ? '' : n.text ?? '';
        app.inputText(n.node, typeof a[1] === 'string' ? now + a[1] : now.slice(0, -1));
        await app.settle();
        return undefined;
      }
      case 'hit': {
        // What a finger at physical pixel (x, y) touches: the realm delivers the gesture (realm/uitest.ts).
        const d = app.device.profile.density;
        const page = await layoutApp(app);
        const x = Number(a[0]) / d; const y = Number(a[1]) / d;
        const n = nodeAt(page, x, y);
        return n ? { ...targetOf(n, d), x, y, px: Number(a[0]), py: Number(a[1]) } : null;
      }
      case 'swipe': return this.swipe(app, a[0], a[1], a[2], a[3]);
      case 'flingDirection': {
        const d = app.device.profile; const cx = (d.width * d.density) / 2; const cy = (d.height * d.density) / 2; const span = Math.min(cx, cy);
        const dir = Number(a[0]);
        const [dx, dy] = dir === 0 ? [-span, 0] : dir === 1 ? [span, 0] : dir === 2 ? [0, -span] : [0, span];
        return this.swipe(app, cx, cy, cx + dx, cy + dy);
      }
      case 'inputAt': {
        const page = await layoutApp(app);
        const hit = nodeAt(page, a[0] / app.device.profile.density, a[1] / app.device.profile.density);
        if (hit?.node) await this.input(app, hit, String(a[2]), !!a[3]);
        return undefined;
      }
      case 'displaySize': { const d = app.device.profile; return { x: Math.round(d.width * d.density), y: Math.round(d.height * d.density) }; }
      case 'displayDensity': { const d = app.device.profile; return { x: d.density * 160, y: d.density * 160 }; }
      case 'idle': await app.settle(); return true;
      case 'screenCap': return this.hooks.screenshot ? (await this.hooks.screenshot(String(a[0]), app), true) : false;
      case 'dumpLayout': return true;
      case 'observe': return this.observe(app, String(a[0]));
      case 'golden': {
        if (!this.hooks.golden) throw uiError(17000005, 'matchesGolden needs `hmos test`');
        return this.hooks.golden(String(a[0]), app, await layoutApp(app));
      }
      default:
        if (fn.startsWith('component.')) return this.component(app, fn.slice('component.'.length), a[0] as ComponentRef, a.slice(1));
        throw uiError(17000005, `UNSUPPORTED_API: UiTest ${fn} is not available on hmos emulated devices`);
    }
  }

  private async findAll(app: App, on: OnMatcher[]): Promise<LayoutNode[]> {
    const page = await layoutApp(app);
    const nodes = visibleNodes(page).filter((n) => n.type !== 'Root');
    return nodes.filter((n, i) => matches(n, on, nodes, i, app));
  }

  private async find(app: App, on: OnMatcher[]): Promise<ComponentRef | null> {
    const [first] = await this.findAll(app, on);
    return first ? refOf(first, app) : null;
  }

  /** The component's node in a fresh layout (by element id, else by its last bounds). */
  private async locate(app: App, ref: ComponentRef): Promise<{ page: LaidOutPage; node: LayoutNode }> {
    const page = await layoutApp(app);
    const all = visibleNodes(page);
    const node = ref?.elmtId !== undefined ? all.find((n) => n.node?.elmtId === ref.elmtId) : all.find((n) => sameBounds(n, ref, app));
    if (!node) throw uiError(17000004, 'The component is no longer on the screen (it was removed or scrolled away)');
    return { page, node };
  }

  private async component(app: App, fn: string, ref: ComponentRef, args: any[]): Promise<unknown> {
    const { node } = await this.locate(app, ref);
    const d = app.device.profile.density;
    const rect = { left: Math.round(node.x * d), top: Math.round(node.y * d), right: Math.round((node.x + node.width) * d), bottom: Math.round((node.y + node.height) * d) };
    const center = { x: Math.round((rect.left + rect.right) / 2), y: Math.round((rect.top + rect.bottom) / 2) };
    switch (fn) {
      case 'click': return this.tap(app, center.x, center.y, 1, node);
      case 'target': return { ...targetOf(node, d), px: center.x, py: center.y };
      case 'doubleClick': return this.tap(app, center.x, center.y, 2, node);
      case 'getId': return node.id ?? '';
      case 'getText': return node.placeholder ? '' : node.text ?? '';
      case 'getType': return node.type;
      case 'getDescription': return String(node.node?.attrs.accessibilityDescription?.[0] ?? '');
      case 'getHint': return node.placeholder ? node.text ?? '' : String((node.node?.args[0] as { placeholder?: unknown } | undefined)?.placeholder ?? '');
      case 'is': return attribute(node, String(args[0]), app);
      case 'getBounds': return rect;
      case 'getBoundsCenter': return center;
      case 'inputText': await this.input(app, node, String(args[0]), !!args[1]); return undefined;
      case 'scrollTo': {
        const scroller = scrollableFrom(node) ?? node;
        if (scroller.node) { app.swipe(scroller.node, args[0] === 'top' ? -1e6 : 1e6); await app.settle(); }
        return undefined;
      }
      case 'scrollSearch': {
        for (let i = 0; i < 50; i++) {
          const found = await this.find(app, args[0]);
          if (found) return found;
          const { node: again } = await this.locate(app, ref);
          if (!again.node) return null;
          const before = again.node.scroll?.y ?? 0;
          app.swipe(again.node, 300);
          await app.settle();
          if ((again.node.scroll?.y ?? 0) === before) return this.find(app, args[0]);
        }
        return null;
      }
      case 'dragTo': {
        const target = await this.locate(app, args[0] as ComponentRef);
        const t = target.node;
        return this.swipe(app, center.x, center.y, Math.round((t.x + t.width / 2) * d), Math.round((t.y + t.height / 2) * d));
      }
      default: throw uiError(17000005, `UNSUPPORTED_API: UiTest Component.${fn} is not available on hmos emulated devices`);
    }
  }

  /** A tap at physical pixel (x, y): what is drawn there gets it, as a finger would (preview's click:x,y). */
  private async tap(app: App, x: number, y: number, times: number, _node?: LayoutNode): Promise<void> {
    const d = app.device.profile.density;
    for (let i = 0; i < times && !app.crash; i++) {
      try {
        await performAction(app, { kind: 'click', x: Number(x) / d, y: Number(y) / d });
      } catch (e) {
        if (e instanceof HmosError && e.code === 'NO_MATCH') return;
        throw e;
      }
    }
  }

  private async swipe(app: App, x1: number, y1: number, x2: number, y2: number): Promise<void> {
    const d = app.device.profile.density;
    const page = await layoutApp(app);
    const start = nodeAt(page, x1 / d, y1 / d);
    const scroller = start ? scrollableFrom(start, page) : undefined;
    const dx = (x2 - x1) / d; const dy = (y2 - y1) / d;
    if (!scroller?.node) return;
    const pager = scroller.node.type === 'Swiper' || scroller.node.type === 'Tabs';
    if (pager) {
      const vertical = scroller.node.attrs.vertical?.[0] === true;
      const delta = vertical ? dy : dx;
      if (Math.abs(delta) > 10) app.select(scroller.node, { by: delta < 0 ? 1 : -1 });
    } else {
      const delta = Math.abs(dy) >= Math.abs(dx) ? -dy : -dx;
      if (delta !== 0) app.swipe(scroller.node, delta);
    }
    await app.settle();
  }

  private async input(app: App, node: LayoutNode, text: string, append: boolean): Promise<void> {
    const target = node.node;
    if (!target) return;
    const current = append && !node.placeholder ? node.text ?? '' : '';
    app.inputText(target, current + text);
    await app.settle();
  }

  /** toastShow / dialogShow: resolves when one appears (polled on the device clock). */
  private async observe(app: App, type: string): Promise<unknown> {
    const want = type === 'toastShow' ? 'Toast' : type === 'dialogShow' ? 'Dialog' : undefined;
    if (!want) return { bundleName: app.bundleName, type, text: '' };
    for (let i = 0; i < 600; i++) {
      const shown = app.tree().children.find((c) => c.type === want);
      if (shown) return { bundleName: app.bundleName, type: want, text: String(shown.args[0] ?? '') };
      await app.device.clock.sleep(50);
    }
    return { bundleName: app.bundleName, type: want, text: '' };
  }
}

/** An element the realm delivers a gesture to: its element id (the nearest laid-out ancestor's) and its box in vp. */
function targetOf(n: LayoutNode, density: number): { id: number | null; x: number; y: number; width: number; height: number; density: number } {
  return { id: n.node?.elmtId ?? null, x: n.x + n.width / 2, y: n.y + n.height / 2, width: n.width, height: n.height, density };
}

function refOf(n: LayoutNode, app: App): ComponentRef {
  const d = app.device.profile.density;
  return { ...(n.node ? { elmtId: n.node.elmtId } : {}), bounds: [n.x * d, n.y * d, n.width * d, n.height * d] };
}

function sameBounds(n: LayoutNode, ref: ComponentRef, app: App): boolean {
  const d = app.device.profile.density;
  const b = ref?.bounds ?? [];
  return Math.abs(n.x * d - (b[0] ?? -1)) < 1 && Math.abs(n.y * d - (b[1] ?? -1)) < 1 && Math.abs(n.width * d - (b[2] ?? -1)) < 1 && Math.abs(n.height * d - (b[3] ?? -1)) < 1;
}

function textMatches(value: string | undefined, want: string, pattern = 0): boolean {
  const v = value ?? '';
  switch (pattern) {
    case 1: return v.includes(want);
    case 2: return v.startsWith(want);
    case 3: return v.endsWith(want);
    case 4: try { return new RegExp(want).test(v); } catch { return false; }
    case 5: try { return new RegExp(want, 'i').test(v); } catch { return false; }
    default: return v === want;
  }
}

function attribute(n: LayoutNode, k: string, _app: App): boolean {
  const a = n.node?.attrs ?? {};
  const opt = (n.node?.args[0] ?? {}) as Record<string, unknown>;
  switch (k) {
    case 'enabled': return a.enabled?.[0] !== false;
    case 'clickable': return typeof a.onClick?.[0] === 'function' || CLICKABLE.has(n.type) || a.gesture !== undefined;
    case 'longClickable': return a.gesture !== undefined || a.onLongPress !== undefined;
    case 'scrollable': return SCROLLABLE.has(n.type);
    case 'focused': return false;
    case 'selected': return a.selected?.[0] === true;
    case 'checkable': return CHECKABLE.has(n.type);
    case 'checked': {
      const bound = (v: unknown) => (v && typeof v === 'object' && 'value' in (v as object) ? (v as { value: unknown }).value : v);
      if (n.type === 'Toggle') return bound(opt.isOn) === true;
      if (n.type === 'Checkbox') return bound(a.select?.[0]) === true;
      if (n.type === 'Radio') return bound(a.checked?.[0]) === true;
      return false;
    }
    default: return false;
  }
}

function within(n: LayoutNode, outer: LayoutNode): boolean {
  for (let p = n.node?.parent; p; p = p.parent) if (p === outer.node) return true;
  return false;
}

function matches(n: LayoutNode, on: OnMatcher[], all: LayoutNode[], index: number, app: App): boolean {
  for (const m of on ?? []) {
    switch (m.k) {
      case 'text': if (!textMatches(n.placeholder ? '' : n.text, String(m.v), m.p)) return false; break;
      case 'id': if (!textMatches(n.id ?? (n.node?.attrs.id?.[0] as string | undefined) ?? (n.node?.attrs.key?.[0] as string | undefined), String(m.v), m.p)) return false; break;
      case 'type': if (!textMatches(n.type, TYPE_ALIASES[String(m.v)] ?? String(m.v), m.p)) return false; break;
      case 'description': if (!textMatches(String(n.node?.attrs.accessibilityDescription?.[0] ?? ''), String(m.v), m.p)) return false; break;
      case 'hint': if (!textMatches(n.placeholder ? n.text : String((n.node?.args[0] as { placeholder?: unknown } | undefined)?.placeholder ?? ''), String(m.v), m.p)) return false; break;
      case 'clickable': case 'longClickable': case 'scrollable': case 'enabled': case 'focused': case 'selected': case 'checked': case 'checkable':
        if (attribute(n, m.k, app) !== m.v) return false; break;
      case 'before': if (!all.some((o, j) => j > index && matches(o, m.on ?? [], all, j, app))) return false; break;
      case 'after': if (!all.some((o, j) => j < index && matches(o, m.on ?? [], all, j, app))) return false; break;
      case 'within': if (!all.some((o, j) => j !== index && matches(o, m.on ?? [], all, j, app) && within(n, o))) return false; break;
      case 'beforeRef': { const j = all.findIndex((o) => o.node?.elmtId === m.ref?.elmtId); if (j < 0 || index >= j) return false; break; }
      case 'afterRef': { const j = all.findIndex((o) => o.node?.elmtId === m.ref?.elmtId); if (j < 0 || index <= j) return false; break; }
      case 'withinRef': { const o = all.find((x) => x.node?.elmtId === m.ref?.elmtId); if (!o || !within(n, o)) return false; break; }
      case 'inWindow': if (m.v !== app.bundleName) return false; break;
      default: break;
    }
  }
  return true;
}

function describeOn(on: OnMatcher[]): string {
  return (on ?? []).map((m) => (m.on ? `${m.k}(${describeOn(m.on)})` : `${m.k}(${JSON.stringify(m.v ?? m.ref?.elmtId)})`)).join('.') || 'ON';
}

/** The scroll container a gesture starting on `n` moves: `n` or its nearest scrollable ancestor. */
function scrollableFrom(n: LayoutNode, _page?: LaidOutPage): LayoutNode | undefined {
  if (n.node && SCROLLABLE.has(n.node.type)) return n;
  for (let p = n.node?.parent; p; p = p.parent) if (SCROLLABLE.has(p.type)) return { ...n, type: p.type, node: p };
  return undefined;
}

/** How long UiTest waits for running animations (a page transition …) to end before it reads the screen. */
const UI_STEADY_MAX_MS = 2000;
/**
 * As uitest does on a device, an operation first waits until the UI is steady: the finite animations running now
 * (router and Navigation transitions, animateTo) end, if they end within UI_STEADY_MAX_MS of device time.
 */
async function waitForUiSteady(app: App): Promise<void> {
  const until = app.animation.until;
  if (until === null || !app.animation.active) return;
  const left = until - app.device.clock.now();
  if (left > UI_STEADY_MAX_MS) return;
  await app.finishAnimations();
}
