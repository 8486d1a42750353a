/**
 * `@ohos.buffer` in the app realm (evaluated from source; see core.ts): Buffer over a Uint8Array view with the
 * platform's encodings (utf8, utf16le/ucs2, ascii, latin1/binary, base64, base64url, hex), number reads and writes,
 * and Blob. Errors: 10200001 out of range, 401 wrong parameter types.
 */
export function installArkTsBuffer(g: any): void {
  const rt = g.__rt;
  const err = (code: number, msg: string) => rt.kitError(code, msg);
  const ENC = ['utf8', 'utf-8', 'ucs2', 'ucs-2', 'utf16le', 'utf-16le', 'ascii', 'latin1', 'binary', 'base64', 'base64url', 'hex'];
  const norm = (e: any): string => {
    const x = String(e ?? 'utf8').toLowerCase();
    if (!ENC.includes(x)) throw err(401, `Parameter error. The type of "encoding" must be BufferEncoding. the encoding ${e} is unknown`);
    return x === 'utf-8' ? 'utf8' : x === 'ucs2' || x === 'ucs-2' || x === 'utf-16le' ? 'utf16le' : x === 'binary' ? 'latin1' : x;
  };
  const encode = (s: string, enc: string): Uint8Array => {
    switch (enc) {
      case 'utf8': return rt.utf8.encode(s);
      case 'utf16le': { const o = new Uint8Array(s.length * 2); for (let i = 0; i < s.length; i++) { const c = s.charCodeAt(i); o[2 * i] = c & 255; o[2 * i + 1] = c >> 8; } return o; }
      case 'ascii': case 'latin1': return Uint8Array.from(s, (c) => c.charCodeAt(0) & 255);
      case 'base64': case 'base64url': try { return rt.base64.decode(s); } catch { return new Uint8Array(0); }
      case 'hex': { const n = Math.floor(s.length / 2); const o = new Uint8Array(n); let k = 0; for (; k < n; k++) { const v = parseInt(s.substr(2 * k, 2), 16); if (Number.isNaN(v)) break; o[k] = v; } return o.subarray(0, k); }
      default: return rt.utf8.encode(s);
    }
  };
  const decode = (b: Uint8Array, enc: string): string => {
    switch (enc) {
      case 'utf8': return rt.utf8.decode(b);
      case 'utf16le': { let s = ''; for (let i = 0; i + 1 < b.length; i += 2) s += String.fromCharCode(b[i] | (b[i + 1] << 8)); return s; }
      case 'ascii': { let s = ''; for (const x of b) s += String.fromCharCode(x & 127); return s; }
      case 'latin1': { let s = ''; for (const x of b) s += String.fromCharCode(x); return s; }
      case 'base64': return rt.base64.encode(b, 0);
      case 'base64url': return rt.base64.encode(b, 2);
      case 'hex': return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
      default: return rt.utf8.decode(b);
    }
  };
  const int = (name: string, v: any, lo: number, hi: number) => {
    if (typeof v !== 'number') throw err(401, `Parameter error. The type of "${name}" must be number. Received value is: ${String(v)}`);
    if (!(v >= lo && v <= hi) || !Number.isInteger(v)) throw err(10200001, `The value of "${name}" is out of range. It must be >= ${lo} and <= ${hi}. Received value is: ${v}`);
  };

  class Buffer {
    private bytes: Uint8Array;
    constructor(bytes: Uint8Array) { this.bytes = bytes; }
    get length(): number { return this.bytes.length; }
    get buffer(): ArrayBuffer { return this.bytes.buffer as ArrayBuffer; }
    get byteOffset(): number { return this.bytes.byteOffset; }
    /** The underlying view (other realm-side kits read it). */
    get view(): Uint8Array { return this.bytes; }
    toString(encoding?: string, start = 0, end = this.bytes.length): string { return decode(this.bytes.subarray(Math.max(0, start), Math.min(end, this.bytes.length)), norm(encoding)); }
    toJSON(): { type: 'Buffer'; data: number[] } { return { type: 'Buffer', data: Array.from(this.bytes) }; }
    equals(other: any): boolean { const o = viewOf(other); return o.length === this.bytes.length && o.every((x, i) => x === this.bytes[i]); }
    compare(target: any, tStart = 0, tEnd?: number, sStart = 0, sEnd = this.bytes.length): number {
      const t = viewOf(target).subarray(tStart, tEnd ?? viewOf(target).length); const s = this.bytes.subarray(sStart, sEnd);
      for (let i = 0; i < Math.min(t.length, s.length); i++) if (s[i] !== t[i]) return s[i] < t[i] ? -1 : 1;
      return s.length === t.length ? 0 : s.length < t.length ? -1 : 1;
    }
    copy(target: Buffer | Uint8Array, tStart = 0, sStart = 0, sEnd = this.bytes.length): number {
      const t = viewOf(target);
      int('targetStart', tStart, 0, Number.MAX_SAFE_INTEGER); int('sourceStart', sStart, 0, Number.MAX_SAFE_INTEGER);
      const part = this.bytes.subarray(sStart, Math.min(sEnd, sStart + (t.length - tStart)));
      t.set(part, tStart);
      return part.length;
    }
    fill(value: any, offset = 0, end = this.bytes.length, encoding?: string): Buffer {
      int('offset', offset, 0, this.bytes.length); int('end', end, 0, this.bytes.length);
      const src = typeof value === 'number' ? new Uint8Array([value & 255]) : typeof value === 'string' ? encode(value, norm(encoding)) : viewOf(value);
      if (!src.length) { this.bytes.fill(0, offset, end); return this; }
      for (let i = offset; i < end; i++) this.bytes[i] = src[(i - offset) % src.length];
      return this;
    }
    write(str: string, offset = 0, length = this.bytes.length - offset, encoding = 'utf8'): number {
      if (typeof str !== 'string') throw err(401, 'Parameter error. The type of "str" must be string.');
      if (typeof offset === 'string') { encoding = offset; offset = 0; length = this.bytes.length; }
      int('offset', offset, 0, this.bytes.length);
      const b = encode(str, norm(encoding)).subarray(0, Math.min(length, this.bytes.length - offset));
      this.bytes.set(b, offset); return b.length;
    }
    subarray(start = 0, end = this.bytes.length): Buffer { return new Buffer(this.bytes.subarray(start, end)); }
    slice(start = 0, end = this.bytes.length): Buffer { return this.subarray(start, end); }
    indexOf(value: any, byteOffset = 0, encoding?: string): number { return find(this.bytes, needle(value, encoding), byteOffset, false); }
    lastIndexOf(value: any, byteOffset = this.bytes.length, encoding?: string): number { return find(this.bytes, needle(value, encoding), byteOffset, true); }
    includes(value: any, byteOffset = 0, encoding?: string): boolean { return this.indexOf(value, byteOffset, encoding) >= 0; }
    entries(): IterableIterator<[number, number]> { return this.bytes.entries(); }
    keys(): IterableIterator<number> { return this.bytes.keys(); }
    values(): IterableIterator<number> { return this.bytes.values(); }
    [Symbol.iterator](): IterableIterator<number> { return this.bytes.values(); }
    swap16(): Buffer { if (this.bytes.length % 2) throw err(10200009, 'The buffer size must be a multiple of 16-bits'); for (let i = 0; i < this.bytes.length; i += 2) this.bytes.subarray(i, i + 2).reverse(); return this; }
    swap32(): Buffer { if (this.bytes.length % 4) throw err(10200009, 'The buffer size must be a multiple of 32-bits'); for (let i = 0; i < this.bytes.length; i += 4) this.bytes.subarray(i, i + 4).reverse(); return this; }
    swap64(): Buffer { if (this.bytes.length % 8) throw err(10200009, 'The buffer size must be a multiple of 64-bits'); for (let i = 0; i < this.bytes.length; i += 8) this.bytes.subarray(i, i + 8).reverse(); return this; }
    private dv(offset: number, size: number): DataView {
      int('offset', offset, 0, this.bytes.length - size);
      return new DataView(this.bytes.buffer, this.bytes.byteOffset, this.bytes.byteLength);
    }
    readIntBE(offset: number, byteLength: number): number { let v = this.readUIntBE(offset, byteLength); if (v >= 2 ** (8 * byteLength - 1)) v -= 2 ** (8 * byteLength); return v; }
    readIntLE(offset: number, byteLength: number): number { let v = this.readUIntLE(offset, byteLength); if (v >= 2 ** (8 * byteLength - 1)) v -= 2 ** (8 * byteLength); return v; }
    readUIntBE(offset: number, byteLength: number): number { int('byteLength', byteLength, 1, 6); int('offset', offset, 0, this.bytes.length - byteLength); let v = 0; for (let i = 0; i < byteLength; i++) v = v * 256 + this.bytes[offset + i]; return v; }
    readUIntLE(offset: number, byteLength: number): number { int('byteLength', byteLength, 1, 6); int('offset', offset, 0, this.bytes.length - byteLength); let v = 0; for (let i = byteLength - 1; i >= 0; i--) v = v * 256 + this.bytes[offset + i]; return v; }
    writeUIntBE(value: number, offset: number, byteLength: number): number { int('byteLength', byteLength, 1, 6); int('offset', offset, 0, this.bytes.length - byteLength); for (let i = byteLength - 1; i >= 0; i--) { this.bytes[offset + i] = value & 255; value = Math.floor(value / 256); } return offset + byteLength; }
    writeUIntLE(value: number, offset: number, byteLength: number): number { int('byteLength', byteLength, 1, 6); int('offset', offset, 0, this.bytes.length - byteLength); for (let i = 0; i < byteLength; i++) { this.bytes[offset + i] = value & 255; value = Math.floor(value / 256); } return offset + byteLength; }
    writeIntBE(value: number, offset: number, byteLength: number): number { return this.writeUIntBE(value < 0 ? value + 2 ** (8 * byteLength) : value, offset, byteLength); }
    writeIntLE(value: number, offset: number, byteLength: number): number { return this.writeUIntLE(value < 0 ? value + 2 ** (8 * byteLength) : value, offset, byteLength); }
  }
  // Fixed-size number reads and writes through a DataView.
  const NUMS: Array<[string, number, string]> = [['Int8', 1, 'Int8'], ['UInt8', 1, 'Uint8'], ['Int16', 2, 'Int16'], ['UInt16', 2, 'Uint16'], ['Int32', 4, 'Int32'], ['UInt32', 4, 'Uint32'],
    ['Float', 4, 'Float32'], ['Double', 8, 'Float64'], ['BigInt64', 8, 'BigInt64'], ['BigUInt64', 8, 'BigUint64']];
  for (const [name, size, dvName] of NUMS) {
    for (const end of size === 1 ? [''] : ['BE', 'LE']) {
      const le = end === 'LE';
      (Buffer.prototype as any)[`read${name}${end}`] = function (this: any, offset = 0) { return this.dv(offset, size)[`get${dvName}`](this.bytes.byteOffset * 0 + offset, le); };
      (Buffer.prototype as any)[`write${name}${end}`] = function (this: any, value: any, offset = 0) { this.dv(offset, size)[`set${dvName}`](offset, value, le); return offset + size; };
      if (name.includes('UInt')) {
        const alias = name.replace('UInt', 'Uint');
        (Buffer.prototype as any)[`read${alias}${end}`] = (Buffer.prototype as any)[`read${name}${end}`];
        (Buffer.prototype as any)[`write${alias}${end}`] = (Buffer.prototype as any)[`write${name}${end}`];
      }
    }
  }
  const viewOf = (v: any): Uint8Array => {
    if (v instanceof Buffer) return v.view;
    if (v instanceof Uint8Array) return v;
    if (v instanceof ArrayBuffer) return new Uint8Array(v);
    if (ArrayBuffer.isView(v)) return new Uint8Array(v.buffer, v.byteOffset, v.byteLength);
    throw err(401, 'Parameter error. The type of "target" must be Buffer or Uint8Array.');
  };
  const needle = (v: any, enc?: string): Uint8Array => (typeof v === 'number' ? new Uint8Array([v & 255]) : typeof v === 'string' ? encode(v, norm(enc)) : viewOf(v));
  const find = (hay: Uint8Array, n: Uint8Array, from: number, last: boolean): number => {
    if (from < 0) from = Math.max(0, hay.length + from);
    const match = (i: number) => { for (let k = 0; k < n.length; k++) if (hay[i + k] !== n[k]) return false; return true; };
    if (last) { for (let i = Math.min(from, hay.length - n.length); i >= 0; i--) if (match(i)) return i; return -1; }
    for (let i = from; i <= hay.length - n.length; i++) if (match(i)) return i;
    return -1;
  };
  const isBuffer = (v: any) => v instanceof Buffer;
  const alloc = (size: number, fill?: any, encoding?: string) => { int('size', size, 0, 2 ** 31 - 1); const b = new Buffer(new Uint8Array(size)); if (fill !== undefined) b.fill(fill, 0, size, encoding); return b; };
  const from = (value: any, offsetOrEncoding?: any, length?: number): Buffer => {
    if (typeof value === 'string') return new Buffer(encode(value, norm(offsetOrEncoding)));
    if (value instanceof Buffer) return new Buffer(value.view.slice());
    if (value instanceof ArrayBuffer) { const off = offsetOrEncoding ?? 0; int('byteOffset', off, 0, value.byteLength); return new Buffer(new Uint8Array(value, off, length ?? value.byteLength - off)); }
    if (Array.isArray(value)) return new Buffer(Uint8Array.from(value, (x) => Number(x) & 255));
    if (ArrayBuffer.isView(value)) return new Buffer(new Uint8Array(value.buffer, value.byteOffset, value.byteLength).slice());
    if (value && typeof value === 'object' && value.type === 'Buffer' && Array.isArray(value.data)) return from(value.data);
    if (value && typeof value === 'object' && typeof value.valueOf === 'function' && value.valueOf() !== value) return from(value.valueOf(), offsetOrEncoding, length);
    throw err(401, 'Parameter error. The type of "value" must be Buffer, ArrayBuffer, Array, Array-like or string.');
  };
  class Blob {
    private bytes: Uint8Array; readonly type: string;
    constructor(sources: any[] = [], options?: { type?: string }) {
      const parts = sources.map((s) => (typeof s === 'string' ? rt.utf8.encode(s) : s instanceof Blob ? s.bytes : viewOf(s)));
      const n = parts.reduce((a, p) => a + p.length, 0); this.bytes = new Uint8Array(n);
      let o = 0; for (const p of parts) { this.bytes.set(p, o); o += p.length; }
      this.type = options?.type ?? '';
    }
    get size(): number { return this.bytes.length; }
    arrayBuffer(): Promise<ArrayBuffer> { return Promise.resolve(this.bytes.slice().buffer); }
    text(): Promise<string> { return Promise.resolve(rt.utf8.decode(this.bytes)); }
    slice(start = 0, end = this.bytes.length, type?: string): Blob { return new Blob([this.bytes.slice(start, end)], { type }); }
  }
  const buffer = {
    Buffer, Blob, alloc, allocUninitialized: (n: number) => alloc(n), allocUninitializedFromPool: (n: number) => alloc(n), from, isBuffer,
    isEncoding: (e: string) => ENC.includes(String(e).toLowerCase()),
    byteLength: (s: any, enc?: string) => (typeof s === 'string' ? encode(s, norm(enc)).length : viewOf(s).byteLength),
    compare: (a: Buffer, b: Buffer) => a.compare(b),
    concat: (list: Array<Buffer | Uint8Array>, total?: number) => {
      const parts = list.map(viewOf); const n = total ?? parts.reduce((a, p) => a + p.length, 0);
      const o = new Uint8Array(n); let k = 0; for (const p of parts) { if (k >= n) break; o.set(p.subarray(0, n - k), k); k += p.length; }
      return new Buffer(o);
    },
    transcode: (source: Buffer | Uint8Array, fromEnc: string, toEnc: string) => new Buffer(encode(decode(viewOf(source), norm(fromEnc)), norm(toEnc))),
  };
  rt.bufferBytes = (v: any) => viewOf(v);
  rt.defineModule('@ohos.buffer', () => buffer);
  rt.defineModule('@ohos.fastbuffer', () => buffer);
}
