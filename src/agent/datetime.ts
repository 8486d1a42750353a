/**
 * Dates and times in English and Chinese ("tomorrow at 9", "at 8pm", "in 20 minutes", "next friday", "明天上午9点",
 * "下午三点半", "半小时后", "下周五"), resolved against a reference time in a fixed UTC offset so results are
 * deterministic. Rules: a time without a day that has already passed today means tomorrow; a day without a time means
 * 09:00; a part of day without a time means morning 09:00, noon 12:00, afternoon 15:00, evening 20:00.
 */
import { parseChineseNumber } from './numbers.js';

export interface DateTimeMatch {
  start: number;
  end: number;
  /** Wall-clock fields in the reference offset. */
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  hasTime: boolean;
}

export interface Clock {
  now: Date;
  /** Minutes east of UTC, e.g. 480 for +08:00. */
  utcOffsetMinutes: number;
}

type Part =
  | { kind: 'relative'; minutes: number }
  | { kind: 'day'; offset: number }
  | { kind: 'weekday'; weekday: number; next: boolean }
  | { kind: 'period'; period: 'morning' | 'noon' | 'afternoon' | 'evening' | 'night' | 'am' | 'pm' }
  | { kind: 'time'; hour: number; minute: number; period?: 'am' | 'pm' };

interface Found {
  part: Part;
  start: number;
  end: number;
}

const NUM = String.raw`(?:\d+|[零〇一二两三四五六七八九十百]+)`;
const num = (s: string): number => (/\d/.test(s) ? Number(s) : (parseChineseNumber(s) ?? NaN));
const EN_NUM: Record<string, number> = { one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, fifteen: 15, twenty: 20, thirty: 30, forty: 40, 'forty-five': 45, fifty: 50, sixty: 60, a: 1, an: 1 };
const enNum = (s: string): number => (/\d/.test(s) ? Number(s) : (EN_NUM[s.toLowerCase()] ?? NaN));
const EN_NUMWORD = `(?:\\d+|${Object.keys(EN_NUM).join('|')})`;
const WEEKDAYS_EN = ['sunday', 'monday', 'tuesday', 'wednesday', 'thursday', 'friday', 'saturday'];
const WEEKDAY_ZH: Record<string, number> = { 日: 0, 天: 0, 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6 };
const UNIT_MIN: Record<string, number> = { minute: 1, min: 1, hour: 60, hr: 60, day: 1440, 分钟: 1, 分: 1, 小时: 60, 钟头: 60, 天: 1440 };

function scan(text: string): Found[] {
  const out: Found[] = [];
  const each = (re: RegExp, f: (m: RegExpExecArray) => Part | undefined) => {
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const part = f(m);
      if (part) out.push({ part, start: m.index, end: m.index + m[0].length });
    }
  };
  // English
  each(new RegExp(`\\bin (half an hour|an hour and a half|${EN_NUMWORD}) ?(minutes?|mins?|hours?|hrs?|days?)?\\b`, 'gi'), (m) => {
    if (/half an hour/i.test(m[1])) return { kind: 'relative', minutes: 30 };
    if (/and a half/i.test(m[1])) return { kind: 'relative', minutes: 90 };
    if (!m[2]) return undefined;
    const unit = m[2].toLowerCase().replace(/s$/, '');
    return { kind: 'relative', minutes: enNum(m[1]) * UNIT_MIN[unit] };
  });
  each(/\b(?:the )?day after tomorrow\b/gi, () => ({ kind: 'day', offset: 2 }));
  each(/\btomorrow\b/gi, () => ({ kind: 'day', offset: 1 }));
  each(/\btoday\b/gi, () => ({ kind: 'day', offset: 0 }));
  each(/\btonight\b/gi, () => ({ kind: 'period', period: 'night' }));
  each(new RegExp(`\\b(?:on )?(next |this )?(${WEEKDAYS_EN.join('|')})\\b`, 'gi'), (m) =>
    ({ kind: 'weekday', weekday: WEEKDAYS_EN.indexOf(m[2].toLowerCase()), next: /next/i.test(m[1] ?? '') }));
  each(/\b(?:in the )?(morning|afternoon|evening)\b/gi, (m) => ({ kind: 'period', period: m[1].toLowerCase() as 'morning' }));
  each(/\b(?:at )?(noon|midday|midnight)\b/gi, (m) =>
    ({ kind: 'time', hour: /midnight/i.test(m[1]) ? 0 : 12, minute: 0 }));
  each(new RegExp(`\\b(?:at )?(\\d{1,2}):(\\d{2})\\s*(am|pm|a\\.m\\.|p\\.m\\.)?`, 'gi'), (m) =>
    ({ kind: 'time', hour: Number(m[1]), minute: Number(m[2]), period: m[3] ? (m[3][0].toLowerCase() === 'a' ? 'am' : 'pm') : undefined }));
  each(new RegExp(`\\b(?:at )?(\\d{1,2}|${Object.keys(EN_NUM).filter((k) => k.length > 2).join('|')})\\s*(am|pm|a\\.m\\.|p\\.m\\.|o'clock)`, 'gi'), (m) => {
    const p = m[2].toLowerCase();
    return { kind: 'time', hour: enNum(m[1]), minute: 0, period: p.startsWith('a') ? 'am' : p.startsWith('p') ? 'pm' : undefined };
  });
  each(new RegExp(`\\bat (\\d{1,2}|${Object.keys(EN_NUM).filter((k) => k.length > 2).join('|')})\\b(?!:)`, 'gi'), (m) =>
    ({ kind: 'time', hour: enNum(m[1]), minute: 0 }));
  // Chinese
  each(new RegExp(`(${NUM}|半)个?(分钟|分|小时|钟头|天)(?:以后|之后|后)`, 'g'), (m) =>
    ({ kind: 'relative', minutes: (m[1] === '半' ? 0.5 : num(m[1])) * UNIT_MIN[m[2]] }));
  each(new RegExp(`(${NUM})个半(?:小时|钟头)(?:以后|之后|后)`, 'g'), (m) => ({ kind: 'relative', minutes: (num(m[1]) + 0.5) * 60 }));
  each(/大后天/g, () => ({ kind: 'day', offset: 3 }));
  each(/(?<!大)后天/g, () => ({ kind: 'day', offset: 2 }));
  each(/明天|明日|明早/g, (m) => ({ kind: 'day', offset: 1, ...(m[0] === '明早' ? {} : {}) }));
  each(/今天|今日/g, () => ({ kind: 'day', offset: 0 }));
  each(/今晚/g, () => ({ kind: 'period', period: 'night' }));
  each(/(下个?|这个?|本)?(?:周|星期|礼拜)([一二三四五六日天])/g, (m) => ({ kind: 'weekday', weekday: WEEKDAY_ZH[m[2]], next: !!m[1]?.startsWith('下') }));
  each(/早上|早晨|上午|凌晨/g, (m) => ({ kind: 'period', period: m[0] === '凌晨' ? 'am' : 'morning' }));
  each(/中午/g, () => ({ kind: 'period', period: 'noon' }));
  each(/下午/g, () => ({ kind: 'period', period: 'afternoon' }));
  each(/傍晚|晚上|夜里|夜间/g, () => ({ kind: 'period', period: 'evening' }));
  each(new RegExp(`(${NUM})(?:点|时)(?:(半)|(${NUM})分?|(一刻)|(三刻))?`, 'g'), (m) => {
    const minute = m[2] ? 30 : m[3] ? num(m[3]) : m[4] ? 15 : m[5] ? 45 : 0;
    return { kind: 'time', hour: num(m[1]), minute };
  });
  return out.filter((f) => {
    const p = f.part;
    if (p.kind === 'time') return p.hour >= 0 && p.hour <= 24 && p.minute >= 0 && p.minute < 60;
    if (p.kind === 'relative') return Number.isFinite(p.minutes) && p.minutes > 0;
    return true;
  });
}

/** Removes parts overlapping an earlier, longer part (e.g. "at 9" inside "at 9:30"). */
function dropOverlaps(parts: Found[]): Found[] {
  const sorted = [...parts].sort((a, b) => a.start - b.start || b.end - b.start - (a.end - a.start));
  const out: Found[] = [];
  for (const f of sorted) {
    const last = out[out.length - 1];
    if (last && f.start < last.end) continue;
    out.push(f);
  }
  return out;
}

/** Finds the first date/time expression (adjacent parts joined) and resolves it. */
export function findDateTime(text: string, clock: Clock): DateTimeMatch | undefined {
  const parts = dropOverlaps(scan(text));
  if (!parts.length) return undefined;
  // Join parts separated only by spaces, commas, "at"/"on"/"the"/的.
  const group: Found[] = [parts[0]];
  for (let i = 1; i < parts.length; i++) {
    const gap = text.slice(group[group.length - 1].end, parts[i].start);
    if (!/^(?:[\s,，]|\bat\b|\bon\b|\bthe\b|的)*$/i.test(gap)) break;
    group.push(parts[i]);
  }
  const offsetMs = clock.utcOffsetMinutes * 60_000;
  const wall = new Date(clock.now.getTime() + offsetMs);
  let base = Date.UTC(wall.getUTCFullYear(), wall.getUTCMonth(), wall.getUTCDate());
  let hour: number | undefined;
  let minute = 0;
  let period: string | undefined;
  let dayGiven = false;
  let relative: number | undefined;
  for (const { part } of group) {
    if (part.kind === 'relative') relative = (relative ?? 0) + part.minutes;
    else if (part.kind === 'day') { base += part.offset * 86_400_000; dayGiven = true; }
    else if (part.kind === 'weekday') {
      const today = new Date(base).getUTCDay();
      // "friday" / 周五: the next one after today; "next friday" / 下周五: that day of next (Monday-based) week.
      const delta = part.next
        ? (((8 - today) % 7) || 7) + ((part.weekday + 6) % 7)
        : ((part.weekday - today + 7) % 7) || 7;
      base += delta * 86_400_000;
      dayGiven = true;
    } else if (part.kind === 'period') period = part.period;
    else { hour = part.hour; minute = part.minute; period = part.period ?? period; }
  }
  const start = group[0].start;
  const end = group[group.length - 1].end;
  if (relative !== undefined && hour === undefined && !dayGiven) {
    const t = new Date(wall.getTime() + relative * 60_000);
    return { start, end, year: t.getUTCFullYear(), month: t.getUTCMonth() + 1, day: t.getUTCDate(), hour: t.getUTCHours(), minute: t.getUTCMinutes(), hasTime: true };
  }
  if (hour === undefined && period) hour = { morning: 9, am: 9, noon: 12, afternoon: 15, evening: 20, night: 20, pm: 15 }[period];
  let hasTime = hour !== undefined;
  if (hour !== undefined && period) {
    if ((period === 'pm' || period === 'afternoon' || period === 'evening' || period === 'night') && hour < 12) hour += 12;
    else if (period === 'noon' && hour < 11) hour += 12;
    else if ((period === 'am' || period === 'morning') && hour === 12) hour = 0;
  }
  if (hour === undefined) { hour = 9; hasTime = false; }
  let t = base + hour * 3_600_000 + minute * 60_000;
  if (!dayGiven && t <= wall.getTime()) t += 86_400_000;
  const d = new Date(t);
  return { start, end, year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate(), hour: d.getUTCHours(), minute: d.getUTCMinutes(), hasTime };
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** Formats a match for a JSON Schema `format`: date-time (RFC 3339 with the reference offset), date, or time. */
export function formatDateTime(m: DateTimeMatch, format: string, utcOffsetMinutes: number): string {
  const date = `${pad(m.year, 4)}-${pad(m.month)}-${pad(m.day)}`;
  const time = `${pad(m.hour)}:${pad(m.minute)}:00`;
  const sign = utcOffsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(utcOffsetMinutes);
  const offset = `${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
  if (format === 'date') return date;
  if (format === 'time') return `${time}${offset}`;
  return `${date}T${time}${offset}`;
}

/** `2026-03-10T10:00:00+08:00` → that instant and its offset in minutes. */
export function parseReferenceTime(iso: string): { now: Date; utcOffsetMinutes: number } | undefined {
  const m = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(Z|([+-])(\d{2}):(\d{2}))$/.exec(iso);
  if (!m || Number.isNaN(Date.parse(iso))) return undefined;
  const utcOffsetMinutes = m[1] === 'Z' ? 0 : (m[2] === '-' ? -1 : 1) * (Number(m[3]) * 60 + Number(m[4]));
  return { now: new Date(iso), utcOffsetMinutes };
}
