/**
 * The text-measurement model (documented in docs/layout.md). There are no fonts at layout time, so text is measured
 * by a deterministic model that every renderer agrees with:
 * - a wide character (CJK, Hangul, kana, full-width forms, emoji) is 1.0 × fontSize wide; any other is 0.5 × fontSize;
 * - a line is lineHeight tall (1.2 × fontSize unless set);
 * - lines break at '\n' and, when a width is given, at spaces so each line fits; a word wider than the line is cut
 *   between characters; a wide character is a break opportunity of its own (CJK wraps anywhere);
 * - maxLines keeps the first n lines; TextOverflow.Ellipsis ends the last kept line with '…'.
 */

/** True for characters drawn two terminal cells / one em wide. */
export function isWide(cp: number): boolean {
  return (
    (cp >= 0x1100 && cp <= 0x115f) ||
    (cp >= 0x2e80 && cp <= 0x303e) ||
    (cp >= 0x3041 && cp <= 0x33ff) ||
    (cp >= 0x3400 && cp <= 0x4dbf) ||
    (cp >= 0x4e00 && cp <= 0x9fff) ||
    (cp >= 0xa000 && cp <= 0xa4cf) ||
    (cp >= 0xac00 && cp <= 0xd7a3) ||
    (cp >= 0xf900 && cp <= 0xfaff) ||
    (cp >= 0xfe30 && cp <= 0xfe4f) ||
    (cp >= 0xff00 && cp <= 0xff60) ||
    (cp >= 0xffe0 && cp <= 0xffe6) ||
    (cp >= 0x1f300 && cp <= 0x1f64f) ||
    (cp >= 0x1f900 && cp <= 0x1f9ff) ||
    (cp >= 0x20000 && cp <= 0x3fffd)
  );
}

/** Width of one character in ems. */
function charEms(ch: string): number {
  return isWide(ch.codePointAt(0) ?? 0) ? 1 : 0.5;
}

export function textWidth(text: string, fontSize: number): number {
  let ems = 0;
  for (const ch of text) ems += charEms(ch);
  return ems * fontSize;
}

export interface TextMetricsInput {
  text: string;
  fontSize: number;
  lineHeight?: number;
  maxLines?: number;
  ellipsis?: boolean;
}

export interface MeasuredText {
  lines: string[];
  width: number;
  height: number;
  lineHeight: number;
}

/** Splits a paragraph into break units: words with their trailing spaces, and single wide characters. */
function breakUnits(paragraph: string): string[] {
  const units: string[] = [];
  let cur = '';
  for (const ch of paragraph) {
    if (isWide(ch.codePointAt(0) ?? 0)) {
      if (cur) units.push(cur);
      units.push(ch);
      cur = '';
    } else if (ch === ' ') {
      cur += ch;
      units.push(cur);
      cur = '';
    } else {
      cur += ch;
    }
  }
  if (cur) units.push(cur);
  return units;
}

function wrapParagraph(paragraph: string, fontSize: number, maxWidth: number, out: string[]): void {
  let line = '';
  let lineW = 0;
  const push = () => {
    out.push(line.replace(/ +$/, ''));
    line = '';
    lineW = 0;
  };
  for (const unit of breakUnits(paragraph)) {
    const w = textWidth(unit.replace(/ +$/, ''), fontSize);
    if (line !== '' && lineW + w > maxWidth + 1e-6) push();
    if (w > maxWidth + 1e-6) {
      // A word longer than the line (a path, a URL): cut it between characters, never let it overflow.
      for (const ch of unit) {
        const cw = textWidth(ch, fontSize);
        if (lineW + cw > maxWidth + 1e-6 && line !== '' && ch !== ' ') push();
        line += ch;
        lineW += cw;
      }
      continue;
    }
    line += unit;
    lineW += textWidth(unit, fontSize);
  }
  if (line !== '' || out.length === 0) push();
}

export function measureText(input: TextMetricsInput, maxWidth?: number): MeasuredText {
  const lineHeight = input.lineHeight ?? input.fontSize * 1.2;
  let lines: string[] = [];
  for (const paragraph of input.text.split('\n')) {
    if (maxWidth === undefined || !Number.isFinite(maxWidth)) lines.push(paragraph);
    else wrapParagraph(paragraph, input.fontSize, Math.max(0, maxWidth), lines);
  }
  if (input.maxLines !== undefined && input.maxLines >= 0 && lines.length > input.maxLines) {
    lines = lines.slice(0, input.maxLines);
    if (input.ellipsis && lines.length > 0) {
      let last = lines[lines.length - 1] + '…';
      while (maxWidth !== undefined && last.length > 1 && textWidth(last, input.fontSize) > maxWidth) {
        last = [...last].slice(0, -2).join('') + '…';
      }
      lines[lines.length - 1] = last;
    }
  }
  let width = 0;
  for (const l of lines) width = Math.max(width, textWidth(l, input.fontSize));
  if (input.text === '') width = 0;
  return { lines, width, height: lines.length * lineHeight, lineHeight };
}
