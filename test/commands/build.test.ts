import { describe, expect, it } from 'vitest';
import { chmodSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import vm from 'node:vm';
import { runHmos, tempDir } from '../helpers/cli.js';
import { copyFixture } from '../helpers/fixture.js';
import { unpackHap, verifyHap } from '../../src/hap/hap.js';
import { readResourceIndex } from '../../src/hap/resources-index.js';
import { loadBundleScript } from '../../src/hap/bundle-script.js';

const HAP = 'entry/build/default/outputs/default/entry-default-signed.hap';

async function hapEntries(dir: string): Promise<Map<string, Uint8Array>> {
  return verifyHap(await unpackHap(readFileSync(join(dir, HAP)))).entries;
}
const text = (e: Map<string, Uint8Array>, name: string) => Buffer.from(e.get(name)!).toString('utf8');

/** Leftovers of an interrupted or failed write beside the HAP. */
function outputLeftovers(dir: string): string[] {
  const out = join(dir, 'entry/build/default/outputs/default');
  return existsSync(out) ? readdirSync(out) : [];
}

describe('hmos build', () => {
  it('builds a project with .ts sources, a local HAR, resources and an intent into a signed HAP', async () => {
    const dir = copyFixture('build/ts-app');
    const home = tempDir('hmos-home-');
    const r = await runHmos(['build', dir], { env: { HMOS_HOME: home } });
    expect(r.stderr).toBe('');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/built entry → .*entry-default-signed\.hap/);
    const e = await hapEntries(dir);
    for (const name of ['module.json', 'ets/bundle.js', 'ets/bundle.js.map', 'ets/bundle.cache', 'ets/cache-info.json', 'ets/intents.json',
      'resources.index', 'pack.info', 'resources/base/media/icon.png', 'resources/base/media/app_icon.png', 'resources/rawfile/data.txt']) {
      expect(e.has(name), name).toBe(true);
    }
    const index = readResourceIndex(e.get('resources.index')!);
    const byName = new Map(index.entries.map((x) => [`${x.type}.${x.name}`, x]));
    expect(byName.get('string.greeting')!.values).toEqual({ base: 'Hello', en_US: 'Hi' });
    expect(byName.get('color.start_window_background')!.values).toEqual({ base: '#FFFFFF', dark: '#000000' });
    const moduleJson = JSON.parse(text(e, 'module.json'));
    expect(moduleJson.app.bundleName).toBe('com.example.tsapp');
    expect(moduleJson.app.labelId).toBe(byName.get('string.app_name')!.id);
    expect(moduleJson.module.abilities[0].iconId).toBe(byName.get('media.icon')!.id);
    expect(JSON.parse(text(e, 'ets/intents.json')).intents.map((i: { intentName: string }) => i.intentName)).toEqual(['PlayMusic']);
    const map = JSON.parse(text(e, 'ets/bundle.js.map'));
    expect(map.sources).toContain('entry/src/main/ets/common/util.ts');
    expect(map.sources).toContain('library/src/main/ets/name.ts');

    // Evaluate the bundle the way a device does: kits come from __hmosKit, the module registers itself.
    const loaded = loadBundleScript(e);
    expect(loaded.cached).toBe(true);
    const logs: string[] = [];
    class UIAbility {}
    class InsightIntentExecutor {}
    const kits: Record<string, object> = {
      '@kit.AbilityKit': { UIAbility, InsightIntentExecutor },
      '@ohos.hilog': { default: { info: (_d: number, _t: string, _f: string, msg: string) => logs.push(msg) } },
    };
    let registration: any;
    const ctx = vm.createContext({ __hmosKit: (spec: string) => kits[spec], __hmosRegisterModule: (r: unknown) => { registration = r; } });
    for (const script of loaded.scripts) script.runInContext(ctx);
    expect('__hmosBundle' in ctx).toBe(false);
    expect(registration.bundleName).toBe('com.example.tsapp');
    expect(registration.pages).toEqual([]);
    const ability = new registration.abilities.EntryAbility();
    expect(ability).toBeInstanceOf(UIAbility);
    ability.onCreate();
    expect(logs).toEqual(['HELLO LIBRARY']);
    const executor = new registration.intentExecutors.PlayMusic();
    expect(executor.onExecuteInUIAbilityBackgroundMode('PlayMusic', { song: 'x' })).toEqual({ code: 0, result: { playing: 'x' } });

    // The one-shot build's CLI ran through a V8 code cache it made in the state folder; one V8 refuses is replaced.
    const caches = readdirSync(join(home, 'cache')).filter((f) => /^hmos-cli-build-[0-9a-f]+\.cache$/.test(f));
    expect(caches).toHaveLength(1);
    writeFileSync(join(home, 'cache', caches[0]!), 'not a code cache');
    const again = await runHmos(['build', dir], { env: { HMOS_HOME: home } });
    expect(again.exitCode, again.stderr).toBe(0);
    expect(again.stdout).toMatch(/entry is up to date/);
    expect(readFileSync(join(home, 'cache', caches[0]!), 'utf8')).not.toBe('not a code cache');
  });

  it('prints --json with per-module timings, builds from a module folder, and minifies in release mode', async () => {
    const dir = copyFixture('build/ts-app');
    const r = await runHmos(['build', join(dir, 'entry'), '--json', '--mode', 'release']);
    expect(r.exitCode).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.modules).toHaveLength(1);
    expect(out.modules[0]).toMatchObject({ name: 'entry', hap: join(dir, HAP) });
    expect(out.modules[0].bytes).toBeGreaterThan(1000);
    expect(Object.keys(out.modules[0].ms)).toEqual(['parse', 'transform', 'bundle', 'package']);
    expect(out.diagnostics).toEqual([]);
    const bundle = text(await hapEntries(dir), 'ets/bundle.js');
    expect(bundle).not.toMatch(/\n {2}\/\/ entry\/src/);
    expect(JSON.parse(text(await hapEntries(dir), 'module.json')).app.debug).toBe(false);
  });

  it('rejects an unknown module and a folder that is no project', async () => {
    const dir = copyFixture('build/ts-app');
    const r = await runHmos(['build', dir, '--module', 'nope']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/error MODULE_NOT_FOUND: no module named "nope"; modules: entry, library/);
    const empty = tempDir();
    const r2 = await runHmos(['build', empty]);
    expect(r2.exitCode).toBe(1);
    expect(r2.stderr).toMatch(/PROJECT_NOT_FOUND/);
    expect(r2.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('hmos build on bad input: a clear diagnostic, exit 1, no stack trace, no HAP', () => {
  const cases: { name: string; changes: (dir: string) => Record<string, string | Buffer>; expect: RegExp }[] = [
    { name: 'malformed JSON5', changes: () => ({ 'AppScope/app.json5': '{ "app": { "bundleName": "com.example.tsapp" \n "x": 1 } }' }),
      expect: /AppScope\/app\.json5:2:2: error JSON5_SYNTAX: invalid character '\\?"'/ },
    { name: 'a missing module.json5', changes: () => ({ 'build-profile.json5': '{ "modules": [ { "name": "entry", "srcPath": "./entry" }, { "name": "gone", "srcPath": "./gone" } ] }' }),
      expect: /build-profile\.json5:1:\d+: error MODULE_MISSING: module "gone" \(srcPath \.\/gone\) has no src\/main\/module\.json5/ },
    { name: 'a missing page', changes: () => ({ 'entry/src/main/resources/base/profile/main_pages.json': '{\n  "src": ["pages/Missing"]\n}',
      'entry/src/main/module.json5': readFileSync(join(fixtureDir(), 'entry/src/main/module.json5'), 'utf8').replace('"deliveryWithInstall"', '"pages": "$profile:main_pages",\n    "deliveryWithInstall"') }),
      expect: /main_pages\.json:2:11: error PAGE_MISSING: page "pages\/Missing" is listed but ets\/pages\/Missing\.ets does not exist/ },
    { name: 'a missing srcEntry', changes: () => ({ 'entry/src/main/ets/entryability/EntryAbility.ts': '' }), expect: /./ },
    { name: 'an import of a missing file', changes: () => ({ 'entry/src/main/ets/common/util.ts': "import { x } from './nothing';\nexport const greet = (s: string) => s + x;\n" }),
      expect: /entry\/src\/main\/ets\/common\/util\.ts:1:19: error IMPORT_UNRESOLVED: Could not resolve "\.\/nothing"/ },
    { name: 'a TypeScript syntax error', changes: () => ({ 'entry/src/main/ets/common/util.ts': 'export function greet(s: string {\n  return s;\n}\n' }),
      expect: /util\.ts:1:\d+: error BUNDLE_ERROR: Expected/ },
    { name: 'binary garbage in a source file', changes: () => ({ 'entry/src/main/ets/common/util.ts': Buffer.from([0x7f, 0x45, 0x4c, 0x46, 0x02, 0x01, 0, 0, 0xff]) }),
      expect: /util\.ts:1:7: error SOURCE_NOT_TEXT/ },
    { name: 'a 5 MB source file', changes: () => ({ 'entry/src/main/ets/common/util.ts': 'export const greet = (s: string) => s;\n' + '// filler\n'.repeat(520_000) }),
      expect: /util\.ts:1:1: error SOURCE_TOO_LARGE: source file is 5\.0 MB, over the 4 MB limit/ },
    { name: 'an unresolvable resource reference', changes: () => ({ 'entry/src/main/resources/base/element/string.json': '{ "string": [ { "name": "module_desc", "value": "d" }, { "name": "greeting", "value": "Hello" } ] }' }),
      expect: /module\.json5:\d+:\d+: error RES_UNRESOLVED: module\.abilities\[0\]\.label refers to \$string:EntryAbility_label/ },
    { name: 'an invalid bundle name', changes: () => ({ 'AppScope/app.json5': '{ "app": { "bundleName": "example", "versionCode": 1, "versionName": "1.0" } }' }),
      expect: /app\.json5:1:\d+: error APP_SCHEMA: app\.bundleName must be 7–128 bytes|at least three segments/ },
    { name: 'an invalid intent', changes: () => ({ 'entry/src/main/resources/base/profile/insight_intent.json': '{ "insightIntents": [ { "intentName": "Play", "srcEntry": "./ets/intents/Nope.ts", "parameters": { "type": "string" } } ] }' }),
      expect: /error INTENT_INVALID: intent "Play": parameters must describe an object/ },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      let dir = copyFixture('build/ts-app');
      if (c.name === 'a missing srcEntry') {
        dir = copyFixture('build/ts-app');
        const fs = await import('node:fs');
        fs.rmSync(join(dir, 'entry/src/main/ets/entryability/EntryAbility.ts'));
      } else {
        for (const [rel, content] of Object.entries(c.changes(dir))) writeFileSync(join(dir, rel), content);
      }
      const r = await runHmos(['build', dir]);
      expect(r.exitCode, r.stderr).toBe(1);
      if (c.name === 'a missing srcEntry') expect(r.stderr).toMatch(/module\.json5:\d+:\d+: error SRC_ENTRY_MISSING: abilities "EntryAbility": srcEntry \.\/ets\/entryability\/EntryAbility\.ts does not exist/);
      else expect(r.stderr).toMatch(c.expect);
      expect(r.stderr).not.toMatch(/\n\s+at .*:\d+:\d+\)?\n/);
      expect(r.stderr).toMatch(/build failed: \d+ error/);
      expect(existsSync(join(dir, HAP))).toBe(false);
      expect(outputLeftovers(dir)).toEqual([]);
    });
  }

  it('caps the problems of a source of 200,000 stray tokens at 200, then "and N more" (C1 of #12)', async () => {
    const dir = copyFixture('build/v1-app', { 'entry/src/main/ets/pages/Index.ets': ') '.repeat(200_000) });
    const r = await runHmos(['build', dir]);
    expect(r.exitCode, r.stderr.slice(-2000)).toBe(1);
    const listed = r.stderr.match(/^\S*\/entry\/src\/main\/ets\/pages\/Index\.ets:1:\d+: error ETS_SYNTAX: /gm) ?? [];
    expect(listed).toHaveLength(200);
    expect(r.stderr).toMatch(/and 199,800 more problems in this file \(only the first 200 are listed\)/);
    expect(r.stderr).toMatch(/… and 199,800 more errors not listed \(only the first 200 problems are shown\)\nbuild failed: 200,000 errors$/);
    expect(existsSync(join(dir, HAP))).toBe(false);
  });

  it('prints every diagnostic at once with a code frame', async () => {
    const dir = copyFixture('build/ts-app', {
      'entry/src/main/ets/common/util.ts': "import { a } from './missing-a';\nimport { b } from './missing-b';\nexport const greet = (s: string) => s + a + b;\n",
    });
    const r = await runHmos(['build', dir, '--json']);
    expect(r.exitCode).toBe(1);
    const out = JSON.parse(r.stdout);
    expect(out.diagnostics.map((d: { code: string; line: number }) => [d.code, d.line])).toEqual([['IMPORT_UNRESOLVED', 1], ['IMPORT_UNRESOLVED', 2]]);
    expect(out.modules[0].hap).toBeNull();
    const human = await runHmos(['build', dir]);
    expect(human.stderr).toContain("1 | import { a } from './missing-a';\n  |                   ^");
  });

  it('bounds each file\'s transform by HMOS_TRANSFORM_TIMEOUT: a genuinely large page past a small limit is a located ETS_TIMEOUT, promptly, nothing written', async () => {
    // 20,000 rows (2.6 MB of ArkTS, seconds for the parser) in each of the project's two .ets files (its ability is
    // .ts): the second is bounded as well, by the worker that replaces the one stopped on the first
    const rows = Array.from({ length: 20_000 }, (_, i) => `      Row() {\n        Text('row ${i}: ' + this.count).fontSize(${10 + (i % 8)})\n        Button('+').onClick(() => { this.count += ${i} })\n      }`);
    const big = (name: string) => `@Entry\n@Component\nstruct ${name} {\n  @State count: number = 0\n  build() {\n    Column() {\n${rows.join('\n')}\n    }\n  }\n}\n`;
    const moduleJson = readFileSync(join(fixtureDir(), 'entry/src/main/module.json5'), 'utf8').replace('"installationFree": false,', '"installationFree": false,\n    "pages": "$profile:main_pages",');
    const dir = copyFixture('build/ts-app', {
      'entry/src/main/module.json5': moduleJson,
      'entry/src/main/resources/base/profile/main_pages.json': '{ "src": ["pages/Big", "pages/Big2"] }',
      'entry/src/main/ets/pages/Big.ets': big('Big'),
      'entry/src/main/ets/pages/Big2.ets': big('Big2'),
    });
    const home = tempDir('hmos-home-');
    const r = await runHmos(['build', dir], { env: { HMOS_HOME: home, HMOS_TRANSFORM_TIMEOUT: '0.5' } });
    expect(r.exitCode, r.stderr).toBe(1);
    for (const page of ['Big', 'Big2']) {
      expect(r.stderr).toMatch(new RegExp(`/entry/src/main/ets/pages/${page}\\.ets:1:1: error ETS_TIMEOUT: the ArkTS parser did not finish this file in 0\\.5 s \\(HMOS_TRANSFORM_TIMEOUT`));
    }
    expect(r.stderr).not.toMatch(/\n\s+at /);
    expect(existsSync(join(dir, HAP))).toBe(false);
    expect(outputLeftovers(dir)).toEqual([]);
    // A limit that is no number of seconds is refused before anything is built
    const bad = await runHmos(['build', dir], { env: { HMOS_HOME: home, HMOS_TRANSFORM_TIMEOUT: '0' } });
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toMatch(/error BAD_OPTION: HMOS_TRANSFORM_TIMEOUT is the seconds .* \(e\.g\. 30 or 0\.5; got "0"\)/);
  });

  it('reports an unwritable output folder', async () => {
    // A file where the output folder should be blocks even root (who may write into a read-only folder).
    const blocked = copyFixture('build/ts-app', { 'entry/build/default/outputs': 'not a folder' });
    const r = await runHmos(['build', blocked]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/error OUTPUT_UNWRITABLE: cannot write .*entry-default-signed\.hap \((ENOTDIR|EEXIST)\)/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
    if (process.getuid?.() === 0) return;
    const dir = copyFixture('build/ts-app', { 'entry/build/default/outputs/default/.keep': '' });
    chmodSync(join(dir, 'entry/build/default/outputs/default'), 0o500);
    try {
      const r2 = await runHmos(['build', dir]);
      expect(r2.exitCode).toBe(1);
      expect(r2.stderr).toMatch(/error OUTPUT_UNWRITABLE: cannot write .*entry-default-signed\.hap \(EACCES\)/);
      expect(existsSync(join(dir, HAP))).toBe(false);
    } finally {
      chmodSync(join(dir, 'entry/build/default/outputs/default'), 0o700);
    }
  });
});

function fixtureDir(): string {
  return join(new URL('../fixtures/build/ts-app', import.meta.url).pathname);
}

describe('hmos build interrupted with Ctrl-C', () => {
  it('leaves either no HAP or a complete, verifiable one — never a partial file', async () => {
    // Enough pages that the build is still running when the signal arrives.
    const pages: Record<string, string> = {};
    const list: string[] = [];
    for (let i = 0; i < 80; i++) {
      pages[`entry/src/main/ets/pages/P${i}.ets`] = `@Entry\n@Component\nstruct P${i} {\n  @State n: number = ${i}\n  build() {\n    Column() {\n      Text('page ${i} ' + this.n)\n      Button('+').onClick(() => { this.n++ })\n    }\n  }\n}\n`;
      list.push(`pages/P${i}`);
    }
    const dir = copyFixture('build/v1-app', { ...pages, 'entry/src/main/resources/base/profile/main_pages.json': JSON.stringify({ src: list }) });
    const { execa } = await import('execa');
    const { hmosBin } = await import('../helpers/cli.js');
    const child = execa(process.execPath, [hmosBin, 'build', dir], { env: { NO_COLOR: '1', HMOS_HOME: tempDir('hmos-home-') }, reject: false });
    setTimeout(() => child.kill('SIGINT'), 400);
    const r = await child;
    expect(r.stderr).not.toMatch(/internal error/);
    expect(outputLeftovers(dir).filter((f) => f.startsWith('.hmos-tmp-'))).toEqual([]);
    if (existsSync(join(dir, HAP))) {
      expect(r.exitCode).toBe(0);
      expect((await hapEntries(dir)).has('ets/bundle.js')).toBe(true);
    } else {
      // Ended by the signal itself, or by hmos's clean-up handler (130) once packaging had started.
      expect(r.exitCode === 130 || r.signal === 'SIGINT', `exit ${r.exitCode} signal ${r.signal}`).toBe(true);
    }
  });
});
