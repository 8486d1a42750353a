/**
 * A fuzz worker: builds mutants of one project copy with the real compiler (dist/, warm between builds as in watch
 * mode) and reports, per mutant, what must never happen — an internal error (what exits 2 from the CLI), an error
 * without file:line:col — and how long the build took. The runner (harness.mjs) terminates a worker that hangs.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parentPort, workerData } from 'node:worker_threads';

const { repoRoot, projectDir, home } = workerData;
const { BuildSession } = await import(join(repoRoot, 'dist', 'compiler', 'build.js'));
const session = new BuildSession(projectDir, { homeDir: home });
const originals = new Map();
const dirty = new Set();
let built = false;

const isHmosError = (e) => typeof e === 'object' && e !== null && e.name === 'HmosError' && typeof e.code === 'string';
const located = (d) => typeof d.file === 'string' && d.file.length > 0 && Number.isInteger(d.line) && d.line >= 1 && Number.isInteger(d.col) && d.col >= 1;

async function build() {
  const changed = new Set(dirty);
  dirty.clear();
  const sourcesOnly = built && changed.size > 0 && [...changed].every((f) => f.endsWith('.ets'));
  built = true;
  return session.build({ sourcesOnly, changed });
}

parentPort.on('message', async ({ id, file, text }) => {
  const abs = join(projectDir, file);
  if (!originals.has(abs)) originals.set(abs, readFileSync(abs));
  const out = { id, exit2: undefined, unlocated: [], errors: 0, ms: 0 };
  const t0 = performance.now();
  try {
    writeFileSync(abs, text);
    dirty.add(abs);
    const result = await build();
    for (const d of result.diagnostics) {
      if (d.code === 'INTERNAL') out.exit2 ??= `${d.message}\n${d.stack ?? ''}`;
      else if (d.severity === 'error' && !located(d)) out.unlocated.push(d);
    }
    out.errors = result.diagnostics.filter((d) => d.severity === 'error').length + (result.omittedDiagnostics?.errors ?? 0);
  } catch (err) {
    if (!isHmosError(err)) out.exit2 = String(err?.stack ?? err);
    else if (!err.location || !err.location.file) out.unlocated.push({ code: err.code, message: err.message });
    else out.errors = 1;
  } finally {
    out.ms = performance.now() - t0;
    writeFileSync(abs, originals.get(abs));
    dirty.add(abs);
  }
  parentPort.postMessage(out);
});
parentPort.postMessage({ ready: true });
