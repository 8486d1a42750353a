/** Helpers for emulator tests: a private copy of an emulate fixture project, and its built HAP entries. */
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { tempDir } from './cli.js';
import { buildProject } from '../../src/compiler/build.js';
import { unpackHap } from '../../src/hap/hap.js';

const fixtures = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'emulate');

/** Copies test/fixtures/emulate/<name> into a temp folder and returns the copy's root. */
export function copyFixture(name: string): string {
  const dir = path.join(tempDir(), name);
  fs.cpSync(path.join(fixtures, name), dir, { recursive: true, filter: (src) => !/[\\/]build[\\/]default/.test(src) });
  return dir;
}

/** Builds `dir` with the real compiler; the entry HAP's files. */
export async function buildEntries(dir: string, home = tempDir()): Promise<Map<string, Uint8Array>> {
  const result = await buildProject(dir, { homeDir: home, module: 'entry' });
  const errors = result.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length) throw new Error(errors.map((d) => `${d.file}:${d.line}: ${d.message}`).join('\n'));
  return await unpackHap(fs.readFileSync(result.modules.find((m) => m.name === 'entry')!.hap!));
}

/** Rewrites part of a source file in place. */
export function edit(file: string, from: string, to: string): void {
  const text = fs.readFileSync(file, 'utf8');
  if (!text.includes(from)) throw new Error(`${file} does not contain ${from}`);
  fs.writeFileSync(file, text.replace(from, to));
}
