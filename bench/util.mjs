import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { request } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const hmosBin = join(root, 'bin', 'hmos.js');

export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function percentile(values, p) {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}

/** Times `fn` `runs` times (after `warmup` untimed runs; `before` runs untimed before each) and returns the samples in ms. */
export async function sample(fn, { runs = 10, warmup = 1, before } = {}) {
  for (let i = 0; i < warmup; i++) await fn();
  const out = [];
  for (let i = 0; i < runs; i++) {
    if (before) await before();
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return out;
}

/** Wall time of a child process running the CLI, in ms. */
export function timeCli(args, options = {}) {
  const t0 = performance.now();
  execFileSync(process.execPath, [hmosBin, ...args], { stdio: 'ignore', ...options });
  return performance.now() - t0;
}

export function figure(samples, target, extra = {}) {
  const med = median(samples);
  return { median: round(med), target, unit: 'ms', runs: samples.length, ok: target === undefined ? undefined : med <= target, ...extra };
}

export const round = (n) => Math.round(n * 100) / 100;

/** Starts a device host (`dist/emulator/host/host-main.js`) as a child process; resolves with its port, token and stop(). */
export function startHostProcess(home, devices) {
  const child = spawn(process.execPath, [join(root, 'dist', 'emulator', 'host', 'host-main.js'), '--devices', devices], { env: { ...process.env, HMOS_HOME: home }, stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    child.once('exit', (code) => reject(new Error(`host exited ${code}`)));
    child.stdout.on('data', (b) => {
      out += b;
      if (!out.includes('\n')) return;
      const ready = JSON.parse(out.split('\n')[0]);
      const { token } = JSON.parse(readFileSync(join(home, 'hosts', `${ready.pid}.json`), 'utf8'));
      resolve({ ...ready, child, token, stop: () => new Promise((r) => { child.removeAllListeners('exit'); child.once('exit', r); child.kill('SIGTERM'); }) });
    });
  });
}

/** One HTTP request to a connector (or any server) on 127.0.0.1; resolves with the body, rejects on status ≥ 400. */
export function connectorRequest(port, path, { method = 'GET', token, body } = {}) {
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method, agent: false, headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body ? { 'content-length': body.length } : {}) } }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => (res.statusCode >= 400 ? reject(new Error(`${path}: ${res.statusCode} ${Buffer.concat(chunks)}`)) : resolve(Buffer.concat(chunks))));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** connectorRequest with a JSON answer. */
export async function connectorJson(port, path, options) {
  const body = await connectorRequest(port, path, options);
  return JSON.parse(body.toString('utf8') || '{}');
}
