import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { packHap, unpackHap } from '../../src/hap/hap.js';
import { loadOrCreateDeveloperKey } from '../../src/hap/signing-key.js';
import { agentFixtures, loadApp } from '../helpers/agent.js';
import { runHmos, tempDir } from '../helpers/cli.js';
import { startTestHost, type TestHost } from '../helpers/device-host.js';

const fixture = (f: string) => join(agentFixtures, f);

describe('hmos agent', () => {
  it('routes an utterance among intent manifests and prints the intent and parameters as JSON', async () => {
    const r = await runHmos(['agent', 'add a task buy milk with high priority', '--intents', fixture('tasks.intents.json'), '--intents', fixture('notes.intents.json'), '--json']);
    expect(r.exitCode).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({
      utterance: 'add a task buy milk with high priority', kind: 'dryRun', bundle: 'com.example.tasks', intent: 'AddTask',
      params: { title: 'buy milk', priority: 'high' }, via: 'offline',
    });
  });

  it('reads the intents of the HAPs built in the project, and resolves times against --now', async () => {
    const project = tempDir();
    const out = join(project, 'entry', 'build', 'default', 'outputs', 'default');
    mkdirSync(out, { recursive: true });
    const key = loadOrCreateDeveloperKey(tempDir('hmos-key-'));
    const manifest = readFileSync(fixture('notes.intents.json'));
    writeFileSync(join(out, 'entry-default-signed.hap'), packHap(new Map([['ets/intents.json', new Uint8Array(manifest)]]), key));
    const r = await runHmos(['agent', '明天上午9点提醒我交报告', '--now', '2026-03-10T10:00:00+08:00', '--json'], { cwd: project });
    expect(r.exitCode).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ kind: 'dryRun', intent: 'SetReminder', params: { text: '交报告', time: '2026-03-11T09:00:00+08:00' } });
  });

  it('routes among the intents of a project created from the agent template and built', async () => {
    const dir = tempDir();
    const home = tempDir('hmos-home-');
    expect((await runHmos(['create', 'tasks', '--template', 'agent'], { cwd: dir, env: { HMOS_HOME: home } })).exitCode).toBe(0);
    const project = join(dir, 'tasks');
    const built = await runHmos(['build'], { cwd: project, env: { HMOS_HOME: home } });
    expect(built.exitCode, built.stderr).toBe(0);
    const add = await runHmos(['agent', '添加任务买牛奶，优先级高', '--json'], { cwd: project, env: { HMOS_HOME: home } });
    expect(JSON.parse(add.stdout)).toMatchObject({ kind: 'dryRun', intent: 'AddTask', params: { title: '买牛奶', priority: 'high' } });
    const focus = await runHmos(['agent', 'start a focus timer for 45 minutes', '--json'], { cwd: project, env: { HMOS_HOME: home } });
    expect(JSON.parse(focus.stdout)).toMatchObject({ kind: 'dryRun', intent: 'StartFocusTimer', params: { minutes: 45 } });
    // The eval set's hand-written Tasks manifest is what the build writes for the template (up to className and source).
    const hap = await unpackHap(readFileSync(join(project, 'entry/build/default/outputs/default/entry-default-signed.hap')));
    const strip = ({ className: _c, source: _s, ...rest }: Record<string, unknown>) => rest;
    const byName = (a: Record<string, unknown>, b: Record<string, unknown>) => String(a.intentName).localeCompare(String(b.intentName));
    const builtIntents = JSON.parse(new TextDecoder().decode(hap.get('ets/intents.json'))).intents.map(strip).sort(byName);
    expect(builtIntents).toEqual(loadApp('tasks.intents.json').intents.map((d) => strip(d as unknown as Record<string, unknown>)).sort(byName));
  });

  it('asks the model endpoint when HMOS_AGENT_MODEL_URL is set, and falls back with a warning when it is down', async () => {
    const bodies: any[] = [];
    const server = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        bodies.push(JSON.parse(body));
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ choices: [{ message: { tool_calls: [{ type: 'function', function: { name: 'ListTasks', arguments: '{"filter":"open"}' } }] } }] }));
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
    try {
      const r = await runHmos(['agent', 'what is left to do', '--json', '--intents', fixture('tasks.intents.json')], { env: { HMOS_AGENT_MODEL_URL: url, HMOS_AGENT_MODEL: 'tiny' } });
      expect(JSON.parse(r.stdout)).toMatchObject({ kind: 'dryRun', intent: 'ListTasks', params: { filter: 'open' }, via: 'model' });
      expect(bodies[0].model).toBe('tiny');
    } finally {
      await new Promise((r) => { server.close(r); server.closeAllConnections(); });
    }
    const down = await runHmos(['agent', 'add task call mom', '--json', '--intents', fixture('tasks.intents.json')], { env: { HMOS_AGENT_MODEL_URL: url } });
    expect(JSON.parse(down.stdout)).toMatchObject({ intent: 'AddTask', params: { title: 'call mom' }, via: 'offline' });
    expect(down.stderr).toContain('model unreachable');
  });

  it('prints clarifications and non-matches for people', async () => {
    const ask = await runHmos(['agent', 'set', 'volume', 'to', '150', '--intents', fixture('music.intents.json')]);
    expect(ask.exitCode).toBe(0);
    expect(ask.stdout).toContain('SetVolume');
    expect(ask.stdout).toContain('level must be at most 100');
    const none = await runHmos(['agent', 'book a table for two', '--intents', fixture('music.intents.json')]);
    expect(none.stdout).toContain('No installed intent matches that.');
  });

  it('explains what to do when there is nothing to route to or a manifest is broken', async () => {
    const empty = await runHmos(['agent', 'hello'], { cwd: tempDir() });
    expect(empty.exitCode).toBe(1);
    expect(empty.stderr).toContain('AGENT_NO_INTENTS');
    expect(empty.stderr).not.toContain('    at ');
    const dir = tempDir();
    writeFileSync(join(dir, 'bad.json'), '{\n  "bundleName": "x",\n  "intents": [,]\n}');
    const bad = await runHmos(['agent', 'hello', '--intents', join(dir, 'bad.json')]);
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toMatch(/bad\.json:3:\d+: error AGENT_BAD_MANIFEST/);
  });
});

describe('hmos agent on a running device', () => {
  const hosts: TestHost[] = [];
  afterAll(async () => {
    await Promise.all(hosts.map((h) => h.stop()));
  });

  it('drives every intent of the agent template with the utterances its README lists: create → build → deploy → agent', async () => {
    const dir = tempDir();
    const home = tempDir('hmos-home-');
    const env = { HMOS_HOME: home };
    expect((await runHmos(['create', 'tasks', '--template', 'agent'], { cwd: dir, env })).exitCode).toBe(0);
    const project = join(dir, 'tasks');
    const built = await runHmos(['build'], { cwd: project, env });
    expect(built.exitCode, built.stderr).toBe(0);
    hosts.push(await startTestHost(home, ['--devices', 'phone']));
    const deployed = await runHmos(['deploy', '--device', 'phone-1'], { cwd: project, env });
    expect(deployed.exitCode, deployed.stderr).toBe(0);

    // `hmos agent "<utterance>"   # Intent {param: value, …}` lines of the created project's README.
    const readme = readFileSync(join(project, 'README.md'), 'utf8');
    const lines = [...readme.matchAll(/^hmos agent "([^"]+)"\s+# (\w+) \{(.*)\}$/gm)];
    expect(lines.length).toBeGreaterThanOrEqual(6);
    const intents = new Set<string>();
    for (const [, utterance, intent, params] of lines) {
      // One device is running: no --device needed, exactly as the README says.
      const r = await runHmos(['agent', utterance, '--json'], { cwd: project, env });
      expect(r.exitCode, `${utterance}: ${r.stderr}`).toBe(0);
      const out = JSON.parse(r.stdout);
      expect(out, utterance).toMatchObject({ kind: 'executed', device: 'phone-1', intent, code: 0 });
      const expected = Object.fromEntries([...params.matchAll(/(\w+): ("[^"]*"|\d+)/g)].map(([, k, v]) => [k, JSON.parse(v)]));
      expect(out.params, utterance).toEqual(expected);
      intents.add(intent);
    }
    expect([...intents].sort()).toEqual(['AddTask', 'ListTasks', 'StartFocusTimer']);

    // The page shows the effect: the tasks the agent added and a running focus timer.
    const shot = await runHmos(['screenshot', '--device', 'phone-1', '--format', 'json', '-o', join(dir, 'screen.json')], { env });
    expect(shot.exitCode, shot.stderr).toBe(0);
    const screen = readFileSync(join(dir, 'screen.json'), 'utf8');
    for (const title of ['buy milk', 'call mum', '买牛奶']) expect(screen).toContain(`"${title}"`);
    expect(screen).toMatch(/"(25:00|24:[0-5]\d)"/);

    // People get the intent, its parameters and its result.
    const human = await runHmos(['agent', 'show my open tasks', '--device', 'phone-1'], { cwd: project, env });
    expect(human.exitCode).toBe(0);
    expect(human.stdout).toContain('ListTasks');
    expect(human.stdout).toMatch(/✓ code 0 on phone-1, [\d.]+ ms/);
    expect(human.stdout).toContain('[ ] buy milk (high)');

    // --dry-run asks the device's agent but runs nothing; text that matches nothing says so.
    const dry = await runHmos(['agent', 'add a task water plants', '--device', 'phone-1', '--dry-run', '--json'], { env });
    expect(JSON.parse(dry.stdout)).toMatchObject({ kind: 'dryRun', intent: 'AddTask', params: { title: 'water plants' } });
    const none = await runHmos(['agent', "what's the weather in Paris", '--json'], { env });
    expect(JSON.parse(none.stdout)).toMatchObject({ kind: 'noMatch', device: 'phone-1' });
    const list = await runHmos(['agent', 'list all tasks', '--json'], { env });
    expect(JSON.parse(list.stdout).result).not.toContain('water plants');

    const unknown = await runHmos(['agent', 'add a task x', '--device', 'tv-9'], { env });
    expect(unknown.exitCode).toBe(1);
    expect(unknown.stderr).toContain('tv-9');
    const badTimeout = await runHmos(['agent', 'add a task x', '--timeout', '0'], { env });
    expect(badTimeout.exitCode).toBe(1);
    expect(badTimeout.stderr).toContain('BAD_OPTION');
  }, 90_000);

  it('asks which device when several are running', async () => {
    const home = tempDir('hmos-home-');
    hosts.push(await startTestHost(home, ['--devices', 'phone,watch']));
    const r = await runHmos(['agent', 'add a task buy milk'], { env: { HMOS_HOME: home } });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('AGENT_DEVICE_REQUIRED');
    expect(r.stderr).toContain('phone-1, wearable-1');
  });
});
