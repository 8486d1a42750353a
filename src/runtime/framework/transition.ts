/**
 * Sandbox-side component transitions (evaluated in the app realm from source, see core.ts): `TransitionEffect`
 * (IDENTITY, OPACITY, SLIDE, SLIDE_SWITCH, `translate`, `rotate`, `scale`, `opacity`, `move`, `asymmetric`,
 * `combine`, `animation`), the API 9 `{type, opacity, translate, scale, rotate}` form, `.transition()` on nodes an
 * `if`/ForEach inserts or removes, and `geometryTransition(id)`.
 *
 * A node inserted after the page's first frame with a transition animates from the effect's state to its own; a node
 * removed with one stays on screen (a "ghost" of the container it left, not hit by input) while it animates to the
 * effect's state, and is disposed when that ends. The timing is the effect's own `.animation()` or the enclosing
 * animateTo's; with neither there is no animation, as on the platform. Also the router's page transitions
 * (`pageTransition()`, the system default slide) and the Navigation's (navigation-transition.ts uses the same parts).
 */
export function installTransition(g: any): void {
  const rt = g.__rt;

  class TransitionEffect {
    kind: string; value: any; next: TransitionEffect | undefined; params: any;
    constructor(kind: string, value?: any) { this.kind = kind; this.value = value; }
    static translate(o: any) { return new TransitionEffect('translate', o); }
    static rotate(o: any) { return new TransitionEffect('rotate', o); }
    static scale(o: any) { return new TransitionEffect('scale', o); }
    static opacity(v: number) { return new TransitionEffect('opacity', v); }
    static move(edge: any) { return new TransitionEffect('move', edge); }
    static asymmetric(appear: TransitionEffect, disappear: TransitionEffect) { return new TransitionEffect('asymmetric', { appear, disappear }); }
    combine(e: TransitionEffect): TransitionEffect {
      let last: TransitionEffect = this;
      while (last.next) last = last.next;
      last.next = e;
      return this;
    }
    animation(params: any): TransitionEffect { this.params = params; return this; }
  }
  const T: any = TransitionEffect;
  T.IDENTITY = new TransitionEffect('identity');
  T.OPACITY = new TransitionEffect('opacity', 0);
  T.SLIDE = TransitionEffect.asymmetric(TransitionEffect.move('START'), TransitionEffect.move('END'));
  T.SLIDE_SWITCH = TransitionEffect.asymmetric(TransitionEffect.move('END'), TransitionEffect.move('START'));
  g.TransitionEffect = TransitionEffect;
  if (!g.TransitionEdge || typeof g.TransitionEdge.TOP !== 'number') g.TransitionEdge = { TOP: 'TOP', BOTTOM: 'BOTTOM', START: 'START', END: 'END' };

  /** The attribute values an effect puts a node in (for `appear`: where it comes from; else where it goes). */
  const effectState = (effect: any, appear: boolean, out: Record<string, any> = {}, ctx: { params?: any } = {}): Record<string, any> => {
    for (let e = effect; e; e = e.next) {
      if (e.params && !ctx.params) ctx.params = e.params;
      switch (e.kind) {
        case 'opacity': out.opacity = Number(e.value); break;
        case 'translate': out.translate = { x: e.value?.x ?? 0, y: e.value?.y ?? 0, z: e.value?.z ?? 0 }; break;
        case 'scale': out.scale = { x: e.value?.x ?? 1, y: e.value?.y ?? 1, z: e.value?.z ?? 1, centerX: e.value?.centerX ?? '50%', centerY: e.value?.centerY ?? '50%' }; break;
        case 'rotate': out.rotate = { x: e.value?.x ?? 0, y: e.value?.y ?? 0, z: e.value?.z ?? 1, angle: e.value?.angle ?? 0 }; break;
        case 'move': {
          const env = rt.call('env');
          const edge = String(e.value ?? 'START').toUpperCase();
          const t = edge === 'TOP' ? { x: 0, y: -env.height } : edge === 'BOTTOM' ? { x: 0, y: env.height }
            : edge === 'END' ? { x: env.width, y: 0 } : { x: -env.width, y: 0 };
          out.translate = { ...t, z: 0 };
          break;
        }
        case 'asymmetric': effectState(appear ? e.value?.appear : e.value?.disappear, appear, out, ctx); break;
        default: break;
      }
    }
    return out;
  };
  /** API 9 `.transition({type: TransitionType.Insert | Delete | All, opacity, translate, scale, rotate})`. */
  const legacyState = (o: any, appear: boolean): Record<string, any> | undefined => {
    const type = String(o.type ?? 'All');
    if ((appear && (type === 'Delete' || type === '2')) || (!appear && (type === 'Insert' || type === '1'))) return undefined;
    const out: Record<string, any> = {};
    if (o.opacity !== undefined) out.opacity = Number(o.opacity);
    if (o.translate) out.translate = { x: o.translate.x ?? 0, y: o.translate.y ?? 0, z: o.translate.z ?? 0 };
    if (o.scale) out.scale = { x: o.scale.x ?? 1, y: o.scale.y ?? 1, z: o.scale.z ?? 1 };
    if (o.rotate) out.rotate = { x: o.rotate.x ?? 0, y: o.rotate.y ?? 0, z: o.rotate.z ?? 1, angle: o.rotate.angle ?? 0 };
    return out;
  };
  /** Starts the tracks that bring `n` in (appear) or take it out; false when nothing animates. */
  const transition = (n: any, appear: boolean, onEnd?: () => void): boolean => {
    const spec = n.attrs.transition?.[0];
    if (!spec || typeof spec !== 'object') return false;
    const ctx: { params?: any } = {};
    const state = spec instanceof TransitionEffect ? effectState(spec, appear, {}, ctx) : legacyState(spec, appear);
    if (!state || !Object.keys(state).length) return false;
    const params = ctx.params ?? n.attrs.transition?.[1]?.animation;
    const grp = params ? rt.newAnimation(rt.animParams(params)) : rt.animationContext()?.group;
    if (!grp || grp.params.duration <= 0) return false;
    for (const [name, value] of Object.entries(state)) {
      const own = n.attrs[name] ?? rt.identityArgs(name);
      if (!own) continue;
      if (appear) rt.addTrack(n, name, [value], own, grp);
      else rt.addTrack(n, name, own, [value], grp);
    }
    if (onEnd) {
      const prev = grp.hooks.onEnd;
      grp.hooks.onEnd = (cancelled: boolean) => { prev?.(cancelled); onEnd(); };
    }
    return true;
  };

  /** The first built-in nodes of a removed or inserted group (what the transition attributes are on). */
  const topNodes = (n: any, out: any[] = []): any[] => {
    if (!n.virtual) { out.push(n); return out; }
    for (const k of n._kids) topNodes(k, out);
    return out;
  };
  rt.topNodes = topNodes;

  /** Nodes built during an update after the page's first frame (core.ts collects them): their enter transitions. */
  rt.enterNewNodes = () => {
    const created = rt.newNodes;
    if (!created.length) return;
    rt.newNodes = [];
    for (const n of created) {
      if (n.attrs.transition) transition(n, true);
      if (n.attrs.geometryTransition) geometryEnter(n);
    }
  };

  /**
   * Removed groups (If branches, ForEach items): those whose top nodes have a transition stay as ghosts of the
   * container they left until their exit animation ends; the rest are returned to be disposed now.
   */
  rt.exitNodes = (removed: any[]): any[] => {
    const now: any[] = [];
    for (const grp of removed) {
      if (grp.exiting) { now.push(grp); continue; }
      const owner = grp._owner;
      const tops = topNodes(grp);
      for (const t of tops) if (t.attrs.geometryTransition) geometryLeave(t);
      if (!owner || !rt.pageReady || !tops.some((t) => t.attrs.transition)) { now.push(grp); continue; }
      let pending = 0;
      const done = () => {
        if (--pending > 0) return;
        owner._ghosts = (owner._ghosts ?? []).filter((x: any) => x !== grp);
        owner.invalidate();
        rt.disposeNodes([grp]);
      };
      for (const t of tops) { t.exiting = true; if (transition(t, false, done)) pending++; }
      if (!pending) { now.push(grp); continue; }
      grp.exiting = true;
      (owner._ghosts ??= []).push(grp);
      owner.invalidate();
    }
    return now;
  };

  // ---- page transitions (router) ----
  /**
   * A router navigation animates two pages: the one that comes (push: the new page; back: the page shown again) with
   * its PageTransitionEnter, the one that goes with its PageTransitionExit — the first of its pageTransition()'s
   * effects whose RouteType (None, Push, Pop) matches the navigation. A page without a matching effect takes the
   * system's default transition (the new page slides in from the end while the old one moves a third of the way
   * out, on a spring; back plays it reversed). An effect with duration 0 disables it, as on the platform. Effect values
   * are where an entering page starts and where a leaving page ends: slide (SlideEffect; it wins over translate),
   * translate, scale, opacity; none at all is slide(SlideEffect.Right), the documented default. onEnter / onExit get
   * (RouteType, progress) on every frame the screen draws and progress 1 at the end.
   */
  const routeMatches = (type: any, route: 'push' | 'pop'): boolean => {
    const t = String(type ?? 'None');
    if (t === 'Push' || t === '1') return route === 'push';
    if (t === 'Pop' || t === '2') return route === 'pop';
    return true;
  };
  /** The page's first PageTransitionEnter/Exit for the route: its options and attributes, or undefined. */
  const pageEffectOf = (page: any, kind: string, route: 'push' | 'pop'): { opts: any; attrs: Record<string, any[]> } | undefined => {
    const view = page?.view;
    if (!view || typeof view.pageTransition !== 'function') return undefined;
    const scratch = new rt.UINode(rt.newId(), 'PageTransitionScratch', [], true);
    const prev = rt.stack; rt.stack = [scratch];
    const found: any[] = [];
    const collect = (n: any) => { if (n.type === kind) found.push(n); for (const k of n._kids) collect(k); };
    try { rt.untracked(() => view.pageTransition()); collect(scratch); } finally { rt.stack = prev; }
    const hit = found.find((n) => routeMatches((n.args[0] ?? {}).type, route));
    const out = hit ? { opts: hit.args[0] ?? {}, attrs: { ...hit.attrs } } : undefined;
    rt.disposeNodes([scratch]);
    return out;
  };
  /** A length of a page transition in vp: numbers, 'N%' of `size`, 'Nvp' / 'Npx' / 'N'. */
  const lengthIn = (v: any, size: number): number => {
    if (typeof v === 'number' && Number.isFinite(v)) return v;
    const m = /^\s*(-?\d*\.?\d+)\s*(%|vp|px|fp|lpx)?\s*$/.exec(String(v ?? ''));
    if (!m) return 0;
    return m[2] === '%' ? (Number(m[1]) / 100) * size : Number(m[1]);
  };
  const SLIDE_EDGES: Record<string, string> = { 0: 'Left', 1: 'Right', 2: 'Top', 3: 'Bottom', 5: 'START', 6: 'END' };
  /** The attribute values a custom page effect starts an entering page at (ends a leaving one at). */
  const customPageState = (attrs: Record<string, any[]>): Record<string, any> => {
    const env = rt.call('env');
    const state: Record<string, any> = {};
    const tr = attrs.translate?.[0];
    if (tr && typeof tr === 'object') state.translate = { x: lengthIn(tr.x, env.width), y: lengthIn(tr.y, env.height), z: lengthIn(tr.z, 0) };
    const slide = attrs.slide?.[0];
    const anySet = slide !== undefined || state.translate || attrs.scale || attrs.opacity;
    if (slide !== undefined || !anySet) {
      const raw = slide === undefined ? 'Right' : String(slide);
      const edge = SLIDE_EDGES[raw] ?? raw;
      state.translate = {
        x: edge === 'Left' || edge === 'START' ? -env.width : edge === 'Right' || edge === 'END' ? env.width : 0,
        y: edge === 'Top' ? -env.height : edge === 'Bottom' ? env.height : 0, z: 0,
      };
    }
    const sc = attrs.scale?.[0];
    if (sc && typeof sc === 'object') state.scale = { x: sc.x ?? 1, y: sc.y ?? 1, z: sc.z ?? 1 };
    if (attrs.opacity) state.opacity = Number(attrs.opacity[0]);
    return state;
  };
  /** The system's default slide (push; `back` plays it reversed): the parameters and each page's off-screen state. */
  rt.defaultSlide = (role: 'enter' | 'exit', route: 'push' | 'pop', width: number): Record<string, any> => {
    const x = role === 'enter' ? (route === 'push' ? width : -width / 3) : route === 'push' ? -width / 3 : width;
    return { translate: { x, y: 0, z: 0 } };
  };
  rt.defaultSlideParams = () => rt.animParams({ curve: rt.curves.interpolatingSpring(0, 1, 342, 37), duration: 350 });
  /** The running page transitions' groups (a new navigation finishes them first). */
  const pageGroups = new Set<any>();
  rt.finishPageTransitions = () => { for (const grp of Array.from(pageGroups)) rt.finishAnimation(grp); };
  /**
   * Animates the tops of `nodes` from (enter) or to (exit) `state`; returns the group, or undefined when nothing
   * animates (duration 0, or values that cannot be interpolated).
   */
  rt.animateNodesState = (tops: any[], state: Record<string, any>, enter: boolean, params: any, onEnd?: (cancelled: boolean) => void, onFrame?: (p: number) => void): any => {
    if (params.duration <= 0 || !Object.keys(state).length) return undefined;
    const grp = rt.newAnimation(params, { onEnd, onFrame });
    for (const n of tops) {
      for (const [name, value] of Object.entries(state)) {
        const own = n.attrs[name] ?? rt.identityArgs(name);
        if (enter) rt.addTrack(n, name, [value], own, grp); else rt.addTrack(n, name, own, [value], grp);
      }
    }
    if (!grp.tracks.size && !onFrame) { grp.hooks = {}; rt.finishAnimation(grp); return undefined; }
    return grp;
  };
  /**
   * Plays the transition of a router navigation. `exitDone` runs when the leaving page's exit ends (at once when it
   * does not animate); while it runs, the leaving page's nodes are `exiting` (drawn, not hit by input).
   */
  rt.pageTransition = (route: 'push' | 'pop', enter: any, exit: any, exitDone: () => void): void => {
    const env = rt.call('env');
    const routeType = g.RouteType?.[route === 'push' ? 'Push' : 'Pop'] ?? (route === 'push' ? 1 : 2);
    const play = (page: any, role: 'enter' | 'exit', done?: () => void) => {
      const tops = topNodes(page.root);
      const effect = pageEffectOf(page, role === 'enter' ? 'PageTransitionEnter' : 'PageTransitionExit', route);
      let state: Record<string, any>, params: any, cb: any;
      if (effect) {
        state = customPageState(effect.attrs);
        params = rt.animParams({ duration: effect.opts.duration ?? 1000, curve: effect.opts.curve ?? 'linear', delay: effect.opts.delay });
        cb = effect.attrs[role === 'enter' ? 'onEnter' : 'onExit']?.[0];
      } else {
        state = rt.defaultSlide(role, route, env.width);
        params = rt.defaultSlideParams();
      }
      const onFrame = typeof cb === 'function' ? (p: number) => rt.untracked(() => cb(routeType, p)) : undefined;
      if (role === 'exit') for (const t of tops) t.exiting = true;
      const grp = rt.animateNodesState(tops, state, role === 'enter', params, () => {
        pageGroups.delete(grp);
        if (onFrame) onFrame(1);
        if (role === 'exit') for (const t of tops) delete t.exiting;
        done?.();
      }, onFrame);
      if (grp) pageGroups.add(grp);
      else {
        if (role === 'exit') for (const t of tops) delete t.exiting;
        done?.();
      }
    };
    if (enter) play(enter, 'enter');
    if (exit) play(exit, 'exit', exitDone); else exitDone();
  };

  // geometryTransition(id): a node that leaves and one that comes with the same id in one animation — the new one
  // moves from where the old one was.
  const leaving = new Map<string, any>();
  const geometryLeave = (n: any) => {
    const id = n.attrs.geometryTransition?.[0];
    if (typeof id === 'string' && id && n.layout) leaving.set(id, { ...n.layout });
  };
  const geometryEnter = (n: any) => {
    const id = n.attrs.geometryTransition?.[0];
    const from = typeof id === 'string' ? leaving.get(id) : undefined;
    const grp = rt.animationContext()?.group;
    if (!from || !grp) return;
    leaving.delete(id);
    // Its own box is known after the next layout: the first sample then sets the start offset.
    n.__geometryFrom = { box: from, group: grp };
    rt.geometryPending.add(n);
  };
  rt.geometryPending = new Set<any>();
  const sample = rt.sampleAnimations;
  rt.sampleAnimations = () => {
    for (const n of Array.from(rt.geometryPending) as any[]) {
      if (!n.layout) continue;
      rt.geometryPending.delete(n);
      const { box, group } = n.__geometryFrom;
      n.__geometryFrom = undefined;
      if (group.done) continue;
      rt.addTrack(n, 'translate', [{ x: box.x - n.layout.x, y: box.y - n.layout.y, z: 0 }], n.attrs.translate ?? rt.identityArgs('translate'), group);
    }
    sample();
  };
}
