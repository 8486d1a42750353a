// Runtime figures: first frame of a small app, a one-field change in a 10,000-row ForEach (partial update vs
// rebuilding the list), the first frame of a LazyForEach over 1,000,000 items (time and memory), and what copying the
// UI tree out of the app's realm costs a laid-out frame (launch, and a click on a 1,000-node page; docs/security.md).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { figure, root, round, sample } from './util.mjs';

const { createDevice } = await import(pathToFileURL(path.join(root, 'dist/runtime/device.js')).href);
const { layoutApp } = await import(pathToFileURL(path.join(root, 'dist/runtime/screen.js')).href);
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hmos-bench-runtime-'));
const device = createDevice({ profile: 'phone', dataDir });
const launch = (code) => device.launch({ bundle: new Map([['ets/bundle.js', code]]) });

const DECORATE = 'var __decorate = function (ds, t, k, d) { let r = t; for (let i = ds.length - 1; i >= 0; i--) r = (k === undefined ? ds[i](r) : ds[i](t, k, d)) || r; return r; };\n';
const route = (name) => `registerNamedRoute(() => new ${name}(undefined, {}), "", { bundleName: "b", moduleName: "entry", pagePath: "pages/Index", pageFullPath: "", integratedHsp: "false", moduleType: "followWithHap" });`;
const text = (expr) => `this.observeComponentCreation2((elmtId, isInitialRender) => { Text.create(${expr}); Text.fontSize(16); }, Text); Text.pop();`;

const small = `class Index extends ViewPU {
  constructor(p, params, ls, elmtId = -1, pl, ei) { super(p, ls, elmtId, ei); this.__count = new ObservedPropertySimplePU(0, this, "count"); this.finalizeConstruction(); }
  get count() { return this.__count.get(); } set count(v) { this.__count.set(v); }
  initialRender() {
    this.observeComponentCreation2(() => { Column.create({ space: 8 }); Column.width("100%"); }, Column);
    ${text('"Hello " + this.count')}
    for (let i = 0; i < 20; i++) { ${text('"row " + i')} }
    this.observeComponentCreation2(() => { Button.createWithLabel("+1"); Button.onClick(() => { this.count++; }); }, Button); Button.pop();
    Column.pop();
  }
}
${route('Index')}`;

const rows = (keyPrefix) => DECORATE + `
let Row_ = class Row_ { constructor(id) { this.id = id; this.name = "row " + id; } };
__decorate([Trace], Row_.prototype, "name", void 0);
Row_ = __decorate([ObservedV2], Row_);
class Index extends ViewV2 {
  constructor(p, params, ls, elmtId = -1, pl, ei) { super(p, elmtId, ei); this.items = Array.from({ length: 10000 }, (_, i) => new Row_(i)); this.finalizeConstruction(); }
  initialRender() {
    this.observeComponentCreation2(() => { List.create(); }, List);
    this.observeComponentCreation2((elmtId) => {
      ForEach.create();
      const gen = (item) => {
        this.observeComponentCreation2(() => { ListItem.create(() => {}, false); }, ListItem);
        ${text('item.name')}
        ListItem.pop();
      };
      this.forEachUpdateFunction(elmtId, this.items, gen, (item) => "${keyPrefix}" + item.id, false, false);
    }, ForEach);
    ForEach.pop();
    List.pop();
  }
}
__decorate([Local], Index.prototype, "items", void 0);
${route('Index')}`;

const lazy = `class Source {
  totalCount() { return 1000000; } getData(i) { return "item " + i; }
  registerDataChangeListener() {} unregisterDataChangeListener() {}
}
class Index extends ViewPU {
  constructor(p, params, ls, elmtId = -1, pl, ei) { super(p, ls, elmtId, ei); this.data = new Source(); this.finalizeConstruction(); }
  initialRender() {
    this.observeComponentCreation2(() => { List.create(); }, List);
    LazyForEach.create("1", this, this.data, (item) => { this.observeComponentCreation2(() => { ListItem.create(() => {}, false); }, ListItem); ${text('item')} ListItem.pop(); }, (item) => item);
    LazyForEach.pop();
    List.pop();
  }
}
${route('Index')}`;

/** A settings-like page of 1 + 3 × rows + 2 nodes, with a counter the button changes. */
const page = (rows) => `class Index extends ViewPU {
  constructor(p, params, ls, elmtId = -1, pl, ei) { super(p, ls, elmtId, ei); this.__count = new ObservedPropertySimplePU(0, this, "count"); this.finalizeConstruction(); }
  get count() { return this.__count.get(); } set count(v) { this.__count.set(v); }
  initialRender() {
    this.observeComponentCreation2(() => { Column.create({ space: 8 }); Column.width("100%"); }, Column);
    ${text('"Hello " + this.count')}
    for (let i = 0; i < ${rows}; i++) {
      this.observeComponentCreation2(() => { Row.create({ space: 4 }); Row.padding({ left: 16, right: 16 }); }, Row);
      ${text('"Item " + i')} ${text('"A longer description of item " + i')}
      Row.pop();
    }
    this.observeComponentCreation2(() => { Button.createWithLabel("+1"); Button.onClick(() => { this.count++; }); }, Button); Button.pop();
    Column.pop();
  }
}
${route('Index')}`;

/**
 * Launch to first laid-out frame, and a click to its laid-out frame, on a 1,000-node page. Host code lays out a copy of
 * the UI tree the realm writes out as JSON after app code ran (ui-snapshot.ts); the baseline is the same frame without
 * that copy: the click, plus layout of the already-copied tree (what a frame cost when layout read the realm's nodes).
 */
async function frames() {
  const big = page(330);
  const launchFrame = await sample(async () => { const a = launch(big); await layoutApp(a); if (a.crash) throw new Error(a.crash.message); a.stop(); }, { runs: 10, warmup: 2 });
  const launchOnly = await sample(async () => { const a = launch(big); if (a.crash) throw new Error(a.crash.message); a.stop(); }, { runs: 10, warmup: 1 });
  const app = launch(big);
  await layoutApp(app);
  const button = app.find((n) => n.type === 'Button').elmtId;
  const nodes = (function count(n) { return 1 + n.children.reduce((s, c) => s + count(c), 0); })(app.tree());
  const frame = await sample(async () => { app.click(button); await layoutApp(app); }, { runs: 20, warmup: 3 });
  const click = await sample(() => { app.click(button); }, { runs: 20, warmup: 1 });
  const copy = await sample(() => { app.tree(); }, { runs: 20, warmup: 0, before: () => app.evaluate('0') });
  const layoutOnly = await sample(async () => { await layoutApp(app); }, { runs: 20, warmup: 1 });
  if (app.crash) throw new Error(app.crash.message);
  app.stop();
  const copyMs = figure(copy).median;
  return {
    'runtime launch to laid-out first frame (1,000 nodes)': figure(launchFrame, undefined, { nodes, launchWithoutLayoutMs: figure(launchOnly).median }),
    'runtime click to laid-out frame (1,000 nodes)': figure(frame, round(1.1 * (figure(click).median + figure(layoutOnly).median)), {
      baseline: round(figure(click).median + figure(layoutOnly).median), baselineWhat: 'the same frame without copying the tree out of the realm (click + layout)',
      targetWhat: '≤ 1.1 × baseline', treeCopyMs: copyMs, nodes,
    }),
  };
}

export async function bench() {
  const firstFrame = await sample(() => { const app = launch(small); if (app.crash) throw new Error(app.crash.message); app.stop(); }, { runs: 15, warmup: 2 });

  const app = launch(rows('k'));
  let i = 0;
  let created = 0;
  let updated = 0;
  const change = await sample(() => {
    const ids0 = app.evaluate('__rt.nextId'); const up0 = app.evaluate('__rt.updatedCount');
    i++;
    app.evaluate(`__rt.pages[0].view.items[${(i * 37) % 10000}].name = "changed ${i}"`);
    created = app.evaluate('__rt.nextId') - ids0 - 0; updated = app.evaluate('__rt.updatedCount') - up0;
  }, { runs: 30, warmup: 3 });
  let gen = 0;
  const rebuild = await sample(() => { gen++; app.evaluate(`__rt.pages[0].view.items = __rt.pages[0].view.items.map((r) => { const n = new r.constructor(r.id); n.id = r.id + ${gen} * 100000; return n; })`); }, { runs: 5, warmup: 1 });
  app.stop();

  if (globalThis.gc) globalThis.gc();
  const heap0 = process.memoryUsage().heapUsed;
  const lazyFrame = await sample(() => { const a = launch(lazy); if (a.crash) throw new Error(a.crash.message); a.stop(); }, { runs: 10, warmup: 1 });
  const keep = launch(lazy);
  const heapMb = (process.memoryUsage().heapUsed - heap0) / 1048576;
  const visible = keep.tree().children[0].children.length;
  keep.stop();
  const frameFigures = await frames();
  fs.rmSync(dataDir, { recursive: true, force: true });

  return {
    ...frameFigures,
    'runtime first frame (small app, 22 nodes)': figure(firstFrame, 30),
    'runtime 10k-row ForEach: change one field': figure(change, 2, { baseline: figure(rebuild).median, baselineWhat: 'rebuild all 10,000 rows', nodesCreated: created, elementsUpdated: updated }),
    'runtime LazyForEach 1,000,000 items first frame': figure(lazyFrame, 50, { visibleItems: visible, heapMb: Math.round(heapMb * 10) / 10, heapTargetMb: 100 }),
  };
}
