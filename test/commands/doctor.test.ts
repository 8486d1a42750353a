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

  it('finds hdc on PATH', async () => {
    const bin = tempDir();
    writeFileSync(join(bin, 'hdc'), '#!/bin/sh\necho ok\n');
    chmodSync(join(bin, 'hdc'), 0o755);
    const r = await runHmos(['doctor', '--json'], { env: { PATH: `${bin}:/usr/bin:/bin` } });
    const hdc = JSON.parse(r.stdout).checks.find((c: { id: string }) => c.id === 'hdc');
    expect(hdc.status).toBe('ok');
    expect(hdc.detail).toBe(join(bin, 'hdc'));
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
