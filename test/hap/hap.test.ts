import { describe, expect, it } from 'vitest';
import { zipSync } from 'fflate';
import { HapPacker, packHap, unpackHap, verifyHap, MANIFEST_PATH } from '../../src/hap/hap.js';
import { loadOrCreateDeveloperKey, developerKeyPath } from '../../src/hap/signing-key.js';
import { statSync } from 'node:fs';
import { tempDir } from '../helpers/cli.js';

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

  it('round-trips and verifies', () => {
    const bytes = packHap(entries(), key);
    const v = verifyHap(unpackHap(bytes));
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
    expect(verifyHap(unpackHap(bytes)).entries.get('ets/bundle.js.map')!.length).toBe(big.get('ets/bundle.js.map')!.length);
    expect(() => packer.add('../evil', Buffer.from('x'))).toThrow(/unsafe entry/);
  });

  it('refuses altered, added and removed entries', () => {
    const base = unpackHap(packHap(entries(), key));
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

  it('refuses unsigned packages, traversal, bombs and garbage', () => {
    expect(() => verifyHap(unpackHap(zipSync({ 'module.json': Buffer.from('{}') })))).toThrow(/not signed/);
    expect(() => unpackHap(zipSync({ '../evil': Buffer.from('x') }))).toThrow(/unsafe entry/);
    expect(() => unpackHap(zipSync({ '/etc/passwd': Buffer.from('x') }))).toThrow(/unsafe entry/);
    expect(() => unpackHap(zipSync({ 'a/../../b': Buffer.from('x') }))).toThrow(/unsafe entry/);
    expect(() => unpackHap(zipSync({ 'bomb.txt': [new Uint8Array(5_000_000), { level: 9 }] }))).toThrow(/zip bomb/);
    expect(() => unpackHap(zipSync({ 'big.bin': [new Uint8Array(3000).map((_, i) => i * 7), { level: 0 }] }), { maxBytes: 2000 })).toThrow(/limit|more than/);
    expect(() => unpackHap(Buffer.from('definitely not a zip'))).toThrow(/not a valid zip/);
  });
});
