/**
 * Sandbox-side animation curves (evaluated in the app realm from source, see core.ts): the `Curve` enum names,
 * cubic Béziers, steps and springs as functions of progress, and the `@ohos.curves` module (`initCurve`,
 * `cubicBezierCurve`, `stepsCurve`, `springCurve`, `springMotion`, `responsiveSpringMotion`, `interpolatingSpring`,
 * `customCurve`, and the API 7 string forms). A spring's animation lasts until the spring settles (its own duration
 * replaces the animation's, as on the platform).
 *
 * `rt.curve(c)` → `{ at(p) → value, settleMs? }` for any curve value an app passes (enum string, ICurve object,
 * 'cubic-bezier(…)' / 'steps(…)' / 'spring(…)' string).
 */
export function installCurves(g: any): void {
  const rt = g.__rt;

  /** The unit Bézier through (0,0), (x1,y1), (x2,y2), (1,1) at x = p (Newton, then bisection). */
  const bezier = (x1: number, y1: number, x2: number, y2: number) => {
    const cx = 3 * x1, bx = 3 * (x2 - x1) - cx, ax = 1 - cx - bx;
    const cy = 3 * y1, by = 3 * (y2 - y1) - cy, ay = 1 - cy - by;
    const sx = (t: number) => ((ax * t + bx) * t + cx) * t;
    const sy = (t: number) => ((ay * t + by) * t + cy) * t;
    const dx = (t: number) => (3 * ax * t + 2 * bx) * t + cx;
    return (p: number): number => {
      if (p <= 0) return 0;
      if (p >= 1) return 1;
      let t = p;
      for (let i = 0; i < 8; i++) {
        const e = sx(t) - p;
        if (Math.abs(e) < 1e-6) return sy(t);
        const d = dx(t);
        if (Math.abs(d) < 1e-6) break;
        t -= e / d;
      }
      let lo = 0, hi = 1;
      t = p;
      for (let i = 0; i < 30; i++) { const x = sx(t); if (Math.abs(x - p) < 1e-6) break; if (x < p) lo = t; else hi = t; t = (lo + hi) / 2; }
      return sy(t);
    };
  };
  const NAMED: Record<string, [number, number, number, number] | 'linear'> = {
    linear: 'linear', ease: [0.25, 0.1, 0.25, 1], 'ease-in': [0.42, 0, 1, 1], 'ease-out': [0, 0, 0.58, 1],
    'ease-in-out': [0.42, 0, 0.58, 1], 'fast-out-slow-in': [0.4, 0, 0.2, 1], 'linear-out-slow-in': [0, 0, 0.2, 1],
    'fast-out-linear-in': [0.4, 0, 1, 1], 'extreme-deceleration': [0, 0, 0, 1], sharp: [0.33, 0, 0.67, 1],
    rhythm: [0.7, 0, 0.2, 1], smooth: [0.4, 0, 0.4, 1], friction: [0.2, 0, 0.2, 1],
  };
  /** A damped spring from 0 to 1 (natural frequency w0 rad/s, damping ratio z, initial velocity v0 in units/s). */
  const spring = (w0: number, z: number, v0 = 0) => {
    w0 = Math.max(0.01, w0); z = Math.max(0.001, z);
    // time for the amplitude envelope to fall below 0.1 % of the distance
    const settleMs = Math.min(10000, Math.max(16, (-Math.log(0.001) / (z * w0)) * 1000));
    const value = (t: number): number => {
      if (z < 1) {
        const wd = w0 * Math.sqrt(1 - z * z);
        const a = -1, b = (z * w0 * a + v0) / wd;
        return 1 + Math.exp(-z * w0 * t) * (a * Math.cos(wd * t) + b * Math.sin(wd * t));
      }
      if (z === 1) return 1 + Math.exp(-w0 * t) * (-1 + (v0 - w0) * t);
      const r1 = -w0 * (z - Math.sqrt(z * z - 1)), r2 = -w0 * (z + Math.sqrt(z * z - 1));
      const c2 = (v0 + r1) / (r2 - r1), c1 = -1 - c2;
      return 1 + c1 * Math.exp(r1 * t) + c2 * Math.exp(r2 * t);
    };
    return { at: (p: number) => (p >= 1 ? 1 : value(p * settleMs / 1000)), settleMs };
  };
  const steps = (count: number, end: boolean) => {
    const n = Math.max(1, Math.floor(count) || 1);
    return (p: number) => (p >= 1 ? 1 : end ? Math.floor(p * n) / n : Math.min(1, Math.ceil(p * n) / n));
  };

  /** Any curve an app can pass → `{at(p), settleMs?}`; unknown values are linear. */
  rt.curve = (c: any): { at: (p: number) => number; settleMs?: number } => {
    if (c && typeof c === 'object' && typeof c.__hmosCurve === 'object') return c.__hmosCurve;
    if (c && typeof c === 'object' && typeof c.interpolate === 'function') return { at: (p: number) => Number(c.interpolate(p)) };
    if (typeof c === 'string') {
      const s = c.trim().toLowerCase();
      const named = NAMED[s];
      if (named === 'linear') return { at: (p) => p };
      if (named) return { at: bezier(...named) };
      let m = /^cubic-bezier\(([^)]*)\)$/.exec(s);
      if (m) { const [a, b, cc, d] = m[1].split(',').map(Number); return { at: bezier(a, b, cc, d) }; }
      m = /^steps\(\s*(\d+)\s*(?:,\s*(start|end))?\s*\)$/.exec(s);
      if (m) return { at: steps(Number(m[1]), m[2] !== 'start') };
      m = /^(?:spring|interpolating-spring)\(([^)]*)\)$/.exec(s);
      if (m) { const [v, mass, k, damp] = m[1].split(',').map(Number); return interpolatingSpring(v, mass, k, damp).__hmosCurve; }
    }
    return { at: bezier(0.42, 0, 0.58, 1) };
  };

  const icurve = (impl: { at: (p: number) => number; settleMs?: number }) => ({
    __hmosCurve: impl,
    interpolate: (p: number) => impl.at(Math.max(0, Math.min(1, Number(p) || 0))),
  });
  const interpolatingSpring = (velocity: number, mass: number, stiffness: number, damping: number) => {
    const m = mass > 0 ? mass : 1, k = stiffness > 0 ? stiffness : 1, c = damping > 0 ? damping : 1;
    return icurve(spring(Math.sqrt(k / m), c / (2 * Math.sqrt(k * m)), Number(velocity) || 0));
  };
  const curves = {
    initCurve: (c?: any) => icurve(rt.curve(c ?? 'ease-in-out')),
    cubicBezierCurve: (x1: number, y1: number, x2: number, y2: number) => icurve({ at: bezier(x1, y1, x2, y2) }),
    stepsCurve: (count: number, end: boolean) => icurve({ at: steps(count, end) }),
    springCurve: (velocity: number, mass: number, stiffness: number, damping: number) => interpolatingSpring(velocity, mass, stiffness, damping),
    interpolatingSpring,
    springMotion: (response = 0.55, dampingFraction = 0.825, _overlap = 0) => icurve(spring((2 * Math.PI) / Math.max(0.01, response), dampingFraction)),
    responsiveSpringMotion: (response = 0.15, dampingFraction = 0.86, _overlap = 0.25) => icurve(spring((2 * Math.PI) / Math.max(0.01, response), dampingFraction)),
    customCurve: (fn: (p: number) => number) => icurve({ at: (p) => Number(fn(p)) }),
    // API 7: curves as strings
    init: (c?: any) => (typeof c === 'string' ? c : 'ease-in-out'),
    cubicBezier: (x1: number, y1: number, x2: number, y2: number) => `cubic-bezier(${x1}, ${y1}, ${x2}, ${y2})`,
    steps: (count: number, end: boolean) => `steps(${count}, ${end ? 'end' : 'start'})`,
    spring: (velocity: number, mass: number, stiffness: number, damping: number) => `spring(${velocity}, ${mass}, ${stiffness}, ${damping})`,
    Curve: g.Curve,
  };
  rt.curves = curves;
  rt.registerKit('@ohos.curves', { default: curves, curves });
  const arkui = g.__hmosKit('@kit.ArkUI');
  if (!('curves' in arkui)) arkui.curves = curves;
}
