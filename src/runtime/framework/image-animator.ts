/**
 * Sandbox-side ImageAnimator playback on the device clock (evaluated in the app realm from source, see core.ts): the
 * `state` attribute drives it — Running plays `iterations` rounds (−1: endless) of `duration` ms (or the images' own
 * durations added up), firing `onStart`, `onRepeat` between rounds and `onFinish` at the end; Paused keeps the time
 * left (`onPause`); Stopped ends it (`onFinish`); back to Initial cancels it (`onCancel`). Only a finite run holds a
 * device timer (one per round); nothing ticks while it is paused or endless. (The frames themselves are not drawn:
 * layout shows an image box.)
 */
export function installImageAnimator(g: any): void {
  const rt = g.__rt;
  const STATES = ['Initial', 'Running', 'Paused', 'Stopped'];
  const live = new Set<any>();
  const stateOf = (n: any): string => {
    const v = n.attrs.state?.[0];
    return typeof v === 'number' ? STATES[v] ?? 'Initial' : STATES.includes(v) ? v : 'Initial';
  };
  const call = (n: any, name: string) => { const h = n.attrs[name]?.[0]; if (typeof h === 'function') h(); };
  const roundMs = (n: any): number => {
    const images = Array.isArray(n.attrs.images?.[0]) ? n.attrs.images[0] : [];
    const own = images.reduce((sum: number, i: any) => sum + (typeof i?.duration === 'number' && i.duration > 0 ? i.duration : 0), 0);
    const d = n.attrs.duration?.[0];
    return own > 0 ? own : typeof d === 'number' && d >= 0 ? d : 1000;
  };
  const iterationsOf = (n: any): number => {
    const v = n.attrs.iterations?.[0];
    return typeof v === 'number' ? (v < 0 ? -1 : Math.max(1, Math.floor(v))) : 1;
  };
  const clear = (n: any) => { if (n.__animTimer !== undefined) { g.clearTimeout(n.__animTimer); n.__animTimer = undefined; } };
  /** Plays from where it is: `left` rounds to go, `inRound` ms of the current one. */
  const run = (n: any) => {
    const p = n.__anim;
    if (p.left < 0) return; // endless: no timer
    p.t0 = g.Date.now();
    n.__animTimer = g.setTimeout(() => {
      n.__animTimer = undefined;
      p.left -= 1;
      if (p.left > 0) { p.inRound = roundMs(n); call(n, 'onRepeat'); run(n); return; }
      n.__anim = undefined;
      call(n, 'onFinish');
    }, Math.max(0, p.inRound));
  };
  const change = (n: any, from: string, to: string) => {
    if (to === 'Running') {
      if (from !== 'Paused' || !n.__anim) n.__anim = { left: iterationsOf(n), inRound: roundMs(n) };
      call(n, 'onStart');
      run(n);
    } else if (to === 'Paused' && from === 'Running') {
      clear(n);
      if (n.__anim && n.__anim.left > 0) n.__anim.inRound = Math.max(0, n.__anim.inRound - (g.Date.now() - n.__anim.t0));
      call(n, 'onPause');
    } else if ((to === 'Stopped' || to === 'Initial') && (from === 'Running' || from === 'Paused')) {
      clear(n);
      n.__anim = undefined;
      call(n, to === 'Stopped' ? 'onFinish' : 'onCancel');
    }
  };
  // After the build that set `state`, each tracked ImageAnimator acts on a change of it.
  rt.flushSteps.push(() => {
    if (!live.size) return false;
    for (const n of Array.from(live)) {
      const s = stateOf(n);
      const was = n.__animState ?? 'Initial';
      if (s === was) continue;
      n.__animState = s;
      change(n, was, s);
    }
    return false;
  });
  const base = g.ImageAnimator;
  if (base) {
    g.ImageAnimator = new Proxy(base, {
      get(t, prop) {
        if (prop !== 'create') return t[prop];
        return (...args: any[]) => {
          t.create(...args);
          const n = rt.atomicTarget?.type === 'ImageAnimator' ? rt.atomicTarget : undefined;
          if (!n || live.has(n)) return;
          live.add(n);
          const prev = n.onDispose;
          n.onDispose = () => { prev?.(); clear(n); live.delete(n); };
          rt.schedule();
        };
      },
    });
  }
}
