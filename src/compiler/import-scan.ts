/**
 * Which modules a compiled module loads, and where the source asks for each. esbuild's CommonJS output (module-
 * compiler.ts) loads every import that survives TypeScript's elision (type-only imports are gone) as `require("spec")`;
 * the source says where each was written, for errors at the import (`Could not resolve "./x"` at file:line:col).
 */
import { blankCommentsAndStrings } from './transform/declarations.js';

export interface ImportSite {
  spec: string;
  /** 1-based line and column of the specifier's opening quote. */
  line: number;
  col: number;
}

/** `import … from 'x'`, `import 'x'`, `export … from 'x'`, `import('x')`, `require('x')`, `import x = require('x')`
 *  (a method call of that name, `a.require('x')`, is none). */
const IMPORT_FORMS = /(?<!\.\s*)\b(?:import|require)\s*\(\s*|\b(?:import|export)\b(?:(?!\b(?:import|export)\b)[^;()'"])*?\bfrom\s*|\bimport\s*/g;

/** Every module specifier written in `source` (outside comments and strings), with where it is, in source order. */
export function scanImportSites(source: string): ImportSite[] {
  const blank = blankCommentsAndStrings(source, true);
  const out: ImportSite[] = [];
  let line = 1;
  let lineStart = 0;
  let counted = 0;
  for (const m of blank.matchAll(IMPORT_FORMS)) {
    const at = m.index! + m[0].length;
    const q = blank[at];
    if (q !== "'" && q !== '"') continue;
    const end = source.indexOf(q, at + 1);
    if (end < 0 || source.slice(at + 1, end).includes('\n')) continue;
    for (; counted < at; counted++) if (source.charCodeAt(counted) === 10) { line++; lineStart = counted + 1; }
    out.push({ spec: source.slice(at + 1, end), line, col: at - lineStart + 1 });
  }
  return out;
}

/** A call of the module's own `require` (not a method of the same name: `p.mainModule.require('fs')`). */
const REQUIRE_CALL = /(?<!\.\s*)\brequire\("((?:[^"\\\n]|\\.)*)"\)/g;

/**
 * The value of a double-quoted string literal's body as esbuild prints it: JavaScript escapes, not only JSON's —
 * esbuild writes characters outside the BMP as `\u{1F600}`, which JSON.parse refuses (an import of './😀.ets' was an
 * internal error, found by fuzzing).
 */
export function jsStringValue(body: string): string {
  return body.replace(/\\(?:u\{([0-9a-fA-F]+)\}|u([0-9a-fA-F]{4})|x([0-9a-fA-F]{2})|([0-7]{1,3})|(\r\n|[\s\S]))/g, (_m, cp?: string, u4?: string, x2?: string, oct?: string, ch?: string) => {
    if (cp !== undefined) { const n = parseInt(cp, 16); return n <= 0x10ffff ? String.fromCodePoint(n) : ''; }
    if (u4 !== undefined) return String.fromCharCode(parseInt(u4, 16));
    if (x2 !== undefined) return String.fromCharCode(parseInt(x2, 16));
    if (oct !== undefined) return String.fromCharCode(parseInt(oct, 8));
    const single: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', f: '\f', v: '\v', '\n': '', '\r\n': '', '\u2028': '', '\u2029': '' };
    return single[ch!] ?? ch!;
  });
}

/**
 * The specifiers a compiled module loads, in order, each once. A `require("x")` counts when the source asks for "x",
 * or when it does not sit inside a string literal of its line (code of a CommonJS package: esbuild keeps its requires).
 */
export function requiredSpecs(output: string, asked: ReadonlySet<string> | 'all'): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const m of output.matchAll(REQUIRE_CALL)) {
    const spec = jsStringValue(m[1]!);
    if (seen.has(spec)) continue;
    if (asked !== 'all' && !asked.has(spec) && insideString(output, m.index!)) continue;
    seen.add(spec);
    out.push(spec);
  }
  return out;
}

/** Whether offset `at` is inside a string literal that starts on its line (esbuild prints one statement per line). */
function insideString(text: string, at: number): boolean {
  let quote = '';
  for (let i = text.lastIndexOf('\n', at - 1) + 1; i < at; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === '\\') i++;
      else if (c === quote) quote = '';
    } else if (c === '"' || c === "'" || c === '`') quote = c;
  }
  return quote !== '';
}
