/**
 * Colour and output helpers that honour NO_COLOR, FORCE_COLOR and non-TTY streams
 * (https://no-color.org: any non-empty NO_COLOR disables colour).
 */

export function colorEnabled(stream: { isTTY?: boolean } = process.stderr, env = process.env): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== '') return false;
  if (env.FORCE_COLOR !== undefined && env.FORCE_COLOR !== '0' && env.FORCE_COLOR !== 'false') return true;
  if (env.TERM === 'dumb') return false;
  return Boolean(stream.isTTY);
}

export interface Palette {
  red(s: string): string;
  green(s: string): string;
  yellow(s: string): string;
  blue(s: string): string;
  cyan(s: string): string;
  dim(s: string): string;
  bold(s: string): string;
}

const wrap = (open: number, close: number) => (s: string) => `\u001b[${open}m${s}\u001b[${close}m`;
const identity = (s: string) => s;

export function palette(enabled: boolean): Palette {
  if (!enabled) return { red: identity, green: identity, yellow: identity, blue: identity, cyan: identity, dim: identity, bold: identity };
  return { red: wrap(31, 39), green: wrap(32, 39), yellow: wrap(33, 39), blue: wrap(34, 39), cyan: wrap(36, 39), dim: wrap(2, 22), bold: wrap(1, 22) };
}

/** Whether the terminal can show Unicode symbols such as ✓ (Linux consoles and UTF-8 locales can). */
export function unicodeSupported(env = process.env): boolean {
  if (process.platform !== 'win32') return env.TERM !== 'linux';
  return Boolean(env.WT_SESSION || env.TERM_PROGRAM === 'vscode' || env.TERM === 'xterm-256color');
}
