// Generates a large ArkTS app for the build benchmark: `pages` pages (each ~5 KB of .ets) plus one model .ts per ten
// pages, and, beside each page, the JavaScript a partial-update compiler emits for it (`emitted/…js`) — the input of
// the baseline "esbuild bundle of the emitted JS".
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
    const body = [];
    body.push(`this.observeComponentCreation2((elmtId, isInitialRender) => { Column.create({ space: 8 }); Column.width('100%'); Column.height('100%'); }, Column);`);
    body.push(`this.observeComponentCreation2((elmtId, isInitialRender) => { Text.create(this.title); Text.fontSize(24); Text.fontWeight(FontWeight.Bold); }, Text); Text.pop();`);
    for (let r = 0; r < 12; r++) {
      body.push(`this.observeComponentCreation2((elmtId, isInitialRender) => { Row.create({ space: 4 }); Row.width('100%'); Row.padding(4); }, Row);\n`
        + `this.observeComponentCreation2((elmtId, isInitialRender) => { Text.create('Row ${r} of page ${i}: ' + this.count); Text.fontSize(${12 + (r % 6)}); Text.fontColor(this.count % 2 === 0 ? '#333333' : '#0A59F7'); }, Text); Text.pop();\n`
        + `this.observeComponentCreation2((elmtId, isInitialRender) => { Button.createWithLabel('+${r}'); Button.onClick(() => { this.count += ${r + 1}; }); }, Button); Button.pop(); Row.pop();`);
    }
    body.push(`Column.pop();`);
    writeFileSync(join(emitted, `Page${i}.js`), `import { items${m} } from '../entry/src/main/ets/model/Model${m}';\n`
      + `class Page${i} extends ViewPU {\n  constructor(parent, params, storage, elmtId = -1) {\n    super(parent, storage, elmtId);\n    this.__count = new ObservedPropertySimplePU(0, this, 'count');\n    this.__items = new ObservedPropertyObjectPU(items${m}(5), this, 'items');\n    this.__title = new ObservedPropertySimplePU('Page ${i}', this, 'title');\n    this.finalizeConstruction();\n  }\n`
      + `  get count() { return this.__count.get(); }\n  set count(v) { this.__count.set(v); }\n  get title() { return this.__title.get(); }\n  initialRender() {\n    ${body.join('\n    ')}\n  }\n  rerender() { this.updateDirtyElements(); }\n}\n`
      + `registerNamedRoute(() => new Page${i}(undefined, {}), '', { bundleName: 'com.example.v2app', moduleName: 'entry', pagePath: 'pages/Page${i}', pageFullPath: 'entry/src/main/ets/pages/Page${i}', integratedHsp: 'false', moduleType: 'followWithHap' });\n`);
    imports.push(`import './Page${i}.js';`);
  }
  writeFileSync(join(emitted, 'index.js'), imports.join('\n') + '\n');
  writeFileSync(join(dir, 'entry/src/main/resources/base/profile/main_pages.json'), JSON.stringify({ src: list }, null, 1));
  return { pagesDir: join(ets, 'pages'), emitted };
}
