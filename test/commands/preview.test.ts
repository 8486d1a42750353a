import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runHmos, tempDir } from '../helpers/cli.js';
import { copyFixture } from '../helpers/fixture.js';

// One project and one state folder for the file: the first preview builds, later ones reuse the HAP.
const project = copyFixture('build/v1-app');
const home = tempDir('hmos-preview-home-');
const preview = (...args: string[]) => runHmos(['preview', project, ...args], { env: { HMOS_HOME: home } });

describe('hmos preview', () => {
  it('builds the project and prints the first page as a text tree', async () => {
    const r = await preview();
    expect(r.stderr).not.toMatch(/error/);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^pages\/Index on phone \(360×780 vp\)/);
    expect(r.stdout).toContain('Text "Hello"'); // $r('app.string.greeting') resolved from resources.index
    expect(r.stdout).toContain('Text "Clicked 0 times"');
    expect(existsSync(join(project, 'entry/build/default/outputs/default/entry-default-signed.hap'))).toBe(true);
  });

  it('applies actions in order and shows the state they leave', async () => {
    const r = await preview('--do', 'click:text=Add', '--do', 'click:type=Button#1', '--format', 'json');
    expect(r.exitCode).toBe(0);
    const screen = JSON.parse(r.stdout);
    expect(screen.device).toEqual({ type: 'phone', width: 360, height: 780 });
    expect(screen.page).toBe('pages/Index');
    const texts: string[] = [];
    const walk = (n: { text?: string; bounds: number[]; children: unknown[] }) => {
      expect(n.bounds).toHaveLength(4);
      if (n.text) texts.push(n.text);
      (n.children as typeof n[]).forEach(walk);
    };
    walk(screen.root);
    expect(texts).toContain('Clicked 2 times');
  });

  it('follows router navigation and back', async () => {
    const next = await preview('--do', 'click:text=Next');
    expect(next.exitCode).toBe(0);
    expect(next.stdout).toMatch(/^pages\/Second/);
    const back = await preview('--do', 'click:text=Next', '--do', 'back');
    expect(back.stdout).toMatch(/^pages\/Index/);
  });

  it('renders for another device, locale and page', async () => {
    const r = await preview('--device', 'watch', '--page', 'pages/Second');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toMatch(/^pages\/Second on wearable \(233×233 vp\)/);
  });

  it('writes a PNG with -o', async () => {
    const out = join(tempDir(), 'screen.png');
    const r = await preview('--format', 'png', '-o', out);
    expect(r.exitCode).toBe(0);
    const png = readFileSync(out);
    expect(png.subarray(1, 4).toString()).toBe('PNG');
    expect(png.readUInt32BE(16)).toBe(360 * 3); // IHDR width at the phone's density
  });

  it('lists the visible texts when a selector matches nothing', async () => {
    const r = await preview('--do', 'click:text=Nope');
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/error NO_MATCH/);
    expect(r.stderr).toContain('"Clicked 0 times"');
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });

  it('refuses bad options with the valid values', async () => {
    const page = await preview('--page', 'pages/Nope');
    expect(page.exitCode).toBe(1);
    expect(page.stderr).toMatch(/PAGE_NOT_FOUND.*pages\/Index/);
    const device = await preview('--device', 'fridge');
    expect(device.exitCode).toBe(1);
    expect(device.stderr).toMatch(/UNKNOWN_DEVICE_TYPE.*wearable/);
    const format = await preview('--format', 'gif');
    expect(format.exitCode).toBe(1);
    expect(format.stderr).toMatch(/--format must be one of text, json, svg, png/);
    const action = await preview('--do', 'tap:text=Add');
    expect(action.exitCode).toBe(1);
    expect(action.stderr).toMatch(/BAD_ACTION/);
  });

  it('shows build errors as diagnostics and exits 1', async () => {
    const broken = copyFixture('build/v1-app', { 'entry/src/main/ets/pages/Index.ets': '@Entry\n@Component\nstruct Index {\n  build() {\n    Column() {\n' });
    const r = await runHmos(['preview', broken], { env: { HMOS_HOME: home } });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/Index\.ets:\d+:\d+: error/);
    expect(r.stderr).toMatch(/preview failed/);
  });
});
