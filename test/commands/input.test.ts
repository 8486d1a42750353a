import { describe, expect, it } from 'vitest';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAction as parseInputAction } from '../../src/runtime/screen.js';
import { loadOrCreateDeveloperKey } from '../../src/hap/signing-key.js';
import { makeHap } from '../helpers/hap.js';
import { PNG } from 'pngjs';
import { runHmos } from '../helpers/cli.js';
import { parseAction as parseJsonAction } from '../../src/emulator/connector/routes.js';
import { hostForTests } from '../helpers/device-host.js';

const { home, env } = hostForTests('hmos-input-', 'phone');

describe('hmos input', () => {
  it('parses actions and selectors', () => {
    expect(parseInputAction('click:text=OK')).toEqual({ kind: 'click', selector: 'text=OK' });
    expect(parseInputAction('click:type=Button#2')).toEqual({ kind: 'click', selector: 'type=Button#2' });
    expect(parseInputAction('click:120,40.5')).toEqual({ kind: 'click', x: 120, y: 40.5 });
    expect(parseInputAction('input:id=name:Ada: Lovelace')).toEqual({ kind: 'input', selector: 'id=name', text: 'Ada: Lovelace' });
    expect(parseInputAction('swipe:up')).toEqual({ kind: 'swipe', direction: 'up' });
    expect(parseInputAction('swipe:left:id=list')).toEqual({ kind: 'swipe', direction: 'left', selector: 'id=list' });
    expect(parseInputAction('back')).toEqual({ kind: 'back' });
    expect(parseInputAction('wait:250')).toEqual({ kind: 'wait', ms: 250 });
    expect(parseInputAction('location:31.23,121.47')).toEqual({ kind: 'device', action: { kind: 'location', latitude: 31.23, longitude: 121.47 } });
    expect(parseInputAction('dark-mode:on')).toEqual({ kind: 'device', action: { kind: 'config', colorMode: 'dark' } });
    for (const bad of ['tap:x', 'click:OK', 'swipe:sideways', 'wait:soon', 'input:id=x', 'back:now', 'location:91,0', 'network:maybe', 'font-scale:9']) {
      expect(() => parseInputAction(bad), bad).toThrow();
    }
    // The host checks a device action sent as JSON as strictly as the text form.
    const json = (action: unknown) => () => parseJsonAction({ kind: 'device', action });
    expect(json({ kind: 'network', online: false })()).toEqual({ kind: 'device', action: { kind: 'network', online: false } });
    for (const bad of [{ kind: 'location', latitude: 100, longitude: 0 }, { kind: 'photo', file: 'relative.png' }, { kind: 'photo', file: '/etc/passwd' },
      { kind: 'config' }, { kind: 'config', locale: '../x' }, { kind: 'reboot' }, null]) {
      expect(json(bad), JSON.stringify(bad)).toThrow(/device action/);
    }
  });

  it('refuses bad actions and unknown devices before sending anything', async () => {
    const bad = await runHmos(['input', '--device', 'phone-1', 'click:OK'], { env });
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toContain('BAD_SELECTOR');
    const miss = await runHmos(['input', '--device', 'phone-9', 'back'], { env });
    expect(miss.exitCode).toBe(1);
    expect(miss.stderr).toContain('did you mean phone-1');
  });

  it('clicks and types on the running app; a missing element or app is an error', async () => {
    const none = await runHmos(['input', '--device', 'phone-1', 'click:text=Add'], { env });
    expect(none.exitCode).toBe(1);
    expect(none.stderr).toContain('APP_NOT_RUNNING');
    const hap = join(home, 'app.hap');
    writeFileSync(hap, makeHap(loadOrCreateDeveloperKey(home)));
    expect((await runHmos(['deploy', '--hap', hap, '--device', 'phone-1'], { env })).exitCode).toBe(0);
    const r = await runHmos(['input', '--device', 'phone-1', 'click:text=Add', 'wait:10', 'click:type=Button#1', '--json'], { env });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ device: 'phone-1', done: 3 });
    const shot = join(home, 'after.json');
    expect((await runHmos(['screenshot', '--device', 'phone-1', '--format', 'json', '-o', shot], { env })).exitCode).toBe(0);
    expect(readFileSync(shot, 'utf8')).toContain('Count 2');
    const miss = await runHmos(['input', '--device', 'phone-1', 'click:text=Nope'], { env });
    expect(miss.exitCode).toBe(1);
    expect(miss.stderr).toContain('NO_MATCH');

    // What a user changes on the device: a photo named from the CLI's folder lands in the device's photo folder.
    writeFileSync(join(home, 'beach.png'), PNG.sync.write(new PNG({ width: 2, height: 2 })));
    const user = await runHmos(['input', '--device', 'phone-1', 'location:31.23,121.47', 'network:off', 'dark-mode:on', 'photo:beach.png', 'network:on'], { env, cwd: home });
    expect(user.exitCode, user.stderr).toBe(0);
    expect(user.stdout).toContain('5 actions done');
    expect(readdirSync(join(home, 'devices/phone-1/data/photos'))).toEqual(['beach.png']);
  });
});
