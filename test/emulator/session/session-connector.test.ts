import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { runHmos, tempDir } from '../../helpers/cli.js';
import { copyFixture, edit } from '../../helpers/emulate.js';
import { copyFixture as copyProject } from '../../helpers/fixture.js';
import { cellsToText } from '../../../src/runtime/render/cells.js';
import { EmulatorSession, type ReloadReport, type SessionDevice } from '../../../src/emulator/session/session.js';
import type { ServedDevices } from '../../../src/emulator/connector/serve.js';
import { until } from '../../helpers/wait.js';
import { startTestHost } from '../../helpers/device-host.js';

const open: Array<{ session: EmulatorSession; connector?: ServedDevices }> = [];
afterEach(async () => {
  for (const o of open.splice(0)) {
    await o.connector?.close();
    await o.session.close();
  }
});

const screen = (d: SessionDevice) => cellsToText(d.surface.frame!.grid);

describe('hmos emulate devices from other terminals', () => {
  it('hmos devices lists them (a type the app does not list shows why); a deployed app shows until the next build; closing unregisters them', async () => {
    const home = tempDir('hmos-home-');
    const env = { HMOS_HOME: home };
    const project = copyFixture('counter');
    const session = new EmulatorSession({ dir: project, types: ['phone'], home, sizeFor: () => ({ cols: 60, rows: 40 }) });
    const entry: (typeof open)[number] = { session };
    open.push(entry);
    await session.start();
    entry.connector = await session.serve();
    const [phone] = session.devices;
    await until(() => Boolean(phone.surface.frame?.bundleName));

    // A device type the app does not list (counter lists phone and wearable) shows a notice and lists no app.
    const tv = session.addDevice('tv');
    await until(() => Boolean(tv.surface.frame?.notice));
    const listed = await runHmos(['devices', '--json'], { env });
    expect(listed.exitCode).toBe(0);
    const devices = JSON.parse(listed.stdout).devices as Array<{ id: string; apps: Array<{ bundleName: string }> }>;
    expect(devices.map((d) => d.id)).toEqual(['phone-1', 'tv-1']);
    expect(devices.find((d) => d.id === 'phone-1')!.apps.map((a) => a.bundleName)).toContain(session.bundleName);
    expect(devices.find((d) => d.id === 'tv-1')!.apps).toEqual([]);

    // (input, screenshot, logs, agent and continue are the same on every device: test/commands/device-kinds.test.ts)
    // Another app, built with the same developer key: deployed, it shows on the device until the next project build.
    const other = copyProject('handoff-app');
    expect((await runHmos(['build', other], { env })).exitCode).toBe(0);
    const deployed = await runHmos(['deploy', other, '--device', 'phone-1', '--json'], { env });
    expect(deployed.exitCode, deployed.stderr).toBe(0);
    await until(() => screen(phone).includes('Notes'));
    const after = JSON.parse((await runHmos(['devices', '--json'], { env })).stdout).devices.find((d: { id: string }) => d.id === 'phone-1');
    expect(after.apps.map((a: { bundleName: string }) => a.bundleName)).toContain('com.example.handoff');

    // A deployed app hands off like any installed app: here the target's type is one the app does not list.
    const refused = await runHmos(['continue', '--from', 'phone-1', '--to', 'tv-1'], { env });
    expect(refused.exitCode).toBe(1);
    expect(refused.stderr).toContain('DEVICE_TYPE_UNSUPPORTED');
    expect(screen(phone)).toContain('Notes');
    // Uninstalling what the device shows puts the project's app back.
    const hostEntry = JSON.parse(fs.readFileSync(path.join(home, 'hosts', `${process.pid}.json`), 'utf8'));
    const removed = await fetch(`http://127.0.0.1:${hostEntry.port}/v1/devices/phone-1/apps/com.example.handoff`, { method: 'DELETE', headers: { authorization: `Bearer ${hostEntry.token}` } });
    expect(removed.status).toBe(200);
    await until(() => screen(phone).includes('Count: 0'));
    expect(phone.surface.frame!.bundleName).toBe(session.bundleName);
    const redeployed = await runHmos(['deploy', other, '--device', 'phone-1'], { env });
    expect(redeployed.exitCode, redeployed.stderr).toBe(0);
    await until(() => screen(phone).includes('Notes'));

    // The next build of the watched project launches the project's app there again (not a hot reload into the other app).
    const reloaded = new Promise<ReloadReport>((r) => session.once('reloaded', r));
    edit(path.join(project, 'entry/src/main/ets/pages/Index.ets'), '`Count: ${this.count}`', '`Total: ${this.count}`');
    const report = await reloaded;
    expect(report.kept + report.reset).toBe(0); // launched: no component state carried over from the other app
    await until(() => screen(phone).includes('Total: 0'));
    expect(phone.surface.frame!.bundleName).toBe(session.bundleName);

    // A bad input gets the device host's error, not a crash of the session.
    const bad = await runHmos(['input', '--device', 'phone-1', 'click:text=Nowhere'], { env });
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toMatch(/NO_MATCH|no element/i);

    await entry.connector.close();
    entry.connector = undefined;
    const gone = await runHmos(['devices', '--json'], { env });
    expect(JSON.parse(gone.stdout).devices.map((d: { id: string }) => d.id)).not.toContain('phone-1');
  }, 60_000);

  it('numbers its devices past the ids the running hosts of the same HMOS_HOME use, and so do hosts', async () => {
    const home = tempDir('hmos-home-');
    const host = await startTestHost(home, ['--devices', 'phone']);
    try {
      const session = new EmulatorSession({ dir: copyFixture('counter'), types: ['phone', 'wearable'], home, sizeFor: () => ({ cols: 40, rows: 20 }) });
      const entry: (typeof open)[number] = { session };
      open.push(entry);
      expect(session.devices.map((d) => d.id)).toEqual(['phone-2', 'wearable-1']);
      expect(session.addDevice('phone').id).toBe('phone-3');
      entry.connector = await session.serve();
      const listed = JSON.parse((await runHmos(['devices', '--json'], { env: { HMOS_HOME: home } })).stdout).devices.map((d: { id: string }) => d.id);
      expect(listed.sort()).toEqual(['phone-1', 'phone-2', 'phone-3', 'wearable-1']);
      // Aliases answer as on a host: watch-1 is wearable-1.
      const byAlias = await runHmos(['logs', '--device', 'watch-1'], { env: { HMOS_HOME: home } });
      expect(byAlias.exitCode, byAlias.stderr).toBe(0);
      // And a second headless host goes past all of them: every device of the home has its own id and data folder.
      const second = await startTestHost(home, ['--devices', 'phone']);
      try {
        const all = JSON.parse((await runHmos(['devices', '--json'], { env: { HMOS_HOME: home } })).stdout).devices.map((d: { id: string }) => d.id);
        expect(all.sort()).toEqual(['phone-1', 'phone-2', 'phone-3', 'phone-4', 'wearable-1']);
      } finally {
        await second.stop();
      }
    } finally {
      await host.stop();
    }
  }, 60_000);
});
