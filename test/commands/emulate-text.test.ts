// `hmos emulate` without a terminal: one text render per device, then exit 0; build errors and bad input exit 1.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runHmos, tempDir } from '../helpers/cli.js';
import { copyFixture, edit } from '../helpers/emulate.js';

describe('hmos emulate without a TTY', () => {
  it('prints one text render per device (a type the module does not list says so) and exits 0', async () => {
    const dir = copyFixture('counter');
    const r = await runHmos(['emulate', dir, '--devices', 'phone,watch,tv']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('── phone-1 · pages/Index · com.example.counter');
    expect(r.stdout).toContain('── wearable-1 · pages/Index');
    expect(r.stdout).toMatch(/Count: 0[\s\S]*Count: 0/);
    expect(r.stdout).toContain('── tv-1 · not supported');
    expect(r.stdout.replace(/\s+/g, ' ')).toContain('not tv; add "tv" to deviceTypes');
    const json = await runHmos(['emulate', dir, '--json']);
    expect(JSON.parse(json.stdout).devices.map((d: { id: string; page: string }) => [d.id, d.page])).toEqual([['phone-1', 'pages/Index']]);
  }, 60_000);

  it('a project that does not build is an error with the code frame; unknown device types list the valid ones', async () => {
    const dir = copyFixture('counter');
    edit(path.join(dir, 'entry/src/main/ets/pages/Index.ets'), '.fontSize(20)', '.fontSize(20))');
    const r = await runHmos(['emulate', dir]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('BUILD_FAILED');
    expect(r.stderr).toContain('Index.ets:13:22');
    const bad = await runHmos(['emulate', dir, '-d', 'toaster']);
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toMatch(/unknown device type "toaster"; valid types: phone, tablet/);
    const grant = await runHmos(['emulate', dir, '--grant', 'maybe']);
    expect(grant.exitCode).toBe(1);
    expect(grant.stderr).toContain('--grant must be ask, all, none (got "maybe")');
    const missing = await runHmos(['emulate', path.join(tempDir(), 'gone')]);
    expect(missing.stderr).toContain('PROJECT_NOT_FOUND');
  }, 60_000);
});
