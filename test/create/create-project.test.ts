import { beforeAll, describe, expect, it } from 'vitest';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import JSON5 from 'json5';
import { createProject, type CreateResult } from '../../src/create/create-project.js';
import { TEMPLATE_NAMES } from '../../src/create/templates.js';
import { parseSource } from '../../src/compiler/parse.js';
import { tempDir } from '../helpers/cli.js';

function walk(dir: string, prefix = ''): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? walk(join(dir, e.name), `${prefix}${e.name}/`) : [`${prefix}${e.name}`]);
}

const LAYOUT = [
  '.gitignore', 'README.md', 'AppScope/app.json5', 'AppScope/resources/base/element/string.json',
  'AppScope/resources/base/media/app_icon.png', 'hvigorfile.ts', 'hvigor/hvigor-config.json5', 'build-profile.json5',
  'oh-package.json5', 'code-linter.json5', 'entry/build-profile.json5', 'entry/hvigorfile.ts', 'entry/oh-package.json5',
  'entry/obfuscation-rules.txt', 'entry/src/main/module.json5', 'entry/src/main/ets/entryability/EntryAbility.ets',
  'entry/src/main/ets/entrybackupability/EntryBackupAbility.ets', 'entry/src/main/ets/pages/Index.ets',
  'entry/src/main/resources/base/element/string.json', 'entry/src/main/resources/base/element/color.json',
  'entry/src/main/resources/base/element/float.json', 'entry/src/main/resources/en_US/element/string.json',
  'entry/src/main/resources/zh_CN/element/string.json', 'entry/src/main/resources/dark/element/color.json',
  'entry/src/main/resources/base/media/icon.png', 'entry/src/main/resources/base/media/layered_image.json',
  'entry/src/main/resources/base/profile/main_pages.json', 'entry/src/test/List.test.ets', 'entry/src/test/LocalUnit.test.ets',
  'entry/src/ohosTest/ets/test/List.test.ets', 'entry/src/ohosTest/ets/test/Ability.test.ets',
];

describe.each(TEMPLATE_NAMES)('the %s template', (template) => {
  const parent = tempDir();
  const dir = join(parent, 'Demo_App');
  let created: Promise<CreateResult>;
  beforeAll(() => {
    created = createProject({ dir, template, bundleName: 'com.acme.demo_app' });
    return created.then(() => undefined);
  });

  it('writes the DevEco Stage-model layout and lists every file it wrote', async () => {
    const result = await created;
    expect(result).toMatchObject({ dir, name: 'Demo_App', template, bundleName: 'com.acme.demo_app' });
    const onDisk = walk(dir).sort();
    expect(result.files).toEqual(onDisk);
    expect(onDisk).toEqual(expect.arrayContaining(LAYOUT));
    expect(onDisk.some((f) => f.includes('_gitignore') || f.endsWith('.tmpl'))).toBe(false);
    // nothing else is left beside the project
    expect(readdirSync(parent)).toEqual(['Demo_App']);
  });

  it('parses every .ets file with the full ArkTS options and no diagnostics', async () => {
    await created;
    // The check below can fail: a broken file does produce diagnostics.
    expect(parseSource('Broken.ets', '@Entry\n@Component\nstruct X { build() { Column( } }').diagnostics.length).toBeGreaterThan(0);
    const ets = walk(dir).filter((f) => f.endsWith('.ets'));
    expect(ets.length).toBeGreaterThanOrEqual(6);
    for (const file of ets) {
      const { diagnostics, sourceFile } = parseSource(file, readFileSync(join(dir, file), 'utf8'));
      expect(diagnostics, file).toEqual([]);
      expect(sourceFile.statements.length, file).toBeGreaterThan(0);
    }
  });

  it('writes JSON/JSON5 that parses, with names, bundle name and device types filled in', async () => {
    const result = await created;
    for (const file of walk(dir).filter((f) => /\.json5?$/.test(f))) {
      expect(() => JSON5.parse(readFileSync(join(dir, file), 'utf8')), file).not.toThrow();
    }
    for (const file of walk(dir).filter((f) => !f.endsWith('.png'))) {
      expect(readFileSync(join(dir, file), 'utf8'), file).not.toMatch(/\{\{|\}\}/);
    }
    const app = JSON5.parse(readFileSync(join(dir, 'AppScope/app.json5'), 'utf8'));
    expect(app.app.bundleName).toBe('com.acme.demo_app');
    expect(app.app.icon).toBe('$media:app_icon');
    const appName = JSON5.parse(readFileSync(join(dir, 'AppScope/resources/base/element/string.json'), 'utf8'));
    expect(appName.string).toContainEqual({ name: 'app_name', value: 'Demo_App' });
    const mod = JSON5.parse(readFileSync(join(dir, 'entry/src/main/module.json5'), 'utf8')).module;
    expect(mod.name).toBe('entry');
    expect(mod.deviceTypes).toEqual(result.deviceTypes);
    expect(mod.pages).toBe('$profile:main_pages');
    expect(mod.abilities[0].srcEntry).toBe('./ets/entryability/EntryAbility.ets');
    const pages = JSON.parse(readFileSync(join(dir, 'entry/src/main/resources/base/profile/main_pages.json'), 'utf8')).src as string[];
    for (const page of pages) expect(existsSync(join(dir, 'entry/src/main/ets', `${page}.ets`)), page).toBe(true);
    expect(readFileSync(join(dir, 'README.md'), 'utf8')).toMatch(/Demo_App/);
    expect(readFileSync(join(dir, 'README.md'), 'utf8')).toMatch(/DevEco Studio/);
    expect(readFileSync(join(dir, '.gitignore'), 'utf8')).toMatch(/^oh_modules\/$/m);
  });

  it('ships real PNG images', async () => {
    await created;
    for (const png of walk(dir).filter((f) => f.endsWith('.png'))) {
      const bytes = readFileSync(join(dir, png));
      expect(bytes.subarray(0, 8).toString('hex'), png).toBe('89504e470d0a1a0a');
      expect(bytes.subarray(12, 16).toString('ascii')).toBe('IHDR');
      expect(bytes.readUInt32BE(16)).toBeGreaterThanOrEqual(48);
      expect(statSync(join(dir, png)).size).toBeGreaterThan(100);
    }
  });
});
