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
  if (args[0] === 'build' && !args.some((a) => a === '-w' || a === '--watch' || a === '-h' || a === '--help') && await builtBefore(args.slice(1))) {
    // A one-shot build of a project built before (an edit, most likely): the ArkTS parser starts loading in a worker
    // thread now, while the CLI loads (see src/compiler/transform-worker-client.ts). A failure here only means the
    // build starts it later itself. A first or clean build transforms on the main thread and needs no worker.
    import('../dist/compiler/transform-worker-client.js').then((m) => m.startTransformWorkerEarly(), () => undefined);
  }
  await import('../dist/cli.js').then((cli) => cli.main(process.argv)).catch((err) => {
    if (err && err.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('dist/cli.js')) {
      process.stderr.write('hmos: the CLI is not built yet. Run `npm run build` (or `npm ci`) in the hmos folder.\n');
      process.exit(1);
    }
    process.stderr.write(String(err && err.stack ? err.stack : err) + '\n');
    process.exit(2);
  });
}

/** Whether `hmos build <args>` names a project that has an up-to-date manifest folder (src/compiler/up-to-date.ts). */
async function builtBefore(rest) {
  const { existsSync } = await import('node:fs');
  const { resolve } = await import('node:path');
  let dir = '.';
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i];
    if (a === '-m' || a === '--module' || a === '--mode') i++;
    else if (!a.startsWith('-')) { dir = a; break; }
  }
  return existsSync(resolve(dir, 'build', 'hmos'));
}
