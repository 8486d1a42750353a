/**
 * Sandbox-side Navigation transitions (evaluated in the app realm from source, see core.ts): what plays when a
 * NavPathStack change shows another destination (app.ts calls `rt.navTransition` after it built the new one).
 *
 * In order of precedence, as the platform decides:
 * 1. `Navigation.customNavContentTransition(delegate)`: delegate(from, to, operation) returns a
 *    NavigationAnimatedTransition whose `transition(proxy)` animates the app's own way; the leaving destination stays
 *    until `proxy.finishTransition()` (or `cancelTransition()`), else its `timeout` (1000 ms by default); then
 *    `onTransitionEnd(success)`. Returning undefined falls through.
 * 2. `NavDestination.customTransition(delegate)`: delegate(operation, isEnter) returns NavDestinationTransition[]
 *    (`event`, `duration`, `curve`, `delay`, `onTransitionEnd`), each run as an animateTo; undefined: that side plays
 *    the system's.
 * 3. `NavDestination.systemTransition(NavigationSystemTransitionType)` of the destination that moves (the pushed one,
 *    or the popped one): NONE, FADE, SLIDE_RIGHT, SLIDE_BOTTOM, EXPLODE; DEFAULT / TITLE / CONTENT are
 *    4. the system's default: the new destination slides in from the end while the one it covers (or the navigation
 *    bar's content) moves a third of the way out, on a spring; a pop plays it reversed — the same slide as the
 *    router's (transition.ts).
 * `animated: false` on a NavPathStack call, or `disableAnimation(true)`, plays nothing. While a transition runs the
 * leaving side is `exiting` (drawn, not hit by input); the next change to the same Navigation finishes it first.
 */
export function installNavigationTransition(g: any): void {
  const rt = g.__rt;
  if (!g.NavigationOperation || typeof g.NavigationOperation.PUSH !== 'number') g.NavigationOperation = { PUSH: 1, POP: 2, REPLACE: 3 };
  if (!g.NavigationSystemTransitionType || typeof g.NavigationSystemTransitionType.NONE !== 'number') {
    g.NavigationSystemTransitionType = { DEFAULT: 0, NONE: 1, TITLE: 2, CONTENT: 3, FADE: 4, EXPLODE: 5, SLIDE_RIGHT: 6, SLIDE_BOTTOM: 7 };
  }
  const OPERATIONS: Record<string, number> = { push: 1, pop: 2, replace: 3 };
  const SYSTEM_TYPES = ['DEFAULT', 'NONE', 'TITLE', 'CONTENT', 'FADE', 'EXPLODE', 'SLIDE_RIGHT', 'SLIDE_BOTTOM'];
  /** Running transitions per Navigation node: each entry ends one at once. */
  const running = new Map<any, Set<() => void>>();
  rt.finishNavTransitions = (nav: any) => {
    const set = running.get(nav);
    if (!set) return;
    running.delete(nav);
    for (const end of Array.from(set)) end();
  };

  /** What the navigation bar shows: the Navigation's own content (everything but destinations). */
  const navBarTops = (nav: any): any[] => nav.children.filter((k: any) => k.type !== 'NavDestination');
  /** NavContentInfo of one side: the navigation bar is index -1, name 'navBar'. */
  const contentInfo = (side: any): any => (side.entry
    ? { name: side.entry.name, index: side.index, mode: side.dest?.attrs.mode?.[0] ?? 0, param: side.entry.param,
      navDestinationId: String(side.entry.navDestinationId ?? '') }
    : { name: 'navBar', index: -1 });
  const systemType = (dest: any): string => {
    const v = dest?.attrs.systemTransition?.[0];
    return typeof v === 'number' ? SYSTEM_TYPES[v] ?? 'DEFAULT' : typeof v === 'string' && SYSTEM_TYPES.includes(v) ? v : 'DEFAULT';
  };

  rt.navTransition = (nav: any, info: { operation: string; animated: boolean; from: any; to: any }, leave: () => void): void => {
    const { operation, animated, from, to } = info;
    const op = OPERATIONS[operation] ?? 1;
    const fromTops: any[] = from.group ? rt.topNodes(from.group) : navBarTops(nav);
    const toTops: any[] = to.group ? rt.topNodes(to.group) : navBarTops(nav);
    const groups = new Set<any>();
    let ended = false;
    const set = running.get(nav) ?? new Set<() => void>();
    running.set(nav, set);
    let finisher: () => void;
    const end = () => {
      if (ended) return;
      ended = true;
      set.delete(finisher);
      if (!set.size && running.get(nav) === set) running.delete(nav);
      for (const grp of Array.from(groups)) rt.finishAnimation(grp);
      for (const t of fromTops) delete t.exiting;
      leave();
      nav.invalidate();
      rt.schedule();
    };
    finisher = end;
    if (!animated || (!fromTops.length && !from.group)) { end(); return; }
    set.add(finisher);
    for (const t of fromTops) t.exiting = true;
    nav.invalidate();

    let pending = 0;
    const track = (grp: any) => {
      if (!grp) return;
      pending++;
      groups.add(grp);
      const prev = grp.hooks.onEnd;
      grp.hooks.onEnd = (cancelled: boolean) => { prev?.(cancelled); groups.delete(grp); if (--pending === 0) end(); };
    };

    // 1. the Navigation's custom content transition
    const delegate = nav.attrs.customNavContentTransition?.[0];
    if (typeof delegate === 'function') {
      const custom = rt.untracked(() => delegate(contentInfo(from), contentInfo(to), op));
      if (custom && typeof custom.transition === 'function') {
        let timer: any;
        const finish = (success: boolean) => {
          if (ended) return;
          if (timer !== undefined) g.clearTimeout(timer);
          end();
          if (typeof custom.onTransitionEnd === 'function') rt.untracked(() => custom.onTransitionEnd(success));
        };
        set.delete(finisher);
        finisher = () => finish(true);
        set.add(finisher);
        const proxy = {
          from: contentInfo(from), to: contentInfo(to), isInteractive: Boolean(custom.isInteractive),
          finishTransition: () => finish(true), cancelTransition: () => finish(false), updateTransition: (_progress: number) => undefined,
        };
        const timeout = typeof custom.timeout === 'number' && custom.timeout >= 0 ? custom.timeout : custom.isInteractive ? undefined : 1000;
        if (timeout !== undefined) timer = g.setTimeout(() => finish(true), timeout);
        custom.transition(proxy);
        return;
      }
    }

    // 2. the destinations' own custom transitions; 3./4. the system's
    const route = operation === 'pop' ? 'pop' : 'push';
    const env = rt.call('env');
    const moving = route === 'push' ? to.dest : from.dest;
    const type = systemType(moving);
    const sides: Array<{ dest: any; tops: any[]; enter: boolean }> = [{ dest: from.dest, tops: fromTops, enter: false }, { dest: to.dest, tops: toTops, enter: true }];
    for (const side of sides) {
      const own = side.dest?.attrs.customTransition?.[0];
      const list = typeof own === 'function' ? rt.untracked(() => own(op, side.enter)) : undefined;
      if (Array.isArray(list)) {
        for (const t of list) {
          if (!t || typeof t.event !== 'function') continue;
          track(rt.animateTo({ duration: t.duration ?? 1000, curve: t.curve, delay: t.delay, onFinish: t.onTransitionEnd }, t.event));
        }
        continue;
      }
      if (type === 'NONE') continue;
      const isMoving = side.dest !== undefined && side.dest === moving;
      let state: Record<string, any> | undefined;
      let params = rt.defaultSlideParams();
      if (type === 'FADE') { if (isMoving) { state = { opacity: 0 }; params = rt.animParams({ duration: 250, curve: 'linear' }); } }
      else if (type === 'SLIDE_RIGHT') { if (isMoving) state = { translate: { x: env.width, y: 0, z: 0 } }; }
      else if (type === 'SLIDE_BOTTOM') { if (isMoving) state = { translate: { x: 0, y: env.height, z: 0 } }; }
      else if (type === 'EXPLODE') { if (isMoving) state = { opacity: 0, scale: { x: 0.8, y: 0.8, z: 1 } }; }
      else state = rt.defaultSlide(side.enter ? 'enter' : 'exit', route, env.width);
      if (state) track(rt.animateNodesState(side.tops, state, side.enter, params));
    }
    if (pending === 0) end();
  };
}
