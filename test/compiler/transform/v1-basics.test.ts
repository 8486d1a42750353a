import { describe, expect, it } from 'vitest';
import { compiles, errors, fixture, transform } from './helpers.js';

describe('transformEts: V1 struct, @State, built-in components, events, route', () => {
  const r = transform(fixture('counter.ets'), { pagePath: 'pages/Index' });

  it('emits a ViewPU class with backing state objects', () => {
    expect(errors(r)).toEqual([]);
    expect(r.code).toContain('class Index extends ViewPU {');
    expect(r.code).toContain('this.__count = new ObservedPropertySimplePU(0, this, "count");');
    expect(r.code).toContain(`this.__items = new ObservedPropertyObjectPU(['a', 'b'], this, "items");`);
    expect(r.code).toContain('get count() {');
    expect(r.code).toContain('this.__count.purgeDependencyOnElmtId(rmElmtId);');
    expect(r.code).toContain("this.label = 'Count';");
  });

  it('lowers the build DSL to create / attribute / pop calls in order', () => {
    const calls = r.code.match(/\b(?:Column|Text|Button|If|ForEach)\.\w+\(/g) ?? [];
    expect(calls).toEqual([
      'Column.create(', 'Column.width(', 'Text.create(', 'Text.fontSize(', 'Text.fontColor(', 'Text.pop(',
      'Button.createWithLabel(', 'Button.onClick(', 'Button.pop(', 'If.create(', 'Text.create(', 'Text.pop(',
      'Text.create(', 'Text.pop(', 'If.pop(', 'ForEach.create(', 'Text.create(', 'Text.pop(', 'ForEach.pop(', 'Column.pop(',
    ]);
    expect(r.code).toContain('this.observeComponentCreation2((elmtId, isInitialRender) => {');
    expect(r.code).toContain('this.ifElseBranchUpdateFunction(1, () => {');
    expect(r.code).toContain('this.forEachUpdateFunction(elmtId, this.items, forEachItemGenFunction, (item: string) => item, false, false);');
  });

  it('resolves $r through the resource table', () => {
    expect(r.code).toContain('Text.fontColor({ id: 16777218, type: 10001, params: [], bundleName: "com.example.app", moduleName: "entry" });');
  });

  it('registers the page route when pagePath is set, and not otherwise', () => {
    expect(r.code).toContain('registerNamedRoute(() => new Index(undefined, {}), "", { bundleName: "com.example.app", moduleName: "entry", pagePath: "pages/Index", pageFullPath: "entry/src/main/ets/pages/Index", integratedHsp: "false", moduleType: "followWithHap" });');
    expect(r.code).toContain('static getEntryName()');
    expect(transform(fixture('counter.ets')).code).not.toContain('registerNamedRoute');
  });

  it('is valid TypeScript for esbuild and ends with an inline source map back to the .ets', () => {
    const js = compiles(r.code);
    expect(js).toContain('ViewPU');
    const m = /\/\/# sourceMappingURL=data:application\/json;base64,(\S+)\s*$/.exec(r.code);
    expect(m).not.toBeNull();
    const map = JSON.parse(Buffer.from(m![1], 'base64').toString('utf8'));
    expect(map.sources).toEqual(['/proj/entry/src/main/ets/pages/Index.ets']);
    // No sourcesContent: esbuild reads the .ets itself for the bundle's map (test/compiler/bundle.test.ts checks it there).
    expect(map.sourcesContent).toBeUndefined();
    // The generated `Text.fontSize(20)` line maps to .ets line 11 (0-based 10).
    const lines = r.code.split('\n');
    const gen = lines.findIndex((l) => l.includes('Text.fontSize(20)'));
    expect(originalLine(map.mappings, gen)).toBe(10);
  });
});

/** Decodes the original line of generated line `gen` from a VLQ mappings string (first segment of each line). */
function originalLine(mappings: string, gen: number): number | undefined {
  const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let orig = 0;
  const lines = mappings.split(';');
  let result: number | undefined;
  for (let i = 0; i <= gen && i < lines.length; i++) {
    if (!lines[i]) { if (i === gen) result = undefined; continue; }
    const values: number[] = [];
    let shift = 0; let acc = 0;
    for (const ch of lines[i].split(',')[0]) {
      const d = B64.indexOf(ch);
      acc += (d & 31) << shift;
      if (d & 32) { shift += 5; } else { values.push(acc & 1 ? -(acc >> 1) : acc >> 1); acc = 0; shift = 0; }
    }
    orig += values[2];
    if (i === gen) result = orig;
  }
  return result;
}
