/**
 * Where a command writes what it made (`-o <file>`): a file, written atomically (no half-written file on failure),
 * or stdout with `-o -` — for piping (`hmos screenshot --device phone-1 -o - | …`). Binary data is not written to a
 * terminal, and `-o -` leaves no room on stdout for `--json`.
 */
import { resolve } from 'node:path';
import { HmosError } from '../errors.js';
import { writeFileAtomic } from '../util/atomic.js';
import type { CommandContext } from './context.js';

/** Whether `-o` names stdout. */
export const toStdout = (output: unknown): boolean => output === '-';

/** Refuses `-o -` where it cannot work: with --json, or binary data for a terminal. */
export function checkOutput(ctx: CommandContext, output: unknown, binary: boolean): void {
  if (!toStdout(output)) return;
  if (ctx.json) throw new HmosError('BAD_OPTION', '-o - writes the data to stdout, where --json would write too; leave one of them out');
  if (binary && ctx.stdout.isTTY) throw new HmosError('BAD_OPTION', 'this is binary data: pipe stdout (… -o - | other-command) or write a file with -o <file>');
}

/** Writes `data` to `target` (relative to the command's folder) or stdout for `-`; the file written, if any. */
export function writeOutput(ctx: CommandContext, target: string, data: string | Uint8Array): string | undefined {
  if (toStdout(target)) {
    ctx.stdout.write(data);
    return undefined;
  }
  const file = resolve(ctx.cwd, target);
  writeFileAtomic(file, data);
  return file;
}
