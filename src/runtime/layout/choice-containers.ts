/**
 * Layout of the containers that show one of several states and draw their own controls: Stepper (one StepperItem
 * at a time over a bar with its previous / next buttons), Panel (a sliding panel at the bottom in Mini / Half / Full
 * mode, with a drag bar) and NavRouter (its first child in place; its NavDestination is shown by the Navigation
 * around it while the router is active). The controls are parts (`part: { of, index }`): a click on one selects
 * `index` on its container — framework/container-components.ts says what that means for each.
 *
 * The user's choice is kept on the node (`selected`) while the app's own value (Stepper `index`, Panel `mode`) stays
 * what it was, as for Tabs; choiceOption() is that value.
 */
import type { UINode } from '../ui-node.js';
import type { AttributeReader } from './attributes.js';
import { parseColor } from './color.js';
import { measureText } from './text-measure.js';
import type { LayoutNode, VisualStyle } from './types.js';
import { toVp, type UnitContext } from './units.js';

interface FlowResult { nodes: LayoutNode[]; width: number; height: number }
/** What these arrangements need of the layout run (layout.ts passes itself). */
export interface ChoiceLayoutHost {
  flow(children: UINode[], w: number | undefined, h: number | undefined, opts: { direction?: 'column' | 'row'; stretch?: boolean; fill?: boolean }): FlowResult;
  moveShift(from: LayoutNode, to: LayoutNode): void;
  readonly r: AttributeReader;
  readonly ctx: UnitContext;
  readonly device: { width: number; height: number };
}

/** The app's own value of a Stepper (`index`) or Panel (`mode`); two-way bound forms give their value. */
export function choiceOption(n: UINode): unknown {
  const v = n.type === 'Stepper' ? (n.args[0] as { index?: unknown } | undefined)?.index : n.attrs.mode?.[0];
  return v && typeof v === 'object' && 'value' in (v as object) ? (v as { value: unknown }).value : v;
}

const chosen = (n: UINode, fromOption: (v: unknown) => number): number =>
  (n.selected && n.selected.option === choiceOption(n) ? n.selected.index : fromOption(choiceOption(n)));

export const PANEL_MODES = ['Mini', 'Half', 'Full'] as const;
export const PANEL_TYPES = ['Minibar', 'Foldable', 'Temporary', 'CUSTOM'] as const;
const nameOf = (v: unknown, names: readonly string[]): string | undefined =>
  (typeof v === 'number' ? names[v] : typeof v === 'string' && names.includes(v) ? v : undefined);

/** The Stepper's current item index. */
export function stepperIndex(n: UINode): number {
  return chosen(n, (v) => (typeof v === 'number' && Number.isFinite(v) ? Math.max(0, Math.floor(v)) : 0));
}

/** The Panel's type and mode names (a Minibar starts Mini, the others Half, as the platform's default). */
export function panelState(n: UINode): { type: string; mode: string } {
  const type = nameOf(n.attrs.type?.[0], PANEL_TYPES) ?? 'Foldable';
  const idx = chosen(n, (v) => {
    const name = nameOf(v, PANEL_MODES) ?? (type === 'Minibar' ? 'Mini' : 'Half');
    return PANEL_MODES.indexOf(name as (typeof PANEL_MODES)[number]);
  });
  return { type, mode: PANEL_MODES[idx] ?? 'Half' };
}

/** Whether a Panel is shown: `Panel(show)` and `.show(v)`. */
export function panelShown(n: UINode): boolean {
  const attr = n.attrs.show?.[0];
  const v = attr !== undefined ? attr : n.args[0];
  return v !== false;
}

/** Heights of the Panel's modes in vp (miniHeight 48, halfHeight half the window, fullHeight the window less 8). */
export function panelHeights(n: UINode, r: AttributeReader, ctx: UnitContext, windowH: number): Record<string, number> {
  const len = (name: string, dflt: number) => toVp(r.attr(n, name), ctx, windowH) ?? dflt;
  return { Mini: len('miniHeight', 48), Half: len('halfHeight', windowH / 2), Full: len('fullHeight', windowH - 8) };
}

const style = (over: Partial<VisualStyle>): VisualStyle => ({
  fontColor: parseColor('#ff182431')!, fontSize: 16, fontWeight: 'normal', textAlign: 'start', opacity: 1, borderRadius: 0,
  borderWidth: 0, ...over,
});

function textPart(text: string, of: UINode | undefined, index: number, x: number, y: number, w: number, h: number, color: string, align: 'start' | 'end'): LayoutNode {
  const m = measureText({ text, fontSize: 16 }, w);
  return {
    type: 'StepperButton', ...(of ? { part: { of, index } } : {}), text, lines: [text], lineHeight: 19.2,
    x, y: y + Math.max(0, (h - m.height) / 2), width: w, height: Math.min(h, Math.max(m.height, 20)),
    style: style({ fontColor: parseColor(color)!, textAlign: align }), visible: true, clip: false, children: [],
  };
}

const STEPPER_BAR = 56;
const ITEM_STATES = ['Normal', 'Disabled', 'Waiting', 'Skip'];
/** StepperItem `status` as a name (ItemState values or names). */
export function itemState(item: UINode | undefined): string {
  return (item && nameOf(item.attrs.status?.[0], ITEM_STATES)) ?? 'Normal';
}

/**
 * Stepper: the current StepperItem fills the box above a 56 vp bar; the bar has the item's prevLabel (not on the
 * first item) on the left and on the right its nextLabel — "Start" on the last item, "Skip" for ItemState.Skip, greyed
 * for Disabled, a loading mark for Waiting. Parts: left → index − 1, right → index + 1 (count: finish; the same
 * index: skip).
 */
export function arrangeStepper(host: ChoiceLayoutHost, ui: UINode, kids: UINode[], w: number | undefined, h: number | undefined): FlowResult {
  const W = w ?? host.device.width;
  const H = h ?? host.device.height;
  const items = kids.filter((k) => k.type === 'StepperItem');
  const index = Math.min(stepperIndex(ui), Math.max(0, items.length - 1));
  const item = items[index];
  const nodes: LayoutNode[] = [];
  if (item) {
    const f = host.flow([item], W, Math.max(0, H - STEPPER_BAR), { stretch: true, fill: true });
    nodes.push(...f.nodes);
  }
  const bar: LayoutNode = { type: 'StepperBar', x: 0, y: Math.max(0, H - STEPPER_BAR), width: W, height: STEPPER_BAR,
    style: style({}), visible: true, clip: true, children: [] };
  const label = (name: string, dflt: string) => host.r.str(host.r.attr(item ?? ui, name)) ?? dflt;
  const half = Math.max(0, W / 2 - 24);
  if (item && index > 0) bar.children.push(textPart(label('prevLabel', 'Back'), ui, index - 1, 16, 0, half, STEPPER_BAR, '#ff007dff', 'start'));
  if (item) {
    const state = itemState(item);
    const last = index === items.length - 1;
    if (state === 'Waiting') {
      bar.children.push({ type: 'LoadingProgress', x: W - 16 - 24, y: (STEPPER_BAR - 24) / 2, width: 24, height: 24, style: style({}),
        visible: true, clip: false, children: [] });
    } else if (state === 'Skip') {
      bar.children.push(textPart('Skip', ui, index, W / 2 + 8, 0, half, STEPPER_BAR, '#ff007dff', 'end'));
    } else {
      const text = label('nextLabel', last ? 'Start' : 'Next');
      const enabled = state !== 'Disabled';
      bar.children.push(textPart(text, enabled ? ui : undefined, last ? items.length : index + 1, W / 2 + 8, 0, half, STEPPER_BAR, enabled ? '#ff007dff' : '#66182431', 'end'));
    }
  }
  nodes.push(bar);
  return { nodes, width: W, height: H };
}

/**
 * Panel: fills its box; its content sits at the bottom in a rounded sheet as high as the mode says, under a drag bar
 * (a part: a click moves to the next mode — Minibar: Mini ↔ Full; Temporary: Half ↔ Full; Foldable / CUSTOM:
 * Mini → Half → Full → Mini). Not shown: nothing is drawn.
 */
export function arrangePanel(host: ChoiceLayoutHost, ui: UINode, kids: UINode[], w: number | undefined, h: number | undefined): FlowResult {
  const W = w ?? host.device.width;
  const H = h ?? host.device.height;
  if (!panelShown(ui)) return { nodes: [], width: W, height: H };
  const { type, mode } = panelState(ui);
  const heights = panelHeights(ui, host.r, host.ctx, host.device.height);
  const sheetH = Math.min(H, type === 'CUSTOM' ? heights.Half : heights[mode] ?? heights.Half);
  const dragBar = host.r.attr(ui, 'dragBar') !== false;
  const barH = dragBar ? 28 : 0;
  const sheet: LayoutNode = { type: 'PanelSheet', x: 0, y: H - sheetH, width: W, height: sheetH, visible: true, clip: true,
    style: style({ backgroundColor: parseColor('#ffffffff'), borderRadius: 32 }), children: [] };
  if (dragBar) {
    sheet.children.push({ type: 'PanelDragBar', part: { of: ui, index: PANEL_MODES.indexOf(nextPanelMode(type, mode) as (typeof PANEL_MODES)[number]) },
      x: 0, y: 0, width: W, height: barH, visible: true, clip: false, children: [
        { type: 'PanelDragBarHandle', x: W / 2 - 32, y: 12, width: 64, height: 4, visible: true, clip: false, children: [],
          style: style({ backgroundColor: parseColor('#33182431'), borderRadius: 2 }) },
      ], style: style({}) });
  }
  const f = host.flow(kids, W, Math.max(0, sheetH - barH), { direction: 'column' });
  for (const n of f.nodes) {
    const moved = { ...n, y: n.y + barH };
    host.moveShift(n, moved);
    sheet.children.push(moved);
  }
  return { nodes: [sheet], width: W, height: H };
}

/** The mode a click on the drag bar moves a Panel to. */
export function nextPanelMode(type: string, mode: string): string {
  if (type === 'Minibar') return mode === 'Full' ? 'Mini' : 'Full';
  if (type === 'Temporary') return mode === 'Full' ? 'Half' : 'Full';
  return mode === 'Mini' ? 'Half' : mode === 'Half' ? 'Full' : 'Mini';
}

/** NavRouter: its first child, in place (its NavDestination is the Navigation's to show). */
export function arrangeNavRouter(host: ChoiceLayoutHost, _ui: UINode, kids: UINode[], w: number | undefined, h: number | undefined): FlowResult {
  const link = kids.filter((k) => k.type !== 'NavDestination').slice(0, 1);
  const f = host.flow(link, w, h, { direction: 'column' });
  return { nodes: f.nodes, width: f.width, height: f.height };
}

/** The NavDestination of the active NavRouter inside a Navigation (not inside a nested Navigation). */
export function routedDestinations(nav: UINode): UINode[] {
  const out: UINode[] = [];
  if (!nav.active) return out; // the realm marks a Navigation whose NavRouter is active (framework/snapshot.ts)
  const walk = (n: UINode) => {
    for (const k of n.children) {
      if (k.type === 'Navigation') continue;
      if (k.type === 'NavRouter' && k.active) { const d = k.children.find((c) => c.type === 'NavDestination'); if (d) out.push(d); }
      walk(k);
    }
  };
  walk(nav);
  return out;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: ' ' };
/** What a RichText shows of its HTML (no browser engine): the text, block elements on lines of their own. */
export function htmlText(html: string): string {
  return html
    .replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, '')
    .replace(/<br\s*\/?>/gi, '\n')
    .replace(/<\/(p|div|h[1-6]|li|tr|section|article|header|footer)>/gi, '\n')
    .replace(/<[^>]*>/g, '')
    .replace(/&(#\d+|#x[0-9a-f]+|[a-z]+);/gi, (m, e: string) => {
      if (e[0] === '#') { const c = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1)); return Number.isFinite(c) && c > 0 && c < 0x110000 ? String.fromCodePoint(c) : m; }
      return ENTITIES[e.toLowerCase()] ?? m;
    })
    .split('\n').map((l) => l.replace(/\s+/g, ' ').trim()).filter(Boolean).join('\n');
}
