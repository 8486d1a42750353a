// Baseline of the large-app figure, run as its own process like `hmos build`: ohos-typescript parses every .ets file
// (ETS mode, the full options) and esbuild bundles the JavaScript a partial-update compiler emits for those pages.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { build } from 'esbuild';

// require, not import: the fastest way Node loads this 10 MB CommonJS file (hmos loads it the same way).
const ts = createRequire(import.meta.url)('ohos-typescript');
// `<pagesDir> <emittedDir> <options>`, or `--list <json: { ets: [files], entries: [index.js…] }> <options>`.
const args = process.argv.slice(2);
const list = args[0] === '--list' ? JSON.parse(readFileSync(args[1], 'utf8')) : undefined;
const optionsFile = list ? args[2] : args[2];
const etsFiles = list ? list.ets : readdirSync(args[0]).map((f) => join(args[0], f));
const entries = list ? list.entries : [join(args[1], 'index.js')];
const ets = JSON.parse(readFileSync(optionsFile, 'utf8'));
const options = { target: ts.ScriptTarget.ES2021, experimentalDecorators: true, ets: { ...ets, libs: [] } };
for (const f of etsFiles) {
  const text = readFileSync(f, 'utf8');
  ts.createSourceFile(f, text, ts.ScriptTarget.ES2021, true, ts.ScriptKind.ETS, options);
}
for (const entry of entries) {
  await build({ entryPoints: [entry], bundle: true, write: false, format: 'iife', platform: 'neutral', sourcemap: 'external', outfile: join(entry, '..', 'out.js'), logLevel: 'silent', mainFields: ['module', 'main'] });
}
