// Emulator figures: save-to-screen hot reload on 2 devices (p50/p95; baseline: a restart from scratch of the same
// build), start to first app frame on 2 devices, 16 devices in one process (RSS, input-to-frame), idle CPU.
// The session is not an entry point of dist/, so it is bundled from src/ into a temp folder (its worker is dist's).
import { build } from 'esbuild';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { median, percentile, round, root } from './util.mjs';

async function load() {
  const out = mkdtempSync(join(root, 'node_modules', '.hmos-emulate-bench-'));
  await build({
    absWorkingDir: root, entryPoints: { session: 'src/emulator/session/session.ts', cells: 'src/runtime/render/cells.ts' },
    outdir: out, bundle: true, splitting: true, format: 'esm', platform: 'node', target: 'node20', packages: 'external', logLevel: 'warning',
  });
  return { out, ...(await import(pathToFileURL(join(out, 'session.js')).href)), cells: await import(pathToFileURL(join(out, 'cells.js')).href) };
}

const wait = (ms) => new Promise((r) => setTimeout(r, ms));
async function until(what, ms = 20_000) {
  const end = Date.now() + ms;
  while (!what()) {
    if (Date.now() > end) throw new Error('timed out');
    await wait(2);
  }
}

/** Resolves at the first frame of the session after which `what()` holds (at once if it holds already). */
function shown(session, what, ms = 20_000) {
  return new Promise((resolve, reject) => {
    if (what()) { resolve(); return; }
    const timer = setTimeout(() => { session.off('frame', check); reject(new Error('timed out')); }, ms);
    const check = () => {
      if (!what()) return;
      clearTimeout(timer);
      session.off('frame', check);
      resolve();
    };
    session.on('frame', check);
  });
}

function project() {
  const dir = join(mkdtempSync(join(tmpdir(), 'hmos-emulate-bench-')), 'counter');
  cpSync(join(root, 'test', 'fixtures', 'emulate', 'counter'), dir, { recursive: true, filter: (s) => !/[\\/]build[\\/]default/.test(s) });
  return dir;
}

export async function bench() {
  const m = await load();
  const text = (d) => m.cells.cellsToText(d.surface.frame.grid);
  const home = mkdtempSync(join(tmpdir(), 'hmos-emulate-bench-home-'));
  const size = () => ({ cols: 50, rows: 50 });
  try {
    // Start to first frame (2 devices): the first run loads the compiler (cold); later runs are warm.
    const starts = [];
    for (let i = 0; i < 4; i++) {
      const t0 = performance.now();
      const s = new m.EmulatorSession({ dir: project(), types: ['phone', 'wearable'], home, sizeFor: size });
      await s.start();
      await until(() => s.devices.every((d) => d.surface.frame?.bundleName));
      starts.push(performance.now() - t0);
      await s.close();
    }

    // Hot reload with 2 devices: from the file write to both devices showing the edit.
    const dir = project();
    const session = new m.EmulatorSession({ dir, types: ['phone', 'wearable'], home, sizeFor: size });
    await session.start();
    await until(() => session.devices.every((d) => d.surface.frame?.bundleName));
    const index = join(dir, 'entry/src/main/ets/pages/Index.ets');
    const reloads = [];
    let label = 'Count';
    for (let i = 0; i < 20; i++) {
      const next = `Label${i}`;
      await wait(150); // edits further apart than the watcher's coalescing window
      const t0 = performance.now();
      writeFileSync(index, readFileSync(index, 'utf8').replace(`${label}: `, `${next}: `));
      label = next;
      // On each frame as it arrives (no polling: it would take the main thread from the session it measures).
      await shown(session, () => session.devices.every((d) => text(d).includes(`${next.slice(2)}:`))); // the round watch may clip a first letter
      reloads.push(performance.now() - t0);
    }
    const restarts = [];
    for (let i = 0; i < 8; i++) {
      const t0 = performance.now();
      await session.restart();
      restarts.push(performance.now() - t0);
    }
    // Idle CPU over 3 s with 2 devices running.
    await wait(500);
    const c0 = process.cpuUsage();
    const w0 = performance.now();
    await wait(3000);
    const cpu = process.cpuUsage(c0);
    const idlePercent = ((cpu.user + cpu.system) / 1000 / (performance.now() - w0)) * 100;
    await session.close();
    // Start again on the same project: the HAP the last build wrote is launched while the compiler starts.
    const prebuilt = [];
    for (let i = 0; i < 3; i++) {
      const t0 = performance.now();
      const s = new m.EmulatorSession({ dir, types: ['phone', 'wearable'], home, sizeFor: size });
      const started = s.start();
      await until(() => s.devices.every((d) => d.surface.frame?.bundleName));
      prebuilt.push(performance.now() - t0);
      await started;
      await s.close();
    }

    // 16 devices in one process: memory, and input-to-frame on one of them.
    const rss0 = process.memoryUsage().rss;
    const many = new m.EmulatorSession({ dir: project(), types: Array(16).fill('phone'), home, sizeFor: size });
    await many.start();
    await until(() => many.devices.every((d) => d.surface.frame?.bundleName), 60_000);
    const rss = process.memoryUsage().rss;
    const target = many.devices[7];
    const add = target.surface.frame.focusables.find((f) => f.text === 'Add').elmtId;
    const inputs = [];
    for (let i = 1; i <= 15; i++) {
      const t0 = performance.now();
      const frame = target.surface.nextFrame();
      await target.surface.click(add);
      await frame;
      inputs.push(performance.now() - t0);
    }
    await many.close();
    return {
      hotReload2DevicesP50: { median: round(median(reloads)), target: 60, unit: 'ms', runs: reloads.length, baseline: round(median(restarts)), baselineIs: 'restart from scratch (R) of the same build on both devices' },
      hotReload2DevicesP95: { median: round(percentile(reloads, 95)), target: 100, unit: 'ms', runs: reloads.length },
      startToFirstFrame2Devices: { median: round(median(starts.slice(1))), target: 1000, unit: 'ms', runs: starts.length - 1, baseline: round(starts[0]), baselineIs: 'the first start in this process (loads the compiler: cold)' },
      startToFirstFrame2DevicesRebuilt: { median: round(median(prebuilt)), target: 1000, unit: 'ms', runs: prebuilt.length, note: 'a project built before: its last HAP runs while the watcher builds' },
      rss16Devices: { median: round(rss / 1024 / 1024), target: 1024, unit: 'MiB', baseline: round(rss0 / 1024 / 1024), baselineIs: 'process RSS before the 16 devices started' },
      inputToFrame16Devices: { median: round(median(inputs)), target: 50, unit: 'ms', runs: inputs.length },
      idleCpu2Devices: { median: round(idlePercent), target: 2, unit: '%' },
    };
  } finally {
    rmSync(m.out, { recursive: true, force: true });
  }
}
