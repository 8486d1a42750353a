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
  // Every `hmos build` a test runs builds in its own process: a build daemon per test's state folder would outlive
  // the test. test/commands/build-daemon.test.ts turns daemons on for its own builds.
  const previousDaemon = process.env.HMOS_DAEMON;
  process.env.HMOS_DAEMON = '0';
  return () => {
    if (previous === undefined) delete process.env.TMPDIR;
    else process.env.TMPDIR = previous;
    if (previousDaemon === undefined) delete process.env.HMOS_DAEMON;
    else process.env.HMOS_DAEMON = previousDaemon;
    rmSync(root, { recursive: true, force: true, maxRetries: 3 });
  };
}
