/**
 * A device host started attached to a parent does not outlive it, however the parent dies (here SIGKILL, as when
 * vitest tears down a timed-out worker or CI cancels a job): real processes — this test → an intermediate Node
 * process → dist/emulator/host/host-main.js, started the way the test helpers start it.
 * (The detached host of `hmos deploy --start`, which must outlive its command, is checked in test/commands/deploy.test.ts.)
 */
import { afterAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as delay } from 'node:timers/promises';
import { repoRoot, tempDir } from '../../helpers/cli.js';

/** True while `pid` is a live process (a zombie waiting for its new parent to reap it counts as gone). */
function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    return readFileSync(`/proc/${pid}/stat`, 'utf8').replace(/^.*\) /s, '')[0] !== 'Z';
  } catch {
    return false;
  }
}

// The intermediate: starts the host as startTestHost does (attached, stdin ignored, stdout/stderr piped to it),
// passes on the host's ready line, then waits to be killed.
const intermediate = `
import { spawn } from 'node:child_process';
const host = spawn(process.execPath, [process.argv[1], '--devices', 'phone'], { stdio: ['ignore', 'pipe', 'pipe'] });
let out = '';
host.stderr.on('data', (b) => process.stderr.write(b));
host.stdout.on('data', (b) => { out += b; if (out.includes('\\n')) process.stdout.write(out); });
host.on('exit', (code) => { process.stderr.write('host exited ' + code + '\\n'); process.exit(1); });
setInterval(() => {}, 60_000);
`;

const started: number[] = [];
afterAll(() => {
  for (const pid of started) if (alive(pid)) process.kill(pid, 'SIGKILL');
});

describe('device host lifetime', () => {
  it('an attached host stops cleanly soon after its parent is killed with SIGKILL', async () => {
    const home = tempDir('hmos-host-life-');
    const parent = spawn(process.execPath, ['--input-type=module', '-e', intermediate, join(repoRoot, 'dist', 'emulator', 'host', 'host-main.js')], {
      env: { ...process.env, HMOS_HOME: home, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'],
    });
    started.push(parent.pid!);
    let err = '';
    parent.stderr.on('data', (b) => { err += b; });
    const ready = await new Promise<{ pid: number; port: number }>((resolve, reject) => {
      let out = '';
      parent.stdout.on('data', (b) => {
        out += b;
        if (out.includes('\n')) resolve(JSON.parse(out.split('\n')[0]));
      });
      parent.once('exit', (code) => reject(new Error(`the intermediate exited ${code}: ${err}`)));
    });
    started.push(ready.pid);
    const entry = join(home, 'hosts', `${ready.pid}.json`);
    expect(existsSync(entry)).toBe(true);
    expect(alive(ready.pid)).toBe(true);

    const parentGone = new Promise((r) => parent.once('exit', r));
    parent.kill('SIGKILL');
    await parentGone;
    // Generous: this only fails when the host never stops (today's bug: it ran on for good).
    const deadline = Date.now() + 60_000;
    while (alive(ready.pid) && Date.now() < deadline) await delay(100);
    expect(alive(ready.pid), `host ${ready.pid} still runs after its parent was killed`).toBe(false);
    // It closed itself rather than dying: its registry entry is removed (a host killed -9 leaves it behind).
    expect(existsSync(entry)).toBe(false);
  }, 90_000);
});
