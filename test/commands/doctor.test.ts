import { describe, expect, it } from 'vitest';
import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runHmos, tempDir } from '../helpers/cli.js';

describe('hmos doctor', () => {
  it('reports a checklist as JSON', async () => {
    const r = await runHmos(['doctor', '--json'], { env: { PATH: '/usr/bin:/bin' } });
    expect(r.exitCode).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.ok).toBe(true);
    const ids = out.checks.map((c: { id: string }) => c.id);
    expect(ids).toEqual(expect.arrayContaining(['node', 'state', 'hdc', 'terminal']));
    expect(out.checks.find((c: { id: string }) => c.id === 'hdc').status).toBe('warn');
  });

  it('says whether builds use a build daemon, and why not when its folder is not private', async () => {
    const check = async (env: Record<string, string | undefined>) => {
      const r = await runHmos(['doctor', '--json'], { env: { PATH: '/usr/bin:/bin', ...env } });
      return JSON.parse(r.stdout).checks.find((c: { id: string }) => c.id === 'build-daemon');
    };
    expect(await check({ HMOS_DAEMON: '0' })).toMatchObject({ status: 'ok', detail: expect.stringMatching(/^off \(HMOS_DAEMON=0\)/) });
    expect(await check({ HMOS_DAEMON: undefined, CI: 'true' })).toMatchObject({ status: 'ok', detail: expect.stringMatching(/^off \(CI\)/) });
    const home = tempDir('hmos-home-');
    expect(await check({ HMOS_DAEMON: '1', HMOS_HOME: home })).toMatchObject({ status: 'ok', detail: 'none running; the next hmos build starts one' });
    mkdirSync(join(home, 'daemon'), { mode: 0o777 });
    chmodSync(join(home, 'daemon'), 0o777);
    const open = await check({ HMOS_DAEMON: '1', HMOS_HOME: home });
    expect(open).toMatchObject({ status: 'warn', detail: expect.stringContaining('mode 777') });
    expect(open.fix).toContain(`chmod 700 '${join(home, 'daemon')}'`);
  });

  it('finds hdc on PATH', async () => {
    const bin = tempDir();
    writeFileSync(join(bin, 'hdc'), '#!/bin/sh\necho ok\n');
    chmodSync(join(bin, 'hdc'), 0o755);
    const r = await runHmos(['doctor', '--json'], { env: { PATH: `${bin}:/usr/bin:/bin` } });
    const hdc = JSON.parse(r.stdout).checks.find((c: { id: string }) => c.id === 'hdc');
    expect(hdc.status).toBe('ok');
    expect(hdc.detail).toBe(join(bin, 'hdc'));
  });

  it('says whether a CJK font is installed for PNG screenshots (fc-list :lang=zh)', async () => {
    const fontCheck = async (fcListOutput: string) => {
      const bin = tempDir();
      writeFileSync(join(bin, 'fc-list'), `#!/bin/sh\nprintf '%s' '${fcListOutput}'\n`);
      chmodSync(join(bin, 'fc-list'), 0o755);
      const r = await runHmos(['doctor', '--json'], { env: { PATH: `${bin}:/usr/bin:/bin` } });
      return JSON.parse(r.stdout).checks.find((c: { id: string }) => c.id === 'cjk-font');
    };
    expect(await fontCheck('Noto Sans CJK SC,Noto Sans CJK SC Regular\n')).toMatchObject({ status: 'ok', detail: 'Noto Sans CJK SC' });
    const none = await fontCheck('');
    expect(none.status).toBe('warn');
    expect(none.fix).toContain('fonts-noto-cjk');
  });

  it('fails when the state folder cannot be written', async () => {
    const dir = tempDir();
    const file = join(dir, 'not-a-folder');
    writeFileSync(file, 'x');
    mkdirSync(join(dir, 'ok'));
    const r = await runHmos(['doctor'], { env: { HMOS_HOME: join(file, 'hmos') } });
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toMatch(/not writable/);
    expect(r.stdout).toMatch(/HMOS_HOME/);
  });
});
