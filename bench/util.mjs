import { execFileSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const hmosBin = join(root, 'bin', 'hmos.js');

export function median(values) {
  const s = [...values].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

export function percentile(values, p) {
  const s = [...values].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)];
}

/** Times `fn` `runs` times (after `warmup` untimed runs) and returns the samples in ms. */
export async function sample(fn, { runs = 10, warmup = 1 } = {}) {
  for (let i = 0; i < warmup; i++) await fn();
  const out = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    await fn();
    out.push(performance.now() - t0);
  }
  return out;
}

/** Wall time of a child process running the CLI, in ms. */
export function timeCli(args, options = {}) {
  const t0 = performance.now();
  execFileSync(process.execPath, [hmosBin, ...args], { stdio: 'ignore', ...options });
  return performance.now() - t0;
}

export function figure(samples, target, extra = {}) {
  const med = median(samples);
  return { median: round(med), target, unit: 'ms', runs: samples.length, ok: target === undefined ? undefined : med <= target, ...extra };
}

export const round = (n) => Math.round(n * 100) / 100;
