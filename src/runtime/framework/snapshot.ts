/**
 * The UI tree as the host sees it (evaluated in the app realm from source, see core.ts; host side: ui-snapshot.ts).
 *
 * Host code never walks the realm's own nodes: reading them would run app code outside the watchdog (a getter, a
 * Proxy trap, an `Array.prototype.map` the app replaced — which would also be handed host functions). The realm
 * writes the visible tree out as JSON text instead, under the watchdog, and the host lays out its own copy. Values
 * JSON cannot carry are marked with the key MARK: functions (`fn`: event handlers, builders), `undefined`,
 * non-finite numbers and bigints (`num`), symbols, instances of classes (`obj`, with their own enumerable fields), and
 * what the budget cut (`cut`: deeper than 12, cycles, past 200,000 values).
 */
export const SNAPSHOT_MARK = '\u0000hmos';

export function installSnapshot(g: any, mark: string): () => string {
  const rt = g.__rt;
  const isArray = Array.isArray;
  const keysOf = Object.keys;
  const protoOf = Object.getPrototypeOf;
  const ObjectPrototype = Object.prototype;
  const isView = ArrayBuffer.isView;
  const stringify = JSON.stringify;
  const UINode = rt.UINode;
  const MAX_VALUES = 200000;
  const MAX_DEPTH = 12;
  const marked = (kind: string, extra?: Record<string, unknown>) => ({ [mark]: kind, ...extra });

  return () => {
    let budget = MAX_VALUES;
    const path = new Set<unknown>();
    const value = (v: any, depth: number): unknown => {
      if (--budget < 0) return marked('cut');
      switch (typeof v) {
        case 'string': case 'boolean': return v;
        case 'number': return Number.isFinite(v) ? v : marked('num', { v: String(v) });
        case 'bigint': return marked('num', { v: String(v) });
        case 'undefined': return marked('u');
        case 'function': return marked('fn');
        case 'symbol': return marked('sym');
      }
      if (v === null) return null;
      if (depth > MAX_DEPTH || path.has(v)) return marked('cut');
      if (v instanceof UINode) return marked('node', { elmtId: v.elmtId });
      path.add(v);
      try {
        if (isArray(v)) {
          const out: unknown[] = [];
          for (let i = 0; i < v.length && budget > 0; i++) out.push(value(v[i], depth + 1));
          return out;
        }
        const proto = protoOf(v);
        const out: Record<string, unknown> = proto === ObjectPrototype || proto === null ? {} : marked('obj');
        if (isView(v) || v instanceof ArrayBuffer) return out;
        for (const k of keysOf(v)) { if (budget <= 0) break; out[k] = value(v[k], depth + 1); }
        return out;
      } finally { path.delete(v); }
    };
    const node = (n: any): unknown => {
      if (--budget < 0) return undefined;
      const attrs: Record<string, unknown> = {};
      for (const k of keysOf(n.attrs ?? {})) attrs[k] = value(n.attrs[k], 0);
      const children: unknown[] = [];
      for (const c of n.children) { const s = node(c); if (s) children.push(s); }
      const out: Record<string, unknown> = { elmtId: n.elmtId, type: String(n.type), args: value(n.args ?? [], 0), attrs, children };
      // The user's Tabs / Swiper choice, while the app's own index is the one it was made with (framework/app.ts).
      if ((n.type === 'Tabs' || n.type === 'Swiper') && n.selected && rt.selectedIndex(n) === n.selected.index) out.selected = { index: n.selected.index };
      if (n.tabBarNode) out.tabBarNode = node(n.tabBarNode);
      return out;
    };
    const pages = rt.pages;
    return stringify({ root: rt.root ? node(rt.root) : null, page: pages && pages.length ? String(pages[pages.length - 1].path) : null });
  };
}
