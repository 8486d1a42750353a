/**
 * The realm side of the system kits as one script fragment for the framework (framework/source.ts): each install
 * function's own source text, called in order with its constants. Each runs in the app realm (see core.ts). Library
 * code that runs in the realm (decimal.js) is spliced in from its installed package, wrapped as a CommonJS module.
 */
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { KIT_TABLE } from '../kit-table.js';
import { installKitRegistry } from './registry.js';
import { installArkTsUtil } from './arkts-util.js';
import { installArkTsContainers } from './arkts-containers.js';
import { installArkTsBuffer } from './arkts-buffer.js';
import { installArkTsLang } from './arkts-lang.js';
import { installArkTsDecimal } from './arkts-decimal.js';
import { installTaskpool } from './taskpool.js';
import { makeCloneCodec } from './clone-codec.js';
import { installRelationalStore } from './relational-store.js';
import { installEventsEmitter } from './events-emitter.js';
import { installAccessibility } from './accessibility.js';

/** A CommonJS package's main file as a function the realm calls when the module is first imported → its exports. */
function packageInRealm(name: string): string {
  const src = readFileSync(createRequire(import.meta.url).resolve(name), 'utf8');
  return `(function () { const module = { exports: {} }; (function (module, exports, define) {\n${src}\n})(module, module.exports, undefined); return module.exports; })`;
}

export function kitsRealmSource(): string {
  const step = (f: (g: any, ...a: any[]) => void, ...args: string[]) => `(${f.toString()})(g${args.map((a) => `, ${a}`).join('')});`;
  return [
    step(installKitRegistry, JSON.stringify(KIT_TABLE)),
    `g.__rt.cloneCodec = (${makeCloneCodec.toString()})(g, (m) => g.__rt.kitError(10200006, m));`,
    step(installArkTsUtil),
    step(installArkTsContainers),
    step(installArkTsBuffer),
    step(installArkTsLang),
    step(installArkTsDecimal, packageInRealm('decimal.js')),
    step(installTaskpool),
    step(installRelationalStore),
    step(installEventsEmitter),
    step(installAccessibility),
  ].join('\n  ');
}
