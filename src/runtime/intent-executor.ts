/**
 * Runs one insight intent inside a running app (host side; the realm side is framework/intents.ts). The intent is
 * started with one request into the realm, then its answer is collected — at once for synchronous executors, after
 * the app's pending work settles for promises — until the per-intent timeout. Whatever goes wrong (the executor
 * throws or rejects, the watchdog stops an endless loop, the promise never settles) is an error outcome, and the app
 * keeps running. Parameters are assumed valid: the agent service validates them against the intent's schema first.
 */
import type { ExecuteMode, IntentDeclaration } from '../hap/intent-manifest.js';
import type { App } from './device.js';

export interface IntentOutcome {
  code: number;
  result: unknown;
  /** Why the intent failed: INTENT_FAILED (it threw or rejected), INTENT_TIMEOUT, INTENT_WATCHDOG. */
  error?: { code: string; message: string };
}

export const DEFAULT_INTENT_TIMEOUT_MS = 5000;

/** Foreground or background: executor / entry intents run in the first mode they declare (background if none);
 *  function intents need no window; page and link intents show a page. */
export function executionMode(decl: IntentDeclaration): ExecuteMode {
  if (decl.kind === 'page' || decl.kind === 'link') return 'foreground';
  if (decl.kind === 'function') return 'background';
  return decl.executeMode?.[0] === 'foreground' ? 'foreground' : 'background';
}

let seq = 0;

export async function runIntent(app: App, decl: IntentDeclaration, params: Record<string, unknown>, options: { timeoutMs?: number } = {}): Promise<IntentOutcome> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_INTENT_TIMEOUT_MS;
  const id = ++seq;
  const fail = (code: string, message: string, numeric = -1): IntentOutcome => ({ code: numeric, result: undefined, error: { code, message } });
  const fromApp = (e: { kind: string; message: string }) => fail(e.kind === 'timeout' ? 'INTENT_WATCHDOG' : 'INTENT_FAILED', e.message);
  const started = app.callIsolated({
    op: 'intent', id, kind: decl.kind, intentName: decl.intentName, mode: executionMode(decl), params,
    paramNames: decl.paramNames, pagePath: decl.pagePath, navigationId: decl.navigationId, navDestinationName: decl.navDestinationName,
    uri: decl.uri, paramMappings: decl.paramMappings,
  });
  if (started.error) return fromApp(started.error);
  const deadline = performance.now() + timeoutMs;
  for (let round = 0; ; round++) {
    const r = app.callIsolated({ op: 'intentResult', id });
    if (r.error) return fromApp(r.error);
    const v = r.value as { code?: number; result?: unknown; error?: { name: string; message: string; code?: number } } | undefined;
    if (v) {
      // Let the page catch up with what the intent changed before anyone looks at it.
      await app.settle();
      if (v.error) return fail('INTENT_FAILED', `${v.error.name}: ${v.error.message}`, v.error.code ?? -1);
      return { code: v.code ?? 0, result: v.result };
    }
    const left = deadline - performance.now();
    if (left <= 0) {
      app.callIsolated({ op: 'intentResult', id, forget: true });
      return fail('INTENT_TIMEOUT', `${decl.intentName} did not finish in ${timeoutMs} ms`);
    }
    // Promises waiting on the app's own work (kit calls, updates) settle first; timers need real time.
    if (round < 3) await app.settle();
    else await new Promise((res) => setTimeout(res, Math.min(10, left)));
  }
}
