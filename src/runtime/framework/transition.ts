/**
 * Sandbox-side component transitions (evaluated in the app realm from source, see core.ts): `TransitionEffect`
 * (IDENTITY, OPACITY, SLIDE, SLIDE_SWITCH, `translate`, `rotate`, `scale`, `opacity`, `move`, `asymmetric`,
 * `combine`, `animation`), the API 9 `{type, opacity, translate, scale, rotate}` form, `.transition()` on nodes an
 * `if`/ForEach inserts or removes, and `geometryTransition(id)`.
 *
 * A node inserted after the page's first frame with a transition animates from the effect's state to its own; a node
 * removed with one stays on screen (a "ghost" of the container it left, not hit by input) while it animates to the
 * effect's state, and is disposed when that ends. The timing is the effect's own `.animation()` or the enclosing
 * animateTo's; with neither there is no animation, as on the platform.
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

  /**
   * Page transitions: a page whose struct declares pageTransition() enters with its PageTransitionEnter (for the
   * route type: Push when pushed, Pop when shown again by back; None for both) — slide, translate, scale, opacity
   * from their values to the page's own, with its duration, curve and delay. (The system's default page
   * transition and exit transitions are not drawn.)
   */
  rt.pageEnter = (page: any, route: 'push' | 'pop') => {
    const view = page?.view;
    if (!view || typeof view.pageTransition !== 'function') return;
    const scratch = new rt.UINode(rt.newId(), 'PageTransitionScratch', [], true);
    const prev = rt.stack; rt.stack = [scratch];
    try { rt.untracked(() => view.pageTransition()); } finally { rt.stack = prev; }
    const find = (n: any, type: string): any => (n.type === type ? n : n._kids.map((k: any) => find(k, type)).find(Boolean));
    const enter = find(scratch, 'PageTransitionEnter');
    rt.disposeNodes([scratch]);
    if (!enter) return;
    const opts = enter.args[0] ?? {};
    const type = String(opts.type ?? 'None');
    if ((type === 'Push' || type === '1') && route !== 'push') return;
    if ((type === 'Pop' || type === '2') && route !== 'pop') return;
    const env = rt.call('env');
    const state: Record<string, any> = {};
    const slide = enter.attrs.slide?.[0];
    if (slide !== undefined) {
      const edge = String(slide);
      state.translate = { x: edge === 'Left' || edge === '0' ? -env.width : edge === 'Right' || edge === '1' ? env.width : 0,
        y: edge === 'Top' || edge === '2' ? -env.height : edge === 'Bottom' || edge === '3' ? env.height : 0, z: 0 };
    }
    const tr = enter.attrs.translate?.[0];
    if (tr) state.translate = { x: tr.x ?? 0, y: tr.y ?? 0, z: tr.z ?? 0 };
    const sc = enter.attrs.scale?.[0];
    if (sc) state.scale = { x: sc.x ?? 1, y: sc.y ?? 1, z: sc.z ?? 1 };
    if (enter.attrs.opacity) state.opacity = Number(enter.attrs.opacity[0]);
    if (!Object.keys(state).length) state.opacity = 0;
    const grp = rt.newAnimation(rt.animParams({ duration: opts.duration ?? 1000, curve: opts.curve ?? 'linear', delay: opts.delay }));
    for (const n of topNodes(page.root)) {
      for (const [name, value] of Object.entries(state)) rt.addTrack(n, name, [value], n.attrs[name] ?? rt.identityArgs(name), grp);
    }
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
