// `node scripts/local-registry.mjs <packages>…`: a local ohpm-compatible registry on 127.0.0.1 (the one the
// install tests run, test/helpers/registry-server.mjs) serving
//   - package folders laid out as <name>/<version>/ (oh-package.json5 or package.json inside), packed into archives;
//   - archive files (.tgz from `npm pack`, .har) as they are, so lockfile integrities of the public copies match.
// Prints the registry URL (put it in .ohpmrc as registry=…) and serves until Ctrl-C.
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { publishArchive, publishPackages, startRegistry } from '../test/helpers/registry-fixtures.mjs';

const args = process.argv.slice(2);
const sources = args.filter((a) => !a.startsWith('--'));
if (sources.length === 0 || sources.some((s) => !existsSync(s))) {
  process.stderr.write('usage: node scripts/local-registry.mjs <package folders or archives>…\n');
  process.exit(1);
}
const root = mkdtempSync(join(tmpdir(), 'hmos-local-registry-'));
let count = 0;
for (const src of sources) {
  if (statSync(src).isFile()) {
    publishArchive(root, 'ohpm', src);
    count++;
    continue;
  }
  for (const f of readdirSync(src)) {
    if (/\.(tgz|har)$/.test(f)) {
      publishArchive(root, 'ohpm', join(src, f));
      count++;
    }
  }
  count += publishPackages(root, 'ohpm', src).length;
}
const reg = await startRegistry(root);
process.stdout.write(`${reg.url('ohpm')}\n`);
process.stderr.write(`serving ${count} package versions — registry=${reg.url('ohpm')} in .ohpmrc; Ctrl-C to stop\n`);
const stop = async () => {
  await reg.stop();
  rmSync(root, { recursive: true, force: true });
  process.exit(0);
};
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
