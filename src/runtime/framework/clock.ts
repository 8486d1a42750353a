/**
 * Sandbox side of the device clock (host side: src/runtime/clock.ts), evaluated in the app realm from source like the
 * rest of the framework (see core.ts). `Date` (no-argument construction, `Date()`, `Date.now()`), `performance.now()`
 * and `requestAnimationFrame` read device time: the realm's wall clock plus the offset the device sets before every
 * entry into the app (`__hmosClockOffset`, 0 in real time). Timers (kits.ts) go to the device clock as host ops.
 * Animation frames come every 1000/60 ms of device time on the device's vsync grid, each frame calling every
 * callback requested before it with the frame's (vsync) time.
 */
export function installClock(g: any): void {
  const RealDate = g.Date;
  const wall = RealDate.now;
  const now = (): number => wall() + (typeof g.__hmosClockOffset === 'number' ? g.__hmosClockOffset : 0);

  const DeviceDate: any = function Date(this: unknown, ...args: any[]) {
    if (!new.target) return new RealDate(now()).toString();
    return Reflect.construct(RealDate, args.length === 0 ? [now()] : args, new.target);
  };
  Object.defineProperty(DeviceDate, 'length', { value: 7 });
  Object.setPrototypeOf(DeviceDate, RealDate);
  DeviceDate.prototype = RealDate.prototype;
  Object.defineProperty(RealDate.prototype, 'constructor', { value: DeviceDate, writable: true, configurable: true });
  DeviceDate.now = function now_() { return now(); };
  DeviceDate.parse = RealDate.parse;
  DeviceDate.UTC = RealDate.UTC;
  g.Date = DeviceDate;

  const timeOrigin = now();
  g.performance = { timeOrigin, now: () => now() - timeOrigin, mark() {}, measure() {}, getEntriesByName: () => [] };

  const FRAME_MS = 1000 / 60;
  let frameCallbacks = new Map<number, (t: number) => void>();
  let nextFrameId = 1;
  let frameTimer: number | undefined;
  let lastFrame = -Infinity;
  const runFrame = (vsync: number) => {
    frameTimer = undefined;
    lastFrame = vsync;
    const callbacks = frameCallbacks;
    frameCallbacks = new Map();
    for (const cb of callbacks.values()) cb(vsync);
  };
  g.requestAnimationFrame = (fn: (t: number) => void): number => {
    const id = nextFrameId++;
    if (typeof fn !== 'function') return id;
    frameCallbacks.set(id, fn);
    if (frameTimer === undefined) {
      const t = now();
      // The frame after the last one while an animation runs (a frame whose timer fired a little late on a busy
      // host does not make the next one skip a vsync); after a pause, the next vsync from now.
      const vsync = lastFrame + FRAME_MS > t - FRAME_MS ? lastFrame + FRAME_MS : Math.floor(t / FRAME_MS + 1) * FRAME_MS;
      frameTimer = g.setTimeout(() => runFrame(vsync), Math.max(0, vsync - t));
    }
    return id;
  };
  g.cancelAnimationFrame = (id: number) => { frameCallbacks.delete(id); };
}
