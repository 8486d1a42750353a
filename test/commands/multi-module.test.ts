import { describe, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { unzipSync } from 'fflate';
import { join } from 'node:path';
import * as tar from 'tar';
import { runHmos, tempDir } from '../helpers/cli.js';
import { copyFixture } from '../helpers/fixture.js';
import { startTestHost } from '../helpers/device-host.js';

// A modern multi-module project (issue 13's "done when"): an entry under products/, two HARs (ui depends on base, which
// the entry does not declare; a deep import; a component with a @BuilderParam used with a trailing closure), an HSP with
// its own resources and a page, an atomic-service bundle name and resources whose names start with a digit.
const project = copyFixture('build/multi-module');
const home = tempDir('hmos-multi-home-');
const hmos = (...args: string[]) => runHmos(args, { env: { HMOS_HOME: home } });
const out = (module: string, file: string) => join(project, module, 'build/default/outputs/default', file);

describe('a multi-module project (entry, HARs, an HSP)', () => {
  it('builds a HAP and an HSP, packs a HAR on request, previews (the HSP loaded at run time, its page by URL, route tables by name), deploys the HAP with its HSP and runs in hmos emulate', async () => {
    const build = await hmos('build', project);
    expect(build.stderr).toBe('');
    expect(build.exitCode).toBe(0);
    expect(existsSync(out('products/phone', 'phone-default-signed.hap'))).toBe(true);
    expect(existsSync(out('features/profile', 'profile-default-signed.hsp'))).toBe(true);

    const har = await hmos('build', project, '--module', 'ui');
    expect(har.exitCode).toBe(0);
    const entries: string[] = [];
    tar.t({ sync: true, file: out('commons/ui', 'ui.har'), onReadEntry: (e) => { entries.push(e.path); } });
    expect(entries).toEqual(expect.arrayContaining(['package/oh-package.json5', 'package/Index.ets', 'package/src/main/ets/components/Card.ets', 'package/src/main/resources/base/element/string.json']));
    expect(entries.some((e) => e.includes('/build/'))).toBe(false);

    // The HSP's code is in its .hsp only: the entry loads it at run time (once per app), it is not compiled in.
    const entryBundle = unzipSync(readFileSync(out('products/phone', 'phone-default-signed.hap')), { filter: (f) => f.name === 'ets/bundle.js' })['ets/bundle.js']!;
    expect(Buffer.from(entryBundle).toString('utf8')).not.toContain('class ProfileBanner');
    // …and its module.json lists the HSP as a dependency, as the reference's does.
    const moduleJson = unzipSync(readFileSync(out('products/phone', 'phone-default-signed.hap')), { filter: (f) => f.name === 'module.json' })['module.json']!;
    expect(JSON.parse(Buffer.from(moduleJson).toString('utf8')).module.dependencies).toEqual([{ moduleName: 'profile' }]);

    // hmos test: the instrumented tests import the HSP, which is built and installed with the test HAP (an app pack).
    const tested = await hmos('test', project);
    expect(tested.exitCode, tested.stdout + tested.stderr).toBe(0);
    expect(tested.stdout).toMatch(/1 passed, 0 failed/);

    const preview = await hmos('preview', project, '--do', 'click:text=Tap', '--do', 'click:text=Details');
    expect(preview.exitCode).toBe(0);
    expect(preview.stdout).toContain('Text "[base] CARD"'); // the HAR's component, its title from the other HAR
    expect(preview.stdout).toContain('Text "Tapped 1"'); // the trailing closure went to its @BuilderParam
    expect(preview.stdout).toContain('Text "Profile from the HSP"'); // the HSP's own string resource
    // one name, two modules: each module's code reads its own resource table
    expect(preview.stdout).toContain('Text "Hello from the entry"');
    expect(preview.stdout).toContain('Text "Hello from the HSP"');
    // pushPathByName: a destination of the HSP's route table (routerMap; its @Builder is not exported)…
    expect(preview.stdout).toContain('Text "Detail from the HSP route table"');
    // …and of the entry's own
    expect((await hmos('preview', project, '--do', 'click:text=About')).stdout).toContain('Text "About (About)"');

    // The HSP's page opens by its @bundle: URL; the state the entry changed through its import is the page's own.
    const page = await hmos('preview', project, '--do', 'click:text=Open profile');
    expect(page.exitCode).toBe(0);
    expect(page.stdout).toContain('@bundle:com.atomicservice.5765880207854649689/profile/ets/pages/ProfilePage');
    expect(page.stdout).toContain('Text "Visits 1"');
    expect(page.stdout).toContain('Text "Hello from the HSP"');

    // A crash inside the HSP's code is located in the HSP's .ets, through the HSP's own source map.
    const crash = await hmos('preview', project, '--do', 'click:text=Reset visits');
    expect(crash.stdout).toContain('Text "at features/profile/src/main/ets/model/Visits.ets:11:');
    expect(crash.stderr).toMatch(/^features\/profile\/src\/main\/ets\/model\/Visits\.ets:11:\d+: error APP_CRASHED: the app crashed during click: Error: visits cannot be reset/m);

    // hmos deploy sends the HAP and the HSP together (an app pack); the device host installs both and runs the app.
    const host = await startTestHost(home, ['--devices', 'phone,phone']);
    try {
      const deploy = await hmos('deploy', project, '--device', 'phone-1');
      expect(deploy.exitCode).toBe(0);
      expect((await hmos('input', '--device', 'phone-1', 'click:text=Open profile')).exitCode).toBe(0);
      const shot = join(home, 'deployed.json');
      expect((await hmos('screenshot', '--device', 'phone-1', '--format', 'json', '-o', shot)).exitCode).toBe(0);
      const texts = readFileSync(shot, 'utf8');
      expect(texts).toContain('"Visits 1"');
      expect(texts).toContain('"Hello from the HSP"');
      // A HAP given alone: each device decides, as a real one does — phone-1 has the app's HSP at this version and keeps
      // it (the app still reaches it), phone-2 has nothing and refuses, naming the HSP and --hsp.
      const hapFile = out('products/phone', 'phone-default-signed.hap');
      const alone = await hmos('deploy', '--hap', hapFile, '--device', 'phone-1', '--device', 'phone-2');
      expect(alone.exitCode).toBe(1);
      expect(alone.stdout).toMatch(/phone-1: installed and launched/);
      expect(alone.stdout).toMatch(/phone-2: HSP_REQUIRED: .*loads the HSP profile .*--hsp <file>/);
      expect((await hmos('input', '--device', 'phone-1', 'click:text=Open profile')).exitCode).toBe(0);
      expect((await hmos('screenshot', '--device', 'phone-1', '--format', 'json', '-o', shot)).exitCode).toBe(0);
      expect(readFileSync(shot, 'utf8')).toContain('"Hello from the HSP"');
      const withHsp = await hmos('deploy', '--hap', hapFile, '--hsp', out('features/profile', 'profile-default-signed.hsp'), '--device', 'phone-2', '--no-launch');
      expect(withHsp.exitCode, withHsp.stderr).toBe(0);
    } finally {
      await host.stop();
    }

    const emulate = await hmos('emulate', project);
    expect(emulate.exitCode).toBe(0);
    expect(emulate.stdout).toContain('com.atomicservice.5765880207854649689');
    expect(emulate.stdout).toContain('Profile from the HSP');
    expect(emulate.stdout).toContain('Hello from the HSP');
  }, 180_000); // 15 CLI runs, one after another: ~12 s idle, past 30 s at load 9 (it timed out so once in the merge queue)
});
