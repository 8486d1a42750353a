/**
 * The preview formats and actions (`click:<selector>`, `input:…`, `swipe:…`, `back`, `wait:<ms>`) as text the CLI
 * takes, parsed — apart from screen.ts, which applies them, so that a command can check them without loading layout.
 */
import { HmosError } from '../errors.js';
import { parseSelector } from './selector.js';
import { DEVICE_ACTION_HELP, parseDeviceAction, type DeviceAction } from './kits/device-actions.js';

export type ScreenFormat = 'text' | 'json' | 'svg' | 'png';
export const SCREEN_FORMATS: ScreenFormat[] = ['text', 'json', 'svg', 'png'];

export type ScreenAction =
  | { kind: 'click'; selector?: string; x?: number; y?: number }
  | { kind: 'input'; selector: string; text: string }
  | { kind: 'swipe'; direction: 'up' | 'down' | 'left' | 'right'; selector?: string }
  | { kind: 'back' }
  | { kind: 'relaunch' }
  | { kind: 'wait'; ms: number }
  | { kind: 'device'; action: DeviceAction };

/** A selector whose syntax is valid (parseSelector throws BAD_SELECTOR otherwise), so typos fail before anything runs. */
function checked(selector: string): string {
  parseSelector(selector);
  return selector;
}

/** Parses one preview action. Selectors: `text=<exact>`, `id=<id>`, `type=<Component>`, each with optional `#n`. */
export function parseAction(raw: string): ScreenAction {
  const colon = raw.indexOf(':');
  const verb = colon < 0 ? raw : raw.slice(0, colon);
  const arg = colon < 0 ? '' : raw.slice(colon + 1);
  const bad = (hint: string) => new HmosError('BAD_ACTION', `"${raw}": ${hint}`);
  switch (verb) {
    case 'click': {
      const point = /^(\d+(?:\.\d+)?),(\d+(?:\.\d+)?)$/.exec(arg);
      if (point) return { kind: 'click', x: Number(point[1]), y: Number(point[2]) };
      if (!arg) throw bad('write click:<selector> (text=…, id=…, type=…) or click:<x>,<y>');
      return { kind: 'click', selector: checked(arg) };
    }
    case 'input': {
      // The selector ends at the first ':' after it; the text may contain more colons.
      const m = /^((?:text|id|type)=[^:]*):(.*)$/s.exec(arg);
      if (!m) throw bad('write input:<selector>:<text>, e.g. input:id=name:Ada');
      return { kind: 'input', selector: checked(m[1]), text: m[2] };
    }
    case 'swipe': {
      const [direction, ...rest] = arg.split(':');
      if (!['up', 'down', 'left', 'right'].includes(direction)) throw bad('swipe takes up, down, left or right');
      const selector = rest.join(':');
      return { kind: 'swipe', direction: direction as 'up', ...(selector ? { selector: checked(selector) } : {}) };
    }
    case 'back':
      if (arg) throw bad('back takes no argument');
      return { kind: 'back' };
    case 'relaunch':
      if (arg) throw bad('relaunch takes no argument');
      return { kind: 'relaunch' };
    case 'wait': {
      if (!/^\d+$/.test(arg) || Number(arg) > 60_000) throw bad('write wait:<ms> with 0..60000 ms');
      return { kind: 'wait', ms: Number(arg) };
    }
    default: {
      const device = parseDeviceAction(raw);
      if (device) return { kind: 'device', action: device };
      throw new HmosError('BAD_ACTION', `unknown action "${raw}"; use click:<selector>, input:<selector>:<text>, swipe:<direction>[:<selector>], back, relaunch, wait:<ms> or ${DEVICE_ACTION_HELP}`);
    }
  }
}
