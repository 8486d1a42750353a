import { describe, expect, it } from 'vitest';
import vm from 'node:vm';
import { BUNDLE_PATH, CACHE_INFO_PATH, CODE_CACHE_PATH, createCodeCache, loadBundleScript } from '../../src/hap/bundle-script.js';

const code = 'globalThis.answer = (function () { return 6 * 7; })();';

function entries(info?: object): Map<string, Uint8Array> {
  const { cache, info: made } = createCodeCache(code);
  return new Map<string, Uint8Array>([
    [BUNDLE_PATH, Buffer.from(code)],
    [CODE_CACHE_PATH, cache],
    [CACHE_INFO_PATH, Buffer.from(JSON.stringify(info ?? made))],
  ]);
}

const run = (loaded: { scripts: vm.Script[] }) => {
  const ctx = vm.createContext({});
  for (const s of loaded.scripts) s.runInContext(ctx);
  return ctx.answer;
};

describe('bundle script loading', () => {
  it('uses the code cache made by this Node', () => {
    const loaded = loadBundleScript(entries());
    expect(loaded.cached).toBe(true);
    expect(run(loaded)).toBe(42);
  });

  it('falls back to the plain source when the cache came from another Node or bundle', () => {
    const { info } = createCodeCache(code);
    const other = loadBundleScript(entries({ ...info, v8: '1.0.0' }));
    expect(other.cached).toBe(false);
    expect(other.reason).toMatch(/made by/);
    expect(run(other)).toBe(42);
    const changed = loadBundleScript(entries({ ...info, parts: [{ ...info.parts[0]!, sha256: 'x' }] }));
    expect(changed.reason).toMatch(/different text/);
    expect(run(changed)).toBe(42);
    expect(loadBundleScript(new Map([[BUNDLE_PATH, Buffer.from(code)]])).cached).toBe(false);
  });
});
