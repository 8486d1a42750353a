import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAction as parseInputAction } from '../../src/runtime/screen.js';
import { loadOrCreateDeveloperKey } from '../../src/hap/signing-key.js';
import { makeHap } from '../helpers/hap.js';
import { runHmos } from '../helpers/cli.js';
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
    for (const bad of ['tap:x', 'click:OK', 'swipe:sideways', 'wait:soon', 'input:id=x', 'back:now']) {
      expect(() => parseInputAction(bad), bad).toThrow();
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
  });
});
