/**
 * Where the bundler gets the ArkTS transform (src/compiler/transform/, another work stream). Until it is part of this
 * build, `.ets` files fail with ETS_TRANSFORM_UNAVAILABLE; `.ts` sources build normally.
 */
import type { TransformEts } from './transform-contract.js';

export function defaultTransform(): TransformEts | undefined {
  return undefined;
}
