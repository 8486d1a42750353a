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
