/**
 * Layout: a UINode tree → a LayoutNode tree with page-relative bounds in vp, for one device profile.
 *
 * Linear and flex containers (Column, Row, Flex, List, Scroll …) become one yoga tree. Containers whose algorithm is
 * not flexbox (Stack, RelativeContainer, Grid, WaterFlow, Tabs, Swiper, Navigation, GridRow) are yoga LEAVES with a
 * measure function; their children are laid out in yoga trees of their own (`flow`) and placed by the container's own
 * module (stack.ts, relative-container.ts, grid.ts, grid-row.ts, tabs.ts, swiper.ts, navigation.ts). Results
 * of those sub-layouts are cached per (node, box) so measuring and placing lay a subtree out once per box size.
 *
 * yoga-layout is WebAssembly and loads asynchronously: `loadLayoutEngine()` once (cached), then `layoutPage` is
 * synchronous — the emulator lays out on every frame without awaiting.
 */
import type { Node as YogaNode, Yoga, MeasureMode as YogaMeasureMode } from 'yoga-layout/load';
import type { DeviceProfile } from '../device-profile.js';
import type { UINode } from '../ui-node.js';
import { FlexAlign, FlexDirection, FlexWrap, HorizontalAlign, ItemAlign, TextOverflow,
  VerticalAlign, Visibility, Axis, ScrollDirection, FontWeight, TextAlign } from '../enums.js';
import { parseColor } from './color.js';
import { AttributeReader, nodeId, plainAttrs } from './attributes.js';
import { componentSpec, INLINE_TYPES, type ComponentSpec } from './components.js';
import { defaultStyle, FONT_COLOR, type ContainerLayoutHost, type FlowOptions, type FlowResult } from './container-host.js';
import { arrangeGrid } from './grid.js';
import { arrangeGridRow } from './grid-row.js';
import { arrangeNavigation } from './navigation.js';
import { arrangeRelative } from './relative-container.js';
import { arrangeStack } from './stack.js';
import { arrangeSwiper } from './swiper.js';
import { arrangeTabs } from './tabs.js';
import { arrangeNavRouter, arrangePanel, arrangeStepper, htmlText } from './choice-containers.js';
import { measureText } from './text-measure.js';
import type { ImageSource, LaidOutPage, LayoutNode, ResourceResolver, VisualStyle } from './types.js';
import { fontSizeToVp, parseEdges, parseLength, toVp, type Edges, type UnitContext } from './units.js';

type YogaModule = typeof import('yoga-layout/load');

export interface LayoutEngine {
  yoga: Yoga;
  Y: YogaModule;
}

let enginePromise: Promise<LayoutEngine> | undefined;
let loadedEngine: LayoutEngine | undefined;

/** Loads yoga's WASM once per process. */
export function loadLayoutEngine(): Promise<LayoutEngine> {
  enginePromise ??= import('yoga-layout/load').then(async (Y) => (loadedEngine = { Y, yoga: await withoutFetch(() => Y.loadYoga()) }));
  return enginePromise;
}

/**
 * Runs `start` with no global `fetch`. yoga's Emscripten loader gets its WebAssembly, a base64 `data:` URL in its own
 * source, with `fetch` when there is one, and decodes it directly when there is none (the same bytes). In Node,
 * `fetch` is undici, loaded on first use: its first call cost every device thread ~130 ms of CPU and undici's code
 * and objects in its heap, for nothing else. The loader reads `fetch` only while it is called (before it awaits).
 */
function withoutFetch<T>(start: () => T): T {
  const saved = Object.getOwnPropertyDescriptor(globalThis, 'fetch');
  if (!saved?.configurable) return start();
  delete (globalThis as { fetch?: unknown }).fetch;
  try {
    return start();
  } finally {
    Object.defineProperty(globalThis, 'fetch', saved);
  }
}

/** The engine, once loadLayoutEngine() has loaded it (synchronous layouts, e.g. the inspector API, need it at once). */
export function loadedLayoutEngine(): LayoutEngine | undefined {
  return loadedEngine;
}

export interface LayoutOptions {
  /** Resolves `$r(...)` values (identity by default). */
  resolve?: ResourceResolver;
  /** Page path for the JSON contract ('pages/Index'). */
  page?: string;
  /** System font scale for fp (default 1). */
  fontScale?: number;
  /** Image sources to pictures (kept on the page for the renderers). */
  image?: ImageSource;
}

/** Lays out `root` (the page's top built-in node) on `device`. */
export function layoutPage(engine: LayoutEngine, root: UINode, device: DeviceProfile, opts: LayoutOptions = {}):
LaidOutPage {
  const run = new LayoutRun(engine, device, opts);
  const page = run.layoutRoot(root);
  return { device, page: opts.page ?? 'pages/Index', root: page, ...(opts.image ? { image: opts.image } : {}) };
}

/** Convenience: load the engine, then lay out. */
export async function layoutTree(root: UINode, device: DeviceProfile, opts: LayoutOptions = {}): Promise<LaidOutPage> {
  return layoutPage(await loadLayoutEngine(), root, device, opts);
}

interface Ref {
  w?: number;
  h?: number;
}

type Built = { yn: YogaNode; ui: UINode; spec: ComponentSpec; children: Built[] };

const LIST_TYPES = new Set(['List', 'ListItemGroup']);

class LayoutRun {
  private readonly Y: YogaModule;
  private readonly yoga: Yoga;
  private readonly ctx: UnitContext;
  private readonly r: AttributeReader;
  private readonly config;
  private readonly flowCache = new Map<UINode, Map<string, FlowResult>>();
  /** Visual offsets (offset/markAnchor) applied after layout, per node. */
  private readonly shifts = new Map<LayoutNode, { dx: number; dy: number; sx?: number; sy?: number }>();

  constructor(engine: LayoutEngine, private readonly device: DeviceProfile, opts: LayoutOptions) {
    this.Y = engine.Y;
    this.yoga = engine.yoga;
    this.ctx = { density: device.density, windowWidth: device.width, fontScale: opts.fontScale ?? 1 };
    this.r = new AttributeReader(opts.resolve ?? ((v) => v));
    this.config = this.yoga.Config.create();
    // No pixel snapping: bounds follow the text model exactly (renderers snap when they draw).
    this.config.setPointScaleFactor(0);
  }

  layoutRoot(root: UINode): LayoutNode {
    clearLayout(root); // nodes not shown this time (other tabs, swiper pages) must not keep old bounds
    const W = this.device.width;
    const H = this.device.height;
    let out: LayoutNode;
    if (root.type === 'Root') {
      // The runtime's screen: the visible page's nodes, then open dialogs and toasts on top.
      out = { type: 'Root', node: root, x: 0, y: 0, width: W, height: H, style: defaultStyle(), visible: true,
        clip: true, children: [] };
      // Where each kind of overlay sits: dialogs, popups and menus centred; toasts near the bottom; sheets at the
      // bottom; content covers over the whole window. Modal ones dim the page behind.
      const PLACE: Record<string, { at: 'center' | 'bottom' | 'toast' | 'top'; scrim: boolean }> = {
        Dialog: { at: 'center', scrim: true }, Toast: { at: 'toast', scrim: false }, Sheet: { at: 'bottom', scrim: true },
        ContentCover: { at: 'top', scrim: false }, Popup: { at: 'center', scrim: false }, MenuPopup: { at: 'center', scrim: false },
      };
      for (const child of root.children) {
        const place = PLACE[child.type];
        const flow = this.flow([child], W, H, { direction: 'column' }, 'center');
        if (place?.scrim) {
          out.children.push({ type: 'Scrim', x: 0, y: 0, width: W, height: H,
            style: { ...defaultStyle(), backgroundColor: parseColor('#33000000') }, visible: true, clip: false, children: [] });
        }
        for (const n of flow.nodes) {
          if (place?.at === 'center') n.y += (H - flow.height) / 2;
          else if (place?.at === 'toast') n.y += H - flow.height - 64;
          else if (place?.at === 'bottom') n.y += H - flow.height;
          out.children.push(n);
        }
      }
    } else {
      // The page's root component sits at the top, centred horizontally; percentages are of the window.
      const flow = this.flow([root], W, H, { direction: 'column' }, 'center');
      // A root that is Visibility.None leaves an empty page.
      out = flow.nodes[0] ?? { type: 'Page', x: 0, y: 0, width: W, height: H, style: defaultStyle(), visible: true,
        clip: true, children: [] };
    }
    this.absolutize(out, 0, 0, 0, 0);
    this.config.free();
    return out;
  }

  // ---- yoga tree construction ----------------------------------------------------------------------------------

  /**
   * `ref` is the size percentages refer to: ArkUI takes a percentage of the parent's size, or — when the parent
   * wraps its content — of the parent's own constraint, so percentages are resolved here rather than by yoga
   * (which would treat '100%' of an auto-sized parent as auto).
   */
  private build(ui: UINode, parentKind: string, ref: Ref): Built | undefined {
    const Y = this.Y;
    if (this.r.attr(ui, 'visibility') === Visibility.None) return undefined;
    const visibleChildren = ui.children.filter((c) => !INLINE_TYPES.has(c.type));
    const spec = componentSpec(ui.type, visibleChildren.length > 0);
    const yn = this.yoga.Node.create(this.config);
    const built: Built = { yn, ui, spec, children: [] };
    const childRef = this.applyCommon(yn, ui, spec, parentKind, ref);
    switch (spec.kind) {
      case 'column':
      case 'row':
      case 'flex':
      case 'scroll':
        this.applyContainer(yn, ui, spec);
        for (const c of visibleChildren) {
          const b = this.build(c, spec.kind === 'flex' ? 'flex' : 'linear', childRef);
          if (b) {
            if (LIST_TYPES.has(ui.type) && (c.type === 'ListItem' || c.type === 'ListItemGroup')) this.fillListCross(b, ui);
            yn.insertChild(b.yn, yn.getChildCount());
            built.children.push(b);
          }
        }
        if (spec.kind !== 'scroll') this.fillForWeights(built, ref);
        if (spec.kind === 'flex') this.stretchFlexItems(built);
        break;
      case 'text':
        yn.setMeasureFunc((w, wm) => {
          const t = this.textOf(ui);
          const m = measureText(this.textInput(ui, t.text), wm === Y.MeasureMode.Undefined ? undefined : w);
          return { width: wm === Y.MeasureMode.Exactly ? w : Math.ceil(m.width * 100) / 100, height: m.height };
        });
        break;
      case 'leaf':
        break;
      default:
        yn.setMeasureFunc((w, wm, h, hm) => this.measureSpecial(ui, spec, w, wm, h, hm));
    }
    return built;
  }

  /**
   * ArkUI's Flex stretches an item (alignItems or alignSelf Stretch) to its line's cross size even when the item sets
   * its own cross size (FlexLayoutAlgorithm gives it the line's cross size as its ideal size); Yoga stretches only
   * items whose cross size is auto. So such an item's cross size is made auto: with a definite single line that is the
   * container's; otherwise the item's own size stays its minimum, so the line is as tall as its tallest item.
   */
  private stretchFlexItems(b: Built): void {
    const Y = this.Y;
    const row = b.yn.getFlexDirection() === Y.FlexDirection.Row || b.yn.getFlexDirection() === Y.FlexDirection.RowReverse;
    const containerItems = b.yn.getAlignItems();
    const ownCross = row ? b.yn.getHeight() : b.yn.getWidth();
    const definiteLine = ownCross.unit === Y.Unit.Point && b.yn.getFlexWrap() === Y.Wrap.NoWrap;
    for (const c of b.children) {
      const self = c.yn.getAlignSelf();
      if ((self === Y.Align.Auto ? containerItems : self) !== Y.Align.Stretch) continue;
      const cross = row ? c.yn.getHeight() : c.yn.getWidth();
      if (cross.unit !== Y.Unit.Point) continue;
      if (!definiteLine) {
        if (row) c.yn.setMinHeight(Math.max(cross.value, c.yn.getMinHeight().unit === Y.Unit.Point ? c.yn.getMinHeight().value : 0));
        else c.yn.setMinWidth(Math.max(cross.value, c.yn.getMinWidth().unit === Y.Unit.Point ? c.yn.getMinWidth().value : 0));
      }
      if (row) c.yn.setHeight('auto');
      else c.yn.setWidth('auto');
    }
  }

  /** ArkUI: a ListItem / ListItemGroup without its own cross-axis size is as wide (as tall, in a horizontal List)
   *  as the List's content box, whatever its children measure. */
  private fillListCross(item: Built, list: UINode): void {
    const horizontal = list.type === 'List' && this.r.attr(list, 'listDirection') === Axis.Horizontal;
    const size = this.r.attr(item.ui, 'size') as Record<string, unknown> | undefined;
    const cross = horizontal ? this.r.attr(item.ui, 'height') ?? size?.height : this.r.attr(item.ui, 'width') ?? size?.width;
    if (cross === undefined) item.yn.setAlignSelf(this.Y.Align.Stretch);
  }

  /**
   * ArkUI: a Row/Column with layoutWeight children and no size of its own along its main axis takes all the space
   * its parent offers there (the weighted children share what the others leave). Without this the container wraps
   * its content, leaves no free space, and the weighted children collapse to 0.
   */
  private fillForWeights(b: Built, ref: Ref): void {
    const weighted = b.children.some((c) => (this.r.num(this.r.attr(c.ui, 'layoutWeight')) ?? 0) > 0);
    if (!weighted) return;
    const row = b.yn.getFlexDirection() === this.Y.FlexDirection.Row || b.yn.getFlexDirection() === this.Y.FlexDirection.RowReverse;
    const size = this.r.attr(b.ui, 'size') as Record<string, unknown> | undefined;
    const own = row ? this.r.attr(b.ui, 'width') ?? size?.width ?? b.spec.width : this.r.attr(b.ui, 'height') ?? size?.height ?? b.spec.height;
    const weightedSelf = (this.r.num(this.r.attr(b.ui, 'layoutWeight')) ?? 0) > 0;
    const avail = row ? ref.w : ref.h;
    if (own !== undefined || weightedSelf || avail === undefined) return;
    const margin = parseEdges(this.r.attr(b.ui, 'margin'), this.ctx, ref.w);
    const m = row ? (margin?.left ?? 0) + (margin?.right ?? 0) : (margin?.top ?? 0) + (margin?.bottom ?? 0);
    if (row) b.yn.setWidth(Math.max(0, avail - m));
    else b.yn.setHeight(Math.max(0, avail - m));
  }

  private setLength(
    yn: YogaNode, setter: 'setWidth' | 'setHeight' | 'setMinWidth' | 'setMaxWidth' | 'setMinHeight' | 'setMaxHeight' |
    'setFlexBasis', value: unknown, base?: number,
  ): number | 'auto' | 'percent' | undefined {
    const l = parseLength(value, this.ctx);
    if (!l) return undefined;
    if (l.kind === 'auto') {
      if (setter === 'setWidth' || setter === 'setHeight' || setter === 'setFlexBasis') yn[setter]('auto');
      return 'auto';
    }
    if (l.kind === 'percent') {
      if (base === undefined) {
        yn[setter](`${l.value}%`);
        return 'percent';
      }
      const v = (l.value / 100) * base;
      yn[setter](v);
      return v;
    }
    yn[setter](l.value);
    return l.value;
  }

  private setEdges(yn: YogaNode, which: 'setPadding' | 'setMargin', value: unknown): boolean {
    if (value === undefined) return false;
    const E = this.Y.Edge;
    const sides: [number, unknown][] = [];
    if (value && typeof value === 'object') {
      const o = value as Record<string, unknown>;
      sides.push([E.Top, o.top], [E.Right, o.right ?? o.end], [E.Bottom, o.bottom], [E.Left, o.left ?? o.start]);
    } else {
      sides.push([E.All, value]);
    }
    for (const [edge, v] of sides) {
      const l = parseLength(v, this.ctx);
      if (!l || l.kind === 'auto') continue;
      yn[which](edge, l.kind === 'percent' ? `${l.value}%` : l.value);
    }
    return true;
  }

  /** Applies the common attributes; returns the percentage reference for the node's children. */
  private applyCommon(yn: YogaNode, ui: UINode, spec: ComponentSpec, parentKind: string, ref: Ref): Ref {
    const Y = this.Y;
    const r = this.r;
    const size = r.attr(ui, 'size') as Record<string, unknown> | undefined;
    let w = this.setLength(yn, 'setWidth', r.attr(ui, 'width') ?? size?.width, ref.w);
    let h = this.setLength(yn, 'setHeight', r.attr(ui, 'height') ?? size?.height, ref.h);
    const hasW = w !== undefined;
    const hasH = h !== undefined;
    if (!hasW && spec.width !== undefined) w = this.setLength(yn, 'setWidth', spec.width, ref.w);
    if (!hasH && spec.height !== undefined) h = this.setLength(yn, 'setHeight', spec.height, ref.h);
    if (ui.type === 'Divider') {
      const vertical = r.attr(ui, 'vertical') === true;
      const stroke = toVp(r.attr(ui, 'strokeWidth'), this.ctx) ?? 1;
      if (vertical) {
        if (!hasW) yn.setWidth(stroke);
        if (!hasH) yn.setAlignSelf(Y.Align.Stretch);
      } else {
        if (!hasH) yn.setHeight(stroke);
        if (!hasW) yn.setAlignSelf(Y.Align.Stretch);
      }
    }
    if (ui.type === 'Toggle' && ui.children.length === 0) {
      const t = r.option(ui, 'type');
      if ((t === 0 || t === 2) && !hasW && !hasH) {
        yn.setWidth(20);
        yn.setHeight(20);
      }
    }
    if (ui.type === 'Progress') {
      const t = r.option(ui, 'type');
      if (t === 1 || t === 2 || t === 3) {
        if (!hasW) yn.setWidth(40);
        if (!hasH) yn.setHeight(40);
      } else if (t === 4) {
        if (!hasW) yn.setWidth(100);
        if (!hasH) yn.setHeight(28);
      }
    }
    if (ui.type === 'Blank') {
      const min = toVp(r.arg(ui), this.ctx);
      if (min !== undefined) yn.setMinWidth(min);
    }
    if (spec.minHeight !== undefined && !hasH) yn.setMinHeight(spec.minHeight);
    const cs = r.attr(ui, 'constraintSize') as Record<string, unknown> | undefined;
    if (cs && typeof cs === 'object') {
      this.setLength(yn, 'setMinWidth', cs.minWidth, ref.w);
      this.setLength(yn, 'setMaxWidth', cs.maxWidth, ref.w);
      this.setLength(yn, 'setMinHeight', cs.minHeight, ref.h);
      this.setLength(yn, 'setMaxHeight', cs.maxHeight, ref.h);
    }
    const padAttr = r.attr(ui, 'padding');
    if (!this.setEdges(yn, 'setPadding', padAttr) && spec.padding) {
      yn.setPadding(Y.Edge.Vertical, spec.padding[0]);
      yn.setPadding(Y.Edge.Horizontal, spec.padding[1]);
    }
    const marginAttr = r.attr(ui, 'margin');
    this.setEdges(yn, 'setMargin', marginAttr);
    const bw = this.borderWidth(ui, spec);
    const pad = parseEdges(padAttr, this.ctx, ref.w) ??
      (spec.padding ? { top: spec.padding[0], bottom: spec.padding[0], left: spec.padding[1], right: spec.padding[1] } : undefined);
    const margin = parseEdges(marginAttr, this.ctx, ref.w);
    const inner = (own: number | 'auto' | 'percent' | undefined, outer: number | undefined, a: number, b2: number) => {
      const base = typeof own === 'number' ? own : outer === undefined ? undefined : outer - a;
      return base === undefined ? undefined : Math.max(0, base - b2);
    };
    const childRef: Ref = {
      w: inner(w, ref.w, (margin?.left ?? 0) + (margin?.right ?? 0),
        (pad?.left ?? 0) + (pad?.right ?? 0) + (bw?.left ?? 0) + (bw?.right ?? 0)),
      h: inner(h, ref.h, (margin?.top ?? 0) + (margin?.bottom ?? 0),
        (pad?.top ?? 0) + (pad?.bottom ?? 0) + (bw?.top ?? 0) + (bw?.bottom ?? 0)),
    };
    if (bw) {
      yn.setBorder(Y.Edge.Top, bw.top);
      yn.setBorder(Y.Edge.Right, bw.right);
      yn.setBorder(Y.Edge.Bottom, bw.bottom);
      yn.setBorder(Y.Edge.Left, bw.left);
    }
    // Linear layout children keep their size (ArkUI does not shrink them); Flex children shrink like CSS.
    yn.setFlexShrink(parentKind === 'flex' ? 1 : 0);
    if (spec.kind === 'scroll') yn.setFlexShrink(1);
    if (spec.flexGrow !== undefined) yn.setFlexGrow(spec.flexGrow);
    const weight = r.num(r.attr(ui, 'layoutWeight'));
    if (weight !== undefined && weight > 0 && parentKind !== 'none') {
      yn.setFlexGrow(weight);
      yn.setFlexShrink(1);
      yn.setFlexBasis(0);
    }
    const grow = r.num(r.attr(ui, 'flexGrow'));
    if (grow !== undefined) yn.setFlexGrow(grow);
    const shrink = r.num(r.attr(ui, 'flexShrink'));
    if (shrink !== undefined) yn.setFlexShrink(shrink);
    this.setLength(yn, 'setFlexBasis', r.attr(ui, 'flexBasis'), parentKind === 'flex' ? ref.w : undefined);
    const alignSelf = r.attr(ui, 'alignSelf');
    if (alignSelf !== undefined) yn.setAlignSelf(this.itemAlign(alignSelf, Y.Align.Auto));
    const ratio = r.num(r.attr(ui, 'aspectRatio'));
    if (ratio !== undefined && ratio > 0) yn.setAspectRatio(ratio);
    const pos = r.attr(ui, 'position') as Record<string, unknown> | undefined;
    if (pos && typeof pos === 'object') {
      yn.setPositionType(Y.PositionType.Absolute);
      const set = (edge: number, v: unknown) => {
        const l = parseLength(v, this.ctx);
        if (l && l.kind !== 'auto') yn.setPosition(edge, l.kind === 'percent' ? `${l.value}%` : l.value);
      };
      set(Y.Edge.Left, pos.x ?? pos.left ?? (pos.x === undefined && pos.right === undefined ? 0 : undefined));
      set(Y.Edge.Top, pos.y ?? pos.top ?? (pos.y === undefined && pos.bottom === undefined ? 0 : undefined));
      set(Y.Edge.Right, pos.right);
      set(Y.Edge.Bottom, pos.bottom);
    }
    return childRef;
  }

  private borderWidth(ui: UINode, spec: ComponentSpec): Edges | undefined {
    const border = this.r.attr(ui, 'border') as Record<string, unknown> | undefined;
    const w = this.r.attr(ui, 'borderWidth') ?? (border && typeof border === 'object' ? border.width : undefined);
    return parseEdges(w, this.ctx) ?? (spec.borderWidth ? parseEdges(spec.borderWidth, this.ctx) : undefined);
  }

  private flexAlign(v: unknown, fallback: number): number {
    const J = this.Y.Justify;
    switch (v) {
      case FlexAlign.Start: return J.FlexStart;
      case FlexAlign.Center: return J.Center;
      case FlexAlign.End: return J.FlexEnd;
      case FlexAlign.SpaceBetween: return J.SpaceBetween;
      case FlexAlign.SpaceAround: return J.SpaceAround;
      case FlexAlign.SpaceEvenly: return J.SpaceEvenly;
      default: return fallback;
    }
  }

  private itemAlign(v: unknown, fallback: number): number {
    const A = this.Y.Align;
    switch (v) {
      case ItemAlign.Auto: return A.Auto;
      case ItemAlign.Start: return A.FlexStart;
      case ItemAlign.Center: return A.Center;
      case ItemAlign.End: return A.FlexEnd;
      case ItemAlign.Stretch: return A.Stretch;
      case ItemAlign.Baseline: return A.Baseline;
      default: return fallback;
    }
  }

  private defaultAlign(spec: ComponentSpec): number {
    const A = this.Y.Align;
    return { start: A.FlexStart, center: A.Center, end: A.FlexEnd, stretch: A.Stretch }[spec.align ?? 'start'];
  }

  private applyContainer(yn: YogaNode, ui: UINode, spec: ComponentSpec): void {
    const Y = this.Y;
    const r = this.r;
    const A = Y.Align;
    if (spec.kind === 'flex') {
      const dir = r.option(ui, 'direction');
      yn.setFlexDirection(({
        [FlexDirection.Row]: Y.FlexDirection.Row, [FlexDirection.Column]: Y.FlexDirection.Column,
        [FlexDirection.RowReverse]: Y.FlexDirection.RowReverse,
        [FlexDirection.ColumnReverse]: Y.FlexDirection.ColumnReverse,
      } as Record<number, number>)[dir as number] ?? Y.FlexDirection.Row);
      const wrap = r.option(ui, 'wrap');
      yn.setFlexWrap(wrap === FlexWrap.Wrap ? Y.Wrap.Wrap : wrap === FlexWrap.WrapReverse ? Y.Wrap.WrapReverse : Y.Wrap.NoWrap);
      yn.setJustifyContent(this.flexAlign(r.option(ui, 'justifyContent'), Y.Justify.FlexStart));
      // ItemAlign.Auto on the container means the Flex default (Start); Yoga has no container-level Auto.
      const items = r.option(ui, 'alignItems');
      yn.setAlignItems(items === ItemAlign.Auto ? A.FlexStart : this.itemAlign(items, A.FlexStart));
      const ac = r.option(ui, 'alignContent');
      yn.setAlignContent(({
        [FlexAlign.Start]: A.FlexStart, [FlexAlign.Center]: A.Center, [FlexAlign.End]: A.FlexEnd,
        [FlexAlign.SpaceBetween]: A.SpaceBetween, [FlexAlign.SpaceAround]: A.SpaceAround,
        [FlexAlign.SpaceEvenly]: A.SpaceEvenly, [FlexAlign.Stretch]: A.Stretch,
      } as Record<number, number>)[ac as number] ?? A.FlexStart);
      const space = r.option(ui, 'space') as Record<string, unknown> | undefined;
      if (space && typeof space === 'object') {
        const main = toVp(space.main, this.ctx);
        const cross = toVp(space.cross, this.ctx);
        const isRow = dir === undefined || dir === FlexDirection.Row || dir === FlexDirection.RowReverse;
        if (main !== undefined) yn.setGap(isRow ? Y.Gutter.Column : Y.Gutter.Row, main);
        if (cross !== undefined) yn.setGap(isRow ? Y.Gutter.Row : Y.Gutter.Column, cross);
      }
      return;
    }
    const horizontal = spec.kind === 'row' ||
      (ui.type === 'List' && r.attr(ui, 'listDirection') === Axis.Horizontal) ||
      (ui.type === 'Scroll' && r.attr(ui, 'scrollable') === ScrollDirection.Horizontal);
    yn.setFlexDirection(horizontal ? Y.FlexDirection.Row : Y.FlexDirection.Column);
    const space = toVp(r.option(ui, 'space'), this.ctx);
    if (space !== undefined) yn.setGap(Y.Gutter.All, space);
    yn.setJustifyContent(this.flexAlign(r.attr(ui, 'justifyContent'), Y.Justify.FlexStart));
    const ai = r.attr(ui, 'alignItems');
    let align = this.defaultAlign(spec);
    if (ui.type === 'List' || ui.type === 'ListItemGroup') {
      // List's alignListItem(ListItemAlign.Start|Center|End) = 0|1|2.
      const li = r.attr(ui, 'alignListItem');
      if (li === 1) align = A.Center;
      else if (li === 2) align = A.FlexEnd;
    } else if (ai !== undefined) {
      if (horizontal) {
        align = ai === VerticalAlign.Top ? A.FlexStart : ai === VerticalAlign.Bottom ? A.FlexEnd
          : ai === VerticalAlign.Center ? A.Center : align;
      } else {
        align = ai === HorizontalAlign.Start ? A.FlexStart : ai === HorizontalAlign.End ? A.FlexEnd
          : ai === HorizontalAlign.Center ? A.Center : align;
      }
    }
    yn.setAlignItems(align);
    if (spec.kind === 'scroll') yn.setOverflow(Y.Overflow.Scroll);
  }

  // ---- sub-layouts --------------------------------------------------------------------------------------------------

  /** Lays children out in their own yoga tree inside a box of (boxW × boxH); undefined = unbounded. */
  private flow(children: UINode[], boxW: number | undefined, boxH: number | undefined, opts: FlowOptions,
    align: 'start' | 'center' = 'start'): FlowResult {
    const key = children.length === 1
      ? `${boxW}|${boxH}|${opts.direction ?? 'column'}|${opts.stretch ? 1 : 0}|${opts.fill ? 1 : 0}|${align}` : undefined;
    if (key) {
      const hit = this.flowCache.get(children[0])?.get(key);
      if (hit) return hit;
    }
    const Y = this.Y;
    const wrapper = this.yoga.Node.create(this.config);
    wrapper.setFlexDirection(opts.direction === 'row' ? Y.FlexDirection.Row : Y.FlexDirection.Column);
    wrapper.setAlignItems(opts.stretch ? Y.Align.Stretch : align === 'center' ? Y.Align.Center : Y.Align.FlexStart);
    if (boxW !== undefined) wrapper.setWidth(Math.max(0, boxW));
    if (boxH !== undefined) wrapper.setHeight(Math.max(0, boxH));
    const built: Built[] = [];
    for (const c of children) {
      const b = this.build(c, 'none', { w: boxW, h: boxH });
      if (!b) continue;
      if (opts.fill) {
        // Fill the main axis unless the child sets its own size there.
        const mainSet = opts.direction === 'row' ? c.attrs.width : c.attrs.height;
        if (!mainSet) b.yn.setFlexGrow(1);
      }
      wrapper.insertChild(b.yn, wrapper.getChildCount());
      built.push(b);
    }
    wrapper.calculateLayout(boxW ?? 'auto', boxH ?? 'auto', Y.Direction.LTR);
    // displayPriority: while a Row/Column overflows, drop its lowest-priority children and lay out again.
    for (let round = 0; round < 16 && built.some((b) => this.dropLowPriority(b)); round++) {
      wrapper.calculateLayout(boxW ?? 'auto', boxH ?? 'auto', Y.Direction.LTR);
    }
    const nodes: LayoutNode[] = [];
    let width = 0;
    let height = 0;
    for (const b of built) {
      const n = this.read(b);
      nodes.push(n);
      if (b.yn.getPositionType() !== Y.PositionType.Absolute) {
        width = Math.max(width, n.x + n.width + b.yn.getComputedMargin(Y.Edge.Right));
        height = Math.max(height, n.y + n.height + b.yn.getComputedMargin(Y.Edge.Bottom));
      }
    }
    if (opts.direction === 'row') width = wrapper.getComputedWidth();
    else height = Math.max(height, boxH === undefined ? wrapper.getComputedHeight() : 0);
    wrapper.freeRecursive();
    const result = { nodes, width, height };
    if (key) {
      let m = this.flowCache.get(children[0]);
      if (!m) this.flowCache.set(children[0], (m = new Map()));
      m.set(key, result);
    }
    return result;
  }

  /**
   * ArkUI's displayPriority (Row, Column, single-line Flex): when the children do not fit along the main axis, the
   * children of the lowest priority are not shown. Hides one priority group of the first overflowing container
   * found under `b`; true when it changed something (the caller lays out again).
   */
  private dropLowPriority(b: Built): boolean {
    const Y = this.Y;
    const linear = b.spec.kind === 'column' || b.spec.kind === 'row' ||
      (b.spec.kind === 'flex' && b.yn.getFlexWrap() === Y.Wrap.NoWrap);
    const shown = b.children.filter((c) => c.yn.getDisplay() !== Y.Display.None);
    const prio = (c: Built) => this.r.num(this.r.attr(c.ui, 'displayPriority')) ?? 1;
    if (linear && shown.some((c) => c.ui.attrs.displayPriority)) {
      const row = b.yn.getFlexDirection() === Y.FlexDirection.Row || b.yn.getFlexDirection() === Y.FlexDirection.RowReverse;
      const E = Y.Edge;
      const content = row
        ? b.yn.getComputedWidth() - b.yn.getComputedPadding(E.Left) - b.yn.getComputedPadding(E.Right) -
          b.yn.getComputedBorder(E.Left) - b.yn.getComputedBorder(E.Right)
        : b.yn.getComputedHeight() - b.yn.getComputedPadding(E.Top) - b.yn.getComputedPadding(E.Bottom) -
          b.yn.getComputedBorder(E.Top) - b.yn.getComputedBorder(E.Bottom);
      const gap = b.yn.getGap(Y.Gutter.All).value;
      const used = shown.reduce((sum, c) => sum + (row
        ? c.yn.getComputedWidth() + c.yn.getComputedMargin(E.Left) + c.yn.getComputedMargin(E.Right)
        : c.yn.getComputedHeight() + c.yn.getComputedMargin(E.Top) + c.yn.getComputedMargin(E.Bottom)), 0) +
        (Number.isFinite(gap) ? gap : 0) * Math.max(0, shown.length - 1);
      if (used > content + 0.01) {
        const lowest = Math.min(...shown.map(prio));
        if (shown.some((c) => prio(c) > lowest)) {
          for (const c of shown) if (prio(c) === lowest) c.yn.setDisplay(Y.Display.None);
          return true;
        }
      }
    }
    return b.children.some((c) => this.dropLowPriority(c));
  }

  private measureSpecial(ui: UINode, spec: ComponentSpec, w: number, wm: YogaMeasureMode, h: number,
    hm: YogaMeasureMode): { width: number; height: number } {
    const MM = this.Y.MeasureMode;
    const availW = wm === MM.Undefined ? undefined : w;
    const availH = hm === MM.Undefined ? undefined : h;
    const content = this.arrange(ui, spec, availW, availH, false);
    const fit = (v: number, avail: number, mode: YogaMeasureMode) =>
      mode === MM.Exactly ? avail : mode === MM.AtMost ? Math.min(v, avail) : v;
    return { width: fit(content.width, w, wm), height: fit(content.height, h, hm) };
  }

  /**
   * Places a special container's children in its content box (w × h). With `final` false it only needs the content
   * size (measuring); sizes undefined = unbounded.
   */
  /** This run as a container's own layout sees it (container-host.ts). */
  private containerHost(): ContainerLayoutHost {
    return this.host ??= { flow: (c, w, h, o, a) => this.flow(c, w, h, o, a), moveShift: (a, b) => this.moveShift(a, b), r: this.r, ctx: this.ctx, device: this.device };
  }

  private host: ContainerLayoutHost | undefined;

  private arrange(ui: UINode, spec: ComponentSpec, w: number | undefined, h: number | undefined, final: boolean):
  FlowResult {
    const kids = ui.children.filter((c) => !INLINE_TYPES.has(c.type));
    switch (spec.kind) {
      case 'stack':
        return arrangeStack(this.containerHost(), ui, kids, w, h, final);
      case 'relative':
        return arrangeRelative(this.containerHost(), kids, w, h);
      case 'grid':
        return arrangeGrid(this.containerHost(), ui, kids, w, h, false);
      case 'waterflow':
        return arrangeGrid(this.containerHost(), ui, kids, w, h, true);
      case 'tabs':
        return arrangeTabs(this.containerHost(), ui, kids, w, h);
      case 'swiper':
        return arrangeSwiper(this.containerHost(), ui, kids, w, h, final);
      case 'navigation':
        return arrangeNavigation(this.containerHost(), ui, kids, w, h);
      case 'gridrow':
        return arrangeGridRow(this.containerHost(), ui, kids, w);
      case 'stepper':
        return arrangeStepper(this.containerHost(), ui, kids, w, h);
      case 'panel':
        return arrangePanel(this.containerHost(), ui, kids, w, h);
      case 'navrouter':
        return arrangeNavRouter(this.containerHost(), ui, kids, w, h);
      default:
        return { nodes: [], width: 0, height: 0 };
    }
  }

  // ---- reading yoga results back ------------------------------------------------------------------------------------

  private read(b: Built): LayoutNode {
    const { yn, ui, spec } = b;
    const Y = this.Y;
    const n: LayoutNode = {
      type: ui.type, node: ui, x: yn.getComputedLeft(), y: yn.getComputedTop(), width: yn.getComputedWidth(),
      height: yn.getComputedHeight(), style: this.style(ui, spec), visible: this.r.attr(ui, 'visibility') !== Visibility.Hidden,
      clip: spec.clip === true || this.r.attr(ui, 'clip') === true, children: [],
    };
    const id = nodeId(ui, this.r);
    if (id !== undefined) n.id = id;
    const attrs = plainAttrs(ui, this.r);
    if (attrs) n.attrs = attrs;
    const pl = yn.getComputedPadding(Y.Edge.Left) + yn.getComputedBorder(Y.Edge.Left);
    const pt = yn.getComputedPadding(Y.Edge.Top) + yn.getComputedBorder(Y.Edge.Top);
    const cw = n.width - pl - yn.getComputedPadding(Y.Edge.Right) - yn.getComputedBorder(Y.Edge.Right);
    const ch = n.height - pt - yn.getComputedPadding(Y.Edge.Bottom) - yn.getComputedBorder(Y.Edge.Bottom);
    if (spec.kind === 'text') {
      const t = this.textOf(ui);
      n.text = t.text;
      if (t.placeholder) n.placeholder = true;
      const input = this.textInput(ui, t.text);
      const m = measureText(input, cw);
      n.lines = m.lines;
      n.lineHeight = m.lineHeight;
      if (input.maxLines !== undefined) n.maxLines = input.maxLines;
      n.inset = { left: pl, top: pt, right: n.width - pl - cw, bottom: n.height - pt - ch };
      for (const span of ui.children.filter((c) => INLINE_TYPES.has(c.type))) {
        const text = this.r.str(this.r.arg(span));
        n.children.push({
          type: span.type, node: span, ...(text !== undefined ? { text } : {}), x: 0, y: 0, width: n.width,
          height: n.height, style: this.style(span, componentSpec(span.type, false), n.style), visible: true,
          clip: false, children: [],
        });
      }
    } else if (b.children.length > 0) {
      n.children = b.children.filter((c) => c.yn.getDisplay() !== Y.Display.None).map((c) => this.read(c));
    } else if (spec.kind !== 'leaf' && spec.kind !== 'column' && spec.kind !== 'row' && spec.kind !== 'flex' &&
      spec.kind !== 'scroll') {
      const f = this.arrange(ui, spec, cw, ch, true);
      n.children = f.nodes.map((c) => ({ ...c, x: c.x + pl, y: c.y + pt }));
      f.nodes.forEach((c, i) => this.moveShift(c, n.children[i]));
    }
    const offset = this.r.attr(ui, 'offset') as Record<string, unknown> | undefined;
    const anchor = this.r.attr(ui, 'markAnchor') as Record<string, unknown> | undefined;
    let dx = 0;
    let dy = 0;
    if (offset && typeof offset === 'object') {
      dx += toVp(offset.x, this.ctx, n.width) ?? 0;
      dy += toVp(offset.y, this.ctx, n.height) ?? 0;
    }
    if (anchor && typeof anchor === 'object') {
      dx -= toVp(anchor.x, this.ctx, n.width) ?? 0;
      dy -= toVp(anchor.y, this.ctx, n.height) ?? 0;
    }
    // translate / scale: drawn moved and scaled about the centre (their layout space stays where it was).
    const translate = this.r.attr(ui, 'translate') as Record<string, unknown> | undefined;
    if (translate && typeof translate === 'object') {
      dx += toVp(translate.x, this.ctx, n.width) ?? 0;
      dy += toVp(translate.y, this.ctx, n.height) ?? 0;
    }
    const scale = this.r.attr(ui, 'scale') as Record<string, unknown> | undefined;
    const sx = scale && typeof scale === 'object' ? this.r.num(scale.x) ?? 1 : 1;
    const sy = scale && typeof scale === 'object' ? this.r.num(scale.y) ?? 1 : 1;
    if (dx || dy || sx !== 1 || sy !== 1) this.shifts.set(n, { dx, dy, ...(sx !== 1 || sy !== 1 ? { sx, sy } : {}) });
    return n;
  }

  /** Layout nodes are copied when a container places them; keep their visual offset with the copy. */
  private moveShift(from: LayoutNode, to: LayoutNode): void {
    const s = this.shifts.get(from);
    if (s) this.shifts.set(to, s);
  }

  /** Relative → page coordinates; scroll containers shift their content by their scroll offset. */
  private absolutize(n: LayoutNode, px: number, py: number, sx: number, sy: number): void {
    const s = this.shifts.get(n);
    n.x = round(px + n.x - sx + (s?.dx ?? 0));
    n.y = round(py + n.y - sy + (s?.dy ?? 0));
    n.width = round(n.width);
    n.height = round(n.height);
    if (n.node && !INLINE_TYPES.has(n.type)) n.node.layout = realmSafeRect(n);
    const scroll = n.node && n.clip && n.type !== 'Tabs' && n.type !== 'Swiper' ? n.node.scroll : undefined;
    for (const c of n.children) {
      if (INLINE_TYPES.has(c.type)) {
        c.x = n.x;
        c.y = n.y;
        c.width = n.width;
        c.height = n.height;
        if (c.node) c.node.layout = realmSafeRect(c);
        continue;
      }
      this.absolutize(c, n.x, n.y, scroll?.x ?? 0, scroll?.y ?? 0);
    }
    if (s?.sx !== undefined) this.scaleTree(n, n.x + n.width / 2, n.y + n.height / 2, s.sx, s.sy ?? 1);
  }

  /** A scaled node and everything in it, about (cx, cy). */
  private scaleTree(n: LayoutNode, cx: number, cy: number, sx: number, sy: number): void {
    n.x = round(cx + (n.x - cx) * sx);
    n.y = round(cy + (n.y - cy) * sy);
    n.width = round(n.width * Math.abs(sx));
    n.height = round(n.height * Math.abs(sy));
    if (n.node && !INLINE_TYPES.has(n.type)) n.node.layout = realmSafeRect(n);
    for (const c of n.children) this.scaleTree(c, cx, cy, sx, sy);
  }

  // ---- text and look ------------------------------------------------------------------------------------------------

  private textOf(ui: UINode): { text: string; placeholder?: boolean } {
    const r = this.r;
    switch (ui.type) {
      case 'TextInput':
      case 'TextArea':
      case 'Search': {
        const value = r.str(r.option(ui, ui.type === 'Search' ? 'value' : 'text')) ?? r.str(r.option(ui, 'text')) ?? ui.typed;
        if (value) return { text: value };
        const ph = r.str(r.option(ui, 'placeholder'));
        return ph ? { text: ph, placeholder: true } : { text: '' };
      }
      case 'Select': {
        const v = r.str(r.attr(ui, 'value'));
        if (v !== undefined) return { text: v };
        const opts = r.arg(ui);
        const sel = r.num(r.attr(ui, 'selected')) ?? 0;
        if (Array.isArray(opts) && opts[sel]) return { text: r.str(r.resolve((opts[sel] as Record<string, unknown>).value)) ?? '' };
        return { text: '' };
      }
      case 'MenuItem': {
        const o = r.arg(ui) as Record<string, unknown> | undefined;
        return { text: r.str(o && typeof o === 'object' ? r.resolve(o.content) : o) ?? '' };
      }
      case 'SaveButton':
      case 'PasteButton':
      case 'LocationButton': {
        const o = r.arg(ui) as Record<string, unknown> | undefined;
        const fallback = ui.type === 'SaveButton' ? 'Save' : ui.type === 'PasteButton' ? 'Paste' : 'Current location';
        return { text: o && typeof o === 'object' && o.text === undefined && o.icon !== undefined ? '' : fallback };
      }
      case 'RichText':
        return { text: htmlText(r.str(r.arg(ui)) ?? '') };
      case 'Text':
      case 'Button':
      case 'Hyperlink':
      case 'Marquee': {
        const spans = ui.children.filter((c) => c.type === 'Span');
        if (ui.type === 'Text' && spans.length > 0) return { text: spans.map((s) => r.str(r.arg(s)) ?? '').join('') };
        const a = ui.type === 'Marquee' ? r.option(ui, 'src') : r.arg(ui);
        return { text: r.str(a) ?? '' };
      }
      case 'Web':
        return { text: `Web · ${webUrl(r.option(ui, 'src'), r.option(ui, 'controller')) || '(no page)'}` };
      default:
        return { text: r.str(r.arg(ui)) ?? '' };
    }
  }

  private textInput(ui: UINode, text: string) {
    const fontSize = fontSizeToVp(this.r.attr(ui, 'fontSize'), this.ctx) ?? (componentSpec(ui.type, false).fontSize ?? 16) * this.ctx.fontScale;
    const lineHeight = toVp(this.r.attr(ui, 'lineHeight'), this.ctx);
    const singleLine = ui.type === 'TextInput' || ui.type === 'Search' || ui.type === 'Select' || ui.type === 'Marquee';
    const maxLines = singleLine ? 1 : this.r.num(this.r.attr(ui, 'maxLines'));
    const overflow = this.r.attr(ui, 'textOverflow') as Record<string, unknown> | undefined;
    const ellipsis = overflow && typeof overflow === 'object' ? overflow.overflow === TextOverflow.Ellipsis : false;
    return { text, fontSize, lineHeight, maxLines, ellipsis };
  }

  private style(ui: UINode, spec: ComponentSpec, inherit?: VisualStyle): VisualStyle {
    const r = this.r;
    const border = r.attr(ui, 'border') as Record<string, unknown> | undefined;
    const b = border && typeof border === 'object' ? border : {};
    const bw = this.borderWidth(ui, spec);
    const radius = r.attr(ui, 'borderRadius') ?? b.radius;
    const radiusVp = typeof radius === 'object' && radius
      ? toVp((radius as Record<string, unknown>).topLeft, this.ctx) : toVp(radius, this.ctx);
    const weight = r.attr(ui, 'fontWeight');
    const bold = weight === FontWeight.Bold || weight === FontWeight.Bolder || weight === FontWeight.Medium ||
      (r.num(weight) ?? 0) >= 500;
    const ta = r.attr(ui, 'textAlign');
    const bgAttr = r.attr(ui, 'backgroundColor');
    const color = (v: unknown) => (v !== undefined ? parseColor(v) : undefined);
    const borderColor = b.color && typeof b.color === 'object' && !('id' in (b.color as object))
      ? (b.color as Record<string, unknown>).top : b.color;
    let bg = color(bgAttr) ?? color(spec.backgroundColor);
    if (ui.type === 'Button' && r.option(ui, 'type') === undefined && bgAttr === undefined) bg = color(spec.backgroundColor);
    let radiusDefault = spec.borderRadius ?? 0;
    if (ui.type === 'Button') {
      const t = r.option(ui, 'type') ?? r.attr(ui, 'type');
      if (t === 0) radiusDefault = 8;
    }
    return {
      backgroundColor: bg,
      borderWidth: bw ? Math.max(bw.top, bw.left, bw.right, bw.bottom) : 0,
      borderColor: color(r.attr(ui, 'borderColor') ?? borderColor) ?? color(spec.borderColor) ??
        (bw ? parseColor('#ff000000') : undefined),
      borderRadius: radiusVp ?? radiusDefault,
      opacity: Math.max(0, Math.min(1, r.num(r.attr(ui, 'opacity')) ?? 1)),
      fontSize: fontSizeToVp(r.attr(ui, 'fontSize'), this.ctx) ?? inherit?.fontSize ?? (spec.fontSize ?? 16) * this.ctx.fontScale,
      fontColor: color(r.attr(ui, 'fontColor')) ?? inherit?.fontColor ?? color(spec.fontColor ?? FONT_COLOR)!,
      fontWeight: weight !== undefined ? (bold ? 'bold' : 'normal') : inherit?.fontWeight ?? 'normal',
      textAlign: ta === TextAlign.Center ? 'center' : ta === TextAlign.End ? 'end'
        : ui.type === 'Button' || ui.type === 'Select' ? 'center' : 'start',
    };
  }
}

function clearLayout(n: UINode): void {
  delete n.layout;
  for (const c of n.children) clearLayout(c);
}

function round(v: number): number {
  return Math.round(v * 100) / 100;
}

/**
 * Bounds written onto a framework node live in the app's realm: a plain host object there would hand app code the
 * host's `Object` (and through `constructor.constructor`, the host's Function). A frozen null-prototype object carries
 * the numbers and nothing else.
 */
function realmSafeRect(n: { x: number; y: number; width: number; height: number }): { x: number; y: number; width: number; height: number } {
  return Object.freeze(Object.assign(Object.create(null), { x: n.x, y: n.y, width: n.width, height: n.height }));
}

/**
 * The page a Web component shows, for its labelled box (no browser engine runs on the device): what its
 * WebviewController last loaded (loadUrl, backward…; kits/realm/service-kits.ts keeps it in `url`), else its `src` —
 * a URL string or a `$rawfile(...)` resource. Only own data properties are read: a getter would run app code here.
 */
function webUrl(src: unknown, controller: unknown): string {
  if (controller && typeof controller === 'object') {
    const d = Object.getOwnPropertyDescriptor(controller, 'url');
    if (d && typeof d.value === 'string' && d.value) return d.value;
  }
  if (typeof src === 'string') return src;
  if (src && typeof src === 'object') {
    const params = Object.getOwnPropertyDescriptor(src, 'params')?.value;
    const first = Array.isArray(params) ? params[0] : undefined;
    if (typeof first === 'string') return `resource://rawfile/${first}`;
  }
  return '';
}
