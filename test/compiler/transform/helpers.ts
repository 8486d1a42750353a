import { transformSync } from 'esbuild';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { transformEts } from '../../../src/compiler/transform/index.js';
import type { TransformOptions, TransformResult } from '../../../src/compiler/transform-contract.js';
import { repoRoot } from '../../helpers/cli.js';

export const FILE = '/proj/entry/src/main/ets/pages/Index.ets';

/** Resource table of the fixtures: known names get ids, `missing` does not exist. */
const RESOURCES: Record<string, number> = { 'app.string.title': 16777217, 'app.color.primary': 16777218, 'app.media.icon': 16777219 };

export function transform(source: string, options: Partial<TransformOptions> = {}): TransformResult {
  return transformEts(source, {
    fileName: FILE, bundleName: 'com.example.app', moduleName: 'entry',
    resolveResource: (scope, type, name) => RESOURCES[`${scope}.${type}.${name}`],
    ...options,
  });
}

export function fixture(name: string): string {
  return readFileSync(join(repoRoot, 'test', 'fixtures', 'transform', name), 'utf8');
}

/** Throws when esbuild cannot compile the output as TypeScript; returns the JavaScript. */
export function compiles(code: string): string {
  return transformSync(code, { loader: 'ts', format: 'esm', sourcemap: false }).code;
}

export function errors(r: TransformResult): string[] {
  return r.diagnostics.filter((d) => d.severity === 'error').map((d) => d.code);
}
