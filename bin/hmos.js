#!/usr/bin/env node
// The CLI lives in dist/ (built by `npm run build`, which `npm ci` runs through `prepare`).
// `hmos … | head` closes the pipe early: that is the reader's choice, not an error.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (err) => {
    if (err && err.code === 'EPIPE') process.exit(0);
    throw err;
  });
}
const args = process.argv.slice(2);
if (args.length === 1 && (args[0] === '--version' || args[0] === '-V')) {
  // Fast path: scripts call `hmos --version` often; it needs neither commander nor the command table.
  const { readFileSync } = await import('node:fs');
  process.stdout.write(JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')).version + '\n');
} else {
  const oneShotBuild = args[0] === 'build' && !args.some((a) => a === '-w' || a === '--watch' || a === '-h' || a === '--help');
  // A one-shot build runs the CLI as one CommonJS file through a V8 code cache (src/cli-build.ts), and checks whether
  // it is up to date — starting the ArkTS parser in a worker thread when a few files changed — before it loads the
  // rest (src/compiler/early-build.ts). Every other command loads the ES-module CLI.
  const cli = oneShotBuild ? await loadBuildCli().catch(() => undefined) : undefined;
  if (cli) {
    try {
      cli.startBuildEarly(args.slice(1));
    } catch {
      // the command checks and starts the worker itself
    }
  }
  await (cli ? Promise.resolve(cli) : import('../dist/cli.js')).then((m) => m.main(process.argv)).then(() => {
    // A finished one-shot build holds nothing that must outlive it (its outputs are written, its worker stopped):
    // exiting now skips tearing down the heap — ~10 ms of a one-edit build. Output still in a stream's buffer (a
    // slow pipe) is waited for: the process then ends on its own.
    if (oneShotBuild && process.stdout.writableLength === 0 && process.stderr.writableLength === 0) process.exit();
  }).catch((err) => {
    if (err && err.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('dist/cli.js')) {
      process.stderr.write('hmos: the CLI is not built yet. Run `npm run build` (or `npm ci`) in the hmos folder.\n');
      process.exit(1);
    }
    process.stderr.write(String(err && err.stack ? err.stack : err) + '\n');
    process.exit(2);
  });
}

/** dist/cli-build.cjs, run through its V8 code cache in the hmos state folder. */
async function loadBuildCli() {
  const [{ codeCacheFile, runCommonJsCached }, { hmosHome }, { fileURLToPath }] = await Promise.all([
    import('../dist/util/code-cache.js'), import('../dist/util/paths.js'), import('node:url')]);
  const module = { exports: {}, filename: fileURLToPath(new URL('../dist/cli-build.cjs', import.meta.url)) };
  let cacheFile;
  try {
    cacheFile = codeCacheFile(module.filename, hmosHome(), 'hmos-cli-build');
  } catch {
    cacheFile = undefined;
  }
  runCommonJsCached(module, cacheFile);
  return module.exports;
}
