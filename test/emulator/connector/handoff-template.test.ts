/**
 * The multi-device template as a user meets it: `hmos create --template multi-device`, build, two headless hosts
 * (`hmos emulate --headless` children, phone and tablet, one temp HMOS_HOME), deploy to the phone, change the
 * selection and the counter, `hmos continue` to the tablet — which installs it there and shows the same state —
 * then a cheer (a KV write) on the tablet reaches the phone.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { spawn, type ChildProcess } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { hmosBin, runHmos, tempDir } from '../../helpers/cli.js';

const home = tempDir('hmos-handoff-tpl-');
const work = tempDir('hmos-handoff-tpl-work-');
const hmos = (args: string[]) => runHmos(args, { env: { HMOS_HOME: home, PATH: '/usr/bin:/bin' }, cwd: work });
const hosts: ChildProcess[] = [];

/** `hmos emulate --headless --devices <type>` in the background; resolves once its registry entry exists. */
async function emulate(type: string): Promise<void> {
  const child = spawn(process.execPath, [hmosBin, 'emulate', '--headless', '--devices', type], { env: { ...process.env, HMOS_HOME: home, NO_COLOR: '1' }, stdio: 'ignore' });
  hosts.push(child);
  for (let i = 0; i < 200; i++) {
    const entries = (() => { try { return readdirSync(join(home, 'hosts')); } catch { return []; } })();
    if (entries.some((n) => n === `${child.pid}.json`)) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`hmos emulate --devices ${type} did not register`);
}

interface Shown { text: string }
async function screen(device: string): Promise<Shown[]> {
  const out = join(work, `${device}.json`);
  const r = await hmos(['screenshot', '--device', device, '--format', 'json', '-o', out]);
  expect(r.exitCode, r.stderr).toBe(0);
  const found: Shown[] = [];
  const walk = (n: any) => { if (typeof n.text === 'string') found.push({ text: n.text }); for (const c of n.children ?? []) walk(c); };
  walk(JSON.parse(readFileSync(out, 'utf8')).root);
  return found;
}
const after = (shown: Shown[], label: string) => shown[shown.findIndex((s) => s.text === label) + 1]?.text;

beforeAll(async () => {
  expect((await hmos(['create', 'Trip', '--template', 'multi-device', '--device-types', 'phone,tablet'])).exitCode).toBe(0);
  expect((await hmos(['build', join(work, 'Trip')])).exitCode).toBe(0);
  await Promise.all([emulate('phone'), emulate('tablet')]);
}, 60_000);
afterAll(() => {
  for (const h of hosts) h.kill('SIGTERM');
});

describe('handoff of the multi-device template', () => {
  it('moves the selection and the counter to the tablet, and cheers reach the other device', async () => {
    const d = await hmos(['deploy', join(work, 'Trip'), '--device', 'phone-1']);
    expect(d.exitCode, d.stderr).toBe(0);
    // Tap the Lisbon card (the tap on its text reaches the card's onClick), then + twice.
    const input = await hmos(['input', '--device', 'phone-1', 'click:text=Lisbon', 'click:text=+', 'click:text=+']);
    expect(input.exitCode, input.stderr).toBe(0);
    expect(after(await screen('phone-1'), '-')).toBe('2');

    const c = await hmos(['continue', '--from', 'phone-1', '--to', 'tablet-1', '--json']);
    expect(c.exitCode, c.stderr).toBe(0);
    expect(JSON.parse(c.stdout)).toMatchObject({ installed: true, sourceExited: true, page: 'pages/Index' });
    const tablet = await screen('tablet-1');
    expect(after(tablet, '-')).toBe('2');
    expect(tablet.filter((s) => s.text === 'Lisbon').length).toBeGreaterThan(1); // the list and the detail pane

    // The phone runs it again (as a user would); a cheer on the tablet shows up there through the KV store.
    await hmos(['deploy', join(work, 'Trip'), '--device', 'phone-1']);
    expect((await hmos(['input', '--device', 'tablet-1', 'click:text=Cheer'])).exitCode).toBe(0);
    let cheers: string | undefined;
    for (let i = 0; i < 40 && cheers !== '1'; i++) {
      cheers = after(await screen('phone-1'), 'Cheers on all devices:');
      if (cheers !== '1') await new Promise((r) => setTimeout(r, 100));
    }
    expect(cheers).toBe('1');
  });
});
