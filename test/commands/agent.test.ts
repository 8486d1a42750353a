import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packHap } from '../../src/hap/hap.js';
import { loadOrCreateDeveloperKey } from '../../src/hap/signing-key.js';
import { agentFixtures } from '../helpers/agent.js';
import { runHmos, tempDir } from '../helpers/cli.js';

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
