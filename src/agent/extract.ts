/**
 * Parameter extraction, driven by the intent's JSON Schema: quoted strings, dates/times for `format: date | date-time |
 * time`, numbers (with units converted to what the property measures), enum values and their synonyms, and — for the
 * remaining free-text string properties — the phrase left once the intent's own words, the values above and filler
 * words are taken out ("add a task buy milk with high priority" → title "buy milk").
 */
import type { IntentDeclaration, JsonSchema } from '../hap/intent-manifest.js';
import { findDateTime, formatDateTime, type Clock } from './datetime.js';
import { ACTION_GROUPS, CONNECTORS_EN, CONNECTORS_ZH, ENUM_SYNONYMS, FILLERS_EN, FILLERS_ZH, PROPERTY_WORDS } from './lexicon.js';
import { findNumbers, type NumberMatch } from './numbers.js';
import { hasHan, words, type Token } from './text.js';

export interface Extraction {
  params: Record<string, unknown>;
  /** How much typed evidence (enum, number, date, quote) the utterance gave for this intent's parameters. */
  evidence: number;
}

type Props = Record<string, JsonSchema>;

const LEXICON_WORDS = new Set(ACTION_GROUPS.flat());
// One-character verbs (开, 记) stay: they begin real phrases too (开会, 记账).
const EDGE_FILLERS_ZH = [...FILLERS_ZH, ...ACTION_GROUPS.flat().filter((w) => hasHan(w) && w.length > 1)].sort((a, b) => b.length - a.length);
const SEPARATORS = /[,.;:!?，。；：！？、]/;

/** Words naming a property: its own name's words and their translations. */
export function propertyWords(name: string): string[] {
  const out = new Set<string>();
  for (const w of words(name)) {
    out.add(w);
    for (const t of PROPERTY_WORDS[w] ?? []) out.add(t);
  }
  for (const t of PROPERTY_WORDS[name.toLowerCase()] ?? []) out.add(t);
  return [...out];
}

/** Synonyms of an enum value: the built-in table plus `value: a, b` pairs in the property's description. */
export function enumSynonyms(value: string, description: unknown): string[] {
  const out = new Set<string>([value.toLowerCase(), ...(ENUM_SYNONYMS[value.toLowerCase()] ?? [])]);
  if (typeof description === 'string') {
    const re = new RegExp(`(?<![\\p{L}\\p{N}])${escapeRe(value)}\\s*[:：=]\\s*([^;；.。\\n)）]+)`, 'giu');
    for (let m = re.exec(description); m; m = re.exec(description)) {
      for (const w of m[1].split(/[,，/、]|\bor\b/)) if (w.trim()) out.add(w.trim().toLowerCase());
    }
  }
  return [...out];
}

function escapeRe(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** All occurrences of `phrase` in `lower` (English phrases at word boundaries). */
function occurrences(lower: string, phrase: string): [number, number][] {
  const out: [number, number][] = [];
  const re = hasHan(phrase) ? new RegExp(escapeRe(phrase), 'g') : new RegExp(`(?<![\\p{L}\\p{N}])${escapeRe(phrase)}(?![\\p{L}\\p{N}])`, 'gu');
  for (let m = re.exec(lower); m; m = re.exec(lower)) out.push([m.index, m.index + m[0].length]);
  return out;
}

class Mask {
  readonly used: boolean[];
  constructor(len: number) { this.used = new Array<boolean>(len).fill(false); }
  free(s: number, e: number): boolean {
    for (let i = s; i < e; i++) if (this.used[i]) return false;
    return true;
  }
  take(s: number, e: number): void {
    for (let i = s; i < e; i++) this.used[i] = true;
  }
}

function minutesProperty(name: string, schema: JsonSchema): boolean {
  return /minute|分钟/i.test(`${name} ${String(schema.description ?? '')}`);
}
function percentProperty(name: string, schema: JsonSchema): boolean {
  return /percent|%|level|volume|百分/i.test(`${name} ${String(schema.description ?? '')}`);
}

/** The value a number match gives a property, or undefined when its unit does not fit. */
function numberValue(n: NumberMatch, name: string, schema: JsonSchema): { value: number; unitFit: boolean } | undefined {
  if (minutesProperty(name, schema)) {
    if (n.unit === 'hour') return { value: n.value * 60, unitFit: true };
    if (n.unit === 'minute') return { value: n.value, unitFit: true };
    if (n.unit === 'second') return { value: n.value / 60, unitFit: true };
    if (n.unit === 'percent') return undefined;
    return { value: n.value, unitFit: false };
  }
  if (n.unit === 'percent') return percentProperty(name, schema) ? { value: n.value, unitFit: true } : undefined;
  if (n.unit) return /hour|小时/i.test(name) && n.unit === 'hour' ? { value: n.value, unitFit: true } : undefined;
  return { value: n.value, unitFit: false };
}

const QUOTE = /(?:^|(?<=[\s:：(（]))(["“'‘「『《])([^"”'’」』》]+?)(["”'’」』》])(?=$|[\s,.;:!?，。；：！？)）]|\p{Script=Han})|(["“「『《])([^"”」』》]+?)(["”」』》])/gu;

/** Trims filler words from both ends of a free-text phrase (after "that", a clause is kept as it is). */
export function trimFillers(phrase: string): string {
  let s = phrase.trim();
  let stopLeading = false;
  for (let changed = true; changed && s;) {
    changed = false;
    if (!stopLeading) {
      const en = /^([\p{L}']+)(?:\s+|$)/u.exec(s);
      if (en && !hasHan(en[1]) && (FILLERS_EN.has(en[1].toLowerCase()) || LEXICON_WORDS.has(en[1].toLowerCase()))) {
        if (en[1].toLowerCase() === 'that') stopLeading = true;
        s = s.slice(en[0].length).trim();
        changed = true;
        continue;
      }
      const zh = EDGE_FILLERS_ZH.find((f) => s.startsWith(f));
      if (zh) { s = s.slice(zh.length).trim(); changed = true; continue; }
    }
    const enEnd = /(?:^|\s)([\p{L}']+)$/u.exec(s);
    if (enEnd && !hasHan(enEnd[1]) && FILLERS_EN.has(enEnd[1].toLowerCase())) {
      s = s.slice(0, s.length - enEnd[1].length).trim();
      changed = true;
      continue;
    }
    const zhEnd = FILLERS_ZH.find((f) => s.endsWith(f));
    if (zhEnd && s.length > zhEnd.length) { s = s.slice(0, -zhEnd.length).trim(); changed = true; }
    else if (zhEnd && s === zhEnd) { s = ''; changed = true; }
  }
  return s.replace(/^[\s"'“”‘’]+|[\s"'“”‘’]+$/g, '');
}

/** Splits a phrase at connector words ("X to Y", "X加到Y"). */
function splitAtConnectors(phrase: string): string[] {
  const parts: string[] = [];
  let rest = phrase;
  for (;;) {
    let best: { at: number; len: number } | undefined;
    for (const m of rest.matchAll(/(?<=\s)([a-z]+)(?=\s)/gi)) {
      if (CONNECTORS_EN.has(m[1].toLowerCase()) && (!best || m.index! < best.at)) best = { at: m.index!, len: m[1].length };
    }
    for (const c of CONNECTORS_ZH) {
      const i = rest.indexOf(c);
      if (i > 0 && (!best || i < best.at)) best = { at: i, len: c.length };
    }
    if (!best) break;
    parts.push(rest.slice(0, best.at));
    rest = rest.slice(best.at + best.len);
  }
  parts.push(rest);
  return parts;
}

export function extractParameters(decl: IntentDeclaration, text: string, tokens: Token[], triggers: Set<string>, clock: Clock): Extraction {
  const lower = text.toLowerCase();
  const mask = new Mask(text.length);
  const params: Record<string, unknown> = {};
  let evidence = 0;
  const schema = decl.parameters ?? {};
  const props = (schema.properties ?? {}) as Props;

  // The intent's own words are not parameter values.
  const anchors: [number, number][] = [];
  for (const t of tokens) {
    if (!triggers.has(t.term)) continue;
    mask.take(t.start, t.end);
    anchors.push([t.start, t.end]);
  }

  const quoted: string[] = [];
  for (const m of text.matchAll(QUOTE)) {
    const inner = (m[2] ?? m[5]).trim();
    if (!inner) continue;
    quoted.push(inner);
    mask.take(m.index!, m.index! + m[0].length);
  }

  // Dates first (their digits are not quantities), then enums, then numbers, then free text.
  const stage = (p: JsonSchema) => (typeof p.format === 'string' && ['date', 'date-time', 'time'].includes(p.format) ? 0 : Array.isArray(p.enum) ? 1 : 2);
  const freeText: string[] = [];
  for (const [name, prop] of Object.entries(props).sort(([, a], [, b]) => stage(a) - stage(b))) {
    const type = Array.isArray(prop.type) ? (prop.type as string[])[0] : (prop.type as string | undefined);
    if (typeof prop.format === 'string' && ['date', 'date-time', 'time'].includes(prop.format)) {
      const dt = findDateTime(text, clock);
      if (dt && mask.free(dt.start, dt.end)) {
        params[name] = formatDateTime(dt, prop.format, clock.utcOffsetMinutes);
        mask.take(dt.start, dt.end);
        evidence += 2;
      }
      continue;
    }
    if (Array.isArray(prop.enum)) {
      const best = bestEnumMatch(name, prop, lower, mask, anchors);
      if (best) {
        params[name] = best.value;
        mask.take(best.start, best.end);
        evidence += 1.5;
      }
      continue;
    }
    if (type === 'number' || type === 'integer') {
      let chosen: { value: number; n: NumberMatch } | undefined;
      let chosenFit = false;
      for (const n of findNumbers(text)) {
        if (!mask.free(n.start, n.end)) continue;
        const v = numberValue(n, name, prop);
        if (!v) continue;
        if (!chosen || (v.unitFit && !chosenFit)) { chosen = { value: v.value, n }; chosenFit = v.unitFit; }
      }
      if (chosen) {
        params[name] = chosen.value;
        mask.take(chosen.n.start, chosen.n.end);
        evidence += chosenFit ? 2 : 1.5;
      }
      continue;
    }
    if (type === 'boolean') continue;
    if (type === 'string' || type === undefined) freeText.push(name);
  }
  // Property names ("priority", "优先级") are not free text either.
  for (const name of Object.keys(props)) {
    for (const w of propertyWords(name)) for (const [s, e] of occurrences(lower, w)) if (mask.free(s, e)) mask.take(s, e);
  }

  for (const name of [...freeText]) {
    if (!quoted.length) break;
    params[name] = quoted.shift();
    freeText.shift();
    evidence += 1.5;
  }
  if (freeText.length) {
    const segments = freeSegments(text, mask);
    if (freeText.length === 1) {
      const afterColon = segments.find((s) => s.afterColon && s.text);
      const pick = afterColon ?? segments.reduce<{ text: string } | undefined>((a, s) => (!a || s.text.length > a.text.length ? s : a), undefined);
      if (pick?.text) { params[freeText[0]] = pick.text; evidence += 0.5; }
    } else {
      const parts = segments.flatMap((s) => splitAtConnectors(s.raw)).map(trimFillers).filter(Boolean);
      freeText.forEach((name, i) => {
        if (parts[i]) { params[name] = parts[i]; evidence += 0.5; }
      });
    }
  }
  // Report parameters in the schema's order, whatever order they were found in.
  const ordered: Record<string, unknown> = {};
  for (const name of Object.keys(props)) if (params[name] !== undefined) ordered[name] = params[name];
  return { params: ordered, evidence };
}

/**
 * The enum value the utterance names. Several may appear ("I finished everything, list done tasks"): one said together
 * with the property's name (高优先级, "high priority") wins, then the one nearest the intent's own words (a modifier sits
 * next to what it modifies), then the longest.
 */
function bestEnumMatch(name: string, prop: JsonSchema, lower: string, mask: Mask, anchors: [number, number][]): { value: unknown; start: number; end: number } | undefined {
  const pwords = propertyWords(name);
  const distance = (s: number, e: number) => anchors.reduce((d, [as, ae]) => Math.min(d, as >= e ? as - e : s >= ae ? s - ae : 0), anchors.length ? Infinity : 0);
  let best: { value: unknown; start: number; end: number; rank: [number, number, number] } | undefined;
  const better = (a: [number, number, number], b: [number, number, number]) => a[0] - b[0] || a[1] - b[1] || a[2] - b[2];
  for (const value of prop.enum as unknown[]) {
    if (typeof value !== 'string') continue;
    for (const syn of enumSynonyms(value, prop.description)) {
      const han = hasHan(syn);
      const phrases: [string, boolean][] = pwords.flatMap((w) => (han || hasHan(w) ? [syn + w, w + syn] : [`${syn} ${w}`, `${w} ${syn}`]).map((p): [string, boolean] => [p, true]));
      // A one-character Chinese synonym (高, 低) only counts next to the property's name (高优先级, 优先级高).
      if (!(han && syn.length === 1)) phrases.push([syn, false]);
      for (const [p, named] of phrases) {
        for (const [s, e] of occurrences(lower, p)) {
          if (!mask.free(s, e) || negated(lower, s)) continue;
          const rank: [number, number, number] = [named ? 0 : 1, distance(s, e), -(e - s)];
          if (!best || better(rank, best.rank) < 0) best = { value, start: s, end: e, rank };
        }
      }
    }
  }
  return best;
}

/** "未完成" is not "完成", "not done" is not "done". */
function negated(lower: string, at: number): boolean {
  return /[未没不]$/.test(lower.slice(0, at)) || /\b(?:not|never|isn't|aren't|wasn't)\s+$/.test(lower.slice(0, at));
}

interface Segment { raw: string; text: string; afterColon: boolean }

/** Runs of text not taken by anything else, split at punctuation, with fillers trimmed. */
function freeSegments(text: string, mask: Mask): Segment[] {
  const out: Segment[] = [];
  let start = -1;
  let afterColon = false;
  let pendingColon = false;
  const flush = (end: number) => {
    if (start >= 0) {
      const raw = text.slice(start, end).trim();
      if (raw) out.push({ raw, text: trimFillers(raw), afterColon });
    }
    start = -1;
  };
  for (let i = 0; i <= text.length; i++) {
    const ch = text[i];
    if (i === text.length || mask.used[i] || SEPARATORS.test(ch)) {
      flush(i);
      if (ch === ':' || ch === '：') pendingColon = true;
      continue;
    }
    if (start < 0) {
      if (ch === ' ') continue;
      start = i;
      afterColon = pendingColon;
      pendingColon = false;
    }
  }
  return out;
}
