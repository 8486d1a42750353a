/**
 * Super Device end to end: two device hosts in separate processes (a phone and a tablet) sharing one HMOS_HOME, the
 * handoff fixture app built by the real `hmos build`, deployed, handed off with `hmos continue` and through the
 * connector; KV writes and the device list cross the hosts.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { unzipSync } from 'fflate';
import { packHap, MANIFEST_PATH, SIGNATURE_PATH } from '../../../src/hap/hap.js';
import { developerKeyPath, loadOrCreateDeveloperKey } from '../../../src/hap/signing-key.js';
import { repoRoot, runHmos, tempDir } from '../../helpers/cli.js';
import { http, startTestHost, type TestHost } from '../../helpers/device-host.js';

const home = tempDir('hmos-handoff-');
const work = tempDir('hmos-handoff-work-');
const appDir = join(work, 'handoff-app');
const hapPath = join(appDir, 'entry', 'build', 'default', 'outputs', 'default', 'entry-default-signed.hap');
let phone: TestHost;
let tablet: TestHost;
const hmos = (args: string[]) => runHmos(args, { env: { HMOS_HOME: home, PATH: '/usr/bin:/bin' }, cwd: work });

const hostOf = (id: string) => (id.startsWith('phone') ? phone : tablet);
async function api(id: string, path: string, method = 'GET', body?: unknown) {
  const h = hostOf(id);
  const r = await http(h.port, `/v1/devices/${id}${path}`, { method, token: h.token, body: body === undefined ? undefined : JSON.stringify(body), headers: body === undefined ? {} : { 'content-type': 'application/json' } });
  return { status: r.status, data: r.json() };
}
const click = (id: string, text: string) => api(id, '/input', 'POST', { actions: [{ kind: 'click', selector: `text=${text}` }] });
/** Every text on the device's screen (the JSON screenshot), or null when no app is in the foreground. */
async function texts(id: string): Promise<string[] | null> {
  const r = await api(id, '/screenshot?format=json');
  if (r.status !== 200) return null;
  const out: string[] = [];
  const walk = (n: any) => { if (typeof n.text === 'string') out.push(n.text); for (const c of n.children ?? []) walk(c); };
  walk(r.data.root);
  return out;
}
async function eventually<T>(read: () => Promise<T>, ok: (v: T) => boolean, ms = 5000): Promise<T> {
  const end = Date.now() + ms;
  let v = await read();
  while (!ok(v) && Date.now() < end) { await new Promise((r) => setTimeout(r, 50)); v = await read(); }
  return v;
}
const launchOn = async (id: string) => expect((await api(id, '/launch', 'POST', { bundleName: 'com.example.handoff' })).status).toBe(200);

beforeAll(async () => {
  cpSync(join(repoRoot, 'test', 'fixtures', 'handoff-app'), appDir, { recursive: true });
  const built = await hmos(['build', appDir]);
  expect(built.exitCode, built.stderr).toBe(0);
  [phone, tablet] = await Promise.all([startTestHost(home, ['--devices', 'phone']), startTestHost(home, ['--devices', 'tablet'])]);
}, 60_000);
afterAll(async () => {
  await Promise.all([phone?.stop(), tablet?.stop()]);
});

describe('Super Device across two host processes', () => {
  it('a KV write on the phone appears on the tablet, and each lists the other', async () => {
    const d = await hmos(['deploy', '--hap', hapPath, '--device', 'phone-1', '--device', 'tablet-1', '--json']);
    expect(d.exitCode, d.stderr).toBe(0);
    expect(await eventually(() => texts('phone-1'), (t) => !!t?.includes('Peers 1'))).toContain('Peers 1');
    await click('phone-1', 'Put');
    expect(await eventually(() => texts('tablet-1'), (t) => !!t?.includes('KV cheers'))).toContain('KV cheers');
  });

  it('the device list follows a third host coming and going', async () => {
    const watch = await startTestHost(home, ['--devices', 'watch']);
    try {
      expect(await eventually(() => texts('tablet-1'), (t) => !!t?.includes('Peers 2'))).toContain('Peers 2');
    } finally {
      await watch.stop();
    }
    expect(await eventually(() => texts('tablet-1'), (t) => !!t?.includes('Peers 1'))).toContain('Peers 1');
  });

  it('hmos continue hands the app off with its page stack and state; the source exits', async () => {
    await api('tablet-1', '/apps/com.example.handoff', 'DELETE');
    await launchOn('phone-1');
    await click('phone-1', 'Write');
    await click('phone-1', 'Open detail');
    const r = await hmos(['continue', '--from', 'phone-1', '--to', 'tablet-1', '--json']);
    expect(r.exitCode, r.stderr).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({ from: 'phone-1', to: 'tablet-1', bundleName: 'com.example.handoff', page: 'pages/Detail', installed: true, sourceExited: true });
    expect(out.pageStack).toEqual(['pages/Index', 'pages/Detail']);
    const shown = await texts('tablet-1');
    expect(shown).toContain('Detail 7');
    expect(shown).toContain('Draft draft from the phone');
    expect(await texts('phone-1')).toBeNull();
    // The restored stack is real: back leads to the first page, with the state handed over.
    await click('tablet-1', 'Back');
    expect(await texts('tablet-1')).toContain('Notes draft from the phone');
    const logs = await hmos(['logs', '--device', 'phone-1']);
    expect(logs.stdout + logs.stderr).toContain('installed com.example.handoff on tablet-1 from phone-1');
  });

  it('an async onContinue works, a running target gets onNewWant, and the source may stay', async () => {
    await launchOn('phone-1');
    await click('phone-1', 'keep');
    const r = await api('phone-1', '/continue', 'POST', { to: 'tablet-1' });
    expect(r.status, JSON.stringify(r.data)).toBe(200);
    expect(r.data).toMatchObject({ installed: false, sourceExited: false, page: 'pages/Index' });
    expect(await texts('phone-1')).not.toBeNull();
    const logs = await hmos(['logs', '--device', 'tablet-1']);
    expect(logs.stdout + logs.stderr).toContain('onNewWant reason 3');
    await click('phone-1', 'async');
    const a = await api('phone-1', '/continue', 'POST', { to: 'tablet-1' });
    expect(a.status, JSON.stringify(a.data)).toBe(200);
    expect(a.data.sourceExited).toBe(true);
  });

  it('state handed over in a distributed data object saved on the target comes back there', async () => {
    await launchOn('phone-1');
    await click('phone-1', 'Write object');
    await click('phone-1', 'object');
    const r = await api('phone-1', '/continue', 'POST', { to: 'tablet-1' });
    expect(r.status, JSON.stringify(r.data)).toBe(200);
    const shown = await eventually(() => texts('tablet-1'), (t) => !!t?.includes('Notes kept in an object'));
    expect(shown).toContain('Notes kept in an object');
  });

  it('refusals leave the app running on the source with a clear error', async () => {
    await launchOn('phone-1');
    const cases: Array<[string, string, RegExp]> = [
      ['reject', 'CONTINUE_REJECTED', /answered REJECT/],
      ['throw', 'CONTINUE_FAILED', /onContinue threw: .*cannot save the draft/],
      ['reject-async', 'CONTINUE_FAILED', /onContinue rejected: .*draft store offline/],
      ['big', 'CONTINUE_DATA_TOO_LARGE', /limit is 100 KB/],
      ['inactive', 'CONTINUE_INACTIVE', /INACTIVE/],
    ];
    for (const [mode, code, message] of cases) {
      await click('phone-1', mode);
      const r = await api('phone-1', '/continue', 'POST', { to: 'tablet-1' });
      expect(r.status, mode).toBe(400);
      expect(r.data.error.code, mode).toBe(code);
      expect(r.data.error.message, mode).toMatch(message);
      expect(await texts('phone-1'), mode).toContain('Write');
    }
    const unknown = await hmos(['continue', '--from', 'phone-1', '--to', 'tablet-9']);
    expect(unknown.exitCode).toBe(1);
    expect(unknown.stderr).toContain('DEVICE_NOT_FOUND');
    expect(unknown.stderr).toContain('tablet-1');
  });

  it('refuses apps that are not continuable and peers with another signing key', async () => {
    // The same app signed by a second (trusted) developer key on the tablet.
    const otherHome = tempDir('hmos-handoff-other-');
    const other = loadOrCreateDeveloperKey(otherHome);
    expect((await hmos(['devices', 'trust', developerKeyPath(otherHome)])).exitCode).toBe(0);
    const files = unzipSync(readFileSync(hapPath));
    delete files[MANIFEST_PATH];
    delete files[SIGNATURE_PATH];
    const otherHap = join(work, 'other.hap');
    writeFileSync(otherHap, packHap(new Map(Object.entries(files)), other));
    await api('tablet-1', '/apps/com.example.handoff', 'DELETE');
    expect((await hmos(['deploy', '--hap', otherHap, '--device', 'tablet-1', '--no-launch'])).exitCode).toBe(0);
    await launchOn('phone-1');
    await click('phone-1', 'agree');
    const r = await hmos(['continue', '--from', 'phone-1', '--to', 'tablet-1']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('CONTINUE_SIGNATURE_MISMATCH');
    expect(await texts('phone-1')).toContain('Write');

    // module.json without "continuable": the same app, its ability not marked.
    const mj = JSON.parse(Buffer.from(files['module.json']).toString('utf8'));
    mj.module.abilities[0].continuable = false;
    files['module.json'] = Buffer.from(JSON.stringify(mj));
    const stayHap = join(work, 'stay.hap');
    writeFileSync(stayHap, packHap(new Map(Object.entries(files)), loadOrCreateDeveloperKey(home)));
    const sd = await hmos(['deploy', '--hap', stayHap, '--device', 'phone-1']);
    expect(sd.exitCode, sd.stderr).toBe(0);
    const s = await hmos(['continue', '--from', 'phone-1', '--to', 'tablet-1', '--bundle', 'com.example.handoff']);
    expect(s.exitCode).toBe(1);
    expect(s.stderr).toContain('NOT_CONTINUABLE');
    expect(s.stderr).toContain('"continuable": true');
    expect((await hmos(['deploy', '--hap', hapPath, '--device', 'phone-1', '--no-launch'])).exitCode).toBe(0);
  });

  it('a target that goes away mid-handoff leaves the source running', async () => {
    await api('tablet-1', '/apps/com.example.handoff', 'DELETE');
    await api('phone-1', '/stop', 'POST', {});
    await launchOn('phone-1');
    await click('phone-1', 'slow');
    const pending = api('phone-1', '/continue', 'POST', { to: 'tablet-1' });
    await new Promise((r) => setTimeout(r, 400));
    await tablet.stop('SIGKILL');
    const r = await pending;
    expect(r.status).toBe(400);
    expect(r.data.error.code).toBe('CONTINUE_TARGET_FAILED');
    expect(r.data.error.message).toMatch(/keeps running on the source/);
    expect(await texts('phone-1')).toContain('Write');
  });
});
