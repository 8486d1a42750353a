// `hmos install` of 20 packages, end to end (a child process, as a user runs it), against a local registry process
// (test/helpers/registry-server.mjs on 127.0.0.1) serving archives packed from 20 generated packages (~120 KB each,
// 60 files, some depending on others):
//   warmCache20:    oh_modules removed, lockfile present, archives in the shared cache      target ≤ 1000 ms
//   fromRegistry20: empty cache (a new HMOS_HOME), no lockfile: resolve, download, lay out   target ≤ 3000 ms
// Baseline, measured in the same run: copying the same package files (cpSync in a new node process) — what an install
// costs beyond putting the files in place.
import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { figure, median, round, sample, timeCli } from './util.mjs';
import { fixturePackages, publishPackages, startRegistry } from '../test/helpers/registry-fixtures.mjs';

const COUNT = 20;

function generatePackages(dir) {
  const names = Array.from({ length: COUNT }, (_, i) => `@bench/p${String(i + 1).padStart(2, '0')}`);
  names.forEach((name, i) => {
    const pkg = join(dir, name, '1.0.0');
    mkdirSync(join(pkg, 'src/main/ets/components'), { recursive: true });
    mkdirSync(join(pkg, 'src/main/resources/base/element'), { recursive: true });
    // every fourth package depends on the next two: resolution runs over several waves
    const deps = i % 4 === 0 && i + 2 < COUNT ? { [names[i + 1]]: '^1.0.0', [names[i + 2]]: '^1.0.0' } : {};
    writeFileSync(join(pkg, 'oh-package.json5'), JSON.stringify({ name, version: '1.0.0', main: 'Index.ets', dependencies: deps }, null, 2));
    const exports = [];
    for (let f = 0; f < 58; f++) {
      const body = Array.from({ length: 40 }, (_, l) => `  // ${name} component ${f} line ${l}: lorem ipsum dolor sit amet`).join('\n');
      writeFileSync(join(pkg, `src/main/ets/components/C${f}.ets`), `export function c${f}(): string {\n${body}\n  return '${name}:${f}';\n}\n`);
      exports.push(`export { c${f} } from './src/main/ets/components/C${f}';`);
    }
    writeFileSync(join(pkg, 'Index.ets'), exports.join('\n') + '\n');
    writeFileSync(join(pkg, 'src/main/resources/base/element/string.json'), JSON.stringify({ string: [{ name: 'label', value: name }] }));
  });
  return names;
}

export async function bench() {
  const work = mkdtempSync(join(tmpdir(), 'hmos-bench-install-'));
  let reg;
  try {
    const pkgs = join(work, 'packages');
    const names = generatePackages(pkgs);
    const regRoot = join(work, 'registry');
    publishPackages(regRoot, 'ohpm', pkgs);
    reg = await startRegistry(regRoot);
    const home = join(work, 'home');
    mkdirSync(home);
    let n = 0;
    const newProject = () => {
      const dir = join(work, `project${n++}`);
      mkdirSync(dir);
      writeFileSync(join(dir, 'oh-package.json5'), JSON.stringify({ name: 'bench', version: '1.0.0', dependencies: Object.fromEntries(names.map((x) => [x, '^1.0.0'])) }, null, 2));
      writeFileSync(join(dir, '.ohpmrc'), `registry=${reg.url('ohpm')}\n`);
      return dir;
    };
    const env = (hmosHome) => ({ ...process.env, HOME: home, HMOS_HOME: hmosHome, NO_COLOR: '1' });

    const fromRegistry = await sample(() => timeCli(['install', newProject()], { env: env(join(work, `cold-home-${n}`)) }), { runs: 5, warmup: 1 });

    const warmHome = join(work, 'warm-home');
    const warmProject = newProject();
    timeCli(['install', warmProject], { env: env(warmHome) });
    // (sample() times the whole callback, so the removal of oh_modules is done outside it)
    const warm = [];
    for (let i = 0; i < 8; i++) {
      rmSync(join(warmProject, 'oh_modules'), { recursive: true, force: true });
      const ms = timeCli(['install', warmProject], { env: env(warmHome) });
      if (i > 0) warm.push(ms);
    }
    const installed = readdirSync(join(warmProject, 'oh_modules', '.ohpm')).filter((e) => e.includes('@')).length;
    if (installed !== COUNT) throw new Error(`expected ${COUNT} packages in the store, found ${installed}`);

    const folders = fixturePackages(pkgs).map((p) => p.dir);
    const copyScript = `const fs = require('node:fs'); const [dst, ...src] = process.argv.slice(1);
src.forEach((s, i) => fs.cpSync(s, dst + '/' + i, { recursive: true }));`;
    const copy = await sample(() => {
      const t0 = performance.now();
      execFileSync(process.execPath, ['-e', copyScript, join(work, `copy${n++}`), ...folders]);
      return performance.now() - t0;
    }, { runs: 7, warmup: 1 });
    const baseline = { what: `copying the same ${COUNT} packages' files (cpSync in a new node process)`, median: round(median(copy)) };
    return {
      warmCache20: figure(warm, 1000, { baseline }),
      fromRegistry20: figure(fromRegistry, 3000, { baseline }),
    };
  } finally {
    await reg?.stop();
    rmSync(work, { recursive: true, force: true });
  }
}
