import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_MODEL_TIMEOUT_MS, modelConfigFromEnv, ModelRouteError, routeWithModel } from '../../src/agent/model.js';
import { loadApp } from '../helpers/agent.js';

const apps = [loadApp('tasks.intents.json'), loadApp('music.intents.json')];
const requests: { url: string; auth?: string; body: any }[] = [];
let server: Server;
let base: string;
let downUrl: string;

const toolCall = (name: string, args: unknown) => JSON.stringify({
  choices: [{ message: { role: 'assistant', tool_calls: [{ id: '1', type: 'function', function: { name, arguments: typeof args === 'string' ? args : JSON.stringify(args) } }] } }],
});

async function readBody(req: IncomingMessage): Promise<string> {
  let s = '';
  for await (const chunk of req) s += chunk;
  return s;
}

beforeAll(async () => {
  server = createServer(async (req, res) => {
    const body = JSON.parse(await readBody(req));
    requests.push({ url: req.url!, auth: req.headers.authorization, body });
    const reply = (status: number, text: string) => { res.writeHead(status, { 'content-type': 'application/json' }); res.end(text); };
    switch (req.url) {
      case '/valid/chat/completions': return reply(200, toolCall('SetVolume', { level: 40 }));
      case '/slow/chat/completions': return void setTimeout(() => reply(200, toolCall('SetVolume', { level: 40 })), 1500);
      case '/garbage/chat/completions': return reply(200, '<html>not json');
      case '/unknown/chat/completions': return reply(200, toolCall('FormatDisk', {}));
      case '/badargs/chat/completions': return reply(200, toolCall('AddTask', '{title: oops'));
      case '/notool/chat/completions': return reply(200, JSON.stringify({ choices: [{ message: { role: 'assistant', content: 'Sorry.' } }] }));
      default: return reply(500, '{"error":"boom"}');
    }
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  // A port that was just listening and is closed now: connections are refused.
  const tmp = createServer();
  await new Promise<void>((r) => tmp.listen(0, '127.0.0.1', r));
  downUrl = `http://127.0.0.1:${(tmp.address() as AddressInfo).port}/v1`;
  await new Promise((r) => tmp.close(r));
});
afterAll(() => new Promise((r) => { server.close(r); server.closeAllConnections(); }));

const reason = async (p: Promise<unknown>) => {
  try { await p; } catch (err) { expect(err).toBeInstanceOf(ModelRouteError); return (err as ModelRouteError).reason; }
  throw new Error('expected a ModelRouteError');
};

describe('model endpoint', () => {
  it('offers one tool per installed intent and returns a valid tool call', async () => {
    const choice = await routeWithModel('turn it to 40', apps, { url: `${base}/valid`, model: 'tiny', apiKey: 'k-123' });
    expect(choice).toEqual({ bundle: 'com.example.music', intent: 'SetVolume', params: { level: 40 } });
    const req = requests.at(-1)!;
    expect(req.auth).toBe('Bearer k-123');
    expect(req.body.model).toBe('tiny');
    expect(req.body.messages.at(-1)).toEqual({ role: 'user', content: 'turn it to 40' });
    expect(req.body.tools.map((t: any) => t.function.name)).toEqual(['AddTask', 'ListTasks', 'StartFocusTimer', 'PlayMusic', 'AddToPlaylist', 'SetVolume']);
    expect(req.body.tools[0].function.parameters).toEqual(apps[0].intents[0].parameters);
  });

  it('fails with a reason when the endpoint is down, slow, or answers garbage', async () => {
    expect(await reason(routeWithModel('x', apps, { url: downUrl }))).toBe('unreachable');
    expect(await reason(routeWithModel('x', apps, { url: `${base}/slow`, timeoutMs: 200 }))).toBe('timeout');
    expect(await reason(routeWithModel('x', apps, { url: `${base}/garbage` }))).toBe('malformed');
    expect(await reason(routeWithModel('x', apps, { url: `${base}/unknown` }))).toBe('malformed');
    expect(await reason(routeWithModel('x', apps, { url: `${base}/badargs` }))).toBe('malformed');
    expect(await reason(routeWithModel('x', apps, { url: `${base}/notool` }))).toBe('no-tool-call');
    expect(await reason(routeWithModel('x', apps, { url: `${base}/error` }))).toBe('http');
  });

  it('is configured from the environment, and off without it', () => {
    expect(modelConfigFromEnv({})).toBeUndefined();
    expect(modelConfigFromEnv({ HMOS_AGENT_MODEL_URL: 'http://127.0.0.1:1/v1', HMOS_AGENT_MODEL: 'm', HMOS_AGENT_API_KEY: 'k' }))
      .toEqual({ url: 'http://127.0.0.1:1/v1', model: 'm', apiKey: 'k' });
    expect(DEFAULT_MODEL_TIMEOUT_MS).toBe(3000);
  });
});
