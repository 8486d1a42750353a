/**
 * One temp folder per test run: every test's `tempDir()`, every CLI and device host the tests start, and everything
 * those write under `os.tmpdir()` goes below it (TMPDIR is inherited), and the whole folder is removed at the end.
 * Without it each run left thousands of folders in /tmp — enough to slow down tools that list /tmp.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export default function setup(): () => void {
  const root = mkdtempSync(join(tmpdir(), 'hmos-tests-'));
  const previous = process.env.TMPDIR;
  process.env.TMPDIR = root;
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    rmSync(root, { recursive: true, force: true, maxRetries: 3 });
  };
}
