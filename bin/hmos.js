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
  if (oneShotBuild) {
    // A one-shot build: the up-to-date check runs now (the command takes its result), and when a few files changed
    // since the last build (an edit) the ArkTS parser starts loading in a worker thread while the CLI loads (see
    // src/compiler/transform-worker-client.ts). A failure here only means the command does both itself.
    await earlyBuildStart(args.slice(1)).catch(() => undefined);
  }
  await import('../dist/cli.js').then((cli) => cli.main(process.argv)).then(() => {
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

/** `hmos build [dir] [-m|--module m] [--mode x]`: the up-to-date check, and the transform worker when it pays. */
async function earlyBuildStart(rest) {
  const options = {};
  let dir = '.';
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a === '-m' || a === '--module') options.module = rest[++i];
    else if (a === '--mode') options.mode = rest[++i];
    else if (!a.startsWith('-')) dir = a;
  }
  const { checkUpToDateEarly } = await import('../dist/compiler/up-to-date.js');
  const { upToDate, changedEntries, changedFiles } = checkUpToDateEarly(dir, options);
  if (upToDate) return;
  const worker = await import('../dist/compiler/transform-worker-client.js');
  if (!worker.worthAWorker(changedEntries)) return;
  worker.startTransformWorkerEarly();
  // The edited .ets files are parsed there while this thread loads the CLI and the project (it transforms them soon).
  worker.prepareEarly(changedFiles.filter((f) => f.endsWith('.ets')));
}
