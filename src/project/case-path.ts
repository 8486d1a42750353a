/**
 * Case-insensitive path lookup. Projects written on Windows or macOS (case-insensitive file systems, where the
 * reference toolchain runs) often import `./Utils/logger` for `./utils/Logger.ets`; on Linux that would fail, so
 * hmos finds the file regardless of case and warns, rather than refusing a project that builds elsewhere.
 */
import { existsSync, readdirSync } from 'node:fs';
import { dirname, join, parse } from 'node:path';

export function findCaseInsensitive(path: string): string | undefined {
  if (existsSync(path)) return path;
  const { root } = parse(path);
  const parts = path.slice(root.length).split(/[\\/]/).filter(Boolean);
  let current = root;
  for (const part of parts) {
    const exact = join(current, part);
    if (existsSync(exact)) {
      current = exact;
      continue;
    }
    let names: string[];
    try {
      names = readdirSync(current);
    } catch {
      return undefined;
    }
    const lower = part.toLowerCase();
    const match = names.find((n) => n.toLowerCase() === lower);
    if (!match) return undefined;
    current = join(current, match);
  }
  return current;
}

/** The first of `candidates` that exists, exactly or up to case. */
export function findFirstCaseInsensitive(candidates: string[]): string | undefined {
  for (const c of candidates) if (existsSync(c)) return c;
  for (const c of candidates) {
    if (!existsSync(dirname(c)) && !findCaseInsensitive(dirname(c))) continue;
    const found = findCaseInsensitive(c);
    if (found) return found;
  }
  return undefined;
}
