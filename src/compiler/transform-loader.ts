/**
 * The ArkTS transform the bundler uses by default (src/compiler/transform/, per transform-contract.ts). Kept behind
 * this one function so tools can swap it (BuildOptions.transform) and so ohos-typescript is only loaded by builds.
 */
import { transformEts } from './transform/index.js';
import type { TransformEts } from './transform-contract.js';

export function defaultTransform(): TransformEts | undefined {
  return transformEts;
}
