/**
 * Reading the project's JSON5 files (app.json5, module.json5, build-profile.json5, oh-package.json5, resource JSON).
 * Syntax errors become JSON5_SYNTAX diagnostics at the file:line:col json5 reports; schema checks use `locateKey` to
 * point at the line of the offending field, since json5 does not keep value positions.
 */
import { readFileSync } from 'node:fs';
import JSON5 from 'json5';
import type { Diagnostic } from '../diagnostics.js';

export interface Json5File {
  file: string;
  text: string;
  value: unknown;
}

/** Reads and parses one JSON5 file; on failure pushes a diagnostic and returns undefined. */
export function readJson5File(file: string, diagnostics: Diagnostic[]): Json5File | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    diagnostics.push({ severity: 'error', code: code === 'ENOENT' ? 'FILE_MISSING' : 'FILE_UNREADABLE', message: code === 'ENOENT' ? `${file} does not exist` : `cannot read ${file} (${code})`, file });
    return undefined;
  }
  const source = text.replace(/^\uFEFF/, '');
  try {
    // Most of these files (resource JSON above all) are plain JSON, which the native parser reads many times faster
    // than json5's; JSON is a subset of JSON5 with the same meaning, so only the rest goes to json5.
    return { file, text, value: JSON.parse(source) };
  } catch {
    // not plain JSON: parse (and report errors) as JSON5
  }
  try {
    return { file, text, value: JSON5.parse(source) };
  } catch (err) {
    const e = err as Error & { lineNumber?: number; columnNumber?: number };
    const message = e.message.replace(/^JSON5: /, '').replace(/ at \d+:\d+$/, '');
    diagnostics.push({ severity: 'error', code: 'JSON5_SYNTAX', message: `${message}; fix the JSON5 syntax`, file, line: e.lineNumber, col: e.columnNumber });
    return undefined;
  }
}

/** 1-based line/col of the first `key:` (quoted or not) in a JSON5 text, or of the file start when absent. */
export function locateKey(text: string, key: string, after = 0): { line: number; col: number } {
  const re = new RegExp(`(["']?)${key.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}\\1\\s*:`, 'g');
  re.lastIndex = after;
  const m = re.exec(text);
  const index = m ? m.index : 0;
  const before = text.slice(0, index);
  const line = before.split('\n').length;
  return { line, col: index - before.lastIndexOf('\n') };
}

/** Where in `file` a field is, as diagnostic fields. */
export function at(json: Json5File, key: string): Pick<Diagnostic, 'file' | 'line' | 'col'> {
  return { file: json.file, ...locateKey(json.text, key) };
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
