import { describe, expect, it } from 'vitest';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { runHmos, tempDir } from '../helpers/cli.js';
import { startTestHost } from '../helpers/device-host.js';

const env = (home: string) => ({ HMOS_HOME: home, PATH: '/usr/bin:/bin' });

describe('hmos devices', () => {
  it('says how to start devices when there are none, and prunes stale registry entries', async () => {
    const home = tempDir('hmos-devs-');
    mkdirSync(join(home, 'hosts'), { recursive: true });
    // A host that died without cleaning up (pid far beyond pid_max), and a garbage file.
    writeFileSync(join(home, 'hosts', '999999999.json'), JSON.stringify({ pid: 999999999, port: 1, token: 'x', devices: [{ id: 'phone-1' }], startedAt: '' }));
    writeFileSync(join(home, 'hosts', '123.json'), '{half');
    const r = await runHmos(['devices'], { env: env(home) });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('hmos emulate --headless');
    expect(existsSync(join(home, 'hosts', '999999999.json'))).toBe(false);
    expect(existsSync(join(home, 'hosts', '123.json'))).toBe(false);
  });

  it('lists the devices of every live host with their apps', async () => {
    const home = tempDir('hmos-devs-');
    const a = await startTestHost(home, ['--devices', 'phone']);
    const b = await startTestHost(home, ['--devices', 'tv,watch']);
    try {
      const r = await runHmos(['devices'], { env: env(home) });
      expect(r.stdout).toMatch(/phone-1\s+phone\s+host \d+:\d+\s+running\s+no apps/);
      const json = JSON.parse((await runHmos(['devices', '--json'], { env: env(home) })).stdout);
      expect(json.devices.map((d: any) => `${d.id}@${d.host.pid}`).sort()).toEqual([`phone-1@${a.pid}`, `tv-1@${b.pid}`, `wearable-1@${b.pid}`].sort());
    } finally {
      await Promise.all([a.stop(), b.stop()]);
    }
  });

  it('trusts another signing key (PEM), storing it with mode 0600', async () => {
    const home = tempDir('hmos-devs-');
    const { publicKey } = generateKeyPairSync('ed25519');
    const file = join(home, 'teammate.pem');
    writeFileSync(file, publicKey.export({ format: 'pem', type: 'spki' }));
    const r = await runHmos(['devices', 'trust', file, '--json'], { env: env(home) });
    expect(r.exitCode, r.stderr).toBe(0);
    const { keyId } = JSON.parse(r.stdout).trusted;
    expect(keyId).toMatch(/^[0-9a-f]{16}$/);
    const store = join(home, 'trusted-keys.json');
    expect(statSync(store).mode & 0o777).toBe(0o600);
    expect(JSON.parse(readFileSync(store, 'utf8')).keys[0].keyId).toBe(keyId);
    writeFileSync(join(home, 'bad.pem'), 'hello');
    const bad = await runHmos(['devices', 'trust', join(home, 'bad.pem')], { env: env(home) });
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toContain('KEY_FILE_INVALID');
    const noFile = await runHmos(['devices', 'trust'], { env: env(home) });
    expect(noFile.exitCode).toBe(1);
    expect(noFile.stderr).toContain('MISSING_ARGUMENT');
  });
});
