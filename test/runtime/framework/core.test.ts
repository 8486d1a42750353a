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
});
