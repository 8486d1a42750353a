import { describe, expect, it } from 'vitest';
import { chmodSync, existsSync, readdirSync, readFileSync, rmSync, statSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildProject, watchProject, type BuildResult } from '../../src/compiler/build.js';
import { unzipSync } from 'fflate';
import { runHmos, tempDir } from '../helpers/cli.js';
import { copyFixture } from '../helpers/fixture.js';

const HAP = 'entry/build/default/outputs/default/entry-default-signed.hap';
const CACHES = ['entry/build/default/cache/hmos/modules', 'library/build/default/cache/hmos/modules'];
const INDEX = 'entry/src/main/ets/pages/Index.ets';
const MEMO = 'entry/build/default/cache/hmos/bundle-debug.memo';
const BANNER = 'library/src/main/ets/components/Banner.ets';
const bundleOf = (dir: string) => Buffer.from(unzipSync(readFileSync(join(dir, HAP)), { filter: (f) => f.name === 'ets/bundle.js' })['ets/bundle.js']!).toString('utf8');

/** Every slot file of the on-disk module cache (the entry's files in its folder, the HAR's in the HAR's). */
function cacheEntries(dir: string): string[] {
  return CACHES.flatMap((c) => readdirSync(join(dir, c)).map((f) => join(dir, c, f)));
}

// The library's Banner takes a trailing closure through its @BuilderParam; Index passes one.
const banner = (slot: string) => `@Component
export struct Banner {
  @Prop title: string = ''
  @BuilderParam ${slot}: () => void

  build() {
    Column() {
      Text(this.title).fontColor($r('app.color.banner'))
      this.${slot}()
    }
  }
}
`;
const withTrailingClosure = (source: string) => source.replace('Banner({ title: libraryVersion() })', "Banner({ title: libraryVersion() }) {\n        Text('inside the banner')\n      }");

describe('the on-disk cache of compiled modules', () => {
  it('lets a new build reuse every unchanged file, and re-transforms what a change reaches: the file, its importers when a component they use changes its @BuilderParam list, $r users when ids move', async () => {
    const dir = copyFixture('build/v1-app', { [BANNER]: banner('content') });
    writeFileSync(join(dir, INDEX), withTrailingClosure(readFileSync(join(dir, INDEX), 'utf8')));
    const home = tempDir('hmos-home-');
    const build = async () => {
      const r = await buildProject(dir, { homeDir: home });
      expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      return r.modules[0]!;
    };
    expect((await build()).transformed).toBe(6);
    const first = bundleOf(dir);
    expect(first).toMatch(/content: \(\) => \{/);
    // 6 .ets and 2 .ts files
    expect(cacheEntries(dir)).toHaveLength(8);

    // A new build session (as a new process would be): everything comes from the disk, the bundle is the same.
    expect((await build()).transformed).toBe(0);
    expect(bundleOf(dir)).toBe(first);

    // The component renames its slot: Banner and Index (whose call now passes `body`) are transformed again.
    writeFileSync(join(dir, BANNER), banner('body'));
    expect((await build()).transformed).toBe(2);
    expect(bundleOf(dir)).toMatch(/body: \(\) => \{/);
    expect(bundleOf(dir)).not.toMatch(/content: \(\) => \{/);

    // A change inside the component that leaves its declarations alone does not reach the importer.
    writeFileSync(join(dir, BANNER), banner('body').replace('Column()', 'Row()'));
    expect((await build()).transformed).toBe(1);

    // A new string before `greeting` moves its id: only files that look up moved ids are transformed again.
    const strings = join(dir, 'entry/src/main/resources/base/element/string.json');
    const table = JSON.parse(readFileSync(strings, 'utf8')) as { string: { name: string; value: string }[] };
    table.string.unshift({ name: 'aaa_first', value: 'moves every id after it' });
    writeFileSync(strings, JSON.stringify(table));
    const moved = await build();
    expect(moved.transformed).toBeGreaterThan(0);
    expect(moved.transformed).toBeLessThan(6);
  });

  it('ignores and rewrites a truncated, corrupt or foreign entry; a read-only cache only costs speed', async () => {
    const dir = copyFixture('build/v1-app');
    const home = tempDir('hmos-home-');
    const build = async () => {
      const r = await buildProject(dir, { homeDir: home });
      expect(r.ok, JSON.stringify(r.diagnostics)).toBe(true);
      return r.modules[0]!;
    };
    await build();
    const good = bundleOf(dir);
    // What is tested here is the module cache, not the bundle memo that would spare reading it
    rmSync(join(dir, MEMO), { force: true });
    const [a, b, c, d] = cacheEntries(dir);
    const text = readFileSync(a!, 'utf8');
    writeFileSync(a!, text.slice(0, text.length - 20)); // truncated
    const flipped = readFileSync(b!);
    flipped[flipped.length - 10] ^= 0x20; // one bit of the payload changed: the checksum no longer matches
    writeFileSync(b!, flipped);
    writeFileSync(c!, 'not a cache entry at all');
    const other = readFileSync(d!, 'utf8');
    writeFileSync(d!, other.replace(/"key":"[0-9a-f]+"/, `"key":"${'0'.repeat(64)}"`)); // another source's entry
    expect((await build()).compiled).toBe(4);
    expect(bundleOf(dir)).toBe(good);
    // …and rewritten: the next build uses them.
    rmSync(join(dir, MEMO), { force: true });
    expect((await build()).compiled).toBe(0);

    if (process.getuid?.() === 0) return; // root writes into read-only folders
    for (const e of cacheEntries(dir)) writeFileSync(e, 'x');
    for (const c of CACHES) chmodSync(join(dir, c), 0o500);
    rmSync(join(dir, MEMO), { force: true });
    expect((await build()).compiled).toBe(8);
    expect(bundleOf(dir)).toBe(good);
  });

  it('keeps the last bundle\'s compiled modules in a memo: an edit reuses the rest by stamp, writes a delta; a truncated memo is ignored', async () => {
    const dir = copyFixture('build/v1-app');
    const home = tempDir('hmos-home-');
    // Sources older than the build by more than the stamp margin (a file changed right before a build is left out)
    const age = (path: string) => utimesSync(path, new Date(Date.now() - 10_000), new Date(Date.now() - 10_000));
    for (const f of readdirSync(dir, { recursive: true, encoding: 'utf8' })) if (/\.(ets|ts)$/.test(f)) age(join(dir, f));
    const build = async () => {
      const r = await buildProject(dir, { homeDir: home });
      expect(r.ok, JSON.stringify(r.diagnostics)).toBe(true);
      return r.modules[0]!;
    };
    await build();
    expect(existsSync(join(dir, MEMO))).toBe(true);
    const edit = (text: string) => {
      writeFileSync(join(dir, INDEX), readFileSync(join(dir, INDEX), 'utf8').replace(/Button\('[^']*'\)/, `Button('${text}')`));
      age(join(dir, INDEX));
    };
    edit('first edit');
    // Only the edited page is compiled; its new form goes to the delta, the base stays
    const base = statSync(join(dir, MEMO)).mtimeMs;
    expect((await build()).compiled).toBe(1);
    expect(bundleOf(dir)).toContain('first edit');
    expect(existsSync(join(dir, MEMO + '.delta'))).toBe(true);
    expect(statSync(join(dir, MEMO)).mtimeMs).toBe(base);
    // A new process reads base + delta and nothing else: with every module cache entry spoiled, it compiles nothing
    const edited = bundleOf(dir);
    for (const e of cacheEntries(dir)) writeFileSync(e, 'x');
    expect((await build()).compiled).toBe(0);
    expect(bundleOf(dir)).toBe(edited);
    // A truncated memo is no memo: everything is compiled again (the module cache is spoiled too), the output is right
    truncateSync(join(dir, MEMO), 100);
    edit('second edit');
    expect((await build()).compiled).toBe(8);
    expect(bundleOf(dir)).toContain('second edit');
    expect(bundleOf(dir)).not.toContain('first edit');
  });

  it('survives concurrent builds of one project (new processes): both succeed and the cache they leave is sound', async () => {
    const dir = copyFixture('build/v1-app');
    const home = tempDir('hmos-home-');
    const env = { HMOS_HOME: home };
    const [x, y] = await Promise.all([runHmos(['build', dir, '--json'], { env }), runHmos(['build', dir, '--json'], { env })]);
    expect(x.exitCode, x.stderr).toBe(0);
    expect(y.exitCode, y.stderr).toBe(0);
    const before = bundleOf(dir);
    for (const e of cacheEntries(dir)) expect(statSync(e).size).toBeGreaterThan(100);
    const again = await runHmos(['build', dir, '--json'], { env });
    expect(again.exitCode, again.stderr).toBe(0);
    expect(JSON.parse(again.stdout).modules[0].compiled).toBe(0);
    expect(bundleOf(dir)).toBe(before);
  });

  it('in watch mode, re-transforms an unchanged importer when a component it uses changes its @BuilderParam list', async () => {
    const dir = copyFixture('build/v1-app', { [BANNER]: banner('content') });
    writeFileSync(join(dir, INDEX), withTrailingClosure(readFileSync(join(dir, INDEX), 'utf8')));
    const results: BuildResult[] = [];
    let notify: (() => void) | undefined;
    const watcher = await watchProject(dir, { homeDir: tempDir('hmos-home-') }, (r) => {
      results.push(r);
      notify?.();
    });
    try {
      expect(results[0]!.ok).toBe(true);
      await new Promise((r) => setTimeout(r, 150));
      const pending = new Promise<void>((resolve) => {
        notify = () => {
          if (results.length > 1 && results.at(-1)!.ok && bundleOf(dir).includes('body: () => {')) resolve();
        };
      });
      writeFileSync(join(dir, BANNER), banner('body'));
      await pending;
      expect(bundleOf(dir)).not.toMatch(/content: \(\) => \{/);
    } finally {
      await watcher.close();
    }
  });
});
