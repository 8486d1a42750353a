// The commands that talk to emulated devices behave the same on a headless host's device and on an `hmos emulate`
// session's: one table, run over both kinds, through the real CLI against a real host process and a real session
// sharing one HMOS_HOME (and handing apps to each other).
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runHmos, tempDir } from '../helpers/cli.js';
import { copyFixture } from '../helpers/fixture.js';
import { startTestHost, type TestHost } from '../helpers/device-host.js';
import { EmulatorSession } from '../../src/emulator/session/session.js';
import { listDevices } from '../../src/device-client/device-manager.js';
import { until } from '../helpers/wait.js';

const home = tempDir('hmos-kinds-');
const env = { HMOS_HOME: home };
const hapOf = (project: string) => path.join(project, 'entry/build/default/outputs/default/entry-default-signed.hap');
let host: TestHost;
let session: EmulatorSession;
let handoffHap: string;
let agentHap: string;

beforeAll(async () => {
  const agentApp = copyFixture('agent-exec');
  const built = await runHmos(['build', agentApp], { env });
  expect(built.exitCode, built.stderr).toBe(0);
  agentHap = hapOf(agentApp);
  host = await startTestHost(home, ['--devices', 'phone']);
  // The session numbers its devices past the host's: its phone is phone-2.
  const project = copyFixture('handoff-app');
  session = new EmulatorSession({ dir: project, types: ['phone', 'tablet'], home, sizeFor: () => ({ cols: 60, rows: 80 }) });
  await session.start();
  await session.serve();
  handoffHap = hapOf(project);
  await until(() => session.devices.every((d) => Boolean(d.surface.frame?.bundleName)));
}, 60_000);

afterAll(async () => {
  await session?.close();
  await host?.stop();
});

const hmos = async (...args: string[]) => {
  const r = await runHmos(args, { env });
  expect(r.exitCode, `hmos ${args.join(' ')}: ${r.stderr}`).toBe(0);
  return r;
};

describe.each([
  { kind: 'headless host', id: 'phone-1', other: 'tablet-1' },
  { kind: 'emulate session', id: 'phone-2', other: 'phone-1' },
])('on a $kind device', ({ id, other }) => {
  it('devices, deploy, input, screenshot, launch/stop fields, continue, agent and logs', async () => {
    const listed = JSON.parse((await hmos('devices', '--json')).stdout).devices;
    expect(listed.map((d: { id: string }) => d.id).sort()).toEqual(['phone-1', 'phone-2', 'tablet-1']);
    expect(listed.find((d: { id: string }) => d.id === id)).toMatchObject({ type: 'phone', state: 'running', host: { kind: 'emulated' } });

    const deployed = JSON.parse((await hmos('deploy', '--hap', handoffHap, '--device', id, '--json')).stdout);
    expect(deployed.results).toMatchObject([{ device: id, ok: true, launched: { ability: 'EntryAbility', page: 'pages/Index' } }]);
    expect(JSON.parse((await hmos('input', '--device', id, 'click:text=Write', 'click:text=Open detail', '--json')).stdout)).toEqual({ device: id, done: 2 });
    // -o - writes the screen to stdout.
    const tree = (await hmos('screenshot', '--device', id, '--format', 'json', '-o', '-')).stdout;
    expect(tree).toContain('Detail 7');
    expect(tree).toContain('Draft draft from the phone');
    const png = path.join(tempDir(), 'shot.png');
    await hmos('screenshot', '--device', id, '-o', png);
    expect(readFileSync(png).subarray(1, 4).toString()).toBe('PNG');

    // The typed client reaches launch and stop with every field, as on any device.
    const device = (await listDevices({ env, home, hdc: false })).devices.find((d) => d.id === id)!;
    expect(await device.launch({ bundleName: 'com.example.handoff', page: 'pages/Detail', parameters: { from: 'test' } })).toMatchObject({ bundleName: 'com.example.handoff', page: 'pages/Detail' });
    expect(await device.stop('com.example.nothing')).toMatchObject({ stopped: [] });
    expect(await device.launch({ bundleName: 'com.example.handoff', ability: 'EntryAbility', parameters: { from: 'test' } })).toMatchObject({ page: 'pages/Index' });
    await hmos('input', '--device', id, 'click:text=Open detail');

    const moved = JSON.parse((await hmos('continue', '--from', id, '--to', other, '--json')).stdout);
    expect(moved).toMatchObject({ from: id, to: other, bundleName: 'com.example.handoff', page: 'pages/Detail', sourceExited: true });
    expect((await hmos('screenshot', '--device', other, '--format', 'json', '-o', '-')).stdout).toContain('Detail 7');

    await hmos('deploy', '--hap', agentHap, '--device', id);
    const asked = JSON.parse((await hmos('agent', '--device', id, 'echo good morning', '--json')).stdout);
    expect(asked).toMatchObject({ kind: 'executed', device: id, intent: 'Echo', result: { echoed: 'good morning' } });
    expect(await device.stop('com.example.agentexec')).toMatchObject({ stopped: ['com.example.agentexec'] });

    const logs = (await hmos('logs', '--device', id, '--level', 'info')).stdout;
    expect(logs).toContain(`continued com.example.handoff to ${other}`);
    expect(logs).toContain('start ability EntryAbility of com.example.agentexec');
    expect(logs).toContain('stop com.example.agentexec');
    const apps = JSON.parse((await hmos('devices', '--json')).stdout).devices.find((d: { id: string }) => d.id === id).apps;
    expect(apps.map((a: { bundleName: string }) => a.bundleName).sort()).toEqual(['com.example.agentexec', 'com.example.handoff']);

    const missing = await runHmos(['input', '--device', 'phone-9', 'click:text=Write'], { env });
    expect(missing.exitCode).toBe(1);
    expect(missing.stderr).toContain('(devices: phone-1, phone-2, tablet-1;');
  }, 90_000);
});
