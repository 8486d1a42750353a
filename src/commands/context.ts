import { colorEnabled, palette, unicodeSupported, type Palette } from '../util/terminal.js';

/** What every command gets from the CLI: where to print, whether to print JSON, colours. */
export interface CommandContext {
  json: boolean;
  cwd: string;
  env: NodeJS.ProcessEnv;
  stdout: NodeJS.WritableStream & { isTTY?: boolean; columns?: number; rows?: number };
  stderr: NodeJS.WritableStream & { isTTY?: boolean };
  stdin: NodeJS.ReadableStream & { isTTY?: boolean };
  /** Colours for human output on stderr/stdout (off with NO_COLOR, non-TTY, or --json). */
  color: Palette;
  unicode: boolean;
  /** Prints `data` as one JSON document on stdout with --json, else the human text. */
  result(data: unknown, human: () => string): void;
  /** Progress and status lines for people (stderr, so stdout stays clean for data). */
  info(line: string): void;
  warn(line: string): void;
}

export function createContext(options: { json: boolean; env?: NodeJS.ProcessEnv; cwd?: string }): CommandContext {
  const env = options.env ?? process.env;
  const color = palette(!options.json && colorEnabled(process.stderr, env));
  return {
    json: options.json,
    cwd: options.cwd ?? process.cwd(),
    env,
    stdout: process.stdout,
    stderr: process.stderr,
    stdin: process.stdin,
    color,
    unicode: unicodeSupported(env),
    result(data, human) {
      if (options.json) process.stdout.write(JSON.stringify(data, null, 2) + '\n');
      else {
        const text = human();
        if (text) process.stdout.write(text.endsWith('\n') ? text : text + '\n');
      }
    },
    info(line) {
      if (!options.json || process.stderr.isTTY) process.stderr.write(line + '\n');
    },
    warn(line) {
      process.stderr.write(color.yellow('warning: ') + line + '\n');
    },
  };
}
