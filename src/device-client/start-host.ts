/**
 * Starts a headless device host in the background (detached, surviving this command) and waits until it listens
 * and is registered. `--detached` tells the host not to stop when this command exits (host-main.ts).
 */
import { spawn } from 'node:child_process';
import { HmosError } from '../errors.js';
import { distFile } from '../util/dist-path.js';

export async function startDetachedHost(types: string[], env: NodeJS.ProcessEnv, timeoutMs = 15_000): Promise<{ pid: number; port: number; devices: string[] }> {
  const child = spawn(process.execPath, [distFile('emulator/host/host-main.js'), '--devices', types.join(','), '--detached'], {
    detached: true, stdio: ['ignore', 'pipe', 'pipe'], env,
  });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    const timer = setTimeout(() => finish(new HmosError('HOST_START_FAILED', `the device host did not start in ${timeoutMs} ms`)), timeoutMs);
    const finish = (error?: Error, ready?: { pid: number; port: number; devices: string[] }) => {
      clearTimeout(timer);
      child.stdout.removeAllListeners('data');
      child.stdout.destroy();
      child.stderr.destroy();
      child.removeAllListeners('exit');
      child.unref();
      if (error) reject(error);
      else resolve(ready!);
    };
    child.stdout.on('data', (b: Buffer) => {
      out += b.toString('utf8');
      const line = out.split('\n')[0];
      if (out.includes('\n')) {
        try {
          finish(undefined, JSON.parse(line));
        } catch {
          finish(new HmosError('HOST_START_FAILED', `the device host said: ${line.slice(0, 200)}`));
        }
      }
    });
    child.stderr.on('data', (b: Buffer) => { err += b.toString('utf8'); });
    child.on('exit', (code) => finish(new HmosError('HOST_START_FAILED', `the device host exited (${code}): ${err.trim().slice(0, 500)}`)));
  });
}
