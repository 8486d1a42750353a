import { describe, expect, it } from 'vitest';
import { jsStringValue, requiredSpecs, scanImportSites } from '../../src/compiler/import-scan.js';

describe('import scan', () => {
  it("finds the module's own imports and requires, not methods of the same name", () => {
    const source = [
      "import { a } from './a';",
      "const b = require('./b');",
      "const fs = p.mainModule.require('fs'); const m = q?.require('os'); x.import('y');",
      "const lazy = import('./c');",
    ].join('\n');
    expect(scanImportSites(source).map((s) => [s.spec, s.line, s.col])).toEqual([['./a', 1, 19], ['./b', 2, 19], ['./c', 4, 21]]);
    const output = 'var import_a = require("./a");\nconst b = require("./b");\nconst fs = p.mainModule.require("fs"); const m = q?.require("os");\nconst lazy = Promise.resolve().then(() => __toESM(require("./c")));\n';
    expect(requiredSpecs(output, new Set(['./a', './b', './c']))).toEqual(['./a', './b', './c']);
    expect(requiredSpecs(output, 'all')).toEqual(['./a', './b', './c']);
  });

  it('reads esbuild string literals with JavaScript escapes', () => {
    expect(jsStringValue('./\\u{1F600}\\x41\\u4E2D\\n\\"')).toBe('./😀A中\n"');
    expect(requiredSpecs('var import_x = require("./\\u{1F600}");\n', 'all')).toEqual(['./😀']);
  });
});
