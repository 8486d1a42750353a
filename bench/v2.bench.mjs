// State management V2 and animation figures (issue #14):
//  - one @Trace field of one item in a 10,000-item Repeat (target 2 ms, O(1) nodes touched); baseline: the same
//    Repeat re-rendered for a new array of the same items;
//  - PersistenceV2 write-through of one change (target 5 ms); baseline: writing the same JSON with Node's fs directly
//    (write + rename);
//  - input-to-frame in `hmos emulate` while an animateTo of 100 elements over 300 ms runs (target 50 ms); baseline:
//    the same state change without an animation.
import { build } from 'esbuild';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { figure, median, round, root, sample } from './util.mjs';

const { createDevice } = await import(pathToFileURL(path.join(root, 'dist/runtime/device.js')).href);

const DECORATE = 'var __decorate = function (ds, t, k, d) { let r = t; for (let i = ds.length - 1; i >= 0; i--) r = (k === undefined ? ds[i](r) : ds[i](t, k, d)) || r; return r; };\n';
const route = (name) => `registerNamedRoute(() => new ${name}(undefined, {}), "", { bundleName: "b", moduleName: "entry", pagePath: "pages/Index", pageFullPath: "", integratedHsp: "false", moduleType: "followWithHap" });`;

/** A V2 page as the reference compiler emits it: a Column with a Repeat over 10,000 @ObservedV2 items. */
const repeatApp = DECORATE + `
let Item = class Item { constructor(id) { this.id = id; this.name = "item " + id; } };
__decorate([Trace], Item.prototype, "name", void 0);
Item = __decorate([ObservedV2], Item);
class Index extends ViewV2 {
  constructor(p, params, ls, elmtId = -1, pl, ei) { super(p, elmtId, ei); this.items = Array.from({ length: 10000 }, (_, i) => new Item(i)); this.finalizeConstruction(); }
  initialRender() {
    this.observeComponentCreation2(() => { Column.create(); }, Column);
    this.observeComponentCreation2((elmtId, isInitialRender) => {
      Repeat(this.items, this).each((ri) => {
        this.observeComponentCreation2(() => { Text.create(ri.item.name); Text.fontSize(16); }, Text);
        Text.pop();
      }).key((item) => String(item.id)).render(isInitialRender);
    }, Repeat);
    Column.pop();
  }
}
__decorate([Local], Index.prototype, "items", void 0);
${route('Index')}`;

/** A PersistenceV2-connected settings object (a few traced fields and a 100-entry list) and a page showing it. */
const persistApp = DECORATE + `
let Settings = class Settings { constructor() { this.count = 0; this.name = "user"; this.tags = Array.from({ length: 100 }, (_, i) => "tag " + i); this.when = new Date(0); } };
__decorate([Trace], Settings.prototype, "count", void 0);
__decorate([Trace], Settings.prototype, "name", void 0);
__decorate([Trace], Settings.prototype, "tags", void 0);
__decorate([Trace], Settings.prototype, "when", void 0);
Settings = __decorate([ObservedV2], Settings);
globalThis.settings = PersistenceV2.connect(Settings, () => new Settings());
class Index extends ViewV2 {
  constructor(p, params, ls, elmtId = -1, pl, ei) { super(p, elmtId, ei); this.s = globalThis.settings; this.finalizeConstruction(); }
  initialRender() {
    this.observeComponentCreation2(() => { Text.create("count " + this.s.count); }, Text);
    Text.pop();
  }
}
${route('Index')}`;

async function repeatFigures(dataDir) {
  const device = createDevice({ profile: 'phone', dataDir });
  const app = device.launch({ bundle: new Map([['ets/bundle.js', repeatApp]]) });
  if (app.crash) throw new Error(app.crash.message);
  let i = 0;
  let created = 0;
  let updated = 0;
  const change = await sample(() => {
    const ids0 = app.evaluate('__rt.nextId'); const up0 = app.evaluate('__rt.updatedCount');
    i++;
    app.evaluate(`__rt.pages[0].view.items[${(i * 37) % 10000}].name = "changed ${i}"`);
    created = app.evaluate('__rt.nextId') - ids0;
    updated = app.evaluate('__rt.updatedCount') - up0;
  }, { runs: 30, warmup: 3 });
  let gen = 0;
  const rerender = await sample(() => {
    gen++;
    app.evaluate(`__rt.pages[0].view.items = __rt.pages[0].view.items.map((x) => { const n = new x.constructor(x.id + ${gen} * 100000); return n; })`);
  }, { runs: 5, warmup: 1 });
  app.stop();
  return figure(change, 2, { baseline: round(median(rerender)), baselineIs: 're-render the Repeat for a new array of 10,000 items', nodesCreated: created, elementsUpdated: updated });
}

async function persistenceFigures(dataDir) {
  const device = createDevice({ profile: 'phone', dataDir });
  const app = device.launch({ bundle: new Map([['ets/bundle.js', persistApp]]) });
  if (app.crash) throw new Error(app.crash.message);
  const writes = await sample(() => { app.evaluate('globalThis.settings.count++'); }, { runs: 30, warmup: 3 });
  // What was written is on disk (write-through), in the app's sandbox.
  const dir = path.join(dataDir, 'apps/com.example.app/storage/el2/base/haps/entry/persistence_v2');
  const file = path.join(dir, fs.readdirSync(dir).find((f) => f.endsWith('.json')));
  const text = fs.readFileSync(file, 'utf8');
  if (!text.includes(`"count":${33}`)) throw new Error(`write-through did not reach the file: ${text.slice(0, 80)}`);
  const raw = await sample(() => {
    const tmp = `${file}.bench-tmp`;
    fs.writeFileSync(tmp, text);
    fs.renameSync(tmp, `${file}.bench`);
  }, { runs: 30, warmup: 3 });
  app.stop();
  return figure(writes, 5, { baseline: round(median(raw)), baselineIs: 'writing the same JSON with fs.writeFileSync + rename from Node' });
}

/** The emulate session from src/ (not an entry point of dist/), as emulate.bench.mjs loads it. */
async function loadSession() {
  const out = fs.mkdtempSync(path.join(root, 'node_modules', '.hmos-v2-bench-'));
  await build({
    absWorkingDir: root, entryPoints: { session: 'src/emulator/session/session.ts' }, outdir: out, bundle: true, splitting: true,
    format: 'esm', platform: 'node', target: 'node20', packages: 'external', logLevel: 'warning',
  });
  return { out, ...(await import(pathToFileURL(path.join(out, 'session.js')).href)) };
}

/** A project whose page has 100 boxes and buttons that change all their widths with and without animateTo. */
function animationProject() {
  const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'hmos-v2-bench-')), 'boxes');
  fs.cpSync(path.join(root, 'test/fixtures/build/v2-app'), dir, { recursive: true });
  fs.rmSync(path.join(dir, 'entry/build'), { recursive: true, force: true });
  fs.writeFileSync(path.join(dir, 'entry/src/main/ets/pages/Index.ets'), `
@Entry
@ComponentV2
struct Index {
  @Local wide: boolean = false;
  @Local ids: number[] = Array.from<number, number>({ length: 100 }, (_: number, i: number) => i);
  build() {
    Column() {
      Button('animate').onClick(() => { this.getUIContext().animateTo({ duration: 300 }, () => { this.wide = !this.wide; }); })
      Button('plain').onClick(() => { this.wide = !this.wide; })
      ForEach(this.ids, (i: number) => { Row().width(this.wide ? 200 : 20 + i).height(2).backgroundColor('#ff0a59f7') }, (i: number) => String(i))
    }
  }
}
`);
  return dir;
}

async function inputToFrameFigures(home) {
  const m = await loadSession();
  const session = new m.EmulatorSession({ dir: animationProject(), types: ['phone'], home, sizeFor: () => ({ cols: 80, rows: 60 }) });
  try {
    await session.start();
    const [phone] = session.devices;
    const end = Date.now() + 60_000;
    while (!phone.surface.frame?.focusables.some((f) => f.text === 'animate')) {
      if (Date.now() > end) throw new Error('the app did not start');
      await new Promise((r) => setTimeout(r, 5));
    }
    const id = (text) => phone.surface.frame.focusables.find((f) => f.text === text).elmtId;
    const measure = async (button, runs, gapMs) => {
      const out = [];
      for (let i = 0; i < runs + 2; i++) {
        const t0 = performance.now();
        const frame = phone.surface.nextFrame();
        await phone.surface.click(id(button));
        await frame;
        if (i >= 2) out.push(performance.now() - t0);
        // the next input lands while the animation (300 ms) still runs
        await new Promise((r) => setTimeout(r, gapMs));
      }
      return out;
    };
    const animated = await measure('animate', 15, 120);
    const plain = await measure('plain', 15, 120);
    return figure(animated, 50, { baseline: round(median(plain)), baselineIs: 'the same change without animation' });
  } finally {
    await session.close();
    fs.rmSync(m.out, { recursive: true, force: true });
  }
}

export async function bench() {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hmos-bench-v2-'));
  try {
    return {
      'V2 10k-item Repeat: change one @Trace field of one item': await repeatFigures(path.join(dataDir, 'repeat')),
      'PersistenceV2 write-through of one change': await persistenceFigures(path.join(dataDir, 'persist')),
      'emulate input-to-frame during an animateTo of 100 elements over 300 ms': await inputToFrameFigures(path.join(dataDir, 'home')),
    };
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}
