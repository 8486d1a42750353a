/**
 * Number expressions in English and Chinese, with their unit: "45", "twenty-five", "half an hour", "an hour and a half",
 * "二十五", "一个半小时", "百分之六十", "80%". The extractor converts units to what a property wants (minutes, percent).
 */
export type NumberUnit = 'second' | 'minute' | 'hour' | 'percent';

export interface NumberMatch {
  value: number;
  unit?: NumberUnit;
  start: number;
  end: number;
}

const EN_SMALL: Record<string, number> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, eleven: 11, twelve: 12,
  thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19,
};
const EN_TENS: Record<string, number> = { twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90 };
const EN_WORD = `(?:${[...Object.keys(EN_TENS), ...Object.keys(EN_SMALL), 'hundred', 'a'].join('|')})`;

const EN_UNITS: [RegExp, NumberUnit][] = [
  [/^\s*-?\s*(?:seconds?|secs?)\b/i, 'second'],
  [/^\s*-?\s*(?:minutes?|mins?)\b/i, 'minute'],
  [/^\s*-?\s*(?:hours?|hrs?)\b/i, 'hour'],
  [/^\s*(?:%|percent\b|per cent\b|pct\b)/i, 'percent'],
];
const ZH_UNITS: [RegExp, NumberUnit][] = [
  [/^\s*秒钟?/, 'second'],
  [/^\s*分钟/, 'minute'],
  [/^\s*个?(?:小时|钟头)/, 'hour'],
  [/^\s*%/, 'percent'],
];

const ZH_DIGIT: Record<string, number> = { 零: 0, 〇: 0, 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };
const ZH_MULT: Record<string, number> = { 十: 10, 百: 100, 千: 1000 };

/** 二十五 → 25, 一百二十 → 120, 十五 → 15, 两千 → 2000. */
export function parseChineseNumber(s: string): number | undefined {
  let total = 0;
  let section = 0;
  let digit = -1;
  for (const ch of s) {
    if (ch in ZH_DIGIT) digit = ZH_DIGIT[ch];
    else if (ch in ZH_MULT) {
      section += (digit < 0 ? 1 : digit) * ZH_MULT[ch];
      digit = -1;
    } else if (ch === '万') {
      total += (section + Math.max(digit, 0)) * 10000;
      section = 0;
      digit = -1;
    } else return undefined;
  }
  return total + section + Math.max(digit, 0);
}

function parseEnglishWords(phrase: string): number | undefined {
  let total = 0;
  let any = false;
  for (const w of phrase.toLowerCase().split(/[\s-]+/).filter(Boolean)) {
    if (w === 'a' || w === 'and') continue;
    if (w in EN_SMALL) total += EN_SMALL[w];
    else if (w in EN_TENS) total += EN_TENS[w];
    else if (w === 'hundred') total = (total || 1) * 100;
    else return undefined;
    any = true;
  }
  return any ? total : undefined;
}

function unitAfter(text: string, at: number, han: boolean): { unit?: NumberUnit; end: number } {
  const rest = text.slice(at);
  for (const [re, unit] of han ? [...ZH_UNITS, ...EN_UNITS] : [...EN_UNITS, ...ZH_UNITS]) {
    const m = re.exec(rest);
    if (m) return { unit, end: at + m[0].length };
  }
  return { end: at };
}

/** Every number expression in `text`, in order, without overlaps. */
export function findNumbers(text: string): NumberMatch[] {
  const found: NumberMatch[] = [];
  const taken = new Array<boolean>(text.length).fill(false);
  const add = (m: NumberMatch) => {
    for (let i = m.start; i < m.end; i++) if (taken[i]) return;
    for (let i = m.start; i < m.end; i++) taken[i] = true;
    found.push(m);
  };
  const each = (re: RegExp, f: (m: RegExpExecArray) => NumberMatch | undefined) => {
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const r = f(m);
      if (r) add(r);
    }
  };
  // Fixed phrases first (they contain words that are numbers on their own).
  each(/\b(?:an?|one) hour and a half\b/gi, (m) => ({ value: 1.5, unit: 'hour', start: m.index, end: m.index + m[0].length }));
  each(/\bhalf an hour\b|\bhalf hour\b/gi, (m) => ({ value: 0.5, unit: 'hour', start: m.index, end: m.index + m[0].length }));
  each(/\ban hour\b|\ba quarter of an hour\b/gi, (m) => ({ value: m[0].includes('quarter') ? 0.25 : 1, unit: 'hour', start: m.index, end: m.index + m[0].length }));
  each(/([零〇一二两三四五六七八九十百千万]+|\d+)?个?半(?:个)?(?:小时|钟头)/g, (m) => {
    const whole = m[1] === undefined ? 0 : /\d/.test(m[1]) ? Number(m[1]) : parseChineseNumber(m[1]);
    return whole === undefined ? undefined : { value: whole + 0.5, unit: 'hour', start: m.index, end: m.index + m[0].length };
  });
  each(/百分之([零〇一二两三四五六七八九十百千万]+|\d+(?:\.\d+)?)/g, (m) => {
    const v = /\d/.test(m[1]) ? Number(m[1]) : parseChineseNumber(m[1]);
    return v === undefined ? undefined : { value: v, unit: 'percent', start: m.index, end: m.index + m[0].length };
  });
  each(/\d+(?:\.\d+)?/g, (m) => {
    const end = m.index + m[0].length;
    const u = unitAfter(text, end, false);
    return { value: Number(m[0]), unit: u.unit, start: m.index, end: u.end };
  });
  each(/[零〇一二两三四五六七八九十百千万]+/g, (m) => {
    const end = m.index + m[0].length;
    // 一个 / 一首 / 一下 are measure words, not quantities ("开一个45分钟的计时"), unless a unit follows (一个小时).
    const u = unitAfter(text, end, true);
    if (!u.unit && /^[个首条张下些件次位点]/.test(text.slice(end))) return undefined;
    const v = parseChineseNumber(m[0]);
    return v === undefined ? undefined : { value: v, unit: u.unit, start: m.index, end: u.end };
  });
  each(new RegExp(`\\b${EN_WORD}(?:[\\s-]+(?:and[\\s-]+)?${EN_WORD})*\\b`, 'gi'), (m) => {
    if (/^an?$/i.test(m[0])) return undefined;
    const phrase = m[0].replace(/^an?\s+(?!hundred)/i, '');
    const v = parseEnglishWords(phrase);
    if (v === undefined) return undefined;
    const end = m.index + m[0].length;
    const u = unitAfter(text, end, false);
    const start = m.index + (m[0].length - phrase.length);
    return { value: v, unit: u.unit, start, end: u.end };
  });
  return found.sort((a, b) => a.start - b.start);
}
