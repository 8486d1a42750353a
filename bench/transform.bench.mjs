// Speed of the ArkTS transform (dist/compiler/transform): a synthetic app of 200 pages (~1 MB of .ets) built from the
// transform test fixtures, each page renamed so no two are identical. Target: a few hundred ms for the whole app.
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { figure, root, sample } from './util.mjs';

export async function bench() {
  const { transformEts } = await import(pathToFileURL(join(root, 'dist/compiler/transform/index.js')).href);
  const dir = join(root, 'test/fixtures/transform');
  const fixtures = readdirSync(dir).filter((f) => f.endsWith('.ets')).map((f) => readFileSync(join(dir, f), 'utf8'));
  const pages = [];
  let bytes = 0;
  // 200 pages of ~5 KB (1 MB): each page a run of fixtures (structs renamed per page) from where the last page's run
  // ended, so every fixture is in the app and the app stays 1 MB as fixtures are added (all of them in every page made
  // it 1.54 MB by 2026-12-06, the figure measuring a larger app each time a fixture was added).
  let next = 0;
  for (let i = 0; i < 200; i++) {
    const parts = [];
    let size = 0;
    for (let k = 0; size < 5_000 && k < fixtures.length; k++, next++) {
      const f = fixtures[next % fixtures.length];
      const part = f.replace(/\b(struct|class) (\w+)/g, `$1 $2_${i}_${k}`).replace(/@Entry(\([^)]*\))?/g, k === 0 ? '@Entry$1' : '');
      parts.push(part);
      size += part.length;
    }
    const text = parts.join('\n');
    pages.push(text);
    bytes += text.length;
  }
  const options = (i) => ({
    fileName: `/bench/entry/src/main/ets/pages/Page${i}.ets`, bundleName: 'com.example.bench', moduleName: 'entry',
    pagePath: `pages/Page${i}`, resolveResource: () => 16777216,
  });
  let diagnostics = 0;
  const cpu = [];
  const samples = await sample(() => {
    diagnostics = 0;
    const c0 = process.cpuUsage();
    for (let i = 0; i < pages.length; i++) diagnostics += transformEts(pages[i], options(i)).diagnostics.filter((d) => d.severity === 'error').length;
    const c = process.cpuUsage(c0);
    cpu.push((c.user + c.system) / 1000);
  }, { runs: 5, warmup: 1 });
  if (diagnostics > 0) throw new Error(`bench pages produced ${diagnostics} errors`);
  // CPU time as well as wall time: on a loaded machine the wall clock mostly measures the wait for a core
  return {
    transformApp1MB: figure(samples, 500, { pages: pages.length, bytes }),
    transformApp1MBCpu: figure(cpu.slice(-samples.length), 500, { pages: pages.length, bytes }),
  };
}
