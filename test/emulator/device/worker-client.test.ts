// The one worker client every emulated device uses: calls, errors, the log buffer, and the recovery policy (a hung or
// exited worker fails every pending call at once and is replaced; one that keeps stopping waits for the next call).
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { WorkerClient } from '../../../src/emulator/device/worker-client.js';

const file = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..', 'fixtures', 'workers', 'test-worker.mjs');
const clients: WorkerClient[] = [];
afterEach(async () => { await Promise.all(clients.splice(0).map((c) => c.close())); });

// Calls get a deadline no loaded machine misses; only the call into a hanging worker gets a short one (callWithin).
function client(callTimeoutMs = 60_000) {
  let n = 0;
  const c = new WorkerClient({ file, deviceId: 'phone-9', callTimeoutMs, workerData: () => ({ n: ++n }) });
  const events: string[] = [];
  c.on('spawn', () => events.push('spawn'));
  c.on('crash', (why: string, hung: boolean) => events.push(`crash ${hung ? 'hung' : 'exit'}: ${why}`));
  c.on('message', (m: { hello?: number }) => { if (m.hello) events.push(`hello ${m.hello}`); });
  clients.push(c);
  return { c, events };
}

describe('WorkerClient', () => {
  it('answers calls, passes user errors on with their code, and keeps the log lines', async () => {
    const { c, events } = client();
    expect(await c.call('echo', { a: 1 })).toEqual({ a: 1 });
    await expect(c.call('fail')).rejects.toMatchObject({ code: 'NO_MATCH', message: 'nothing there' });
    expect(c.logs.map((l) => `${l.device} ${l.level} ${l.tag}: ${l.message}`)).toEqual(['phone-9 info Test: started 1']);
    expect(events).toEqual(['hello 1']);
  });

  it('a hung worker: the call times out, every other pending call fails at once, and a fresh worker answers', async () => {
    const { c, events } = client();
    const hung = c.callWithin(300, 'hang');
    const other = c.call('echo', 'queued behind the hang');
    await expect(hung).rejects.toMatchObject({ code: 'DEVICE_TIMEOUT' });
    // Failed because its worker died — not by waiting out a timer of its own.
    await expect(other).rejects.toMatchObject({ code: 'DEVICE_CRASHED' });
    expect(await c.call('echo', 'again')).toBe('again');
    expect(events).toEqual(['hello 1', 'crash hung: hang did not answer in 300 ms', 'spawn', 'hello 2']);
    expect(c.logs.some((l) => l.level === 'error' && l.message.includes('restarting it'))).toBe(true);
  });

  it('a worker that exits is replaced; one that keeps stopping is started again by the next call', async () => {
    const { c, events } = client();
    for (let i = 0; i < 6; i++) await expect(c.call('exit')).rejects.toMatchObject({ code: 'DEVICE_CRASHED' });
    expect(events.filter((e) => e.startsWith('crash exit: it exited with code 3'))).toHaveLength(6);
    expect(c.alive).toBe(false);
    expect(c.logs.at(-1)!.message).toContain('keeps stopping');
    expect(await c.call('echo', 'back')).toBe('back');
    expect(c.alive).toBe(true);
    await c.close();
    await expect(c.call('echo', 'closed')).rejects.toMatchObject({ code: 'DEVICE_CLOSED' });
  });
});
