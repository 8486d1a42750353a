/**
 * The test kit as a realm extension (see runtime/kit-bridge.ts RealmExtension): Hypium, hamock, UiTest, the
 * ability delegator and `@hmos/golden` are evaluated in the app realm of a test run only, and their `test.*` host
 * ops come to a TestChannel — the host end of one run on one device (device-run.ts owns it).
 */
import type { RealmExtension } from '../runtime/kit-bridge.js';
import { installHypium } from './realm/hypium.js';
import { installDelegator } from './realm/delegator.js';
import { installUiTest } from './realm/uitest.js';
import { realmCall } from '../runtime/realm-call.js';

export interface TestChannel {
  /** `test.event`: a run event (specStart, specDone, suiteStart, taskDone, finishTest, …). */
  event(e: Record<string, unknown> & { type: string }): void;
  /** `test.plan`: the realm's cases in execution order; answers which to run (and the default timeout). */
  plan(specs: unknown[]): { run: number[]; timeout?: number };
  /** `test.ui`: an async UiTest call; the answer goes back through `settle(id, result)`. */
  ui(id: number, fn: string, args: unknown[], settle: (id: number, result: { value?: unknown; error?: { message: string; code: unknown } }) => void): void;
  logHas(keyword: string): boolean;
  clearLog(): void;
}

let source: string | undefined;

export function testExtension(channel: TestChannel): RealmExtension {
  let post: ((fn: string, args: unknown[]) => void) | undefined;
  source ??= `(g) => { ${realmCall(installHypium, 'g')}; ${realmCall(installDelegator, 'g')}; ${realmCall(installUiTest, 'g')}; }`;
  return {
    source,
    prefix: 'test.',
    connect(p) { post = p; },
    handle(op, data) {
      switch (op) {
        case 'test.event': channel.event(data); return undefined;
        case 'test.plan': return channel.plan(Array.isArray(data?.specs) ? data.specs : []);
        case 'test.ui':
          channel.ui(Number(data?.id), String(data?.fn), Array.isArray(data?.args) ? data.args : [], (id, result) => post?.('hmosTestSettle', [id, result]));
          return undefined;
        case 'test.logHas': return channel.logHas(String(data?.keyword ?? ''));
        case 'test.clearLog': channel.clearLog(); return undefined;
        default: throw new Error(`unknown test request '${op}'`);
      }
    },
  };
}
