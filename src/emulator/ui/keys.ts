/**
 * Terminal input of the emulator UI: ink splits stdin into whole sequences; this names them. Mouse reports use the
 * SGR encoding (`ESC [ < button ; col ; row M|m`, 1-based), which the UI turns on with `?1000h` + `?1006h`.
 */
export type Key =
  | { name: 'tab' | 'shift-tab' | 'up' | 'down' | 'left' | 'right' | 'enter' | 'escape' | 'backspace' | 'ctrl-c' }
  | { name: 'char'; char: string }
  | { name: 'mouse'; button: number; col: number; row: number; press: boolean }
  | { name: 'other'; sequence: string };

const NAMED: Record<string, Key['name']> = {
  '\t': 'tab', '\u001b[Z': 'shift-tab', '\u001b[A': 'up', '\u001b[B': 'down', '\u001b[C': 'right', '\u001b[D': 'left',
  '\u001bOA': 'up', '\u001bOB': 'down', '\u001bOC': 'right', '\u001bOD': 'left',
  '\r': 'enter', '\n': 'enter', '\u001b': 'escape', '\u007f': 'backspace', '\b': 'backspace', '\u0003': 'ctrl-c',
};

export function parseKey(sequence: string): Key {
  const named = NAMED[sequence];
  if (named) return { name: named } as Key;
  // eslint-disable-next-line no-control-regex -- mouse reports start with ESC
  const mouse = /^\u001b\[<(\d+);(\d+);(\d+)([Mm])$/.exec(sequence);
  if (mouse) return { name: 'mouse', button: Number(mouse[1]), col: Number(mouse[2]) - 1, row: Number(mouse[3]) - 1, press: mouse[4] === 'M' };
  // Printable text (a paste may bring several characters at once); no control characters.
  // eslint-disable-next-line no-control-regex -- control characters are not text
  if (sequence.length > 0 && !/[\u0000-\u001f\u007f]/.test(sequence)) return { name: 'char', char: sequence };
  return { name: 'other', sequence };
}

/** Turns mouse reporting (clicks, SGR coordinates) on or off. */
export const MOUSE_ON = '\u001b[?1000h\u001b[?1006h';
export const MOUSE_OFF = '\u001b[?1000l\u001b[?1006l';
export const ALT_SCREEN_ON = '\u001b[?1049h';
export const ALT_SCREEN_OFF = '\u001b[?1049l';
export const CURSOR_SHOW = '\u001b[?25h';
