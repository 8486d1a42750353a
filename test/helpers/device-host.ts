import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { request } from 'node:http';
import { afterAll, beforeAll } from 'vitest';
import { repoRoot, tempDir } from './cli.js';

export interface TestHost {
  child: ChildProcess;
  pid: number;
  port: number;
  token: string;
  devices: string[];
  stop(signal?: NodeJS.Signals): Promise<void>;
}

/** Starts a real device host (dist/emulator/host/host-main.js) as a child process with its own HMOS_HOME. */
export function startTestHost(home: string, args: string[] = ['--devices', 'phone,watch']): Promise<TestHost> {
  const child = spawn(process.execPath, [join(repoRoot, 'dist', 'emulator', 'host', 'host-main.js'), ...args], {
    env: { ...process.env, HMOS_HOME: home, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stderr!.on('data', (b) => { err += b; });
    child.once('exit', (code) => reject(new Error(`host exited ${code}: ${err}`)));
    child.stdout!.on('data', (b) => {
      out += b;
      if (!out.includes('\n')) return;
      const ready = JSON.parse(out.split('\n')[0]);
      const entry = JSON.parse(readFileSync(join(home, 'hosts', `${ready.pid}.json`), 'utf8'));
      resolve({
        child, pid: ready.pid, port: ready.port, token: entry.token, devices: ready.devices,
        async stop(signal = 'SIGTERM') {
          if (child.exitCode === null && child.signalCode === null) child.kill(signal);
          await exited;
        },
      });
    });
  });
}

export interface HttpAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
  json(): any;
}

/** One HTTP request to a host (no keep-alive), never throwing on an error status. */
export function http(port: number, path: string, o: { method?: string; token?: string | null; body?: Uint8Array | string; headers?: Record<string, string> } = {}): Promise<HttpAnswer> {
  const large = o.body !== undefined && o.body.length > 1024 * 1024;
  return new Promise((resolve, reject) => {
    let answered = false;
    const req = request({
      host: '127.0.0.1', port, path, method: o.method ?? 'GET', agent: false,
      headers: { ...(o.token ? { authorization: `Bearer ${o.token}` } : {}), ...(large ? { expect: '100-continue' } : {}), ...o.headers },
    }, (res) => {
      answered = true;
      const chunks: Buffer[] = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => {
        const body = Buffer.concat(chunks);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body, json: () => JSON.parse(body.toString('utf8')) });
      });
      res.on('error', reject);
    });
    // An answer that arrives before the upload finished (413) wins over the reset that follows it.
    req.on('error', (err) => { if (!answered) reject(err); });
    // A large body waits for the host's go-ahead, as the hmos client does: a host that refuses it (413) answers first
    // instead of racing the upload into a reset.
    if (large) req.on('continue', () => req.end(o.body));
    else if (o.body !== undefined) req.end(o.body);
    else req.end();
  });
}

/**
 * A device host for the tests of one file: a fresh HMOS_HOME (`tempDir(prefix)`), the host started before the file's
 * tests with `--devices <devices>` and stopped after them; `env` runs the CLI against it.
 */
export function hostForTests(prefix: string, devices: string): { home: string; env: Record<string, string> } {
  const home = tempDir(prefix);
  let host: TestHost | undefined;
  beforeAll(async () => {
    host = await startTestHost(home, ['--devices', devices]);
  });
  afterAll(async () => {
    await host?.stop();
  });
  return { home, env: { HMOS_HOME: home, PATH: '/usr/bin:/bin' } };
}
