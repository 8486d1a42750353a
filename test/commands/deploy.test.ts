import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync, zipSync } from 'fflate';
import { loadOrCreateDeveloperKey } from '../../src/hap/signing-key.js';
import { runHmos, tempDir } from '../helpers/cli.js';
import { makeHap, type TestHapOptions } from '../helpers/hap.js';
import { copyFixture } from '../helpers/fixture.js';
import { startTestHost, type TestHost } from '../helpers/device-host.js';

const home = tempDir('hmos-deploy-');
const key = loadOrCreateDeveloperKey(home);
const work = tempDir('hmos-deploy-work-');
let host: TestHost;
let n = 0;

function hapFile(o: TestHapOptions = {}): string {
  const file = join(work, `app-${n++}.hap`);
  writeFileSync(file, makeHap(key, o));
  return file;
}
const hmos = (args: string[]) => runHmos(args, { env: { HMOS_HOME: home, PATH: '/usr/bin:/bin' }, cwd: work });

beforeAll(async () => {
  host = await startTestHost(home, ['--devices', 'phone,watch']);
});
afterAll(async () => {
  await host?.stop();
});

describe('hmos deploy', () => {
  it('says how to start a device when none is running', async () => {
    const r = await runHmos(['deploy', '--hap', hapFile()]);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('NO_DEVICES');
    expect(r.stderr).toContain('hmos emulate --headless');
  });

  it('installs on several devices in parallel and launches the main ability', async () => {
    const r = await hmos(['deploy', '--hap', hapFile(), '--device', 'phone-1', '--device', 'watch-1', '--json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.bundleName).toBe('com.example.hello');
    expect(out.results.map((x: any) => [x.device, x.ok, x.launched?.ability])).toEqual([['phone-1', true, 'EntryAbility'], ['wearable-1', true, 'EntryAbility']]);
    expect(out.results[0].ms).toBeTypeOf('number');
    const human = await hmos(['deploy', '--hap', hapFile(), '--all', '--no-launch']);
    expect(human.exitCode).toBe(0);
    expect(human.stdout).toMatch(/phone-1: installed in \d+ ms/);
    const devices = JSON.parse((await hmos(['devices', '--json'])).stdout).devices;
    expect(devices.map((d: any) => d.apps.map((a: any) => a.bundleName))).toEqual([['com.example.hello'], ['com.example.hello']]);
  });

  it('exits 1 naming each failed device and its reason', async () => {
    const r = await hmos(['deploy', '--hap', hapFile({ bundleName: 'com.example.phoneonly', deviceTypes: ['phone'] }), '--all']);
    expect(r.exitCode).toBe(1);
    expect(r.stdout).toMatch(/phone-1: installed and launched EntryAbility/);
    expect(r.stdout).toMatch(/wearable-1: DEVICE_TYPE_UNSUPPORTED/);
    const down = await hmos(['deploy', '--hap', hapFile({ versionCode: 1 }), '--device', 'phone-1']);
    expect(down.exitCode).toBe(1);
    expect(down.stdout).toContain('VERSION_DOWNGRADE');
    expect((await hmos(['deploy', '--hap', hapFile({ versionCode: 1 }), '--device', 'phone-1', '--allow-downgrade'])).exitCode).toBe(0);
  });

  it('refuses a tampered HAP, an unknown device (with suggestions) and an ambiguous target', async () => {
    const files = unzipSync(makeHap(key, { bundleName: 'com.example.tamper' }));
    files['ets/bundle.js'] = Buffer.from('globalThis.evil = true;');
    const bad = join(work, 'tampered.hap');
    writeFileSync(bad, zipSync(files));
    const t = await hmos(['deploy', '--hap', bad, '--device', 'phone-1']);
    expect(t.exitCode).toBe(1);
    expect(t.stdout).toContain('HAP_TAMPERED');
    const miss = await hmos(['deploy', '--hap', hapFile(), '--device', 'phnoe-1']);
    expect(miss.exitCode).toBe(1);
    expect(miss.stderr).toContain('DEVICE_NOT_FOUND');
    expect(miss.stderr).toContain('did you mean phone-1');
    const amb = await hmos(['deploy', '--hap', hapFile()]);
    expect(amb.exitCode).toBe(1);
    expect(amb.stderr).toContain('DEVICE_REQUIRED');
  });

  it('serialises two deploys to one device', async () => {
    const file = hapFile({ bundleName: 'com.example.proj' });
    const [a, b] = await Promise.all([hmos(['deploy', '--hap', file, '--device', 'phone-1']), hmos(['deploy', '--hap', file, '--device', 'phone-1'])]);
    expect([a.exitCode, b.exitCode]).toEqual([0, 0]);
  });

  it('builds the project folder first and stops on build errors with file:line:col, installing nothing', async () => {
    const project = copyFixture('deploy-app', { 'entry/src/main/ets/pages/Index.ets': '@Entry\n@Component\nstruct Index {\n  build() {\n    Column( {\n  }\n' });
    const r = await hmos(['deploy', project, '--device', 'phone-1']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/Index\.ets:\d+:\d+/);
    expect(r.stderr).toContain('BUILD_FAILED');
    const devices = JSON.parse((await hmos(['devices', '--json'])).stdout).devices;
    expect(devices[0].apps.map((a: any) => a.bundleName)).not.toContain('com.example.deployapp');
    const empty = await hmos(['deploy', work]);
    expect(empty.exitCode).toBe(1);
    expect(empty.stderr).toContain('PROJECT_NOT_FOUND');
  });

  it('--start starts a headless host in the background when none runs', async () => {
    const other = tempDir('hmos-deploy-start-');
    const otherKey = loadOrCreateDeveloperKey(other);
    const file = join(work, 'start.hap');
    writeFileSync(file, makeHap(otherKey));
    const r = await runHmos(['deploy', '--hap', file, '--start', '--json'], { env: { HMOS_HOME: other } });
    const hosts = (await import('../../src/connector/host-registry.js')).liveHosts;
    const live = await hosts(other);
    try {
      expect(r.exitCode, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout).results[0]).toMatchObject({ device: 'phone-1', ok: true });
      expect(live).toHaveLength(1);
      // Started detached on purpose, it outlives the command: the CLI has exited and the host, re-parented, keeps
      // serving after a few of its parent checks (once a second, host/parent-watch.ts). This wait cannot fail a
      // correct host; under load it may only miss a wrong one.
      await new Promise((r) => setTimeout(r, 3000));
      expect((await hosts(other)).map((h) => h.pid)).toEqual([live[0].pid]);
      const devices = JSON.parse((await runHmos(['devices', '--json'], { env: { HMOS_HOME: other } })).stdout).devices;
      expect(devices.map((d: any) => d.id)).toEqual(['phone-1']);
    } finally {
      for (const h of live) process.kill(h.pid, 'SIGTERM');
    }
  });
});
