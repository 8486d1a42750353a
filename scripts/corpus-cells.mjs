// `npm run corpus:cells -- <folder> [--pages 20] [--cols 48] [--tmux]`: real pages in terminal cells. Every Stage-model
// module under <folder> that builds (hmos's build API, scratch output) is started on a headless phone as
// `hmos preview` starts it, and its pages (main_pages.json, first page first) are opened in turn until --pages pages
// have rendered. Each is drawn into cells as `hmos emulate` draws a pane --cols wide and checked: every text is
// whole (wrapped anywhere) or a beginning of it ending in '…', and no character of it is covered by anything drawn
// after it (cells.ts checkText). With --tmux each page is shown in a real terminal (tmux) exactly --cols wide and what
// the terminal shows (capture-pane) must be exactly the cells. Prints one line per page, then a JSON summary; exit 1 on a problem.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import JSON5 from 'json5';
import { findModules, missingRegistryDeps } from './corpus-modules.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const take = (name, fallback) => {
  const i = argv.indexOf(name);
  return i >= 0 ? argv.splice(i, 2)[1] : fallback;
};
const wanted = Number(take('--pages', '20'));
const cols = Number(take('--cols', '48'));
const tmuxAt = argv.indexOf('--tmux');
const inTmux = tmuxAt >= 0 && argv.splice(tmuxAt, 1).length > 0;
const folder = argv[0];
if (!folder || !existsSync(folder)) {
  process.stderr.write('usage: npm run corpus:cells -- <folder with ArkTS projects> [--pages 20] [--cols 48] [--tmux]\n');
  process.exit(1);
}
const dist = (p) => import(pathToFileURL(join(root, 'dist', p)).href);
const { buildProject } = await dist('compiler/build.js');
const { createDevice } = await dist('runtime/device.js');
const { layoutApp } = await dist('runtime/screen.js');
const { unpackHap, verifyHap } = await dist('hap/hap.js');
const { resourceTableFromHap } = await dist('runtime/hap-resources.js');
const { renderCells, cellsToText } = await dist('runtime/render/cells.js');

const scratch = mkdtempSync(join(tmpdir(), 'hmos-corpus-cells-'));
const home = mkdtempSync(join(tmpdir(), 'hmos-corpus-home-'));
const settle = (app) => Promise.race([app.settle(), new Promise((r) => setTimeout(r, 10_000).unref())]);

function pagesOf(dir) {
  try {
    const profile = JSON5.parse(readFileSync(join(dir, 'src/main/resources/base/profile/main_pages.json'), 'utf8'));
    return Array.isArray(profile.src) ? profile.src.map(String) : [];
  } catch {
    return [];
  }
}

const shown = [];
const problems = [];
try {
  for (const [i, dir] of findModules(folder).sort().entries()) {
    if (shown.length >= wanted) break;
    const config = (() => { try { return JSON5.parse(readFileSync(join(dir, 'src/main/module.json5'), 'utf8')).module ?? {}; } catch { return {}; } })();
    if (config.type !== 'entry') continue;
    const external = missingRegistryDeps(dir);
    if (external.length) {
      process.stdout.write(`SKIP    ${relative(folder, dir)}: needs registry packages ${external.join(', ')}\n`);
      continue;
    }
    let hap;
    try {
      const b = await buildProject(dir, { homeDir: home, outputDir: join(scratch, String(i)) });
      hap = (b.modules.find((m) => m.name === config.name && m.hap) ?? b.modules.find((m) => m.hap))?.hap;
    } catch {
      hap = undefined;
    }
    if (!hap) {
      process.stdout.write(`SKIP    ${relative(folder, dir)}: does not build\n`);
      continue;
    }
    const entries = verifyHap(await unpackHap(readFileSync(hap))).entries;
    // The first page as the ability opens it, then the module's other pages opened directly.
    for (const page of [undefined, ...pagesOf(dir).slice(1)]) {
      if (shown.length >= wanted) break;
      const device = createDevice({ profile: 'phone', dataDir: join(scratch, `data-${i}`), locale: 'en_US' });
      let app;
      try {
        app = device.launch({ bundle: entries, resources: resourceTableFromHap(entries), ...(page ? { page } : {}) });
        await settle(app);
        if (app.crash || !app.page()) {
          process.stdout.write(`SKIP    ${relative(folder, dir)} ${page ?? '(first page)'}: ${app.crash ? `the app crashed: ${app.crash.message}` : 'no page'}\n`);
          continue;
        }
        const laid = await layoutApp(app);
        const found = [];
        const rows = Math.round((cols * laid.device.height) / laid.device.width / 2);
        const grid = renderCells(laid, { cols, rows, problems: found });
        const name = `${relative(folder, dir)} ${app.page()}`;
        // A page the first one led to (a splash page routing on) is counted once.
        if (shown.some((s) => s.name === name)) continue;
        shown.push({ name, text: cellsToText(grid) });
        for (const p of found) problems.push(`${name}: ${p}`);
        process.stdout.write(`${found.length ? 'PROBLEM' : 'OK     '} ${name}\n${found.map((p) => `        ${p}\n`).join('')}`);
        if (process.env.SHOW) process.stdout.write(cellsToText(grid) + '\n');
      } catch (e) {
        process.stdout.write(`SKIP    ${relative(folder, dir)} ${page ?? ''}: ${String(e?.message ?? e).split('\n')[0]}\n`);
      } finally {
        try { app?.stop(); } catch { /* a crashed app is discarded anyway */ }
      }
    }
  }
  if (inTmux) {
    // A real terminal exactly as wide as the pane shows each page in turn; what it shows must be the cells exactly.
    const session = `hmos-cells-${process.pid}`;
    const height = Math.max(...shown.map((s) => s.text.split('\n').length)) + 2;
    execFileSync('tmux', ['new-session', '-d', '-s', session, '-x', String(cols), '-y', String(height), 'sleep 600']);
    try {
      for (const [i, s] of shown.entries()) {
        const file = join(scratch, `page-${i}.txt`);
        writeFileSync(file, `${s.text.replace(/\n+$/, '')}\n=== end\n`);
        execFileSync('tmux', ['respawn-pane', '-k', '-t', session, `cat ${JSON.stringify(file)}; sleep 600`]);
        let screen = '';
        for (let t = 0; t < 300 && !screen.includes('=== end'); t++) {
          await new Promise((r) => setTimeout(r, 100));
          screen = execFileSync('tmux', ['capture-pane', '-p', '-t', session], { encoding: 'utf8' });
        }
        const trim = (text) => text.split('\n').map((l) => l.replace(/\s+$/, ''));
        const got = trim(screen.slice(0, screen.indexOf('=== end')).replace(/\n+$/, ''));
        const want = trim(s.text.replace(/\n+$/, ''));
        while (want.length && want[want.length - 1] === '') want.pop();
        while (got.length && got[got.length - 1] === '') got.pop();
        const at = want.findIndex((line, j) => line !== got[j]);
        if (at >= 0 || got.length !== want.length) {
          const j = at >= 0 ? at : Math.min(got.length, want.length);
          problems.push(`${s.name}: the terminal shows something else than the cells (line ${j + 1}: ${JSON.stringify(got[j])} instead of ${JSON.stringify(want[j])})`);
        }
      }
      process.stdout.write(`tmux: ${shown.length} pages shown in a terminal ${cols} columns wide and read back (capture-pane)\n`);
    } finally {
      execFileSync('tmux', ['kill-session', '-t', session]);
    }
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
  rmSync(home, { recursive: true, force: true });
}
for (const p of problems) process.stdout.write(`PROBLEM ${p}\n`);
process.stdout.write(JSON.stringify({ pages: shown.length, problems: problems.length, cols }, null, 2) + '\n');
process.exit(problems.length ? 1 : 0);
