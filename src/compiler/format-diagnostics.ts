/**
 * Human output of diagnostics: `path:line:col: error CODE: message`, then a code frame (the line and a caret) when the
 * file can be read. Paths are shown relative to the current folder when inside it. An internal error met by a long
 * build (watch mode) prints its stack under the message.
 */
import { readFileSync } from 'node:fs';
import { relative } from 'node:path';
import type { Palette } from '../util/terminal.js';
import { capDiagnostics, MAX_DIAGNOSTICS, type Diagnostic } from '../diagnostics.js';

/** Source lines of the files a list of diagnostics points into: each file is read once per list. */
type LineCache = Map<string, string[] | null>;

export function formatDiagnostic(d: Diagnostic, c: Palette, cwd = process.cwd(), lines: LineCache = new Map()): string {
  const rel = d.file ? relative(cwd, d.file) : '';
  const path = d.file ? (rel && !rel.startsWith('..') ? rel : d.file) : '';
  const where = path ? `${path}${d.line ? `:${d.line}${d.col ? `:${d.col}` : ''}` : ''}: ` : '';
  const sev = d.severity === 'error' ? c.red('error') : c.yellow('warning');
  let out = `${c.bold(where)}${sev} ${c.bold(d.code)}: ${d.message}`;
  const frame = d.file && d.line ? codeFrame(linesOf(d.file, lines), d.line, d.col ?? 1, c) : '';
  if (frame) out += '\n' + frame;
  if (d.stack) out += '\n' + c.dim(d.stack);
  return out;
}

/** Every diagnostic of a list, one after another (each ending in a newline). */
export function formatDiagnostics(list: readonly Diagnostic[], c: Palette, cwd = process.cwd()): string {
  const lines: LineCache = new Map();
  let out = '';
  for (const d of list) out += formatDiagnostic(d, c, cwd, lines) + '\n';
  return out;
}

/** "… and 199,800 more errors and 3 more warnings (the first 200 are shown)", or '' when nothing was left out. */
export function omittedLine(omitted: { errors: number; warnings: number } | undefined): string {
  if (!omitted || omitted.errors + omitted.warnings === 0) return '';
  const parts = [];
  if (omitted.errors) parts.push(`${omitted.errors.toLocaleString('en-US')} more error${omitted.errors === 1 ? '' : 's'}`);
  if (omitted.warnings) parts.push(`${omitted.warnings.toLocaleString('en-US')} more warning${omitted.warnings === 1 ? '' : 's'}`);
  return `… and ${parts.join(' and ')} not listed (only the first ${MAX_DIAGNOSTICS} problems are shown)`;
}

function linesOf(file: string, cache: LineCache): string[] | null {
  let lines = cache.get(file);
  if (lines === undefined) {
    lines = null;
    try {
      const buf = readFileSync(file);
      if (buf.length <= 8 * 1024 * 1024 && !buf.includes(0)) lines = buf.toString('utf8').split(/\r?\n/);
    } catch {
      // no frame for a file that cannot be read
    }
    cache.set(file, lines);
  }
  return lines;
}

function codeFrame(lines: string[] | null, line: number, col: number, c: Palette): string {
  const src = lines?.[line - 1];
  if (src === undefined) return '';
  const gutter = String(line).length;
  const shown = src.length > 160 ? src.slice(0, 160) + '…' : src;
  const caretCol = Math.min(Math.max(1, col), shown.length + 1);
  const pad = shown.slice(0, caretCol - 1).replace(/[^\t]/g, ' ');
  return `${c.dim(`${String(line).padStart(gutter)} | `)}${shown}\n${c.dim(`${' '.repeat(gutter)} | `)}${pad}${c.red('^')}`;
}

/**
 * A build's problems as printed: at most MAX_DIAGNOSTICS of them (a list not capped yet, e.g. straight from
 * loadProject, is capped here), then the "and N more" line. Returns the text and the error count (all of them).
 */
export function formatProblems(list: readonly Diagnostic[], omitted: { errors: number; warnings: number } | undefined, c: Palette, cwd = process.cwd()): { text: string; errors: number; warnings: number } {
  const capped = omitted ? { diagnostics: list, omitted } : capDiagnostics(list);
  let errors = capped.omitted.errors;
  for (const d of capped.diagnostics) if (d.severity === 'error') errors++;
  const warnings = capped.diagnostics.length + capped.omitted.errors + capped.omitted.warnings - errors;
  const more = omittedLine(capped.omitted);
  return { text: formatDiagnostics(capped.diagnostics, c, cwd) + (more ? c.dim(more) + '\n' : ''), errors, warnings };
}
