import { describe, expect, it } from 'vitest';
import { findNumbers, parseChineseNumber } from '../../src/agent/numbers.js';

const first = (s: string) => {
  const n = findNumbers(s)[0];
  return n && { value: n.value, unit: n.unit };
};

describe('numbers', () => {
  it('reads Chinese numerals', () => {
    expect(parseChineseNumber('二十五')).toBe(25);
    expect(parseChineseNumber('十五')).toBe(15);
    expect(parseChineseNumber('一百二十')).toBe(120);
    expect(parseChineseNumber('两')).toBe(2);
    expect(parseChineseNumber('三万五千')).toBe(35000);
  });

  it('finds digits, English and Chinese number words with their units', () => {
    expect(first('focus for 45 minutes')).toEqual({ value: 45, unit: 'minute' });
    expect(first('pomodoro for twenty-five minutes')).toEqual({ value: 25, unit: 'minute' });
    expect(first('volume fifty')).toEqual({ value: 50, unit: undefined });
    expect(first('half an hour')).toEqual({ value: 0.5, unit: 'hour' });
    expect(first('an hour and a half')).toEqual({ value: 1.5, unit: 'hour' });
    expect(first('番茄钟半小时')).toEqual({ value: 0.5, unit: 'hour' });
    expect(first('专注一个半小时')).toEqual({ value: 1.5, unit: 'hour' });
    expect(first('音量调到百分之六十')).toEqual({ value: 60, unit: 'percent' });
    expect(first('volume 80%')).toEqual({ value: 80, unit: 'percent' });
    expect(first('二十五分钟')).toEqual({ value: 25, unit: 'minute' });
  });

  it('does not read measure words (一个, 一首) as quantities', () => {
    expect(findNumbers('开一个45分钟的计时').map((n) => n.value)).toEqual([45]);
    expect(findNumbers('播放一首歌')).toEqual([]);
    expect(findNumbers('add a task')).toEqual([]);
  });
});
