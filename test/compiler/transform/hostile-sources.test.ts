import { describe, expect, it } from 'vitest';
import { FILE, compiles, fixture, transform } from './helpers.js';
import { scanStructs } from '../../../src/compiler/transform/foreign-structs.js';
import { scanSystemImports } from '../../../src/compiler/system-modules.js';

describe('hostile .ets sources', () => {
  it('code nested past the stack (parser or lowering) is a located ETS_TOO_DEEP, not an exception', () => {
    const cases = [
      `let x = ${'('.repeat(20_000)}1${')'.repeat(20_000)}`,
      `function f() ${'{'.repeat(20_000)}${'}'.repeat(20_000)}`,
      `@Entry\n@Component\nstruct A {\n  build() {\n    ${'Column() {'.repeat(3000)}${'}'.repeat(3000)}\n  }\n}`,
    ];
    for (const src of cases) {
      const r = transform(src);
      expect(r.diagnostics).toHaveLength(1);
      expect(r.diagnostics[0]).toMatchObject({ severity: 'error', code: 'ETS_TOO_DEEP', file: FILE });
      expect(r.diagnostics[0]!.line).toBeGreaterThanOrEqual(1);
      expect(r.diagnostics[0]!.col).toBeGreaterThanOrEqual(1);
    }
  });

  it('the import and struct scans stay linear on text made to make regexes backtrack', () => {
    // Each of these took seconds to minutes at 64–200 KB with the earlier regexes; now 2 MB of each is read in one pass.
    for (const unit of ['struct a ', '@a(', '@a ', 'export {', 'import {', 'import a ']) {
      const text = unit.repeat(Math.floor(400_000 / unit.length));
      expect(scanStructs(text).size).toBe(0);
      expect(scanSystemImports(text).size).toBe(0);
    }
    // And they still read what they are for.
    expect([...scanStructs('@ComponentV2\n@Reusable export struct A {\n  @BuilderParam b: () => void; @Link x: number }\n@Entry(LocalStorage.getShared())\n@Component\nstruct B { }')])
      .toEqual([['A', { v2: true, reusable: true, builderParams: ['b'], links: ['x'] }], ['B', { v2: false, reusable: false, builderParams: [], links: [] }]]);
    expect([...scanSystemImports("import { a, b } from '@ohos.router';\nimport c from '@kit.ArkUI';")]).toEqual([['@ohos.router', new Set(['a', 'b'])], ['@kit.ArkUI', new Set(['default'])]]);
  });

  it('a statement that starts with `overload` (the parser never returns from it) is a located ETS_SYNTAX; `overload` elsewhere compiles', () => {
    const r = transform(fixture('hostile/overload-statement.ets'));
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([expect.objectContaining({ code: 'ETS_SYNTAX', file: FILE, line: 13, col: 5 })]);
    expect(r.diagnostics[0]!.message).toContain('overload');
    for (const src of ['overload', 'overload;', 'overload(1)', 'let a = 1\noverload[0] = a', 'overload: for (;;) {}', 'overload /* a */ . x']) {
      expect(transform(src).diagnostics).toContainEqual(expect.objectContaining({ code: 'ETS_SYNTAX', line: src.startsWith('let') ? 2 : 1, col: 1 }));
    }
    // Not at the start of a statement, in strings and comments, as a property: as the reference compiles them.
    const fine = transform("const overload = { x: 1 };\nconst y = [overload.x, f(overload)];\n// overload.x\nconst s = 'overload.';\nconst o = { overload: 1 }.overload;\nfunction f(a: object) { return a; }");
    expect(fine.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(compiles(fine.code)).toContain('[overload.x, f(overload)]');
  });
});
