import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { repoRoot, tempDir } from './cli.js';

/** Copies test/fixtures/<name> into a fresh temp folder (builds write into the project) and applies file changes. */
export function copyFixture(name: string, changes: Record<string, string | Buffer> = {}): string {
  const dir = join(tempDir('hmos-fixture-'), name.split('/').pop()!);
  cpSync(join(repoRoot, 'test', 'fixtures', name), dir, { recursive: true });
  for (const [rel, content] of Object.entries(changes)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), content);
  }
  return dir;
}
