import { describe, expect, it } from 'vitest';
import { zipSync } from 'fflate';
import { HapPacker, packHap, unpackHap, verifyHap, MANIFEST_PATH } from '../../src/hap/hap.js';
import { loadOrCreateDeveloperKey, developerKeyPath } from '../../src/hap/signing-key.js';
import { statSync } from 'node:fs';
import { tempDir } from '../helpers/cli.js';
import { lyingZip } from '../helpers/hap.js';

const home = tempDir('hmos-hap-');
const key = loadOrCreateDeveloperKey(home);
const entries = () => new Map<string, Uint8Array>([
  ['module.json', Buffer.from('{"module":{}}')],
  ['ets/bundle.js', Buffer.from('console.log(1)'.repeat(50))],
]);

describe('HAP container', () => {
  it('creates the developer key once, mode 0600, and reuses it', () => {
    expect(statSync(developerKeyPath(home)).mode & 0o777).toBe(0o600);
    expect(loadOrCreateDeveloperKey(home).keyId).toBe(key.keyId);
  });

  it('round-trips and verifies', async () => {
    const bytes = packHap(entries(), key);
    const v = verifyHap(await unpackHap(bytes));
    expect(v.keyId).toBe(key.keyId);
    expect(Buffer.from(v.entries.get('ets/bundle.js')!).toString()).toContain('console.log(1)');
  });

  it('packs the same bytes when large entries are compressed on the thread pool (HapPacker)', async () => {
    const big = new Map(entries()).set('ets/bundle.js.map', Buffer.from(JSON.stringify({ mappings: Array.from({ length: 30_000 }, (_, i) => (i * 2654435761 >>> 0).toString(36)).join(';') })))
      .set('resources/base/media/icon.png', new Uint8Array(100_000).map((_, i) => (i * 31) & 0xff));
    const packer = new HapPacker();
    for (const [name, data] of big) packer.add(name, data);
    const bytes = await packer.pack(key);
    expect(Buffer.from(bytes).equals(Buffer.from(packHap(big, key)))).toBe(true);
    expect(verifyHap(await unpackHap(bytes)).entries.get('ets/bundle.js.map')!.length).toBe(big.get('ets/bundle.js.map')!.length);
    expect(() => packer.add('../evil', Buffer.from('x'))).toThrow(/unsafe entry/);
  });

  it('refuses altered, added and removed entries', async () => {
    const base = await unpackHap(packHap(entries(), key));
    const altered = new Map(base).set('module.json', Buffer.from('{"evil":1}'));
    expect(() => verifyHap(altered)).toThrow(/altered/);
    const added = new Map(base).set('ets/extra.js', Buffer.from('x'));
    expect(() => verifyHap(added)).toThrow(/not in the signed manifest/);
    const removed = new Map(base);
    removed.delete('module.json');
    expect(() => verifyHap(removed)).toThrow(/missing/);
    const forged = new Map(base).set(MANIFEST_PATH, Buffer.from('{"version":1,"algorithm":"sha256","entries":{}}'));
    expect(() => verifyHap(forged)).toThrow(/signature does not match/);
  });

  it('refuses unsigned packages, traversal, bombs and garbage', async () => {
    const refused = (bytes: Uint8Array, options = {}) => expect(unpackHap(bytes, options)).rejects;
    await expect(unpackHap(zipSync({ 'module.json': Buffer.from('{}') })).then(verifyHap)).rejects.toThrow(/not signed/);
    await refused(zipSync({ '../evil': Buffer.from('x') })).toThrow(/unsafe entry/);
    await refused(zipSync({ '/etc/passwd': Buffer.from('x') })).toThrow(/unsafe entry/);
    await refused(zipSync({ 'a/../../b': Buffer.from('x') })).toThrow(/unsafe entry/);
    await refused(zipSync({ 'bomb.txt': [new Uint8Array(5_000_000), { level: 9 }] })).toMatchObject({ code: 'HAP_ZIP_BOMB' });
    await refused(zipSync({ 'big.bin': [new Uint8Array(3000).map((_, i) => i * 7), { level: 0 }] }), { maxBytes: 2000 }).toThrow(/limit|more than/);
    await refused(Buffer.from('definitely not a zip')).toMatchObject({ code: 'HAP_CORRUPT', message: expect.stringMatching(/not a valid zip/) });
    await refused(zipSync({ a: Buffer.from('x'), b: Buffer.from('y') }), { maxEntries: 1 }).toMatchObject({ code: 'HAP_TOO_LARGE', message: expect.stringMatching(/2 entries, over the limit of 1/) });
  });

  it('counts the real inflated bytes, never the headers: a lie about an entry\'s size stops at the first limit (H1 of #12)', async () => {
    // 16 MiB of zeros (~16 KB deflated) whose headers claim 100 bytes: within every declared limit.
    const lying = lyingZip('resources/rawfile/big.bin', 16 * 1024 * 1024, 100);
    expect(lying.length).toBeLessThan(50_000);
    await expect(unpackHap(lying)).rejects.toMatchObject({ code: 'HAP_ZIP_BOMB', message: expect.stringMatching(/more than the 100 bytes its header declares/) });
    // Headers that declare the real size meet the ratio limit on what really inflates.
    await expect(unpackHap(lyingZip('big.bin', 16 * 1024 * 1024, 16 * 1024 * 1024))).rejects.toMatchObject({ code: 'HAP_ZIP_BOMB', message: expect.stringMatching(/expands \d+× \(limit 100×\)/) });
    // … and the size limit on the total, even when each header is modest.
    await expect(unpackHap(lyingZip('big.bin', 64 * 1024, 640), { maxBytes: 16 * 1024 })).rejects.toMatchObject({ code: 'HAP_ZIP_BOMB' });
  });
});
