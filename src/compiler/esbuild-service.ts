/**
 * Starting esbuild's service process early. Its first API call spawns the Go binary, and that spawn blocks this
 * thread until the child has exec'd (libuv's fork + exec handshake) — tens of ms, far more on a loaded machine. Made
 * at the start of a build command, the child then boots while this process loads the compiler, the project and the
 * ArkTS parser, instead of on the critical path afterwards. The service is shared by every later esbuild call.
 */
import { transform } from 'esbuild';

let started = false;

export function startEsbuildService(): void {
  if (started) return;
  started = true;
  transform('').catch(() => undefined);
}
