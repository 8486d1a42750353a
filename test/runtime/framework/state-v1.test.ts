import { describe, expect, it } from 'vitest';
import { launchSource, page, show, stateProp } from '../helpers.js';

/** A child ViewPU in the reference's emitted shape; `decls` builds the state vars from `params`. */
function child(name: string, decls: string, update: string, render: string, extra = ''): string {
  return `
class ${name} extends ViewPU {
  constructor(parent, params, __localStorage, elmtId = -1, paramsLambda = undefined, extraInfo) {
    super(parent, __localStorage, elmtId, extraInfo);
    if (typeof paramsLambda === "function") { this.paramsGenerator_ = paramsLambda; }
    ${decls}
    this.finalizeConstruction();
  }
  updateStateVars(params) { ${update} }
  purgeVariableDependenciesOnElmtId(rmElmtId) {}
  aboutToBeDeleted() { SubscriberManager.Get().delete(this.id__()); this.aboutToBeDeletedInternal(); }
  initialRender() { ${render} }
  rerender() { this.updateDirtyElements(); }
  ${extra}
}`;
}
const accessor = (n: string) => `Object.defineProperty(this, "${n}", { get() { return this.__${n}.get(); }, set(v) { this.__${n}.set(v); } });`;
const text = (expr: string) => `this.observeComponentCreation2((elmtId, isInitialRender) => { Text.create(${expr}); }, Text); Text.pop();`;
const button = (label: string, body: string) => `this.observeComponentCreation2((elmtId, isInitialRender) => { Button.createWithLabel("${label}"); Button.onClick(() => { ${body} }); }, Button); Button.pop();`;
const col = (inner: string) => `this.observeComponentCreation2((elmtId, isInitialRender) => { Column.create(); }, Column); ${inner} Column.pop();`;
const childCall = (cls: string, params: string) => `
  this.observeComponentCreation2((elmtId, isInitialRender) => {
    if (isInitialRender) { let componentCall = new ${cls}(this, ${params}, undefined, elmtId, () => { }, { page: "x.ets", line: 1, col: 1 }); ViewPU.create(componentCall); }
    else { this.updateStateVarsOfChildByElmtId(elmtId, ${params}); }
  }, { name: "${cls}" });`;

describe('V1 state', () => {
  it('@State objects observe first-level sets and array mutators, and only re-run dependent elements', async () => {
    const app = launchSource(page('Index', stateProp('obj', '{ a: 1, nested: { b: 1 } }', 'ObservedPropertyObjectPU') + stateProp('arr', '[1, 2]', 'ObservedPropertyObjectPU') + stateProp('other', '0'),
      col(text('"a=" + this.obj.a + " b=" + this.obj.nested.b') + text('"arr=" + this.arr.join(",")') + text('"other=" + this.other') +
        button('a', 'this.obj.a++;') + button('push', 'this.arr.push(3);') + button('nested', 'this.obj.nested.b++;'))));
    expect(show(app.tree())).toContain('Text("a=1 b=1") Text("arr=1,2") Text("other=0")');
    const before = app.evaluate('__rt.updatedCount') as number;
    app.click(app.findText('a')!);
    expect(app.evaluate('__rt.updatedCount')).toBe(before + 1);
    expect(show(app.tree())).toContain('Text("a=2 b=1")');
    app.click(app.findText('push')!);
    expect(show(app.tree())).toContain('Text("arr=1,2,3")');
    app.click(app.findText('nested')!); // nested property changes are not observed in V1
    expect(show(app.tree())).toContain('Text("a=2 b=1")');
  });

  it('@Prop deep-copies from the parent and is overwritten on parent update; @Link shares', async () => {
    const code = child('Child', `this.__p = new SynchedPropertyObjectOneWayPU(params.p, this, "p"); ${accessor('p')}
      this.__l = new SynchedPropertySimpleTwoWayPU(params.l, this, "l"); ${accessor('l')}`,
    'this.__p.reset(params.p);',
    text('"p=" + this.p.v + " l=" + this.l') + button('childP', 'this.p.v = 100;') + button('childL', 'this.l += 10;')) +
      page('Index', stateProp('o', '{ v: 1 }', 'ObservedPropertyObjectPU') + stateProp('n', '5'),
        col(text('"parent o=" + this.o.v + " n=" + this.n') + childCall('Child', '{ p: this.o, l: this.__n }') + button('parentO', 'this.o = { v: this.o.v + 1 };')));
    const app = launchSource(code);
    expect(show(app.tree())).toBe('Root[Column[Text("parent o=1 n=5") Text("p=1 l=5") Button("childP") Button("childL") Button("parentO")]]');
    app.click(app.findText('childP')!);
    expect(show(app.tree())).toContain('Text("parent o=1 n=5") Text("p=100 l=5")');
    app.click(app.findText('childL')!);
    expect(show(app.tree())).toContain('Text("parent o=1 n=15") Text("p=100 l=15")');
    app.click(app.findText('parentO')!);
    expect(show(app.tree())).toContain('Text("parent o=2 n=15") Text("p=2 l=15")');
  });

  it('@Provide/@Consume by alias across levels; @Consume without provider and without default fails clearly', () => {
    const code = child('Leaf', `this.__v = this.initializeConsume("shared", "v"); ${accessor('v')}`, '', text('"leaf " + this.v') + button('leaf', 'this.v += 1;')) +
      child('Mid', '', '', childCall('Leaf', '{}')) +
      page('Index', `this.__total = new ObservedPropertySimplePU(7, this, "total"); this.addProvidedVar("shared", this.__total, false); this.addProvidedVar("total", this.__total, false); ${accessor('total')}`,
        col(text('"root " + this.total') + childCall('Mid', '{}')));
    const app = launchSource(code);
    expect(show(app.tree())).toBe('Root[Column[Text("root 7") Text("leaf 7") Button("leaf")]]');
    app.click(app.findText('leaf')!);
    expect(show(app.tree())).toBe('Root[Column[Text("root 8") Text("leaf 8") Button("leaf")]]');
    const orphan = launchSource(child('Leaf', `this.__v = this.initializeConsume("nope", "v");`, '', '') + page('Index', '', col(childCall('Leaf', '{}'))));
    expect(orphan.crash?.message).toContain("@Consume('nope')");
  });

  it('@Observed + @ObjectLink: a child re-renders when a property of its item changes', () => {
    const code = `
var __decorate = (this && this.__decorate) || function (decorators, target) { let r = target; for (let i = decorators.length - 1; i >= 0; i--) r = decorators[i](r) || r; return r; };
let Item = class Item { constructor(name) { this.name = name; } };
Item = __decorate([Observed], Item);
` + child('Row1', `this.__item = new SynchedPropertyNesedObjectPU(params.item, this, "item"); ${accessor('item')}`, 'this.__item.set(params.item);',
      text('"item " + this.item.name') + button('rename', 'this.item.name += "!";')) +
      page('Index', stateProp('items', '[new Item("a"), new Item("b")]', 'ObservedPropertyObjectPU'), col(`
        this.observeComponentCreation2((elmtId, isInitialRender) => {
          ForEach.create();
          const gen = (item) => { ${childCall('Row1', '{ item: item }')} };
          this.forEachUpdateFunction(elmtId, this.items, gen, (item) => item.name, false, false);
        }, ForEach); ForEach.pop();`));
    const app = launchSource(code);
    expect(app.crash).toBeUndefined();
    expect(show(app.tree())).toBe('Root[Column[Text("item a") Button("rename") Text("item b") Button("rename")]]');
    app.click(app.tree().children[0].children[1]);
    expect(show(app.tree())).toBe('Root[Column[Text("item a!") Button("rename") Text("item b") Button("rename")]]');
  });

  it('@Watch runs synchronously after a change (not at init) and reports ping-pong cycles', () => {
    const app = launchSource(page('Index', stateProp('a', '0') + stateProp('b', '0') + stateProp('log', '""') +
      'this.declareWatch("a", this.onA); this.declareWatch("b", this.onB);',
    col(text('"a=" + this.a + " b=" + this.b + " log=" + this.log') + button('a', 'this.a = 1;') + button('cycle', 'this.a = 100;')),
    `onA() { this.log += "A"; if (this.a >= 100) this.b = this.a + 1; }
     onB() { this.log += "B"; this.a = this.b + 1; }`));
    expect(show(app.tree())).toContain('Text("a=0 b=0 log=")');
    app.click(app.findText('a')!);
    expect(show(app.tree())).toContain('Text("a=1 b=0 log=A")');
    app.click(app.findText('cycle')!);
    expect(app.crash).toBeUndefined();
    expect(app.logs.some((l) => l.level === 'E' && l.message.includes('WATCH_CYCLE'))).toBe(true);
  });

  it('@StorageLink/@StorageProp and @LocalStorageLink/Prop sync with AppStorage and the page LocalStorage', () => {
    const app = launchSource(`AppStorage.setOrCreate("theme", "light");` + page('Index',
      `this.__link = this.createStorageLink("theme", "x", "link"); ${accessor('link')} this.__prop = this.createStorageProp("theme", "x", "prop"); ${accessor('prop')}
       this.__ll = this.createLocalStorageLink("count", 1, "ll"); ${accessor('ll')}`,
      col(text('this.link + "/" + this.prop + "/" + this.ll') + button('dark', 'this.link = "dark";') + button('propEdit', 'this.prop = "local";') +
        button('app', 'AppStorage.set("theme", "blue");') + button('ls', 'this.ll += 1;'))));
    expect(show(app.tree())).toContain('Text("light/light/1")');
    app.click(app.findText('dark')!);
    expect(show(app.tree())).toContain('Text("dark/dark/1")');
    app.click(app.findText('propEdit')!);
    expect(show(app.tree())).toContain('Text("dark/local/1")');
    app.click(app.findText('app')!);
    expect(show(app.tree())).toContain('Text("blue/blue/1")');
    app.click(app.findText('ls')!);
    expect(show(app.tree())).toContain('Text("blue/blue/2")');
    expect(app.evaluate('AppStorage.get("theme")')).toBe('blue');
  });

  it('PersistentStorage survives a relaunch (stored in the app data dir)', () => {
    const code = `PersistentStorage.persistProp("visits", 0);` + page('Index', `this.__v = this.createStorageLink("visits", 0, "v"); ${accessor('v')}`,
      col(text('"visits " + this.v') + button('visit', 'this.v += 1;')));
    const app = launchSource(code);
    app.click(app.findText('visit')!);
    app.click(app.findText('visit')!);
    app.relaunch();
    expect(show(app.tree())).toContain('Text("visits 2")');
  });
});

describe('API 7 names, shape values, DataPanel/Progress helper classes', () => {
  it('AppStorage.IsMutable/StaticClear, PersistentStorage.PersistProps/Keys, Environment.Keys exist; `new Circle({…})` is a shape value with chained attributes', () => {
    const app = launchSource(`AppStorage.SetOrCreate("k", 1);` + page('Index', '', text('"x"')));
    expect(app.evaluate('AppStorage.IsMutable("k") && typeof PersistentStorage.PersistProps === "function" && Array.isArray(PersistentStorage.Keys()) && Array.isArray(Environment.Keys())')).toBe(true);
    expect(app.evaluate('(() => { const c = new Circle({ width: 100 }).fill("red"); return JSON.stringify([c.type, c.options.width, c.attrs.fill]); })()')).toBe('["Circle",100,["red"]]');
    expect(app.evaluate('(() => { const m = new ProgressMask(10, 100, Color.Red); m.updateProgress(40); return [new LinearGradient([{ color: "#f00", offset: 0 }]).colorStops.length, m.value, m.total, ProgressStatus.LOADING].join(); })()')).toBe('1,40,100,LOADING');
    app.evaluate('AppStorage.StaticClear()');
    expect(app.evaluate('AppStorage.Has("k")')).toBe(false);
  });
});

describe('attribute modifiers (framework/modifier.ts)', () => {
  it('.attributeModifier applies an app modifier and @ohos.arkui.modifier ones (recorded calls, subclassable); later chain calls override', async () => {
    const app = launchSource(`
const mods = __hmosKit('@ohos.arkui.modifier');
class Dark { constructor() { this.dark = true; } applyNormalAttribute(i) { i.backgroundColor(this.dark ? Color.Black : Color.Red).width(120); } }
class Big extends mods.TextModifier { applyNormalAttribute(i) { super.applyNormalAttribute(i); i.fontWeight(FontWeight.Bold); } }
globalThis.__big = new Big().fontSize(30).fontColor(Color.Blue);
globalThis.__dark = new Dark();` + page('Index', '', col(
      `this.observeComponentCreation2((elmtId, isInitialRender) => { Text.create('a'); Text.id('a'); Text.attributeModifier(globalThis.__dark); Text.width(200); }, Text); Text.pop();` +
      `this.observeComponentCreation2((elmtId, isInitialRender) => { Text.create('b'); Text.id('b'); Text.attributeModifier(globalThis.__big); }, Text); Text.pop();`)));
    await app.settle();
    const attrs = (key: string) => JSON.parse(app.evaluate(`getInspectorByKey("${key}")`) as string).$attrs;
    expect(attrs('a')).toMatchObject({ backgroundColor: '#FF000000', width: '200.00vp' });
    expect(attrs('b')).toMatchObject({ fontSize: '30.00fp', fontColor: '#FF0000FF', fontWeight: 'FontWeight.Bold' });
    app.stop();
  });
});

describe('system resources (runtime/system-resources.ts)', () => {
  it('getNumber of a listed system float answers px; an unlisted system resource is still not found', async () => {
    const { systemResourceId } = await import('../../../src/hap/resources-index.js');
    const app = launchSource(page('Index', '', text('"x"')));
    const id = systemResourceId('float', 'ohos_id_text_font_size');
    expect(app.evaluate(`getContext().resourceManager.getNumberSync({ id: ${id}, type: 10002 })`)).toBe(16 * app.device.profile.density);
    expect(app.evaluate(`(() => { try { getContext().resourceManager.getNumberSync({ id: ${systemResourceId('float', 'no_such_thing')}, type: 10002 }); return 'found'; } catch (e) { return e.code; } })()`)).toBe(9001001);
    app.stop();
  });
});

describe('@ohos.matrix4 (framework/compat.ts)', () => {
  it('translate / scale / rotate compose after what the matrix does; invert undoes; transformPoint maps points', () => {
    const app = launchSource(page('Index', '', text('"x"')));
    const r = app.evaluate(`(() => { const m4 = __hmosKit('@ohos.matrix4').default;
      const t = m4.identity().translate({ x: 10 }).scale({ x: 2, y: 2 });
      const rot = m4.identity().rotate({ z: 1, angle: 90 }).transformPoint([1, 0]).map((v) => Math.round(v * 1000) / 1000);
      return JSON.stringify([t.transformPoint([1, 2]), t.copy().invert().transformPoint([22, 4]), rot, m4.init([1,0,0,0, 0,1,0,0, 0,0,1,0, 5,6,0,1]).transformPoint([0, 0])]); })()`);
    expect(JSON.parse(r as string)).toEqual([[22, 4], [1, 2], [0, 1], [5, 6]]);
    app.stop();
  });
});
