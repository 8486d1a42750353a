/**
 * The CLI as one CommonJS file (dist/cli-build.cjs), for a one-shot `hmos build`: bin/hmos.js runs it through a V8
 * code cache (util/code-cache.ts), where the ES-module CLI in dist/ (split into chunks, which Node 20 compiles afresh
 * in every process) spends ~60–90 ms loading and compiling itself and the compiler — a fifth of a build after a
 * one-line edit. Same sources, same behaviour; every other command loads dist/cli.js.
 */
export { main } from './cli.js';
export { startBuildEarly } from './compiler/early-build.js';
export { serveBuildDaemon } from './build-daemon/server.js';
