import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { loadOrCreateDeveloperKey } from '../../src/hap/signing-key.js';
import { makeHap } from '../helpers/hap.js';
import { join } from 'node:path';
import { runHmos } from '../helpers/cli.js';
import { hostForTests } from '../helpers/device-host.js';

const { home, env } = hostForTests('hmos-shot-', 'phone');

describe('hmos screenshot', () => {
  it('checks the format and the device, and writes nothing on failure', async () => {
    const out = join(home, 'x.gif');
    const bad = await runHmos(['screenshot', '--device', 'phone-1', '--format', 'gif', '-o', out], { env });
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toContain('png, svg or json');
    const miss = await runHmos(['screenshot', '--device', 'tablet-1'], { env });
    expect(miss.exitCode).toBe(1);
    expect(miss.stderr).toContain('DEVICE_NOT_FOUND');
    const svg = join(home, 'phone.svg');
    const none = await runHmos(['screenshot', '--device', 'phone-1', '--format', 'svg', '-o', svg], { env });
    expect(none.exitCode).toBe(1);
    expect(none.stderr).toContain('APP_NOT_RUNNING');
    expect(existsSync(svg)).toBe(false);
    expect(existsSync(out)).toBe(false);
  });

  it('saves the running app\'s screen as SVG, PNG and JSON', async () => {
    const hap = join(home, 'app.hap');
    writeFileSync(hap, makeHap(loadOrCreateDeveloperKey(home)));
    expect((await runHmos(['deploy', '--hap', hap, '--device', 'phone-1'], { env })).exitCode).toBe(0);
    const svg = await runHmos(['screenshot', '--device', 'phone-1', '--format', 'svg', '-o', join(home, 's.svg'), '--json'], { env });
    expect(svg.exitCode, svg.stderr).toBe(0);
    expect(JSON.parse(svg.stdout)).toMatchObject({ device: 'phone-1', format: 'svg' });
    expect(readFileSync(join(home, 's.svg'), 'utf8')).toContain('Count 0');
    expect((await runHmos(['screenshot', '--device', 'phone-1'], { env, cwd: home })).exitCode).toBe(0);
    expect(readFileSync(join(home, 'phone-1.png')).subarray(1, 4).toString()).toBe('PNG');
    expect((await runHmos(['screenshot', '--device', 'phone-1', '--format', 'json', '-o', join(home, 's.json')], { env })).exitCode).toBe(0);
    expect(JSON.parse(readFileSync(join(home, 's.json'), 'utf8')).page).toBe('pages/Index');
  });
});
