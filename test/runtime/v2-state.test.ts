/**
 * State management V2 end to end: the fixture app test/fixtures/v2-state (one page per group of rules) and the
 * scripted cases of its steps.json (see test/helpers/steps.ts). PersistenceV2 is checked across app relaunch, device
 * restart, a corrupt persisted file and a wiped data folder; one case runs through the `hmos preview` CLI and one in
 * `hmos emulate`'s session (real time, the terminal UI's frames).
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { layoutApp, parseAction, performAction } from '../../src/runtime/screen.js';
import { runHmos, tempDir } from '../helpers/cli.js';
import { StepFixture, texts } from '../helpers/steps.js';
import { EmulatorSession } from '../../src/emulator/session/session.js';
import { until } from '../helpers/wait.js';

const fx = new StepFixture('v2-state');
beforeAll(() => fx.build(), 60_000);

describe('state management V2 (fixture app, scripted preview steps)', () => {
  it.each(fx.steps.map((s) => [`${s.page}: ${s.rule}`, s] as const))('%s', (_name, s) => fx.run(s));

  it('PersistenceV2 survives an app relaunch and a device restart; a corrupt file reports to notifyOnError; a wipe clears it', async () => {
    const dataDir = tempDir('hmos-v2-persist-');
    const shown = async (app: ReturnType<typeof fx.launch>) => { await app.settle(); return texts((await layoutApp(app)).root); };
    let app = fx.launch('pages/Storage', { dataDir });
    await app.settle();
    for (const a of ['click:text=louder', 'click:text=global', 'click:text=login']) await performAction(app, parseAction(a));
    expect(await shown(app)).toContain('volume 6 year 2031 pet fido! tags t');
    app.relaunch();
    // Persisted: restored with the nested @Type class (its method works), the Date and the array; AppStorageV2 is memory only.
    expect(await shown(app)).toEqual(expect.arrayContaining(['volume 6 year 2031 pet fido! tags t', 'global 1', 'user guest visits 0']));
    app.stop();
    app = fx.launch('pages/Storage', { dataDir }); // a device restart: a new device on the same data folder
    expect(await shown(app)).toContain('volume 6 year 2031 pet fido! tags t');
    app.stop();
    // The files are in the app's sandbox on the device.
    const dir = join(dataDir, 'apps/com.example.v2state/storage/el2/base/haps/entry/persistence_v2');
    const prefs = `${Buffer.from('Prefs').toString('hex')}.json`;
    expect(readdirSync(dir)).toContain(prefs);
    writeFileSync(join(dir, prefs), '{"format":"hmos-persistence-v2","value":{"volume":');
    app = fx.launch('pages/Storage', { dataDir });
    expect(await shown(app)).toEqual(expect.arrayContaining(['volume 5 year 2020 pet rex! tags ', 'errors Prefs:serialization', 'global 1']));
    expect(app.crash).toBeUndefined();
    app.stop();
    rmSync(dataDir, { recursive: true, force: true }); // what `hmos emulate --wipe` does to a device's data
    app = fx.launch('pages/Storage', { dataDir });
    expect(await shown(app)).toEqual(expect.arrayContaining(['volume 5 year 2020 pet rex! tags ', 'global 0']));
    app.stop();
  });

  it('runs in `hmos emulate` (real time): @Event / @Param / @Once on the entry page', async () => {
    const session = new EmulatorSession({ dir: fx.project, types: ['phone'], home: fx.home, sizeFor: () => ({ cols: 60, rows: 40 }) });
    const screen = (phone: EmulatorSession['devices'][number]) => (phone.surface.frame?.grid ?? []).map((row) => row.map((c) => c.char).join('')).join('\n');
    try {
      await session.start();
      const [phone] = session.devices;
      await until(() => screen(phone).includes('counter 1 start 1'));
      for (const label of ['bump 5', 'parent +1']) {
        const target = phone.surface.frame!.focusables.find((f) => f.text === label)!;
        await phone.surface.click(target.elmtId);
      }
      await until(() => screen(phone).includes('parent 7') && screen(phone).includes('counter 7 start 1'), 30_000);
    } finally { await session.close(); }
  }, 30_000);

  it('runs through `hmos preview --do`', async () => {
    const r = await runHmos(['preview', fx.project, '--page', 'pages/Monitor', '--do', 'click:text=a twice, b once', '--do', 'click:text=size'],
      { env: { HMOS_HOME: fx.home } });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('Text "report a:1->3 b:x->y calls 1"');
    expect(r.stdout).toContain('Text "nested size 1->7"');
  });
});
