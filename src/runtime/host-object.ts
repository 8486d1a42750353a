/** Telling host-realm values from app-realm ones without running app code (see realm.ts). */
import { types } from 'node:util';

/**
 * Whether `v` was created in the host realm: its prototype chain reaches the host's Object.prototype. The walk
 * never runs app code: it stops at the first Proxy (a Proxy's getPrototypeOf trap is app code).
 */
export function isHostObject(v: unknown): boolean {
  let o: unknown = v;
  for (let depth = 0; depth < 64 && o !== null && (typeof o === 'object' || typeof o === 'function'); depth++) {
    if (types.isProxy(o)) return false;
    if (o === Object.prototype) return true;
    o = Reflect.getPrototypeOf(o as object);
  }
  return false;
}
