import { describe, expect, it } from 'vitest';
import { launchSource, page, show, stateProp } from '../helpers.js';

const text = (expr: string) => `this.observeComponentCreation2((elmtId, isInitialRender) => { Text.create(${expr}); }, Text); Text.pop();`;
const button = (label: string, body: string) => `this.observeComponentCreation2((elmtId, isInitialRender) => { Button.createWithLabel("${label}"); Button.onClick(() => { ${body} }); }, Button); Button.pop();`;

describe('If / ForEach / LazyForEach / Repeat', () => {
  it('If switches branches, disposing the old branch (aboutToDisappear runs)', () => {
    const app = launchSource(page('Index', stateProp('on', 'false'), `
      this.observeComponentCreation2((elmtId, isInitialRender) => { Column.create(); }, Column);
      this.observeComponentCreation2((elmtId, isInitialRender) => {
        If.create();
        if (this.on) { this.ifElseBranchUpdateFunction(0, () => { ${text('"on"')} }); }
        else { this.ifElseBranchUpdateFunction(1, () => { ${text('"off"')} ${text('"still off"')} }); }
      }, If);
      If.pop();
      ${button('toggle', 'this.on = !this.on;')}
      Column.pop();`));
    expect(show(app.tree())).toBe('Root[Column[Text("off") Text("still off") Button("toggle")]]');
    const elmts = app.evaluate('__rt.elmts.size') as number;
    app.click(app.findText('toggle')!);
    expect(show(app.tree())).toBe('Root[Column[Text("on") Button("toggle")]]');
    expect(app.evaluate('__rt.elmts.size')).toBe(elmts - 1);
  });

  it('onAppear / onAttach run once after the element is built (attributes set); onDisAppear / onDetach when its branch goes', async () => {
    const log = (what: string) => `() => { globalThis.__events = (globalThis.__events || '') + '${what};'; }`;
    const app = launchSource(page('Index', stateProp('on', 'true'), `
      this.observeComponentCreation2((elmtId, isInitialRender) => { Column.create(); Column.onAppear(${log('col')}); }, Column);
      this.observeComponentCreation2((elmtId, isInitialRender) => {
        If.create();
        if (this.on) { this.ifElseBranchUpdateFunction(0, () => {
          this.observeComponentCreation2((elmtId, isInitialRender) => { Text.create('x'); Text.onAppear(${log('appear')}); Text.onAttach(${log('attach')}); Text.onDisAppear(${log('gone')}); Text.onDetach(${log('detach')}); }, Text); Text.pop();
        }); }
        else { this.ifElseBranchUpdateFunction(1, () => {}); }
      }, If);
      If.pop();
      ${button('toggle', 'this.on = !this.on;')}
      Column.pop();`));
    await app.settle();
    expect(app.evaluate('globalThis.__events')).toBe('col;appear;attach;');
    app.click(app.findText('toggle')!);
    await app.settle();
    expect(app.evaluate('globalThis.__events')).toBe('col;appear;attach;gone;detach;');
  });

  it('ForEach keeps the nodes of unchanged keys and builds only new ones', () => {
    const app = launchSource(page('Index', stateProp('arr', '["a", "b", "c"]', 'ObservedPropertyObjectPU'), `
      this.observeComponentCreation2((elmtId, isInitialRender) => { List.create(); }, List);
      this.observeComponentCreation2((elmtId, isInitialRender) => {
        ForEach.create();
        const gen = (item, index) => { ${text('item + index')} };
        this.forEachUpdateFunction(elmtId, this.arr, gen, (item) => item, true, false);
      }, ForEach);
      ForEach.pop();
      List.pop();
      ${button('edit', 'this.arr.splice(1, 1); this.arr.unshift("z");')}`));
    expect(show(app.tree())).toBe('Root[List[Text("a0") Text("b1") Text("c2")] Button("edit")]');
    const ids = app.tree().children[0].children.map((n) => n.elmtId);
    app.click(app.findText('edit')!);
    const after = app.tree().children[0].children;
    expect(after.map((n) => n.args[0])).toEqual(['z0', 'a0', 'c2']); // kept nodes keep their first render (same key)
    expect(after[1].elmtId).toBe(ids[0]);
    expect(after[2].elmtId).toBe(ids[2]);
  });

  it('LazyForEach materialises only the visible window and follows DataChangeListener calls', () => {
    const app = launchSource(`
class Source {
  constructor(n) { this.n = n; this.listeners = []; }
  totalCount() { return this.n; }
  getData(i) { return "row " + i; }
  registerDataChangeListener(l) { this.listeners.push(l); }
  unregisterDataChangeListener(l) { this.listeners = this.listeners.filter((x) => x !== l); }
  add() { this.n++; this.listeners.forEach((l) => l.onDataAdd(this.n - 1)); }
}` + page('Index', 'this.data = new Source(1000000);', `
      this.observeComponentCreation2((elmtId, isInitialRender) => { List.create(); }, List);
      {
        const __lazyForEachItemGenFunction = (item) => { ${text('item')} };
        const __lazyForEachItemIdFunc = (item) => item;
        LazyForEach.create("1", this, this.data, __lazyForEachItemGenFunction, __lazyForEachItemIdFunc);
        LazyForEach.pop();
      }
      List.pop();`));
    const list = app.tree().children[0];
    expect(list.children.length).toBe(49); // 780 vp / 20 vp rows + 10 cached
    expect(list.children[0].args[0]).toBe('row 0');
    app.swipe(list, 50 * 100);
    expect(app.tree().children[0].children[0].args[0]).toBe('row 100');
    expect(app.tree().children[0].children.length).toBe(49);
  });

  it('Repeat renders each item with {item, index} and re-renders on array change', () => {
    const app = launchSource(page('Index', stateProp('arr', '[{ m: "x" }, { m: "y" }]', 'ObservedPropertyObjectPU'), `
      this.observeComponentCreation2((elmtId, isInitialRender) => { Column.create(); }, Column);
      this.observeComponentCreation2((elmtId, isInitialRender) => {
        Repeat(this.arr, this).each((obj) => { ${text('obj.item.m + obj.index')} }).key((item) => item.m).render(isInitialRender);
      }, Repeat);
      ${button('add', 'this.arr.push({ m: "z" });')}
      Column.pop();`));
    expect(show(app.tree())).toBe('Root[Column[Text("x0") Text("y1") Button("add")]]');
    app.click(app.findText('add')!);
    expect(show(app.tree())).toBe('Root[Column[Text("x0") Text("y1") Text("z2") Button("add")]]');
  });

  it('@Reusable children go to a recycle pool and come back with aboutToReuse instead of being rebuilt', () => {
    const app = launchSource(`
class Cell extends ViewPU {
  constructor(parent, params, __localStorage, elmtId = -1, paramsLambda = undefined, extraInfo) {
    super(parent, __localStorage, elmtId, extraInfo);
    this.__label = new SynchedPropertySimpleOneWayPU(params.label, this, "label");
    this.finalizeConstruction();
  }
  get label() { return this.__label.get(); }
  updateStateVars(params) { this.__label.reset(params.label); }
  aboutToAppear() { console.info("appear " + this.label); }
  aboutToReuse(params) { console.info("reuse as " + params.label); }
  aboutToRecycle() { console.info("recycle " + this.label); }
  initialRender() { ${text('"cell " + this.label')} }
  rerender() { this.updateDirtyElements(); }
}` + page('Index', stateProp('show', 'true') + stateProp('label', '"a"'), `
      this.observeComponentCreation2((elmtId, isInitialRender) => { Column.create(); }, Column);
      this.observeComponentCreation2((elmtId, isInitialRender) => {
        If.create();
        if (this.show) {
          this.ifElseBranchUpdateFunction(0, () => {
            this.observeRecycleComponentCreation("Cell", (elmtId, isInitialRender, recycleNode = null) => {
              if (isInitialRender) {
                let componentCall = recycleNode ? recycleNode : new Cell(this, { label: this.label }, undefined, elmtId, () => { }, {});
                ViewPU.createRecycle(componentCall, recycleNode !== null, "Cell", () => {});
                componentCall.paramsGenerator_ = () => ({ label: this.label });
              } else { this.updateStateVarsOfChildByElmtId(elmtId, { label: this.label }); }
            });
          });
        } else { this.ifElseBranchUpdateFunction(1, () => {}); }
      }, If);
      If.pop();
      ${button('toggle', 'this.show = !this.show; if (this.show) this.label = "b";')}
      Column.pop();`));
    expect(show(app.tree())).toBe('Root[Column[Text("cell a") Button("toggle")]]');
    app.click(app.findText('toggle')!);
    expect(show(app.tree())).toBe('Root[Column[Button("toggle")]]');
    app.click(app.findText('toggle')!);
    expect(show(app.tree())).toBe('Root[Column[Text("cell b") Button("toggle")]]');
    expect(app.logs.map((l) => l.message)).toEqual(['appear a', 'recycle a', 'reuse as b']);
  });
});
