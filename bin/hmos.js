#!/usr/bin/env node
// The CLI lives in dist/ (built by `npm run build`, which `npm ci` runs through `prepare`).
import('../dist/cli.js').then((cli) => cli.main(process.argv)).catch((err) => {
  if (err && err.code === 'ERR_MODULE_NOT_FOUND' && String(err.message).includes('dist/cli.js')) {
    process.stderr.write('hmos: the CLI is not built yet. Run `npm run build` (or `npm ci`) in the hmos folder.\n');
    process.exit(1);
  }
  process.stderr.write(String(err && err.stack ? err.stack : err) + '\n');
  process.exit(2);
});
