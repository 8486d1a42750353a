import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadOrCreateDeveloperKey } from '../../src/hap/signing-key.js';
import { repoRoot, runHmos, tempDir } from '../helpers/cli.js';
import { makeHap } from '../helpers/hap.js';

const fakeHdcDir = join(repoRoot, 'test', 'fixtures', 'hdc');
const SERIAL = 'FMR0223C13000649';

function setup(mode = '') {
  const home = tempDir('hmos-hdc-');
  const work = tempDir('hmos-hdc-work-');
  const log = join(work, 'hdc-args.log');
  writeFileSync(log, '');
  const hap = join(work, 'official.hap');
  writeFileSync(hap, makeHap(loadOrCreateDeveloperKey(home)));
  const env = { HMOS_HOME: home, PATH: `${fakeHdcDir}:/usr/bin:/bin`, HDC_LOG: log, HDC_MODE: mode };
  const calls = () => readFileSync(log, 'utf8').trim().split('\n').filter(Boolean);
  return { home, work, hap, env, calls };
}

describe('real devices through hdc (stand-in hdc on PATH)', () => {
  it('lists hdc targets as devices', async () => {
    const { env } = setup();
    const r = await runHmos(['devices', '--json'], { env });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).devices).toEqual([{ id: SERIAL, type: 'hdc', aliases: [], host: { kind: 'hdc' }, state: 'connected', apps: [] }]);
    const none = await runHmos(['devices', '--json'], { env: { ...env, HDC_MODE: 'empty' } });
    expect(JSON.parse(none.stdout).devices).toEqual([]);
  });

  it('deploys with `install -r` and starts the main ability with `aa start`', async () => {
    const { env, hap, calls } = setup();
    const r = await runHmos(['deploy', '--hap', hap, '--device', SERIAL, '--json'], { env });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout).results[0]).toMatchObject({ device: SERIAL, kind: 'hdc', ok: true, launched: { ability: 'EntryAbility' } });
    expect(calls()).toEqual([
      'list targets',
      `-t ${SERIAL} install -r ${hap}`,
      `-t ${SERIAL} shell aa start -a EntryAbility -b com.example.hello`,
    ]);
  });

  it('reports hdc failures ([Fail], msg:error, error:) with exit 1', async () => {
    const failing = setup('fail');
    const r = await runHmos(['deploy', '--hap', failing.hap, '--device', SERIAL], { env: failing.env });
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toContain('HDC_FAILED');
    expect(r.stdout).toContain('signature verification failed');
    expect(failing.calls().some((c) => c.includes('aa start'))).toBe(false);
    const start = setup('startfail');
    const s = await runHmos(['deploy', '--hap', start.hap, '--device', SERIAL], { env: start.env });
    expect(s.exitCode).toBe(1);
    expect(s.stdout).toContain('failed to start ability');
  });

  it('takes a screenshot with snapshot_display + file recv, and reads hilog; HDC_PATH also works', async () => {
    const { env, work, calls } = setup();
    const out = join(work, 'shot.jpeg');
    const r = await runHmos(['screenshot', '--device', SERIAL, '-o', out, '--json'], { env: { ...env, PATH: '/usr/bin:/bin', HDC_PATH: join(fakeHdcDir, 'hdc') } });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(existsSync(out)).toBe(true);
    expect(readFileSync(out).subarray(0, 2)).toEqual(Buffer.from([0xff, 0xd8]));
    expect(calls()).toContain(`-t ${SERIAL} shell snapshot_display -f /data/local/tmp/hmos.jpeg`);
    expect(calls().some((c) => c.startsWith(`-t ${SERIAL} file recv /data/local/tmp/hmos.jpeg `))).toBe(true);
    const logs = await runHmos(['logs', '--device', SERIAL], { env });
    expect(logs.exitCode, logs.stderr).toBe(0);
    expect(logs.stdout).toContain('C01300/AbilityManager: start ability EntryAbility');
    expect(calls()).toContain(`-t ${SERIAL} hilog -x`);
  });
});
