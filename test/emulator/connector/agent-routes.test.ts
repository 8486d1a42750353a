import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { copyFixture } from '../../helpers/fixture.js';
import { runHmos, tempDir } from '../../helpers/cli.js';
import { http, startTestHost, type TestHost } from '../../helpers/device-host.js';

/** test/fixtures/agent-exec built, installed and launched on phone-1 of a real host (phone + watch). */
let host: TestHost;
const ask = async (body: unknown, device = 'phone-1') => {
  const r = await http(host.port, `/v1/devices/${device}/agent`, { method: 'POST', token: host.token, body: JSON.stringify(body) });
  return { status: r.status, body: r.json() };
};
const tree = async () => JSON.stringify((await http(host.port, '/v1/devices/phone-1/tree', { token: host.token })).json());
/** The text of the element with this id in the device's tree (JSON screenshot nodes carry `id` and `text`). */
const textOf = async (id: string): Promise<string | undefined> => {
  // The last match in drawing order: while a page transition runs, the page that leaves is drawn under the new one.
  let last: any;
  const find = (n: any): void => {
    if (!n || typeof n !== 'object') return;
    if (n.id === id && 'text' in n) last = n;
    for (const v of Object.values(n)) { if (Array.isArray(v)) v.forEach(find); else find(v); }
  };
  find(JSON.parse(await tree()));
  return last?.text;
};

beforeAll(async () => {
  const home = tempDir('hmos-agent-home-');
  const project = copyFixture('agent-exec');
  const built = await runHmos(['build', project], { env: { HMOS_HOME: home } });
  expect(built.exitCode, built.stderr).toBe(0);
  host = await startTestHost(home, ['--devices', 'phone,watch']);
  const hap = readFileSync(join(project, 'entry/build/default/outputs/default/entry-default-signed.hap'));
  expect((await http(host.port, '/v1/devices/phone-1/apps', { method: 'PUT', token: host.token, body: hap })).status).toBe(200);
  const launched = await http(host.port, '/v1/devices/phone-1/launch', { method: 'POST', token: host.token, body: JSON.stringify({ bundleName: 'com.example.agentexec' }) });
  expect(launched.status).toBe(200);
}, 60_000);

afterAll(async () => {
  await host?.stop();
});

describe('POST /v1/devices/:id/agent', () => {
  it('runs a background executor in the app; the page shows its effect', async () => {
    const r = await ask({ utterance: 'echo good morning' });
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({
      device: 'phone-1', utterance: 'echo good morning', kind: 'executed', bundle: 'com.example.agentexec', intent: 'Echo',
      params: { text: 'good morning' }, code: 0, result: { echoed: 'good morning' },
    });
    expect(r.body.error).toBeUndefined();
    expect(typeof r.body.ms).toBe('number');
    expect(await textOf('log')).toBe('echo: good morning');
  });

  it('runs a foreground executor that answers asynchronously, with the window stage', async () => {
    const r = await ask({ utterance: 'show a banner saying lunch time' });
    expect(r.body).toMatchObject({ kind: 'executed', intent: 'ShowBanner', code: 0, result: { shown: 'lunch time', window: true } });
    expect(await textOf('banner')).toBe('lunch time');
  });

  it('runs an entry intent in the foreground with its parameters as fields', async () => {
    const r = await ask({ utterance: 'greet Ada' });
    expect(r.body).toMatchObject({ kind: 'executed', intent: 'Greet', params: { name: 'Ada' }, code: 0, result: 'hello Ada' });
    expect(await textOf('log')).toBe('greeted Ada (mode 0)');
  });

  it('an executor that throws or never answers gives an error result, and the app keeps running', async () => {
    const boom = await ask({ utterance: 'explode' });
    expect(boom.status).toBe(200);
    expect(boom.body).toMatchObject({ kind: 'executed', intent: 'Explode', code: -1, error: { code: 'INTENT_FAILED', message: 'Error: kaboom' } });
    const stall = await ask({ utterance: 'stall', timeoutMs: 200 });
    expect(stall.body).toMatchObject({ kind: 'executed', intent: 'Stall', code: -1, error: { code: 'INTENT_TIMEOUT' } });
    expect(stall.body.error.message).toContain('200 ms');
    const after = await ask({ utterance: 'echo still alive' });
    expect(after.body).toMatchObject({ kind: 'executed', code: 0, result: { echoed: 'still alive' } });
    expect(await tree()).not.toContain('AppCrash');
  });

  it('never executes parameters that fail the schema; says so when nothing matches', async () => {
    const long = await ask({ utterance: 'echo this is a very long sentence that goes past twenty' });
    expect(long.body).toMatchObject({ kind: 'clarification', intent: 'Echo', clarification: { param: 'text', reason: 'invalid' } });
    expect(await textOf('log')).toBe('echo: still alive');
    const none = await ask({ utterance: "what's the weather in Paris" });
    expect(none.body).toMatchObject({ kind: 'noMatch', noMatch: true });
  });

  it('routes only among the apps installed on that device', async () => {
    const r = await ask({ utterance: 'echo good morning' }, 'watch-1');
    expect(r.status).toBe(200);
    expect(r.body).toMatchObject({ device: 'wearable-1', kind: 'noMatch', candidates: [] });
    expect(r.body.message).toContain('No app with insight intents is installed on wearable-1');
    expect(await textOf('log')).toBe('echo: still alive');
  });

  it('dry-runs without executing', async () => {
    const r = await ask({ utterance: 'echo quietly', dryRun: true, now: '2026-03-10T10:00:00+08:00' });
    expect(r.body).toMatchObject({ kind: 'dryRun', intent: 'Echo', params: { text: 'quietly' } });
    expect(await textOf('log')).toBe('echo: still alive');
  });

  it('starts a stopped app for an intent: in the background without taking the screen, or brought to the front', async () => {
    expect((await http(host.port, '/v1/devices/phone-1/stop', { method: 'POST', token: host.token, body: '{}' })).status).toBe(200);
    const bg = await ask({ utterance: 'echo night owl' });
    expect(bg.body).toMatchObject({ kind: 'executed', intent: 'Echo', code: 0 });
    const hidden = await http(host.port, '/v1/devices/phone-1/tree', { token: host.token });
    expect(hidden.json().error?.code).toBe('APP_NOT_RUNNING');
    const fg = await ask({ utterance: 'show a banner saying welcome back' });
    expect(fg.body).toMatchObject({ kind: 'executed', intent: 'ShowBanner', code: 0 });
    expect(await textOf('banner')).toBe('welcome back');
    expect(await textOf('log')).toBe('echo: night owl');
  });

  it('(last: it leaves the detail page on top) opens the page of a page intent with its parameters, and the page of a link with mapped parameters', async () => {
    const page = await ask({ utterance: 'open the detail of apples' });
    expect(page.body).toMatchObject({ kind: 'executed', intent: 'OpenDetail', code: 0, result: { page: 'pages/Detail' } });
    expect(await textOf('detail')).toBe('detail apples');
    const link = await ask({ utterance: 'share link for pears' });
    expect(link.body).toMatchObject({ kind: 'executed', intent: 'ShareLink', code: 0, result: { uri: 'https://example.com/pages/Detail?itemId=pears', page: 'pages/Detail' } });
    expect(await textOf('detail')).toBe('detail pears');
    expect(await textOf('uri')).toBe('https://example.com/pages/Detail?itemId=pears');
  });

  it('refuses bad requests with 400 and a code', async () => {
    for (const body of [{}, { utterance: '' }, { utterance: 'x', dryRun: 'yes' }, { utterance: 'x', timeoutMs: 0 }, { utterance: 'x', now: 'tomorrow' }, { utterance: 'x'.repeat(2001) }]) {
      const r = await ask(body);
      expect(r.status, JSON.stringify(body)).toBe(400);
      expect(r.body.error.code).toBe('BAD_REQUEST');
    }
    const unknown = await ask({ utterance: 'echo hi' }, 'tv-9');
    expect(unknown.status).toBe(404);
    const noToken = await http(host.port, '/v1/devices/phone-1/agent', { method: 'POST', body: JSON.stringify({ utterance: 'echo hi' }) });
    expect(noToken.status).toBe(401);
  });
});
