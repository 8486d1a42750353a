import { describe, expect, it } from 'vitest';
import { compiles, errors, fixture, transform } from './helpers.js';

describe('transformEts: build DSL, builders, styles, resources', () => {
  const r = transform(fixture('ui.ets'), { pagePath: 'pages/Gallery' });
  const code = r.code;

  it('compiles without errors and is valid TypeScript', () => {
    expect(errors(r)).toEqual([]);
    compiles(code);
  });

  it('global @Builder takes `parent` and renders on it; calls bind the current view', () => {
    expect(code).toContain('function header(title: string, parent = null) {');
    expect(code).toContain('(parent ? parent : this).observeComponentCreation2(');
    expect(code).toContain(`header.bind(this)('Title');`);
  });

  it('a builder called with one object literal gets it by reference (a parameter proxy)', () => {
    const src = `@Builder function label($$: { text: string }) {\n  Text($$.text)\n}\n@Entry\n@Component\nstruct P {\n  @State msg: string = 'a'\n  build() {\n    Column() {\n      label({ text: this.msg })\n    }\n  }\n}\n`;
    const r2 = transform(src);
    expect(errors(r2)).toEqual([]);
    expect(r2.code).toContain('label.bind(this)(makeBuilderParameterProxy("label", { text: () => (this["__msg"] ? this["__msg"] : this["msg"]) }));');
    compiles(r2.code);
  });

  it('a global @Builder renders if / ForEach on its parent view', () => {
    const r2 = transform(`@Builder function list(xs: number[], on: boolean) {\n  if (on) {\n    ForEach(xs, (x: number) => {\n      Text('' + x)\n    })\n  }\n}\n`);
    expect(errors(r2)).toEqual([]);
    expect(r2.code).toContain('(parent ? parent : this).ifElseBranchUpdateFunction(0, () => {');
    expect(r2.code).toContain('(parent ? parent : this).forEachUpdateFunction(elmtId, xs, forEachItemGenFunction);');
    compiles(r2.code);
  });

  it('@LocalBuilder is bound to its component once', () => {
    expect(code).toContain('this.local = this.local.bind(this);');
    expect(code).toContain('local(parent = null) {');
  });

  it('@Extend / @AnimatableExtend become __Comp__name functions; @Styles are inlined', () => {
    expect(code).toContain('function __Text__big(size: number) {');
    expect(code).toContain('__Text__big(30);');
    expect(code).toContain('anim(100, elmtId, isInitialRender, this);');
    expect(code).toContain('function anim(w: number, elmtId, isInitialRender, parent) {');
    expect(code).toMatch(/Text\.createAnimatableProperty\("anim", w, \(w\) => \{\s+ViewStackProcessor\.StartGetAccessRecordingFor\(elmtId\);/);
    expect(code).toContain('Text.updateAnimatableProperty("anim", w);');
    expect(code).toMatch(/__Text__big\(30\);\s+Text\.padding\(8\);\s+Text\.borderRadius\(4\);/);
    expect(code).not.toContain('function card');
  });

  it('stateStyles switch visual states; builder attributes get { builder }', () => {
    expect(code).toMatch(/ViewStackProcessor\.visualState\("pressed"\);\s+Button\.backgroundColor\(Color\.Gray\);\s+ViewStackProcessor\.visualState\("normal"\);\s+Button\.backgroundColor\(Color\.White\);\s+ViewStackProcessor\.visualState\(\);/);
    expect(code).toContain('Button.bindMenu({ builder: this.menu.bind(this) });');
  });

  it('Button with children is createWithChild; atomic components are not popped', () => {
    expect(code).toContain('Button.createWithChild();');
    expect(code).not.toContain('Image.pop()');
    expect(code).not.toContain('Divider.pop()');
    expect(code).toContain('Blank.pop();');
  });

  it('$$ two-way binding builds { value, changeEvent }', () => {
    expect(code).toContain('TextInput.create({ text: { value: this.text, changeEvent: newValue => { this.text = newValue; } } });');
    expect(code).toContain('isOn: { value: this.on, changeEvent: newValue => { this.on = newValue; } }');
  });

  it('LazyForEach creates with an id, the view, the source and both functions', () => {
    expect(code).toContain('LazyForEach.create("1", this, this.source, __lazyForEachItemGenFunction, __lazyForEachItemIdFunc);');
    expect(code).toContain('LazyForEach.pop();');
  });

  it('ListItem is created eagerly with the (deepRender, isLazy) signature; TabContent renders its children in a closure', () => {
    expect(code).toContain('ListItem.create(() => { }, false);');
    expect(code).toMatch(/TabContent\.create\(\(\) => \{\s+this\.observeComponentCreation2\(\(elmtId, isInitialRender\) => \{\s+Text\.create\('one'\);[\s\S]*?\}\);\s+TabContent\.tabBar\('One'\);/);
  });

  it('Navigation / NavDestination / XComponent special forms', () => {
    expect(code).toContain('Navigation.create(this.stack, { moduleName: "entry", pagePath: "entry/src/main/ets/pages/Index", isUserCreateStack: true });');
    expect(code).toMatch(/NavDestination\.create\(\(\) => \{\s+this\.observeComponentCreation2/);
    expect(code).toContain('XComponent.create({ id: \'x\', type: XComponentType.SURFACE }, "com.example.app/entry");');
  });

  it('$r / $rawfile become resource objects; unknown names warn and stay resolvable by name', () => {
    expect(code).toContain('Image.create({ id: 16777219, type: 20000, params: [], bundleName: "com.example.app", moduleName: "entry" });');
    expect(code).toContain(`Image.create({ id: 0, type: 30000, params: ['bg.png'], bundleName: "com.example.app", moduleName: "entry" });`);
    expect(code).toContain('Text.create({ id: -1, type: 10003, params: ["app.string.missing"]');
    expect(r.diagnostics).toContainEqual(expect.objectContaining({ severity: 'warning', code: 'RES_UNRESOLVED', line: 85, col: 15 }));
  });
});

describe('transformEts: smaller forms', () => {
  it('@CustomDialog gets setController; the controller builder creates the dialog view', () => {
    const r = transform(fixture('dialog.ets'));
    expect(errors(r)).toEqual([]);
    expect(r.code).toContain('setController(ctr) {');
    expect(r.code).toContain('this.controller = ctr;');
    expect(r.code).toContain(`builder: () => { let jsDialog = new Confirm(this, { message: 'Sure?' }, undefined, -1, () => { }, {}); jsDialog.setController(this.dialogController); ViewPU.create(jsDialog); }`);
    expect(r.code).toContain('autoCancel: true }, this)');
    compiles(r.code);
  });

  it('@Entry({ routeName, storage, useSharedStorage }) and @Preview', () => {
    const src = `@Entry({ routeName: 'home', useSharedStorage: true })\n@Preview\n@Component\nstruct Home {\n  build() { Text('h') }\n}\n`;
    const r = transform(src, { pagePath: 'pages/Home' });
    expect(errors(r)).toEqual([]);
    expect(r.code).toContain(`registerNamedRoute(() => new Home(undefined, {}, LocalStorage.getShared()), 'home', {`);
    const r2 = transform(`let s = new LocalStorage()\n@Entry({ storage: s })\n@Component\nstruct P {\n  build() { Text('p') }\n}\n`, { pagePath: 'pages/P' });
    expect(r2.code).toContain('registerNamedRoute(() => new P(undefined, {}, s), "", {');
  });

  it('@Concurrent functions get the "use concurrent" directive', () => {
    const r = transform(`@Concurrent\nfunction add(a: number, b: number): number {\n  return a + b\n}\n`);
    expect(r.code).toContain('function add(a: number, b: number): number { "use concurrent";');
    expect(new Function(`${compiles(r.code)}; return add(2, 3);`)()).toBe(5);
  });

  it('custom component attributes style a __Common__ wrapper; a trailing closure fills the single @BuilderParam', () => {
    const src = `@Component\nstruct Card {\n  @BuilderParam content: () => void\n  build() { Column() { this.content() } }\n}\n@Entry\n@Component\nstruct Home {\n  @Builder b() { Text('b') }\n  build() {\n    Column() {\n      Card() {\n        Text('inside')\n      }\n      Card({ content: this.b }).width(100)\n    }\n  }\n}\n`;
    const r = transform(src);
    expect(errors(r)).toEqual([]);
    expect(r.code).toMatch(/__Common__\.create\(\);\s+__Common__\.width\(100\);/);
    expect(r.code).toMatch(/new Card\(this, \{ content: \(\) => \{\s+this\.observeComponentCreation2\(\(elmtId, isInitialRender\) => \{\s+Text\.create\('inside'\);/);
    expect(r.code).toContain('__Common__.pop();');
    compiles(r.code);
  });

  it('a component reached through a namespace import', () => {
    const r = transform(`import * as Widgets from './Widgets'\n@Entry\n@Component\nstruct P {\n  build() {\n    Column() {\n      Widgets.Card({ title: 'a' }).width(10)\n    }\n  }\n}\n`);
    expect(errors(r)).toEqual([]);
    expect(r.code).toContain(`let componentCall = new Widgets.Card(this, { title: 'a' }`);
    expect(r.code).toContain('__Common__.width(10);');
    compiles(r.code);
  });

  it('plain TypeScript, imports and exports pass through unchanged', () => {
    const src = `import { hilog } from '@kit.PerformanceAnalysisKit';\nimport { util } from './util';\nexport const x: number = 1;\nexport function f(a: string): string {\n  return a + util(x);\n}\n`;
    const r = transform(src);
    expect(r.diagnostics).toEqual([]);
    expect(r.code).toContain(`import { hilog } from '@kit.PerformanceAnalysisKit';`);
    expect(r.code).toContain('export function f(a: string): string {');
    expect(r.code).not.toContain('finalizeConstruction');
    compiles(r.code);
  });

  it('Text with Span children, if / else-if chains and ForEach with index', () => {
    const src = `@Entry\n@Component\nstruct T {\n  @State n: number = 0\n  @State xs: number[] = [1]\n  build() {\n    Column() {\n      Text() {\n        Span('a')\n      }\n      if (this.n === 0) {\n        Text('0')\n      } else if (this.n === 1) {\n        Text('1')\n      }\n      ForEach(this.xs, (x: number, i: number) => {\n        Text(x + ':' + i)\n      })\n    }\n  }\n}\n`;
    const r = transform(src);
    expect(errors(r)).toEqual([]);
    expect(r.code).toMatch(/Text\.create\(\);\s+\}, Text\);\s+this\.observeComponentCreation2\(\(elmtId, isInitialRender\) => \{\s+Span\.create\('a'\);/);
    expect(r.code).toContain('this.ifElseBranchUpdateFunction(2, () => {');
    expect(r.code).toContain('this.forEachUpdateFunction(elmtId, this.xs, forEachItemGenFunction, undefined, true, false);');
    compiles(r.code);
  });
});
