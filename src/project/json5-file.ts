/**
 * Reading the project's JSON5 files (app.json5, module.json5, build-profile.json5, oh-package.json5, hvigor config,
 * resource JSON, profiles). Every file goes through `readJson5File` / `parseJson5Text`, which never throw for bad
 * input: a syntax error becomes a JSON5_SYNTAX diagnostic at its file:line:col; a file over MAX_JSON5_BYTES or
 * nested deeper than MAX_JSON5_DEPTH is refused (JSON5_TOO_LARGE / JSON5_TOO_DEEP) before any code walks it, so
 * the recursive checks after it (and JSON.stringify when a HAP is packed) cannot overflow the stack.
 *
 * Schema checks point at the offending value with `atPath(json, ['module', 'name'])`: the value's 1-based line:col,
 * found in a located syntax tree (@humanwhocodes/momoa, JSON5 mode) that is only built when a check fails — the
 * values themselves come from the fast parsers (V8's JSON.parse, then json5).
 */
import { readFileSync, statSync } from 'node:fs';
import JSON5 from 'json5';
import { parse as parseLocated, type AnyNode, type DocumentNode } from '@humanwhocodes/momoa';
import type { Diagnostic } from '../diagnostics.js';

/** Deepest nesting of arrays/objects a config file may have. Real ones reach 8 (16 in a Lottie animation). */
export const MAX_JSON5_DEPTH = 100;
/** Largest config file read. Real ones are KBs; the biggest resource string tables a few hundred KB. */
export const MAX_JSON5_BYTES = 16 * 1024 * 1024;

export interface Json5File {
  file: string;
  /** The text as parsed (without a leading byte-order mark). */
  text: string;
  value: unknown;
}

/** A path into a JSON value: object keys and array indexes, e.g. `['module', 'abilities', 0, 'name']`. */
export type JsonPath = readonly (string | number)[];

type Location = Pick<Diagnostic, 'file' | 'line' | 'col'>;

/** Reads and parses one JSON5 file; on failure pushes a located diagnostic and returns undefined. */
export function readJson5File(file: string, diagnostics: Diagnostic[]): Json5File | undefined {
  let text: string;
  try {
    const size = statSync(file).size;
    if (size > MAX_JSON5_BYTES) {
      diagnostics.push({ severity: 'error', code: 'JSON5_TOO_LARGE', message: `this file is ${(size / 1048576).toFixed(1)} MB, over the ${MAX_JSON5_BYTES / 1048576} MB limit for a config or resource file`, file, line: 1, col: 1 });
      return undefined;
    }
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    diagnostics.push({ severity: 'error', code: code === 'ENOENT' ? 'FILE_MISSING' : 'FILE_UNREADABLE', message: code === 'ENOENT' ? `${file} does not exist` : `cannot read ${file} (${code})`, file });
    return undefined;
  }
  return parseJson5Text(file, text, diagnostics);
}

/** Parses JSON5 text read elsewhere (`file` names it in diagnostics); on failure pushes a located diagnostic. */
export function parseJson5Text(file: string, raw: string, diagnostics: Diagnostic[]): Json5File | undefined {
  const text = raw.charCodeAt(0) === 0xfeff ? raw.slice(1) : raw;
  let value: unknown;
  try {
    // Most of these files (resource JSON above all) are plain JSON, which the native parser reads many times faster
    // than json5's; JSON is a subset of JSON5 with the same meaning, so only the rest goes to json5.
    value = JSON.parse(text);
  } catch {
    try {
      value = JSON5.parse(text);
    } catch (err) {
      // json5's syntax errors carry their position; anything else thrown is a bug and keeps its stack.
      if (typeof (err as { lineNumber?: unknown })?.lineNumber !== 'number') throw err;
      diagnostics.push(syntaxDiagnostic(file, text, err));
      return undefined;
    }
  }
  const tooDeep = jsonDepthOver(value, MAX_JSON5_DEPTH);
  if (tooDeep) {
    diagnostics.push({ severity: 'error', code: 'JSON5_TOO_DEEP', message: `values are nested more than ${MAX_JSON5_DEPTH} levels deep here; no config needs that many — flatten it`, file, ...lineColAt(text, offsetAtDepth(text, MAX_JSON5_DEPTH + 1)) });
    return undefined;
  }
  return { file, text, value };
}

function syntaxDiagnostic(file: string, text: string, err: unknown): Diagnostic {
  const e = err as Error & { lineNumber?: number; columnNumber?: number };
  const message = String(e?.message ?? err).replace(/^JSON5: /, '').replace(/ at \d+:\d+$/, '');
  let line = typeof e?.lineNumber === 'number' && e.lineNumber > 0 ? e.lineNumber : 1;
  let col = typeof e?.columnNumber === 'number' ? e.columnNumber : 1;
  if (col < 1) {
    // json5 counts a line break it fails on (inside a string) as the start of the next line, at column 0: point at
    // the end of the line the break ends instead.
    const lines = text.split('\n');
    line = Math.max(1, Math.min(line - 1, lines.length));
    col = (lines[line - 1] ?? '').replace(/\r$/, '').length + 1;
  }
  return { severity: 'error', code: 'JSON5_SYNTAX', message: `${message}; fix the JSON5 syntax`, file, line, col };
}

/** Whether `value` nests arrays/objects more than `limit` levels deep (iteratively: the value may be arbitrarily deep). */
export function jsonDepthOver(value: unknown, limit: number): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const stack: [unknown, number][] = [[value, 1]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (depth > limit) return true;
    for (const child of Object.values(v as object)) {
      if (typeof child === 'object' && child !== null) stack.push([child, depth + 1]);
    }
  }
  return false;
}

/** Offset of the first `[` or `{` that opens nesting level `depth` (1 = the top value), skipping strings and comments. */
function offsetAtDepth(text: string, depth: number): number {
  let level = 0;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"' || ch === "'") {
      for (i++; i < text.length && text[i] !== ch; i++) if (text[i] === '\\') i++;
    } else if (ch === '/' && text[i + 1] === '/') {
      while (i < text.length && text[i] !== '\n') i++;
    } else if (ch === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2);
      i = end < 0 ? text.length : end + 1;
    } else if (ch === '[' || ch === '{') {
      if (++level === depth) return i;
    } else if (ch === ']' || ch === '}') {
      level--;
    }
  }
  return 0;
}

/** 1-based line and column (in UTF-16 units, as editors count them) of an offset in `text`. */
export function lineColAt(text: string, offset: number): { line: number; col: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i >= 0 && i < offset; i = text.indexOf('\n', i + 1)) {
    line++;
    lineStart = i + 1;
  }
  return { line, col: offset - lineStart + 1 };
}

/** The located syntax tree of each file, built on first use (only when a check fails). `null`: it would not parse. */
const trees = new WeakMap<Json5File, DocumentNode | null>();

function treeOf(json: Json5File): DocumentNode | null {
  let tree = trees.get(json);
  if (tree === undefined) {
    try {
      tree = parseLocated(json.text, { mode: 'json5' });
    } catch {
      tree = null;
    }
    trees.set(json, tree);
  }
  return tree;
}

/**
 * 1-based line:col of the value at `path`. When the path ends at a key that is not there (a missing field), the
 * deepest part that exists: the key of the object that lacks it. Duplicate keys resolve to the last, as parsing does.
 */
export function locate(json: Json5File, path: JsonPath): { line: number; col: number } {
  const tree = treeOf(json);
  if (!tree) return locateKey(json.text, String([...path].reverse().find((p) => typeof p === 'string') ?? ''));
  let node: AnyNode = tree.body;
  let label: AnyNode = tree.body;
  for (const step of path) {
    let next: AnyNode | undefined;
    let nextLabel: AnyNode | undefined;
    if (node.type === 'Object' && typeof step === 'string') {
      for (const m of node.members) {
        if ((m.name.type === 'String' ? m.name.value : m.name.name) !== step) continue;
        next = m.value;
        nextLabel = m.name;
      }
    } else if (node.type === 'Array' && typeof step === 'number') {
      next = nextLabel = node.elements[step]?.value;
    }
    // The path leaves the file here: point at the key of the object that lacks the rest.
    if (!next || !nextLabel) return { line: label.loc.start.line, col: label.loc.start.column };
    node = next;
    label = nextLabel;
  }
  return { line: node.loc.start.line, col: node.loc.start.column };
}

/** Where in `json` the value at `path` is, as diagnostic fields. */
export function atPath(json: Json5File, path: JsonPath): Location {
  return { file: json.file, ...locate(json, path) };
}

/** 1-based line/col of the first `key:` (quoted or not) in a JSON5 text, or 1:1 when absent. */
export function locateKey(text: string, key: string, after = 0): { line: number; col: number } {
  // A plain scan, not a RegExp built from the key: a key of a hostile file (thousands of characters) made V8's
  // regular expression engine throw (exit 2, found by the fuzz run).
  if (!key) return lineColAt(text, 0);
  for (let i = text.indexOf(key, after); i >= 0; i = text.indexOf(key, i + 1)) {
    const quote = text[i - 1] === '"' || text[i - 1] === "'" ? text[i - 1] : '';
    let j = i + key.length;
    if (quote) { if (text[j] !== quote) continue; j++; }
    while (j < text.length && /\s/.test(text[j])) j++;
    if (text[j] === ':') return lineColAt(text, quote ? i - 1 : i);
  }
  return lineColAt(text, 0);
}

/** 1-based line/col of the first occurrence of a string value (`"value"` or `'value'`), or 1:1 when absent. */
export function locateString(text: string, value: string, after = 0): { line: number; col: number } {
  let idx = text.indexOf(JSON.stringify(value), after);
  if (idx < 0) idx = text.indexOf(`'${value}'`, after);
  return lineColAt(text, Math.max(0, idx));
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
