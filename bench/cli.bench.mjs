import { figure, median, round, sample, timeCli } from './util.mjs';
import { execFileSync } from 'node:child_process';

export async function bench() {
  const version = await sample(() => timeCli(['--version']), { runs: 15, warmup: 2 });
  // Baseline: the cost of starting Node itself, measured in the same run.
  const node = await sample(() => { const t0 = performance.now(); execFileSync(process.execPath, ['-e', '0']); return performance.now() - t0; }, { runs: 15, warmup: 2 });
  return {
    version: figure(version, 100, { baseline: { what: 'node -e 0', median: round(median(node)) } }),
  };
}
