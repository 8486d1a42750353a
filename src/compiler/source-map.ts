/**
 * Just enough of source map v3 to map a generated line/col back to the original: esbuild reports errors in a
 * transformed .ets file at positions of the transform's output, and users must see their .ets lines.
 */
const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const DIGIT = new Map([...B64].map((c, i) => [c, i]));

/** Decoded `mappings`: per generated line, segments [genCol, srcIndex, srcLine, srcCol] (all 0-based). */
export function decodeMappings(mappings: string): number[][][] {
  const lines: number[][][] = [];
  let srcIndex = 0;
  let srcLine = 0;
  let srcCol = 0;
  for (const line of mappings.split(';')) {
    const segs: number[][] = [];
    let genCol = 0;
    for (const seg of line.split(',')) {
      if (!seg) continue;
      const v = decodeVlq(seg);
      genCol += v[0] ?? 0;
      if (v.length >= 4) {
        srcIndex += v[1]!;
        srcLine += v[2]!;
        srcCol += v[3]!;
        segs.push([genCol, srcIndex, srcLine, srcCol]);
      }
    }
    lines.push(segs);
  }
  return lines;
}

function decodeVlq(s: string): number[] {
  const out: number[] = [];
  let value = 0;
  let shift = 0;
  for (const ch of s) {
    const d = DIGIT.get(ch);
    if (d === undefined) break;
    value += (d & 31) << shift;
    if (d & 32) shift += 5;
    else {
      out.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return out;
}

/** The inline `//# sourceMappingURL=data:…;base64,` map of a generated text, parsed, or undefined. */
export function inlineSourceMap(code: string): { mappings: string } | undefined {
  const m = /\/\/# sourceMappingURL=data:application\/json(?:;charset=[^;,]+)?;base64,([A-Za-z0-9+/=]+)\s*$/.exec(code);
  if (!m) return undefined;
  try {
    return JSON.parse(Buffer.from(m[1]!, 'base64').toString('utf8'));
  } catch {
    return undefined;
  }
}

/** Original 1-based line/col of a generated 1-based line/col, using the closest mapping at or before it. */
export function originalPosition(lines: number[][][], line: number, col: number): { line: number; col: number } | undefined {
  for (let l = line - 1; l >= 0 && l >= line - 50; l--) {
    const segs = lines[l];
    if (!segs || segs.length === 0) continue;
    let best: number[] | undefined;
    for (const s of segs) if (l < line - 1 || s[0]! <= col - 1) best = s;
    if (!best && l === line - 1) best = segs[0];
    if (best) return { line: best[2]! + 1, col: (l === line - 1 ? best[3]! + Math.max(0, col - 1 - best[0]!) : best[3]!) + 1 };
  }
  return undefined;
}

export function encodeVlq(values: readonly number[]): string {
  let out = '';
  for (const value of values) {
    let v = value < 0 ? ((-value) << 1) | 1 : value << 1;
    do {
      let digit = v & 31;
      v >>>= 5;
      if (v > 0) digit |= 32;
      out += B64[digit];
    } while (v > 0);
  }
  return out;
}

/** A segment of a `mappings` string: where it is (character offsets) and its fields as written (deltas). */
export interface MappingSegment {
  start: number;
  end: number;
  fields: number[];
}

/**
 * What concatenating a module's map after others needs (computed once per compiled module): the first segment that
 * names a source and the first that names a name — the only ones whose deltas depend on what comes before — and the
 * absolute source/line/column/name the map ends on. Source and name fields of a map on its own start from 0.
 */
export interface MappingsSummary {
  firstSource?: MappingSegment;
  firstName?: MappingSegment;
  /** [source, original line, original column, name] after the last segment. */
  end: [number, number, number, number];
  /** How many lines the mappings end (their ';'), so joining need not count them again (absent in older caches). */
  lines?: number;
}

export function summarizeMappings(mappings: string): MappingsSummary {
  const end: [number, number, number, number] = [0, 0, 0, 0];
  const summary: MappingsSummary = { end, lines: 0 };
  let start = 0;
  for (let i = 0; i <= mappings.length; i++) {
    const c = mappings[i];
    if (i < mappings.length && c !== ',' && c !== ';') continue;
    if (c === ';') summary.lines!++;
    if (i > start) {
      const fields = decodeVlq(mappings.slice(start, i));
      if (fields.length >= 4) {
        end[0] += fields[1]!;
        end[1] += fields[2]!;
        end[2] += fields[3]!;
        summary.firstSource ??= { start, end: i, fields };
      }
      if (fields.length >= 5) {
        end[3] += fields[4]!;
        summary.firstName ??= { start, end: i, fields };
      }
    }
    start = i + 1;
  }
  return summary;
}

/** Joins the maps of pieces of one generated file, each starting on a line of its own, into one map. */
export class SourceMapJoiner {
  readonly sources: string[] = [];
  readonly sourcesContent: (string | null)[] = [];
  readonly names: string[] = [];
  private readonly parts: string[] = [];
  private state: [number, number, number, number] = [0, 0, 0, 0];
  /** Lines ended so far in the joined mappings (its ';'). */
  private line = 0;

  /** Adds the map of a piece whose first line is generated line `atLine` (0-based; after earlier pieces). */
  add(map: { sources: string[]; names: string[]; mappings: string }, summary: MappingsSummary, contents: (string | null)[], atLine: number): void {
    const so = this.sources.length;
    const no = this.names.length;
    for (let i = 0; i < map.sources.length; i++) {
      this.sources.push(map.sources[i]!);
      this.sourcesContent.push(contents[i] ?? null);
    }
    for (const n of map.names) this.names.push(n);
    let m = map.mappings;
    const edits: { seg: MappingSegment; fields: number[] }[] = [];
    const s = this.state;
    if (summary.firstSource) {
      const f = [...summary.firstSource.fields];
      f[1] = f[1]! + so - s[0];
      f[2] = f[2]! - s[1];
      f[3] = f[3]! - s[2];
      if (summary.firstName && summary.firstName.start === summary.firstSource.start) f[4] = f[4]! + no - s[3];
      edits.push({ seg: summary.firstSource, fields: f });
    }
    if (summary.firstName && summary.firstName.start !== summary.firstSource?.start) {
      const f = [...summary.firstName.fields];
      f[4] = f[4]! + no - s[3];
      edits.push({ seg: summary.firstName, fields: f });
    }
    for (const e of edits.sort((a, b) => b.seg.start - a.seg.start)) m = m.slice(0, e.seg.start) + encodeVlq(e.fields) + m.slice(e.seg.end);
    if (summary.firstSource) this.state = [summary.end[0] + so, summary.end[1], summary.end[2], summary.firstName ? summary.end[3] + no : s[3]];
    else if (summary.firstName) this.state = [s[0], s[1], s[2], summary.end[3] + no];
    const gap = Math.max(0, atLine - this.line);
    this.parts.push(';'.repeat(gap) + m);
    this.line += gap + (summary.lines ?? countChar(m, ';'));
  }

  mappings(): string {
    return this.parts.join('');
  }
}

function countChar(s: string, c: string): number {
  let n = 0;
  for (let i = s.indexOf(c); i >= 0; i = s.indexOf(c, i + 1)) n++;
  return n;
}
