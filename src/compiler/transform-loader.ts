/**
 * The ArkTS transform the bundler uses by default (src/compiler/transform/, per transform-contract.ts). Kept behind
 * this one function so tools can swap it (BuildOptions.transform) and so ohos-typescript (10 MB of JavaScript, the
 * largest part of a cold build) is loaded only when a build needs it — and after the build has started esbuild's
 * service, whose process then boots on another core while the parser loads.
 */
import type { TransformEts } from './transform-contract.js';

let loaded: Promise<TransformEts> | undefined;

export function loadDefaultTransform(): Promise<TransformEts> {
  loaded ??= import('./transform/index.js').then((m) => m.transformEts);
  return loaded;
}
