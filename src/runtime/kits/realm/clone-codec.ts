/**
 * Structured clone as JSON-safe data and back: what taskpool sends between the app's realm and a task worker's
 * realm. Evaluated from source in both (only its parameters and standard JavaScript): `G` is that realm's global,
 * `fail(message)` makes that realm's error for what cannot be cloned (functions, symbols, cycles).
 */
export function makeCloneCodec(G: any, fail: (message: string) => Error): { encode(v: unknown): unknown; decode(w: unknown): unknown } {
  const encode = (v: any, seen: Set<any> = new Set()): any => {
    if (v === undefined) return { u: 1 };
    if (v === null || typeof v === 'boolean' || typeof v === 'string') return v;
    if (typeof v === 'number') return Number.isFinite(v) ? v : { n: String(v) };
    if (typeof v === 'bigint') return { b: v.toString() };
    if (typeof v === 'function' || typeof v === 'symbol') throw fail('An exception occurred during serialization, failed to serialize a function or symbol.');
    if (seen.has(v)) throw fail('An exception occurred during serialization, cyclic data cannot be cloned.');
    seen.add(v);
    try {
      if (v instanceof Date) return { d: v.getTime() };
      if (v instanceof RegExp) return { r: [v.source, v.flags] };
      if (v instanceof Map) return { m: [...v].map(([k, x]) => [encode(k, seen), encode(x, seen)]) };
      if (v instanceof Set) return { s: [...v].map((x) => encode(x, seen)) };
      if (v instanceof ArrayBuffer) return { ab: Array.from(new Uint8Array(v)) };
      if (ArrayBuffer.isView(v)) return { ta: Object.prototype.toString.call(v).slice(8, -1), v: Array.from(new Uint8Array(v.buffer, v.byteOffset, v.byteLength)) };
      if (v instanceof Error) return { e: [v.name, v.message, (v as any).code] };
      if (Array.isArray(v)) return { a: v.map((x) => encode(x, seen)) };
      const o: Record<string, any> = {};
      for (const k of Object.keys(v)) o[k] = encode(v[k], seen);
      return { o };
    } finally { seen.delete(v); }
  };
  const decode = (w: any): any => {
    if (w === null || typeof w !== 'object') return w;
    if ('u' in w) return undefined;
    if ('n' in w) return Number(w.n);
    if ('b' in w) return BigInt(w.b);
    if ('d' in w) return new Date(w.d);
    if ('r' in w) return new RegExp(w.r[0], w.r[1]);
    if ('m' in w) return new Map(w.m.map((p: any) => [decode(p[0]), decode(p[1])]));
    if ('s' in w) return new Set(w.s.map(decode));
    if ('ab' in w) return Uint8Array.from(w.ab).buffer;
    if ('ta' in w) { const b = Uint8Array.from(w.v).buffer; const C = G[w.ta]; return typeof C === 'function' ? new C(b) : new Uint8Array(b); }
    if ('e' in w) { const e: any = new Error(w.e[1]); e.name = w.e[0]; if (w.e[2] !== undefined) e.code = w.e[2]; return e; }
    if ('a' in w) return w.a.map(decode);
    const o: Record<string, any> = {};
    if (w.o) for (const k of Object.keys(w.o)) o[k] = decode(w.o[k]);
    return o;
  };
  return { encode, decode };
}
