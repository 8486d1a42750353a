/**
 * Fuzzing the compiler and the config files (#12): mutants of the templates' and fixtures' .ets sources and of every
 * config file of a project made by `hmos create` are built with the real compiler; none may meet an internal error
 * (exit 2), hang, or report an error without file:line:col. A few go through the CLI too. Bounded for CI; the long
 * run is `npm run fuzz` (scripts/fuzz.mjs). HMOS_FUZZ_RUNS / HMOS_FUZZ_SEED change the size and the draw.
 */
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { runHmos, repoRoot, tempDir } from '../helpers/cli.js';
// @ts-expect-error plain ES modules shared with scripts/fuzz.mjs
import { mutants } from './mutate.mjs';
// @ts-expect-error plain ES modules shared with scripts/fuzz.mjs
import { runFuzz } from './harness.mjs';

const RUNS = Number(process.env.HMOS_FUZZ_RUNS ?? 30);
const SEED = Number(process.env.HMOS_FUZZ_SEED ?? 20261205);

describe('fuzz: .ets sources and config files', () => {
  it(`${RUNS} mutants (seed ${SEED}): no internal error, no hang, every error located`, async () => {
    const projectDir = join(tempDir('hmos-fuzz-project-'), 'App');
    expect((await runHmos(['create', projectDir, '--template', 'app'])).exitCode).toBe(0);
    const list = mutants({ repoRoot, projectDir, count: RUNS, seed: SEED });
    const stats = await runFuzz({ repoRoot, projectDir, mutants: list, workers: 1, hangMs: 60_000, cliEvery: RUNS });
    expect(stats.mutants).toBe(RUNS);
    expect(stats.byKind.ets + stats.byKind.config).toBe(RUNS);
    expect(stats.cli.runs).toBeGreaterThan(0);
    // Saved mutants to replay are named in the failure message.
    expect({ exit2: stats.exit2, hangs: stats.hangs, unlocated: stats.unlocated }).toEqual({ exit2: [], hangs: [], unlocated: [] });
    // The mutants really are hostile: most builds fail, with errors.
    expect(stats.builds.withErrors).toBeGreaterThan(RUNS / 4);
  }, 180_000);
});
