// Build speed: cold `hmos build` of a small app, a generated ~200-page app against its baseline (parse + bundle),
// watch rebuild after a one-line edit, and evaluating the bundle with vs without the V8 code cache.
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, writeFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import vm from 'node:vm';
import { unzipSync } from 'fflate';
import { figure, hmosBin, median, root, round, sample, timeCli } from './util.mjs';
import { generateApp } from './gen-app.mjs';

const HAP = 'entry/build/default/outputs/default/entry-default-signed.hap';

export async function bench() {
  const home = mkdtempSync(join(tmpdir(), 'hmos-bench-home-'));
  const env = { ...process.env, HMOS_HOME: home, NO_COLOR: '1' };
  const small = join(mkdtempSync(join(tmpdir(), 'hmos-bench-')), 'v1-app');
  cpSync(join(root, 'test/fixtures/build/v1-app'), small, { recursive: true });
  const coldSmall = await sample(() => timeCli(['build', small], { env }), { runs: 5, warmup: 1 });

  const large = join(mkdtempSync(join(tmpdir(), 'hmos-bench-')), 'large-app');
  const { pagesDir, emitted } = generateApp(large, 200);
  const etsBytes = readdirSync(pagesDir).reduce((n, f) => n + statSync(join(pagesDir, f)).size, 0);
  const coldLarge = await sample(() => timeCli(['build', large], { env }), { runs: 3, warmup: 1 });
  const baseline = await sample(() => {
    const t0 = performance.now();
    execFileSync(process.execPath, [join(root, 'bench/build-baseline.mjs'), pagesDir, emitted, join(root, 'src/compiler/ets-options.json')], { stdio: 'inherit', cwd: root });
    return performance.now() - t0;
  }, { runs: 3, warmup: 1 });
  const baseMedian = median(baseline);

  const rebuilds = await watchRebuilds(small, env, 9);
  const cache = codeCacheRatio(join(large, HAP));

  return {
    coldSmallApp: figure(coldSmall, 600),
    largeApp: { ...figure(coldLarge, round(1.5 * baseMedian)), pages: 200, etsBytes, ratio: round(median(coldLarge) / baseMedian),
      baseline: { what: 'ohos-typescript parse of the same .ets + esbuild bundle of the emitted JS (own process)', median: round(baseMedian) } },
    watchRebuild: figure(rebuilds, 50, { what: 'hmos build --watch, one-line edit of a page, as printed "rebuilt in N ms"' }),
    codeCache: cache,
  };
}

/** Edits a page `n` times under `hmos build --watch` and collects the printed rebuild times. */
function watchRebuilds(dir, env, n) {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [hmosBin, 'build', dir, '--watch'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const file = join(dir, 'entry/src/main/ets/pages/Second.ets');
    const original = readFileSync(file, 'utf8');
    const times = [];
    let buf = '';
    let edits = 0;
    const edit = () => {
      edits++;
      writeFileSync(file, original.replace("'Second page'", `'Second page ${edits}'`));
    };
    const timer = setTimeout(() => { child.kill('SIGINT'); reject(new Error('watch bench timed out')); }, 60_000);
    child.stderr.on('data', (d) => {
      buf += d.toString();
      let m;
      while ((m = /rebuilt in (\d+) ms/.exec(buf))) {
        times.push(Number(m[1]));
        buf = buf.slice(m.index + m[0].length);
      }
      if (/watching for changes/.test(buf) && edits === 0) {
        buf = '';
        setTimeout(edit, 100);
      } else if (times.length === edits && edits > 0 && /watching for changes/.test(buf)) {
        buf = '';
        if (times.length >= n) {
          clearTimeout(timer);
          child.kill('SIGINT');
          writeFileSync(file, original);
          resolve(times.slice(1)); // the first rebuild warms the watcher
        } else setTimeout(edit, 100);
      }
    });
    child.stdout.resume();
  });
}

/** Compiles + runs the large app's bundle in a fresh context with stand-in framework globals, with and without the cache. */
function codeCacheRatio(hapFile) {
  const files = unzipSync(readFileSync(hapFile));
  const code = Buffer.from(files['ets/bundle.js']).toString('utf8');
  const cache = Buffer.from(files['ets/bundle.cache']);
  const globals = () => {
    class ViewPU {}
    class ViewV2 {}
    const decorator = () => () => undefined;
    return { ViewPU, ViewV2, registerNamedRoute() {}, __hmosKit: () => ({ UIAbility: class {}, default: {} }), __hmosRegisterModule() {},
      Trace: decorator(), Track: decorator(), Computed: decorator(), Monitor: () => decorator(), ObservedV2: (c) => c, Observed: (c) => c };
  };
  const run = (withCache) => {
    const t0 = performance.now();
    const script = new vm.Script(code, { filename: 'ets/bundle.js', ...(withCache ? { cachedData: cache } : {}) });
    if (withCache && script.cachedDataRejected) throw new Error('code cache rejected');
    script.runInContext(vm.createContext(globals()));
    return performance.now() - t0;
  };
  const cold = [];
  const cached = [];
  for (let i = 0; i < 15; i++) {
    cold.push(run(false));
    cached.push(run(true));
  }
  return { median: round(median(cached)), unit: 'ms', what: 'compile + evaluate ets/bundle.js of the 200-page app with the code cache', baseline: { what: 'without the cache', median: round(median(cold)) }, ratio: round(median(cached) / median(cold)), bundleBytes: code.length };
}
