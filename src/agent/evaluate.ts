/**
 * Scores the router against an evaluation set (test/fixtures/agent/eval*.json): the share of utterances routed to the
 * right intent, and the share whose parameters are exactly right (or, for expected clarifications and non-matches,
 * that asked about the right parameter / matched nothing). Used by the tests and by bench/agent.bench.mjs.
 */
import { buildIndex, route, type InstalledApp, type RouteOutcome } from './router.js';
import type { Clock } from './datetime.js';

export interface EvalCase {
  utterance: string;
  lang?: string;
  bundle?: string;
  intent?: string;
  params?: Record<string, unknown>;
  /** The parameter a clarification should ask for. */
  clarify?: string;
  noMatch?: boolean;
}

export interface EvalReport {
  total: number;
  intentAccuracy: number;
  paramAccuracy: number;
  byLang: Record<string, { total: number; intentAccuracy: number; paramAccuracy: number }>;
  failures: { utterance: string; expected: string; got: string }[];
}

function canonical(v: unknown): string {
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    return `{${Object.keys(v).sort().map((k) => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`).join(',')}}`;
  }
  return JSON.stringify(v);
}

export function judge(c: EvalCase, out: RouteOutcome): { intentOk: boolean; paramsOk: boolean } {
  if (c.noMatch) return { intentOk: out.kind === 'noMatch', paramsOk: out.kind === 'noMatch' };
  const intentOk = out.kind !== 'noMatch' && out.bundle === c.bundle && out.intent === c.intent;
  if (!intentOk) return { intentOk, paramsOk: false };
  if (c.clarify) return { intentOk, paramsOk: out.kind === 'clarification' && out.clarification.param === c.clarify };
  return { intentOk, paramsOk: out.kind === 'match' && canonical(out.params) === canonical(c.params ?? {}) };
}

function describe(out: RouteOutcome): string {
  if (out.kind === 'noMatch') return 'noMatch';
  if (out.kind === 'clarification') return `${out.intent} clarify ${out.clarification.param} ${canonical(out.params)}`;
  return `${out.intent} ${canonical(out.params)}`;
}

export function evaluate(apps: InstalledApp[], cases: EvalCase[], clock: Clock): EvalReport {
  const index = buildIndex(apps);
  let intents = 0;
  let params = 0;
  const byLang: EvalReport['byLang'] = {};
  const failures: EvalReport['failures'] = [];
  for (const c of cases) {
    const out = route(index, c.utterance, clock);
    const { intentOk, paramsOk } = judge(c, out);
    intents += Number(intentOk);
    params += Number(paramsOk);
    const l = (byLang[c.lang ?? '?'] ??= { total: 0, intentAccuracy: 0, paramAccuracy: 0 });
    l.total++;
    l.intentAccuracy += Number(intentOk);
    l.paramAccuracy += Number(paramsOk);
    if (!paramsOk) {
      const expected = c.noMatch ? 'noMatch' : c.clarify ? `${c.intent} clarify ${c.clarify}` : `${c.intent} ${canonical(c.params ?? {})}`;
      failures.push({ utterance: c.utterance, expected, got: describe(out) });
    }
  }
  for (const l of Object.values(byLang)) {
    l.intentAccuracy = l.intentAccuracy / l.total;
    l.paramAccuracy = l.paramAccuracy / l.total;
  }
  return { total: cases.length, intentAccuracy: intents / cases.length, paramAccuracy: params / cases.length, byLang, failures };
}

/** A clock from an ISO string with an offset, e.g. "2026-03-10T10:00:00+08:00". */
export function clockFromIso(iso: string): Clock {
  const m = /([+-])(\d{2}):(\d{2})$|Z$/.exec(iso);
  const offset = m && m[1] ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
  return { now: new Date(iso), utcOffsetMinutes: offset };
}
