/**
 * Super Device inside one host: `--devices phone,tablet` — both devices join the network, a KV write crosses, and a
 * handoff between them (host.continueApp's path without a second connector) restores the page stack.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { cpSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot, runHmos, tempDir } from '../../helpers/cli.js';
import { http, startTestHost, type TestHost } from '../../helpers/device-host.js';

const home = tempDir('hmos-handoff-local-');
const work = tempDir('hmos-handoff-local-work-');
const appDir = join(work, 'handoff-app');
let host: TestHost;
const hmos = (args: string[]) => runHmos(args, { env: { HMOS_HOME: home, PATH: '/usr/bin:/bin' }, cwd: work });

async function api(id: string, path: string, method = 'GET', body?: unknown) {
  const r = await http(host.port, `/v1/devices/${id}${path}`, { method, token: host.token, body: body === undefined ? undefined : JSON.stringify(body), headers: body === undefined ? {} : { 'content-type': 'application/json' } });
  return { status: r.status, data: r.json() };
}
const click = (id: string, text: string) => api(id, '/input', 'POST', { actions: [{ kind: 'click', selector: `text=${text}` }] });
async function texts(id: string): Promise<string[]> {
  const r = await api(id, '/screenshot?format=json');
  const out: string[] = [];
  const walk = (n: any) => { if (typeof n.text === 'string') out.push(n.text); for (const c of n.children ?? []) walk(c); };
  if (r.status === 200) walk(r.data.root);
  return out;
}

beforeAll(async () => {
  cpSync(join(repoRoot, 'test', 'fixtures', 'handoff-app'), appDir, { recursive: true });
  expect((await hmos(['build', appDir])).exitCode).toBe(0);
  host = await startTestHost(home, ['--devices', 'phone,tablet']);
}, 60_000);
afterAll(async () => {
  await host?.stop();
});

describe('Super Device within one host', () => {
  it('syncs KV between its devices and hands off between them', async () => {
    const d = await hmos(['deploy', appDir, '--device', 'phone-1', '--device', 'tablet-1']);
    expect(d.exitCode, d.stderr).toBe(0);
    await click('phone-1', 'Put');
    let shown: string[] = [];
    for (let i = 0; i < 50 && !shown.includes('KV cheers'); i++) { shown = await texts('tablet-1'); await new Promise((r) => setTimeout(r, 50)); }
    expect(shown).toContain('KV cheers');
    expect(shown).toContain('Peers 1');

    await click('phone-1', 'Write');
    await click('phone-1', 'Open detail');
    const r = await api('phone-1', '/continue', 'POST', { to: 'tablet-1' });
    expect(r.status, JSON.stringify(r.data)).toBe(200);
    expect(r.data).toMatchObject({ installed: false, page: 'pages/Detail', pageStack: ['pages/Index', 'pages/Detail'], sourceExited: true });
    expect(await texts('tablet-1')).toContain('Draft draft from the phone');

    const same = await api('tablet-1', '/continue', 'POST', { to: 'tablet-1' });
    expect(same.data.error.code).toBe('CONTINUE_SAME_DEVICE');
    const none = await api('phone-1', '/continue', 'POST', { to: 'tablet-1' });
    expect(none.data.error.code).toBe('APP_NOT_RUNNING');
    const near = await api('phone-1', '/continue', 'POST', { to: 'tablett-1' });
    expect(near.data.error.code).toBe('DEVICE_NOT_FOUND');
    expect(near.data.error.message).toContain('did you mean tablet-1');
  });
});
