/**
 * The UI tree as the host sees it (evaluated in the app realm from source, see core.ts; host side: ui-snapshot.ts).
 *
 * Host code never walks the realm's own nodes: reading them would run app code outside the watchdog (a getter, a
 * Proxy trap, an `Array.prototype.map` the app replaced — which would also be handed host functions). The realm
 * writes the visible tree out as JSON text instead, under the watchdog, and the host lays out its own copy. Values
 * JSON cannot carry are marked with the key MARK: functions (`fn`: event handlers, builders), `undefined`,
 * non-finite numbers and bigints (`num`), symbols, instances of classes (`obj`, with their own enumerable fields), and
 * what the budget cut (`cut`: deeper than 12, cycles, past 200,000 values).
 *
 * Host code sees only what is written here: a field of UINode (ui-node.ts) that layout, a renderer or an input
 * handler reads must be written by `node()` below and read back by ui-snapshot.ts.
 */
export const SNAPSHOT_MARK = '\u0000hmos';

export function installSnapshot(g: any, mark: string): () => string {
  const rt = g.__rt;
  const isArray = Array.isArray;
  const keysOf = Object.keys;
  const protoOf = Object.getPrototypeOf;
  const ObjectPrototype = Object.prototype;
  const isView = ArrayBuffer.isView;
  const isFinite = Number.isFinite;
  const stringOf = String;
  const stringify = JSON.stringify;
  const UINode = rt.UINode;
  const MAX_VALUES = 200000;
  const MAX_DEPTH = 12;
  // Written as text directly (no intermediate objects): this runs after every change the app makes to its screen.
  const key = stringify(mark);
  const marked = (kind: string) => `{${key}:"${kind}"}`;
  const CUT = marked('cut'), UNDEFINED = marked('u'), FUNCTION = marked('fn'), SYMBOL = marked('sym');
  /** A number for JSON (element ids, indexes): what the framework made, or -1 for what app code broke. */
  const num = (v: unknown): string => { const n = +(v as number); return isFinite(n) ? stringOf(n) : '-1'; };

  return () => {
    let budget = MAX_VALUES;
    const path = new Set<unknown>();
    const value = (v: any, depth: number): string => {
      if (--budget < 0) return CUT;
      switch (typeof v) {
        case 'string': return stringify(v);
        case 'boolean': return v ? 'true' : 'false';
        case 'number': return isFinite(v) ? stringOf(v) : `{${key}:"num","v":"${stringOf(v)}"}`;
        case 'bigint': return `{${key}:"num","v":"${stringOf(v)}"}`;
        case 'undefined': return UNDEFINED;
        case 'function': return FUNCTION;
        case 'symbol': return SYMBOL;
      }
      if (v === null) return 'null';
      if (depth > MAX_DEPTH || path.has(v)) return CUT;
      if (v instanceof UINode) return `{${key}:"node","elmtId":${num(v.elmtId)}}`;
      path.add(v);
      try {
        let out: string;
        if (isArray(v)) {
          out = '[';
          for (let i = 0; i < v.length && budget > 0; i++) out += (i ? ',' : '') + value(v[i], depth + 1);
          return out + ']';
        }
        const proto = protoOf(v);
        out = proto === ObjectPrototype || proto === null ? '{' : `{${key}:"obj"`;
        if (isView(v) || v instanceof ArrayBuffer) return out + '}';
        let first = out.length === 1;
        const keys = keysOf(v);
        for (let i = 0; i < keys.length && budget > 0; i++) {
          out += (first ? '' : ',') + stringify(keys[i]) + ':' + value(v[keys[i]], depth + 1);
          first = false;
        }
        return out + '}';
      } finally { path.delete(v); }
    };
    /** Attribute name → arguments, as an object's text. */
    const calls = (attrs: any): string => {
      const names = keysOf(attrs);
      let a = '';
      for (let i = 0; i < names.length; i++) a += (i ? ',' : '') + stringify(names[i]) + ':' + value(attrs[names[i]], 0);
      return '{' + a + '}';
    };
    const node = (n: any): string => {
      if (--budget < 0) return '';
      let c = '';
      const children = n.children;
      for (let i = 0; i < children.length; i++) { const s = node(children[i]); if (s) c += (c ? ',' : '') + s; }
      let out = `{"elmtId":${num(n.elmtId)},"type":${stringify(stringOf(n.type))},"args":${value(n.args ?? [], 0)},"attrs":${calls(n.attrs ?? {})},"children":[${c}]`;
      // Attribute values an animation shows at this moment, over the attributes themselves (framework/animation.ts).
      if (n.shown && typeof n.shown === 'object') out += ',"shown":' + calls(n.shown);
      // The user's Tabs / Swiper choice, while the app's own index is the one it was made with (framework/app.ts).
      if ((n.type === 'Tabs' || n.type === 'Swiper' || n.type === 'Stepper' || n.type === 'Panel') && n.selected && rt.selectedIndex(n) === n.selected.index) out += `,"selected":{"index":${num(n.selected.index)}}`;
      // A NavRouter whose destination the Navigation around it shows (container-components.ts).
      // (and the Navigation around it, so layout looks for that destination only then).
      if ((n.type === 'NavRouter' && n.active === true) || (n.type === 'Navigation' && n.activeRouter?.active === true)) out += ',"active":true';
      if (n.tabBarNode) { const t = node(n.tabBarNode); if (t) out += ',"tabBarNode":' + t; }
      // What the user typed into an uncontrolled text input (framework/app.ts).
      if (typeof n.typed === 'string') out += ',"typed":' + stringify(n.typed);
      // On its way out (an exit transition): drawn, not hit by input.
      if (n.exiting === true) out += ',"exiting":true';
      return out + '}';
    };
    const pages = rt.pages;
    const page = pages && pages.length ? stringOf(pages[pages.length - 1].path) : null;
    return `{"root":${rt.root ? node(rt.root) || 'null' : 'null'},"page":${stringify(page)}}`;
  };
}
