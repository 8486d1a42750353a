import { describe, expect, it } from 'vitest';
import { launchSource, show } from '../helpers.js';

const DECORATE = `var __decorate = (this && this.__decorate) || function (decorators, target, key, desc) {
    var c = arguments.length, r = c < 3 ? target : desc === null ? desc = Object.getOwnPropertyDescriptor(target, key) : desc, d;
    if (typeof Reflect === "object" && typeof Reflect.decorate === "function") r = Reflect.decorate(decorators, target, key, desc);
    else for (var i = decorators.length - 1; i >= 0; i--) if (d = decorators[i]) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r;
    return c > 3 && r && Object.defineProperty(target, key, r), r;
};\n`;
const v2 = (name: string, ctor: string, render: string, extra = '') => `
class ${name} extends ViewV2 {
  constructor(parent, params, __localStorage, elmtId = -1, paramsLambda, extraInfo) {
    super(parent, elmtId, extraInfo);
    ${ctor}
    this.finalizeConstruction();
  }
  initialRender() { ${render} }
  rerender() { this.updateDirtyElements(); }
  ${extra}
}`;
const route = (name: string) => `registerNamedRoute(() => new ${name}(undefined, {}), "", { bundleName: "com.example.test", moduleName: "entry", pagePath: "pages/Index", pageFullPath: "entry/src/main/ets/pages/Index", integratedHsp: "false", moduleType: "followWithHap" });`;
const text = (expr: string) => `this.observeComponentCreation2((elmtId, isInitialRender) => { Text.create(${expr}); }, Text); Text.pop();`;
const button = (label: string, body: string) => `this.observeComponentCreation2((elmtId, isInitialRender) => { Button.createWithLabel("${label}"); Button.onClick(() => { ${body} }); }, Button); Button.pop();`;
const col = (inner: string) => `this.observeComponentCreation2((elmtId, isInitialRender) => { Column.create(); }, Column); ${inner} Column.pop();`;
const childCall = (cls: string, params: string) => `
  this.observeComponentCreation2((elmtId, isInitialRender) => {
    if (isInitialRender) { let componentCall = new ${cls}(this, ${params}, undefined, elmtId, () => { }, { page: "x.ets", line: 1, col: 1 }); ViewV2.create(componentCall); }
    else { this.updateStateVarsOfChildByElmtId(elmtId, ${params}); }
  }, { name: "${cls}" });`;

describe('V2 state', () => {
  it('@Local, @Param, @Once and @Event', () => {
    const app = launchSource(DECORATE + v2('Child', `
        this.initParam("count", (params && "count" in params) ? params.count : 0);
        this.initParam("first", (params && "first" in params) ? params.first : 0);
        this.bump = "bump" in params ? params.bump : () => { };`,
    col(text('"child " + this.count + " once " + this.first') + button('event', 'this.bump(5);') + button('write', 'this.count = 99;'))) +
      `__decorate([Param], Child.prototype, "count", void 0); __decorate([Param, Once], Child.prototype, "first", void 0); __decorate([Event], Child.prototype, "bump", void 0);` +
      v2('Index', 'this.count = 1;', col(text('"parent " + this.count') + childCall('Child', '{ count: this.count, first: this.count, bump: (n) => { this.count += n; } }') + button('inc', 'this.count++;'))) +
      `__decorate([Local], Index.prototype, "count", void 0);` + route('Index'));
    expect(app.crash).toBeUndefined();
    expect(show(app.tree())).toBe('Root[Column[Text("parent 1") Column[Text("child 1 once 1") Button("event") Button("write")] Button("inc")]]');
    app.click(app.findText('inc')!);
    expect(show(app.tree())).toContain('Text("parent 2") Column[Text("child 2 once 1")');
    app.click(app.findText('event')!);
    expect(show(app.tree())).toContain('Text("parent 7") Column[Text("child 7 once 1")');
    app.click(app.findText('write')!);
    expect(app.crash?.message).toContain("@Param 'count' of Child is read-only");
  });

  it('@ObservedV2/@Trace observe deep properties; un-traced fields are not observed; collections are', () => {
    const app = launchSource(DECORATE + `
let Son = class Son { constructor() { this.age = 1; this.plain = 1; this.tags = ["a"]; } };
__decorate([Trace], Son.prototype, "age", void 0);
__decorate([Trace], Son.prototype, "tags", void 0);
Son = __decorate([ObservedV2], Son);
class Father { constructor() { this.son = new Son(); } }` +
      v2('Index', 'this.father = new Father();', col(text('"age " + this.father.son.age + " plain " + this.father.son.plain + " tags " + this.father.son.tags.join("")') +
        button('age', 'this.father.son.age++;') + button('plain', 'this.father.son.plain++;') + button('tag', 'this.father.son.tags.push("b");'))) + route('Index'));
    expect(show(app.tree())).toContain('Text("age 1 plain 1 tags a")');
    app.click(app.findText('plain')!);
    expect(show(app.tree())).toContain('Text("age 1 plain 1 tags a")');
    app.click(app.findText('age')!);
    expect(show(app.tree())).toContain('Text("age 2 plain 2 tags a")');
    app.click(app.findText('tag')!);
    expect(show(app.tree())).toContain('Text("age 2 plain 2 tags ab")');
  });

  it('@Monitor merges changes of one turn with before/now; @Computed caches', () => {
    const app = launchSource(DECORATE + v2('Index', 'this.a = 1; this.b = 10; this.calls = 0;',
      col(text('"sum " + this.sum + " " + this.sum') + button('both', 'this.a = 2; this.a = 3; this.b = 20;')),
      `onChange(m) { console.info("dirty=" + m.dirty.join(",") + " a:" + m.value("a").before + "->" + m.value("a").now + " b:" + m.value("b").before + "->" + m.value("b").now); }
       get sum() { this.calls++; return this.a + this.b; }`) +
      `__decorate([Local], Index.prototype, "a", void 0); __decorate([Local], Index.prototype, "b", void 0);
       __decorate([Monitor("a", "b")], Index.prototype, "onChange", null); __decorate([Computed], Index.prototype, "sum", null);` + route('Index'));
    expect(show(app.tree())).toContain('Text("sum 11 11")');
    expect(app.evaluate('__rt.root')).toBeTruthy();
    app.click(app.findText('both')!);
    expect(show(app.tree())).toContain('Text("sum 23 23")');
    const mon = app.logs.filter((l) => l.message.startsWith('dirty='));
    expect(mon.map((l) => l.message)).toEqual(['dirty=a,b a:1->3 b:10->20']);
  });

  it('@Provider/@Consumer share by alias; a consumer without provider keeps its default', () => {
    const app = launchSource(DECORATE +
      v2('Leaf', 'this.v = "default"; this.lonely = "mine";', col(text('"leaf " + this.v + " " + this.lonely') + button('leaf', 'this.v += "!";'))) +
      `__decorate([Consumer("shared")], Leaf.prototype, "v", void 0); __decorate([Consumer("none")], Leaf.prototype, "lonely", void 0);` +
      v2('Index', 'this.p = "root";', col(text('"top " + this.p') + childCall('Leaf', '{}'))) +
      `__decorate([Provider("shared")], Index.prototype, "p", void 0);` + route('Index'));
    expect(show(app.tree())).toBe('Root[Column[Text("top root") Column[Text("leaf root mine") Button("leaf")]]]');
    app.click(app.findText('leaf')!);
    expect(show(app.tree())).toBe('Root[Column[Text("top root!") Column[Text("leaf root! mine") Button("leaf")]]]');
  });
});
