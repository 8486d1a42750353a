import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.js';
import { buildProject } from '../../src/compiler/build.js';
import { createProject } from '../../src/create/create-project.js';
import { unpackHap, verifyHap } from '../../src/hap/hap.js';
import { createDevice } from '../../src/runtime/device.js';
import type { UINode } from '../../src/runtime/ui-node.js';
import { show } from './helpers.js';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'build');

/** Copies a build fixture, builds it with the real compiler, and returns the verified entries of its entry HAP. */
async function buildFixture(name: string): Promise<Map<string, Uint8Array>> {
  const dir = path.join(tempDir(), name);
  fs.cpSync(path.join(fixtures, name), dir, { recursive: true });
  const result = await buildProject(dir, { homeDir: tempDir(), module: 'entry' });
  expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  const hap = result.modules.find((m) => m.name === 'entry')!.hap!;
  const entries = await unpackHap(fs.readFileSync(hap));
  verifyHap(entries);
  return entries;
}

describe('compiled ArkTS on a device', () => {
  it('v1-app: ability → page with resources, ForEach of child components, clicks, router to a second page', async () => {
    const bundle = await buildFixture('v1-app');
    const device = createDevice({ profile: 'phone', dataDir: tempDir(), locale: 'en_US' });
    const app = device.launch({ bundle });
    expect(app.crash).toBeUndefined();
    expect(app.codeCache.cached).toBe(true);
    expect(app.page()).toBe('pages/Index');
    const greeting = app.find((n) => n.type === 'Text' && typeof n.args[0] === 'object')!;
    expect(typeof app.resolveResource(greeting.args[0] as never)).toBe('string');
    const before = show(app.tree());
    expect(before).toContain('Text("Clicked 0 times")');
    app.click(app.findText('Add')!);
    expect(show(app.tree())).toContain('Text("Clicked 1 times")');
    expect(app.logs.some((l) => l.message.includes('Ability onCreate'))).toBe(true);
    app.click(app.findText('Next')!);
    await app.settle();
    expect(app.page()).toBe('pages/Second');
    expect(show(app.tree())).toContain('Text("Second page")');
    expect(app.find((n: UINode) => n.type === 'Image')).toBeDefined();
    app.back();
    expect(app.page()).toBe('pages/Index');
  });

  it('v2-app: @ObservedV2/@Trace and @Computed update after a click', async () => {
    const bundle = await buildFixture('v2-app');
    const app = createDevice({ profile: 'watch', dataDir: tempDir() }).launch({ bundle });
    expect(app.crash).toBeUndefined();
    expect(show(app.tree())).toContain('Text("0 × 2 = 0")');
    app.click(app.findText('+1')!);
    app.click(app.findText('+1')!);
    expect(show(app.tree())).toContain('Text("2 × 2 = 4")');
  });

  it('refuses a HAP without a bundle and survives a malformed resources.index', () => {
    const device = createDevice({ profile: 'phone', dataDir: tempDir() });
    expect(() => device.launch({ bundle: new Map() })).toThrow(/no ets\/bundle.js/);
    const app = device.launch({ bundle: new Map([['ets/bundle.js', 'registerNamedRoute(() => ({ initialRenderView() {} }), "", { pagePath: "pages/Index" });'], ['resources.index', '{nope']]) });
    expect(app.crash).toBeUndefined();
    expect(app.logs[0]).toMatchObject({ level: 'E', tag: 'ResourceManager' });
    expect(() => createDevice({ profile: 'toaster', dataDir: tempDir() })).toThrow(/Unknown device type/);
  });

  it.each(['app', 'agent', 'multi-device'])('the %s template starts on phone and watch without crashing', async (template) => {
    const dir = path.join(tempDir(), `t-${template.replace('-', '')}`);
    await createProject({ dir, template });
    const result = await buildProject(dir, { homeDir: tempDir(), module: 'entry' });
    expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    const bundle = await unpackHap(fs.readFileSync(result.modules.find((m) => m.name === 'entry')!.hap!));
    for (const profile of ['phone', 'watch']) {
      const app = createDevice({ profile, dataDir: tempDir() }).launch({ bundle });
      await app.settle();
      expect(app.crash?.message).toBeUndefined();
      expect(app.page()).toBe('pages/Index');
      expect(app.tree().children.length).toBeGreaterThan(0);
      app.stop();
    }
  });
});
