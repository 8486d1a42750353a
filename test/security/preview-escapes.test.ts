/**
 * The app-realm boundary as a user meets it: a hostile project (test/fixtures/security/hostile-app) built by the real
 * pipeline and run by `hmos preview`. Its probes (entry/src/main/ets/probes/Probes.ts) try every way we know to get a
 * host object — the import() escape of issue #12 and its variants, host-made errors, stack formatting, stack
 * exhaustion, intrinsics — and, when one works, read /etc/passwd and the signing key and write into HMOS_HOME.
 * See docs/security.md for the list and what each one closes.
 */
import { execa } from 'execa';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { hmosBin, runHmos, tempDir } from '../helpers/cli.js';
import { copyFixture } from '../helpers/fixture.js';

const PROBES = ['import', 'import-in-Function', 'import-in-eval', 'import-in-indirect-eval', 'import-in-async-function', 'import-in-generator',
  'import-in-async-generator', 'import-with-comments', 'import-html-comment', 'import.meta', 'import-via-setTimeout-string', 'import-text-kept',
  'eval-works', 'Function-constructor-identity', 'kit-error-fs', 'kit-error-router', 'kit-error-http', 'kit-values', 'json-error', 'globals',
  'framework-functions', 'host-call-crafted', 'stack-symbol-name', 'stack-after-replacing-Error', 'prepareStackTrace-frames', 'captureStackTrace',
  'depth-stack', 'depth-kit', 'depth-eval', 'depth-import', 'AggregateError', 'error-cause', 'structuredClone', 'FinalizationRegistry', 'WeakRef',
  'SharedArrayBuffer', 'Reflect', 'WebAssembly', 'entry-locked'];

let project: string;
let home: string;
let tmp: string;
const env = () => ({ HMOS_HOME: home, TMPDIR: tmp });

/** What an escaped probe would have left behind: the secrets in the output, files written into HMOS_HOME. */
function expectNoHostAccess(output: string): void {
  const passwd = fs.readFileSync('/etc/passwd', 'utf8').split('\n')[0];
  const key = fs.readFileSync(path.join(home, 'keys', 'developer.key'), 'utf8').slice(0, 40);
  expect(output).not.toContain(passwd);
  expect(output).not.toContain(key);
  expect(output).not.toMatch(/ESCAPE/);
  expect(fs.readdirSync(home).filter((n) => n.startsWith('ESCAPED'))).toEqual([]);
}

beforeAll(async () => {
  project = copyFixture('security/hostile-app');
  home = tempDir('hmos-home-');
  tmp = tempDir('hmos-tmp-');
  const built = await runHmos(['build', project], { env: env() });
  expect(built.exitCode, built.stderr).toBe(0);
}, 120_000);

describe('hmos preview of a hostile project', () => {
  it('no probe reaches the host; code from strings still works; the temp folder is gone', async () => {
    const r = await runHmos(['preview', project], { env: env() });
    expect(r.exitCode, r.stderr).toBe(0);
    const results = new Map([...r.stdout.matchAll(/Text "([\w.-]+): ([^"]*)"/g)].map((m) => [m[1], m[2]]));
    for (const probe of PROBES) expect([probe, results.get(probe)]).toEqual([probe, expect.stringMatching(/^(safe|ok|absent|registered)$/)]);
    expectNoHostAccess(r.stdout + r.stderr);
    expect(fs.readdirSync(tmp).filter((n) => n.startsWith('hmos-preview-'))).toEqual([]);
  }, 60_000);

  it('a click that throws a Proxy with a looping getPrototypeOf crashes the app and does not hang preview (S2)', async () => {
    const r = await runHmos(['preview', project, '--page', 'pages/ThrowProxy', '--do', 'click:text=Throw'], { env: env() });
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/APP_CRASHED: the app crashed during click: Error$/m); // described in the realm, under the watchdog
    expect(r.stdout).toContain('com.example.hostile has stopped');
    expect(fs.readdirSync(tmp).filter((n) => n.startsWith('hmos-preview-'))).toEqual([]);
  }, 60_000);

  it('laying out and drawing the page hands app code no host object (Proxies, replaced array methods in the tree)', async () => {
    const r = await runHmos(['preview', project, '--page', 'pages/Layout', '--format', 'json'], { env: env() });
    expect(r.exitCode, r.stderr).toBe(0);
    expect(r.stdout).toContain('layout-host-objects: 0"');
    expectNoHostAccess(r.stdout + r.stderr);
  }, 60_000);

  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    it(`${signal} ends preview while the app is busy, and removes its temp folder`, async () => {
      const own = tempDir('hmos-tmp-');
      const child = execa(process.execPath, [hmosBin, 'preview', project, '--page', 'pages/Busy'], { env: { NO_COLOR: '1', HMOS_HOME: home, TMPDIR: own }, reject: false });
      // The device worker is running the app's endless loop once its temp folder has app data in it.
      for (let i = 0; i < 300 && !fs.readdirSync(own).some((n) => n.startsWith('hmos-preview-') && fs.existsSync(path.join(own, n, 'app'))); i++) {
        await new Promise((r) => setTimeout(r, 20));
      }
      child.kill(signal);
      const r = await child;
      expect(r.exitCode).toBe(signal === 'SIGTERM' ? 143 : 130);
      expect(fs.readdirSync(own)).toEqual([]);
    }, 60_000);
  }
});
