import { describe, expect, it } from 'vitest';
import { cpSync, mkdirSync, readFileSync, rmSync, statSync, symlinkSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildProject } from '../../src/compiler/build.js';
import { CODE_CACHE_PATH } from '../../src/hap/bundle-script.js';
import { MANIFEST_PATH, SIGNATURE_PATH, unpackHap } from '../../src/hap/hap.js';
import { runHmos, tempDir } from '../helpers/cli.js';
import { copyFixture } from '../helpers/fixture.js';

const HAP = 'entry/build/default/outputs/default/entry-default-signed.hap';
const settle = () => new Promise((r) => setTimeout(r, 150));

describe('a build whose inputs did not change', () => {
  it('is skipped (the last result stands) until anything it read or wrote changes', async () => {
    const dir = copyFixture('build/v1-app');
    const home = tempDir('hmos-home-');
    const build = async (options: { mode?: 'debug' | 'release' } = {}) => {
      const r = await buildProject(dir, { homeDir: home, ...options });
      expect(r.ok, JSON.stringify(r.diagnostics)).toBe(true);
      await settle();
      return r;
    };
    const hapStamp = () => statSync(join(dir, HAP)).mtimeMs;
    await settle();
    const first = await build();
    expect(first.upToDate).toBeUndefined();
    const stamp = hapStamp();
    const again = await build();
    expect(again.upToDate).toBe(true);
    expect(again.modules[0]!.hap).toBe(first.modules[0]!.hap);
    expect(hapStamp()).toBe(stamp);

    const changes: [string, () => void][] = [
      // rewritten as it was (utimes would set a whole-millisecond time, which the manifest trusts only after 2 s)
      ['a source touched', () => writeFileSync(join(dir, 'entry/src/main/ets/model/Todo.ts'), readFileSync(join(dir, 'entry/src/main/ets/model/Todo.ts')))],
      ['a resource added', () => writeFileSync(join(dir, 'entry/src/main/resources/base/media/extra.png'), readFileSync(join(dir, 'entry/src/main/resources/base/media/icon.png')))],
      ['a file removed', () => rmSync(join(dir, 'entry/src/main/resources/base/media/extra.png'))],
      ['a local package changed', () => writeFileSync(join(dir, 'library/src/main/ets/version.ts'), readFileSync(join(dir, 'library/src/main/ets/version.ts'), 'utf8') + '\n')],
      ['the package removed', () => rmSync(join(dir, HAP))],
      ['an installed package linked (only oh_modules changes in the project)', () => {
        const pkg = tempDir('hmos-pkg-');
        writeFileSync(join(pkg, 'oh-package.json5'), '{ "name": "extra", "version": "1.0.0" }');
        mkdirSync(join(dir, 'oh_modules'), { recursive: true });
        utimesSync(join(dir, 'oh_modules'), new Date(0), new Date(0));
        symlinkSync(pkg, join(dir, 'oh_modules/extra'));
      }],
    ];
    for (const [what, change] of changes) {
      change();
      await settle();
      const r = await build();
      expect(r.upToDate, what).toBeUndefined();
      expect((await build()).upToDate, `${what}, then nothing`).toBe(true);
    }
    // Other options are another build.
    expect((await build({ mode: 'release' })).upToDate).toBeUndefined();
    expect((await build({ mode: 'release' })).upToDate).toBe(true);
    // The signing key is an input: a new key signs anew.
    rmSync(join(home, 'keys'), { recursive: true });
    await settle();
    expect((await build({ mode: 'release' })).upToDate).toBeUndefined();
  });

  it('from the CLI: says so, prints the warnings again, and a change made right before a build is never missed', async () => {
    const dir = copyFixture('build/v1-app', {
      // a warning that stays: an import that matches only up to case
      'entry/src/main/ets/pages/Second.ets': "import { makeTodos } from '../Model/todo';\n@Entry\n@Component\nstruct Second {\n  build() {\n    Text(makeTodos(1)[0].title)\n  }\n}\n",
    });
    const env = { HMOS_HOME: tempDir('hmos-home-') };
    await settle();
    const first = await runHmos(['build', dir], { env });
    expect(first.exitCode, first.stderr).toBe(0);
    expect(first.stderr).toMatch(/warning PATH_CASE/);
    const second = await runHmos(['build', dir], { env });
    expect(second.exitCode).toBe(0);
    expect(second.stdout).toMatch(/✓ entry is up to date → .*entry-default-signed\.hap/);
    expect(second.stderr).toMatch(/warning PATH_CASE/);
    const json = JSON.parse((await runHmos(['build', dir, '--json'], { env })).stdout);
    expect(json.upToDate).toBe(true);
    // Written just before the build: the manifest of that build is not trusted, the next build builds again.
    const page = join(dir, 'entry/src/main/ets/pages/Index.ets');
    writeFileSync(page, readFileSync(page, 'utf8').replace('Clicked', 'Tapped'));
    const edited = await runHmos(['build', dir, '--json'], { env });
    expect(JSON.parse(edited.stdout).upToDate).toBeUndefined();
    writeFileSync(page, readFileSync(page, 'utf8').replace('Tapped', 'Poked'));
    const again = JSON.parse((await runHmos(['build', dir, '--json'], { env })).stdout);
    expect(again.upToDate).toBeUndefined();
    expect(again.modules[0].transformed).toBe(1);
    // An edit after a build whose manifest stands (one entry changed since): that build compiles the one file in the
    // transform worker (bin/hmos.js starts it) and the rest comes from the module cache. It makes the package a cold
    // build of the same sources makes, byte for byte — but the V8 code cache, which holds values V8 randomises per
    // process (two cold builds differ there too), and the manifest and signature that hash it.
    await settle();
    expect((await runHmos(['build', dir], { env })).exitCode).toBe(0);
    writeFileSync(page, readFileSync(page, 'utf8').replace('Poked', 'Prodded'));
    const viaWorker = JSON.parse((await runHmos(['build', dir, '--json'], { env })).stdout);
    expect(viaWorker.modules[0].transformed).toBe(1);
    const cold = tempDir('hmos-cold-');
    cpSync(dir, cold, { recursive: true, filter: (f) => !/[\\/]build$/.test(f) });
    // (in this process: no worker, the transform on this thread — the same bytes must come out either way)
    const coldBuild = await buildProject(cold, { homeDir: env.HMOS_HOME });
    expect(coldBuild.modules[0]!.compiled).toBeGreaterThan(1);
    const [incremental, fresh] = await Promise.all([dir, cold].map(async (d) => unpackHap(readFileSync(join(d, HAP)))));
    const varying = new Set([CODE_CACHE_PATH, MANIFEST_PATH, SIGNATURE_PATH]);
    expect([...incremental.keys()].sort()).toEqual([...fresh.keys()].sort());
    for (const [name, bytes] of incremental) if (!varying.has(name)) expect(Buffer.from(bytes).equals(Buffer.from(fresh.get(name)!)), name).toBe(true);
    expect(incremental.get(CODE_CACHE_PATH)!.length).toBe(fresh.get(CODE_CACHE_PATH)!.length);
  });
});
