/**
 * What a one-shot `hmos build` runs before the CLI (dist/build-early.cjs, a small CommonJS file bin/hmos.js requires
 * first): the up-to-date check and, when it finds an edit, the transform worker (compiler/early-build.ts) — so the
 * worker thread boots and loads the ArkTS parser while the CLI (dist/cli-build.cjs, ~30 ms to load even through its
 * code cache) loads, not after; and the loader that runs the CLI through its V8 code cache.
 *
 * The check and the worker leave state that the CLI takes (takeEarlyUpToDate, takeEarlyTransformWorker): so
 * dist/cli-build.cjs does not bundle its own copies of those two modules but requires them from this file
 * (scripts/build.mjs), which therefore exports all of them; and so does the code-cache loader, which the transform
 * worker's entry also takes from here (its pending caches are one list, written when the worker closes).
 */
export { startBuildEarly } from './compiler/early-build.js';
export * from './compiler/up-to-date.js';
export * from './compiler/transform-worker-client.js';
export * from './util/code-cache.js';
export { hmosHome } from './util/paths.js';
