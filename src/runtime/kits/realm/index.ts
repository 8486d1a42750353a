/**
 * The realm side of the system kits as one script fragment for the framework (framework/source.ts): each install
 * function's own source text, called in order with its constants. Each runs in the app realm (see core.ts). What only
 * some apps use stays out of this script, which every app start runs: families that only define modules install on
 * first import (`lazyStep`), kit tables come from the host per kit, libraries (decimal.js) load on first import.
 */
import { KIT_TABLE } from '../kit-table.js';
import { realmCall } from '../../realm-call.js';
import { installKitRegistry } from './registry.js';
import { installArkTsUtil } from './arkts-util.js';
import { CONTAINER_NAMES, installArkTsContainers } from './arkts-containers.js';
import { installArkTsBuffer } from './arkts-buffer.js';
import { installArkTsLang } from './arkts-lang.js';
import { installArkTsDecimal } from './arkts-decimal.js';
import { installTaskpool } from './taskpool.js';
import { installWorker } from './worker.js';
import { installArkUiDialogs } from './arkui-dialogs.js';
import { installGraphicsKits } from './graphics-kits.js';
import { makeCloneCodec } from './clone-codec.js';
import { installRelationalStore } from './relational-store.js';
import { installEventsEmitter } from './events-emitter.js';
import { installAccessibility } from './accessibility.js';
import { installSystemKits } from './system-kits.js';
import { installPasteboard } from './pasteboard.js';
import { installUnifiedData } from './unified-data.js';
import { installSecurityKits } from './security-kits.js';
import { installMediaKits } from './media-kits.js';
import { installNetKits } from './net-kits.js';
import { installServiceKits } from './service-kits.js';
import { installDeviceKits, installWindowHook } from './device-kits.js';

export function kitsRealmSource(): string {
  // Each compiled alone when it runs (see realm-call.ts).
  const step = (f: (g: any, ...a: any[]) => void, ...args: string[]) => `${realmCall(f, 'g', ...args)};`;
  /**
   * A family that only defines modules: installed when the app first imports one of them (see registry.ts). Its
   * modules are the `rt.defineModule('<spec>'` calls in its source, plus `extra` for specs it builds from names.
   */
  const lazyStep = (f: (g: any, ...a: any[]) => void, extra: string[] = []) => {
    const specs = [...f.toString().matchAll(/defineModule\(\s*['"]([^'"]+)['"]/g)].map((m) => m[1]).concat(extra);
    return `g.__rt.defineLazy(${JSON.stringify(specs)}, () => ${step(f).slice(0, -1)});`;
  };
  return [
    step(installKitRegistry, JSON.stringify(Object.keys(KIT_TABLE))),
    `g.__rt.cloneCodec = ${realmCall(makeCloneCodec, 'g', '(m) => g.__rt.kitError(10200006, m)')};`,
    step(installArkTsUtil),
    lazyStep(installArkTsContainers, CONTAINER_NAMES.map((n) => `@ohos.util.${n}`)),
    lazyStep(installArkTsBuffer),
    lazyStep(installArkTsLang),
    step(installArkTsDecimal),
    lazyStep(installTaskpool),
    lazyStep(installWorker),
    lazyStep(installGraphicsKits),
    lazyStep(installRelationalStore),
    lazyStep(installSystemKits),
    lazyStep(installPasteboard),
    lazyStep(installUnifiedData),
    lazyStep(installSecurityKits),
    lazyStep(installMediaKits),
    lazyStep(installNetKits),
    lazyStep(installServiceKits),
    lazyStep(installDeviceKits),
    step(installWindowHook),
    step(installArkUiDialogs),
    lazyStep(installEventsEmitter),
    lazyStep(installAccessibility),
  ].join('\n  ');
}
