import { describe, expect, it } from 'vitest';
import { createDeviceClock } from '../../src/runtime/clock.js';
import { launchSource, page } from './helpers.js';

describe('device clock', () => {
  it('virtual time: timers fire in due order (then creation order) without waiting, holds stop jumps', async () => {
    const clock = createDeviceClock({ virtual: true });
    const fired: string[] = [];
    const t0 = clock.now();
    const wall0 = Date.now();
    clock.setTimer(10_000, () => fired.push('10s'));
    clock.setTimer(500, () => fired.push('500a'));
    clock.setTimer(500, () => fired.push('500b'));
    expect(clock.held()).toBe(false);
    const release = clock.hold();
    expect(clock.held()).toBe(true); // what hmos test's stuck-case check reads: host work in flight is activity
    clock.setTimer(1, () => fired.push('1ms'));
    await new Promise((r) => setTimeout(r, 30));
    // Held: only timers due in real time fired.
    expect(fired).toEqual(['1ms']);
    release();
    expect(clock.held()).toBe(false);
    await clock.sleep(20_000);
    expect(fired).toEqual(['1ms', '500a', '500b', '10s']);
    expect(clock.now() - t0).toBeGreaterThanOrEqual(20_000);
    expect(Date.now() - wall0).toBeLessThan(5_000);
    const id = clock.setTimer(5, () => fired.push('cleared'));
    clock.clearTimer(id);
    await clock.sleep(10);
    expect(fired).not.toContain('cleared');
    clock.dispose();
  });

  it('the app realm sees device time: Date, Date.now, performance.now, setTimeout chains and animation frames', async () => {
    const code = `${page('Index', '', 'Column.create(); Column.pop();')}
      globalThis.probe = async () => {
        const t0 = Date.now(); const p0 = performance.now();
        const order = [];
        await new Promise((r) => { setTimeout(() => { order.push('b'); r(); }, 20000); setTimeout(() => order.push('a'), 5000); });
        const frames = [];
        await new Promise((r) => { let n = 0; const f = (t) => { frames.push(t); if (++n < 3) requestAnimationFrame(f); else r(); }; requestAnimationFrame(f); });
        const spun = (() => { const s = Date.now(); while (Date.now() - s < 5) {} return Date.now() - s; })();
        return { elapsed: Date.now() - t0, perf: performance.now() - p0, order, gaps: [frames[1] - frames[0], frames[2] - frames[1]],
          date: new Date().getTime() - Date.now(), ctor: new Date(0).constructor === Date, str: typeof Date(), spun };
      };`;
    const app = launchSource(code, { device: { virtualTime: true } });
    expect(app.crash).toBeUndefined();
    const wall0 = Date.now();
    app.evaluate('probe().then((r) => { globalThis.result = JSON.stringify(r); })');
    // Bounded by the test's timeout, not by a count of polls (a loaded machine polls slowly).
    while (app.evaluate('globalThis.result') === undefined) await new Promise((r) => setTimeout(r, 5));
    const r = JSON.parse(String(app.evaluate('globalThis.result')));
    // 20 s of device time in far less wall time: the clock jumped (it flows at the real rate only while work runs).
    expect(Date.now() - wall0).toBeLessThan(10_000);
    expect(r.order).toEqual(['a', 'b']);
    expect(r.elapsed).toBeGreaterThanOrEqual(20_000);
    expect(r.perf).toBeGreaterThanOrEqual(20_000);
    // Frames come on the 60 Hz grid: one period apart, or a whole number of periods when a frame ran late in real
    // time (device time flows at the real rate while the host works, as on a real device a late frame skips a vsync).
    for (const gap of r.gaps) {
      const periods = gap / (1000 / 60);
      expect(periods).toBeGreaterThan(0.9);
      expect(Math.abs(periods - Math.round(periods)) * (1000 / 60)).toBeLessThan(2);
    }
    expect(Math.abs(r.date)).toBeLessThan(50);
    expect(r.ctor).toBe(true);
    expect(r.str).toBe('string');
    expect(r.spun).toBeGreaterThanOrEqual(5);
    app.stop();
  }, 30_000);
});
