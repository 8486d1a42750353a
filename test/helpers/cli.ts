import { execa } from 'execa';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const hmosBin = join(repoRoot, 'bin', 'hmos.js');

export function tempDir(prefix = 'hmos-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Runs the real CLI (the built dist/) in a child process, never throwing on a non-zero exit. */
export interface CliResult {
  exitCode: number;
  stdout: string;
  stderr: string;
}

export async function runHmos(args: string[], options: { cwd?: string; env?: Record<string, string | undefined>; input?: string; timeout?: number } = {}): Promise<CliResult> {
  const r = await execa(process.execPath, [hmosBin, ...args], {
    cwd: options.cwd ?? repoRoot,
    env: { NO_COLOR: '1', HMOS_HOME: options.env?.HMOS_HOME ?? tempDir('hmos-home-'), ...options.env },
    reject: false,
    input: options.input,
    timeout: options.timeout ?? 60_000,
  });
  return { exitCode: r.exitCode ?? -1, stdout: String(r.stdout), stderr: String(r.stderr) };
}
