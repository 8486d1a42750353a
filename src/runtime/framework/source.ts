/**
 * The framework as one script for the app realm: each install function's own source text, called in order. Built
 * once per process. The functions only reference their parameters (see core.ts), so their text runs unchanged in
 * any realm; this is what keeps every framework object — and so every function app code can reach — realm-local.
 * Each is called through realmCall, so that V8 compiles it alone when it runs (see realm-call.ts).
 */
import { installBoundary } from './boundary.js';
import { installSnapshot, SNAPSHOT_MARK } from './snapshot.js';
import { IMPORT_IN_CODE } from '../dynamic-import.js';
import { installCore } from './core.js';
import { installStateV1 } from './state-v1.js';
import { installViewPU } from './view-pu.js';
import { installViewV2 } from './view-v2.js';
import { installObserveV2 } from './observe-v2.js';
import { installMonitorV2 } from './monitor-v2.js';
import { installComputedV2 } from './computed-v2.js';
import { installStorageV2 } from './storage-v2.js';
import { installEnvV2 } from './env-v2.js';
import { installUIUtils } from './ui-utils.js';
import { installCurves } from './curves.js';
import { installAnimation } from './animation.js';
import { installTransition } from './transition.js';
import { installNavigationTransition } from './navigation-transition.js';
import { installContainerComponents } from './container-components.js';
import { installNodeContainer } from './node-container.js';
import { installImageAnimator } from './image-animator.js';
import { installAnimator } from './animator.js';
import { installUIContext } from './ui-context.js';
import { installOverlays } from './overlays.js';
import { installAdvancedComponents } from './advanced-components.js';
import { installHdsComponents } from './hds-components.js';
import { installLazy } from './lazy.js';
import { installApp } from './app.js';
import { installKits } from './kits.js';
import { installIntents } from './intents.js';
import { ATOMIC_COMPONENTS, BUILTIN_COMPONENTS, EXTRA_ENUM_NAMES } from './components.js';
import { installSupport } from './support.js';
import { installCompat } from './compat.js';
import { ARKUI_ENUMS } from '../enums.js';
import { installContinuation } from './continuation.js';
import { installClock } from './clock.js';
import { installInspector } from './inspector.js';
import { installFocus } from './focus.js';
import { installModifier } from './modifier.js';
import { kitsRealmSource } from '../kits/realm/index.js';
import { realmCall } from '../realm-call.js';

let cached: string | undefined;

/** A script evaluating to `(host, take) => { realmError, snapshot }` that installs the framework on the realm's global object. */
export function frameworkSource(): string {
  if (cached) return cached;
  const steps = [installStateV1, installViewPU, installObserveV2, installMonitorV2, installComputedV2, installViewV2, installStorageV2,
    installEnvV2, installUIUtils, installLazy, installApp, installKits, installInspector, installFocus, installCurves, installAnimation,
    installTransition, installNavigationTransition, installContainerComponents, installAnimator, installUIContext, installNodeContainer, installImageAnimator, installOverlays, installAdvancedComponents, installHdsComponents, installClock, installIntents, installContinuation].map((f) => `${realmCall(f, 'g')};`);
  cached = `(function (host, take) {
  'use strict';
  const g = globalThis;
  const boundary = ${realmCall(installBoundary, 'g', 'host', 'take', JSON.stringify(IMPORT_IN_CODE))};
  ${realmCall(installCore, 'g', 'boundary.call', JSON.stringify(BUILTIN_COMPONENTS), JSON.stringify(ATOMIC_COMPONENTS))};
  ${steps.join('\n  ')}
  const enums = ${JSON.stringify(ARKUI_ENUMS)};
  for (const k of Object.keys(enums)) if (!(k in g)) g[k] = Object.freeze(enums[k]);
  ${realmCall(installSupport, 'g', JSON.stringify(EXTRA_ENUM_NAMES))};
  ${realmCall(installCompat, 'g')};
  ${realmCall(installModifier, 'g', JSON.stringify(BUILTIN_COMPONENTS))};
  ${kitsRealmSource()}
  // The entry the host calls (wrapped by intents and continuation above) is fixed from here on.
  Object.defineProperty(g, '__hmosEntry', { value: g.__hmosEntry, writable: false, configurable: false, enumerable: false });
  // Code the host evaluates (tests, hot reload) keeps a script's completion value; see boundary.ts.
  g.__hmosEval = boundary.evaluate;
  const snapshot = ${realmCall(installSnapshot, 'g', JSON.stringify(SNAPSHOT_MARK))};
  Object.defineProperty(g, '__hmosUiSnapshot', { value: snapshot, writable: false, configurable: false, enumerable: false });
  return { realmError: boundary.realmError, snapshot };
})`;
  return cached;
}
