/**
 * State management V2 end to end: the fixture app test/fixtures/v2-state (one page per group of rules) is built once,
 * and every scripted case of its steps.json — the `--do` actions `hmos preview` takes, and the texts and logs the
 * screen must show afterwards — runs on a fresh device in virtual time. PersistenceV2 is checked across app relaunch,
 * device restart, a corrupt persisted file and a wiped data folder.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildProject } from '../../src/compiler/build.js';
import { unpackHap, verifyHap } from '../../src/hap/hap.js';
import { createDevice, type App } from '../../src/runtime/device.js';
import { resourceTableFromHap } from '../../src/runtime/hap-resources.js';
import { layoutApp, parseAction, performAction } from '../../src/runtime/screen.js';
import { repoRoot, runHmos, tempDir } from '../helpers/cli.js';
import { copyFixture } from '../helpers/fixture.js';

interface Step { rule: string; page: string; do: string[]; expect: string[]; logs?: string[] }
const steps: Step[] = JSON.parse(readFileSync(join(repoRoot, 'test/fixtures/v2-state/steps.json'), 'utf8'));
const project = copyFixture('v2-state');
const home = tempDir('hmos-v2-home-');
let entries: Map<string, Uint8Array>;

beforeAll(async () => {
  const b = await buildProject(project, { homeDir: home });
  expect(b.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  entries = verifyHap(await unpackHap(readFileSync(b.modules[0].hap!))).entries;
}, 60_000);

const launch = (page: string | undefined, dataDir = tempDir('hmos-v2-data-')): App =>
  createDevice({ profile: 'phone', dataDir, virtualTime: true }).launch({ bundle: entries, page, resources: resourceTableFromHap(entries) });

async function texts(app: App): Promise<string[]> {
  const page = await layoutApp(app);
  const out: string[] = [];
  const walk = (n: { text?: string; children: unknown[] }) => { if (n.text !== undefined) out.push(n.text); (n.children as typeof n[]).forEach(walk); };
  walk(page.root);
  return out;
}

describe('state management V2 (fixture app, scripted preview steps)', () => {
  it.each(steps.map((s) => [`${s.page}: ${s.rule}`, s] as const))('%s', async (_name, s) => {
    const app = launch(s.page);
    await app.settle();
    for (const a of s.do) await performAction(app, parseAction(a));
    expect(app.crash?.message).toBeUndefined();
    const shown = await texts(app);
    for (const e of s.expect) expect(shown).toContain(e);
    const logs = app.logs.map((l) => l.message);
    for (const l of s.logs ?? []) expect(logs.some((m) => m.includes(l)), `log "${l}" in ${JSON.stringify(logs)}`).toBe(true);
    if (s.rule.includes('does not exist')) expect(logs.filter((m) => m.includes('initialize not found')).length).toBe(1);
    app.stop();
  });

  it('PersistenceV2 survives an app relaunch and a device restart; a corrupt file reports to notifyOnError; a wipe clears it', async () => {
    const dataDir = tempDir('hmos-v2-persist-');
    let app = launch('pages/Storage', dataDir);
    await app.settle();
    for (const a of ['click:text=louder', 'click:text=global', 'click:text=login']) await performAction(app, parseAction(a));
    expect(await texts(app)).toContain('volume 6 year 2031 pet fido! tags t');
    app.relaunch();
    await app.settle();
    let shown = await texts(app);
    // Persisted: restored with the nested @Type class (its method works), the Date and the array; AppStorageV2 is memory only.
    expect(shown).toEqual(expect.arrayContaining(['volume 6 year 2031 pet fido! tags t', 'global 1', 'user guest visits 0']));
    app.stop();
    // A device restart: a new device on the same data folder.
    app = launch('pages/Storage', dataDir);
    await app.settle();
    expect(await texts(app)).toContain('volume 6 year 2031 pet fido! tags t');
    app.stop();
    // The files are in the app's sandbox on the device.
    const dir = join(dataDir, 'apps/com.example.v2state/storage/el2/base/haps/entry/persistence_v2');
    const files = readdirSync(dir);
    expect(files).toContain(`${Buffer.from('Prefs').toString('hex')}.json`);
    writeFileSync(join(dir, `${Buffer.from('Prefs').toString('hex')}.json`), '{"format":"hmos-persistence-v2","value":{"volume":');
    app = launch('pages/Storage', dataDir);
    await app.settle();
    shown = await texts(app);
    expect(app.crash).toBeUndefined();
    expect(shown).toEqual(expect.arrayContaining(['volume 5 year 2020 pet rex! tags ', 'errors Prefs:serialization', 'global 1']));
    app.stop();
    rmSync(dataDir, { recursive: true, force: true }); // what `hmos emulate --wipe` does to a device's data
    app = launch('pages/Storage', dataDir);
    await app.settle();
    expect(await texts(app)).toEqual(expect.arrayContaining(['volume 5 year 2020 pet rex! tags ', 'global 0']));
    app.stop();
  });

  it('runs through `hmos preview --do`', async () => {
    const r = await runHmos(['preview', project, '--page', 'pages/Monitor', '--do', 'click:text=a twice, b once', '--do', 'click:text=size'],
      { env: { HMOS_HOME: home } });
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('Text "report a:1->3 b:x->y calls 1"');
    expect(r.stdout).toContain('Text "nested size 1->7"');
  });
});
