/**
 * Write-then-rename helpers: a reader never sees half a file, and a failed or interrupted write leaves the
 * previous file (or nothing) behind.
 */
import { randomBytes } from 'node:crypto';
import { mkdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

export function tempPathBeside(target: string): string {
  return join(dirname(target), `.hmos-tmp-${basename(target)}-${process.pid}-${randomBytes(4).toString('hex')}`);
}

export function writeFileAtomic(target: string, data: string | Uint8Array, options: { mode?: number } = {}): void {
  mkdirSync(dirname(target), { recursive: true });
  const tmp = tempPathBeside(target);
  try {
    writeFileSync(tmp, data, { mode: options.mode });
    renameSync(tmp, target);
  } catch (err) {
    rmSync(tmp, { force: true });
    throw err;
  }
}
