import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import vm from 'node:vm';
import { tempDir } from '../helpers/cli.js';
import { buildProject } from '../../src/compiler/build.js';
import { unpackHap, verifyHap } from '../../src/hap/hap.js';
import { createDevice } from '../../src/runtime/device.js';
import { relativePosix } from '../../src/util/paths.js';
import { relative } from 'node:path';
// @ts-expect-error the bench's app generator is plain JavaScript
import { generateApp } from '../../bench/gen-app.mjs';
import { link, PART_LINE_QUANTUM, type LinkedModule } from '../../src/compiler/linker.js';
import type { CompiledModule } from '../../src/compiler/module-compiler.js';
import { BUNDLE_PATH, CACHE_INFO_PATH, CODE_CACHE_PATH, bundleParts, createPartCache, loadBundleScript, packCodeCaches, type CacheInfo } from '../../src/hap/bundle-script.js';

/** A CommonJS module of ~`size` characters whose `value` export is `n`; module `throwAt` throws when `boom()` runs. */
function module(n: number, size: number, extra = ''): CompiledModule {
  const filler = Array.from({ length: Math.ceil(size / 40) }, (_, i) => `  // filler ${n}:${i} ${'x'.repeat(20)}\n`).join('');
  const code = `exports.value = ${n};\n${filler}exports.boom = function () {\n  throw new Error("boom in module ${n}");\n};\n${extra}`;
  return { code, lines: code.split('\n').length - 1, imports: [], systemImports: [], uses: [], summary: { end: [0, 0, 0, 0] }, diagnostics: [], intents: [], resources: [], options: [] };
}

/** 60 modules of ~5 KB and an entry that requires them all and sums their values into the global `total`. */
function app(edit?: { at: number; code: string }): LinkedModule[] {
  const mods: LinkedModule[] = [];
  const entryDeps: Record<string, number> = {};
  for (let i = 1; i <= 60; i++) entryDeps[`./m${i}`] = i;
  const entry = module(0, 0, `var t = 0;\nfor (var k in ${JSON.stringify(entryDeps)}) t += require(k).value;\nglobalThis.total = t;\nglobalThis.boom = function (k) { require(k).boom(); };\n`);
  mods.push({ module: entry, deps: entryDeps, key: 'hmos-entry:module' });
  for (let i = 1; i <= 60; i++) {
    const m = module(i, 5000);
    if (edit?.at === i) {
      m.code = m.code.replace(`exports.value = ${i};\n`, edit.code);
      m.lines = m.code.split('\n').length - 1;
    }
    mods.push({ module: m, deps: {}, key: `entry/src/main/ets/m${i}.ts` });
  }
  return mods;
}

const texts = (l: ReturnType<typeof link>) => l.parts.map((p) => l.code.slice(p.start, p.end));

function hapEntries(l: ReturnType<typeof link>): Map<string, Uint8Array> {
  const parts = bundleParts(l.code, l.parts);
  const { cache, info } = packCodeCaches(parts, parts.map((p) => createPartCache(p.text, p.line)));
  return new Map<string, Uint8Array>([[BUNDLE_PATH, Buffer.from(l.code)], [CODE_CACHE_PATH, cache], [CACHE_INFO_PATH, Buffer.from(JSON.stringify(info))]]);
}

describe('a bundle in parts', () => {
  it('names its modules and map sources by path relative to the root (the fast path agrees with path.relative)', () => {
    for (const f of ['/p/entry/a.ets', '/p/entry/../x.ets', '/p/./a.ets', '/p//a.ets', '/pp/a.ets', '/q/b.ets', '/p/a/', '/p/.h/a.ets', '/p/a..b/c.ets', '/p/..a/b.ets', '/p']) {
      expect(relativePosix('/p', f), f).toBe(relative('/p', f));
    }
  });

  it('cuts at module boundaries into scripts that each compile, and an edit changes its own part only', () => {
    const base = link(app(), 0, '/p');
    expect(base.parts.length).toBeGreaterThan(1);
    expect(texts(base).join('')).toBe(base.code);
    for (const [i, text] of texts(base).entries()) {
      expect(() => new vm.Script(text), `part ${i}`).not.toThrow();
      expect(text.endsWith('\n')).toBe(true);
      // every part but the last spans a whole number of line quanta, so a line added in one moves no other
      if (i < base.parts.length - 1) expect((text.match(/\n/g) ?? []).length % PART_LINE_QUANTUM).toBe(0);
      expect(base.parts[i]!.line).toBe((base.code.slice(0, base.parts[i]!.start).match(/\n/g) ?? []).length);
    }
    for (const code of ['exports.value = 30; // edited\n', 'exports.value = 30;\n// a line\n// another\n']) {
      const edited = link(app({ at: 30, code }), 0, '/p');
      const changed = texts(edited).map((t, i) => (t === texts(base)[i] ? -1 : i)).filter((i) => i >= 0);
      expect(changed).toHaveLength(1);
      expect(edited.parts.map((p) => p.line)).toEqual(base.parts.map((p) => p.line));
    }
  });

  it('loads with every part\'s cache, locates an error in a later part on its line of the whole file, and leaves no global', () => {
    const l = link(app(), 0, '/p');
    const entries = hapEntries(l);
    const loaded = loadBundleScript(entries);
    expect(loaded).toMatchObject({ cached: true });
    expect(loaded.scripts).toHaveLength(l.parts.length);
    const ctx = vm.createContext({});
    for (const s of loaded.scripts) s.runInContext(ctx);
    expect(ctx.total).toBe((60 * 61) / 2);
    expect(Object.getOwnPropertyNames(vm.runInContext('globalThis', ctx)).filter((n) => n.startsWith('__hmos'))).toEqual([]);
    const last = 60;
    const at = l.code.indexOf(`throw new Error("boom in module ${last}")`);
    expect(at).toBeGreaterThan(l.parts[1]!.start);
    const line = l.code.slice(0, at).split('\n').length;
    let stack = '';
    try {
      ctx.boom(`./m${last}`);
    } catch (e) {
      stack = String((e as Error).stack);
    }
    expect(stack).toMatch(new RegExp(`at (?:Object\\.)?exports\\.boom \\(ets/bundle\\.js:${line}:\\d+\\)`));

    // The whole file is one script too (an HSP's bundle is evaluated so, in the realm of the entry's): two bundles in
    // one realm do not collide.
    vm.runInContext(l.code, ctx);
    expect(ctx.total).toBe((60 * 61) / 2);

    // A cache is given only to the part it was made from (V8 checks the length only): a part with another text of
    // the same length compiles from source.
    const info = JSON.parse(Buffer.from(entries.get(CACHE_INFO_PATH)!).toString()) as CacheInfo;
    const swapped = new Map(entries);
    swapped.set(CACHE_INFO_PATH, Buffer.from(JSON.stringify({ ...info, parts: info.parts.map((p, i) => (i === 1 ? { ...p, sha256: '0'.repeat(64) } : p)) })));
    const stale = loadBundleScript(swapped);
    expect(stale).toMatchObject({ cached: false, reason: 'part 1 was made from a different text' });
    expect(loadBundleScript(new Map([...entries, [CACHE_INFO_PATH, Buffer.from(JSON.stringify({ ...info, v8: '1.0' }))]])).reason).toMatch(/made by Node/);
    expect(loadBundleScript(new Map([...entries, [CACHE_INFO_PATH, Buffer.from(JSON.stringify({ ...info, parts: info.parts.slice(1) }))]])).reason).toMatch(/does not describe/);
  });

  it('through a build: an edit makes the edited part\'s cache only, and a device loads the parts with their caches and locates a crash in a later one', async () => {
    const dir = join(tempDir(), 'app');
    const { pagesDir } = generateApp(dir, 40) as { pagesDir: string };
    // Model0 is imported by Page0, which the app opens; the models come after the pages, in a later part.
    const ability = join(dir, 'entry/src/main/ets/entryability/EntryAbility.ets');
    writeFileSync(ability, readFileSync(ability, 'utf8').replace("loadContent('pages/Index')", "loadContent('pages/Page0')"));
    writeFileSync(join(dir, 'entry/src/main/ets/model/Model0.ts'), 'export interface Item0 { id: number; title: string; done: boolean }\n'
      + 'export function items0(n: number): Item0[] {\n  if (n > 0) {\n    throw new Error(\'boom in a later part\');\n  }\n  return [];\n}\n');
    const home = tempDir();
    const hap = async () => {
      const result = await buildProject(dir, { homeDir: home });
      expect(result.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
      const entries = verifyHap(await unpackHap(readFileSync(result.modules[0]!.hap!))).entries;
      return { entries, info: JSON.parse(Buffer.from(entries.get(CACHE_INFO_PATH)!).toString()) as CacheInfo, cache: Buffer.from(entries.get(CODE_CACHE_PATH)!) };
    };
    const before = await hap();
    expect(before.info.parts.length).toBeGreaterThan(2);
    // One line of one page changed (an edit that adds lines is the first test's).
    const page = join(pagesDir, 'Page5.ets');
    writeFileSync(page, readFileSync(page, 'utf8').replace("'Page 5'", "'Page 5, edited'"));
    const after = await hap();
    expect(after.info.parts.map((p) => p.line)).toEqual(before.info.parts.map((p) => p.line));
    const changed = after.info.parts.flatMap((p, i) => (p.sha256 === before.info.parts[i]!.sha256 ? [] : [i]));
    expect(changed).toHaveLength(1);
    after.info.parts.forEach((p, i) => {
      const reused = after.cache.subarray(...p.cache).equals(before.cache.subarray(...before.info.parts[i]!.cache));
      expect(reused, `part ${i}`).toBe(!changed.includes(i));
    });

    const app = createDevice({ profile: 'phone', dataDir: tempDir() }).launch({ bundle: after.entries });
    expect(app.codeCache).toEqual({ cached: true });
    const code = Buffer.from(after.entries.get(BUNDLE_PATH)!);
    const at = code.indexOf('boom in a later part');
    expect(after.info.parts.findIndex((p) => p.bytes[0] <= at && at < p.bytes[1])).toBeGreaterThan(0);
    expect(app.crash?.message).toMatch(/boom in a later part/);
    expect(app.crash?.location).toMatchObject({ file: 'entry/src/main/ets/model/Model0.ts', line: 4 });
  });
});
