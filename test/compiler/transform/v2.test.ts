import { describe, expect, it } from 'vitest';
import { compiles, errors, fixture, transform } from './helpers.js';

describe('transformEts: @ComponentV2 and V2 decorators', () => {
  const r = transform(fixture('v2.ets'), { pagePath: 'pages/Parent' });
  const code = r.code;

  it('compiles without errors and is valid TypeScript', () => {
    expect(errors(r)).toEqual([]);
    compiles(code);
  });

  it('emits ViewV2 classes', () => {
    expect(code).toContain('class Child extends ViewV2 {');
    expect(code).toContain('class Parent extends ViewV2 {');
    expect(code).toContain('super(parent, elmtId, extraInfo);');
    expect(code).toContain('ViewV2.create(componentCall);');
  });

  it('@Local / @Provider / @Consumer are plain fields decorated at runtime', () => {
    expect(code).toContain('this.count = 0;');
    expect(code).toContain('__decorate([Local], Parent.prototype, "count", void 0);');
    expect(code).toContain(`__decorate([Provider('ctx')], Parent.prototype, "ctx", void 0);`);
    expect(code).toContain(`__decorate([Consumer('ctx')], Child.prototype, "ctx", void 0);`);
  });

  it('@Param / @Once use initParam / updateParam; @Event defaults to a no-op', () => {
    expect(code).toContain('this.initParam("value", (params && "value" in params) ? params.value : undefined);');
    expect(code).toContain('this.initParam("start", (params && "start" in params) ? params.start : 0);');
    expect(code).toContain('this.updateParam("value", params.value);');
    expect(code).toContain('__decorate([Param, Once], Child.prototype, "start", void 0);');
    expect(code).toContain('this.onChange = (params && "onChange" in params) ? params.onChange : () => { };');
    expect(code).toContain('__decorate([Event], Child.prototype, "onChange", void 0);');
  });

  it('@Monitor / @Computed on structs and @ObservedV2 classes; @Trace / @Type fields', () => {
    expect(code).toContain(`__decorate([Monitor('count')], Parent.prototype, "onCount", null);`);
    expect(code).toContain('__decorate([Computed], Parent.prototype, "double", null);');
    expect(code).toContain('__decorate([Trace], Person.prototype, "name", void 0);');
    expect(code).toContain('__decorate([Type(Person)], Person.prototype, "friend", void 0);');
    expect(code).toContain('Person = __decorate([ObservedV2], Person);');
    expect(code).toContain(`constructor() { this.name = 'n'; this.age = 1; }`);
  });

  it('`x!!` on a @Param passes the value and a $-event that writes it back', () => {
    expect(code).toContain('value: this.count, $value: newValue => { this.count = newValue; }');
  });

  it('Repeat renders with the view and its each() closure is lowered', () => {
    expect(code).toMatch(/Repeat\(\[1, 2, 3\], this\)\.each\(\(ri: RepeatItem<number>\) => \{\s+this\.observeComponentCreation2/);
    expect(code).toContain('.render(isInitialRender);');
    expect(code).toContain('}, Repeat);');
  });
});
