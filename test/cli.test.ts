import { describe, expect, it } from 'vitest';
import fs, { readFileSync } from 'node:fs';
import path, { join } from 'node:path';
import { repoRoot, runHmos } from './helpers/cli.js';

const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8'));

describe('hmos CLI', () => {
  it('dist keeps no character past ASCII in comments (V8 would keep each such module\'s text two bytes a character, in every device thread)', () => {
    const files: string[] = [];
    const walk = (dir: string) => { for (const e of fs.readdirSync(dir, { withFileTypes: true })) { const p = path.join(dir, e.name); if (e.isDirectory()) walk(p); else if (p.endsWith('.js')) files.push(p); } };
    walk(path.join(repoRoot, 'dist'));
    expect(files.length).toBeGreaterThan(10);
    const offending = files.flatMap((f) => fs.readFileSync(f, 'utf8').split('\n').filter((l) => /^[ \t]*(?:\/\/|\/\*|\*)/.test(l) && /[\u0080-\uffff]/.test(l)).map((l) => `${path.basename(f)}: ${l.trim()}`));
    expect(offending).toEqual([]);
  });

  it('prints its version', async () => {
    const r = await runHmos(['--version']);
    expect(r.exitCode).toBe(0);
    expect(r.stdout.trim()).toBe(pkg.version);
  });

  it('lists every registered command with a description and an example', async () => {
    const r = await runHmos(['--help']);
    expect(r.exitCode).toBe(0);
    const { commands } = await import('../src/commands/index.js');
    // Help wraps long descriptions to the terminal width: compare with white space folded.
    const fold = (s: string) => s.replace(/\s+/g, ' ');
    const help = fold(r.stdout);
    for (const c of commands) {
      expect(help).toContain(` ${c.name} `);
      expect(help).toContain(fold(c.summary));
      expect(help).toContain(fold(c.example));
    }
  });

  it('suggests the nearest command for a typo and exits 1', async () => {
    const r = await runHmos(['doctr']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/unknown command 'doctr'/);
    expect(r.stderr).toMatch(/Did you mean doctor\?/);
  });

  it('rejects an unknown option with exit 1 and no stack trace', async () => {
    const r = await runHmos(['doctor', '--frobnicate']);
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/unknown option/);
    expect(r.stderr).not.toMatch(/\n\s+at /);
  });
});

describe('hmos CLI output', () => {
  it('stops quietly when the reader closes the pipe early (hmos … | head)', async () => {
    const { execa } = await import('execa');
    const { hmosBin } = await import('./helpers/cli.js');
    const r = await execa('bash', ['-c', `"${process.execPath}" "${hmosBin}" --help | head -1; exit \${PIPESTATUS[0]}`], { reject: false });
    expect(r.exitCode).toBe(0);
    expect(r.stderr).not.toMatch(/EPIPE|at /);
  });
});
