import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadOrCreateDeveloperKey } from '../../../src/hap/signing-key.js';
import { packHap } from '../../../src/hap/hap.js';
import { tempDir } from '../../helpers/cli.js';
import { fixtureAppFiles, makeHap } from '../../helpers/hap.js';
import { http, startTestHost, type TestHost } from '../../helpers/device-host.js';

const home = tempDir('hmos-device-');
const key = loadOrCreateDeveloperKey(home);
let host: TestHost;
beforeAll(async () => {
  host = await startTestHost(home, ['--devices', 'phone,watch']);
});
afterAll(async () => {
  await host?.stop();
});

/** The fixture app with a page whose first render never returns. */
function hangingHap(): Uint8Array {
  const files = new Map(Object.entries(fixtureAppFiles()));
  const bundle = Buffer.from(files.get('ets/bundle.js')!).toString('utf8');
  expect(bundle).toContain('initialRender() {');
  files.set('ets/bundle.js', Buffer.from(bundle.replace('initialRender() {', 'initialRender() { for (;;) {}')));
  files.delete('ets/bundle.cache');
  const moduleJson = JSON.parse(Buffer.from(files.get('module.json')!).toString('utf8'));
  moduleJson.app.bundleName = 'com.example.hang';
  files.set('module.json', Buffer.from(JSON.stringify(moduleJson)));
  return packHap(files, key);
}

describe('device isolation', () => {
  it('an app that hangs on one device leaves the other devices (and the host) answering', async () => {
    const put = (device: string, body: Uint8Array) => http(host.port, `/v1/devices/${device}/apps`, { method: 'PUT', token: host.token, body });
    const launch = (device: string, bundleName: string) => http(host.port, `/v1/devices/${device}/launch`, { method: 'POST', token: host.token, body: JSON.stringify({ bundleName }) });
    expect((await put('watch-1', makeHap(key))).status).toBe(200);
    expect((await launch('watch-1', 'com.example.hello')).status).toBe(200);
    expect((await put('phone-1', hangingHap())).status).toBe(200);

    let hungDone = false;
    const hung = launch('phone-1', 'com.example.hang').finally(() => { hungDone = true; });
    await new Promise((r) => setTimeout(r, 200));
    const click = await http(host.port, '/v1/devices/watch-1/input', { method: 'POST', token: host.token, body: JSON.stringify({ actions: [{ kind: 'click', selector: 'text=Add' }] }) });
    expect(click.status).toBe(200);
    const shot = await http(host.port, '/v1/devices/watch-1/screenshot?format=json', { token: host.token });
    expect(JSON.stringify(shot.json())).toContain('Count 1');
    expect((await http(host.port, '/v1/devices', { token: host.token })).status).toBe(200);
    // All of that was answered while phone-1 was still stuck in app code.
    expect(hungDone).toBe(false);

    // The runtime's watchdog (or the device's own timeout) ends the hang; phone-1 then reports it and keeps working.
    const answer = await hung;
    if (answer.status !== 200) expect(answer.json().error.code).toMatch(/APP_|DEVICE_|WATCHDOG|CRASH|TIMEOUT/);
    const logs = (await http(host.port, '/v1/devices/phone-1/logs?level=warn', { token: host.token })).body.toString();
    expect(logs).toMatch(/crashed|watchdog|did not answer/i);
    expect((await http(host.port, '/v1/devices/phone-1/apps', { token: host.token })).json().apps.map((a: any) => a.bundleName)).toEqual(['com.example.hang']);
  }, 40_000);
});
