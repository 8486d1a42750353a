// Runtime figures: first frame of a small app, a one-field change in a 10,000-row ForEach (partial update vs
// rebuilding the list), and the first frame of a LazyForEach over 1,000,000 items (time and memory).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { figure, root, sample } from './util.mjs';

const { createDevice } = await import(pathToFileURL(path.join(root, 'dist/runtime/device.js')).href);
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
  fs.rmSync(dataDir, { recursive: true, force: true });

  return {
    'runtime first frame (small app, 22 nodes)': figure(firstFrame, 30),
    'runtime 10k-row ForEach: change one field': figure(change, 2, { baseline: figure(rebuild).median, baselineWhat: 'rebuild all 10,000 rows', nodesCreated: created, elementsUpdated: updated }),
    'runtime LazyForEach 1,000,000 items first frame': figure(lazyFrame, 50, { visibleItems: visible, heapMb: Math.round(heapMb * 10) / 10, heapTargetMb: 100 }),
  };
}
