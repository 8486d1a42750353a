import { describe, expect, it } from 'vitest';
import { FILE, compiles, transform } from './helpers.js';

/** The diagnostics (code, line, col) of transforming `src`. */
function diags(src: string) {
  const r = transform(src);
  compiles(r.code); // whatever the errors, the output stays valid TypeScript
  return r.diagnostics.map((d) => ({ severity: d.severity, code: d.code, line: d.line, col: d.col, file: d.file }));
}

describe('transformEts diagnostics', () => {
  it('a V1 decorator in a @ComponentV2 struct', () => {
    const d = diags(`@ComponentV2\nstruct A {\n  @State x: number = 0\n  build() { Text('a') }\n}\n`);
    expect(d).toContainEqual({ severity: 'error', code: 'ETS_V1_IN_V2', line: 3, col: 3, file: FILE });
  });

  it('a V2 decorator in a @Component struct', () => {
    const d = diags(`@Component\nstruct A {\n  @Local x: number = 0\n  build() { Text('a') }\n}\n`);
    expect(d).toContainEqual(expect.objectContaining({ code: 'ETS_V2_IN_V1', line: 3, col: 3 }));
  });

  it('@Link and @ObjectLink initialised locally', () => {
    const d = diags(`@Component\nstruct A {\n  @Link a: number = 1\n  @ObjectLink b: Foo = new Foo()\n  build() { Text('a') }\n}\n`);
    expect(d.filter((x) => x.code === 'ETS_LINK_INITIALIZED')).toEqual([
      expect.objectContaining({ line: 3, col: 21 }), expect.objectContaining({ line: 4, col: 24 }),
    ]);
  });

  it('a component without build()', () => {
    expect(diags(`@Component\nstruct Empty {\n  x: number = 1\n}\n`)).toContainEqual(expect.objectContaining({ code: 'ETS_NO_BUILD', line: 2, col: 8 }));
  });

  it('two @Entry structs in one file', () => {
    const d = diags(`@Entry\n@Component\nstruct A {\n  build() { Text('a') }\n}\n@Entry\n@Component\nstruct B {\n  build() { Text('b') }\n}\n`);
    expect(d).toEqual([expect.objectContaining({ severity: 'error', code: 'ETS_DUPLICATE_ENTRY', line: 6, col: 1 })]);
  });

  it('ListItem outside List, GridItem outside Grid, TabContent outside Tabs', () => {
    const d = diags(`@Component\nstruct A {\n  build() {\n    Column() {\n      ListItem() { Text('a') }\n      GridItem() { Text('b') }\n      TabContent() { Text('c') }\n    }\n  }\n}\n`);
    expect(d.filter((x) => x.code === 'ETS_CHILD_PARENT').map((x) => x.line)).toEqual([5, 6, 7]);
    // allowed through if / ForEach inside the right parent
    const ok = diags(`@Component\nstruct A {\n  @State xs: number[] = []\n  build() {\n    List() {\n      if (this.xs.length > 0) {\n        ForEach(this.xs, (x: number) => {\n          ListItem() { Text('' + x) }\n        })\n      }\n    }\n  }\n}\n`);
    expect(ok).toEqual([]);
    // as ets-loader, no parent is known inside an if/else branch: a Span there is not checked
    const branch = diags(`@Component\nstruct A {\n  @State on: boolean = true\n  build() {\n    Column() {\n      if (this.on) {\n        Span('a')\n      }\n    }\n  }\n}\n`);
    expect(branch).toEqual([]);
  });

  it('children on a leaf component', () => {
    expect(diags(`@Component\nstruct A {\n  build() {\n    Image('a.png') {\n      Text('x')\n    }\n  }\n}\n`))
      .toContainEqual(expect.objectContaining({ code: 'ETS_NO_CHILDREN', line: 4, col: 5 }));
  });

  it('unknown decorators on struct members are warnings; on classes they are TypeScript decorators, applied', () => {
    const d = diags(`@Component\nstruct A {\n  @Foo x: number = 0\n  build() { Text('a') }\n}\n`);
    expect(d).toEqual([expect.objectContaining({ severity: 'warning', code: 'ETS_UNKNOWN_DECORATOR', line: 3, col: 3 })]);
    // a library's decorators (an ORM's @Entity/@Column), and @Sendable, compile as the reference compiles them
    const r = transform(`@Sendable\n@Entity('t')\nclass B {\n  @Column({ name: 'y' }) y: number = 1\n  @Sendable\n  m() {}\n}\n@Sendable\nfunction f() {}\n`);
    expect(r.diagnostics).toEqual([]);
    expect(r.code).toContain(`__decorate([Column({ name: 'y' })], B.prototype, "y", void 0);`);
    expect(r.code).toContain(`B = __decorate([Entity('t')], B);`);
    expect(r.code).not.toMatch(/@Sendable|@Column|@Entity|__decorate\(\[Sendable/);
  });

  it('syntax errors come from the parser as ETS_SYNTAX', () => {
    const d = diags(`@Component\nstruct A {\n  build() {\n    Text('a'\n  }\n}\n`);
    expect(d[0]).toEqual(expect.objectContaining({ severity: 'error', code: 'ETS_SYNTAX', line: 5 }));
  });

  it('bad resource references', () => {
    const d = diags(`@Component\nstruct A {\n  build() {\n    Text($r('string.title'))\n  }\n}\n`);
    expect(d).toEqual([expect.objectContaining({ severity: 'warning', code: 'ETS_RESOURCE_REF', line: 4, col: 13 })]);
  });

  it('decorators on declarations they cannot decorate, and a @Watch without a method name', () => {
    expect(diags(`@Track\ntype N = number;\n`)).toEqual([expect.objectContaining({ code: 'ETS_DECORATOR_TARGET', line: 1, col: 1 })]);
    const d = diags(`@Component\nstruct A {\n  @State @Watch(123) x: number = 0\n  build() { Text('a') }\n}\n`);
    expect(d).toEqual([expect.objectContaining({ code: 'ETS_WATCH_ARG', line: 3, col: 17 })]);
  });

  it('break / continue in UI code', () => {
    const d = diags(`@Component\nstruct A {\n  build() {\n    Column() {\n      Text('a')\n      break;\n    }\n  }\n}\n`);
    expect(d).toEqual([expect.objectContaining({ code: 'ETS_UI_STATEMENT', line: 6, col: 7 })]);
  });

  it('a constructor in a struct is dropped with a warning', () => {
    const d = diags(`@Component\nstruct A {\n  x: number = 0\n  constructor(x: number) {\n    this.x = x\n  }\n  build() { Text('a') }\n}\n`);
    expect(d).toEqual([expect.objectContaining({ severity: 'warning', code: 'ETS_STRUCT_CONSTRUCTOR', line: 4, col: 3 })]);
  });
});
