/**
 * Human output of diagnostics: `path:line:col: error CODE: message`, then a code frame (the line and a caret) when the
 * file can be read. Paths are shown relative to the current folder when inside it.
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import type { Palette } from '../util/terminal.js';
import type { Diagnostic } from '../diagnostics.js';

export function formatDiagnostic(d: Diagnostic, c: Palette, cwd = process.cwd()): string {
  const rel = d.file ? relative(cwd, d.file) : '';
  const path = d.file ? (rel && !rel.startsWith('..') ? rel : d.file) : '';
  const where = path ? `${path}${d.line ? `:${d.line}${d.col ? `:${d.col}` : ''}` : ''}: ` : '';
  const sev = d.severity === 'error' ? c.red('error') : c.yellow('warning');
  let out = `${c.bold(where)}${sev} ${c.bold(d.code)}: ${d.message}`;
  const frame = d.file && d.line ? codeFrame(d.file, d.line, d.col ?? 1, c) : '';
  if (frame) out += '\n' + frame;
  return out;
}

function codeFrame(file: string, line: number, col: number, c: Palette): string {
  let text: string;
  try {
    const buf = readFileSync(file);
    if (buf.length > 8 * 1024 * 1024 || buf.includes(0)) return '';
    text = buf.toString('utf8');
  } catch {
    return '';
  }
  const lines = text.split(/\r?\n/);
  const src = lines[line - 1];
  if (src === undefined) return '';
  const gutter = String(line).length;
  const shown = src.length > 160 ? src.slice(0, 160) + '…' : src;
  const caretCol = Math.min(Math.max(1, col), shown.length + 1);
  const pad = shown.slice(0, caretCol - 1).replace(/[^\t]/g, ' ');
  return `${c.dim(`${String(line).padStart(gutter)} | `)}${shown}\n${c.dim(`${' '.repeat(gutter)} | `)}${pad}${c.red('^')}`;
}
