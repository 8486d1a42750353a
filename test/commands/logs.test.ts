import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadOrCreateDeveloperKey } from '../../src/hap/signing-key.js';
import { hmosBin, runHmos } from '../helpers/cli.js';
import { makeHap } from '../helpers/hap.js';
import { hostForTests } from '../helpers/device-host.js';

const { home, env } = hostForTests('hmos-logs-', 'phone,watch');
const key = loadOrCreateDeveloperKey(home);

describe('hmos logs', () => {
  it('prints device logs, filtered by device and level, as text or JSON lines', async () => {
    const hap = join(home, 'a.hap');
    writeFileSync(hap, makeHap(key));
    expect((await runHmos(['deploy', '--hap', hap, '--device', 'watch-1'], { env })).exitCode).toBe(0);
    const all = await runHmos(['logs'], { env });
    expect(all.exitCode, all.stderr).toBe(0);
    expect(all.stdout).toMatch(/phone-1\s+INFO\s+Device: phone-1 \(phone\) started/);
    expect(all.stdout).toMatch(/wearable-1\s+INFO\s+AbilityManager: start ability EntryAbility of com\.example\.hello/);
    const one = await runHmos(['logs', '--device', 'watch-1', '--json', '--level', 'info'], { env });
    const lines = one.stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(new Set(lines.map((l) => l.device))).toEqual(new Set(['wearable-1']));
    expect(lines.some((l) => l.message.startsWith('installed com.example.hello'))).toBe(true);
    const errorsOnly = await runHmos(['logs', '--level', 'error', '--json'], { env });
    expect(errorsOnly.stdout.trim()).toBe('');
    const bad = await runHmos(['logs', '--level', 'loud'], { env });
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toContain('--level');
  });

  it('--follow streams new lines as they happen', async () => {
    const child = spawn(process.execPath, [hmosBin, 'logs', '--device', 'phone-1', '--follow', '--json'], { env: { ...process.env, ...env } });
    let out = '';
    child.stdout.on('data', (b) => { out += b; });
    await new Promise((r) => setTimeout(r, 600));
    const hap = join(home, 'b.hap');
    writeFileSync(hap, makeHap(key, { bundleName: 'com.example.follow' }));
    expect((await runHmos(['deploy', '--hap', hap, '--device', 'phone-1'], { env })).exitCode).toBe(0);
    const deadline = Date.now() + 5000;
    while (!out.includes('start ability EntryAbility of com.example.follow') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    child.kill('SIGTERM');
    expect(out).toContain('installed com.example.follow');
    expect(out).toContain('start ability EntryAbility of com.example.follow');
  });
});
