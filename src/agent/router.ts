/**
 * The offline intent router: deterministic, no network, English and Chinese. It scores every installed intent by the
 * words the utterance shares with the intent's name, display name, descriptions, llmDescription, keywords and
 * parameter vocabulary (weighted by field, and by how rare a word is among the installed intents), re-ranks the best
 * few by how well the utterance fills their parameters, then extracts and validates those parameters.
 */
import type { IntentDeclaration, JsonSchema } from '../hap/intent-manifest.js';
import type { Clock } from './datetime.js';
import { enumSynonyms, extractParameters, propertyWords } from './extract.js';
import { ACTION_GROUPS, ENUM_SYNONYMS, FILLERS_ZH, PROPERTY_WORDS, STOPWORDS_EN, STOPWORDS_ZH } from './lexicon.js';
import { validate, type SchemaError } from './schema.js';
import { hanBigrams, hasHan, makeVocabulary, normalize, stem, tokenize, words, type Token, type Vocabulary } from './text.js';

/** What a device has installed: one entry per app (bundle). */
export interface InstalledApp {
  bundle: string;
  intents: IntentDeclaration[];
}

export interface Candidate {
  bundle: string;
  intent: string;
  displayName: string;
  score: number;
}

export type RouteOutcome =
  | { kind: 'match'; bundle: string; intent: string; params: Record<string, unknown>; score: number }
  | { kind: 'clarification'; bundle: string; intent: string; params: Record<string, unknown>; clarification: Clarification }
  | { kind: 'noMatch'; message: string; candidates: Candidate[] };

export interface Clarification {
  param: string;
  reason: 'missing' | 'invalid';
  question: string;
  errors?: SchemaError[];
}

interface IndexedIntent {
  bundle: string;
  decl: IntentDeclaration;
  /** term → weight (the strongest field it appears in). */
  terms: Map<string, number>;
  /** Terms that name the intent itself; the extractor does not take them as parameter values. */
  triggers: Set<string>;
}

export interface RouterIndex {
  intents: IndexedIntent[];
  idf: Map<string, number>;
  vocab: Vocabulary;
  /** term → the other terms of its lexicon groups. */
  related: Map<string, Set<string>>;
}

const W_KEYWORD = 3;
const W_NAME = 2.5;
const W_DESCRIPTION = 1;
const W_PARAMETER = 0.8;
const W_BIGRAM = 0.5;
/** Factor for a match through a lexicon group (新建 ~ add) rather than the word itself. */
const RELATED_FACTOR = 0.6;
/** Below this a best score is "no match". A single keyword shared with one of ten intents scores about 7. */
const MIN_SCORE = 2.4;
/** Only intents scoring at least this share of the best are re-ranked by their parameters. */
const RERANK_SHARE = 0.5;

function termOf(word: string): string {
  return hasHan(word) ? word : stem(word);
}

function isStop(raw: string): boolean {
  return hasHan(raw) ? STOPWORDS_ZH.has(raw) : STOPWORDS_EN.has(raw.toLowerCase()) || raw.length < 2;
}

export function buildIndex(apps: InstalledApp[]): RouterIndex {
  const vocabWords = new Set<string>([...ACTION_GROUPS.flat(), ...Object.values(ENUM_SYNONYMS).flat(), ...Object.values(PROPERTY_WORDS).flat(), ...FILLERS_ZH]);
  const intents: IndexedIntent[] = [];
  for (const app of apps) {
    for (const decl of app.intents) {
      const terms = new Map<string, number>();
      const triggers = new Set<string>();
      const put = (raw: string, weight: number, trigger = false) => {
        const hanRuns = raw.match(/\p{Script=Han}+/gu) ?? [];
        for (const run of hanRuns) {
          vocabWords.add(run);
          if (weight >= W_NAME || run.length <= 4) add(run, weight, trigger);
          if (run.length > 2) for (const b of hanBigrams(run)) add(b, Math.min(weight, W_BIGRAM * 2), false);
        }
        for (const w of words(raw.replace(/\p{Script=Han}+/gu, ' '))) {
          if (isStop(w)) continue;
          add(termOf(w), weight, trigger);
        }
      };
      const add = (term: string, weight: number, trigger: boolean) => {
        if ((terms.get(term) ?? 0) < weight) terms.set(term, weight);
        if (trigger) triggers.add(term);
      };
      for (const k of decl.keywords ?? []) put(k, W_KEYWORD, true);
      put(decl.intentName, W_NAME, true);
      if (decl.displayName) put(decl.displayName, W_NAME, true);
      if (decl.displayDescription) put(decl.displayDescription, W_DESCRIPTION);
      if (decl.llmDescription) put(decl.llmDescription, W_DESCRIPTION);
      const props = ((decl.parameters ?? {}).properties ?? {}) as Record<string, JsonSchema>;
      for (const [name, prop] of Object.entries(props)) {
        for (const w of propertyWords(name)) put(w, W_PARAMETER);
        if (Array.isArray(prop.enum)) for (const v of prop.enum) if (typeof v === 'string') for (const s of enumSynonyms(v, prop.description)) {
          if (!(hasHan(s) && s.length === 1)) put(s, W_PARAMETER);
        }
      }
      intents.push({ bundle: app.bundle, decl, terms, triggers });
    }
  }
  const df = new Map<string, number>();
  for (const it of intents) for (const t of it.terms.keys()) df.set(t, (df.get(t) ?? 0) + 1);
  const idf = new Map<string, number>();
  for (const [t, n] of df) idf.set(t, Math.log(1 + intents.length / n));
  const related = new Map<string, Set<string>>();
  for (const group of ACTION_GROUPS) {
    const terms = group.map(termOf);
    for (const t of terms) {
      const set = related.get(t) ?? new Set<string>();
      for (const u of terms) if (u !== t) set.add(u);
      related.set(t, set);
    }
  }
  return { intents, idf, vocab: makeVocabulary(vocabWords), related };
}

/** The utterance's terms with the factor each counts with (1 direct, less for bigrams and lexicon relatives). */
function utteranceTerms(tokens: Token[], text: string, index: RouterIndex): Map<string, number> {
  const out = new Map<string, number>();
  const put = (t: string, f: number) => { if ((out.get(t) ?? 0) < f) out.set(t, f); };
  for (const tok of tokens) {
    if (tok.han ? STOPWORDS_ZH.has(tok.text) : STOPWORDS_EN.has(tok.text)) continue;
    put(tok.term, 1);
    for (const r of index.related.get(tok.term) ?? []) put(r, RELATED_FACTOR);
  }
  for (const run of text.match(/\p{Script=Han}+/gu) ?? []) for (const b of hanBigrams(run)) put(b, W_BIGRAM);
  return out;
}

function score(it: IndexedIntent, terms: Map<string, number>, index: RouterIndex): number {
  let s = 0;
  for (const [t, f] of terms) {
    const w = it.terms.get(t);
    if (w) s += f * w * (index.idf.get(t) ?? 0);
  }
  return s;
}

const round = (n: number) => Math.round(n * 100) / 100;

function displayNameOf(d: IntentDeclaration): string {
  return d.displayName ?? words(d.intentName).join(' ').replace(/^./, (c) => c.toUpperCase());
}

/** Routes one utterance among the installed intents (only those: other apps' intents are never candidates). */
export function route(index: RouterIndex, utterance: string, clock: Clock): RouteOutcome {
  const text = normalize(utterance);
  const tokens = tokenize(text, index.vocab);
  const terms = utteranceTerms(tokens, text, index);
  const scored = index.intents.map((it) => ({ it, score: score(it, terms, index) })).filter((s) => s.score > 0).sort((a, b) => b.score - a.score);
  const zh = hasHan(text);
  if (!scored.length || scored[0].score < MIN_SCORE) {
    const candidates = scored.slice(0, 3).map(({ it, score: s }) => ({ bundle: it.bundle, intent: it.decl.intentName, displayName: displayNameOf(it.decl), score: round(s) }));
    const message = zh ? '没有找到能处理这句话的意图。' : 'No installed intent matches that.';
    return { kind: 'noMatch', message, candidates };
  }
  const top = scored[0].score;
  let best: { it: IndexedIntent; params: Record<string, unknown>; final: number; score: number } | undefined;
  for (const { it, score: s } of scored.slice(0, 5)) {
    if (s < top * RERANK_SHARE) break;
    const ex = extractParameters(it.decl, text, tokens, it.triggers, clock);
    const required = ((it.decl.parameters ?? {}).required ?? []) as string[];
    const missing = required.filter((r) => ex.params[r] === undefined).length;
    const final = s + ex.evidence * 1.5 - missing * 2;
    if (!best || final > best.final) best = { it, params: ex.params, final, score: s };
  }
  const { it, params } = best!;
  const base = { bundle: it.bundle, intent: it.decl.intentName, params };
  const clarification = clarify(it.decl, params, zh);
  if (clarification) return { kind: 'clarification', ...base, clarification };
  return { kind: 'match', ...base, score: round(best!.score) };
}

/** A question for the first missing or invalid parameter, or undefined when the parameters are valid. */
export function clarify(decl: IntentDeclaration, params: Record<string, unknown>, zh: boolean): Clarification | undefined {
  const errors = validate(params, decl.parameters ?? { type: 'object' });
  if (!errors.length) return undefined;
  const first = errors.find((e) => e.keyword === 'required') ?? errors[0];
  const param = first.param ?? '';
  const props = ((decl.parameters ?? {}).properties ?? {}) as Record<string, JsonSchema>;
  const desc = typeof props[param]?.description === 'string' ? (props[param].description as string) : undefined;
  const name = displayNameOf(decl);
  const reason = first.keyword === 'required' ? 'missing' : 'invalid';
  const question = reason === 'missing'
    ? zh ? `${name}：请告诉我 ${param}${desc ? `（${desc}）` : ''}。` : `${name}: what ${param}?${desc ? ` (${desc})` : ''}`
    : zh ? `${name}：${first.message}。请重新告诉我 ${param}${desc ? `（${desc}）` : ''}。` : `${name}: ${first.message}. What ${param}?${desc ? ` (${desc})` : ''}`;
  return { param, reason, question, ...(reason === 'invalid' ? { errors } : {}) };
}
