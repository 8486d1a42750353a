/**
 * The host's copy of what an app shows: the UINode tree the realm writes out as JSON text (framework/snapshot.ts),
 * turned back into UINodes made of host objects only — layout, renderers, selectors and the inspector read this copy,
 * never the realm's nodes, so reading it runs no app code. Marked values come back as stand-ins:
 *  - a function → APP_FUNCTION (`typeof` is 'function', so "has a handler" checks work; it is never called);
 *  - an instance of an app class → an object with its own fields over APP_INSTANCE (not a plain object: renderers leave
 *    it out, as before);
 *  - `undefined`, symbols and cut-off values → undefined; non-finite numbers → the number (bigints: their Number).
 */
import { SNAPSHOT_MARK } from './framework/snapshot.js';
import type { UINode } from './ui-node.js';
import { choiceOption } from './layout/choice-containers.js';

/** Stands for a function of the app (an event handler, a builder). */
export const APP_FUNCTION = Object.freeze(function appFunction(): void {});
/** The prototype of stand-ins for instances of app classes (controllers, models). */
export const APP_INSTANCE = Object.freeze(Object.create(null) as object);

export interface UiSnapshot {
  root: UINode | null;
  /** The path of the top page ('pages/Index'), null before one is loaded. */
  page: string | null;
}

/** Parses the realm's snapshot text; throws on anything that is not one (the app broke its own framework). */
export function parseUiSnapshot(text: string, scroll: ReadonlyMap<number, { x: number; y: number }>): UiSnapshot {
  const data = JSON.parse(text) as { root?: unknown; page?: unknown };
  const root = data.root === null || data.root === undefined ? null : toNode(data.root, undefined, scroll);
  return { root, page: typeof data.page === 'string' ? data.page : null };
}

function toNode(raw: unknown, parent: UINode | undefined, scroll: ReadonlyMap<number, { x: number; y: number }>): UINode {
  if (!raw || typeof raw !== 'object' || Array.isArray(raw)) throw new Error('a node of the snapshot is not an object');
  const r = raw as Record<string, unknown>;
  const args = toValue(r.args);
  const node: UINode = {
    elmtId: typeof r.elmtId === 'number' ? r.elmtId : -1,
    type: typeof r.type === 'string' ? r.type : 'Unknown',
    args: Array.isArray(args) ? args : [],
    attrs: toCalls(r.attrs),
    children: [],
  };
  // What a running animation shows of some attributes now (layout reads it before attrs).
  if (r.shown && typeof r.shown === 'object') (node as { shown?: Record<string, unknown[]> }).shown = toCalls(r.shown);
  if (parent) node.parent = parent;
  const offset = scroll.get(node.elmtId);
  if (offset) node.scroll = { x: offset.x, y: offset.y };
  if (Array.isArray(r.children)) node.children = r.children.map((c) => toNode(c, node, scroll));
  if (r.tabBarNode) node.tabBarNode = toNode(r.tabBarNode, undefined, scroll);
  if (typeof r.typed === 'string') node.typed = r.typed;
  if (r.exiting === true) (node as { exiting?: boolean }).exiting = true;
  if (r.active === true) node.active = true;
  const selected = r.selected as { index?: unknown } | undefined;
  // The realm checked that the choice still holds; `option` is what layout compares it with on this copy.
  if (selected && typeof selected.index === 'number') node.selected = { index: selected.index, option: indexOption(node) };
  return node;
}

/** Attribute name → the arguments of its last call. */
function toCalls(raw: unknown): Record<string, unknown[]> {
  const out: Record<string, unknown[]> = {};
  if (raw && typeof raw === 'object') {
    for (const k in raw as Record<string, unknown>) {
      const call = toValue((raw as Record<string, unknown>)[k]);
      if (Array.isArray(call)) setOwn(out, k, call);
    }
  }
  return out;
}

/** Which of the app's values a Tabs / Swiper choice was made under (framework/app.ts reads the same). */
function indexOption(n: UINode): unknown {
  const first = n.args[0] as { index?: unknown } | undefined;
  if (n.type === 'Stepper' || n.type === 'Panel') return choiceOption(n);
  return n.type === 'Tabs' ? n.attrs.index?.[0] ?? (first && typeof first === 'object' ? first.index : undefined) : n.attrs.index?.[0];
}

/**
 * A value of the parsed snapshot with its marks replaced. JSON.parse made every array and plain object afresh (host
 * objects, no value shared between two places), so they are reused in place rather than copied a second time.
 */
function toValue(v: unknown): unknown {
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) {
    for (let i = 0; i < v.length; i++) v[i] = toValue(v[i]);
    return v;
  }
  const o = v as Record<string, unknown>;
  const kind = o[SNAPSHOT_MARK];
  if (kind !== undefined) {
    switch (kind) {
      case 'fn': return APP_FUNCTION;
      case 'num': return Number(o.v);
      case 'obj': {
        const out = Object.create(APP_INSTANCE) as Record<string, unknown>;
        for (const k in o) if (k !== SNAPSHOT_MARK) setOwn(out, k, toValue(o[k]));
        return out;
      }
      default: return undefined; // 'u', 'sym', 'cut', 'node'
    }
  }
  for (const k of Object.keys(o)) {
    const x = o[k];
    if (x !== null && typeof x === 'object') setOwn(o, k, toValue(x));
  }
  return o;
}

/**
 * An own data property, whatever the key: a key `__proto__` from app data must not set the copy's prototype (JSON.parse
 * made it an own property of the parsed object; a plain assignment here would call the setter instead).
 */
function setOwn(o: Record<string, unknown>, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(o, key, { value, writable: true, enumerable: true, configurable: true });
  else o[key] = value;
}
