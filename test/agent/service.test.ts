import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgentService, type AgentDevice, type ExecutionResult } from '../../src/agent/service.js';
import type { InstalledApp } from '../../src/agent/router.js';
import { evalClock, loadApp } from '../helpers/agent.js';

/** A device with real executor functions: a to-do store, a player and a notebook, like the fixture apps' code. */
function makeDevice(installed: InstalledApp[]) {
  const state = { tasks: [] as { title: string; priority: string; done: boolean }[], volume: 50, focusMinutes: 0, notes: [] as string[] };
  const calls: string[] = [];
  const executors: Record<string, (p: Record<string, any>) => ExecutionResult> = {
    'com.example.tasks/AddTask': (p) => { state.tasks.push({ title: p.title, priority: p.priority ?? 'normal', done: false }); return { code: 0, result: { count: state.tasks.length } }; },
    'com.example.tasks/ListTasks': (p) => ({ code: 0, result: state.tasks.filter((t) => (p.filter ?? 'all') === 'all' || (p.filter === 'done') === t.done).map((t) => t.title) }),
    'com.example.tasks/StartFocusTimer': (p) => { state.focusMinutes = p.minutes ?? 25; return { code: 0, result: `focus ${state.focusMinutes} min` }; },
    'com.example.music/SetVolume': (p) => { state.volume = p.level; return { code: 0, result: state.volume }; },
    'com.example.notes/AddNote': (p) => { state.notes.push(p.content); return { code: 0, result: state.notes.length }; },
  };
  const device: AgentDevice & { apps: InstalledApp[] } = {
    apps: installed,
    listIntents() { return this.apps; },
    async execute(bundle, intent, params) {
      calls.push(`${bundle}/${intent}`);
      const run = executors[`${bundle}/${intent}`];
      if (!run) return { code: 404, result: 'no executor' };
      return run(params);
    },
  };
  return { device, state, calls };
}

const tasks = loadApp('tasks.intents.json');
const music = loadApp('music.intents.json');
const notes = loadApp('notes.intents.json');
const offline = { model: null, now: () => evalClock.now, utcOffsetMinutes: 480 };

describe('agent service (offline)', () => {
  it('executes the routed intent with its parameters', async () => {
    const { device, state } = makeDevice([tasks, music, notes]);
    const agent = createAgentService(device, offline);
    expect(await agent.handle('add a task buy milk with high priority')).toEqual({
      kind: 'executed', bundle: 'com.example.tasks', intent: 'AddTask', params: { title: 'buy milk', priority: 'high' }, code: 0, result: { count: 1 }, via: 'offline',
    });
    expect(state.tasks).toEqual([{ title: 'buy milk', priority: 'high', done: false }]);
    expect(await agent.handle('列出未完成的任务')).toMatchObject({ kind: 'executed', intent: 'ListTasks', params: { filter: 'open' }, result: ['buy milk'] });
    await agent.handle('开始专注二十五分钟');
    expect(state.focusMinutes).toBe(25);
  });

  it('does not execute on a dry run, a clarification, or invalid parameters', async () => {
    const { device, calls, state } = makeDevice([tasks, music, notes]);
    const agent = createAgentService(device, offline);
    expect(await agent.handle('set the volume to 30', { dryRun: true })).toEqual({ kind: 'dryRun', bundle: 'com.example.music', intent: 'SetVolume', params: { level: 30 }, via: 'offline' });
    expect(await agent.handle('add a task')).toMatchObject({ kind: 'clarification', clarification: { param: 'title', reason: 'missing' } });
    expect(await agent.handle('把音量调到200')).toMatchObject({ kind: 'clarification', clarification: { param: 'level', reason: 'invalid' } });
    expect(calls).toEqual([]);
    expect(state.volume).toBe(50);
  });

  it('never reaches apps that are not installed, and follows installs', async () => {
    const { device, calls } = makeDevice([tasks]);
    const agent = createAgentService(device, offline);
    expect(await agent.handle('set the volume to 30')).toMatchObject({ kind: 'noMatch', noMatch: true });
    expect(await agent.handle('记一下：明天带伞')).toMatchObject({ kind: 'noMatch' });
    expect(calls).toEqual([]);
    device.apps = [tasks, music];
    expect(await agent.handle('set the volume to 30')).toMatchObject({ kind: 'executed', intent: 'SetVolume', result: 30 });
  });
});

describe('agent service with a model endpoint', () => {
  let server: Server;
  let base: string;
  let nextReply = '';
  beforeAll(async () => {
    server = createServer((req, res) => {
      req.resume();
      req.on('end', () => {
        if (nextReply === 'hang') return void setTimeout(() => res.end('{}'), 1000);
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(nextReply);
      });
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  });
  afterAll(() => new Promise((r) => { server.close(r); server.closeAllConnections(); }));
  const call = (name: string, args: unknown) => JSON.stringify({ choices: [{ message: { tool_calls: [{ type: 'function', function: { name, arguments: JSON.stringify(args) } }] } }] });

  it('uses the model when it answers with a valid tool call', async () => {
    const { device, state } = makeDevice([tasks, music, notes]);
    const agent = createAgentService(device, { ...offline, model: { url: base } });
    nextReply = call('SetVolume', { level: 12 });
    expect(await agent.handle('make it quiet')).toMatchObject({ kind: 'executed', intent: 'SetVolume', params: { level: 12 }, via: 'model' });
    expect(state.volume).toBe(12);
  });

  it('validates the model’s parameters too', async () => {
    const { device, calls } = makeDevice([tasks, music, notes]);
    const agent = createAgentService(device, { ...offline, model: { url: base } });
    nextReply = call('SetVolume', { level: 'loud' });
    expect(await agent.handle('make it loud')).toMatchObject({ kind: 'clarification', via: 'model', clarification: { param: 'level', reason: 'invalid' } });
    expect(calls).toEqual([]);
  });

  it('falls back to the offline router (and logs why) on timeouts, garbage and uninstalled intents', async () => {
    const { device, state } = makeDevice([tasks, notes]);
    const logs: string[] = [];
    const agent = createAgentService(device, { ...offline, model: { url: base, timeoutMs: 150 }, log: (m) => logs.push(m) });
    nextReply = 'hang';
    expect(await agent.handle('add task call mom')).toMatchObject({ kind: 'executed', intent: 'AddTask', via: 'offline' });
    nextReply = 'garbage';
    expect(await agent.handle('add task pay rent')).toMatchObject({ kind: 'executed', via: 'offline' });
    nextReply = call('SetVolume', { level: 10 }); // music is not installed on this device
    expect(await agent.handle('add task water plants')).toMatchObject({ kind: 'executed', intent: 'AddTask', via: 'offline' });
    expect(state.tasks.map((t) => t.title)).toEqual(['call mom', 'pay rent', 'water plants']);
    expect(logs.map((l) => l.split(':')[1].trim().split(' ')[1])).toEqual(['timeout', 'malformed', 'malformed']);
  });
});
