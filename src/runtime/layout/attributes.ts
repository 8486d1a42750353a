/**
 * Reading a UINode's attributes and create() arguments through the resource resolver: `$r(...)` objects become the
 * primitives they stand for before layout or rendering looks at them.
 */
import type { UINode } from '../ui-node.js';
import type { ResourceResolver } from './types.js';

export class AttributeReader {
  constructor(private readonly resolver: ResourceResolver) {}

  /** Resolves a value and, one level down, the fields of a plain object (`{ space: $r(...) }`). */
  resolve(value: unknown): unknown {
    const v = this.resolver(value);
    if (v && typeof v === 'object' && !Array.isArray(v) && Object.getPrototypeOf(v) === Object.prototype) {
      const o = v as Record<string, unknown>;
      if ('id' in o && 'type' in o) return v;
      let out: Record<string, unknown> | undefined;
      for (const [k, x] of Object.entries(o)) {
        const r = this.resolver(x);
        if (r !== x) (out ??= { ...o })[k] = r;
      }
      return out ?? v;
    }
    return v;
  }

  /** The i-th argument of the last call of attribute `name` — its animated value at this moment while it animates. */
  attr(node: UINode, name: string, i = 0): unknown {
    const call = node.shown?.[name] ?? node.attrs[name];
    return call ? this.resolve(call[i]) : undefined;
  }

  arg(node: UINode, i = 0): unknown {
    return this.resolve(node.args[i]);
  }

  /** A field of the first create() argument when it is an object (`Column({ space: 8 })` → space). */
  option(node: UINode, field: string): unknown {
    const a = node.args[0];
    if (a && typeof a === 'object') return this.resolve((a as Record<string, unknown>)[field]);
    return undefined;
  }

  num(value: unknown): number | undefined {
    if (typeof value === 'number' && Number.isFinite(value)) return value;
    if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
    return undefined;
  }

  /** The string a value displays as: strings, numbers and booleans; undefined for anything else. */
  str(value: unknown): string | undefined {
    if (typeof value === 'string') return value;
    if (typeof value === 'number' || typeof value === 'boolean') return String(value);
    return undefined;
  }
}

/**
 * A Stack's alignment: `Stack({ alignContent })`, `.alignContent()` and the common `.align()` all write the one
 * alignment property of the reference's layout (StackModelNG::SetAlignment and ViewAbstract::SetAlign), so the
 * attribute called last wins over the create() option — and the inspector shows that value for both names.
 */
export function stackAlignment(node: UINode, reader: AttributeReader): unknown {
  const names = Object.keys(node.attrs).filter((n) => n === 'align' || n === 'alignContent');
  const last = names[names.length - 1];
  return last ? reader.attr(node, last) : reader.option(node, 'alignContent');
}

/** `id` or `key` attribute (ArkUI's inspector key), as a string. */
export function nodeId(node: UINode, reader: AttributeReader): string | undefined {
  return reader.str(reader.attr(node, 'id')) ?? reader.str(reader.attr(node, 'key'));
}

/** Plain data of the set attributes for the JSON renderer: resources resolved, functions and class instances
 *  (controllers) omitted, one-argument calls unwrapped. */
export function plainAttrs(node: UINode, reader: AttributeReader): Record<string, unknown> | undefined {
  let out: Record<string, unknown> | undefined;
  for (const [name, args] of Object.entries(node.attrs)) {
    const vals = args.map((a) => toPlain(reader.resolve(a), reader, 0));
    if (vals.some((v) => v === OMIT)) continue;
    (out ??= {})[name] = vals.length === 1 ? vals[0] : vals;
  }
  return out;
}

const OMIT = Symbol('omit');

function toPlain(v: unknown, reader: AttributeReader, depth: number): unknown {
  if (v === null || typeof v === 'string' || typeof v === 'boolean') return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : String(v);
  if (v === undefined) return null;
  if (typeof v === 'function' || typeof v === 'symbol' || typeof v === 'bigint' || depth > 6) return OMIT;
  if (Array.isArray(v)) {
    const a = v.map((x) => toPlain(reader.resolve(x), reader, depth + 1));
    return a.some((x) => x === OMIT) ? a.filter((x) => x !== OMIT) : a;
  }
  if (typeof v === 'object') {
    const proto = Object.getPrototypeOf(v);
    if (proto !== Object.prototype && proto !== null) return OMIT;
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      const p = toPlain(reader.resolve(x), reader, depth + 1);
      if (p !== OMIT) out[k] = p;
    }
    return out;
  }
  return OMIT;
}
