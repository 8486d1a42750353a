/**
 * What a one-shot `hmos build [dir] [-m|--module m] [--mode x]` does before the CLI itself is loaded (bin/hmos.js
 * calls it): the up-to-date check, whose result the command takes (takeEarlyUpToDate), and — when a few files changed
 * since the last build (an edit) — the transform worker, so the ArkTS parser loads and parses the edited files on the
 * other core while the CLI, the compiler and the project load. A failure here only means the command does both itself.
 */
import { checkUpToDateEarly } from './up-to-date.js';
import { prepareEarly, startTransformWorkerEarly, worthAWorker } from './transform-worker-client.js';

export function startBuildEarly(rest: string[]): void {
  const options: { module?: string; mode?: 'debug' | 'release' } = {};
  let dir = '.';
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]!;
    if (a === '-m' || a === '--module') options.module = rest[++i];
    else if (a === '--mode') options.mode = rest[++i] as 'debug' | 'release';
    else if (!a.startsWith('-')) dir = a;
  }
  const { upToDate, changedEntries, changedFiles } = checkUpToDateEarly(dir, options);
  if (upToDate || !worthAWorker(changedEntries)) return;
  startTransformWorkerEarly();
  // The edited .ets files are parsed there while this thread loads the CLI and the project (it transforms them soon).
  prepareEarly(changedFiles.filter((f) => f.endsWith('.ets')));
}
