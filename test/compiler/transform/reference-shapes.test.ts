// Regressions found by the differential oracle (scripts/oracle-diff.mjs): output shapes the reference compiler emits
// (bindings, builder arguments, params objects, wrapBuilder, static members), and the runtime must drive them.
import { transformSync } from 'esbuild';
import { describe, expect, it } from 'vitest';
import { compiles, errors, fixture, transform } from './helpers.js';
import { launchSource } from '../../runtime/helpers.js';
import type { UINode } from '../../../src/runtime/ui-node.js';

const r = transform(fixture('bindings.ets'), { pagePath: 'pages/Index' });

describe('transformEts: binding and builder-call shapes', () => {
  it('compiles without errors', () => {
    expect(errors(r)).toEqual([]);
    compiles(r.code);
  });

  it('`.select($$this.x)` on an attribute is the value plus a setter', () => {
    expect(r.code).toContain('Checkbox.select(this.wifi, newValue => { this.wifi = newValue; });');
  });

  it('`isOn: this.x!!` in a built-in\'s options is the value plus a sibling $isOn setter', () => {
    expect(r.code).toMatch(/isOn: this\.dark, \$isOn: newValue => \{ this\.dark = newValue; \}/);
  });

  it('a @Builder call passed to bindSheet / tabBar is deferred into { builder: () => … }', () => {
    expect(r.code).toContain('{ builder: () => { this.helpSheet.call(this); } }');
    expect(r.code).toContain(`{ builder: () => { this.tabLabel.call(this, 'one'); } }`);
  });

  it('through `?:` each branch is wrapped; a popup\'s `builder:` option holds the wrapped value', () => {
    expect(r.code).toContain(`Row.bindMenu(this.dark ? { builder: () => { this.tabLabel.call(this, 'menu'); } } : { builder: this.helpSheet.bind(this) });`);
    expect(r.code).toContain('Text.bindPopup(false, { builder: { builder: this.helpSheet.bind(this) } });');
  });
});

describe('bindings run on the device', () => {
  const find = (n: UINode, type: string): UINode | undefined => (n.type === type ? n : n.children.map((c) => find(c, type)).find(Boolean));

  it('clicking the Checkbox and the Toggle writes back through the reference shapes', async () => {
    const js = transformSync(r.code, { loader: 'ts', format: 'iife', tsconfigRaw: { compilerOptions: { experimentalDecorators: true } } }).code;
    const app = launchSource(js, { page: 'pages/Index' });
    await app.settle();
    expect(app.crash).toBeUndefined();
    expect(app.findText('wifi false dark true')).toBeDefined();
    const sheet = find(app.tree(), 'Button')!.attrs.bindSheet;
    expect(typeof (sheet[1] as { builder: unknown }).builder).toBe('function');
    app.click(find(app.tree(), 'Checkbox')!);
    app.click(find(app.tree(), 'Toggle')!);
    await app.settle();
    expect(app.findText('wifi true dark false')).toBeDefined();
    app.stop();
  });
});

describe('@Entry(options variable) on the device', () => {
  it('the page gets the options\' storage and route name', async () => {
    const src = `let store = new LocalStorage({ 'user': 'ada' })\nlet opts: EntryOptions = { routeName: 'profile', storage: store }\n@Entry(opts)\n@Component\nstruct Profile {\n  @LocalStorageLink('user') user: string = 'nobody'\n  build() {\n    Column() {\n      Text(this.user)\n    }\n  }\n}\n`;
    const out = transform(src, { pagePath: 'pages/Profile' });
    expect(errors(out)).toEqual([]);
    const js = transformSync(out.code, { loader: 'ts', format: 'iife', tsconfigRaw: { compilerOptions: { experimentalDecorators: true } } }).code;
    const app = launchSource(js, { page: 'pages/Profile' });
    await app.settle();
    expect(app.crash).toBeUndefined();
    expect(app.findText('ada')).toBeDefined();
    app.stop();
  });
});

describe('a custom component given a params object built elsewhere', () => {
  it('`Child(opts)` passes the object itself, at creation and in the params lambda', async () => {
    const src = `interface Opts { message: string }\nlet opts: Opts = { message: 'Hi' }\n@Entry\n@Component\nstruct P {\n  build() {\n    Column() {\n      Child(opts)\n    }\n  }\n}\n@Component\nstruct Child {\n  private message: string = ''\n  build() {\n    Text(this.message)\n  }\n}\n`;
    const out = transform(src, { pagePath: 'pages/Index' });
    expect(errors(out)).toEqual([]);
    expect(out.code).toMatch(/new Child\(this, opts, undefined, elmtId/);
    expect(out.code).toContain('let paramsLambda = () => { return opts; };');
    const js = transformSync(out.code, { loader: 'ts', format: 'iife' }).code;
    const app = launchSource(js, { page: 'pages/Index' });
    await app.settle();
    expect(app.crash).toBeUndefined();
    expect(app.findText('Hi')).toBeDefined();
    app.stop();
  });
});

describe('wrapBuilder', () => {
  it('`wrapped.builder(…)` in build() is a builder call on this view and renders', async () => {
    const src = `@Builder\nfunction Label(text: string) {\n  Text(text)\n}\nlet wrapped: WrappedBuilder<[string]> = wrapBuilder(Label)\n@Entry\n@Component\nstruct P {\n  @State msg: string = 'wrapped hello'\n  build() {\n    Column() {\n      wrapped.builder(this.msg)\n    }\n  }\n}\n`;
    const out = transform(src, { pagePath: 'pages/Index' });
    expect(errors(out)).toEqual([]);
    expect(out.code).toContain('wrapped.builder.bind(this)(this.msg);');
    const js = transformSync(out.code, { loader: 'ts', format: 'iife' }).code;
    const app = launchSource(js, { page: 'pages/Index' });
    await app.settle();
    expect(app.crash).toBeUndefined();
    expect(app.findText('wrapped hello')).toBeDefined();
    app.stop();
  });
});

describe('static members of a V2 struct', () => {
  it('@Monitor / @Computed on a static method or accessor are decorated on the class, not its prototype', async () => {
    const src = `@Entry\n@ComponentV2\nstruct P {\n  static base: string = 'static ok'\n  @Computed\n  static get label() {\n    return P.base\n  }\n  @Monitor('x')\n  onX() {}\n  build() {\n    Column() {\n      Text(P.label)\n    }\n  }\n}\n`;
    const out = transform(src, { pagePath: 'pages/Index' });
    expect(errors(out)).toEqual([]);
    expect(out.code).toContain('__decorate([Computed], P, "label", null);');
    expect(out.code).toContain('__decorate([Monitor(\'x\')], P.prototype, "onX", null);');
    const js = transformSync(out.code, { loader: 'ts', format: 'iife', tsconfigRaw: { compilerOptions: { experimentalDecorators: true } } }).code;
    const app = launchSource(js, { page: 'pages/Index' });
    await app.settle();
    expect(app.crash).toBeUndefined();
    expect(app.findText('static ok')).toBeDefined();
    app.stop();
  });
});

describe('a builder\'s by-reference $$ parameter passed to a child\'s @Link', () => {
  it('`Child({ v: $$.x })` hands over the caller\'s state variable, so the child writes back', async () => {
    const src = `class Params { count: number = 0 }\n@Entry\n@Component\nstruct P {\n  @State n: number = 1\n  @Builder row($$: Params) {\n    Incrementer({ value: $$.count })\n  }\n  build() {\n    Column() {\n      this.row({ count: this.n })\n      Text('parent ' + this.n)\n    }\n  }\n}\n@Component\nstruct Incrementer {\n  @Link value: number\n  build() {\n    Button('inc ' + this.value).onClick(() => { this.value++ })\n  }\n}\n`;
    const out = transform(src, { pagePath: 'pages/Index' });
    expect(errors(out)).toEqual([]);
    expect(out.code).toContain('value: $$.__count');
    const js = transformSync(out.code, { loader: 'ts', format: 'iife' }).code;
    const app = launchSource(js, { page: 'pages/Index' });
    await app.settle();
    expect(app.crash).toBeUndefined();
    app.click(app.findText('inc 1')!);
    await app.settle();
    expect(app.findText('parent 2')).toBeDefined();
    app.stop();
  });
});

describe('an optional @BuilderParam', () => {
  it('`this.slot?.()` renders nothing when the parent gives no builder', async () => {
    const src = `@Component\nstruct Card {\n  @BuilderParam extra?: () => void\n  build() {\n    Column() {\n      Text('card')\n      this.extra?.()\n    }\n  }\n}\n@Entry\n@Component\nstruct P {\n  build() {\n    Column() {\n      Card()\n    }\n  }\n}\n`;
    const out = transform(src, { pagePath: 'pages/Index' });
    expect(errors(out)).toEqual([]);
    expect(out.code).toContain('this.extra?.bind(this)?.();');
    const js = transformSync(out.code, { loader: 'ts', format: 'iife' }).code;
    const app = launchSource(js, { page: 'pages/Index' });
    await app.settle();
    expect(app.crash).toBeUndefined();
    expect(app.findText('card')).toBeDefined();
    app.stop();
  });
});

describe('implicit animation', () => {
  it('`.animation(opts)` brackets the attributes set since the previous one', () => {
    const src = `@Entry\n@Component\nstruct P {\n  @State w: number = 10\n  build() {\n    Column() {\n      Row()\n        .opacity(0.5)\n        .animation({ duration: 100 })\n        .width(this.w)\n        .height(20)\n        .animation({ duration: 200 })\n        .onClick(() => { this.w += 10 })\n    }\n  }\n}\n`;
    const out = transform(src, { pagePath: 'pages/Index' });
    expect(errors(out)).toEqual([]);
    const calls = out.code.split('\n').map((l) => l.trim()).filter((l) => /^(Row\.|globalThis\.Context)/.test(l)).map((l) => l.replace(/\(.*$/, ''));
    expect(calls).toEqual(['Row.create', 'globalThis.Context.animation', 'Row.opacity', 'globalThis.Context.animation',
      'globalThis.Context.animation', 'Row.width', 'Row.height', 'globalThis.Context.animation', 'Row.onClick', 'Row.pop']);
    expect(out.code).toContain('globalThis.Context.animation({ duration: 200 });');
    expect(out.code).toContain('globalThis.Context.animation(null);');
    compiles(out.code);
  });
});

describe('legacy @Extend Comp.name(params) { … }', () => {
  it('compiles without the parser\'s errors, keeps every attribute of the chain, and renders', async () => {
    const src = `@Extend Text.loud(size: number) {\n  .fontSize(size)\n  .fontColor(Color.Red)\n}\n@Entry\n@Component\nstruct P {\n  build() {\n    Column() {\n      Text('hey').loud(30)\n    }\n  }\n}\n`;
    const out = transform(src, { pagePath: 'pages/Index' });
    expect(out.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(out.code).toMatch(/function __Text__loud\(size: number\) \{\s+Text\.fontSize\(size\);\s+Text\.fontColor\(Color\.Red\);\s+\}/);
    const js = transformSync(out.code, { loader: 'ts', format: 'iife' }).code;
    const app = launchSource(js, { page: 'pages/Index' });
    await app.settle();
    expect(app.crash).toBeUndefined();
    expect(app.findText('hey')!.attrs.fontSize).toEqual([30]);
    app.stop();
  });
});
