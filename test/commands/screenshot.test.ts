import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { runHmos, tempDir } from '../helpers/cli.js';
import { startTestHost, type TestHost } from '../helpers/device-host.js';

const home = tempDir('hmos-shot-');
const env = { HMOS_HOME: home, PATH: '/usr/bin:/bin' };
let host: TestHost;
beforeAll(async () => {
  host = await startTestHost(home, ['--devices', 'phone']);
});
afterAll(async () => {
  await host?.stop();
});

describe('hmos screenshot', () => {
  it('checks the format and the device, and writes nothing on failure', async () => {
    const out = join(home, 'x.gif');
    const bad = await runHmos(['screenshot', '--device', 'phone-1', '--format', 'gif', '-o', out], { env });
    expect(bad.exitCode).toBe(1);
    expect(bad.stderr).toContain('png, svg or json');
    const miss = await runHmos(['screenshot', '--device', 'tablet-1'], { env });
    expect(miss.exitCode).toBe(1);
    expect(miss.stderr).toContain('DEVICE_NOT_FOUND');
    const svg = join(home, 'phone.svg');
    const r = await runHmos(['screenshot', '--device', 'phone-1', '--format', 'svg', '-o', svg], { env });
    if (r.exitCode === 0) expect(existsSync(svg)).toBe(true);
    else {
      expect(r.stderr).toContain('RUNTIME_UNAVAILABLE');
      expect(existsSync(svg)).toBe(false);
    }
    expect(existsSync(out)).toBe(false);
  });
});
