/**
 * The inspector API platform tests use (`getInspectorByKey`, `getInspectorTree`, `componentUtils.getRectangleById`),
 * answered from one layout of what the app shows now. Format (see docs/inspector.md for the sources):
 *
 *   getInspectorByKey(key) → JSON string {"$type", "$ID", "$rect", "$debugLine", "$attrs"}; "" when no node has the key
 *   getInspectorTree()     → {"$type": "root", "width", "height", "$resolution", "$children": [node…]} where every node is
 *                            {"$type", "$ID", "type": "build-in", "$rect", "$debugLine", "$attrs", "$children"?}
 *   $rect                  → "[left, top],[right, bottom]" in px of the window, two decimals
 *
 * Custom components are not nodes (their built-in children attach to the nearest built-in parent), as in the
 * platform's tree. Attribute values are formatted by inspector-attrs.ts.
 */
import type { UINode } from './ui-node.js';
import type { LaidOutPage, LayoutNode } from './layout/types.js';
import { AttributeReader, nodeId } from './layout/attributes.js';
import { formatEnum, inspectorAttrs } from './inspector-attrs.js';

/** A HitTestMode value as its member name (Default when unset or unknown). */
const formatEnumValue = (v: unknown): string => formatEnum('HitTestMode', v)?.slice('HitTestMode.'.length) ?? 'Default';

export interface InspectorNode {
  $type: string;
  $ID: number;
  type?: 'build-in';
  $rect: string;
  $debugLine: string;
  $attrs: Record<string, unknown>;
  $children?: InspectorNode[];
}

export interface InspectorRoot {
  $type: 'root';
  width: string;
  height: string;
  $resolution: string;
  $children?: InspectorNode[];
}

/** `componentUtils.getRectangleById`: the platform's ComponentInfo, lengths in px. */
export interface ComponentInfo {
  size: { width: number; height: number };
  localOffset: { x: number; y: number };
  windowOffset: { x: number; y: number };
  screenOffset: { x: number; y: number };
  translate: { x: number; y: number; z: number };
  scale: { x: number; y: number; z: number; centerX: number; centerY: number };
  rotate: { x: number; y: number; z: number; angle: number; centerX: number; centerY: number };
  transform: number[];
}

/** Node types the runtime adds that the platform's tree does not have (syntax and screen plumbing). */
const NOT_NODES = new Set(['Root', 'Page', 'Scrim', 'TabBarContent']);

/** A laid-out page seen through the inspector: nodes by key, bounds by node, attributes formatted. */
export class Inspector {
  private readonly boxes = new Map<UINode, LayoutNode>();
  private readonly reader: AttributeReader;
  private readonly density: number;

  constructor(private readonly page: LaidOutPage, private readonly root: UINode, resolve: (v: unknown) => unknown) {
    this.reader = new AttributeReader(resolve);
    this.density = page.device.density;
    const walk = (n: LayoutNode) => { if (n.node && !this.boxes.has(n.node)) this.boxes.set(n.node, n); n.children.forEach(walk); };
    walk(page.root);
  }

  /** Breadth-first, as the platform searches: the first node whose `id`/`key` is `key`. */
  find(key: string): UINode | undefined {
    const queue: UINode[] = [this.root];
    for (let i = 0; i < queue.length; i++) {
      const n = queue[i];
      if (!NOT_NODES.has(n.type) && nodeId(n, this.reader) === key) return n;
      for (const c of n.children) queue.push(c);
      if (n.tabBarNode) queue.push(n.tabBarNode);
    }
    return undefined;
  }

  byKey(key: string): string {
    const n = this.find(key);
    if (!n) return '';
    return JSON.stringify({ $type: n.type, $ID: n.elmtId, $rect: this.rect(n), $debugLine: '', $attrs: this.attrs(n) });
  }

  tree(): InspectorRoot {
    const d = this.page.device;
    const out: InspectorRoot = { $type: 'root', width: (d.width * d.density).toFixed(6), height: (d.height * d.density).toFixed(6),
      $resolution: d.density.toFixed(6) };
    const kids = this.nodesUnder(this.root);
    if (kids.length) out.$children = kids.map((k) => this.treeNode(k));
    return out;
  }

  rectangle(key: string): ComponentInfo | undefined {
    const n = this.find(key);
    if (!n) return undefined;
    const box = this.boxes.get(n);
    const px = (v: number) => Math.round(v * this.density * 1000) / 1000;
    const parent = box ? this.parentBox(n) : undefined;
    const x = box ? px(box.x) : 0;
    const y = box ? px(box.y) : 0;
    const w = box ? px(box.width) : 0;
    const h = box ? px(box.height) : 0;
    return {
      size: { width: w, height: h },
      localOffset: { x: parent ? x - px(parent.x) : x, y: parent ? y - px(parent.y) : y },
      windowOffset: { x, y },
      screenOffset: { x, y },
      translate: { x: 0, y: 0, z: 0 },
      scale: { x: 1, y: 1, z: 1, centerX: (box?.width ?? 0) / 2, centerY: (box?.height ?? 0) / 2 },
      rotate: { x: 0, y: 0, z: 0, angle: 0, centerX: (box?.width ?? 0) / 2, centerY: (box?.height ?? 0) / 2 },
      transform: [1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 0, 0, 1],
    };
  }

  /** The node drawn at a window point in px (the deepest visible one), for touch events. */
  hit(xPx: number, yPx: number): UINode | undefined {
    const x = xPx / this.density;
    const y = yPx / this.density;
    let found: UINode | undefined;
    const walk = (n: LayoutNode) => {
      if (!n.visible) return;
      if (n.node && !NOT_NODES.has(n.node.type) && this.responds(n, x, y)) found = n.node;
      n.children.forEach(walk);
    };
    walk(this.page.root);
    return found;
  }

  /**
   * ArkUI's touch test at a window point in px: the elements a touch there reaches, deepest first (each then its
   * ancestors'), as the framework collects them — children from the topmost (zIndex, then last) down; a child that
   * is hit stops its lower siblings unless its `hitTestBehavior` is Transparent; Block keeps its children out, None
   * keeps itself out (its children still take part), Transparent lets the siblings below take part too.
   */
  hitAll(xPx: number, yPx: number): UINode[] {
    const x = xPx / this.density;
    const y = yPx / this.density;
    const out: UINode[] = [];
    const OUT = 0; const BUBBLE = 1; const STOP = 2;
    const modeOf = (n: UINode): string => {
      const m = String(formatEnumValue(this.reader.attr(n, 'hitTestBehavior')));
      return this.reader.attr(n, 'touchable') === false ? 'None' : m;
    };
    const z = (c: LayoutNode) => { const v = c.node ? Number(this.reader.attr(c.node, 'zIndex')) : 0; return Number.isFinite(v) ? v : 0; };
    const test = (n: LayoutNode): number => {
      if (!n.visible) return OUT;
      const element = n.node && !NOT_NODES.has(n.node.type) ? n.node : undefined;
      const inside = element ? this.responds(n, x, y) : x >= n.x && x < n.x + n.width && y >= n.y && y < n.y + n.height;
      // Clipping containers keep what they cut off from touches; the window does not (injected events may lie outside it).
      if (n.clip && !inside && n !== this.page.root) return OUT;
      const mode = element ? modeOf(element) : 'None';
      let fromChildren = OUT;
      if (mode !== 'Block') {
        const order = n.children.map((c, i) => ({ c, i })).sort((a, b) => z(b.c) - z(a.c) || b.i - a.i);
        for (const { c } of order) {
          const r = test(c);
          if (r === STOP) { fromChildren = STOP; break; }
          if (r === BUBBLE) fromChildren = BUBBLE;
        }
      }
      if (!element || mode === 'None') return fromChildren;
      if (!inside && fromChildren === OUT) return OUT;
      out.push(element);
      return mode === 'Transparent' ? BUBBLE : STOP;
    };
    test(this.page.root);
    return out;
  }

  /** Whether a point (vp) is in the node's response regions: `.responseRegion(r | r[])`, each relative to the node
   *  (x/y offsets, width/height; numbers in vp, strings with px/vp/%), the whole node by default. */
  private responds(n: LayoutNode, x: number, y: number): boolean {
    const rr = n.node?.attrs.responseRegion ? this.reader.attr(n.node, 'responseRegion') : undefined;
    const regions = rr === undefined ? [{}] : Array.isArray(rr) ? rr : [rr];
    const len = (v: unknown, size: number): number => {
      if (typeof v === 'number') return v;
      const m = typeof v === 'string' ? /^\s*(-?\d*\.?\d+)\s*(px|vp|fp|%)?\s*$/.exec(v) : null;
      if (!m) return 0;
      const k = Number(m[1]);
      return m[2] === '%' ? (size * k) / 100 : m[2] === 'px' ? k / this.density : k;
    };
    return regions.some((r) => {
      const o = (r && typeof r === 'object' ? r : {}) as Record<string, unknown>;
      const left = n.x + len(o.x ?? 0, n.width);
      const top = n.y + len(o.y ?? 0, n.height);
      return x >= left && x < left + len(o.width ?? '100%', n.width) && y >= top && y < top + len(o.height ?? '100%', n.height);
    });
  }

  private parentBox(n: UINode): LayoutNode | undefined {
    for (let p = n.parent; p; p = p.parent) { const b = this.boxes.get(p); if (b) return b; }
    return undefined;
  }

  private treeNode(n: UINode): InspectorNode {
    const out: InspectorNode = { $type: n.type, $ID: n.elmtId, type: 'build-in', $rect: this.rect(n), $debugLine: '', $attrs: this.attrs(n) };
    const kids = this.nodesUnder(n);
    if (kids.length) out.$children = kids.map((k) => this.treeNode(k));
    return out;
  }

  /** Children as the platform lists them: plumbing nodes the runtime adds are looked through. */
  private nodesUnder(n: UINode): UINode[] {
    const out: UINode[] = [];
    for (const c of n.children) {
      if (NOT_NODES.has(c.type)) out.push(...this.nodesUnder(c));
      else out.push(c);
    }
    return out;
  }

  private rect(n: UINode): string {
    const b = this.boxes.get(n);
    const f = (v: number) => (v * this.density).toFixed(2);
    // Visibility.Hidden keeps its place and size in the platform's inspector; None is not laid out (no box).
    if (!b) return '[0.00, 0.00],[0.00, 0.00]';
    return `[${f(b.x)}, ${f(b.y)}],[${f(b.x + b.width)}, ${f(b.y + b.height)}]`;
  }

  private attrs(n: UINode): Record<string, unknown> {
    return inspectorAttrs(n, this.reader, { density: this.density, box: this.boxes.get(n) });
  }
}
