#!/usr/bin/env node
'use strict';
// The CLI lives in dist/ (built by `npm run build`, which `npm ci` runs through `prepare`).
// This file is CommonJS (bin/package.json): a one-shot `hmos build` then never starts Node's ES module loader, which
// costs ~10 ms before the first line runs. Every other command imports the ES-module CLI (dist/cli.js).
const { join } = require('node:path');

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
  const { readFileSync } = require('node:fs');
  process.stdout.write(JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')).version + '\n');
} else if (args[0] === 'build' && !args.some((a) => a === '-w' || a === '--watch' || a === '-h' || a === '--help')) {
  oneShotBuild(args.slice(1));
} else {
  import('../dist/cli.js').then((m) => m.main(process.argv)).catch(failed);
}

/**
 * A one-shot `hmos build`: in the build daemon when one is running (src/build-daemon/: the compiler is warm there and
 * this process only relays its output); else here — first dist/build-early.cjs's up-to-date check and, when a few
 * files changed, the ArkTS parser started in a worker thread, then the CLI as one CommonJS file through a V8 code
 * cache (src/cli-build.ts) while the worker boots on the other core — and then a daemon is started for next time.
 */
function oneShotBuild(rest) {
  const client = requireOrUndefined('../dist/build-client.cjs');
  const viaDaemon = client && client.buildThroughDaemon(rest);
  (viaDaemon || Promise.resolve(undefined)).then((code) => {
    if (code !== undefined) {
      process.exitCode = code;
      exitWhenWritten();
      return undefined;
    }
    const early = requireOrUndefined('../dist/build-early.cjs');
    const cli = early && loadBuildCli(early, rest);
    return (cli ? Promise.resolve(cli) : import('../dist/cli.js')).then((m) => m.main(process.argv)).then(() => {
      if (client && client.startBuildDaemon(rest, require.resolve('../dist/build-daemon.cjs')) && process.stderr.isTTY && !rest.includes('--json')) {
        process.stderr.write('hmos: started a build daemon: the next builds reuse its warm compiler (`hmos daemon stop` stops it, HMOS_DAEMON=0 turns it off)\n');
      }
      exitWhenWritten();
    });
  }).catch(failed);
}

/**
 * A finished one-shot build holds nothing that must outlive it (its outputs are written, its worker stopped): exiting
 * now skips tearing down the heap — ~10 ms of a one-edit build. Output still in a stream's buffer (a slow pipe) is
 * waited for: the process then ends on its own.
 */
function exitWhenWritten() {
  if (process.stdout.writableLength === 0 && process.stderr.writableLength === 0) process.exit();
}

function failed(err) {
  if (err && err.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('dist/cli.js')) {
    process.stderr.write('hmos: the CLI is not built yet. Run `npm run build` (or `npm ci`) in the hmos folder.\n');
    process.exit(1);
  }
  process.stderr.write(String(err && err.stack ? err.stack : err) + '\n');
  process.exit(2);
}

function requireOrUndefined(file) {
  try {
    return require(file);
  } catch {
    return undefined;
  }
}

/**
 * dist/build-early.cjs's check (and worker), then dist/cli-build.cjs run through its V8 code cache in the hmos state
 * folder; undefined when that cannot be loaded (the ES-module CLI then does it all).
 */
function loadBuildCli(early, rest) {
  try {
    try {
      early.startBuildEarly(rest);
    } catch {
      // the command checks and starts the worker itself
    }
    return early.runFileCached(require.resolve('../dist/cli-build.cjs'), early.hmosHome(), 'hmos-cli-build');
  } catch {
    return undefined;
  }
}
