// Build speed: cold `hmos build` of a small app, a generated ~200-page app against its baseline (parse + bundle),
// watch rebuild after a one-line edit, and evaluating the bundle with vs without the V8 code cache.
import { execFileSync, spawn } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, readdirSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { figure, hmosBin, median, root, round, sample, timeCli } from './util.mjs';
import { generateApp, generateMultiModuleApp } from './gen-app.mjs';

const HAP = 'entry/build/default/outputs/default/entry-default-signed.hap';

/**
 * Removes every build folder of a project (the root's and each module's, up to two levels down: `entry/build`,
 * `commons/ui/build`): a cold build has no on-disk module cache and no up-to-date manifest to skip with.
 */
function clean(project) {
  rmSync(join(project, 'build'), { recursive: true, force: true });
  for (const a of readdirSync(project, { withFileTypes: true })) {
    if (!a.isDirectory() || a.name.startsWith('.') || a.name === 'oh_modules' || a.name === 'node_modules' || a.name === 'build') continue;
    rmSync(join(project, a.name, 'build'), { recursive: true, force: true });
    for (const b of readdirSync(join(project, a.name), { withFileTypes: true })) {
      if (b.isDirectory() && b.name !== 'src' && b.name !== 'oh_modules') rmSync(join(project, a.name, b.name, 'build'), { recursive: true, force: true });
    }
  }
}
const cold = (project, env) => () => { clean(project); return timeCli(['build', project], { env }); };

export async function bench() {
  const home = mkdtempSync(join(tmpdir(), 'hmos-bench-home-'));
  const env = { ...process.env, HMOS_HOME: home, NO_COLOR: '1' };
  const small = join(mkdtempSync(join(tmpdir(), 'hmos-bench-')), 'v1-app');
  cpSync(join(root, 'test/fixtures/build/v1-app'), small, { recursive: true });
  const coldSmall = await sample(cold(small, env), { runs: 5, warmup: 1 });
  // The project `hmos create` writes (the app template), built the same way.
  const template = join(mkdtempSync(join(tmpdir(), 'hmos-bench-')), 'TemplateApp');
  execFileSync(process.execPath, [hmosBin, 'create', template, '--template', 'app'], { env, stdio: 'ignore' });
  const coldTemplate = await sample(cold(template, env), { runs: 5, warmup: 1 });
  // How loaded the machine is right now: the bare cost of starting Node, same run.
  const nodeStart = await sample(() => { const t0 = performance.now(); execFileSync(process.execPath, ['-e', '0']); return performance.now() - t0; }, { runs: 5, warmup: 1 });

  const large = join(mkdtempSync(join(tmpdir(), 'hmos-bench-')), 'large-app');
  const { pagesDir, emitted } = generateApp(large, 200);
  const etsBytes = readdirSync(pagesDir).reduce((n, f) => n + statSync(join(pagesDir, f)).size, 0);
  // 9 runs each (after one warm-up pair), interleaved, so a slow spell of the machine hits both alike
  const coldLarge = [];
  const baseline = [];
  for (let i = 0; i < 10; i++) {
    const ours = await cold(large, env)();
    const t0 = performance.now();
    execFileSync(process.execPath, [join(root, 'bench/build-baseline.mjs'), pagesDir, emitted, join(root, 'src/compiler/ets-options.json')], { stdio: 'inherit', cwd: root });
    const base = performance.now() - t0;
    if (i > 0) { coldLarge.push(ours); baseline.push(base); } // the first of each warms the disk cache and the parser's code cache
  }
  const baseMedian = median(baseline);

  // A new `hmos build` process after a one-line edit of one page (the caches of a first build in place), and
  // with no edit at all — as a user gets them, with the build daemon the first build starts (src/build-daemon/), and
  // in the build's own process (--no-daemon, HMOS_DAEMON=0, CI), interleaved; each beside the cold build of the same
  // app measured above (what every build cost before the caches) and `node -e 0`.
  const page = join(pagesDir, 'Page7.ets');
  const original = readFileSync(page, 'utf8');
  const withDaemon = { ...env, HMOS_DAEMON: '1' };
  await timeCli(['build', large], { env: withDaemon });
  await daemonListening(withDaemon);
  const edits = { daemon: { oneEdit: [], noEdit: [] }, alone: { oneEdit: [], noEdit: [] } };
  const start = [];
  let n = 0;
  for (let i = 0; i < 10; i++) {
    for (const [kind, runEnv] of [['daemon', withDaemon], ['alone', env]]) {
      writeFileSync(page, original.replace("'Page 7'", `'Page 7 (edit ${n++})'`));
      const edited = await timeCli(['build', large], { env: runEnv });
      // The manifest of a build is only written for inputs older than its start by a margin: let the edit age first.
      await new Promise((r) => setTimeout(r, 150));
      await timeCli(['build', large], { env: runEnv });
      const unchanged = await timeCli(['build', large], { env: runEnv });
      if (i > 0) { edits[kind].oneEdit.push(edited); edits[kind].noEdit.push(unchanged); }
    }
    const t0 = performance.now();
    execFileSync(process.execPath, ['-e', '0']);
    if (i > 0) start.push(performance.now() - t0);
  }
  execFileSync(process.execPath, [hmosBin, 'daemon', 'stop'], { env: withDaemon, stdio: 'ignore' });
  writeFileSync(page, original);
  const coldBaseline = { what: 'the cold build of the same app (largeApp, this run): no caches', median: round(median(coldLarge)), nodeStart: round(median(start)) };

  // A modern multi-module app: 20 modules (an entry, 13 HARs, 6 HSPs), 400 .ets, cold (no caches), interleaved with
  // its baseline: ohos-typescript parsing all 400 .ets, then esbuild bundling, for each of the 7 packages it builds,
  // the JavaScript the reference compiler emits for its pages and the HAR components they use.
  const multi = join(mkdtempSync(join(tmpdir(), 'hmos-bench-')), 'multi-app');
  const { etsFiles, entries, modules } = generateMultiModuleApp(multi);
  const multiList = join(multi, 'ets-files.json');
  writeFileSync(multiList, JSON.stringify({ ets: etsFiles, entries }));
  const coldMulti = [];
  const multiBase = [];
  for (let i = 0; i < 6; i++) {
    const ours = await cold(multi, env)();
    const t0 = performance.now();
    execFileSync(process.execPath, [join(root, 'bench/build-baseline.mjs'), '--list', multiList, join(root, 'src/compiler/ets-options.json')], { stdio: 'inherit', cwd: root });
    const base = performance.now() - t0;
    if (i > 0) { coldMulti.push(ours); multiBase.push(base); }
  }
  const multiBaseMedian = median(multiBase);

  // A watch that stalls loses its own figure only (it says where it stopped), not the others of this run.
  const rebuilds = await watchRebuilds(small, env, 9).catch((err) => ({ error: String(err.message ?? err) }));
  const cache = codeCacheRatio(join(large, HAP));

  return {
    coldSmallApp: figure(coldSmall, 600, { what: 'hmos build of test/fixtures/build/v1-app (2 pages, a HAR), new process', baseline: { what: 'node -e 0', median: round(median(nodeStart)) } }),
    coldTemplateApp: figure(coldTemplate, 600, { what: 'hmos build of a project from `hmos create --template app`, new process', baseline: { what: 'node -e 0', median: round(median(nodeStart)) } }),
    largeApp: { ...figure(coldLarge, round(1.5 * baseMedian)), pages: 200, etsBytes, ratio: round(median(coldLarge) / baseMedian),
      pairRatio: round(median(coldLarge.map((ms, i) => ms / baseline[i]))),
      baseline: { what: 'ohos-typescript parse of the same .ets + esbuild bundle of the JS the reference compiler (ets2bundle) emits for those pages (own process)', median: round(baseMedian) } },
    oneEditBuild: figure(edits.daemon.oneEdit, 300, { what: 'new `hmos build` process of the 200-page app after a one-line edit of one page, as by default: the build runs in the build daemon a first build started (on-disk module cache)', baseline: coldBaseline }),
    noEditBuild: figure(edits.daemon.noEdit, 200, { what: 'new `hmos build` process of the 200-page app with nothing changed, as by default (build daemon; up to date: nothing bundled or written)', baseline: coldBaseline }),
    oneEditBuildNoDaemon: figure(edits.alone.oneEdit, 300, { what: 'the same one-line edit with `--no-daemon` (HMOS_DAEMON=0, CI): the whole build in the new process (on-disk module cache, interleaved with the daemon runs)', baseline: coldBaseline }),
    noEditBuildNoDaemon: figure(edits.alone.noEdit, 200, { what: 'nothing changed, with `--no-daemon`', baseline: coldBaseline }),
    multiModuleApp: { ...figure(coldMulti, round(1.5 * multiBaseMedian)), modules, ets: etsFiles.length, ratio: round(median(coldMulti) / multiBaseMedian),
      pairRatio: round(median(coldMulti.map((ms, i) => ms / multiBase[i]))),
      baseline: { what: 'ohos-typescript parse of the same 400 .ets + esbuild bundles of the JS the reference compiler emits for each of the 7 built packages (own process)', median: round(multiBaseMedian) } },
    watchRebuild: Array.isArray(rebuilds) ? figure(rebuilds, 50, { what: 'hmos build --watch, one-line edit of a page, as printed "rebuilt in N ms"' }) : rebuilds,
    codeCache: cache,
  };
}

/** Waits until the build daemon of `env`'s state folder answers (it starts in the background after a first build). */
async function daemonListening(env) {
  for (const deadline = Date.now() + 30_000; Date.now() < deadline; await new Promise((r) => setTimeout(r, 100))) {
    const out = execFileSync(process.execPath, [hmosBin, 'daemon', 'status', '--json'], { env, encoding: 'utf8' });
    if (JSON.parse(out).daemons.length) return;
  }
  throw new Error('the build daemon did not start within 30 s');
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
    let seen = '';
    const timer = setTimeout(() => {
      child.kill('SIGINT');
      writeFileSync(file, original);
      reject(new Error(`watch bench timed out after ${edits} edits and ${times.length} rebuilds; its output ended with: ${seen.slice(-300)}`));
    }, 60_000);
    child.stderr.on('data', (d) => {
      buf += d.toString();
      seen += d.toString();
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

/** Compiles + evaluates the large app's bundle in fresh processes, with and without the HAP's code cache. */
function codeCacheRatio(hapFile) {
  const once = (how) => Number(execFileSync(process.execPath, [join(root, 'bench/eval-bundle.mjs'), hapFile, how], { cwd: root }).toString());
  const plain = [];
  const cached = [];
  for (let i = 0; i < 7; i++) {
    plain.push(once('plain'));
    cached.push(once('cache'));
  }
  return { median: round(median(cached)), unit: 'ms', runs: 7, what: 'compile + evaluate ets/bundle.js of the 200-page app with its code cache (fresh process)',
    baseline: { what: 'the same without the cache', median: round(median(plain)) }, ratio: round(median(cached) / median(plain)), bundleBytes: statSync(hapFile).size };
}
