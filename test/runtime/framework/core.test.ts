import { describe, expect, it } from 'vitest';
import { launchSource, page, show, stateProp } from '../helpers.js';

describe('smoke', () => {
  it('renders and updates', async () => {
    const app = launchSource(page('Index', stateProp('count', '0'), `
      this.observeComponentCreation2((elmtId, isInitialRender) => { Column.create(); }, Column);
      this.observeComponentCreation2((elmtId, isInitialRender) => { Text.create("n=" + this.count); Text.fontSize(20); }, Text);
      Text.pop();
      this.observeComponentCreation2((elmtId, isInitialRender) => { Button.createWithLabel("inc"); Button.onClick(() => { this.count++; }); }, Button);
      Button.pop();
      Column.pop();`));
    expect(app.crash).toBeUndefined();
    expect(show(app.tree())).toBe('Root[Column[Text("n=0") Button("inc")]]');
    app.click(app.findText('inc')!);
    await app.settle();
    expect(show(app.tree())).toBe('Root[Column[Text("n=1") Button("inc")]]');
  });

  it('atomic components take no children without pop(); TabContent builds its builder children; attributes land on the right node', () => {
    const app = launchSource(page('Index', '', `
      this.observeComponentCreation2((elmtId, isInitialRender) => { Column.create(); }, Column);
      this.observeComponentCreation2((elmtId, isInitialRender) => { Divider.create(); Divider.strokeWidth(2); }, Divider);
      this.observeComponentCreation2((elmtId, isInitialRender) => { TextInput.create({ placeholder: "name" }); TextInput.width(100); }, TextInput);
      this.observeComponentCreation2((elmtId, isInitialRender) => { Tabs.create(); }, Tabs);
      this.observeComponentCreation2((elmtId, isInitialRender) => {
        TabContent.create(() => { this.observeComponentCreation2((elmtId, isInitialRender) => { Text.create("tab body"); }, Text); Text.pop(); });
        TabContent.tabBar("One");
      }, TabContent);
      TabContent.pop();
      Tabs.pop();
      Column.pop();`));
    expect(show(app.tree())).toBe('Root[Column[Divider TextInput Tabs[TabContent[Text("tab body")]]]]');
    const col = app.tree().children[0];
    expect(col.attrs).toEqual({});
    expect(col.children[0].attrs).toEqual({ strokeWidth: [2] });
    expect(col.children[1].attrs).toEqual({ width: [100] });
    expect(col.children[2].children[0].attrs).toEqual({ tabBar: ['One'] });
  });

  it('inputText and clicks on selection controls go through two-way bindings and onChange', () => {
    const app = launchSource(page('Index', stateProp('name', '""') + stateProp('on', 'false') + stateProp('sel', 'false') + stateProp('log', '""'), `
      this.observeComponentCreation2((elmtId, isInitialRender) => { Column.create(); }, Column);
      this.observeComponentCreation2((elmtId, isInitialRender) => { Text.create(this.name + "/" + this.on + "/" + this.sel + "/" + this.log); }, Text); Text.pop();
      this.observeComponentCreation2((elmtId, isInitialRender) => { TextInput.create({ text: { value: this.name, changeEvent: newValue => { this.name = newValue; } } }); TextInput.onChange((v) => { this.log += "i"; }); }, TextInput);
      this.observeComponentCreation2((elmtId, isInitialRender) => { Toggle.create({ type: ToggleType.Switch, isOn: this.on, $isOn: newValue => { this.on = newValue; } }); Toggle.onChange((v) => { this.log += "t"; }); }, Toggle); Toggle.pop();
      this.observeComponentCreation2((elmtId, isInitialRender) => { Checkbox.create(); Checkbox.select({ value: this.sel, $value: newValue => { this.sel = newValue; } }); }, Checkbox); Checkbox.pop();
      Column.pop();`));
    const col = () => app.tree().children[0];
    app.inputText(col().children[1], 'Ada');
    app.click(col().children[2]);
    app.click(col().children[3]);
    expect(col().children[0].args[0]).toBe('Ada/true/true/it');
    app.click(col().children[2]);
    expect(col().children[0].args[0]).toBe('Ada/false/true/itt');
  });
});

describe('ListItem deep render (reference isLazy form)', () => {
  it('deepRenderFunction builds the children on the same item; the tree keeps only the options', async () => {
    const app = launchSource(page('Index', stateProp('n', '1'), `
      this.observeComponentCreation2((elmtId, isInitialRender) => { List.create(); }, List);
      {
        const itemCreation = (elmtId, isInitialRender) => {
          ViewStackProcessor.StartGetAccessRecordingFor(elmtId);
          ListItem.create(deepRenderFunction, true, 'opt');
          if (!isInitialRender) { ListItem.pop(); }
          ViewStackProcessor.StopGetAccessRecording();
        };
        const itemCreation2 = (elmtId, isInitialRender) => { ListItem.create(deepRenderFunction, true, 'opt'); ListItem.width(200); };
        const deepRenderFunction = (elmtId, isInitialRender) => {
          itemCreation(elmtId, isInitialRender);
          this.observeComponentCreation2((elmtId, isInitialRender) => { Text.create("n=" + this.n); }, Text);
          Text.pop();
          ListItem.pop();
        };
        this.observeComponentCreation2(itemCreation2, ListItem);
        ListItem.pop();
      }
      this.observeComponentCreation2((elmtId, isInitialRender) => { ListItem.create(() => {}, false); }, ListItem);
      ListItem.pop();
      this.observeComponentCreation2((elmtId, isInitialRender) => { Button.createWithLabel("inc"); Button.onClick(() => { this.n++; }); }, Button);
      Button.pop();
      List.pop();`));
    await app.settle();
    expect(app.crash).toBeUndefined();
    expect(show(app.tree())).toBe('Root[List[ListItem("opt")[Text("n=1")] ListItem Button("inc")]]');
    expect(app.find((x) => x.type === 'ListItem')!.attrs.width).toEqual([200]);
    app.click(app.findText('inc')!);
    await app.settle();
    expect(show(app.tree())).toBe('Root[List[ListItem("opt")[Text("n=2")] ListItem Button("inc")]]');
  });
});
