// `npm run bench`: runs every bench/*.bench.mjs and prints ONE JSON object { figureName: { median, target, baseline?, unit } }.
// Each bench module exports `async function bench()` returning an object of figures.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const only = process.argv.slice(2);
const results = {};
// Everything the benches (and the processes they start) put under os.tmpdir() goes in one folder, removed at the end.
const scratch = mkdtempSync(join(tmpdir(), 'hmos-bench-run-'));
process.env.TMPDIR = scratch;
// Builds run in their own process unless a bench asks for the build daemon (build.bench.mjs, for its edit figures):
// every bench's state folder would otherwise keep a daemon.
process.env.HMOS_DAEMON = '0';
process.on('exit', () => rmSync(scratch, { recursive: true, force: true }));
for (const file of readdirSync(here).filter((f) => f.endsWith('.bench.mjs')).sort()) {
  const name = file.replace(/\.bench\.mjs$/, '');
  if (only.length && !only.includes(name)) continue;
  process.stderr.write(`bench: ${name}…\n`);
  const mod = await import(pathToFileURL(join(here, file)).href);
  try {
    results[name] = await mod.bench();
  } catch (err) {
    results[name] = { error: String(err?.stack ?? err) };
  }
}
process.stdout.write(JSON.stringify(results, null, 2) + '\n');
