/**
 * Threads that run app code (docs/security.md, "App threads"). App realms run only in worker threads (a device
 * worker, `hmos preview`'s device, a terminal session's screen): a stuck app never blocks the process that holds
 * the user's terminal, signals and temp folders — the host ends the thread — and the thread's own host realm is
 * hardened, so that even a host object app code obtains against the boundary's design (see realm.ts) carries no
 * authority:
 *  - string code generation is off in the thread's main realm (V8 reads the flag when a context is made: it is set in
 *    the parent just before the worker starts), so no `Function` reached from a host object can compile
 *    `return process`;
 *  - `Error.prepareStackTrace` of the host realm takes host functions only, so app code cannot have host stack frames
 *    handed to it;
 *  - its JavaScript heap is capped (APP_THREAD_HEAP_MB): an app that allocates without end within its watchdog
 *    window ends its own thread (ERR_WORKER_OUT_OF_MEMORY, reported as a crash of the device) — without the cap V8
 *    would abort the whole process (a terminal session with all its devices, a device host).
 * App realms themselves keep the code generation their context asks for (see realm.ts).
 */
import v8 from 'node:v8';
import type { WorkerOptions } from 'node:worker_threads';
import { isHostObject } from './host-object.js';

/** The Node flag a thread needs to run app code (see realm.ts). */
export const APP_REALM_NODE_FLAG = '--experimental-vm-modules';

let codeGenerationOff = false;

/**
 * Old-generation heap of an app thread, in MB. Real apps use tens of MB (16 emulated devices fit in ~480 MB); test
 * runs with coverage more. ArrayBuffer contents live outside the heap and are not capped by it.
 */
export const APP_THREAD_HEAP_MB = 1024;

/** Worker options for an app thread: the Node flag app realms need, code generation off in its host realm. */
export function appThreadOptions(options: WorkerOptions = {}): WorkerOptions {
  if (!codeGenerationOff) {
    // Affects realms created from now on: this thread's own main realm keeps what it had; vm contexts set theirs.
    v8.setFlagsFromString('--disallow-code-generation-from-strings');
    codeGenerationOff = true;
  }
  return { ...options, execArgv: [APP_REALM_NODE_FLAG], resourceLimits: { maxOldGenerationSizeMb: APP_THREAD_HEAP_MB, ...options.resourceLimits } };
}

/**
 * Run first in an app thread: locks what app code could use of a host object that reached it. `Error.prepareStackTrace`
 * of the host realm takes only functions of the host realm (a library such as `bindings` sets one for a moment to read
 * its caller's file name); one of an app realm would be handed host stack frames.
 */
export function hardenAppThread(): void {
  let formatter: unknown;
  Object.defineProperty(Error, 'prepareStackTrace', {
    get: () => formatter,
    set: (fn: unknown) => { if (fn === undefined || (typeof fn === 'function' && isHostObject(fn))) formatter = fn; },
    enumerable: false, configurable: false,
  });
}
