import { describe, expect, it } from 'vitest';
import { findDateTime, formatDateTime, parseReferenceTime } from '../../src/agent/datetime.js';

// Tuesday 2026-03-10 10:00 at +08:00.
const clock = { now: new Date('2026-03-10T10:00:00+08:00'), utcOffsetMinutes: 480 };
const at = (s: string, format = 'date-time') => {
  const m = findDateTime(s, clock);
  return m && formatDateTime(m, format, clock.utcOffsetMinutes);
};

describe('dates and times', () => {
  it('resolves English expressions against the reference time', () => {
    expect(at('remind me tomorrow at 9')).toBe('2026-03-11T09:00:00+08:00');
    expect(at('at 8pm')).toBe('2026-03-10T20:00:00+08:00');
    expect(at('at 9:30 am')).toBe('2026-03-11T09:30:00+08:00'); // already past today → tomorrow
    expect(at('in 20 minutes')).toBe('2026-03-10T10:20:00+08:00');
    expect(at('in half an hour')).toBe('2026-03-10T10:30:00+08:00');
    expect(at('on friday')).toBe('2026-03-13T09:00:00+08:00');
    expect(at('next monday at noon')).toBe('2026-03-16T12:00:00+08:00');
    expect(at('tomorrow evening')).toBe('2026-03-11T20:00:00+08:00');
  });

  it('resolves Chinese expressions', () => {
    expect(at('明天上午9点')).toBe('2026-03-11T09:00:00+08:00');
    expect(at('下午三点半')).toBe('2026-03-10T15:30:00+08:00');
    expect(at('明天晚上8点')).toBe('2026-03-11T20:00:00+08:00');
    expect(at('半小时后')).toBe('2026-03-10T10:30:00+08:00');
    expect(at('两个小时后')).toBe('2026-03-10T12:00:00+08:00');
    expect(at('后天')).toBe('2026-03-12T09:00:00+08:00');
    expect(at('下周五')).toBe('2026-03-20T09:00:00+08:00');
    expect(at('周五')).toBe('2026-03-13T09:00:00+08:00');
  });

  it('formats for the schema format and reports the span', () => {
    expect(at('明天', 'date')).toBe('2026-03-11');
    expect(at('at 3pm', 'time')).toBe('15:00:00+08:00');
    const m = findDateTime('call the dentist tomorrow at 9 please', clock)!;
    expect('call the dentist tomorrow at 9 please'.slice(m.start, m.end)).toBe('tomorrow at 9');
    expect(findDateTime('buy milk', clock)).toBeUndefined();
  });

  it('is independent of the host time zone (negative offsets too)', () => {
    const ny = { now: new Date('2026-03-10T23:30:00-05:00'), utcOffsetMinutes: -300 };
    const m = findDateTime('tomorrow at 7am', ny)!;
    expect(formatDateTime(m, 'date-time', -300)).toBe('2026-03-11T07:00:00-05:00');
  });

  it('reads a reference time (--now, the agent endpoint\'s now) only with an explicit offset', () => {
    expect(parseReferenceTime('2026-03-10T10:00:00+08:00')).toEqual({ now: new Date('2026-03-10T02:00:00Z'), utcOffsetMinutes: 480 });
    expect(parseReferenceTime('2026-03-10T10:00-05:30')).toEqual({ now: new Date('2026-03-10T15:30:00Z'), utcOffsetMinutes: -330 });
    expect(parseReferenceTime('2026-03-10T10:00:00.5Z')?.utcOffsetMinutes).toBe(0);
    for (const bad of ['2026-03-10T10:00:00', 'tomorrow', '2026-13-40T10:00:00Z', '']) expect(parseReferenceTime(bad), bad).toBeUndefined();
  });
});
