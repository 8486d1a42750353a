import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { hmosBin, runHmos, tempDir } from '../helpers/cli.js';

function emulate(home: string, args: string[]) {
  const child = spawn(process.execPath, [hmosBin, 'emulate', '--headless', '--json', ...args], { env: { ...process.env, HMOS_HOME: home, NO_COLOR: '1' }, stdio: ['ignore', 'pipe', 'pipe'] });
  const exited = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
  const ready = new Promise<any>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (b) => {
      out += b;
      try {
        resolve(JSON.parse(out));
      } catch {}
    });
    child.once('exit', (code) => reject(new Error(`emulate exited ${code}`)));
  });
  return { child, ready, exited };
}

describe('hmos emulate --headless', () => {
  it('starts the devices (ids, aliases, a type twice), serves, and exits cleanly on SIGINT', async () => {
    const home = tempDir('hmos-emu-');
    const { child, ready, exited } = emulate(home, ['--devices', 'phone,watch', '-d', 'phone']);
    const info = await ready;
    expect(info.devices.map((d: any) => d.id)).toEqual(['phone-1', 'wearable-1', 'phone-2']);
    expect(info.devices[1].aliases).toEqual(['watch-1']);
    expect(info.port).toBeGreaterThan(0);
    expect(existsSync(join(home, 'devices', 'phone-2'))).toBe(true);
    const listed = await runHmos(['devices', '--json'], { env: { HMOS_HOME: home } });
    expect(JSON.parse(listed.stdout).devices.map((d: any) => d.id)).toEqual(['phone-1', 'wearable-1', 'phone-2']);
    child.kill('SIGINT');
    expect(await exited).toBe(0);
    expect(existsSync(join(home, 'hosts', `${info.pid}.json`))).toBe(false);
  });

  it('--devices all gives one device of every type; --wipe clears data; SIGHUP (a closed terminal) unregisters it too', async () => {
    const home = tempDir('hmos-emu-');
    mkdirSync(join(home, 'devices', 'tv-1', 'apps', 'com.old.app'), { recursive: true });
    writeFileSync(join(home, 'devices', 'tv-1', 'apps', 'com.old.app', 'install.json'), '{}');
    const { child, ready, exited } = emulate(home, ['--devices', 'all', '--wipe']);
    const info = await ready;
    expect(info.devices.map((d: any) => d.type)).toEqual(['phone', 'tablet', '2in1', 'wearable', 'tv', 'car']);
    expect(existsSync(join(home, 'devices', 'tv-1', 'apps', 'com.old.app'))).toBe(false);
    child.kill('SIGHUP');
    expect(await exited).toBe(0);
    expect(existsSync(join(home, 'hosts', `${info.pid}.json`))).toBe(false);
  });

  it('lists the valid types for an unknown one; without --headless and a project it says what is missing', async () => {
    const r = await runHmos(['emulate', '--headless', '--devices', 'phone,fridge']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toContain('UNKNOWN_DEVICE_TYPE');
    expect(r.stderr).toMatch(/valid types: phone, tablet, 2in1, wearable, tv, car, watch, pc, all/);
    const tui = await runHmos(['emulate', join(tempDir(), 'nothing-here')]);
    expect(tui.exitCode).toBe(1);
    expect(tui.stderr).toContain('PROJECT_NOT_FOUND');
  });
});
