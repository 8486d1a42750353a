/**
 * Hit testing and the preview selector syntax, over a laid-out page.
 *   text=<exact>   a node showing exactly this text (Text, Button label, Span, TextInput value …)
 *   id=<id>        the `id` / `key` attribute
 *   type=<Name>    the component type
 * each optionally followed by `#n`: the n-th match (1-based) in reading order; without it, the first.
 */
import { HmosError } from '../errors.js';
import type { LaidOutPage, LayoutNode } from './layout/types.js';

export interface Selector {
  kind: 'text' | 'id' | 'type';
  value: string;
  /** 1-based; undefined = first. */
  nth?: number;
}

const EPS = 0.01;
const CLIP_TYPES_INLINE = new Set(['Span', 'ImageSpan', 'SymbolSpan', 'ContainerSpan']);

function contains(n: { x: number; y: number; width: number; height: number }, x: number, y: number): boolean {
  return x >= n.x && y >= n.y && x < n.x + n.width && y < n.y + n.height;
}

/** The topmost visible node at (x, y) in vp (later siblings paint over earlier ones, children over parents);
 *  content clipped away by a scroll container is not hit. */
export function nodeAt(page: LaidOutPage, x: number, y: number): LayoutNode | undefined {
  const visit = (n: LayoutNode): LayoutNode | undefined => {
    if (!n.visible || n.node?.exiting) return undefined; // on its way out (an exit transition): drawn, not hit
    const inside = contains(n, x, y);
    if (n.clip && !inside) return undefined;
    for (let i = n.children.length - 1; i >= 0; i--) {
      const c = n.children[i];
      if (CLIP_TYPES_INLINE.has(c.type)) continue;
      const hit = visit(c);
      if (hit) return hit;
    }
    return inside ? n : undefined;
  };
  return visit(page.root);
}

/** Visible nodes in reading order (pre-order: parents before children, earlier siblings first), skipping content
 *  scrolled out of a clipping container; `forInput`: also what is on its way out (an exit transition, a page that
 *  slides away), which is drawn but takes no input. */
export function visibleNodes(page: LaidOutPage, forInput = false): LayoutNode[] {
  const out: LayoutNode[] = [];
  const walk = (n: LayoutNode, clip: { x0: number; y0: number; x1: number; y1: number }) => {
    if (!n.visible || (forInput && n.node?.exiting)) return;
    // Overlap by more than a rounding error (bounds are rounded to 0.01 vp).
    const inView = n.x < clip.x1 - EPS && n.y < clip.y1 - EPS && n.x + n.width > clip.x0 + EPS &&
      n.y + n.height > clip.y0 + EPS;
    if (!inView && (n.width > 0 || n.height > 0)) return;
    out.push(n);
    const next = n.clip
      ? { x0: Math.max(clip.x0, n.x), y0: Math.max(clip.y0, n.y), x1: Math.min(clip.x1, n.x + n.width),
        y1: Math.min(clip.y1, n.y + n.height) }
      : clip;
    for (const c of n.children) {
      if (CLIP_TYPES_INLINE.has(c.type)) out.push(c);
      else walk(c, next);
    }
  };
  const { width, height } = page.device;
  walk(page.root, { x0: 0, y0: 0, x1: width, y1: height });
  return out;
}

const FOCUSABLE = new Set(['Button', 'TextInput', 'TextArea', 'Search', 'Toggle', 'Checkbox', 'CheckboxGroup', 'Radio',
  'Slider', 'Select', 'Rating', 'Hyperlink', 'TabBarItem']);

/** Nodes that take focus (controls, and anything with a click handler), in reading order. */
export function focusableNodes(page: LaidOutPage): LayoutNode[] {
  return visibleNodes(page, true).filter((n) => {
    if (n.node?.attrs.focusable?.[0] === false || n.node?.attrs.enabled?.[0] === false) return false;
    return FOCUSABLE.has(n.type) || typeof n.node?.attrs.onClick?.[0] === 'function';
  });
}

export function parseSelector(input: string): Selector {
  const m = /^(text|id|type)=(.*?)(?:#(\d+))?$/s.exec(input);
  if (!m || m[2] === '') {
    throw new HmosError('BAD_SELECTOR', `Cannot read the selector '${input}'. Use text=<exact text>, id=<id> or ` +
      'type=<Component>, optionally followed by #n for the n-th match (1-based), e.g. text=OK#2.');
  }
  const nth = m[3] !== undefined ? Number(m[3]) : undefined;
  if (nth !== undefined && nth < 1) {
    throw new HmosError('BAD_SELECTOR', `'#${m[3]}' in '${input}' is not a match number: matches count from #1.`);
  }
  return { kind: m[1] as Selector['kind'], value: m[2], ...(nth !== undefined ? { nth } : {}) };
}

/** All visible nodes the selector matches, in reading order. */
export function findAll(page: LaidOutPage, selector: Selector | string): LayoutNode[] {
  const s = typeof selector === 'string' ? parseSelector(selector) : selector;
  return visibleNodes(page, true).filter((n) =>
    s.kind === 'text' ? n.text === s.value : s.kind === 'id' ? n.id === s.value : n.type === s.value);
}

/** The texts a user can see, for "nothing matched" messages. */
export function visibleTexts(page: LaidOutPage): string[] {
  const seen = new Set<string>();
  for (const n of visibleNodes(page)) if (n.text && !n.placeholder) seen.add(n.text);
  return [...seen];
}

export type SelectResult =
  | { ok: true; node: LayoutNode; matches: number }
  | { ok: false; matches: number; visibleTexts: string[] };

/** Resolves a selector to one node; when nothing (or not enough) matches, returns the visible texts instead. */
export function select(page: LaidOutPage, selector: Selector | string): SelectResult {
  const s = typeof selector === 'string' ? parseSelector(selector) : selector;
  const all = findAll(page, s);
  const node = all[(s.nth ?? 1) - 1];
  if (node) return { ok: true, node, matches: all.length };
  return { ok: false, matches: all.length, visibleTexts: visibleTexts(page) };
}

/** Like `select`, but a miss is an HmosError (NO_MATCH) listing what is on screen. */
export function selectOrThrow(page: LaidOutPage, selector: string): LayoutNode {
  const res = select(page, selector);
  if (res.ok) return res.node;
  const shown = res.visibleTexts.slice(0, 30).map((t) => `  ${JSON.stringify(t)}`);
  throw new HmosError('NO_MATCH', `No element matches '${selector}'${res.matches ? ` (only ${res.matches} match${
    res.matches === 1 ? '' : 'es'})` : ''}. Pick one of the visible texts with text=…, or use id= / type=.`,
  { details: shown.length ? `Visible texts:\n${shown.join('\n')}` : 'No text is visible on this page.' });
}
