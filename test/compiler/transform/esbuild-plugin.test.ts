import { build } from 'esbuild';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../helpers/cli.js';
import { transformEts } from '../../../src/compiler/transform/index.js';
import { fixture } from './helpers.js';

describe('transformEts inside an esbuild onLoad plugin', () => {
  it('bundles an .ets page importing a .ts module, and the bundle source map points at .ets lines', async () => {
    const dir = tempDir('hmos-transform-');
    const ets = join(dir, 'entry/src/main/ets/pages');
    mkdirSync(ets, { recursive: true });
    writeFileSync(join(ets, 'Index.ets'), `import { label } from './label';\nconsole.info(label(1));\n` + fixture('counter.ets'));
    writeFileSync(join(ets, 'label.ts'), `export function label(n: number): string {\n  return 'n=' + n;\n}\n`);
    const result = await build({
      entryPoints: [join(ets, 'Index.ets')], bundle: true, write: false, format: 'iife', sourcemap: 'external', outdir: join(dir, 'out'),
      resolveExtensions: ['.ets', '.ts', '.js'], logLevel: 'silent',
      plugins: [{
        name: 'ets',
        setup(b) {
          b.onLoad({ filter: /\.ets$/ }, async (args) => {
            const { readFileSync } = await import('node:fs');
            const r = transformEts(readFileSync(args.path, 'utf8'), {
              fileName: args.path, bundleName: 'com.example.app', moduleName: 'entry', pagePath: 'pages/Index',
              resolveResource: () => 16777216,
            });
            return { contents: r.code, loader: 'ts' };
          });
        },
      }],
    });
    const js = result.outputFiles.find((f) => f.path.endsWith('.js'))!.text;
    const map = JSON.parse(result.outputFiles.find((f) => f.path.endsWith('.map'))!.text);
    expect(js).toMatch(/Index = class extends ViewPU/);
    expect(js).toContain('registerNamedRoute(');
    expect(map.sources.some((s: string) => s.endsWith('Index.ets'))).toBe(true);
    expect(map.sources.some((s: string) => s.endsWith('label.ts'))).toBe(true);
    const etsIndex = map.sources.findIndex((s: string) => s.endsWith('Index.ets'));
    expect(map.sourcesContent[etsIndex]).toContain('@Entry');
    // `Text.fontSize(20)` comes from line 13 of Index.ets (0-based 12: the fixture's line 11 after two added lines)
    const gen = js.split('\n').findIndex((l) => l.includes('Text.fontSize(20)'));
    expect(originOf(map.mappings, gen)).toEqual({ source: etsIndex, line: 12 });
  });
});

/** Source index and 0-based original line of the first segment of generated line `gen` (full VLQ decoding). */
function originOf(mappings: string, gen: number): { source: number; line: number } | undefined {
  const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
  let source = 0;
  let line = 0;
  const lines = mappings.split(';');
  for (let i = 0; i < lines.length; i++) {
    let first: { source: number; line: number } | undefined;
    for (const seg of lines[i].split(',')) {
      if (!seg) continue;
      const v: number[] = [];
      let shift = 0;
      let acc = 0;
      for (const ch of seg) {
        const d = B64.indexOf(ch);
        acc += (d & 31) << shift;
        if (d & 32) shift += 5;
        else { v.push(acc & 1 ? -(acc >> 1) : acc >> 1); acc = 0; shift = 0; }
      }
      if (v.length >= 4) {
        source += v[1];
        line += v[2];
        first ??= { source, line };
      }
    }
    if (i === gen) return first;
  }
  return undefined;
}
