/**
 * Text primitives of the router: normalisation, English stems, and a tokenizer that keeps character spans (so the
 * parameter extractor can cut the remaining phrase out of the original text). Chinese has no spaces: runs of Han
 * characters are segmented by forward maximum matching against a vocabulary (the installed intents' words plus the
 * built-in lexicon); characters outside the vocabulary become one-character tokens.
 */
export interface Token {
  /** Lower-case surface text (Han: as is). */
  text: string;
  /** English: stem; Han: the text. */
  term: string;
  start: number;
  end: number;
  han: boolean;
}

/** NFKC folds full-width forms (：，１２) to ASCII; typographic quotes are kept (they delimit quoted parameters). */
export function normalize(s: string): string {
  return s.normalize('NFKC').replace(/\s+/g, ' ').trim();
}

const HAN = /\p{Script=Han}/u;
export function isHan(ch: string): boolean {
  return HAN.test(ch);
}
export function hasHan(s: string): boolean {
  return HAN.test(s);
}

/** A light English stemmer: enough to make task/tasks, remind/reminder/reminders, complete/completed meet. */
export function stem(word: string): string {
  let w = word.toLowerCase().replace(/'s$/, '');
  if (w.length > 4 && w.endsWith('ies')) return w.slice(0, -3) + 'y';
  if (w.length > 5 && w.endsWith('ing')) w = w.slice(0, -3);
  else if (w.length > 4 && w.endsWith('ed')) w = w.slice(0, -2);
  else if (w.length > 5 && w.endsWith('ers')) w = w.slice(0, -3);
  else if (w.length > 5 && w.endsWith('er')) w = w.slice(0, -2);
  else if (w.length > 3 && w.endsWith('es') && /(ch|sh|x|ss)es$/.test(w)) w = w.slice(0, -2);
  else if (w.length > 3 && w.endsWith('s') && !w.endsWith('ss')) w = w.slice(0, -1);
  if (w.length > 3 && w.endsWith('e')) w = w.slice(0, -1);
  return w;
}

/** A vocabulary for maximum matching: the set of words and the longest word's length. */
export interface Vocabulary {
  words: Set<string>;
  maxLen: number;
}

export function makeVocabulary(words: Iterable<string>): Vocabulary {
  const set = new Set<string>();
  let maxLen = 1;
  for (const w of words) {
    if (!hasHan(w)) continue;
    set.add(w);
    maxLen = Math.max(maxLen, w.length);
  }
  return { words: set, maxLen };
}

/** Forward maximum matching of one Han run; returns [start, end) offsets relative to the run. */
export function segmentHan(run: string, vocab: Vocabulary): [number, number][] {
  const out: [number, number][] = [];
  let i = 0;
  while (i < run.length) {
    let len = Math.min(vocab.maxLen, run.length - i);
    for (; len > 1; len--) if (vocab.words.has(run.slice(i, i + len))) break;
    out.push([i, i + len]);
    i += len;
  }
  return out;
}

/**
 * Tokens of `text` (already normalised) with their spans. English words keep intra-word apostrophes; a hyphen inside a
 * word joins it ("to-do" → "todo", one token). Digits are tokens of their own.
 */
export function tokenize(text: string, vocab: Vocabulary): Token[] {
  const tokens: Token[] = [];
  const re = /(\p{Script=Han}+)|((?:(?!\p{Script=Han})[\p{L}\p{N}])+(?:['’-](?:(?!\p{Script=Han})[\p{L}\p{N}])+)*)/gu;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (m[1]) {
      for (const [s, e] of segmentHan(m[1], vocab)) {
        const t = m[1].slice(s, e);
        tokens.push({ text: t, term: t, start: m.index + s, end: m.index + e, han: true });
      }
    } else {
      const raw = m[2].toLowerCase();
      const joined = raw.replace(/-/g, '').replace(/’/g, "'");
      tokens.push({ text: joined, term: stem(joined), start: m.index, end: m.index + m[0].length, han: false });
    }
  }
  return tokens;
}

/** Character bigrams of a Han string (the fallback when a word is not in any vocabulary). */
export function hanBigrams(s: string): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < s.length; i++) out.push(s.slice(i, i + 2));
  return out;
}

/** Splits an identifier or phrase into lower-case words: "AddToPlaylist" → add, to, playlist. */
export function words(s: string): string[] {
  return s
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .toLowerCase()
    .split(/[^\p{L}\p{N}']+/u)
    .filter(Boolean);
}
