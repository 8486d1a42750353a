import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import zlib from 'node:zlib';
import { execFileSync } from 'node:child_process';
import { unzipSync } from 'fflate';
import { crc32Table, writeZip } from '../../src/hap/zip-writer.js';
import { tempDir } from '../helpers/cli.js';

describe('writeZip', () => {
  const entries = [
    { name: 'ets/bundle.js', data: Buffer.from('console.log("hello");\n'.repeat(200)), level: 6 },
    { name: 'resources/base/media/icon.png', data: Buffer.from([0x89, 0x50, 0x4e, 0x47, 1, 2, 3]), level: 0 },
    { name: 'resources/rawfile/数据.txt', data: Buffer.from('tiny'), level: 6 },
    { name: 'empty', data: new Uint8Array(0), level: 6 },
  ];

  it('round-trips through fflate, deflating only where it helps', () => {
    const zip = writeZip(entries);
    const files = unzipSync(zip);
    expect(Object.keys(files)).toEqual(entries.map((e) => e.name));
    for (const e of entries) expect(Buffer.from(files[e.name]!).equals(Buffer.from(e.data))).toBe(true);
    expect(zip.length).toBeLessThan(entries[0]!.data.length / 4);
  });

  it('is a valid archive for Info-ZIP (CRCs and sizes checked by `unzip -t`), and deterministic', () => {
    const file = join(tempDir('hmos-zip-'), 'a.zip');
    const zip = writeZip(entries);
    writeFileSync(file, zip);
    expect(Buffer.from(writeZip(entries)).equals(Buffer.from(zip))).toBe(true);
    let out = '';
    try {
      out = execFileSync('unzip', ['-t', file]).toString();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      return; // no unzip on this machine: the fflate round trip above still checks the format
    }
    expect(out).toMatch(/No errors detected/);
  });

  it('the table CRC-32 (for Node < 20.15) agrees with zlib', () => {
    const crc = (zlib as unknown as { crc32?: (d: Uint8Array) => number }).crc32;
    const data = Buffer.from('The quick brown fox jumps over the lazy dog');
    expect(crc32Table(data)).toBe(0x414fa339);
    if (crc) expect(crc32Table(entries[0]!.data)).toBe(crc(entries[0]!.data) >>> 0);
  });
});
