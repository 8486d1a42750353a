// Baseline of the large-app figure, run as its own process like `hmos build`: ohos-typescript parses every .ets file
// (ETS mode, the full options) and esbuild bundles the JavaScript a partial-update compiler emits for those pages.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';
import { build } from 'esbuild';

// require, not import: the fastest way Node loads this 10 MB CommonJS file (hmos loads it the same way).
const ts = createRequire(import.meta.url)('ohos-typescript');
const [pagesDir, emittedDir, optionsFile] = process.argv.slice(2);
const ets = JSON.parse(readFileSync(optionsFile, 'utf8'));
const options = { target: ts.ScriptTarget.ES2021, experimentalDecorators: true, ets: { ...ets, libs: [] } };
for (const f of readdirSync(pagesDir)) {
  const text = readFileSync(join(pagesDir, f), 'utf8');
  ts.createSourceFile(f, text, ts.ScriptTarget.ES2021, true, ts.ScriptKind.ETS, options);
}
await build({ entryPoints: [join(emittedDir, 'index.js')], bundle: true, write: false, format: 'iife', platform: 'neutral', sourcemap: 'external', outfile: join(emittedDir, 'out.js'), logLevel: 'silent', mainFields: ['module', 'main'] });
