// Generates a large ArkTS app for the build benchmark: `pages` pages (each ~5 KB of .ets) plus one model .ts per ten
// pages, and, beside each page, the JavaScript the reference partial-update compiler (ets2bundle) emits for it
// (`emitted/…js`, written out in that compiler's exact shape: see referenceOutput) — the input of the baseline
// "esbuild bundle of the emitted JS".
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { root } from './util.mjs';

export function generateApp(dir, pages = 200) {
  cpSync(join(root, 'test/fixtures/build/v2-app'), dir, { recursive: true });
  const ets = join(dir, 'entry/src/main/ets');
  const emitted = join(dir, 'emitted');
  mkdirSync(join(ets, 'pages'), { recursive: true });
  mkdirSync(join(ets, 'model'), { recursive: true });
  mkdirSync(emitted, { recursive: true });
  const list = [];
  const imports = [];
  for (let m = 0; m < Math.ceil(pages / 10); m++) {
    writeFileSync(join(ets, 'model', `Model${m}.ts`), `export interface Item${m} { id: number; title: string; done: boolean }\n`
      + `export function items${m}(n: number): Item${m}[] {\n  const out: Item${m}[] = [];\n  for (let i = 0; i < n; i++) out.push({ id: i, title: 'Item ' + i, done: i % 3 === 0 });\n  return out;\n}\n`);
  }
  for (let i = 0; i < pages; i++) {
    const m = Math.floor(i / 10);
    const rows = [];
    for (let r = 0; r < 12; r++) {
      rows.push(`      Row({ space: 4 }) {\n        Text('Row ${r} of page ${i}: ' + this.count)\n          .fontSize(${12 + (r % 6)})\n          .fontColor(this.count % 2 === 0 ? '#333333' : '#0A59F7')\n        Button('+${r}')\n          .onClick(() => {\n            this.count += ${r + 1}\n          })\n      }\n      .width('100%')\n      .padding(4)`);
    }
    const src = `import { items${m}, Item${m} } from '../model/Model${m}';\n\n@Entry\n@Component\nstruct Page${i} {\n  @State count: number = 0\n  @State items: Item${m}[] = items${m}(5)\n  @State title: string = 'Page ${i}'\n\n  build() {\n    Column({ space: 8 }) {\n      Text(this.title)\n        .fontSize(24)\n        .fontWeight(FontWeight.Bold)\n${rows.join('\n')}\n      if (this.count > 10) {\n        Text('big')\n      } else {\n        Text('small')\n      }\n      ForEach(this.items, (item: Item${m}) => {\n        Text(item.title)\n          .decoration({ type: item.done ? TextDecorationType.LineThrough : TextDecorationType.None })\n      }, (item: Item${m}) => item.id.toString())\n    }\n    .width('100%')\n    .height('100%')\n  }\n}\n`;
    writeFileSync(join(ets, 'pages', `Page${i}.ets`), src);
    list.push(`pages/Page${i}`);
    writeFileSync(join(emitted, `Page${i}.js`), referenceOutput(i, m));
    imports.push(`import './Page${i}.js';`);
  }
  writeFileSync(join(emitted, 'index.js'), imports.join('\n') + '\n');
  writeFileSync(join(dir, 'entry/src/main/resources/base/profile/main_pages.json'), JSON.stringify({ src: list }, null, 1));
  return { pagesDir: join(ets, 'pages'), emitted };
}

/**
 * What ets2bundle emits for Page<i> (shape as in its own expected outputs, e.g. utForPartialUpdate/…/foreach.js.sample
 * and if.js.sample): the state-variable members every @Component gets, initialRender with every component of the
 * page — the title, the 12 rows, the if/else and the ForEach — then rerender, getEntryName and the route registration.
 * No source map: the baseline bundles plain JavaScript.
 */
function referenceOutput(i, m) {
  const occ = (lines, comp) => [`this.observeComponentCreation2((elmtId, isInitialRender) => {`, ...lines.map((l) => '    ' + l), `}, ${comp});`];
  const body = [];
  body.push(...occ([`Column.create({ space: 8 });`, `Column.width('100%');`, `Column.height('100%');`], 'Column'));
  body.push(...occ([`Text.create(this.title);`, `Text.fontSize(24);`, `Text.fontWeight(FontWeight.Bold);`], 'Text'), 'Text.pop();');
  for (let r = 0; r < 12; r++) {
    body.push(...occ([`Row.create({ space: 4 });`, `Row.width('100%');`, `Row.padding(4);`], 'Row'));
    body.push(...occ([`Text.create('Row ${r} of page ${i}: ' + this.count);`, `Text.fontSize(${12 + (r % 6)});`, `Text.fontColor(this.count % 2 === 0 ? '#333333' : '#0A59F7');`], 'Text'), 'Text.pop();');
    body.push(...occ([`Button.createWithLabel('+${r}');`, `Button.onClick(() => {`, `    this.count += ${r + 1};`, `});`], 'Button'), 'Button.pop();', 'Row.pop();');
  }
  const branch = (n, text) => [`this.ifElseBranchUpdateFunction(${n}, () => {`, ...occ([`Text.create('${text}');`], 'Text').map((l) => '    ' + l), `    Text.pop();`, `});`];
  body.push(...occ(['If.create();', 'if (this.count > 10) {', ...branch(0, 'big').map((l) => '    ' + l), '}', 'else {', ...branch(1, 'small').map((l) => '    ' + l), '}'], 'If'), 'If.pop();');
  body.push(...occ(['ForEach.create();', 'const forEachItemGenFunction = _item => {', '    const item = _item;',
    ...occ([`Text.create(item.title);`, `Text.decoration({ type: item.done ? TextDecorationType.LineThrough : TextDecorationType.None });`], 'Text').map((l) => '    ' + l),
    '    Text.pop();', '};', `this.forEachUpdateFunction(elmtId, this.items, forEachItemGenFunction, (item) => item.id.toString(), false, false);`], 'ForEach'), 'ForEach.pop();');
  body.push('Column.pop();');
  const state = [['count', 'ObservedPropertySimplePU', '0'], ['items', 'ObservedPropertyObjectPU', `items${m}(5)`], ['title', 'ObservedPropertySimplePU', `'Page ${i}'`]];
  return [
    `if (!("finalizeConstruction" in ViewPU.prototype)) {`,
    `    Reflect.set(ViewPU.prototype, "finalizeConstruction", () => { });`,
    `}`,
    `import { items${m} } from '../entry/src/main/ets/model/Model${m}';`,
    `class Page${i} extends ViewPU {`,
    `    constructor(parent, params, __localStorage, elmtId = -1, paramsLambda = undefined, extraInfo) {`,
    `        super(parent, __localStorage, elmtId, extraInfo);`,
    `        if (typeof paramsLambda === "function") {`,
    `            this.paramsGenerator_ = paramsLambda;`,
    `        }`,
    ...state.map(([n, cls, v]) => `        this.__${n} = new ${cls}(${v}, this, "${n}");`),
    `        this.setInitiallyProvidedValue(params);`,
    `        this.finalizeConstruction();`,
    `    }`,
    `    setInitiallyProvidedValue(params) {`,
    ...state.flatMap(([n]) => [`        if (params.${n} !== undefined) {`, `            this.${n} = params.${n};`, `        }`]),
    `    }`,
    `    updateStateVars(params) {`,
    `    }`,
    `    purgeVariableDependenciesOnElmtId(rmElmtId) {`,
    ...state.map(([n]) => `        this.__${n}.purgeDependencyOnElmtId(rmElmtId);`),
    `    }`,
    `    aboutToBeDeleted() {`,
    ...state.map(([n]) => `        this.__${n}.aboutToBeDeleted();`),
    `        SubscriberManager.Get().delete(this.id__());`,
    `        this.aboutToBeDeletedInternal();`,
    `    }`,
    ...state.flatMap(([n]) => [`    get ${n}() {`, `        return this.__${n}.get();`, `    }`, `    set ${n}(newValue) {`, `        this.__${n}.set(newValue);`, `    }`]),
    `    initialRender() {`,
    ...body.map((l) => '        ' + l),
    `    }`,
    `    rerender() {`,
    `        this.updateDirtyElements();`,
    `    }`,
    `    static getEntryName() {`,
    `        return "Page${i}";`,
    `    }`,
    `}`,
    `registerNamedRoute(() => new Page${i}(undefined, {}), "", { bundleName: "com.example.v2app", moduleName: "entry", pagePath: "pages/Page${i}", pageFullPath: "entry/src/main/ets/pages/Page${i}", integratedHsp: "false", moduleType: "followWithHap" });`,
    '',
  ].join('\n');
}
