import { describe, expect, it } from 'vitest';
import { launchSource, page, stateProp } from './helpers.js';

const APP = page('Index', stateProp('count', '0'), `
  this.observeComponentCreation2((elmtId, isInitialRender) => { Column.create({ space: 8 }); Column.width('100%'); Column.id('col'); }, Column);
  this.observeComponentCreation2((elmtId, isInitialRender) => {
    Text.create('count ' + this.count); Text.id('label'); Text.fontSize(20); Text.fontColor(Color.Red); Text.textAlign(TextAlign.Center);
    Text.width(200); Text.height('50px'); Text.padding({ top: 4, bottom: 4, left: 8, right: 8 }); Text.opacity(0.5);
  }, Text);
  Text.pop();
  this.observeComponentCreation2((elmtId, isInitialRender) => {
    Button.createWithLabel('add'); Button.id('btn'); Button.onClick(() => { this.count++; });
    Button.gesture(LongPressGesture().onAction(() => { this.count += 100; }));
  }, Button);
  Button.pop();
  this.observeComponentCreation2((elmtId, isInitialRender) => { Toggle.create({ type: ToggleType.Switch, isOn: true }); Toggle.id('tg'); }, Toggle);
  Toggle.pop();
  this.observeComponentCreation2((elmtId, isInitialRender) => { Button.createWithLabel('probe'); Button.id('probe'); Button.onClick(() => {
    const byKey = JSON.parse(getInspectorByKey('label'));
    const tree = getInspectorTree();
    const rect = componentUtils.getRectangleById('btn');
    let missing = 'none';
    try { componentUtils.getRectangleById('nope'); } catch (e) { missing = String(e.code); }
    console.info('PROBE ' + JSON.stringify({ type: byKey.$type, content: byKey.$attrs.content, nothing: getInspectorByKey('nope'),
      root: tree.$type, first: tree.$children[0].$type, kids: tree.$children[0].$children.map((c) => c.$type), w: rect.size.width, missing,
      sent: sendEventByKey('btn', 10, ''), absent: sendEventByKey('nope', 10, '') }));
  }); }, Button);
  Button.pop();
  Column.pop();
`);

describe('inspector API', () => {
  it('answers getInspectorByKey / getInspectorTree / getRectangleById in the platform format, and sendEventByKey clicks later', async () => {
    const app = launchSource(`var componentUtils;\n${APP.replace("registerNamedRoute", 'componentUtils = __hmosKit("@ohos.arkui.componentUtils").default;\nregisterNamedRoute')}`);
    await app.settle();
    expect(app.crash).toBeUndefined();
    const text = JSON.parse(app.evaluate('getInspectorByKey("label")') as string);
    expect(text.$type).toBe('Text');
    expect(typeof text.$ID).toBe('number');
    expect(text.$rect).toMatch(/^\[\d+\.\d{2}, \d+\.\d{2}\],\[\d+\.\d{2}, \d+\.\d{2}\]$/);
    // The helpers the conformance suites use parse it both ways.
    const rect = JSON.parse(`[${text.$rect}]`) as number[][];
    expect(rect[1][0] - rect[0][0]).toBeCloseTo(200 * app.device.profile.density, 1);
    expect(rect[1][1] - rect[0][1]).toBeCloseTo(50, 1);
    expect(text.$attrs).toMatchObject({
      content: 'count 0', fontSize: '20.00fp', fontColor: '#FFFF0000', textAlign: 'TextAlign.Center', width: '200.00vp',
      height: '50.00px', opacity: 0.5, visibility: 'Visibility.Visible', id: 'label',
      padding: JSON.stringify({ top: '4.00vp', right: '8.00vp', bottom: '4.00vp', left: '8.00vp' }),
    });
    const col = JSON.parse(app.evaluate('getInspectorByKey("col")') as string);
    expect(col.$attrs).toMatchObject({ space: '8.00vp', width: '100.00%', alignItems: 'HorizontalAlign.Center' });
    const tg = JSON.parse(app.evaluate('getInspectorByKey("tg")') as string);
    expect(tg.$attrs).toMatchObject({ isOn: 'true', type: 'ToggleType.Switch' });
    expect(app.evaluate('getInspectorByKey("nope")')).toBe('');

    app.click(app.findText('probe')!);
    await app.settle();
    const probe = JSON.parse(app.logs.find((l) => l.message.startsWith('PROBE '))!.message.slice(6));
    expect(probe).toMatchObject({ type: 'Text', content: 'count 0', nothing: '', root: 'root', first: 'Column',
      kids: ['Text', 'Button', 'Toggle', 'Button'], missing: '100001', sent: true, absent: false });
    expect(probe.w).toBeGreaterThan(0);
    // sendEventByKey's click came on a timer after the probe returned.
    await new Promise((r) => setTimeout(r, 20));
    await app.settle();
    expect(JSON.parse(app.evaluate('getInspectorByKey("label")') as string).$attrs.content).toBe('count 1');
    app.evaluate('sendEventByKey("btn", 11, "")');
    await new Promise((r) => setTimeout(r, 20));
    await app.settle();
    expect(JSON.parse(app.evaluate('getInspectorByKey("label")') as string).$attrs.content).toBe('count 101');
    app.stop();
  });
});

describe('inspector attributes the conformance suites read', () => {
  it("Flex's constructor is an object; a Stack's .align() wins over its alignContent option (one property), in layout and inspector; Flex stretch and Auto", async () => {
    const app = launchSource(page('Index', '', `
      this.observeComponentCreation2((elmtId, isInitialRender) => { Column.create(); }, Column);
      this.observeComponentCreation2((elmtId, isInitialRender) => { Flex.create({ wrap: FlexWrap.Wrap }); Flex.id('flex'); }, Flex);
      Flex.pop();
      this.observeComponentCreation2((elmtId, isInitialRender) => { Flex.create({ alignItems: ItemAlign.Stretch }); Flex.height(200); Flex.id('stretch'); }, Flex);
      this.observeComponentCreation2((elmtId, isInitialRender) => { Text.create('s'); Text.width(50); Text.height(50); Text.id('stretched'); }, Text);
      Text.pop();
      Flex.pop();
      this.observeComponentCreation2((elmtId, isInitialRender) => { Flex.create({ alignItems: ItemAlign.Auto }); Flex.height(200); Flex.id('auto'); }, Flex);
      this.observeComponentCreation2((elmtId, isInitialRender) => { Text.create('a'); Text.width(50); Text.height(50); Text.id('autoKid'); }, Text);
      Text.pop();
      Flex.pop();
      this.observeComponentCreation2((elmtId, isInitialRender) => { Stack.create({ alignContent: Alignment.Bottom }); Stack.width(300); Stack.height(300); Stack.align(Alignment.TopStart); Stack.id('stack'); }, Stack);
      this.observeComponentCreation2((elmtId, isInitialRender) => { Text.create('a'); Text.width(100); Text.height(100); Text.id('kid'); }, Text);
      Text.pop();
      Stack.pop();
      Column.pop();
    `));
    await app.settle();
    const flex = JSON.parse(app.evaluate('getInspectorByKey("flex")') as string);
    expect(flex.$attrs.constructor).toMatchObject({ direction: 'FlexDirection.Row', wrap: 'FlexWrap.Wrap' });
    const stack = JSON.parse(app.evaluate('getInspectorByKey("stack")') as string);
    expect(stack.$attrs).toMatchObject({ align: 'Alignment.TopStart', alignContent: 'Alignment.TopStart' });
    const kid = JSON.parse(app.evaluate('getInspectorByKey("kid")') as string);
    const at = (s: string) => JSON.parse(`[${s}]`) as number[][];
    expect(at(kid.$rect)[0]).toEqual(at(stack.$rect)[0]);
    // ArkUI's Flex stretches an item with its own height; ItemAlign.Auto on the container is Start.
    const rect = (key: string) => at(JSON.parse(app.evaluate(`getInspectorByKey("${key}")`) as string).$rect);
    expect(rect('stretched')[1][1] - rect('stretched')[0][1]).toBeCloseTo(rect('stretch')[1][1] - rect('stretch')[0][1], 1);
    expect(rect('autoKid')[0][1]).toBeCloseTo(rect('auto')[0][1], 1);
    app.stop();
  });
});

describe('focus, enabled and pointer events (framework/focus.ts)', () => {
  it('defaultFocus, focusControl.requestFocus with onFocus/onBlur, Tab order; a disabled element takes no focus, clicks or mouse events', async () => {
    const log = (what: string) => `() => { globalThis.__ev = (globalThis.__ev || '') + '${what};'; }`;
    const app = launchSource(page('Index', '', `
      this.observeComponentCreation2((elmtId, isInitialRender) => { Column.create(); }, Column);
      this.observeComponentCreation2((elmtId, isInitialRender) => { Button.createWithLabel('one'); Button.id('one'); Button.onFocus(${log('focus1')}); Button.onBlur(${log('blur1')}); Button.onHover(${log('hover1')}); }, Button);
      Button.pop();
      this.observeComponentCreation2((elmtId, isInitialRender) => { Button.createWithLabel('two'); Button.id('two'); Button.defaultFocus(true); Button.onFocus(${log('focus2')}); Button.onBlur(${log('blur2')}); }, Button);
      Button.pop();
      this.observeComponentCreation2((elmtId, isInitialRender) => { Text.create('text'); Text.id('text'); Text.focusable(true); Text.onFocus(${log('focusT')}); }, Text);
      Text.pop();
      this.observeComponentCreation2((elmtId, isInitialRender) => { Text.create('plain'); Text.id('plain'); }, Text);
      Text.pop();
      this.observeComponentCreation2((elmtId, isInitialRender) => { Row.create(); }, Row);
      this.observeComponentCreation2((elmtId, isInitialRender) => { Button.createWithLabel('wide'); Button.id('wide'); Button.focusable(false); Button.width(100); Button.height(40); Button.responseRegion({ x: 0, y: 0, width: '200%', height: '100%' }); Button.onClick(${log('clickWide')}); }, Button);
      Button.pop();
      Row.pop();
      this.observeComponentCreation2((elmtId, isInitialRender) => { Button.createWithLabel('off'); Button.id('off'); Button.enabled(false); Button.onClick(${log('clickOff')}); Button.onHover(${log('hoverOff')}); }, Button);
      Button.pop();
      Column.pop();
    `));
    const settle = async () => { await new Promise((r) => setTimeout(r, 20)); await app.settle(); };
    await settle();
    expect(app.evaluate('globalThis.__ev')).toBe('focus2;'); // defaultFocus on mount
    expect(app.evaluate('[focusControl.requestFocus("one"), focusControl.requestFocus("nope"), focusControl.requestFocus("off"), focusControl.requestFocus("plain")].join()')).toBe('true,false,false,false');
    await settle();
    expect(app.evaluate('focusControl.requestFocus("text")')).toBe(true);
    await settle();
    expect(app.evaluate('globalThis.__ev')).toBe('focus2;blur2;focus1;blur1;focusT;');
    app.evaluate('globalThis.__ev = ""; sendKeyEvent({ type: KeyType.Down, keyCode: 2049, keyText: "Tab" })');
    await settle();
    expect(app.evaluate('globalThis.__ev')).toBe('focus1;'); // Tab wraps from the last focusable to the first
    const center = (key: string) => { const r = JSON.parse(`[${JSON.parse(app.evaluate(`getInspectorByKey("${key}")`) as string).$rect}]`) as number[][]; return { x: (r[0][0] + r[1][0]) / 2, y: (r[0][1] + r[1][1]) / 2 }; };
    const off = center('off');
    app.evaluate(`globalThis.__ev = ""; sendEventByKey("off", 10, ""); sendMouseEvent({ x: ${off.x}, y: ${off.y}, action: MouseAction.Hover, button: MouseButton.None })`);
    const one = center('one');
    app.evaluate(`sendMouseEvent({ x: ${one.x}, y: ${one.y}, action: MouseAction.Hover, button: MouseButton.None })`);
    await settle();
    expect(app.evaluate('globalThis.__ev')).toBe('hover1;');
    // responseRegion: a touch beside the button, inside its region (twice its width), clicks it.
    const wide = center('wide');
    const beside = wide.x + 75 * app.device.profile.density;
    app.evaluate(`globalThis.__ev = ""; sendTouchEvent({ type: TouchType.Down, id: 0, x: ${beside}, y: ${wide.y} }); sendTouchEvent({ type: TouchType.Up, id: 0, x: ${beside}, y: ${wide.y} })`);
    await settle();
    expect(app.evaluate('globalThis.__ev')).toBe('clickWide;');
    expect(JSON.parse(app.evaluate('getInspectorByKey("two")') as string).$attrs).toMatchObject({ defaultFocus: true, touchable: true,
      hitTestBehavior: 'HitTestMode.Default', responseRegion: [JSON.stringify({ x: '0.00vp', y: '0.00vp', width: '100.00%', height: '100.00%' })] });
    app.stop();
  });
});

describe('touch test (hitTestBehavior)', () => {
  it('a touch reaches the topmost element and bubbles up its ancestors; Transparent lets the sibling below take it, None keeps the element out, Block its children', async () => {
    const touch = (what: string) => `() => { globalThis.__ev = (globalThis.__ev || '') + '${what};'; }`;
    const box = (key: string, mode: string) => `this.observeComponentCreation2((elmtId, isInitialRender) => { Column.create(); Column.id('${key}'); Column.width(100); Column.height(100); Column.hitTestBehavior(HitTestMode.${mode}); Column.onTouch(${touch(key)}); }, Column);`;
    const app = launchSource(page('Index', '', `
      this.observeComponentCreation2((elmtId, isInitialRender) => { Stack.create(); Stack.id('stack'); Stack.onTouch(${touch('stack')}); }, Stack);
      ${box('below', 'Default')}
      Column.pop();
      ${box('top', 'Default')}
      ${box('kid', 'Default')}
      Column.pop();
      Column.pop();
      Stack.pop();
    `));
    const settle = async () => { await new Promise((r) => setTimeout(r, 20)); await app.settle(); };
    await settle();
    const r = JSON.parse(`[${JSON.parse(app.evaluate('getInspectorByKey("top")') as string).$rect}]`) as number[][];
    const x = (r[0][0] + r[1][0]) / 2; const y = (r[0][1] + r[1][1]) / 2;
    const down = async (mode?: string) => {
      if (mode) app.evaluate(`globalThis.__setMode("${mode}")`);
      await settle();
      app.evaluate(`globalThis.__ev = ""; sendTouchEvent({ type: TouchType.Down, id: 0, x: ${x}, y: ${y} })`);
      await settle();
      return app.evaluate('globalThis.__ev');
    };
    expect(await down()).toBe('kid;top;stack;');
    // The mode of 'top' changes through its attribute, as a state update would set it.
    app.evaluate(`globalThis.__setMode = (m) => { const n = __rt.findByKey('top'); n.attrs.hitTestBehavior = [HitTestMode[m]]; }`);
    expect(await down('Transparent')).toBe('kid;top;below;stack;');
    expect(await down('None')).toBe('kid;stack;');
    expect(await down('Block')).toBe('top;stack;');
    app.stop();
  });

  it('a tap gives focus to an element with focusOnTouch(true), not to one without it', async () => {
    const focus = (what: string) => `() => { globalThis.__ev = (globalThis.__ev || '') + '${what};'; }`;
    const app = launchSource(page('Index', '', `
      this.observeComponentCreation2((elmtId, isInitialRender) => { Column.create(); }, Column);
      this.observeComponentCreation2((elmtId, isInitialRender) => { Button.createWithLabel('a'); Button.id('a'); Button.focusOnTouch(true); Button.onFocus(${focus('a')}); }, Button);
      Button.pop();
      this.observeComponentCreation2((elmtId, isInitialRender) => { Button.createWithLabel('b'); Button.id('b'); Button.focusOnTouch(false); Button.onFocus(${focus('b')}); }, Button);
      Button.pop();
      Column.pop();
    `));
    const settle = async () => { await new Promise((r) => setTimeout(r, 20)); await app.settle(); };
    await settle();
    app.evaluate('sendEventByKey("b", 10, ""); sendEventByKey("a", 10, "")');
    await settle();
    expect(app.evaluate('globalThis.__ev')).toBe('a;');
    expect(JSON.parse(app.evaluate('getInspectorByKey("a")') as string).$attrs.focusOnTouch).toBe(true);
    app.stop();
  });
});

describe('stateStyles and Visibility.Hidden in the inspector', () => {
  it('applies the styles of the state an element is in (normal / disabled / focused); a Hidden element keeps its rect', async () => {
    const app = launchSource(page('Index', stateProp('on', 'true'), `
      this.observeComponentCreation2((elmtId, isInitialRender) => { Column.create(); }, Column);
      this.observeComponentCreation2((elmtId, isInitialRender) => {
        Button.createWithLabel('b'); Button.id('b'); Button.enabled(this.on);
        ViewStackProcessor.visualState("normal"); Button.zIndex(1);
        ViewStackProcessor.visualState("disabled"); Button.zIndex(2);
        ViewStackProcessor.visualState("focused"); Button.zIndex(3);
        ViewStackProcessor.visualState();
      }, Button);
      Button.pop();
      this.observeComponentCreation2((elmtId, isInitialRender) => { Text.create('hidden'); Text.id('h'); Text.width(100); Text.height(40); Text.visibility(Visibility.Hidden); }, Text);
      Text.pop();
      this.observeComponentCreation2((elmtId, isInitialRender) => { Button.createWithLabel('flip'); Button.onClick(() => { this.on = !this.on; }); }, Button);
      Button.pop();
      Column.pop();
    `));
    await app.settle();
    const z = () => JSON.parse(app.evaluate('getInspectorByKey("b")') as string).$attrs.zIndex;
    expect(z()).toBe(1);
    app.evaluate('focusControl.requestFocus("b")');
    await app.settle();
    expect(z()).toBe(3);
    app.click(app.findText('flip')!);
    await app.settle();
    expect(z()).toBe(2);
    const r = JSON.parse(`[${JSON.parse(app.evaluate('getInspectorByKey("h")') as string).$rect}]`) as number[][];
    expect(r[1][0] - r[0][0]).toBeCloseTo(100 * app.device.profile.density, 1);
    app.stop();
  });
});
