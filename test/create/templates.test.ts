import { describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { assertTemplateName, renderTemplate, TEMPLATE_NAMES, templateFiles, templatesRoot } from '../../src/create/templates.js';
import { repoRoot } from '../helpers/cli.js';

describe('templates', () => {
  it('are found in src/templates from the source tree', () => {
    expect(templatesRoot()).toBe(join(repoRoot, 'src', 'templates') + '/');
    for (const t of TEMPLATE_NAMES) expect(existsSync(join(templatesRoot(), t)), t).toBe(true);
  });

  it('renders placeholders and refuses unknown ones', () => {
    expect(renderTemplate('{{appName}} is {{ bundleName }}', { appName: 'A', bundleName: 'com.a.b' })).toBe('A is com.a.b');
    expect(() => renderTemplate('{{nope}}', {}, 'x.ets')).toThrow(/x\.ets: unknown placeholder \{\{nope\}\}/);
    // `${{` never occurs in ArkTS but `{ {` inside code must be left alone
    expect(renderTemplate('Column() { { } }', {})).toBe('Column() { { } }');
  });

  it('renames _gitignore and *.tmpl, lets a template override common files, and renders text only', () => {
    const files = templateFiles('agent');
    const paths = files.map((f) => f.path);
    expect(paths).toContain('.gitignore');
    expect(paths).toContain('hvigorfile.ts');
    expect(paths.filter((p) => p === 'entry/src/main/resources/base/element/color.json')).toHaveLength(1);
    expect(files.find((f) => f.path === 'entry/src/main/resources/base/element/color.json')!.source).toContain(join('templates', 'agent'));
    expect(files.find((f) => f.path.endsWith('app_icon.png'))!.text).toBe(false);
    expect(files.find((f) => f.path.endsWith('.ets'))!.text).toBe(true);
  });

  it('lists the valid templates for an unknown name', () => {
    expect(() => assertTemplateName('nope')).toThrow('Valid templates: app, agent, multi-device.');
  });
});
