/**
 * What a container's own layout (stack.ts, relative-container.ts, grid.ts, grid-row.ts, tabs.ts, swiper.ts,
 * navigation.ts) gets of the layout run (layout.ts), and the small helpers they share with it. A container that is not
 * flexbox is a yoga leaf: its layout lays each child out in a flow of its own (`flow`) and places the results in its
 * content box (w × h; undefined = unbounded); with `final` false only the content size is needed (measuring).
 */
import { Alignment } from '../enums.js';
import type { DeviceProfile } from '../device-profile.js';
import type { UINode } from '../ui-node.js';
import type { AttributeReader } from './attributes.js';
import { parseColor, type Rgba } from './color.js';
import type { LayoutNode, VisualStyle } from './types.js';
import type { UnitContext } from './units.js';

export interface FlowResult {
  nodes: LayoutNode[];
  /** Extent of the children's margin boxes. */
  width: number;
  height: number;
}

export interface FlowOptions {
  direction?: 'column' | 'row';
  /** Stretch children across (width for a column) and, with `fill`, along the main axis. */
  stretch?: boolean;
  fill?: boolean;
}

export interface ContainerLayoutHost {
  /** Lays `children` out as one flexbox flow in a box (undefined = unbounded); nodes relative to the box. */
  flow(children: UINode[], boxW: number | undefined, boxH: number | undefined, opts: FlowOptions, align?: 'start' | 'center'): FlowResult;
  /** A laid-out node moved to `to`: its visual offset (offset/markAnchor) goes with it. */
  moveShift(from: LayoutNode, to: LayoutNode): void;
  readonly r: AttributeReader;
  readonly ctx: UnitContext;
  readonly device: DeviceProfile;
}

/** ArkUI's default text colour. */
export const FONT_COLOR = '#ff182431';

export function defaultStyle(): VisualStyle {
  return {
    borderWidth: 0, borderRadius: 0, opacity: 1, fontSize: 16, fontColor: parseColor(FONT_COLOR) as Rgba,
    fontWeight: 'normal', textAlign: 'start',
  };
}

/** Alignment.* → fractions of the free space (x, y); centre by default. */
export function alignmentFactors(a: unknown): [number, number] {
  const table: Record<number, [number, number]> = {
    [Alignment.TopStart]: [0, 0], [Alignment.Top]: [0.5, 0], [Alignment.TopEnd]: [1, 0],
    [Alignment.Start]: [0, 0.5], [Alignment.Center]: [0.5, 0.5], [Alignment.End]: [1, 0.5],
    [Alignment.BottomStart]: [0, 1], [Alignment.Bottom]: [0.5, 1], [Alignment.BottomEnd]: [1, 1],
  };
  return table[a as number] ?? [0.5, 0.5];
}

/** '1fr 2fr', 'repeat(3, 1fr)' → fractions. */
export function parseTemplate(t: string): number[] {
  const expanded = t.replace(/repeat\(\s*(\d+)\s*,\s*([^)]+)\)/g, (_, n: string, v: string) =>
    Array(Number(n)).fill(v.trim()).join(' '));
  const parts = expanded.trim().split(/\s+/).map((p) => parseFloat(p)).filter((n) => Number.isFinite(n) && n > 0);
  return parts.length ? parts : [1];
}

export function clampIndex(i: number, n: number): number {
  return n === 0 ? 0 : Math.max(0, Math.min(n - 1, Math.floor(i)));
}

/** The page a Tabs / Swiper shows: the user's choice while the app's `index` is unchanged (framework/app.ts). */
export function selectedIndex(host: ContainerLayoutHost, ui: UINode): number {
  const raw = ui.type === 'Tabs' ? ui.attrs.index?.[0] ?? (ui.args[0] as { index?: unknown } | undefined)?.index : ui.attrs.index?.[0];
  if (ui.selected && ui.selected.option === raw) return ui.selected.index;
  return host.r.num(host.r.resolve(raw)) ?? 0;
}
