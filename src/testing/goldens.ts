/**
 * Goldens: `await matchesGolden('home')` (from `@hmos/golden`) compares what the device shows now with
 * `<module>/src/ohosTest/goldens/<device type>/home.png` (pixels, anti-aliasing aware, via pixelmatch) and
 * `home.json` (the laid-out element tree, as `hmos preview --format json`). `hmos test --update-goldens` writes them
 * instead; a golden that does not exist yet is recorded on its first run, except in CI (`CI` set), where it fails —
 * as Jest treats snapshots. On a mismatch, `home.actual.png` / `home.actual.json` and `home.diff.png` are written beside the expected
 * files and the assertion fails with their paths. A missing golden fails too (run --update-goldens to create it).
 */
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import pixelmatch from 'pixelmatch';
import { PNG } from 'pngjs';
import type { App } from '../runtime/device.js';
import type { LaidOutPage } from '../runtime/layout/types.js';
import { renderPage } from '../runtime/screen.js';
import { pngRenderKey, renderKeyOf } from '../runtime/render/png.js';
import { writeFileAtomic } from '../util/atomic.js';

export interface GoldenOptions {
  /** `<module>/src/ohosTest/goldens`. */
  dir: string;
  update: boolean;
  /** In CI a missing golden fails instead of being recorded. */
  ci?: boolean;
  /** pixelmatch's per-pixel colour threshold (0..1, default 0.1). */
  threshold?: number;
  /** Differing pixels tolerated, as a fraction of all pixels (default 0). */
  maxDiffRatio?: number;
}

export interface GoldenOutcome { name: string; device: string; written?: string[]; diffPixels?: number }

const NAME = /^[A-Za-z0-9][\w.-]{0,99}$/;

export async function checkGolden(name: string, app: App, page: LaidOutPage, o: GoldenOptions, written: GoldenOutcome[]): Promise<GoldenOutcome> {
  if (!NAME.test(name) || name.includes('..')) throw Object.assign(new Error(`matchesGolden: '${name}' is not a golden name (letters, digits, '.', '_', '-')`), { code: 401 });
  const device = app.device.profile.type;
  const folder = join(o.dir, device);
  const pngPath = join(folder, `${name}.png`);
  const jsonPath = join(folder, `${name}.json`);
  const json = String(await renderPage(page, 'json'));
  // A golden PNG whose render key is this page's key is this picture: no rasterising, no decoding (see render/png.ts).
  const expectedPng = !o.update && existsSync(pngPath) ? readFileSync(pngPath) : undefined;
  const samePicture = expectedPng !== undefined && renderKeyOf(expectedPng) === pngRenderKey(page);
  const png = samePicture ? expectedPng : (await renderPage(page, 'png')) as Buffer;
  if (o.update) return record(name, device, folder, pngPath, jsonPath, png, json, written);
  if (!existsSync(pngPath) && !existsSync(jsonPath)) {
    // As Jest does with snapshots: a new golden is recorded on its first run, except in CI, where it must exist.
    if (o.ci) throw golden(`no golden '${name}' for ${device} at ${pngPath}; record it with \`hmos test --update-goldens\` and commit it (in CI a missing golden fails)`);
    return record(name, device, folder, pngPath, jsonPath, png, json, written);
  }
  const problems: string[] = [];
  const artifacts: string[] = [];
  let diffPixels = 0;
  if (existsSync(jsonPath)) {
    const expected = readFileSync(jsonPath, 'utf8').trim();
    if (expected !== json.trim()) {
      const actualPath = join(folder, `${name}.actual.json`);
      writeFileAtomic(actualPath, json);
      artifacts.push(actualPath);
      problems.push(`the element tree differs from ${jsonPath}${firstDifference(expected, json.trim())}`);
    }
  }
  // The renderer is deterministic: the same bytes are the same picture, and decoding 2–3 MP twice is most of a check.
  if (expectedPng && !samePicture && !expectedPng.equals(png)) {
    const expected = PNG.sync.read(expectedPng);
    const actual = PNG.sync.read(png);
    if (expected.width !== actual.width || expected.height !== actual.height) {
      problems.push(`the picture is ${actual.width}×${actual.height}, the golden ${expected.width}×${expected.height}`);
      const actualPath = join(folder, `${name}.actual.png`);
      writeFileAtomic(actualPath, png);
      artifacts.push(actualPath);
    } else {
      const diff = new PNG({ width: actual.width, height: actual.height });
      diffPixels = pixelmatch(expected.data, actual.data, diff.data, actual.width, actual.height, { threshold: o.threshold ?? 0.1 });
      const allowed = Math.floor((o.maxDiffRatio ?? 0) * actual.width * actual.height);
      if (diffPixels > allowed) {
        const actualPath = join(folder, `${name}.actual.png`);
        const diffPath = join(folder, `${name}.diff.png`);
        writeFileAtomic(actualPath, png);
        writeFileAtomic(diffPath, PNG.sync.write(diff));
        artifacts.push(actualPath, diffPath);
        problems.push(`${diffPixels} pixels differ from ${pngPath}`);
      }
    }
  }
  if (problems.length) {
    const err = golden(`golden '${name}' (${device}) does not match: ${problems.join('; ')}. Written: ${artifacts.join(', ')}`);
    (err as { expected?: string; actual?: string }).expected = pngPath;
    (err as { expected?: string; actual?: string }).actual = artifacts[0];
    throw err;
  }
  return { name, device, diffPixels };
}

function record(name: string, device: string, folder: string, pngPath: string, jsonPath: string, png: Buffer, json: string, written: GoldenOutcome[]): GoldenOutcome {
  mkdirSync(folder, { recursive: true });
  writeFileAtomic(pngPath, png);
  writeFileAtomic(jsonPath, json.endsWith('\n') ? json : json + '\n');
  const outcome = { name, device, written: [pngPath, jsonPath] };
  written.push(outcome);
  return outcome;
}

const golden = (message: string) => Object.assign(new Error(message), { code: 17000003, name: 'GoldenMismatch' });

function firstDifference(a: string, b: string): string {
  const la = a.split('\n');
  const lb = b.split('\n');
  for (let i = 0; i < Math.max(la.length, lb.length); i++) {
    if (la[i] !== lb[i]) return ` (line ${i + 1}: expected ${JSON.stringify((la[i] ?? '').trim().slice(0, 80))}, got ${JSON.stringify((lb[i] ?? '').trim().slice(0, 80))})`;
  }
  return '';
}
