import { describe, expect, it } from 'vitest';
import { makeVocabulary, normalize, segmentHan, stem, tokenize, words } from '../../src/agent/text.js';

describe('text', () => {
  it('segments Chinese by maximum matching against the vocabulary, single characters otherwise', () => {
    const vocab = makeVocabulary(['提醒', '提醒我', '明天', '报告']);
    const run = '明天提醒我交报告';
    expect(segmentHan(run, vocab).map(([s, e]) => run.slice(s, e))).toEqual(['明天', '提醒我', '交', '报告']);
  });

  it('tokenizes mixed text with spans, keeping digits apart from Han characters', () => {
    const vocab = makeVocabulary(['提醒我']);
    const text = normalize('９点提醒我 call Mom');
    const toks = tokenize(text, vocab);
    expect(toks.map((t) => t.text)).toEqual(['9', '点', '提醒我', 'call', 'mom']);
    for (const t of toks) expect(text.slice(t.start, t.end).toLowerCase()).toBe(t.text);
  });

  it('joins hyphenated words and stems plurals and agent nouns', () => {
    const toks = tokenize("what's on my to-do list", makeVocabulary([]));
    expect(toks.map((t) => t.text)).toContain('todo');
    expect(stem('tasks')).toBe(stem('task'));
    expect(stem('reminders')).toBe(stem('remind'));
    expect(stem('completed')).toBe(stem('complete'));
  });

  it('splits identifiers into words', () => {
    expect(words('AddToPlaylist')).toEqual(['add', 'to', 'playlist']);
    expect(words('StartFocusTimer')).toEqual(['start', 'focus', 'timer']);
  });
});
