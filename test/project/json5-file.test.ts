import { describe, expect, it } from 'vitest';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic } from '../../src/diagnostics.js';
import { atPath, locateKey, MAX_JSON5_BYTES, MAX_JSON5_DEPTH, parseJson5Text, readJson5File } from '../../src/project/json5-file.js';
import { tempDir } from '../helpers/cli.js';

function parse(text: string) {
  const diagnostics: Diagnostic[] = [];
  const json = parseJson5Text('/p/x.json5', text, diagnostics);
  return { json, diagnostics };
}

describe('JSON5 config files', () => {
  it('reports syntax errors at 1-based line:col, also a line break inside a string', () => {
    const cases: [string, number, number][] = [
      ['{ "x" "y", }', 1, 7],
      ['{\n  a: 1,\n', 3, 1],
      ['', 1, 1],
      ['{\n  "a": "b\nc"\n}', 2, 10],
      ['{\r\n  "a": "b\r\nc"\r\n}', 2, 10],
    ];
    for (const [text, line, col] of cases) {
      const { json, diagnostics } = parse(text);
      expect(json, text).toBeUndefined();
      expect(diagnostics.map((d) => [d.code, d.file, d.line, d.col]), text).toEqual([['JSON5_SYNTAX', '/p/x.json5', line, col]]);
    }
  });

  it('refuses values nested deeper than the limit, at the bracket that goes too deep, without recursion', () => {
    const deep = (n: number) => `{\n  // a [ in a comment and "[" in a string do not count\n  "s": "[[",\n  "v": ${'['.repeat(n)}${']'.repeat(n)}\n}`;
    expect(parse(deep(MAX_JSON5_DEPTH - 1)).diagnostics).toEqual([]);
    for (const n of [MAX_JSON5_DEPTH, 100_000]) {
      const { json, diagnostics } = parse(deep(n));
      expect(json).toBeUndefined();
      // The object is level 1, so the array at offset `MAX - 1` opens level MAX + 1.
      expect(diagnostics.map((d) => [d.code, d.line, d.col])).toEqual([['JSON5_TOO_DEEP', 4, 8 + MAX_JSON5_DEPTH - 1]]);
    }
  });

  it('refuses a file over the size limit before reading it, and a missing file, with their names', () => {
    const dir = tempDir('hmos-json5-');
    const big = join(dir, 'big.json');
    writeFileSync(big, Buffer.alloc(MAX_JSON5_BYTES + 1, 0x20));
    const diagnostics: Diagnostic[] = [];
    expect(readJson5File(big, diagnostics)).toBeUndefined();
    expect(readJson5File(join(dir, 'none.json5'), diagnostics)).toBeUndefined();
    expect(diagnostics.map((d) => [d.code, d.file, d.line])).toEqual([['JSON5_TOO_LARGE', big, 1], ['FILE_MISSING', join(dir, 'none.json5'), undefined]]);
  });

  it('locates values by path: nested, in arrays, duplicate keys (the last wins), missing keys (their parent), after a BOM', () => {
    const text = '\uFEFF{\n  module: {\n    \'name\': "a",\n    list: [1, { x: null }],\n    name: "b",\n  },\n}';
    const { json } = parse(text);
    expect(json!.value).toEqual({ module: { name: 'b', list: [1, { x: null }] } });
    expect(atPath(json!, ['module', 'name'])).toEqual({ file: '/p/x.json5', line: 5, col: 11 });
    expect(atPath(json!, ['module', 'list', 1, 'x'])).toEqual({ file: '/p/x.json5', line: 4, col: 20 });
    expect(atPath(json!, ['module', 'list', 1])).toEqual({ file: '/p/x.json5', line: 4, col: 15 });
    // A field that is not there: the key of the object that lacks it.
    expect(atPath(json!, ['module', 'type'])).toEqual({ file: '/p/x.json5', line: 2, col: 3 });
    expect(atPath(json!, [])).toEqual({ file: '/p/x.json5', line: 1, col: 1 });
  });

  it('locates keys quoted or not, and a key of thousands of brackets without a regular expression (fuzz: exit 2)', () => {
    const text = `{\n  a: 1,\n  'b.c': 2,\n  "d" : 3\n}`;
    expect(locateKey(text, 'a')).toEqual({ line: 2, col: 3 });
    expect(locateKey(text, 'b.c')).toEqual({ line: 3, col: 3 });
    expect(locateKey(text, 'd')).toEqual({ line: 4, col: 3 });
    expect(locateKey(text, 'missing')).toEqual({ line: 1, col: 1 });
    const key = '@ohos/ha' + '} '.repeat(30_000);
    expect(locateKey(`{\n  devDependencies: {\n    '${key}': '1' } }`, key)).toEqual({ line: 3, col: 5 });
  });
});
