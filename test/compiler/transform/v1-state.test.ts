import { describe, expect, it } from 'vitest';
import { compiles, errors, fixture, transform } from './helpers.js';

describe('transformEts: V1 state decorators', () => {
  const r = transform(fixture('v1-state.ets'), { pagePath: 'pages/TaskList' });
  const code = r.code;

  it('compiles without errors and is valid TypeScript', () => {
    expect(errors(r)).toEqual([]);
    compiles(code);
  });

  it('@Prop, @Link, @ObjectLink, @Consume get synched backing objects', () => {
    expect(code).toContain('this.__task = new SynchedPropertyNesedObjectPU(params.task, this, "task");');
    expect(code).toContain('this.__index = new SynchedPropertySimpleOneWayPU(params.index, this, "index");');
    expect(code).toContain('this.__total = new SynchedPropertySimpleTwoWayPU(params.total, this, "total");');
    expect(code).toContain(`this.__theme = this.initializeConsume('theme', "theme");`);
    expect(code).toContain('this.__index.reset(params.index);'); // @Prop follows the parent on update
    expect(code).toMatch(/if \(params\.index === undefined\) \{\s+this\.__index\.set\(0\);/);
  });

  it('@State arrays are object state; @Watch declares its callback; @Provide registers its alias', () => {
    expect(code).toContain('this.__tasks = new ObservedPropertyObjectPU([new Task(\'a\')], this, "tasks");');
    expect(code).toContain('this.__count = new ObservedPropertySimplePU(0, this, "count");');
    expect(code).toContain('this.declareWatch("count", this.onCount);');
    expect(code).toContain(`this.addProvidedVar('theme', this.__theme, false);`);
  });

  it('app and page storage decorators call the create*Storage* helpers with key and default', () => {
    expect(code).toContain(`this.__user = this.createStorageLink('user', 'guest', "user");`);
    expect(code).toContain(`this.__lang = this.createStorageProp('lang', 'en', "lang");`);
    expect(code).toContain(`this.__sel = this.createLocalStorageLink('sel', 1, "sel");`);
    expect(code).toContain(`this.__mode = this.createLocalStorageProp('mode', 'a', "mode");`);
  });

  it('@Entry(storage) passes the LocalStorage to the route', () => {
    expect(code).toContain('registerNamedRoute(() => new TaskList(undefined, {}, storage), ""');
  });

  it('a child gets $state as the backing object and re-renders skip it', () => {
    expect(code).toContain('let componentCall = new TaskRow(this, { task: t, index: i, total: this.__count, extra: this.extraBuilder }');
    expect(code).toContain('this.updateStateVarsOfChildByElmtId(elmtId, { task: t, index: i, extra: this.extraBuilder });');
    expect(code).toContain('ViewPU.create(componentCall);');
    expect(code).toContain('this.extra.bind(this)();'); // @BuilderParam call
  });

  it('@Observed classes and @Track fields are decorated at runtime', () => {
    expect(code).toContain('__decorate([Track], Task.prototype, "title", void 0);');
    expect(code).toContain('Task = __decorate([Observed], Task);');
    expect(code).toContain('declare title: string;');
    expect(code).toContain('const __decorate = function');
  });

  it('the decorated classes work when run: @Observed wraps the class, fields are set through accessors', () => {
    const js = compiles(code.split('\nlet storage')[0].replace(/^if \(!\("finalizeConstruction".*$/m, ''));
    const seen: string[] = [];
    const run = new Function('Track', 'Observed', `${js}\nreturn new Task('x');`);
    const task = run(
      (proto: object, key: string) => {
        Object.defineProperty(proto, key, { set(v) { seen.push(`${key}=${v}`); this[`__${key}`] = v; }, get() { return this[`__${key}`]; } });
      },
      (cls: new (...a: unknown[]) => object) => cls,
    );
    expect(seen).toEqual(['title=', 'title=x']);
    expect(task.title).toBe('x');
  });
});
