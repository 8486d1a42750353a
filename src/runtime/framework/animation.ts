/**
 * Sandbox-side property animation (evaluated in the app realm from source, see core.ts): `animateTo` (global,
 * `Context`, `UIContext`), the `.animation()` attribute (implicit animation of the attributes set before it in the
 * chain), `keyframeAnimateTo`, and the engine that transitions (transition.ts) and `@ohos.animator` (animator.ts) share.
 *
 * Time is the device's (`Date.now()` of the realm: the device clock, virtual in tests and preview). Nothing ticks on
 * its own: an animation is a set of tracks — (node, attribute, from, to) over a time window with a curve — and the
 * screen samples them when it draws (`rt.sampleAnimations()`: the value at that moment goes to `node.shown`, which
 * layout reads before `node.attrs`). Only finite animations hold a device timer, for their end (final state, onFinish);
 * an `iterations: -1` animation costs nothing until something draws. The final state is exact: when a track ends its
 * override goes away and the attribute's own value (what the app set) shows. The device learns whether anything
 * animates and until when through the `anim.state` host op, so a terminal UI draws frames only while it matters.
 */
export function installAnimation(g: any): void {
  const rt = g.__rt;
  const now = (): number => g.Date.now();

  // ---- parameters ----
  const PLAY_MODES = ['Normal', 'Reverse', 'Alternate', 'AlternateReverse'];
  const playModeOf = (m: any): number => {
    if (typeof m === 'number') return m >= 0 && m <= 3 ? m : 0;
    const i = PLAY_MODES.indexOf(String(m ?? 'Normal'));
    const lower = ['normal', 'reverse', 'alternate', 'alternate-reverse'].indexOf(String(m ?? '').toLowerCase());
    return i >= 0 ? i : lower >= 0 ? lower : 0;
  };
  /** Normalised AnimateParam: times in device ms, a curve function; springs set their own duration. */
  rt.animParams = (o: any, dflt: { duration?: number; curve?: any } = {}) => {
    const p = o && typeof o === 'object' ? o : {};
    const curve = rt.curve(p.curve ?? dflt.curve ?? 'ease-in-out');
    const tempo = typeof p.tempo === 'number' && p.tempo >= 0 ? p.tempo : 1;
    let duration = typeof p.duration === 'number' && p.duration >= 0 ? p.duration : dflt.duration ?? 1000;
    if (curve.settleMs !== undefined) duration = curve.settleMs;
    duration = tempo === 0 ? 0 : duration / tempo;
    const iterations = typeof p.iterations === 'number' ? (p.iterations < 0 ? -1 : Math.floor(p.iterations)) : 1;
    return { duration, delay: Math.max(0, Number(p.delay) || 0), iterations, playMode: playModeOf(p.playMode), curve, onFinish: p.onFinish };
  };

  // ---- groups and tracks ----
  let nextGroup = 1;
  const groups = new Set<any>();
  const animatedNodes = new Set<any>();
  /** One animation: its tracks share a time window (start includes the delay), curve and iterations. */
  rt.newAnimation = (params: any, hooks: { onFrame?: (p: number) => void; onEnd?: () => void } = {}) => {
    const grp: any = { id: nextGroup++, params, start: now() + params.delay, tracks: new Set(), hooks, done: false, timer: undefined };
    grp.end = params.iterations < 0 ? Infinity : grp.start + params.duration * Math.max(0, params.iterations);
    groups.add(grp);
    if (Number.isFinite(grp.end)) grp.timer = g.setTimeout(() => finish(grp), Math.max(0, grp.end - now()));
    announce();
    return grp;
  };
  /** Curve value of a group at time t (0 before it starts; its last value once it ended). */
  const progress = (grp: any, t: number): number => {
    const { duration, playMode, curve } = grp.params;
    if (t <= grp.start) return reverseAt(playMode, 0) ? curve.at(1) : curve.at(0);
    if (duration <= 0 || t >= grp.end) return 1;
    const elapsed = t - grp.start;
    const iter = Math.floor(elapsed / duration);
    const frac = (elapsed - iter * duration) / duration;
    return curve.at(reverseAt(playMode, iter) ? 1 - frac : frac);
  };
  const reverseAt = (mode: number, iter: number) => mode === 1 || (mode === 2 && iter % 2 === 1) || (mode === 3 && iter % 2 === 0);
  rt.animationProgress = progress;

  const finish = (grp: any, cancelled = false) => {
    if (grp.done) return;
    grp.done = true;
    if (grp.timer !== undefined) { g.clearTimeout(grp.timer); grp.timer = undefined; }
    groups.delete(grp);
    for (const tr of grp.tracks) dropTrack(tr);
    announce();
    rt.untracked(() => {
      if (grp.hooks.onEnd) grp.hooks.onEnd(cancelled);
      if (!cancelled && typeof grp.params.onFinish === 'function') grp.params.onFinish();
    });
    rt.schedule(); // a frame with the final state
  };
  rt.finishAnimation = finish;

  const tracksOf = (n: any): Map<string, any[]> => (n.__animTracks ??= new Map());
  const dropTrack = (tr: any) => {
    tr.group.tracks.delete(tr);
    const m = tr.node.__animTracks as Map<string, any[]> | undefined;
    if (!m) return;
    const list = (m.get(tr.name) ?? []).filter((x: any) => x !== tr);
    if (list.length) m.set(tr.name, list); else m.delete(tr.name);
    if (tr.node.shown) delete tr.node.shown[tr.name];
    if (!m.size) { animatedNodes.delete(tr.node); tr.node.shown = undefined; tr.node.__animTracks = undefined; }
  };
  /** The value (args) of node.name shown at time t: its tracks by start, the attribute itself without any. */
  const valueAt = (n: any, name: string, t: number): any[] | undefined => {
    const list = n.__animTracks?.get(name) as any[] | undefined;
    if (!list?.length) return undefined;
    let cur: any;
    for (const tr of list) if (tr.group.start <= t || !cur) cur = tr;
    if (cur.group.start > t) return cur.from;
    return interpolateArgs(cur.from, cur.to, progress(cur.group, t));
  };
  /**
   * Adds a track for node.name from `from` to `to` (argument lists) in `grp`. A running track of the same attribute
   * hands over from where it is at the new start (retargeting, keyframes). No track when the values cannot be
   * interpolated: the new value shows at once.
   */
  rt.addTrack = (n: any, name: string, from: any[] | undefined, to: any[] | undefined, grp: any): void => {
    const at = valueAt(n, name, grp.start) ?? from;
    const target = to ?? identity(name);
    if (!at || !target || interpolateArgs(at, target, 0.5) === undefined) return;
    const tr = { node: n, name, from: at, to: target, group: grp };
    const list = tracksOf(n).get(name) ?? [];
    // A track that would start after this one is superseded (the newer intent wins).
    const kept = list.filter((x: any) => x.group.start < grp.start);
    for (const x of list) if (!kept.includes(x)) x.group.tracks.delete(x);
    kept.push(tr);
    tracksOf(n).set(name, kept);
    grp.tracks.add(tr);
    animatedNodes.add(n);
  };
  /** Drops the running tracks of node.name: a change without animation shows at once. */
  rt.cancelTracks = (n: any, name: string) => { for (const tr of [...(n.__animTracks?.get(name) ?? [])]) dropTrack(tr); };
  /** Drops every track of nodes that leave the tree for good. */
  rt.forgetAnimations = (n: any) => { for (const list of [...(n.__animTracks?.values() ?? [])]) for (const tr of list) dropTrack(tr); };

  /** Samples every running animation at the device's time now: overrides in node.shown, animator frames. */
  rt.sampleAnimations = () => {
    const t = now();
    for (const n of animatedNodes) {
      const shown: Record<string, any[]> = Object.create(null);
      for (const name of n.__animTracks.keys()) { const v = valueAt(n, name, t); if (v) shown[name] = v; }
      n.shown = shown;
    }
    for (const grp of Array.from(groups)) if (grp.hooks.onFrame && t >= grp.start) grp.hooks.onFrame(progress(grp, t));
    for (const grp of Array.from(groups)) if (grp.end <= t) finish(grp);
  };

  let lastState = '';
  /** Tells the device whether anything animates (and until when, for finite animations). */
  const announce = () => {
    let until = 0;
    let forever = false;
    for (const grp of groups) { if (Number.isFinite(grp.end)) until = Math.max(until, grp.end); else forever = true; }
    const state = JSON.stringify({ active: groups.size > 0, until: groups.size ? until : null, forever });
    if (state === lastState) return;
    lastState = state;
    rt.call('anim.state', JSON.parse(state));
  };

  // ---- values ----
  const LEN = /^\s*(-?\d*\.?\d+(?:e[+-]?\d+)?)\s*(vp|fp|px|lpx|%)?\s*$/i;
  const lerp = (a: number, b: number, p: number) => a + (b - a) * p;
  const colorOf = (v: any): number[] | undefined => {
    if (typeof v === 'number' && Number.isFinite(v)) { const x = v >>> 0; return [x > 0xffffff ? (x >>> 24) & 255 : 255, (x >>> 16) & 255, (x >>> 8) & 255, x & 255]; }
    if (typeof v !== 'string' || !v.startsWith('#')) return undefined;
    let h = v.slice(1);
    if (!/^[0-9a-fA-F]+$/.test(h)) return undefined;
    if (h.length === 3 || h.length === 4) h = [...h].map((c) => c + c).join('');
    if (h.length === 6) h = 'ff' + h;
    if (h.length !== 8) return undefined;
    return [0, 2, 4, 6].map((i) => parseInt(h.slice(i, i + 2), 16));
  };
  const hex2 = (n: number) => Math.max(0, Math.min(255, Math.round(n))).toString(16).padStart(2, '0');
  /** One value between a and b at p, or undefined when they cannot be interpolated. */
  const interpolate = (a: any, b: any, p: number): any => {
    if (a === b) return b;
    if (typeof a === 'number' && typeof b === 'number') return lerp(a, b, p);
    const ca = colorOf(a), cb = colorOf(b);
    if (ca && cb) return '#' + ca.map((x, i) => hex2(lerp(x, cb[i], p))).join('');
    const la = typeof a === 'number' ? [String(a), 'vp'] : typeof a === 'string' ? LEN.exec(a)?.slice(1) : undefined;
    const lb = typeof b === 'number' ? [String(b), 'vp'] : typeof b === 'string' ? LEN.exec(b)?.slice(1) : undefined;
    if (la && lb) {
      const ua = (la[1] ?? 'vp').toLowerCase(), ub = (lb[1] ?? 'vp').toLowerCase();
      if (ua !== ub) return undefined;
      const v = lerp(Number(la[0]), Number(lb[0]), p);
      return typeof b === 'number' ? v : `${v}${ub}`;
    }
    if (a && b && typeof a === 'object' && typeof b === 'object' && !Array.isArray(a) && !Array.isArray(b)) {
      const out: Record<string, any> = {};
      for (const k of new Set([...Object.keys(a), ...Object.keys(b)])) {
        const x = k in a ? a[k] : b[k], y = k in b ? b[k] : a[k];
        const v = interpolate(x, y, p);
        if (v === undefined) return undefined;
        out[k] = v;
      }
      return out;
    }
    return undefined;
  };
  const interpolateArgs = (a: any[], b: any[], p: number): any[] | undefined => {
    const v = interpolate(a[0], b[0], p);
    return v === undefined ? undefined : [v, ...b.slice(1)];
  };
  rt.interpolateArgs = interpolateArgs;
  /** What an attribute is when the app did not set it (the start of a first animation of it). */
  const IDENTITY: Record<string, any> = {
    opacity: 1, translate: { x: 0, y: 0, z: 0 }, scale: { x: 1, y: 1, z: 1 }, rotate: { x: 0, y: 0, z: 1, angle: 0 },
    offset: { x: 0, y: 0 }, backgroundColor: '#00000000', borderRadius: 0, blur: 0,
  };
  const identity = (name: string): any[] | undefined => (name in IDENTITY ? [IDENTITY[name]] : undefined);
  rt.identityArgs = identity;
  const ANIMATABLE = new Set(['width', 'height', 'size', 'opacity', 'backgroundColor', 'translate', 'scale', 'rotate', 'offset', 'position',
    'borderRadius', 'borderWidth', 'borderColor', 'fontSize', 'fontColor', 'margin', 'padding', 'blur', 'color', 'markAnchor']);
  /** The start value of a first animation of width/height: the size the node was laid out at. */
  const fromOf = (n: any, name: string, prev: any[] | undefined): any[] | undefined => {
    if (prev !== undefined) return prev;
    if ((name === 'width' || name === 'height') && n.layout) return [n.layout[name]];
    return identity(name);
  };

  // ---- explicit (animateTo) and implicit (.animation) animation of updates ----
  const contexts: any[] = [];
  rt.animationContext = () => contexts[contexts.length - 1];
  /**
   * Called after an element re-rendered its node (core.ts): attributes that changed animate with the enclosing
   * animateTo's parameters, or with the node's `.animation()` parameters when it was set after them in the chain.
   */
  rt.animateUpdate = (n: any) => {
    const prev = n.prevAttrs;
    n.prevAttrs = undefined;
    if (!prev) return;
    const ctx = contexts[contexts.length - 1];
    const keys = Object.keys(n.attrs);
    // `.animation(p)` in the attribute chain (kept as an attribute by older lowerings) covers what was set before it.
    const ai = keys.indexOf('animation');
    const chained = ai >= 0 ? n.attrs.animation[0] : undefined;
    const implicitOf = (name: string) => n.implicitAnim?.[name] ?? (chained !== undefined && keys.indexOf(name) >= 0 && keys.indexOf(name) < ai ? chained : undefined);
    if (!ctx && chained === undefined && !n.implicitAnim && !n.__animTracks) return;
    const implicitGroups = new Map<any, any>();
    for (const name of new Set([...Object.keys(prev), ...keys])) {
      if (!ANIMATABLE.has(name)) continue;
      const before = prev[name], after = n.attrs[name];
      if (sameArgs(before, after)) continue;
      const implicit = implicitOf(name);
      if (implicit !== undefined && !implicitGroups.has(implicit)) implicitGroups.set(implicit, rt.newAnimation(rt.animParams(implicit)));
      let grp = implicit !== undefined ? implicitGroups.get(implicit) : ctx?.group;
      if (grp && grp.params.duration <= 0) grp = undefined;
      if (!grp) { rt.cancelTracks(n, name); continue; }
      rt.addTrack(n, name, fromOf(n, name, before), after, grp);
    }
  };
  const sameArgs = (a: any[] | undefined, b: any[] | undefined) => {
    if (a === b) return true;
    if (!a || !b || a.length !== b.length) return false;
    for (let i = 0; i < a.length; i++) {
      if (a[i] === b[i]) continue;
      if (a[i] && b[i] && typeof a[i] === 'object' && typeof b[i] === 'object') { try { if (JSON.stringify(a[i]) === JSON.stringify(b[i])) continue; } catch { /* not data */ } }
      return false;
    }
    return true;
  };

  /** Whether the framework may apply pending changes now (not while a component builds or a flush runs). */
  const canFlush = () => !rt.flushing && rt.stack.length === 0;
  /**
   * animateTo(param, event): changes pending before it show at once; the changes `event` makes animate with
   * `param`. An exception in `event` propagates to the caller, as on the platform; the animation context is
   * closed either way, so later changes do not animate.
   */
  const animateTo = (param: any, event: () => void): any => {
    if (typeof event !== 'function') return undefined;
    const params = rt.animParams(param);
    if (canFlush()) rt.flush();
    const grp = rt.newAnimation(params);
    contexts.push({ group: grp });
    try {
      event();
      if (canFlush()) rt.flush();
    } finally {
      contexts.pop();
      if (!grp.tracks.size && !Number.isFinite(grp.end)) finish(grp);
    }
    return grp;
  };
  /** The framework's animateTo returns its group (navigation-transition.ts waits for it); the app's returns nothing. */
  rt.animateTo = animateTo;
  g.animateTo = (param: any, event: () => void): void => { animateTo(param, event); };
  g.animateToImmediately = (param: any, event: () => void): void => { animateTo({ ...(param ?? {}), duration: 0 }, event); };
  /**
   * `.animation(param)` as the reference compiler emits it: `Context.animation(param)` before the attributes it
   * animates and `Context.animation(null)` after them; core.ts notes which attributes were set in between.
   */
  g.Context = { ...(g.Context ?? {}), animateTo: g.animateTo, animation(param: any) { rt.implicitParams = param ?? undefined; } };

  /** keyframeAnimateTo({delay, iterations, onFinish}, [{duration, curve, event}…]): keyframes one after the other. */
  rt.keyframeAnimateTo = (param: any, keyframes: any[]) => {
    if (!Array.isArray(keyframes) || !keyframes.length) return;
    if (canFlush()) rt.flush();
    let offset = Math.max(0, Number(param?.delay) || 0);
    let last: any;
    for (const kf of keyframes) {
      const params = rt.animParams({ duration: kf?.duration, curve: kf?.curve ?? 'linear', delay: offset });
      const grp = rt.newAnimation(params);
      contexts.push({ group: grp });
      try {
        if (typeof kf?.event === 'function') kf.event();
        if (canFlush()) rt.flush();
      } finally { contexts.pop(); }
      offset += params.duration;
      last = grp;
    }
    if (last && typeof param?.onFinish === 'function') {
      const onEnd = last.hooks.onEnd;
      last.hooks.onEnd = (cancelled: boolean) => { onEnd?.(cancelled); if (!cancelled) param.onFinish(); };
    }
  };
  g.keyframeAnimateTo = rt.keyframeAnimateTo;
}
