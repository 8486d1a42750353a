/**
 * Writing a ZIP archive (the HAP container) with Node's native zlib. fflate's pure-JavaScript deflate spent ~70 ms
 * of a cold `hmos build` compressing 30 KB (its code is not yet optimised in a fresh process); zlib does it in well
 * under a millisecond. Entries are deflated unless that does not make them smaller (or `level` is 0), names are
 * UTF-8, and every entry gets the same fixed timestamp so that identical inputs give identical bytes.
 * Reading is yauzl's streaming unzip, with limits on the real inflated bytes (src/hap/hap.ts).
 */
import zlib from 'node:zlib';

export interface ZipEntry {
  name: string;
  data: Uint8Array;
  /** 0 stores the entry; 1–9 deflate it. */
  level: number;
  /** `data` already deflated (raw) at `level`, e.g. by `deflateRawAsync` on the thread pool. */
  deflated?: Uint8Array;
  /** `data`'s CRC-32, when it was taken already. */
  crc?: number;
}

/** Raw deflate on libuv's thread pool: the same bytes `writeZip` would make, without blocking this thread. */
export function deflateRawAsync(data: Uint8Array, level: number): Promise<Uint8Array> {
  return new Promise((resolve, reject) => zlib.deflateRaw(data, { level }, (err, out) => (err ? reject(err) : resolve(out))));
}

// 2020-01-01 00:00:00 in MS-DOS date/time fields
const DOS_TIME = 0;
const DOS_DATE = ((2020 - 1980) << 9) | (1 << 5) | 1;
const UTF8_NAMES = 0x0800;

export function writeZip(entries: ZipEntry[]): Uint8Array {
  const chunks: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  for (const e of entries) {
    const name = Buffer.from(e.name, 'utf8');
    const raw = Buffer.from(e.data.buffer, e.data.byteOffset, e.data.byteLength);
    const deflated = e.level > 0 ? (e.deflated ? Buffer.from(e.deflated.buffer, e.deflated.byteOffset, e.deflated.byteLength) : zlib.deflateRawSync(raw, { level: e.level })) : undefined;
    const useDeflate = deflated !== undefined && deflated.length < raw.length;
    const body = useDeflate ? deflated : raw;
    const crc = e.crc ?? crc32(raw);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(UTF8_NAMES, 6);
    const fields = { method: useDeflate ? 8 : 0, crc, compressed: body.length, size: raw.length, nameLength: name.length };
    writeEntryFields(local, 8, fields);
    local.writeUInt16LE(0, 28);
    const header = Buffer.alloc(46);
    header.writeUInt32LE(0x02014b50, 0);
    header.writeUInt16LE(20, 4);
    header.writeUInt16LE(20, 6);
    header.writeUInt16LE(UTF8_NAMES, 8);
    writeEntryFields(header, 10, fields);
    // extra, comment, disk number, internal and external attributes: 0
    header.writeUInt32LE(offset, 42);
    chunks.push(local, name, body);
    central.push(header, name);
    offset += local.length + name.length + body.length;
  }
  const centralSize = central.reduce((n, b) => n + b.length, 0);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(entries.length, 8);
  end.writeUInt16LE(entries.length, 10);
  end.writeUInt32LE(centralSize, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...chunks, ...central, end]);
}

const nativeCrc32 = (zlib as unknown as { crc32?: (d: Uint8Array) => number }).crc32;

/** zlib.crc32 (Node ≥ 20.15), else the table-driven one. */
export function crc32(data: Buffer): number {
  return nativeCrc32 ? nativeCrc32(data) >>> 0 : crc32Table(data);
}

/** CRC-32 (the ZIP polynomial) without zlib's help, for older Node 20 releases. */
export function crc32Table(data: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of data) c = (CRC_TABLE[(c ^ byte) & 0xff]! ^ (c >>> 8)) >>> 0;
  return (c ^ 0xffffffff) >>> 0;
}

const CRC_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

/** The run of fields the local header (at 8) and the central directory header (at 10) share, in the same order. */
function writeEntryFields(buf: Buffer, at: number, f: { method: number; crc: number; compressed: number; size: number; nameLength: number }): void {
  buf.writeUInt16LE(f.method, at);
  buf.writeUInt16LE(DOS_TIME, at + 2);
  buf.writeUInt16LE(DOS_DATE, at + 4);
  buf.writeUInt32LE(f.crc, at + 6);
  buf.writeUInt32LE(f.compressed, at + 10);
  buf.writeUInt32LE(f.size, at + 14);
  buf.writeUInt16LE(f.nameLength, at + 18);
}
