/**
 * Which build of hmos this is: `<version>+<hash of its sources and locked dependencies>`, set by scripts/build.mjs.
 * On-disk caches key on it, so output cached by another hmos is never trusted. Run from sources (tests), there is no
 * such hash: every process is then a build of its own and trusts only what it cached itself.
 */
declare const __HMOS_BUILD_ID__: string | undefined;

export const HMOS_BUILD_ID: string = typeof __HMOS_BUILD_ID__ === 'string' ? __HMOS_BUILD_ID__ : `unbundled+${process.pid}.${Date.now()}`;
