// Generates a large ArkTS app for the build benchmark: `pages` pages (each ~5 KB of .ets) plus one model .ts per ten
// pages, and, beside each page, the JavaScript the reference partial-update compiler (ets2bundle) emits for it
// (`emitted/…js`, written out in that compiler's exact shape: see referenceOutput) — the input of the baseline
// "esbuild bundle of the emitted JS".
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
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
    writeFileSync(join(ets, 'pages', `Page${i}.ets`), pageSource(`Page${i}`, `Page ${i}`, m, '../model'));
    list.push(`pages/Page${i}`);
    writeFileSync(join(emitted, `Page${i}.js`), referenceOutput(i, m));
    imports.push(`import './Page${i}.js';`);
  }
  writeFileSync(join(emitted, 'index.js'), imports.join('\n') + '\n');
  writeFileSync(join(dir, 'entry/src/main/resources/base/profile/main_pages.json'), JSON.stringify({ src: list }, null, 1));
  return { pagesDir: join(ets, 'pages'), emitted };
}

/**
 * A struct of ~5 KB of .ets: a title, 12 rows of text and buttons, an if/else and a ForEach over a model. A page
 * (`@Entry`) or an exported component (`@Prop title`, `@BuilderParam content` rendered last); `uses` are components
 * it renders, each with a trailing closure.
 */
function pageSource(cls, title, m, modelDir, { component = false, uses = [], imports = [] } = {}) {
  {
    const i = title;
    const rows = [];
    for (let r = 0; r < 12; r++) {
      rows.push(`      Row({ space: 4 }) {\n        Text('Row ${r} of page ${i}: ' + this.count)\n          .fontSize(${12 + (r % 6)})\n          .fontColor(this.count % 2 === 0 ? '#333333' : '#0A59F7')\n        Button('+${r}')\n          .onClick(() => {\n            this.count += ${r + 1}\n          })\n      }\n      .width('100%')\n      .padding(4)`);
    }
    const head = component
      ? `@Component\nexport struct ${cls} {\n  @Prop title: string = '${i}'\n  @BuilderParam content: () => void\n  @State count: number = 0\n  @State items: Item${m}[] = items${m}(5)\n`
      : `@Entry\n@Component\nstruct ${cls} {\n  @State count: number = 0\n  @State items: Item${m}[] = items${m}(5)\n  @State title: string = '${i}'\n`;
    const used = uses.map((u) => `      ${u}({ title: 'in ${cls}' }) {\n        Text('given by ${cls}')\n      }`).join('\n');
    return `${imports.join('\n')}${imports.length ? '\n' : ''}import { items${m}, Item${m} } from '${modelDir}/Model${m}';\n\n${head}\n  build() {\n    Column({ space: 8 }) {\n      Text(this.title)\n        .fontSize(24)\n        .fontWeight(FontWeight.Bold)\n${rows.join('\n')}\n      if (this.count > 10) {\n        Text('big')\n      } else {\n        Text('small')\n      }\n      ForEach(this.items, (item: Item${m}) => {\n        Text(item.title)\n          .decoration({ type: item.done ? TextDecorationType.LineThrough : TextDecorationType.None })\n      }, (item: Item${m}) => item.id.toString())\n${used}${used ? '\n' : ''}${component ? '      this.content()\n' : ''}    }\n    .width('100%')\n    .height('100%')\n  }\n}\n`;
  }
}

const modelSource = (m) => `export interface Item${m} { id: number; title: string; done: boolean }\n`
  + `export function items${m}(n: number): Item${m}[] {\n  const out: Item${m}[] = [];\n  for (let i = 0; i < n; i++) out.push({ id: i, title: 'Item ' + i, done: i % 3 === 0 });\n  return out;\n}\n`;

/**
 * A modern multi-module app as today's projects lay it out: `products/phone` (the entry), `commons/lib<i>` HARs (each
 * depending on the one before, its components rendering one of that HAR's), `features/feat<j>` HSPs (pages and
 * components, over two HARs), every package with its own oh-package.json5 wired with `file:` dependencies and
 * Index.ets re-exports; `ets` .ets files in all. Beside each struct, the JavaScript the reference compiler emits for it
 * (`emitted/<module>/…js` plus an `index.js` per built module: the baseline bundles those).
 */
export function generateMultiModuleApp(dir, { hars = 13, hsps = 6, ets = 400 } = {}) {
  const fixture = join(root, 'test/fixtures/build/v2-app');
  cpSync(join(fixture, 'AppScope'), join(dir, 'AppScope'), { recursive: true });
  writeFileSync(join(dir, 'oh-package.json5'), JSON.stringify({ modelVersion: '5.0.0', dependencies: {} }));
  const perHar = 15;
  const perHsp = 20;
  const entryPages = ets - hars * (perHar + 1) - hsps * (perHsp + 1) - 1;
  const modules = [];
  const etsFiles = [];
  // HAR components a built module pulls in: importing lib<h> evaluates its Index.ets, so every component of lib<h>
  // and — through L<h>C0, which imports lib<h-1> — of every HAR below it; compiled into the module, as the reference does.
  const used = new Set();
  const usedComponents = (cls) => {
    const h = Number(/^L(\d+)C/.exec(cls)[1]);
    const all = [];
    for (let k = 0; k <= h; k++) for (let c = 0; c < perHar; c++) all.push(`L${k}C${c}`);
    return all;
  };
  const componentReference = (cls) => {
    const [, h, c] = /^L(\d+)C(\d+)$/.exec(cls).map(Number);
    return referenceFor(cls, `lib${h} component ${c}`, c % 2, { model: `../../commons/lib${h}/src/main/ets/model/Model${c % 2}` });
  };
  const bundles = [];
  const write = (file, text) => {
    mkdirSync(join(file, '..'), { recursive: true });
    writeFileSync(file, text);
    if (file.endsWith('.ets')) etsFiles.push(file);
  };
  const resources = (mdir, name) => {
    write(join(mdir, 'src/main/resources/base/element/string.json'), JSON.stringify({ string: [{ name: `${name}_desc`, value: `module ${name}` }] }));
  };
  const models = (etsDir, n) => {
    for (let m = 0; m < n; m++) write(join(etsDir, 'model', `Model${m}.ts`), modelSource(m));
  };
  // HARs
  for (let h = 0; h < hars; h++) {
    const name = `lib${h}`;
    const mdir = join(dir, 'commons', name);
    modules.push({ name, srcPath: `./commons/${name}` });
    write(join(mdir, 'oh-package.json5'), JSON.stringify({ name, version: '1.0.0', main: 'Index.ets', dependencies: h > 0 ? { [`lib${h - 1}`]: `file:../lib${h - 1}` } : {} }, null, 1));
    write(join(mdir, 'src/main/module.json5'), JSON.stringify({ module: { name, type: 'har', deviceTypes: ['phone'] } }, null, 1));
    resources(mdir, name);
    const etsDir = join(mdir, 'src/main/ets');
    models(etsDir, 2);
    const exports = [];
    for (let c = 0; c < perHar; c++) {
      const cls = `L${h}C${c}`;
      const uses = h > 0 && c === 0 ? [`L${h - 1}C1`] : [];
      write(join(etsDir, 'components', `${cls}.ets`), pageSource(cls, `${name} component ${c}`, c % 2, '../model', { component: true, uses, imports: uses.length ? [`import { ${uses[0]} } from 'lib${h - 1}';`] : [] }));
      exports.push(`export { ${cls} } from './src/main/ets/components/${cls}';`);
    }
    write(join(mdir, 'Index.ets'), exports.join('\n') + '\n');
  }
  // HSPs
  const hspNames = [];
  for (let f = 0; f < hsps; f++) {
    const name = `feat${f}`;
    hspNames.push(name);
    const mdir = join(dir, 'features', name);
    modules.push({ name, srcPath: `./features/${name}` });
    const libA = `lib${(2 * f) % hars}`;
    const libB = `lib${(2 * f + 1) % hars}`;
    write(join(mdir, 'oh-package.json5'), JSON.stringify({ name, version: '1.0.0', main: 'Index.ets', dependencies: { [libA]: `file:../../commons/${libA}`, [libB]: `file:../../commons/${libB}` } }, null, 1));
    write(join(mdir, 'src/main/module.json5'), JSON.stringify({ module: { name, type: 'shared', deviceTypes: ['phone'], deliveryWithInstall: true, pages: '$profile:main_pages' } }, null, 1));
    resources(mdir, name);
    const etsDir = join(mdir, 'src/main/ets');
    models(etsDir, 2);
    const pages = [];
    const emitted = [];
    for (let p = 0; p < perHsp; p++) {
      const cls = `F${f}P${p}`;
      const uses = p % 2 === 0 ? [`${libA.replace('lib', 'L')}C${p % perHar}`] : [`${libB.replace('lib', 'L')}C${p % perHar}`];
      const from = p % 2 === 0 ? libA : libB;
      write(join(etsDir, 'pages', `${cls}.ets`), pageSource(cls, `${name} page ${p}`, p % 2, '../model', { uses, imports: [`import { ${uses[0]} } from '${from}';`] }));
      pages.push(`pages/${cls}`);
      emitted.push(referenceFor(cls, `${name} page ${p}`, p % 2, { model: `../../features/${name}/src/main/ets/model/Model${p % 2}`, pagePath: `pages/${cls}`, pageFullPath: `features/${name}/src/main/ets/pages/${cls}`, moduleName: name }));
      usedComponents(uses[0]).forEach((u) => used.add(u));
    }
    for (const u of used) emitted.push(componentReference(u));
    used.clear();
    write(join(mdir, 'src/main/resources/base/profile/main_pages.json'), JSON.stringify({ src: pages }));
    write(join(mdir, 'Index.ets'), `export { F${f}P0 as Feature${f}Home } from './src/main/ets/pages/F${f}P0';\n`);
    bundles.push({ name, files: emitted });
  }
  // the entry
  const mdir = join(dir, 'products/phone');
  modules.unshift({ name: 'phone', srcPath: './products/phone' });
  write(join(mdir, 'oh-package.json5'), JSON.stringify({ name: 'phone', version: '1.0.0', dependencies: Object.fromEntries([...hspNames.map((n) => [n, `file:../../features/${n}`]), [`lib${hars - 1}`, `file:../../commons/lib${hars - 1}`]]) }, null, 1));
  write(join(mdir, 'src/main/module.json5'), readFileSync(join(fixture, 'entry/src/main/module.json5'), 'utf8').replace("name: 'entry'", "name: 'phone'"));
  cpSync(join(fixture, 'entry/src/main/resources'), join(mdir, 'src/main/resources'), { recursive: true });
  const etsDir = join(mdir, 'src/main/ets');
  write(join(etsDir, 'entryability/EntryAbility.ets'), readFileSync(join(fixture, 'entry/src/main/ets/entryability/EntryAbility.ets'), 'utf8'));
  models(etsDir, 2);
  const pages = [];
  const emitted = [];
  for (let p = 0; p < entryPages; p++) {
    const cls = `Home${p}`;
    const uses = [`L${hars - 1}C${p % perHar}`];
    write(join(etsDir, 'pages', `${cls}.ets`), pageSource(cls, `home page ${p}`, p % 2, '../model', { uses, imports: [`import { ${uses[0]} } from 'lib${hars - 1}';`] }));
    pages.push(`pages/${cls}`);
    emitted.push(referenceFor(cls, `home page ${p}`, p % 2, { model: `../../products/phone/src/main/ets/model/Model${p % 2}`, pagePath: `pages/${cls}`, pageFullPath: `products/phone/src/main/ets/pages/${cls}`, moduleName: 'phone' }));
    usedComponents(uses[0]).forEach((u) => used.add(u));
  }
  for (const u of used) emitted.push(componentReference(u));
  write(join(mdir, 'src/main/resources/base/profile/main_pages.json'), JSON.stringify({ src: pages }));
  bundles.unshift({ name: 'phone', files: emitted });
  writeFileSync(join(dir, 'build-profile.json5'), JSON.stringify({ app: { products: [{ name: 'default', compatibleSdkVersion: '5.0.0(12)', runtimeOS: 'HarmonyOS' }] }, modules }, null, 1));
  // The reference's output of each built module's pages (the HAR components it pulls in are written beside them).
  const emittedRoot = join(dir, 'emitted');
  const entries = [];
  for (const b of bundles) {
    const bdir = join(emittedRoot, b.name);
    const lines = b.files.map((text, i) => {
      writeFileSync(join(mkdirp(bdir), `s${i}.js`), text.replace(/from '\.\.\/\.\.\//, "from '../../"));
      return `import './s${i}.js';`;
    });
    writeFileSync(join(bdir, 'index.js'), lines.join('\n') + '\n');
    entries.push(join(bdir, 'index.js'));
  }
  return { etsFiles, entries, modules: modules.length };
}

function mkdirp(d) {
  mkdirSync(d, { recursive: true });
  return d;
}

/**
 * What ets2bundle emits for Page<i> (shape as in its own expected outputs, e.g. utForPartialUpdate/…/foreach.js.sample
 * and if.js.sample): the state-variable members every @Component gets, initialRender with every component of the
 * page — the title, the 12 rows, the if/else and the ForEach — then rerender, getEntryName and the route registration.
 * No source map: the baseline bundles plain JavaScript.
 */
function referenceOutput(i, m) {
  return referenceFor(`Page${i}`, `Page ${i}`, m, { model: `../entry/src/main/ets/model/Model${m}`, pagePath: `pages/Page${i}`, pageFullPath: `entry/src/main/ets/pages/Page${i}` });
}

/** The same output for any struct with that body: a page (with its route) or a component. */
function referenceFor(cls, title, m, { model, pagePath, pageFullPath, moduleName = 'entry' }) {
  const i = title;
  const occ = (lines, comp) => [`this.observeComponentCreation2((elmtId, isInitialRender) => {`, ...lines.map((l) => '    ' + l), `}, ${comp});`];
  const body = [];
  body.push(...occ([`Column.create({ space: 8 });`, `Column.width('100%');`, `Column.height('100%');`], 'Column'));
  body.push(...occ([`Text.create(this.title);`, `Text.fontSize(24);`, `Text.fontWeight(FontWeight.Bold);`], 'Text'), 'Text.pop();');
  for (let r = 0; r < 12; r++) {
    body.push(...occ([`Row.create({ space: 4 });`, `Row.width('100%');`, `Row.padding(4);`], 'Row'));
    body.push(...occ([`Text.create('Row ${r} of ${i}: ' + this.count);`, `Text.fontSize(${12 + (r % 6)});`, `Text.fontColor(this.count % 2 === 0 ? '#333333' : '#0A59F7');`], 'Text'), 'Text.pop();');
    body.push(...occ([`Button.createWithLabel('+${r}');`, `Button.onClick(() => {`, `    this.count += ${r + 1};`, `});`], 'Button'), 'Button.pop();', 'Row.pop();');
  }
  const branch = (n, text) => [`this.ifElseBranchUpdateFunction(${n}, () => {`, ...occ([`Text.create('${text}');`], 'Text').map((l) => '    ' + l), `    Text.pop();`, `});`];
  body.push(...occ(['If.create();', 'if (this.count > 10) {', ...branch(0, 'big').map((l) => '    ' + l), '}', 'else {', ...branch(1, 'small').map((l) => '    ' + l), '}'], 'If'), 'If.pop();');
  body.push(...occ(['ForEach.create();', 'const forEachItemGenFunction = _item => {', '    const item = _item;',
    ...occ([`Text.create(item.title);`, `Text.decoration({ type: item.done ? TextDecorationType.LineThrough : TextDecorationType.None });`], 'Text').map((l) => '    ' + l),
    '    Text.pop();', '};', `this.forEachUpdateFunction(elmtId, this.items, forEachItemGenFunction, (item) => item.id.toString(), false, false);`], 'ForEach'), 'ForEach.pop();');
  body.push('Column.pop();');
  const state = [['count', 'ObservedPropertySimplePU', '0'], ['items', 'ObservedPropertyObjectPU', `items${m}(5)`], ['title', 'ObservedPropertySimplePU', `'${i}'`]];
  return [
    `if (!("finalizeConstruction" in ViewPU.prototype)) {`,
    `    Reflect.set(ViewPU.prototype, "finalizeConstruction", () => { });`,
    `}`,
    `import { items${m} } from '${model}';`,
    `${pagePath ? '' : 'export '}class ${cls} extends ViewPU {`,
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
    ...(pagePath ? [`    static getEntryName() {`, `        return "${cls}";`, `    }`] : []),
    `}`,
    ...(pagePath ? [`registerNamedRoute(() => new ${cls}(undefined, {}), "", { bundleName: "com.example.v2app", moduleName: "${moduleName}", pagePath: "${pagePath}", pageFullPath: "${pageFullPath}", integratedHsp: "false", moduleType: "followWithHap" });`] : []),
    '',
  ].join('\n');
}
