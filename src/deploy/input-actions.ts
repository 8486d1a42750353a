/**
 * Parses `hmos input` actions: `click:<selector>` (or `click:<x>,<y>`), `input:<selector>:<text>`,
 * `swipe:up|down|left|right[:<selector>]`, `back`, `wait:<ms>`. Selectors are `text=…`, `id=…` or `type=…`,
 * optionally followed by `#n` (the n-th match, counting from 1).
 */
import { HmosError } from '../errors.js';
import type { InputAction } from '../emulator/app-runner.js';

const SELECTOR = /^(text|id|type)=(.+?)(#\d+)?$/s;

export function checkSelector(sel: string, action: string): string {
  if (!SELECTOR.test(sel)) {
    throw new HmosError('BAD_SELECTOR', `"${sel}" in ${action} is not a selector; use text=…, id=… or type=…, optionally with #n (e.g. type=Button#1)`);
  }
  return sel;
}

export function parseInputAction(raw: string): InputAction {
  const [verb, ...rest] = raw.split(':');
  const arg = rest.join(':');
  switch (verb) {
    case 'click': {
      const point = /^(\d+(?:\.\d+)?),(\d+(?:\.\d+)?)$/.exec(arg);
      if (point) return { kind: 'click', x: Number(point[1]), y: Number(point[2]) };
      return { kind: 'click', selector: checkSelector(arg, raw) };
    }
    case 'input': {
      // The selector ends at the first ':' that follows it; the text may contain more.
      const m = /^((?:text|id|type)=[^:]*?(?:#\d+)?):(.*)$/s.exec(arg);
      if (!m) throw new HmosError('BAD_ACTION', `"${raw}": write input:<selector>:<text>, e.g. input:id=name:Ada`);
      return { kind: 'input', selector: checkSelector(m[1], raw), text: m[2] };
    }
    case 'swipe': {
      const [direction, ...sel] = rest;
      if (!['up', 'down', 'left', 'right'].includes(direction)) throw new HmosError('BAD_ACTION', `"${raw}": swipe takes up, down, left or right`);
      const selector = sel.join(':');
      return { kind: 'swipe', direction: direction as 'up', ...(selector ? { selector: checkSelector(selector, raw) } : {}) };
    }
    case 'back':
      if (arg) throw new HmosError('BAD_ACTION', `"${raw}": back takes no argument`);
      return { kind: 'back' };
    case 'wait': {
      const ms = Number(arg);
      if (!/^\d+$/.test(arg) || ms > 60_000) throw new HmosError('BAD_ACTION', `"${raw}": write wait:<ms> with 0..60000 ms`);
      return { kind: 'wait', ms };
    }
    default:
      throw new HmosError('BAD_ACTION', `unknown action "${raw}"; use click:<selector>, input:<selector>:<text>, swipe:<direction>[:<selector>], back or wait:<ms>`);
  }
}
