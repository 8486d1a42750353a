import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { packageCacheDir, unpackPackageArchive } from '../../src/project/package-archive.js';
import { tempDir } from '../helpers/cli.js';
import { makeTgz } from '../helpers/tarball.js';

const home = () => tempDir('hmos-archive-home-');

function archive(bytes: Buffer, name = 'lib.har'): string {
  const file = join(tempDir('hmos-archive-'), name);
  writeFileSync(file, bytes);
  return file;
}

function refusal(file: string, homeDir: string, options = {}): { code: string; message: string } {
  try {
    unpackPackageArchive(file, { homeDir, location: { file: '/p/oh-package.json5', line: 3, col: 5 }, ...options });
  } catch (err) {
    const e = err as { code: string; message: string; location?: { line?: number } };
    expect(e.location?.line).toBe(3);
    return e;
  }
  throw new Error('expected a refusal');
}

describe('package archives (.har/.tgz)', () => {
  it('unpacks the package/ folder once into a content-addressed cache', () => {
    const homeDir = home();
    const file = archive(makeTgz([
      { path: 'package/', type: '5' },
      { path: 'package/oh-package.json5', content: '{ "name": "lib", "main": "Index.ets" }' },
      { path: 'package/Index.ets', content: "export const x = 1;\n" },
      { path: 'package/src/link.ets', type: '2', linkpath: '../Index.ets' },
    ]));
    const dir = unpackPackageArchive(file, { homeDir });
    expect(dir.startsWith(packageCacheDir(homeDir))).toBe(true);
    expect(dir.endsWith('/package')).toBe(true);
    expect(readFileSync(join(dir, 'Index.ets'), 'utf8')).toContain('export const x');
    // the same bytes under another name land in the same folder, without unpacking again
    const copy = archive(readFileSync(file), 'copy.tgz');
    expect(unpackPackageArchive(copy, { homeDir })).toBe(dir);
    expect(readdirSync(packageCacheDir(homeDir)).filter((n) => n.startsWith('.tmp'))).toEqual([]);
  });

  it('refuses what is not a safe gzip tar, and writes nothing', () => {
    const homeDir = home();
    const cases: [Buffer, RegExp, object?][] = [
      [Buffer.from('PK\u0003\u0004 not a tar'), /not gzip/],
      [gzipSync(Buffer.from('just some text, not a tar at all')), /not a valid tar|empty or not a tar/],
      [makeTgz([{ path: 'package/../../escape.txt', content: 'x' }]), /leaves the package/],
      [makeTgz([{ path: '/etc/evil', content: 'x' }]), /absolute path/],
      [makeTgz([{ path: 'package/link', type: '2', linkpath: '../../outside' }]), /link that points outside/],
      [makeTgz([{ path: 'package/abs', type: '2', linkpath: '/etc/passwd' }]), /link that points outside/],
      [makeTgz([{ path: 'package/big.bin', content: Buffer.alloc(4096) }]), /more than 1000 bytes/, { maxUnpackedBytes: 1000 }],
      [gzipSync(Buffer.alloc(4 * 1024 * 1024)), /more than 1000 bytes/, { maxUnpackedBytes: 1000 }],
    ];
    for (const [bytes, why, limits] of cases) {
      const e = refusal(archive(bytes), homeDir, limits);
      expect(e.code).toBe('PACKAGE_ARCHIVE_INVALID');
      expect(e.message).toMatch(why);
    }
    expect(existsSync(packageCacheDir(homeDir)) ? readdirSync(packageCacheDir(homeDir)) : []).toEqual([]);
  });
});
