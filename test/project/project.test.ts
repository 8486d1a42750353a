import { describe, expect, it } from 'vitest';
import { readFileSync, realpathSync, symlinkSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Diagnostic } from '../../src/diagnostics.js';
import { repoRoot, tempDir } from '../helpers/cli.js';
import { loadProject } from '../../src/project/project.js';
import { bundleNameProblem } from '../../src/project/validate.js';
import { FIRST_RESOURCE_ID } from '../../src/project/resources.js';
import { copyFixture } from '../helpers/fixture.js';

describe('project model', () => {
  it('a project reached through a symlink is the same project: one spelling of every path (its HSPs were left out of builds)', () => {
    const real = copyFixture('build/multi-module');
    const link = join(tempDir('hmos-link-'), 'linked');
    symlinkSync(real, link, 'dir');
    const model = (dir: string) => {
      const { project } = loadProject(dir);
      return { root: project.root, modules: project.modules.map((m) => ({ name: m.name, dir: m.dir, local: m.localPackages.map((p) => p.dir) })) };
    };
    const viaLink = model(link);
    expect(viaLink).toEqual(model(real));
    expect(viaLink.root).toBe(realpathSync(real));
  });

  it('loads modules, abilities, intents, local HARs and a resource table with stable ids', () => {
    const dir = copyFixture('build/ts-app');
    const { project, diagnostics } = loadProject(dir);
    expect(diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(project.app.bundleName).toBe('com.example.tsapp');
    expect(project.modules.map((m) => [m.name, m.type])).toEqual([['entry', 'entry'], ['library', 'har']]);
    const entry = project.modules[0]!;
    expect(entry.abilities.map((a) => a.name)).toEqual(['EntryAbility']);
    expect(entry.profileIntents.map((i) => i.intentName)).toEqual(['PlayMusic']);
    expect(entry.localPackages.map((p) => p.name)).toEqual(['library']);
    const keys = entry.resources.entries.map((e) => `${e.type}.${e.name}`);
    // by type (color < string < media < profile), then name
    expect(keys).toEqual(['color.start_window_background', 'string.EntryAbility_label', 'string.app_name', 'string.greeting', 'string.module_desc',
      'media.app_icon', 'media.icon', 'profile.insight_intent']);
    expect(entry.resources.entries[0]!.id).toBe(FIRST_RESOURCE_ID);
    const greeting = entry.resources.byKey.get('string.greeting')!;
    expect(Object.fromEntries(Object.entries(greeting.values).map(([q, v]) => [q, v.value]))).toEqual({ base: 'Hello', en_US: 'Hi' });
    expect(entry.resources.files.has('resources/rawfile/data.txt')).toBe(true);
  });

  it('selects a module when given its folder', () => {
    const dir = copyFixture('build/ts-app');
    const { project } = loadProject(join(dir, 'entry'));
    expect(project.root).toBe(dir);
    expect(project.modules.map((m) => m.name)).toEqual(['entry']);
  });

  it('reports JSON5 syntax errors at file:line:col', () => {
    const dir = copyFixture('build/ts-app', { 'entry/src/main/module.json5': '{\n  "module": {\n    "name": "entry",,\n  }\n}\n' });
    const { diagnostics } = loadProject(dir);
    const d = diagnostics.find((x) => x.code === 'JSON5_SYNTAX')!;
    expect(d.file).toBe(join(dir, 'entry/src/main/module.json5'));
    expect([d.line, d.col]).toEqual([3, 21]);
  });

  it('names the field and the rule of schema errors', () => {
    const dir = copyFixture('build/ts-app', {
      'AppScope/app.json5': '{ "app": {\n "bundleName": "com.example",\n "versionCode": 1, "versionName": "1" } }',
      'entry/src/main/module.json5': '{ "module": {\n "name": "entry",\n "type": "entry",\n "deviceTypes": ["phone", "fridge"],\n "pages": "$profile:nope" } }',
    });
    const { diagnostics } = loadProject(dir);
    const bundle = diagnostics.find((d) => d.code === 'APP_SCHEMA')!;
    expect(bundle.message).toMatch(/bundleName .*at least three segments/);
    expect(bundle.line).toBe(2);
    expect(diagnostics.find((d) => d.code === 'MODULE_SCHEMA')!.message).toMatch(/unknown device type "fridge"/);
    const unresolved = diagnostics.find((d) => d.code === 'RES_UNRESOLVED')!;
    expect(unresolved.message).toMatch(/\$profile:nope/);
    expect(unresolved.line).toBe(5);
  });

  it('ends every hostile config in located errors, never an exception (C2, C3, C4 of #12)', () => {
    const moduleJson = readFileSync(join(repoRoot, 'test/fixtures/build/ts-app/entry/src/main/module.json5'), 'utf8');
    const located = (ds: Diagnostic[]) => ds.filter((d) => d.severity === 'error').map((d) => [d.code, relative(dir, d.file ?? ''), d.line, d.col]);
    // C2: a value nested 2,000 arrays deep (it overflowed the stack of the resource-reference scan).
    let dir = copyFixture('build/ts-app', { 'entry/src/main/module.json5': moduleJson.replace('"deliveryWithInstall"', `"deep": ${'['.repeat(2000)}${']'.repeat(2000)},\n    "deliveryWithInstall"`) });
    expect(located(loadProject(dir).diagnostics)).toEqual([['JSON5_TOO_DEEP', 'entry/src/main/module.json5', 8, 13 + 98]]);
    // C3: a syntax error in build-profile.json5 is that error, not "no module found"; so for a selected module.
    dir = copyFixture('build/ts-app', { 'build-profile.json5': '{ "x" "y", "modules": [] }' });
    expect(located(loadProject(dir).diagnostics)).toEqual([['JSON5_SYNTAX', 'build-profile.json5', 1, 7]]);
    dir = copyFixture('build/ts-app', { 'entry/src/main/module.json5': '{\n  "module": {\n    "name": "entry",\n    "type": "entry" "x"\n  }\n}' });
    expect(located(loadProject(dir, { module: 'entry' }).diagnostics)).toEqual([['JSON5_SYNTAX', 'entry/src/main/module.json5', 4, 21]]);
    // C4: schema errors at the offending value: a null resource item, a wrong type, an unknown device type, a bad ability.
    dir = copyFixture('build/ts-app', {
      'entry/src/main/resources/base/element/color.json': '{\n  "color": [\n    null,\n    { "name": "x y", "value": 1 }\n  ],\n  "string": {}\n}',
      'entry/src/main/module.json5': moduleJson.replace('["phone", "wearable"]', '["phone",\n      "fridge"]').replace('"name": "EntryAbility",', '"name": 7,'),
      'AppScope/app.json5': '{ "app": { "bundleName": "com.example.tsapp", "versionCode": -1, "versionName": "1" } }',
      // Files hvigor reads before it builds: their syntax errors fail the build there, so they do here.
      'hvigor/hvigor-config.json5': '{\n  modelVersion: "5.0.0",\n  dependencies: {\n}',
      'entry/build-profile.json5': "{ apiType: 'stageMode', buildOption: { , } }",
    });
    expect(located(loadProject(dir).diagnostics)).toEqual([
      ['APP_SCHEMA', 'AppScope/app.json5', 1, 62],
      ['JSON5_SYNTAX', 'hvigor/hvigor-config.json5', 4, 2],
      ['JSON5_SYNTAX', 'entry/build-profile.json5', 1, 40],
      ['MODULE_SCHEMA', 'entry/src/main/module.json5', 8, 7],
      ['MODULE_SCHEMA', 'entry/src/main/module.json5', 13, 17],
      ['MODULE_SCHEMA', 'entry/src/main/module.json5', 6, 20],
      ['RES_SCHEMA', 'entry/src/main/resources/base/element/color.json', 3, 5],
      ['RES_SCHEMA', 'entry/src/main/resources/base/element/color.json', 4, 15],
      ['RES_SCHEMA', 'entry/src/main/resources/base/element/color.json', 6, 13],
    ]);
  });

  it('checks bundle names', () => {
    expect(bundleNameProblem('com.example.app')).toBeUndefined();
    expect(bundleNameProblem('com.ex')).toMatch(/7–128 bytes/);
    expect(bundleNameProblem('1com.example.app')).toMatch(/segment "1com"/);
    expect(bundleNameProblem('com.ex-ample.app')).toMatch(/segment "ex-ample"/);
    // atomic services: com.atomicservice.<19 digits>, as the reference's app.json5 schema allows
    expect(bundleNameProblem('com.atomicservice.5765880207854649689')).toBeUndefined();
    expect(bundleNameProblem('a'.repeat(130))).toMatch(/7–128/);
  });
});
