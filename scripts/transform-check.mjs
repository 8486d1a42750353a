// `npm run transform:check -- <folder>…`: runs the ArkTS transform (dist/, so `npm run build` first) over every .ets
// under the folders and parses each output with esbuild, as the bundler would. Files the ArkTS parser itself rejects
// (ETS_SYNTAX: the reference's deliberately invalid test inputs) are counted apart; for every other file the output
// must parse. Prints each failure and a JSON summary; exits 1 when any output does not parse.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { transformSync } from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { transformEts } = await import(pathToFileURL(join(root, 'dist/compiler/transform/index.js')).href);
const folders = process.argv.slice(2);
if (folders.length === 0) {
  process.stderr.write('usage: npm run transform:check -- <folder with .ets files>…\n');
  process.exit(1);
}

function* walk(dir) {
  let names;
  try {
    names = readdirSync(dir).sort();
  } catch {
    return;
  }
  for (const n of names) {
    if (n === 'node_modules' || n === 'oh_modules' || n === '.git' || n === 'build') continue;
    const p = join(dir, n);
    let st;
    try {
      st = statSync(p);
    } catch {
      continue;
    }
    if (st.isDirectory()) yield* walk(p);
    else if (n.endsWith('.ets')) yield p;
  }
}

const summary = { files: 0, rejectedByParser: 0, transformThrew: 0, outputDoesNotParse: 0 };
for (const folder of folders) {
  for (const file of walk(folder)) {
    summary.files++;
    let result;
    try {
      result = transformEts(readFileSync(file, 'utf8'), { fileName: file, bundleName: 'com.example.check', moduleName: 'entry', resolveResource: () => 0x01000000 });
    } catch (err) {
      summary.transformThrew++;
      process.stdout.write(`THREW  ${file}: ${String(err?.stack ?? err).split('\n').slice(0, 3).join(' | ')}\n`);
      continue;
    }
    if (result.diagnostics.some((d) => d.code === 'ETS_SYNTAX')) {
      summary.rejectedByParser++;
      continue;
    }
    try {
      transformSync(result.code, { loader: 'ts', sourcefile: file, tsconfigRaw: { compilerOptions: { experimentalDecorators: true, useDefineForClassFields: false } } });
    } catch (err) {
      summary.outputDoesNotParse++;
      const m = err.errors?.[0];
      process.stdout.write(`FAIL   ${file}: output line ${m?.location?.line}: ${m?.text} | ${m?.location?.lineText?.trim().slice(0, 120)}\n`);
    }
  }
}
process.stdout.write(JSON.stringify(summary, null, 2) + '\n');
process.exit(summary.outputDoesNotParse + summary.transformThrew > 0 ? 1 : 0);
