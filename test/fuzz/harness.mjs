/**
 * Runs fuzz mutants (mutate.mjs) on worker threads (worker.mjs), each worker on its own copy of the project, with a
 * deadline per mutant: a worker that overruns it is terminated and the mutant counted as a hang. Every problem found
 * is saved with its mutant under `failuresDir`, to replay. Some mutants also go through the real CLI (`hmos build` in
 * a child process): its exit status must be 0 or 1 and every error line must start with file:line:col.
 */
import { execFile } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';

export async function runFuzz({ repoRoot, projectDir, mutants, workers = 2, hangMs = 30_000, cliEvery = 0, failuresDir = join(tmpdir(), 'hmos-fuzz-failures'), onProgress }) {
  const scratch = mkdtempSync(join(tmpdir(), 'hmos-fuzz-'));
  const home = join(scratch, 'home');
  const stats = { mutants: 0, byKind: {}, builds: { withErrors: 0, clean: 0 }, exit2: [], hangs: [], unlocated: [], cli: { runs: 0, exit2: 0, unlocated: 0, hangs: 0 }, slowestMs: 0, ms: 0 };
  const t0 = performance.now();
  let copies = 0;
  const spawn = () => new Promise((resolve, reject) => {
    const dir = join(scratch, `project-${copies++}`);
    cpSync(projectDir, dir, { recursive: true });
    const w = new Worker(join(repoRoot, 'test', 'fuzz', 'worker.mjs'), { workerData: { repoRoot, projectDir: dir, home } });
    w.once('message', (m) => (m.ready ? resolve(w) : reject(new Error('worker did not start'))));
    w.once('error', reject);
  });
  const save = (kind, mutant, detail) => {
    mkdirSync(failuresDir, { recursive: true });
    const base = join(failuresDir, `${kind}-${Date.now()}-${Math.random().toString(36).slice(2, 8)}`);
    writeFileSync(`${base}.txt`, mutant.text);
    writeFileSync(`${base}.json`, JSON.stringify({ kind, file: mutant.file, mutantKind: mutant.kind, detail }, null, 2));
    return base;
  };
  let next = 0;
  const lane = async () => {
    let w = await spawn();
    while (next < mutants.length) {
      const i = next++;
      const m = mutants[i];
      const answer = await new Promise((resolve) => {
        const timer = setTimeout(() => resolve({ hang: true }), hangMs);
        w.once('message', (msg) => { clearTimeout(timer); resolve(msg); });
        w.once('error', (err) => { clearTimeout(timer); resolve({ exit2: String(err?.stack ?? err) }); });
        w.postMessage({ id: i, file: m.file, text: m.text });
      });
      stats.mutants++;
      stats.byKind[m.kind] = (stats.byKind[m.kind] ?? 0) + 1;
      if (answer.hang || (answer.exit2 && answer.id === undefined)) {
        // A hung (or dead) worker is replaced, on a fresh copy of the project.
        if (answer.hang) stats.hangs.push(save('hang', m, `no answer within ${hangMs} ms`));
        else stats.exit2.push(save('exit2', m, answer.exit2));
        await w.terminate();
        w = await spawn();
        continue;
      }
      w.removeAllListeners('error');
      stats.slowestMs = Math.max(stats.slowestMs, answer.ms);
      if (answer.exit2) stats.exit2.push(save('exit2', m, answer.exit2));
      if (answer.unlocated.length) stats.unlocated.push(save('unlocated', m, answer.unlocated));
      stats.builds[answer.errors > 0 ? 'withErrors' : 'clean']++;
      if (cliEvery > 0 && i % cliEvery === 0) await cliCheck(repoRoot, projectDir, m, scratch, home, stats, save);
      onProgress?.(stats);
    }
    await w.terminate();
  };
  try {
    await Promise.all(Array.from({ length: workers }, lane));
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  stats.ms = Math.round(performance.now() - t0);
  stats.slowestMs = Math.round(stats.slowestMs);
  return stats;
}

/** The mutant through the real CLI: exit 0 or 1, never 2; every `error CODE:` line located; done within a minute. */
async function cliCheck(repoRoot, projectDir, m, scratch, home, stats, save) {
  const dir = join(scratch, `cli-${stats.cli.runs}`);
  cpSync(projectDir, dir, { recursive: true });
  writeFileSync(join(dir, m.file), m.text);
  stats.cli.runs++;
  const r = await new Promise((resolve) => {
    execFile(process.execPath, [join(repoRoot, 'bin', 'hmos.js'), 'build', dir], { env: { ...process.env, NO_COLOR: '1', HMOS_HOME: home }, timeout: 60_000, maxBuffer: 64 * 1024 * 1024 },
      (err, stdout, stderr) => resolve({ code: err ? (err.killed ? 'timeout' : err.code) : 0, stderr: String(stderr) }));
  });
  rmSync(dir, { recursive: true, force: true });
  if (r.code === 'timeout') {
    stats.cli.hangs++;
    stats.hangs.push(save('cli-hang', m, 'hmos build took over 60 s'));
  } else if (r.code !== 0 && r.code !== 1) {
    stats.cli.exit2++;
    stats.exit2.push(save('cli-exit2', m, r.stderr.slice(-4000)));
  }
  const unlocated = r.stderr.split('\n').filter((l) => /(^|: )error [A-Z0-9_]+: /.test(l) && !/^\S.*:\d+:\d+: error [A-Z0-9_]+: /.test(l));
  if (unlocated.length) {
    stats.cli.unlocated++;
    stats.unlocated.push(save('cli-unlocated', m, unlocated.slice(0, 5)));
  }
}
