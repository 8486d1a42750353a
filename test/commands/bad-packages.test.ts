import { describe, expect, it } from 'vitest';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { runHmos, tempDir } from '../helpers/cli.js';
import { copyFixture } from '../helpers/fixture.js';
import { makeTgz } from '../helpers/tarball.js';

interface Found { code: string; severity: string; file?: string; line?: number; col?: number; message: string }

// One project holding every bad package input the build must survive; one build reports them all, each at the
// declaration that causes it, and writes nothing (no package, nothing unpacked outside the cache).
const ENTRY_DEPS = `{
  "name": "entry",
  "dependencies": {
    "gone": "file:../gone",
    "nomain": "file:../nomain",
    "plain": "file:./libs/plain.har",
    "dotdot": "file:./libs/dotdot.har",
    "absolute": "file:./libs/absolute.har",
    "huge": "file:./libs/huge.har",
    "ring_a": "file:../ring_a",
    "shared": "file:../hsp",
    "twin": "file:../twin_one"
  }
}
`;

const har = (name: string, deps: Record<string, string> = {}) => ({
  [`${name}/oh-package.json5`]: JSON.stringify({ name, main: 'Index.ets', dependencies: deps }, null, 2),
  [`${name}/Index.ets`]: `export const ${name} = '${name}';\n`,
  [`${name}/src/main/module.json5`]: JSON.stringify({ module: { name, type: 'har', deviceTypes: ['phone'] } }),
});

describe('hmos build on bad package inputs', () => {
  it('reports each at its declaration (file:line:col), exits 1 and writes nothing', async () => {
    const home = tempDir('hmos-home-');
    const dir = copyFixture('build/v1-app', {
      'entry/oh-package.json5': ENTRY_DEPS,
      'nomain/oh-package.json5': '{\n  "name": "nomain",\n  "main": "src/Nope.ets"\n}\n',
      // a page importing the package whose main is not there
      'entry/src/main/ets/pages/Second.ets': "import { x } from 'nomain';\n@Entry\n@Component\nstruct Second {\n  build() {\n    Text(String(x))\n  }\n}\n",
      'entry/libs/plain.har': 'this is not a gzip tar',
      'entry/libs/dotdot.har': makeTgz([{ path: 'package/../../../escaped.txt', content: 'x' }]),
      'entry/libs/absolute.har': makeTgz([{ path: '/tmp/hmos-absolute-entry.txt', content: 'x' }]),
      // a header that claims 600 MB: past the unpacked-size limit
      'entry/libs/huge.har': makeTgz([{ path: 'package/big.bin', content: 'x', size: 600 * 1024 * 1024 }]),
      ...har('ring_a', { ring_b: 'file:../ring_b' }),
      ...har('ring_b', { ring_a: 'file:../ring_a' }),
      // an HSP that depends on the entry module
      'hsp/oh-package.json5': '{\n  "name": "shared",\n  "main": "Index.ets",\n  "dependencies": { "entry": "file:../entry" }\n}\n',
      'hsp/Index.ets': 'export const shared = 1;\n',
      'hsp/src/main/module.json5': JSON.stringify({ module: { name: 'shared', type: 'shared', deviceTypes: ['phone'] } }),
      // "twin" names two packages: the entry's (twin_one) and the one twin_one declares under that name (twin_two)
      ...har('twin_one', { twin_two: 'file:../twin_two', twin: 'file:../twin_two' }),
      ...har('twin_two'),
    });
    const r = await runHmos(['build', dir, '--json'], { env: { HMOS_HOME: home } });
    expect(r.exitCode, r.stderr).toBe(1);
    const found = (JSON.parse(r.stdout) as { diagnostics: Found[] }).diagnostics;
    const at = (code: string, file: string) => found.filter((d) => d.code === code && d.file === join(dir, file));
    const manifest = 'entry/oh-package.json5';
    expect(at('DEP_MISSING', manifest)).toMatchObject([{ line: 4, col: 5, message: expect.stringContaining('../gone') }]);
    expect(at('PACKAGE_MAIN_MISSING', 'nomain/oh-package.json5')).toMatchObject([{ line: 3, col: 3 }]);
    const archives = at('PACKAGE_ARCHIVE_INVALID', manifest);
    expect(archives.map((d) => [d.line, d.col])).toEqual([[6, 5], [7, 5], [8, 5], [9, 5]]);
    expect(archives[0]!.message).toMatch(/not gzip/);
    expect(archives[1]!.message).toMatch(/leaves the package/);
    expect(archives[2]!.message).toMatch(/absolute path/);
    expect(archives[3]!.message).toMatch(/more than \d+ bytes/);
    expect(at('DEP_CYCLE', 'ring_a/oh-package.json5')).toMatchObject([{ line: 5, col: 5, message: expect.stringContaining('ring_a → ring_b → ring_a') }]);
    expect(at('DEP_ON_HAP', 'hsp/oh-package.json5')).toMatchObject([{ line: 4, col: 21 }]);
    expect(at('DEP_NAME_CONFLICT', manifest).length + at('DEP_NAME_CONFLICT', 'twin_one/oh-package.json5').length).toBeGreaterThan(0);
    expect(found.find((d) => d.code === 'DEP_NAME_CONFLICT')!.severity).toBe('warning');
    // Nothing written: no package, nothing unpacked outside the cache, no half-unpacked archive in it.
    expect(existsSync(join(dir, 'entry/build/default/outputs'))).toBe(false);
    expect(existsSync('/tmp/hmos-absolute-entry.txt')).toBe(false);
    expect(existsSync(join(dir, 'escaped.txt')) || existsSync(join(dir, '..', 'escaped.txt'))).toBe(false);
    const cache = join(home, 'cache', 'packages');
    expect(existsSync(cache) ? readdirSync(cache).filter((n) => n.startsWith('.')) : []).toEqual([]);
  });
});
