/**
 * Reading a source file for compilation: refuses files that are too large or binary with a diagnostic instead of
 * feeding garbage to the parser. Bytes that are not UTF-8 (typically a GBK-encoded Chinese comment, as in
 * openharmony/app_samples CompleteApps/KikaInput) are read as U+FFFD with a warning: the reference toolchain reads
 * sources with TypeScript's sys.readFile / Node's `buffer.toString('utf8')`, which substitutes them the same way, so
 * such projects build with DevEco Studio and must build here too.
 */
import { readFileSync } from 'node:fs';
import type { Diagnostic } from '../diagnostics.js';

/** Real ArkTS files are tens of KB; anything this big is generated or not source at all. */
export const MAX_SOURCE_BYTES = 4 * 1024 * 1024;

const utf8 = new TextDecoder('utf-8', { fatal: true });
const lenientUtf8 = new TextDecoder('utf-8');

export type SourceRead = { ok: true; bytes: Buffer; text: string; warning?: Diagnostic } | { ok: false; diagnostic: Diagnostic };

export function readSourceFile(file: string): SourceRead {
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (err) {
    return { ok: false, diagnostic: { severity: 'error', code: 'FILE_UNREADABLE', message: `cannot read ${file} (${(err as NodeJS.ErrnoException).code})`, file } };
  }
  return checkSource(file, bytes);
}

export function checkSource(file: string, bytes: Buffer): SourceRead {
  if (bytes.length > MAX_SOURCE_BYTES) {
    return { ok: false, diagnostic: { severity: 'error', code: 'SOURCE_TOO_LARGE', message: `source file is ${(bytes.length / 1048576).toFixed(1)} MB, over the ${MAX_SOURCE_BYTES / 1048576} MB limit; split it into smaller files`, file, line: 1, col: 1 } };
  }
  const nul = bytes.indexOf(0);
  // A NUL byte inside a string literal is legal ArkTS (real projects join keys with `\0` written raw): a file is binary
  // when its NUL bytes come with invalid UTF-8 (an ELF, an image) or are more than 1% of it.
  if (nul >= 0 && (!isUtf8(bytes) || countByte(bytes, 0) > bytes.length / 100)) {
    return { ok: false, diagnostic: { severity: 'error', code: 'SOURCE_NOT_TEXT', message: 'source file holds binary data (a NUL byte); it is not ArkTS/TypeScript text', file, ...position(bytes, nul) } };
  }
  try {
    return { ok: true, bytes, text: utf8.decode(bytes).replace(/^\uFEFF/, '') };
  } catch {
    const bad = firstInvalidUtf8(bytes);
    const warning: Diagnostic = { severity: 'warning', code: 'SOURCE_NOT_UTF8', message: 'source file is not valid UTF-8 (a GBK comment?); its invalid bytes were read as U+FFFD, as the reference toolchain does; re-save it as UTF-8', file, ...position(bytes, bad) };
    return { ok: true, bytes, text: lenientUtf8.decode(bytes).replace(/^\uFEFF/, ''), warning };
  }
}

function position(bytes: Buffer, offset: number): { line: number; col: number } {
  let line = 1;
  let lineStart = 0;
  for (let i = 0; i < offset; i++) if (bytes[i] === 10) { line++; lineStart = i + 1; }
  return { line, col: offset - lineStart + 1 };
}

function firstInvalidUtf8(bytes: Buffer): number {
  // Binary-search the longest valid prefix.
  let lo = 0;
  let hi = bytes.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    try {
      new TextDecoder('utf-8', { fatal: true }).decode(bytes.subarray(0, mid), { stream: true });
      lo = mid;
    } catch {
      hi = mid - 1;
    }
  }
  // `lo` is where decoding broke; point at the lead byte of the broken sequence.
  for (let back = 1; back <= 3 && lo - back >= 0; back++) {
    const b = bytes[lo - back]!;
    if ((b & 0xc0) === 0x80) continue;
    if (b >= 0xc0) return lo - back;
    break;
  }
  return lo;
}

function isUtf8(bytes: Buffer): boolean {
  try {
    utf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

function countByte(bytes: Buffer, byte: number): number {
  let n = 0;
  for (let i = bytes.indexOf(byte); i >= 0; i = bytes.indexOf(byte, i + 1)) n++;
  return n;
}
