/**
 * Line-oriented output with a line-level source map: every generated line remembers the .ets line it came from,
 * which is what stack traces and breakpoints need (columns inside lowered UI code would be fiction anyway).
 * Text is kept as chunks (one per `line` call) and only joined once, in `finish`.
 */
import { encodeVlq } from '../source-map.js';

/** One VLQ field (the source map's own encoder). */
const vlq = (value: number): string => encodeVlq([value]);

const PADS = Array.from({ length: 32 }, (_, i) => '    '.repeat(i));

/** Segments `AA<line delta>A` for line deltas -64…64 (almost every line of a generated file), made once. */
const SEGMENTS = Array.from({ length: 129 }, (_, i) => 'AA' + vlq(i - 64) + 'A');

function segment(delta: number): string {
  return delta >= -64 && delta <= 64 ? SEGMENTS[delta + 64]! : 'AA' + vlq(delta) + 'A';
}

export class CodeWriter {
  private readonly chunks: string[] = [];
  /** Per chunk: 0-based original line of its first line (-1: none). */
  private readonly origins: number[] = [];
  private depth = 0;

  indent(): void { this.depth++; }
  dedent(): void { this.depth = Math.max(0, this.depth - 1); }

  /** Appends a chunk of one or more lines; a multi-line chunk maps line by line onto consecutive original lines. */
  line(text: string, origLine = -1): void {
    // Lines inside a chunk are counted once, in `finish`, on the joined text: searching each chunk for '\n' here
    // would flatten every concatenated chunk into a copy first.
    this.chunks.push((PADS[this.depth] ?? '    '.repeat(this.depth)) + text);
    this.origins.push(origLine);
  }

  /** `open`, then `body` one indentation level deeper, then `close`. */
  block(open: string, close: string, origLine: number, body: () => void): void {
    this.line(open, origLine);
    this.depth++;
    body();
    this.depth--;
    this.line(close, -1);
  }

  /** Appends another writer's chunks (first lines indented to this writer's depth) with their origins. */
  append(other: CodeWriter): void {
    const pad = PADS[this.depth] ?? '';
    for (let i = 0; i < other.chunks.length; i++) {
      this.chunks.push(pad + other.chunks[i]);
      this.origins.push(other.origins[i]);
    }
  }

  /** The code without a source map (for fragments spliced into another writer's line). */
  text(): string {
    return this.chunks.join('\n');
  }

  /**
   * The code with an inline source map back to `sourceName`. The map has no sourcesContent: esbuild reads the .ets
   * named in `sources` itself when it writes the bundle's map, and 200 pages' worth of base64-encoded sources would
   * otherwise travel to esbuild and back for nothing.
   */
  finish(sourceName: string): string {
    const code = this.chunks.join('\n');
    const segments: string[] = [];
    let prevOrig = 0;
    // Chunk c covers code[start, start + chunks[c].length); a '\n' inside that range starts another line of the chunk.
    let start = 0;
    let nl = code.indexOf('\n');
    for (let c = 0; c < this.chunks.length; c++) {
      const o = this.origins[c]!;
      const end = start + this.chunks[c]!.length;
      let lines = 1;
      while (nl >= 0 && nl < end) {
        lines++;
        nl = code.indexOf('\n', nl + 1);
      }
      if (nl === end) nl = code.indexOf('\n', nl + 1); // the separator after this chunk
      start = end + 1;
      for (let k = 0; k < lines; k++) {
        if (o < 0) {
          segments.push('');
        } else {
          // generated col 0, source 0, original line (delta), original col 0
          segments.push(segment(o + k - prevOrig));
          prevOrig = o + k;
        }
      }
    }
    const map = { version: 3, sources: [sourceName], names: [], mappings: segments.join(';') };
    const b64 = Buffer.from(JSON.stringify(map), 'utf8').toString('base64');
    return code + '\n//# sourceMappingURL=data:application/json;base64,' + b64 + '\n';
  }
}
