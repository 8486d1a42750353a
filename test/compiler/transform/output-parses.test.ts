import { describe, expect, it } from 'vitest';
import { compiles, transform } from './helpers.js';

/**
 * The transform's output always parses (issue 13, item 6): one minimal case for each shape that real code (the modern
 * corpus, the reference compiler's test inputs) once turned into JavaScript esbuild rejected. `npm run transform:check`
 * runs the same check over whole corpora.
 */
const cases: { name: string; source: string; errors?: string[]; warnings?: string[]; has?: string[] }[] = [
  {
    name: 'super() without a semicolon, then decorated fields initialised in the constructor',
    source: "class Base { constructor(a: string) {} }\n@ObservedV2\nclass Info extends Base {\n  @Trace team?: string = undefined\n  constructor(id: string) {\n    super(id)\n    this.team = 'x'\n  }\n}\n",
    has: ['super(id); this.team = undefined;'],
  },
  {
    name: 'a member builder called with an object literal holding $r()',
    source: "@Component\nstruct A {\n  @Builder item(p: ItemP) { Text(p.title) }\n  build() {\n    Column() {\n      this.item({ icon: $r('app.media.icon'), title: 'x' })\n    }\n  }\n}\n",
    has: ['icon: () => ({ id: 16777219'],
  },
  {
    name: "the HMS design kit's navigation components, with trailing closures and attributes",
    source: "import { HdsNavigation, HdsNavDestination, HdsTabs } from '@kit.UIDesignKit'\n@Component\nstruct A {\n  build() {\n    HdsNavigation() {\n      HdsTabs() {\n        TabContent() { Text('a') }\n      }\n    }\n    .hideTitleBar(true)\n  }\n  @Builder page() {\n    HdsNavDestination() {\n      Text('b')\n    }\n    .hideTitleBar(true)\n  }\n}\n",
    has: ['HdsNavigation.create(new NavPathStack()', 'HdsNavDestination.create(() => {', 'HdsTabs.pop();'],
  },
  {
    name: 'a trailing closure on a component whose declaration cannot be found',
    source: "import { Card } from 'somewhere'\n@Component\nstruct A {\n  build() {\n    Card() {\n      Text('x')\n    }\n  }\n}\n",
    warnings: ['ETS_TRAILING_CLOSURE_UNCHECKED'],
    has: ['__hmosTrailingClosure: () => {'],
  },
  {
    name: '@Extend combined with @Builder, @Styles or @Concurrent (the reference refuses it)',
    source: '@Extend(Text)\n@Builder\nfunction a() {\n  .fontSize(20)\n}\n@Extend(Column)\n@Concurrent\nfunction b() {\n  .padding(20)\n}\n',
    errors: ['ETS_DECORATOR_CONFLICT', 'ETS_DECORATOR_CONFLICT'],
  },
  {
    name: 'a @Builder that returns a component',
    source: "@Component\nstruct A {\n  @Builder b() {\n    return Column() {\n      Text('x')\n    }\n  }\n  build() { this.b() }\n}\n",
    errors: ['ETS_BUILDER_RETURN'],
  },
  {
    name: 'children written after the attributes',
    source: "@Component\nstruct A {\n  build() {\n    Column() {\n      Image('a.png')\n        .width(100) {\n        Text('x')\n      }\n    }\n  }\n}\n",
    errors: ['ETS_CHILDREN_AFTER_ATTRIBUTES'],
  },
  {
    name: "'!!' on something that cannot be assigned",
    source: "@ComponentV2\nstruct Child { @Param v: string = ''\n  @Event $v: (s: string) => void = () => {}\n  build() {} }\n@ComponentV2\nstruct A {\n  @Local o?: Obj = undefined\n  build() {\n    Column() {\n      Child({ v: this.o?.name!! })\n      Child({ v: 'hello'!! })\n    }\n  }\n}\n",
    errors: ['ETS_TWO_WAY_TARGET', 'ETS_TWO_WAY_TARGET'],
  },
];

describe('the transform output parses', () => {
  for (const c of cases) {
    it(c.name, () => {
      const r = transform(c.source);
      expect(() => compiles(r.code)).not.toThrow();
      expect(r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code)).toEqual(c.errors ?? []);
      expect(r.diagnostics.filter((d) => d.severity === 'warning').map((d) => d.code)).toEqual(c.warnings ?? []);
      for (const text of c.has ?? []) expect(r.code).toContain(text);
    });
  }

  it('a component with one @BuilderParam takes an unchecked trailing closure (V1 and V2)', () => {
    const v1 = transform('@Component\nexport struct Card {\n  @BuilderParam content: () => void\n  build() { this.content() }\n}\n').code;
    expect(v1).toContain('else if (params.__hmosTrailingClosure !== undefined) {');
    const v2 = transform('@ComponentV2\nexport struct Card {\n  @BuilderParam content: () => void\n  build() { this.content() }\n}\n').code;
    expect(v2).toContain('(params && "__hmosTrailingClosure" in params) ? params.__hmosTrailingClosure');
  });
});
