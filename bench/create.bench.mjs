// `hmos create` end to end (a child process, as a user runs it): target ≤ 300 ms median per template.
// Baselines measured in the same run: starting Node (`node -e 0`) and a plain recursive copy of the same template
// folders in a fresh Node process — what creation costs beyond copying files is rendering, validation and the CLI.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { figure, median, root, round, sample, timeCli } from './util.mjs';

export async function bench() {
  const work = mkdtempSync(join(tmpdir(), 'hmos-bench-create-'));
  let n = 0;
  try {
    const node = await sample(() => {
      const t0 = performance.now();
      execFileSync(process.execPath, ['-e', '0']);
      return performance.now() - t0;
    }, { runs: 15, warmup: 2 });
    const copyScript = `const fs = require('node:fs'); const [src, dst] = process.argv.slice(1);
fs.cpSync(src + '/common', dst, { recursive: true }); fs.cpSync(src + '/multi-device', dst, { recursive: true });`;
    const copy = await sample(() => {
      const t0 = performance.now();
      execFileSync(process.execPath, ['-e', copyScript, join(root, 'src', 'templates'), join(work, `copy${n++}`)]);
      return performance.now() - t0;
    }, { runs: 15, warmup: 2 });
    const baseline = {
      what: 'node -e 0; a recursive copy of the same template files (cpSync in a new node process)',
      median: round(median(node)),
      copyMedian: round(median(copy)),
    };
    const figures = {};
    for (const template of ['app', 'agent', 'multi-device']) {
      const runs = await sample(() => timeCli(['create', join(work, `P${n++}`), '--template', template]), { runs: 15, warmup: 2 });
      figures[template] = figure(runs, 300, { baseline });
    }
    return figures;
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
