/**
 * `hmos test`'s app thread: the tests' devices run app code (src/runtime/realm.ts), so they run here, in a worker
 * started as an app thread (runtime/app-thread.ts), never in the CLI's own thread. Takes the run's options as
 * workerData; posts `{build}` and `{suite}` as they happen, then `{report}` or `{error}`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { hardenAppThread } from '../runtime/app-thread.js';
import { installTsCodeCache } from '../compiler/ts-code-cache.js';
import { isHmosError } from '../errors.js';
import type { TestRunOptions } from './run-tests.js';

const port = parentPort;
if (!port) throw new Error('run-tests-worker.js must run in a worker thread');
hardenAppThread();
installTsCodeCache();
const { runTests } = await import('./run-tests.js');
try {
  const report = await runTests({
    ...(workerData as TestRunOptions),
    onBuild: (kind, ms) => port.postMessage({ build: { kind, ms } }),
    onSuiteDone: (suite) => port.postMessage({ suite }),
  });
  port.postMessage({ report });
} catch (err) {
  const e = err as Error & { code?: string; details?: string; location?: unknown };
  port.postMessage({ error: { user: isHmosError(err), code: e.code, message: e.message, details: e.details, location: e.location, stack: e.stack } });
}
