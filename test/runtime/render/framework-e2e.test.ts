// End to end: trees built by the runtime's framework (reference partial-update JS, run in a device realm) → layout →
// renderers and selectors, with input going back to the app through the node a selector found.
import { beforeAll, describe, expect, it } from 'vitest';
import { DEVICE_PROFILES } from '../../../src/runtime/device-profile.js';
import { layoutPage, loadLayoutEngine, type LayoutEngine } from '../../../src/runtime/layout/layout.js';
import { cellsToText, renderCells } from '../../../src/runtime/render/cells.js';
import { toJsonPage } from '../../../src/runtime/render/json.js';
import { selectOrThrow } from '../../../src/runtime/selector.js';
import { launchSource, page, stateProp } from '../helpers.js';

let engine: LayoutEngine;
beforeAll(async () => {
  engine = await loadLayoutEngine();
});

const create = (type: string, call: string, attrs = '') =>
  `this.observeComponentCreation2((elmtId, isInitialRender) => { ${type}.${call}; ${attrs} }, ${type});`;

const counterPage = page('Index', stateProp('count', '0'), [
  create('Column', 'create({ space: 12 })', 'Column.width("100%"); Column.height("100%"); Column.justifyContent(FlexAlign.Center);'),
  create('Text', 'create("Count: " + this.count)', 'Text.fontSize(24); Text.id("label");'),
  'Text.pop();',
  create('Button', 'createWithLabel("+1")', 'Button.width(120); Button.onClick(() => { this.count++; });'),
  'Button.pop();',
  create('Button', 'createWithLabel("toast")', 'Button.onClick(() => { __hmosKit("@ohos.promptAction").default.showToast({ message: "saved" }); });'),
  'Button.pop();',
  'Column.pop();',
].join('\n'));

describe('framework-built trees', () => {
  it('lays out a running page using the enum globals the runtime installed', () => {
    const app = launchSource(counterPage);
    const laid = layoutPage(engine, app.tree(), DEVICE_PROFILES.phone, { page: app.page() ?? undefined });
    const json = toJsonPage(laid);
    expect(json.root.type).toBe('Root');
    const column = json.root.children[0];
    expect(column).toMatchObject({ type: 'Column', bounds: [0, 0, 360, 780] });
    // 28.8 + 12 + 40 + 12 + 40 = 132.8 tall content, centred in 780 by FlexAlign.Center.
    expect(column.children.map((c) => [c.text, c.bounds])).toEqual([
      ['Count: 0', [132, 323.6, 96, 28.8]],
      ['+1', [120, 364.4, 120, 40]],
      ['toast', [144, 416.4, 72, 40]],
    ]);
    app.stop();
  });

  it('clicks through a selector and re-renders the new state', async () => {
    const app = launchSource(counterPage);
    const lay = () => layoutPage(engine, app.tree(), DEVICE_PROFILES.wearable);
    app.click(selectOrThrow(lay(), 'text=+1').node!);
    app.click(selectOrThrow(lay(), 'type=Button#1').node!);
    await app.settle();
    const after = lay();
    expect(selectOrThrow(after, 'id=label').text).toBe('Count: 2');
    expect(cellsToText(renderCells(after, { cols: 40, rows: 20 }))).toContain('Count: 2');
    expect(() => selectOrThrow(after, 'text=Count: 0')).toThrow(/Visible texts|match/);
    app.stop();
  });

  it('draws a toast over the page', async () => {
    const app = launchSource(counterPage);
    app.click(selectOrThrow(layoutPage(engine, app.tree(), DEVICE_PROFILES.phone), 'text=toast').node!);
    await app.settle();
    const laid = layoutPage(engine, app.tree(), DEVICE_PROFILES.phone);
    const toast = laid.root.children.find((n) => n.type === 'Toast');
    expect(toast).toBeDefined();
    expect(toast!.y + toast!.height).toBeCloseTo(780 - 64);
    expect(selectOrThrow(laid, 'text=saved').type).toBe('Text');
    app.stop();
  });
});
