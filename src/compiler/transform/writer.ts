/**
 * Line-oriented output with a line-level source map: every generated line remembers the .ets line it came from,
 * which is what stack traces and breakpoints need (columns inside lowered UI code would be fiction anyway).
 */
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

function vlq(value: number): string {
  let v = value < 0 ? ((-value) << 1) | 1 : value << 1;
  let out = '';
  do {
    let digit = v & 31;
    v >>>= 5;
    if (v > 0) digit |= 32;
    out += B64[digit];
  } while (v > 0);
  return out;
}

export class CodeWriter {
  private readonly lines: string[] = [];
  /** 0-based original line per generated line, -1 when the line has no origin. */
  private readonly origins: number[] = [];
  private depth = 0;

  indent(): void { this.depth++; }
  dedent(): void { this.depth = Math.max(0, this.depth - 1); }

  /** Appends one or more lines; a multi-line text maps line by line onto consecutive original lines. */
  line(text: string, origLine = -1): void {
    const pad = '    '.repeat(this.depth);
    const parts = text.split('\n');
    for (let i = 0; i < parts.length; i++) {
      this.lines.push(i === 0 ? pad + parts[i] : parts[i]);
      this.origins.push(origLine < 0 ? -1 : origLine + i);
    }
  }

  /** Runs `body` one indentation level deeper. */
  block(open: string, close: string, origLine: number, body: () => void): void {
    this.line(open, origLine);
    this.indent();
    body();
    this.dedent();
    this.line(close, -1);
  }

  /** Appends another writer's lines (indented to this writer's depth) with their origins. */
  append(other: CodeWriter): void {
    const pad = '    '.repeat(this.depth);
    for (let i = 0; i < other.lines.length; i++) {
      this.lines.push(pad + other.lines[i]);
      this.origins.push(other.origins[i]);
    }
  }

  /** The code without a source map (for fragments spliced into another writer's line). */
  text(): string {
    return this.lines.join('\n');
  }

  /** The code with an inline source map back to `sourceName`. */
  finish(sourceName: string, sourceText: string): string {
    let mappings = '';
    let prevOrig = 0;
    for (let i = 0; i < this.origins.length; i++) {
      if (i > 0) mappings += ';';
      const o = this.origins[i];
      if (o >= 0) {
        // segment: generated col 0, source 0 (delta from previous = 0 after the first), orig line delta, orig col 0
        mappings += vlq(0) + vlq(0) + vlq(o - prevOrig) + vlq(0);
        prevOrig = o;
      }
    }
    // The first segment's source index is absolute (0) and every later delta is 0, so the encoding above is uniform.
    const map = { version: 3, sources: [sourceName], sourcesContent: [sourceText], names: [], mappings };
    const b64 = Buffer.from(JSON.stringify(map), 'utf8').toString('base64');
    return this.lines.join('\n') + '\n//# sourceMappingURL=data:application/json;base64,' + b64 + '\n';
  }
}
