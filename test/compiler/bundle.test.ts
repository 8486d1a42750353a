import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runHmos } from '../helpers/cli.js';
import { copyFixture } from '../helpers/fixture.js';
import { unpackHap, verifyHap } from '../../src/hap/hap.js';
import { readResourceIndex } from '../../src/hap/resources-index.js';

const HAP = 'entry/build/default/outputs/default/entry-default-signed.hap';
const entriesOf = async (dir: string) => verifyHap(await unpackHap(readFileSync(join(dir, HAP)))).entries;
const text = (e: Map<string, Uint8Array>, name: string) => Buffer.from(e.get(name)!).toString('utf8');

describe('bundling ArkTS apps', () => {
  it('builds a V1 app: pages register routes, .ets ↔ .ts imports, a local HAR with components, $r ids, .ets source maps', async () => {
    const dir = copyFixture('build/v1-app');
    const r = await runHmos(['build', dir, '--json']);
    expect(r.exitCode, r.stdout + r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.modules[0].ms.transform).toBeGreaterThan(0);
    const e = await entriesOf(dir);
    const js = text(e, 'ets/bundle.js');
    const index = readResourceIndex(e.get('resources.index')!);
    const id = (key: string) => index.entries.find((x) => `${x.type}.${x.name}` === key)!.id;
    expect(js).toContain(`registerNamedRoute(() => new Index(void 0, {}), "", { bundleName: "com.example.v1app", moduleName: "entry", pagePath: "pages/Index", pageFullPath: "entry/src/main/ets/pages/Index"`);
    expect(js).toContain('pagePath: "pages/Second"');
    expect(js).toContain(`{ id: ${id('string.greeting')}, type: 10003, params: [], bundleName: "com.example.v1app", moduleName: "entry" }`);
    // the HAR's own resources are merged into the module's table
    expect(js).toContain(`{ id: ${id('color.banner')}, type: 10001`);
    expect(js).toMatch(/class Banner extends ViewPU/);
    expect(js).toMatch(/__hmosKit\("@ohos\.router"\)/);
    expect(js.trimEnd().split('\n').slice(-20).join('\n')).toMatch(/__hmosRegisterModule\(\{[\s\S]*pages: \["pages\/Index", "pages\/Second"\]/);
    const map = JSON.parse(text(e, 'ets/bundle.js.map'));
    const i = map.sources.indexOf('entry/src/main/ets/pages/Index.ets');
    expect(i).toBeGreaterThanOrEqual(0);
    expect(map.sourcesContent[i]).toBe(readFileSync(join(dir, 'entry/src/main/ets/pages/Index.ets'), 'utf8'));
    expect(index.entries.find((x) => x.name === 'greeting')!.values).toEqual({ base: 'Hello', zh_CN: '你好' });
  });

  it('builds a V2 app (ComponentV2, ObservedV2)', async () => {
    const dir = copyFixture('build/v2-app');
    const r = await runHmos(['build', dir]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(text(await entriesOf(dir), 'ets/bundle.js')).toMatch(/class Index extends ViewV2/);
  });

  it('accepts imports that match only up to case (with a PATH_CASE warning), system resources and lib*.so imports', async () => {
    const dir = copyFixture('build/v1-app', {
      'entry/src/main/ets/pages/Second.ets': "import native from 'libentry.so';\nimport { makeTodos } from '../Model/todo';\n@Entry\n@Component\nstruct Second {\n  build() {\n    Text(makeTodos(1)[0].title + native.version)\n      .fontColor($r('sys.color.font_primary'))\n  }\n}\n",
    });
    const r = await runHmos(['build', dir]);
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stderr).toMatch(/pages\/Second\.ets:2:\d+: warning PATH_CASE: import "\.\.\/Model\/todo" matches .*model\/Todo\.ts only up to case/);
    const js = text(await entriesOf(dir), 'ets/bundle.js');
    const { systemResourceId } = await import('../../src/hap/resources-index.js');
    expect(js).toContain(`{ id: ${systemResourceId('color', 'font_primary')}, type: 10001`);
    expect(js).toContain('__hmosKit("libentry.so")');
  });

  const bad: { name: string; file: string; source: string; expect: RegExp }[] = [
    { name: 'an ArkTS syntax error', file: 'entry/src/main/ets/pages/Second.ets', source: '@Entry\n@Component\nstruct Second {\n  build() {\n    Column() {\n      Text(\'x\'\n    }\n  }\n}\n',
      expect: /pages\/Second\.ets:\d+:\d+: error ETS_SYNTAX: /s },
    { name: 'an unknown decorator', file: 'entry/src/main/ets/pages/Second.ets', source: '@Entry\n@Component\nstruct Second {\n  @Stat message: string = \'x\'\n  build() {\n    Text(this.message)\n  }\n}\n',
      expect: /pages\/Second\.ets:4:3: error ETS_UNKNOWN_DECORATOR: unknown decorator @Stat/ },
    { name: 'an unresolvable $r', file: 'entry/src/main/ets/pages/Second.ets', source: '@Entry\n@Component\nstruct Second {\n  build() {\n    Text($r(\'app.string.nope\'))\n  }\n}\n',
      expect: /pages\/Second\.ets:5:\d+: error RES_UNRESOLVED: resource 'app\.string\.nope'/ },
    { name: 'an import of a missing .ets file', file: 'entry/src/main/ets/pages/Second.ets', source: 'import { Nope } from \'../components/Nope\';\n@Entry\n@Component\nstruct Second {\n  build() {\n    Nope()\n  }\n}\n',
      expect: /pages\/Second\.ets:1:22: error IMPORT_UNRESOLVED: Could not resolve "\.\.\/components\/Nope"/ },
  ];
  for (const c of bad) {
    it(`fails on ${c.name} with file:line:col, exit 1 and no HAP`, async () => {
      const dir = copyFixture('build/v1-app', { [c.file]: c.source });
      const r = await runHmos(['build', dir]);
      expect(r.exitCode, r.stderr).toBe(1);
      expect(r.stderr).toMatch(c.expect);
      expect(r.stderr).not.toMatch(/\n\s+at .*:\d+:\d+\)?\n/);
      expect(existsSync(join(dir, HAP))).toBe(false);
    });
  }
});

describe('pageFullPath', () => {
  it('is the page file\'s path from the project root, also when the module folder is not named after the module', async () => {
    const { renameSync, writeFileSync: write } = await import('node:fs');
    const { loadProject } = await import('../../src/project/project.js');
    const { ModuleBundler } = await import('../../src/compiler/bundle.js');
    const { transformEts } = await import('../../src/compiler/transform/index.js');
    const dir = copyFixture('build/v1-app');
    renameSync(join(dir, 'entry'), join(dir, 'phone'));
    const profile = readFileSync(join(dir, 'build-profile.json5'), 'utf8');
    write(join(dir, 'build-profile.json5'), profile.replace('"srcPath": "./entry"', '"srcPath": "./phone"'));
    const { project } = loadProject(dir, { module: 'entry' });
    const bundler = new ModuleBundler(project, project.modules[0], { transform: transformEts });
    try {
      const out = await bundler.build();
      expect(out.diagnostics.filter((d) => d.severity === 'error').map((d) => d.message)).toEqual([]);
      expect(out.code).toContain('pagePath: "pages/Index", pageFullPath: "phone/src/main/ets/pages/Index"');
    } finally { await bundler.dispose(); }
  });
});

describe('incremental rebuilds', () => {
  it('reuse unchanged files and package resolutions, yet pick up same-size edits and a changed package main', async () => {
    const { writeFileSync: write } = await import('node:fs');
    const { loadProject } = await import('../../src/project/project.js');
    const { ModuleBundler } = await import('../../src/compiler/bundle.js');
    const { transformEts } = await import('../../src/compiler/transform/index.js');
    const dir = copyFixture('build/v1-app');
    const { project } = loadProject(dir, { module: 'entry' });
    const bundler = new ModuleBundler(project, project.modules[0], { transform: transformEts });
    try {
      const first = await bundler.build();
      expect(first.code).toContain('Task ${i + 1}');
      // A .ts and a .ets edit of the same size, right after the build: both are reloaded.
      const todo = join(dir, 'entry/src/main/ets/model/Todo.ts');
      const second = join(dir, 'entry/src/main/ets/pages/Second.ets');
      write(todo, readFileSync(todo, 'utf8').replace('Task ', 'Item '));
      write(second, readFileSync(second, 'utf8').replace("'Second page'", "'Second PAGE'"));
      const edited = await bundler.build({ sourcesOnly: true, changed: new Set([todo]) });
      expect(edited.code).toContain('Item ${i + 1}');
      expect(edited.code).toContain('Second PAGE');
      expect(edited.transformed).toBe(1);
      // Nothing changed: nothing is transformed and the bundle is the same.
      const again = await bundler.build({ sourcesOnly: true, changed: new Set() });
      expect(again.transformed).toBe(0);
      expect(again.code).toBe(edited.code);
      // The HAR's main now points elsewhere: a build that is not sources-only resolves the package again.
      write(join(dir, 'library/Main.ets'), "export { Banner } from './src/main/ets/components/Banner';\nexport function libraryVersion(): string { return 'main-2'; }\n");
      write(join(dir, 'library/oh-package.json5'), '{ "name": "@demo/library", "version": "1.2.0", "main": "Main.ets" }');
      const moved = await bundler.build();
      expect(moved.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      expect(moved.code).toContain('main-2');
    } finally { await bundler.dispose(); }
  });
});
