import { describe, expect, it } from 'vitest';
import { frameworkSource } from '../../../src/runtime/framework/source.js';

describe('framework script', () => {
  it('calls each install function as (0, function …)(…): V8 compiles each alone when it runs, not all with the script', () => {
    const src = frameworkSource();
    // `(function …)(…)` is compiled together with the function around it: all of them in one 6 MB parse per device
    // thread, memory malloc kept (see realm-call.ts).
    expect(src).not.toMatch(/\(function (install|make)\w*\(/);
    for (const name of ['installBoundary', 'installCore', 'installViewPU', 'installSnapshot', 'installKitRegistry', 'makeCloneCodec']) {
      expect(src).toContain(`(0, function ${name}(`);
    }
  });
});
