/** Which files of a module are worker scripts (compiler/workers.ts), as the reference compiler decides them. */
import { describe, expect, it } from 'vitest';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Diagnostic } from '../../src/diagnostics.js';
import type { ModuleInfo } from '../../src/project/project.js';
import { workerEntries } from '../../src/compiler/workers.js';
import { tempDir } from '../helpers/cli.js';

function moduleWith(files: Record<string, string>): ModuleInfo {
  const dir = tempDir('hmos-workers-');
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), text);
  }
  return { dir, mainDir: join(dir, 'src/main'), etsDir: join(dir, 'src/main/ets') } as ModuleInfo;
}

describe('worker scripts of a module', () => {
  it('every .ets/.ts/.js under ets/workers/ when build-profile.json5 declares none', () => {
    const m = moduleWith({ 'src/main/ets/workers/A.ets': '', 'src/main/ets/workers/sub/B.ts': '', 'src/main/ets/workers/types.d.ts': '', 'src/main/ets/workers/notes.md': '',
      'build-profile.json5': '{ apiType: "stageMode", buildOption: {} }' });
    const d: Diagnostic[] = [];
    expect([...workerEntries(m, d).keys()]).toEqual(['ets/workers/A', 'ets/workers/sub/B']);
    expect(d).toEqual([]);
  });

  it('only the declared ones when buildOption.sourceOption.workers lists any; bad entries are located errors', () => {
    const m = moduleWith({ 'src/main/ets/jobs/Job.ets': '', 'src/main/ets/workers/Ignored.ets': '', 'src/main/ets/jobs/Job.ts': '',
      'build-profile.json5': `{\n  buildOption: { sourceOption: { workers: [\n    './src/main/ets/jobs/Job.ets',\n    './src/main/ets/jobs/Job.ts',\n    './src/main/ets/jobs/Gone.ets',\n    './src/main/ets/jobs/x.json',\n  ] } }\n}` });
    const d: Diagnostic[] = [];
    expect([...workerEntries(m, d).keys()]).toEqual(['ets/jobs/Job']);
    expect(d.map((x) => [x.code, x.line])).toEqual([['WORKER_DUPLICATE', 4], ['WORKER_NOT_FOUND', 5], ['WORKER_FILE_TYPE', 6]]);
    expect(d[0]!.file).toBe(join(m.dir, 'build-profile.json5'));
  });
});
