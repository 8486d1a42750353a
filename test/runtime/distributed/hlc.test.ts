import { describe, expect, it } from 'vitest';
import { compareHlc, HybridLogicalClock } from '../../../src/runtime/distributed/hlc.js';

describe('HybridLogicalClock', () => {
  it('is strictly monotonic even when the wall clock stands still or goes back', () => {
    let t = 1000;
    const c = new HybridLogicalClock('a', () => t);
    const a = c.now();
    const b = c.now();
    t = 500;
    const d = c.now();
    expect(compareHlc(a, b)).toBeLessThan(0);
    expect(compareHlc(b, d)).toBeLessThan(0);
    expect(d.w).toBe(1000);
  });

  it('orders a local event after a received one from a device whose clock runs ahead', () => {
    const fast = new HybridLogicalClock('fast', () => 10_000);
    const slow = new HybridLogicalClock('slow', () => 1_000);
    const remote = fast.now();
    slow.receive(remote);
    const local = slow.now();
    expect(compareHlc(remote, local)).toBeLessThan(0);
  });

  it('breaks ties by node id, the same way everywhere', () => {
    expect(compareHlc({ w: 1, l: 0, n: 'a' }, { w: 1, l: 0, n: 'b' })).toBeLessThan(0);
    expect(compareHlc({ w: 1, l: 0, n: 'b' }, { w: 1, l: 0, n: 'a' })).toBeGreaterThan(0);
    expect(compareHlc({ w: 1, l: 0, n: 'a' }, { w: 1, l: 0, n: 'a' })).toBe(0);
  });
});
