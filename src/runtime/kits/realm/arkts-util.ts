/**
 * `@ohos.util` and `@ohos.util.json` in the app realm (evaluated from source; see core.ts): text codecs, Base64,
 * UUIDs, format, LRUCache, RationalNumber, ScopeHelper, types, promisify, Aspect, StringDecoder; ArkTS's JSON.
 * Pure JavaScript: the realm has no TextEncoder/Buffer of its own (DESIGN decision 5), so the codecs are written here.
 */
export function installArkTsUtil(g: any): void {
  const rt = g.__rt;
  const err = (code: number, msg: string) => rt.kitError(code, msg);
  const paramErr = (msg: string) => err(401, `Parameter error. ${msg}`);

  // ---- UTF-8 / UTF-16 / Latin-1 codecs ----
  const utf8Encode = (s: string): Uint8Array => {
    const out = new Uint8Array(s.length * 3);
    let n = 0;
    for (let i = 0; i < s.length; i++) {
      let c = s.charCodeAt(i);
      if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length) {
        const d = s.charCodeAt(i + 1);
        if (d >= 0xdc00 && d <= 0xdfff) { c = 0x10000 + ((c - 0xd800) << 10) + (d - 0xdc00); i++; } else c = 0xfffd;
      } else if (c >= 0xd800 && c <= 0xdfff) c = 0xfffd;
      if (c < 0x80) out[n++] = c;
      else if (c < 0x800) { out[n++] = 0xc0 | (c >> 6); out[n++] = 0x80 | (c & 63); }
      else if (c < 0x10000) { out[n++] = 0xe0 | (c >> 12); out[n++] = 0x80 | ((c >> 6) & 63); out[n++] = 0x80 | (c & 63); }
      else { out[n++] = 0xf0 | (c >> 18); out[n++] = 0x80 | ((c >> 12) & 63); out[n++] = 0x80 | ((c >> 6) & 63); out[n++] = 0x80 | (c & 63); }
    }
    return out.slice(0, n);
  };
  /** Decodes UTF-8; with `stream`, an incomplete sequence at the end is left over (`rest` bytes) for the next call. */
  const utf8Decode = (b: Uint8Array, fatal = false, stream = false): { text: string; rest: number } => {
    const parts: string[] = [];
    let s = '';
    let i = 0;
    const bad = () => { if (fatal) throw err(10200019, 'The encoded data is not valid.'); return '\ufffd'; };
    while (i < b.length) {
      const c = b[i];
      if (c < 0x80) { s += String.fromCharCode(c); i++; continue; }
      let need: number; let cp: number;
      if (c >= 0xc2 && c < 0xe0) { need = 1; cp = c & 31; } else if (c >= 0xe0 && c < 0xf0) { need = 2; cp = c & 15; } else if (c >= 0xf0 && c < 0xf5) { need = 3; cp = c & 7; } else { s += bad(); i++; continue; }
      if (i + need >= b.length && stream) {
        let partial = true;
        for (let k = i + 1; k < b.length; k++) if ((b[k] & 0xc0) !== 0x80) partial = false;
        if (partial) { parts.push(s); return { text: parts.join(''), rest: b.length - i }; }
      }
      let ok = true;
      for (let k = 1; k <= need; k++) {
        const x = b[i + k];
        if (x === undefined || (x & 0xc0) !== 0x80) { ok = false; break; }
        cp = (cp << 6) | (x & 63);
      }
      if (!ok || (need === 2 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) || (need === 3 && (cp < 0x10000 || cp > 0x10ffff))) { s += bad(); i++; continue; }
      i += need + 1;
      if (cp >= 0x10000) { cp -= 0x10000; s += String.fromCharCode(0xd800 + (cp >> 10), 0xdc00 + (cp & 1023)); } else s += String.fromCharCode(cp);
      if (s.length > 8192) { parts.push(s); s = ''; }
    }
    parts.push(s);
    return { text: parts.join(''), rest: 0 };
  };
  const ENCODINGS: Record<string, string> = { 'utf-8': 'utf-8', utf8: 'utf-8', 'utf-16le': 'utf-16le', 'utf-16be': 'utf-16be', 'utf-16': 'utf-16le',
    'iso-8859-1': 'latin1', latin1: 'latin1', 'us-ascii': 'latin1', ascii: 'latin1' };
  const bytesOf = (input: any): Uint8Array => {
    if (input instanceof Uint8Array) return input;
    if (input instanceof ArrayBuffer) return new Uint8Array(input);
    if (ArrayBuffer.isView(input)) return new Uint8Array(input.buffer, input.byteOffset, input.byteLength);
    throw paramErr('The type of "input" must be Uint8Array or ArrayBuffer.');
  };
  const encodeAs = (enc: string, s: string): Uint8Array => {
    if (enc === 'utf-8') return utf8Encode(s);
    if (enc === 'latin1') return Uint8Array.from(s, (ch) => ch.charCodeAt(0) & 255);
    const out = new Uint8Array(s.length * 2);
    for (let i = 0; i < s.length; i++) { const c = s.charCodeAt(i); if (enc === 'utf-16le') { out[2 * i] = c & 255; out[2 * i + 1] = c >> 8; } else { out[2 * i] = c >> 8; out[2 * i + 1] = c & 255; } }
    return out;
  };
  rt.utf8 = { encode: utf8Encode, decode: (b: Uint8Array) => utf8Decode(b).text };

  class TextEncoder {
    readonly encoding: string;
    constructor(encoding = 'utf-8') {
      const e = ENCODINGS[String(encoding).toLowerCase()];
      if (!e) throw paramErr(`Wrong encoding format, the current encoding format is not support: ${encoding}`);
      this.encoding = String(encoding).toLowerCase();
    }
    static create(encoding = 'utf-8') { return new TextEncoder(encoding); }
    encode(input = ''): Uint8Array { return encodeAs(ENCODINGS[this.encoding], String(input)); }
    encodeInto(input = '', dest?: Uint8Array): any {
      if (dest === undefined) return this.encode(input);
      return this.encodeIntoUint8Array(input, dest);
    }
    encodeIntoUint8Array(input: string, dest: Uint8Array): { read: number; written: number } {
      if (!(dest instanceof Uint8Array)) throw paramErr('The type of "dest" must be Uint8Array.');
      let read = 0; let written = 0;
      for (const ch of String(input)) {
        const b = encodeAs(ENCODINGS[this.encoding], ch);
        if (written + b.length > dest.length) break;
        dest.set(b, written); written += b.length; read += ch.length;
      }
      return { read, written };
    }
  }
  class TextDecoder {
    readonly encoding: string; readonly fatal: boolean; readonly ignoreBOM: boolean;
    private pending: Uint8Array = new Uint8Array(0);
    constructor(encoding = 'utf-8', options?: { fatal?: boolean; ignoreBOM?: boolean }) {
      const e = ENCODINGS[String(encoding).toLowerCase()];
      if (!e) throw paramErr(`Wrong encoding format, the current encoding format is not support: ${encoding}`);
      this.encoding = String(encoding).toLowerCase(); this.fatal = !!options?.fatal; this.ignoreBOM = !!options?.ignoreBOM;
    }
    static create(encoding = 'utf-8', options?: { fatal?: boolean; ignoreBOM?: boolean }) { return new TextDecoder(encoding, options); }
    decodeToString(input: any, options?: { stream?: boolean }): string {
      let b = bytesOf(input);
      if (this.pending.length) { const j = new Uint8Array(this.pending.length + b.length); j.set(this.pending); j.set(b, this.pending.length); b = j; this.pending = new Uint8Array(0); }
      const enc = ENCODINGS[this.encoding];
      if (enc === 'utf-8') {
        if (!this.ignoreBOM && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) b = b.subarray(3);
        const r = utf8Decode(b, this.fatal, !!options?.stream);
        if (r.rest) this.pending = b.slice(b.length - r.rest);
        return r.text;
      }
      if (enc === 'latin1') { let s = ''; for (let i = 0; i < b.length; i++) s += String.fromCharCode(b[i]); return s; }
      let s = ''; const le = enc === 'utf-16le';
      let start = 0;
      if (!this.ignoreBOM && b.length >= 2 && ((le && b[0] === 0xff && b[1] === 0xfe) || (!le && b[0] === 0xfe && b[1] === 0xff))) start = 2;
      for (let i = start; i + 1 < b.length; i += 2) s += String.fromCharCode(le ? b[i] | (b[i + 1] << 8) : (b[i] << 8) | b[i + 1]);
      return s;
    }
    decodeWithStream(input: any, options?: { stream?: boolean }): string { return this.decodeToString(input, options); }
    decode(input: any, options?: { stream?: boolean }): string { return this.decodeToString(input, options); }
  }
  g.TextEncoder = TextEncoder; g.TextDecoder = TextDecoder;

  // ---- Base64 ----
  const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  const B64URL = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
  const Type = { BASIC: 0, MIME: 1, BASIC_URL_SAFE: 2, MIME_URL_SAFE: 3 };
  // A megabyte of bytes crosses the kit bridge as base64 (DESIGN decision 10), so this runs on every large buffer a kit
  // call sends: digits are written as char codes into a byte array, then turned into a string a chunk at a time
  // (concatenating 2-character pieces was ~10x slower).
  const b64encode = (b: Uint8Array, type = 0): string => {
    const alpha = type >= 2 ? B64URL : B64;
    const codes = new Uint8Array(64);
    for (let i = 0; i < 64; i++) codes[i] = alpha.charCodeAt(i);
    const whole = b.length - (b.length % 3);
    const out = new Uint8Array((whole / 3) * 4);
    let o = 0;
    for (let i = 0; i < whole; i += 3) {
      const n = (b[i] << 16) | (b[i + 1] << 8) | b[i + 2];
      out[o++] = codes[n >> 18]; out[o++] = codes[(n >> 12) & 63]; out[o++] = codes[(n >> 6) & 63]; out[o++] = codes[n & 63];
    }
    const parts: string[] = [];
    for (let k = 0; k < out.length; k += 8192) parts.push(String.fromCharCode.apply(null, out.subarray(k, k + 8192) as unknown as number[]));
    let s = parts.join('');
    if (whole < b.length) {
      const n = (b[whole] << 16) | ((b[whole + 1] ?? 0) << 8);
      s += alpha[(n >> 18) & 63] + alpha[(n >> 12) & 63] + (whole + 1 < b.length ? alpha[(n >> 6) & 63] : type >= 2 ? '' : '=') + (type >= 2 ? '' : '=');
    }
    if (type === 1 || type === 3) s = s.replace(/(.{76})/g, '$1\r\n').replace(/\r\n$/, '') + '\r\n';
    return s;
  };
  /** Value of each base64 digit by char code. */
  let DIGIT: Uint8Array | undefined;
  const digits = () => { const t = new Uint8Array(128); for (let i = 0; i < 64; i++) t[B64.charCodeAt(i)] = i; return t; };
  const b64decode = (input: string, type = 0): Uint8Array => {
    const clean = String(input).replace(/[\r\n\s]/g, '').replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, '');
    if (/[^A-Za-z0-9+/]/.test(clean) || clean.length % 4 === 1) throw err(10200002, 'Invalid base64 string.');
    void type;
    const out = new Uint8Array(Math.floor((clean.length * 3) / 4));
    const value = (DIGIT ??= digits());
    let n = 0; let acc = 0; let bits = 0;
    for (let i = 0; i < clean.length; i++) {
      acc = ((acc << 6) | value[clean.charCodeAt(i)]) & 0xffffff; bits += 6;
      if (bits >= 8) { bits -= 8; out[n++] = (acc >> bits) & 255; }
    }
    return out.subarray(0, n);
  };
  rt.base64 = { encode: b64encode, decode: b64decode };
  class Base64Helper {
    encodeSync(src: Uint8Array, options: number = Type.BASIC): Uint8Array { return utf8Encode(b64encode(bytesOf(src), options)); }
    encodeToStringSync(src: Uint8Array, options: number = Type.BASIC): string { return b64encode(bytesOf(src), options); }
    decodeSync(src: Uint8Array | string, options: number = Type.BASIC): Uint8Array { return b64decode(typeof src === 'string' ? src : utf8Decode(bytesOf(src)).text, options); }
    encode(src: Uint8Array, options?: number): Promise<Uint8Array> { return rt.asyncApi(() => this.encodeSync(src, options)); }
    encodeToString(src: Uint8Array, options?: number): Promise<string> { return rt.asyncApi(() => this.encodeToStringSync(src, options)); }
    decode(src: Uint8Array | string, options?: number): Promise<Uint8Array> { return rt.asyncApi(() => this.decodeSync(src, options)); }
  }

  // ---- format ----
  const show = (v: any, depth = 0): string => {
    if (typeof v === 'string') return depth ? `'${v}'` : v;
    if (typeof v === 'function') return `[Function: ${v.name || 'anonymous'}]`;
    if (v instanceof Error) return v.stack ?? `${v.name}: ${v.message}`;
    if (Array.isArray(v)) return depth > 2 ? '[Array]' : `[ ${v.map((x) => show(x, depth + 1)).join(', ')} ]`;
    if (v && typeof v === 'object') {
      if (depth > 2) return '[Object]';
      const ks = Object.keys(v);
      return ks.length ? `{ ${ks.map((k) => `${k}: ${show(v[k], depth + 1)}`).join(', ')} }` : '{}';
    }
    return String(v);
  };
  const format = (f: any, ...args: any[]): string => {
    if (typeof f !== 'string') return [f, ...args].map((x) => show(x)).join(' ');
    let i = 0;
    const out = f.replace(/%([sdifjoOc%])/g, (m, c) => {
      if (c === '%') return '%';
      if (i >= args.length) return m;
      const v = args[i++];
      switch (c) {
        case 's': return typeof v === 'bigint' ? `${v}n` : typeof v === 'object' && v !== null ? show(v, 1) : String(v);
        case 'd': case 'i': return typeof v === 'bigint' ? `${v}n` : typeof v === 'symbol' ? 'NaN' : String(c === 'i' ? parseInt(v, 10) : Number(v));
        case 'f': return String(parseFloat(v));
        case 'j': try { return JSON.stringify(v); } catch { return '[Circular]'; }
        case 'c': return '';
        default: return show(v, 1);
      }
    });
    return [out, ...args.slice(i).map((x) => show(x))].join(' ');
  };

  // ---- UUID ----
  const randomBytes = (n: number): Uint8Array => Uint8Array.from(rt.kitCall('sys.random', { n }) as number[]);
  const uuidString = (b: Uint8Array) => {
    const h = Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
  };
  const binaryUUID = () => { const b = randomBytes(16); b[6] = (b[6] & 0x0f) | 0x40; b[8] = (b[8] & 0x3f) | 0x80; return b; };
  const parseUUID = (uuid: string): Uint8Array => {
    if (typeof uuid !== 'string' || !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(uuid)) throw err(10200002, 'Invalid uuid string.');
    const h = uuid.replace(/-/g, '');
    return Uint8Array.from({ length: 16 }, (_, i) => parseInt(h.slice(2 * i, 2 * i + 2), 16));
  };

  // ---- LRUCache ----
  class LRUCache<K, V> {
    private map = new Map<K, V>(); private cap: number;
    private putCount = 0; private createCount = 0; private evictionCount = 0; private hitCount = 0; private missCount = 0;
    constructor(capacity = 64) {
      if (capacity !== undefined && (typeof capacity !== 'number' || !(capacity > 0) || !Number.isInteger(capacity))) throw paramErr('The type of "capacity" must be a positive integer.');
      this.cap = capacity;
    }
    get length(): number { return this.map.size; }
    getCapacity(): number { return this.cap; }
    updateCapacity(n: number): void {
      if (typeof n !== 'number' || !(n > 0)) throw paramErr('The type of "newCapacity" must be a positive integer.');
      this.cap = n; this.trim();
    }
    private trim(): void {
      while (this.map.size > this.cap) {
        const [k, v] = this.map.entries().next().value as [K, V];
        this.map.delete(k); this.evictionCount++;
        this.afterRemoval(true, k, v, undefined as any);
      }
    }
    clear(): void { const old = [...this.map]; this.map.clear(); for (const [k, v] of old) this.afterRemoval(false, k, v, undefined as any); }
    getCreateCount(): number { return this.createCount; }
    getMissCount(): number { return this.missCount; }
    getRemovalCount(): number { return this.evictionCount; }
    getMatchCount(): number { return this.hitCount; }
    getPutCount(): number { return this.putCount; }
    isEmpty(): boolean { return this.map.size === 0; }
    get(key: K): V | undefined {
      if (key === undefined || key === null) throw paramErr('The type of "key" must be Object.');
      if (this.map.has(key)) { const v = this.map.get(key)!; this.map.delete(key); this.map.set(key, v); this.hitCount++; return v; }
      this.missCount++;
      const created = this.createDefault(key);
      if (created === undefined) return undefined;
      this.createCount++;
      this.put(key, created);
      return created;
    }
    put(key: K, value: V): V {
      if (key === undefined || key === null || value === undefined || value === null) throw paramErr('The type of "key" and "value" must be Object.');
      const had = this.map.has(key); const old = this.map.get(key);
      this.map.delete(key); this.map.set(key, value); this.putCount++;
      if (had) this.afterRemoval(false, key, old as V, value);
      this.trim();
      return value;
    }
    values(): V[] { return [...this.map.values()]; }
    keys(): K[] { return [...this.map.keys()]; }
    remove(key: K): V | undefined {
      if (key === undefined || key === null) throw paramErr('The type of "key" must be Object.');
      if (!this.map.has(key)) return undefined;
      const v = this.map.get(key); this.map.delete(key); this.afterRemoval(false, key, v as V, undefined as any); return v;
    }
    afterRemoval(_isEvict: boolean, _key: K, _value: V, _newValue: V): void {}
    contains(key: K): boolean {
      if (key === undefined || key === null) throw paramErr('The type of "key" must be Object.');
      if (this.map.has(key)) { this.hitCount++; return true; }
      this.missCount++; return false;
    }
    createDefault(_key: K): V { return undefined as any; }
    entries(): IterableIterator<[K, V]> { return this.map.entries(); }
    [Symbol.iterator](): IterableIterator<[K, V]> { return this.map.entries(); }
    toString(): string {
      const total = this.hitCount + this.missCount;
      return `LRUCache[ maxSize = ${this.cap}, hits = ${this.hitCount}, misses = ${this.missCount}, hitRate = ${total ? Math.round((this.hitCount / total) * 100) : 0}% ]`;
    }
  }

  // ---- RationalNumber ----
  const gcd = (a: number, b: number): number => { a = Math.abs(a); b = Math.abs(b); while (b) [a, b] = [b, a % b]; return a; };
  class RationalNumber {
    private mnum = 0; private mden = 0;
    constructor(numerator?: number, denominator?: number) {
      if (numerator === undefined) return;
      if (typeof numerator !== 'number' || typeof denominator !== 'number') throw paramErr('The type of "numerator" and "denominator" must be number.');
      if (denominator === 0) { this.mnum = numerator > 0 ? 1 : numerator < 0 ? -1 : 0; this.mden = 0; return; }
      if (numerator === 0) { this.mnum = 0; this.mden = 1; return; }
      const d = gcd(numerator, denominator); const s = denominator < 0 ? -1 : 1;
      this.mnum = (s * numerator) / d; this.mden = (s * denominator) / d;
    }
    static parseRationalNumber(numerator: number, denominator: number): RationalNumber { return new RationalNumber(numerator, denominator); }
    static createRationalFromString(s: string): RationalNumber {
      const m = /^\s*(-?\d+)\s*[:/]\s*(-?\d+)\s*$/.exec(String(s));
      if (!m) throw paramErr('The type of "rationalString" must be a valid string.');
      return new RationalNumber(Number(m[1]), Number(m[2]));
    }
    static getCommonFactor(a: number, b: number): number {
      if (typeof a !== 'number' || typeof b !== 'number') throw paramErr('The type of "number1" and "number2" must be number.');
      return gcd(a, b);
    }
    static getCommonDivisor(a: number, b: number): number { return RationalNumber.getCommonFactor(a, b); }
    compare(other: RationalNumber): number {
      if (!(other instanceof RationalNumber)) throw paramErr('The type of "another" must be RationalNumber.');
      if (this.isNaN() && other.isNaN()) return 0; if (this.isNaN()) return 1; if (other.isNaN()) return -1;
      const a = this.valueOf(); const b = other.valueOf();
      return a === b ? 0 : a < b ? -1 : 1;
    }
    compareTo(other: RationalNumber): number { return this.compare(other); }
    equals(obj: unknown): boolean { return obj instanceof RationalNumber && obj.mnum === this.mnum && obj.mden === this.mden; }
    valueOf(): number { return this.mden === 0 ? (this.mnum === 0 ? NaN : this.mnum > 0 ? Infinity : -Infinity) : this.mnum / this.mden; }
    getDenominator(): number { return this.mden; }
    getNumerator(): number { return this.mnum; }
    isFinite(): boolean { return this.mden !== 0; }
    isNaN(): boolean { return this.mden === 0 && this.mnum === 0; }
    isZero(): boolean { return this.mnum === 0 && this.mden !== 0; }
    toString(): string {
      if (this.mden === 0) return this.mnum === 0 ? 'NaN' : this.mnum > 0 ? 'Infinity' : '-Infinity';
      return `${this.mnum}/${this.mden}`;
    }
  }

  // ---- ScopeHelper (ScopeComparable.compareTo(b) is "this >= b") ----
  class ScopeHelper {
    private lower: any; private upper: any;
    private static ge(a: any, b: any): boolean { return !!a.compareTo(b); }
    constructor(lower: any, upper: any) {
      if (!lower || !upper || typeof lower.compareTo !== 'function' || typeof upper.compareTo !== 'function') throw paramErr('The type of "lowerObj" and "upperObj" must be ScopeComparable.');
      if (!ScopeHelper.ge(upper, lower)) throw paramErr('The lower limit must be less than or equal to the upper limit.');
      this.lower = lower; this.upper = upper;
    }
    getUpper() { return this.upper; }
    getLower() { return this.lower; }
    intersect(lo: any, hi?: any): ScopeHelper {
      if (lo instanceof ScopeHelper) return this.intersect(lo.lower, lo.upper);
      const nlo = ScopeHelper.ge(this.lower, lo) ? this.lower : lo; const nhi = ScopeHelper.ge(hi, this.upper) ? this.upper : hi;
      if (!ScopeHelper.ge(nhi, nlo)) throw paramErr('The ranges do not intersect.');
      return new ScopeHelper(nlo, nhi);
    }
    expand(lo: any, hi?: any): ScopeHelper {
      if (lo instanceof ScopeHelper) return this.expand(lo.lower, lo.upper);
      if (hi === undefined) hi = lo;
      return new ScopeHelper(ScopeHelper.ge(lo, this.lower) ? this.lower : lo, ScopeHelper.ge(this.upper, hi) ? this.upper : hi);
    }
    contains(v: any): boolean {
      if (v instanceof ScopeHelper) return this.contains(v.lower) && this.contains(v.upper);
      return ScopeHelper.ge(v, this.lower) && ScopeHelper.ge(this.upper, v);
    }
    clamp(v: any): any { return this.contains(v) ? v : ScopeHelper.ge(v, this.upper) ? this.upper : this.lower; }
    toString(): string { return `[${this.lower}, ${this.upper}]`; }
  }

  // ---- types ----
  const tag = (v: any) => Object.prototype.toString.call(v).slice(8, -1);
  const typed = (name: string) => (v: any) => ArrayBuffer.isView(v) && tag(v) === name;
  class types {
    isAnyArrayBuffer(v: any) { return v instanceof ArrayBuffer || tag(v) === 'SharedArrayBuffer'; }
    isArrayBufferView(v: any) { return ArrayBuffer.isView(v); }
    isArgumentsObject(v: any) { return tag(v) === 'Arguments'; }
    isArrayBuffer(v: any) { return v instanceof ArrayBuffer; }
    isAsyncFunction(v: any) { return tag(v) === 'AsyncFunction' || tag(v) === 'AsyncGeneratorFunction'; }
    isBooleanObject(v: any) { return typeof v === 'object' && tag(v) === 'Boolean'; }
    isBoxedPrimitive(v: any) { return typeof v === 'object' && v !== null && ['Boolean', 'Number', 'String', 'Symbol', 'BigInt'].includes(tag(v)); }
    isDataView(v: any) { return tag(v) === 'DataView'; }
    isDate(v: any) { return tag(v) === 'Date'; }
    isExternal() { return false; }
    isGeneratorFunction(v: any) { return tag(v) === 'GeneratorFunction' || tag(v) === 'AsyncGeneratorFunction'; }
    isGeneratorObject(v: any) { return tag(v) === 'Generator'; }
    isMap(v: any) { return tag(v) === 'Map'; }
    isMapIterator(v: any) { return tag(v) === 'Map Iterator'; }
    isModuleNamespaceObject(v: any) { return tag(v) === 'Module'; }
    isNativeError(v: any) { return v instanceof Error || tag(v) === 'Error'; }
    isNumberObject(v: any) { return typeof v === 'object' && tag(v) === 'Number'; }
    isPromise(v: any) { return tag(v) === 'Promise'; }
    isProxy() { return false; }
    isRegExp(v: any) { return tag(v) === 'RegExp'; }
    isSet(v: any) { return tag(v) === 'Set'; }
    isSetIterator(v: any) { return tag(v) === 'Set Iterator'; }
    isSharedArrayBuffer(v: any) { return tag(v) === 'SharedArrayBuffer'; }
    isStringObject(v: any) { return typeof v === 'object' && tag(v) === 'String'; }
    isSymbolObject(v: any) { return typeof v === 'object' && tag(v) === 'Symbol'; }
    isTypedArray(v: any) { return ArrayBuffer.isView(v) && tag(v) !== 'DataView'; }
    isWeakMap(v: any) { return tag(v) === 'WeakMap'; }
    isWeakSet(v: any) { return tag(v) === 'WeakSet'; }
    isSendable(v: any) { return rt.isSendable?.(v) ?? false; }
  }
  for (const n of ['Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array', 'Float32Array', 'Float64Array', 'BigInt64Array', 'BigUint64Array']) {
    (types.prototype as any)[`is${n}`] = typed(n);
  }

  // ---- promisify, callbackWrapper, Aspect, StringDecoder ----
  const promisify = (fn: any) => {
    if (typeof fn !== 'function') throw paramErr('The type of "original" must be Function.');
    return function (this: any, ...a: any[]) { return new Promise((res, rej) => { fn.call(this, ...a, (e: any, v: any) => (e ? rej(e) : res(v))); }); };
  };
  const callbackWrapper = (fn: any) => {
    if (typeof fn !== 'function') throw paramErr('The type of "original" must be Function.');
    return function (this: any, ...a: any[]) {
      const cb = a.pop();
      Promise.resolve(fn.apply(this, a)).then((v) => cb(null, v), (e) => cb(e ?? new Error('Promise was rejected with falsy value')));
    };
  };
  const Aspect = {
    addBefore(cls: any, name: string, isStatic: boolean, before: (...a: any[]) => void) { const o = isStatic ? cls : cls.prototype; const f = o[name]; o[name] = function (this: any, ...a: any[]) { before(this, ...a); return f.apply(this, a); }; },
    addAfter(cls: any, name: string, isStatic: boolean, after: (...a: any[]) => any) { const o = isStatic ? cls : cls.prototype; const f = o[name]; o[name] = function (this: any, ...a: any[]) { const r = f.apply(this, a); return after(this, r, ...a); }; },
    replace(cls: any, name: string, isStatic: boolean, instead: (...a: any[]) => any) { const o = isStatic ? cls : cls.prototype; o[name] = function (this: any, ...a: any[]) { return instead(this, ...a); }; },
  };
  class StringDecoder {
    private dec: TextDecoder;
    constructor(encoding = 'utf-8') { this.dec = new TextDecoder(encoding); }
    write(chunk: string | Uint8Array): string { return typeof chunk === 'string' ? chunk : this.dec.decodeToString(chunk, { stream: true }); }
    end(chunk?: string | Uint8Array): string { const s = chunk === undefined ? '' : this.write(chunk); return s + this.dec.decodeToString(new Uint8Array(0)); }
  }
  const getHash = (o: any) => {
    if (typeof o !== 'object' || o === null) throw paramErr('The type of "object" must be object.');
    return rt.identityHash(o);
  };
  const ids = new WeakMap<object, number>(); let nextHash = 0x1f2e3d;
  rt.identityHash = (o: object) => { let h = ids.get(o); if (h === undefined) { nextHash = (nextHash * 1103515245 + 12345) & 0x7fffffff; h = nextHash; ids.set(o, h); } return h; };
  const errnoNames: Record<number, string> = { [-1]: 'operation not permitted', [-2]: 'no such file or directory', [-13]: 'permission denied', [-17]: 'file already exists' };

  const util = {
    TextEncoder, TextDecoder, Base64Helper, Base64: Base64Helper, Type, LRUCache, LruBuffer: LRUCache, RationalNumber, ScopeHelper, Scope: ScopeHelper,
    types, Aspect, StringDecoder, format, printf: format, promisify, promiseWrapper: promisify, callbackWrapper,
    generateRandomUUID: (_entropyCache?: boolean) => uuidString(binaryUUID()),
    generateRandomBinaryUUID: (_entropyCache?: boolean) => binaryUUID(),
    parseUUID, getHash, errnoToString: (e: number) => errnoNames[e] ?? `Unknown system error ${e}`,
    getErrorString: (e: number) => errnoNames[e] ?? `Unknown system error ${e}`,
    isErrorCode: undefined,
  };
  delete (util as any).isErrorCode;
  rt.defineModule('@ohos.util', () => util);

  // ---- ArkTS JSON (@ohos.util.json) ----
  const BigIntMode = { DEFAULT: 0, PARSE_AS_BIGINT: 1, ALWAYS_PARSE_AS_BIGINT: 2 };
  const parseWithBigInt = (text: string, mode: number): any => {
    // Numbers become BigInt when they are integers beyond 2^53 (PARSE_AS_BIGINT) or always for integers.
    let i = 0;
    const ws = () => { while (i < text.length && ' \t\n\r'.includes(text[i])) i++; };
    const fail = (): never => { throw new SyntaxError(`Unexpected token in JSON at position ${i}`); };
    const value = (): any => {
      ws();
      const c = text[i];
      if (c === '{') { i++; const o: any = {}; ws(); if (text[i] === '}') { i++; return o; } for (;;) { ws(); const k = str(); ws(); if (text[i++] !== ':') fail(); o[k] = value(); ws(); if (text[i] === ',') { i++; continue; } if (text[i++] === '}') return o; fail(); } }
      if (c === '[') { i++; const a: any[] = []; ws(); if (text[i] === ']') { i++; return a; } for (;;) { a.push(value()); ws(); if (text[i] === ',') { i++; continue; } if (text[i++] === ']') return a; fail(); } }
      if (c === '"') return str();
      if (text.startsWith('true', i)) { i += 4; return true; }
      if (text.startsWith('false', i)) { i += 5; return false; }
      if (text.startsWith('null', i)) { i += 4; return null; }
      const m = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(i));
      if (!m) fail();
      i += m![0].length;
      const isInt = !m![2] && !m![3];
      if (isInt && (mode === 2 || (mode === 1 && !Number.isSafeInteger(Number(m![0]))))) return BigInt(m![0]);
      return Number(m![0]);
    };
    const str = (): string => {
      if (text[i] !== '"') fail();
      const start = i; i++;
      while (i < text.length && text[i] !== '"') { if (text[i] === '\\') i++; i++; }
      i++;
      return JSON.parse(text.slice(start, i));
    };
    const v = value(); ws();
    if (i < text.length) fail();
    return v;
  };
  const revive = (holder: any, key: string, reviver: any): any => {
    const val = holder[key];
    if (val && typeof val === 'object') for (const k of Object.keys(val)) { const nv = revive(val, k, reviver); if (nv === undefined) delete val[k]; else val[k] = nv; }
    return reviver.call(holder, key, val);
  };
  const arkJSON = {
    parse(text: string, reviver?: (k: string, v: any) => any, options?: { bigIntMode?: number }): any {
      if (typeof text !== 'string') throw paramErr('The type of "text" must be string.');
      const mode = options?.bigIntMode ?? 0;
      const v = mode ? parseWithBigInt(text, mode) : JSON.parse(text);
      return typeof reviver === 'function' ? revive({ '': v }, '', reviver) : v;
    },
    stringify(value: any, replacer?: any, space?: string | number): string {
      return JSON.stringify(value, (k, v) => {
        const r = typeof replacer === 'function' ? replacer(k, v) : v;
        return typeof r === 'bigint' ? rt.rawJson(r.toString()) : r instanceof Map ? Object.fromEntries(r) : r instanceof Set ? [...r] : r;
      }, space).replace(/"\\u0000RAW:([^"]*)"/g, '$1');
    },
    has(obj: object, property: string): boolean {
      if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) throw paramErr('The type of "obj" must be object.');
      if (typeof property !== 'string' || !property) throw paramErr('The type of "property" must be a non-empty string.');
      return Object.prototype.hasOwnProperty.call(obj, property);
    },
    remove(obj: object, property: string): void {
      if (typeof obj !== 'object' || obj === null || Array.isArray(obj)) throw paramErr('The type of "obj" must be object.');
      if (typeof property !== 'string' || !property) throw paramErr('The type of "property" must be a non-empty string.');
      delete (obj as any)[property];
    },
    BigIntMode,
  };
  rt.rawJson = (digits: string) => `\u0000RAW:${digits}`;
  rt.defineModule('@ohos.util.json', () => arkJSON);
}
