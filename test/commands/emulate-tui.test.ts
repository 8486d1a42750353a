// End to end in a real terminal: `hmos emulate` under tmux, driven with send-keys and read with capture-pane.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { hmosBin, runHmos, tempDir } from '../helpers/cli.js';
import { copyFixture, edit } from '../helpers/emulate.js';

const sessions: string[] = [];
afterEach(() => {
  for (const s of sessions.splice(0)) {
    try { execFileSync('tmux', ['kill-session', '-t', s], { stdio: 'ignore' }); } catch { /* already gone */ }
  }
});

const tmux = (...args: string[]) => execFileSync('tmux', args, { encoding: 'utf8' });
const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;

function startInTmux(dir: string) {
  const name = `hmos-e2e-${process.pid}-${sessions.length}`;
  const home = tempDir();
  const cmd = `cd ${quote(path.dirname(dir))} && HMOS_HOME=${quote(home)} ${quote(process.execPath)} ${quote(hmosBin)} emulate ${quote(dir)} --devices phone,watch 2>>${quote(path.join(home, 'stderr.log'))}; echo "EXITED $?"; sleep 120`;
  tmux('new-session', '-d', '-s', name, '-x', '200', '-y', '60', cmd);
  sessions.push(name);
  const screen = () => tmux('capture-pane', '-t', name, '-p');
  const flags = () => tmux('display', '-p', '-t', name, '#{alternate_on} #{mouse_standard_flag}#{mouse_sgr_flag} #{cursor_flag}').trim();
  // Waits on what the terminal shows; the deadline only bounds a broken run (a loaded machine takes its time).
  const until = async (what: (s: string) => boolean, ms = 60_000) => {
    const end = Date.now() + ms;
    for (;;) {
      const s = screen();
      if (what(s)) return s;
      if (Date.now() > end) throw new Error(`timed out; the terminal shows:\n${s}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  };
  const keys = (...k: string[]) => tmux('send-keys', '-t', name, ...k);
  return { name, screen, flags, until, keys, home };
}

/** Text of the phone pane's screen (left pane), so the watch does not answer for it. */
const phonePane = (screen: string) => screen.split('\n').map((l) => (l.startsWith('║') ? l.slice(0, l.indexOf('║', 1) + 1) : '')).join('\n');

describe('hmos emulate in a real terminal', () => {
  it('shows phone and watch, clicks by keys, hot-reloads an edit keeping the counter, quits restoring the terminal', async () => {
    const dir = copyFixture('counter');
    const t = startInTmux(dir);
    await t.until((s) => s.includes('phone-1 · pages/Index') && s.includes('wearable-1 · pages/Index') && s.includes('Count: 0'));
    expect(t.flags()).toBe('1 11 0');
    // Both keys in one write: the app reads them together, and the Enter clicks what the arrow just focused.
    t.keys('Down', 'Enter');
    await t.until((s) => phonePane(s).includes('Count: 1'));
    edit(path.join(dir, 'entry/src/main/ets/pages/Index.ets'), '`Count: ${this.count}`', '`Total: ${this.count}`');
    // The header's reload figure follows the new frame (it is set once every device has drawn): wait for both.
    await t.until((s) => phonePane(s).includes('Total: 1') && /reload \d+ ms \(state kept/.test(s))
      .catch((e) => { throw new Error(`${e.message}\nstderr: ${fs.readFileSync(path.join(t.home, 'stderr.log'), 'utf8')}`); });
    // From another terminal: the TUI's devices are in the registry and take input like a device host's.
    const env = { HMOS_HOME: t.home };
    expect(JSON.parse((await runHmos(['devices', '--json'], { env })).stdout).devices.map((d: { id: string }) => d.id)).toEqual(expect.arrayContaining(['phone-1', 'wearable-1']));
    const input = await runHmos(['input', '--device', 'phone-1', 'click:text=Add'], { env });
    expect(input.exitCode, input.stderr).toBe(0);
    await t.until((s) => phonePane(s).includes('Total: 2'));
    t.keys('q');
    await t.until((s) => s.includes('EXITED 0'));
    expect(t.flags()).toBe('0 00 1');
    // Quitting took the devices out of the registry.
    expect(JSON.parse((await runHmos(['devices', '--json'], { env })).stdout).devices).toEqual([]);
  }, 150_000);

  it('SIGTERM also restores the terminal and takes the devices out of the registry', async () => {
    const dir = copyFixture('counter');
    const t = startInTmux(dir);
    await t.until((s) => s.includes('phone-1 · pages/Index'));
    const shell = tmux('display', '-p', '-t', t.name, '#{pane_pid}').trim();
    const node = execFileSync('ps', ['-o', 'pid=', '--ppid', shell], { encoding: 'utf8' }).trim().split(/\s+/)[0];
    process.kill(Number(node), 'SIGTERM');
    await t.until((s) => /EXITED \d+/.test(s));
    expect(t.flags()).toBe('0 00 1');
    expect(JSON.parse((await runHmos(['devices', '--json'], { env: { HMOS_HOME: t.home } })).stdout).devices).toEqual([]);
  }, 150_000);
});
