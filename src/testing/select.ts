/**
 * Which registered cases a run executes: `--filter` (hypium's `-s class` syntax: `Suite`, `Outer.Inner`,
 * `Suite#case`, comma-separated) and `--shard i/n`, which splits the test *files* deterministically — files sorted by
 * path, each given to the shard with the fewest cases so far (largest files first) — so n CI machines together run
 * every case exactly once, as Playwright's and Jest's shards do.
 */
import { HmosError } from '../errors.js';
import type { PlannedSpec } from './device-run.js';

export interface Shard { index: number; total: number }

/** Hypium's attribute filters (`-s level 0`, `-s size small`, `-s testType function`) as bits of `it`'s attribute. */
export interface AttributeFilter { level?: number; size?: number; testType?: number }

const LEVELS = ['0', '1', '2', '3', '4'];
const SIZES = ['small', 'medium', 'large'];
const TEST_TYPES = ['function', 'performance', 'power', 'reliability', 'security', 'global', 'compatibility', 'user', 'standard', 'safety', 'resilience'];

export function parseAttributeFilter(o: { level?: string; size?: string; testType?: string }): AttributeFilter {
  const out: AttributeFilter = {};
  const pick = (value: string | undefined, names: string[], flag: string, bit: (i: number) => number) => {
    if (value === undefined) return undefined;
    const i = names.indexOf(String(value).toLowerCase());
    if (i < 0) throw new HmosError('BAD_OPTION', `${flag} takes one of ${names.join(', ')} (got "${value}")`);
    return bit(i);
  };
  out.level = pick(o.level, LEVELS, '--level', (i) => 1 << (24 + i));
  out.size = pick(o.size, SIZES, '--size', (i) => 1 << (16 + i));
  out.testType = pick(o.testType, TEST_TYPES, '--test-type', (i) => 1 << i);
  return out;
}

/** A case whose attribute is 0 is never filtered out (as in Hypium); otherwise it must carry every bit asked for. */
function matchesAttributes(attr: number, f: AttributeFilter): boolean {
  if (!attr) return true;
  return [f.level, f.size, f.testType].every((bit) => bit === undefined || (attr & bit) !== 0);
}

export function parseShard(value: string): Shard {
  const m = /^(\d+)\/(\d+)$/.exec(value.trim());
  const index = m ? Number(m[1]) : NaN;
  const total = m ? Number(m[2]) : NaN;
  if (!m || total < 1 || index < 1 || index > total) {
    throw new HmosError('BAD_OPTION', `--shard takes i/n with 1 ≤ i ≤ n, e.g. --shard 2/4 (got "${value}")`);
  }
  return { index, total };
}

export function parseFilters(values: string[] | undefined): string[] {
  const out = (values ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
  for (const f of out) {
    if (/#.*#/.test(f) || f.startsWith('#')) throw new HmosError('BAD_OPTION', `--filter takes Suite, Outer.Inner or Suite#case (got "${f}")`);
  }
  return out;
}

/** True when the case is in one of the filters: a suite on its path (`Outer`, `Outer.Inner`), or `Suite#case`. */
function matchesFilter(spec: PlannedSpec, filter: string): boolean {
  const [suitePart, casePart] = filter.split('#');
  const path = spec.suite;
  const joined = path.join('.');
  const suiteOk = suitePart === '' || joined === suitePart || path.includes(suitePart!) || joined.startsWith(`${suitePart}.`) || joined.endsWith(`.${suitePart}`);
  return suiteOk && (casePart === undefined || casePart === spec.name);
}

export function selectSpecs(plan: PlannedSpec[], o: { filter?: string[]; shard?: Shard; attributes?: AttributeFilter }): number[] {
  let picked = plan;
  if (o.attributes) picked = picked.filter((s) => matchesAttributes(s.attr, o.attributes!));
  if (o.filter && o.filter.length) picked = picked.filter((s) => o.filter!.some((f) => matchesFilter(s, f)));
  if (o.shard && o.shard.total > 1) {
    const files = new Map<string, number>();
    for (const s of plan) files.set(fileKey(s), (files.get(fileKey(s)) ?? 0) + 1);
    const shardOf = assignShards(files, o.shard.total);
    picked = picked.filter((s) => shardOf.get(fileKey(s)) === o.shard!.index - 1);
  }
  return picked.map((s) => s.ordinal);
}

/** A case's file (the .ets that declared it); cases whose file is unknown go by their top-level suite. */
function fileKey(s: PlannedSpec): string {
  return s.file ?? `suite:${s.suite[0] ?? ''}`;
}

function assignShards(files: Map<string, number>, total: number): Map<string, number> {
  const load = new Array<number>(total).fill(0);
  const out = new Map<string, number>();
  const ordered = [...files].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  for (const [file, count] of ordered) {
    let best = 0;
    for (let i = 1; i < total; i++) if (load[i]! < load[best]!) best = i;
    out.set(file, best);
    load[best]! += count;
  }
  return out;
}
