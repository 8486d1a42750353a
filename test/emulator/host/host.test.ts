import { describe, expect, it } from 'vitest';
import { connect } from 'node:net';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { liveHosts } from '../../../src/connector/host-registry.js';
import { loadOrCreateDeveloperKey } from '../../../src/hap/signing-key.js';
import { tempDir } from '../../helpers/cli.js';
import { makeHap } from '../../helpers/hap.js';
import { http, startTestHost } from '../../helpers/device-host.js';

describe('device host', () => {
  it('registers itself (0600) and removes the entry on SIGTERM and on SIGINT', async () => {
    const home = tempDir('hmos-host-');
    for (const signal of ['SIGTERM', 'SIGINT'] as const) {
      const host = await startTestHost(home, ['--devices', 'phone']);
      const file = join(home, 'hosts', `${host.pid}.json`);
      expect(statSync(file).mode & 0o777).toBe(0o600);
      expect(host.token).toMatch(/^[0-9a-f]{64}$/);
      expect((await liveHosts(home)).map((h) => h.pid)).toEqual([host.pid]);
      await host.stop(signal);
      expect(host.child.exitCode).toBe(0);
      expect(existsSync(file)).toBe(false);
    }
  });

  it('prunes the entry of a host killed with -9', async () => {
    const home = tempDir('hmos-host-');
    const host = await startTestHost(home, ['--devices', 'phone']);
    await host.stop('SIGKILL');
    expect(existsSync(join(home, 'hosts', `${host.pid}.json`))).toBe(true);
    expect(await liveHosts(home)).toEqual([]);
    expect(readdirSync(join(home, 'hosts'))).toEqual([]);
  });

  it('keeps the installed version when killed -9 in the middle of an update upload; data survives restarts', async () => {
    const home = tempDir('hmos-host-');
    const key = loadOrCreateDeveloperKey(home);
    let host = await startTestHost(home, ['--devices', 'phone']);
    expect((await http(host.port, '/v1/devices/phone-1/apps', { method: 'PUT', token: host.token, body: makeHap(key, { versionCode: 1 }) })).status).toBe(200);
    const v2 = makeHap(key, { versionCode: 2, padding: 200_000 });
    await new Promise<void>((resolve) => {
      const s = connect(host.port, '127.0.0.1', () => {
        s.write(`PUT /v1/devices/phone-1/apps HTTP/1.1\r\nhost: x\r\nauthorization: Bearer ${host.token}\r\ncontent-length: ${v2.length}\r\n\r\n`);
        s.write(v2.subarray(0, v2.length >> 1), () => resolve());
      });
      s.on('error', () => {});
    });
    await host.stop('SIGKILL');
    host = await startTestHost(home, ['--devices', 'phone']);
    const apps = (await http(host.port, '/v1/devices/phone-1/apps', { token: host.token })).json().apps;
    expect(apps.map((a: any) => [a.bundleName, a.versionCode])).toEqual([['com.example.hello', 1]]);
    await host.stop();
    // --wipe clears the device's data folder.
    host = await startTestHost(home, ['--devices', 'phone', '--wipe']);
    expect((await http(host.port, '/v1/devices/phone-1/apps', { token: host.token })).json().apps).toEqual([]);
    await host.stop();
  });
});
