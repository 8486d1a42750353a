/**
 * Sandbox-side @Computed (evaluated in the app realm from source, see core.ts): a getter whose value is cached and
 * recomputed when something it read changes. Readers (elements, monitors, other computeds) are notified only when
 * the recomputed value differs (`!==`), at the start of the next flush, as the reference framework does. A getter
 * that reads itself through other getters (a cycle) is reported once and returns its previous value: no hang.
 */
export function installComputedV2(g: any): void {
  const rt = g.__rt;
  const pending = new Set<any>();
  const reported = new Set<string>();

  const recompute = (c: any) => {
    c.computing = true;
    try { c.value = rt.tracked(c.observer, () => c.getter.call(c.self)); } finally { c.computing = false; c.dirty = false; }
  };
  /** Flush step: recompute what changed; notify readers of the values that really changed. */
  rt.flushSteps.push((): boolean => {
    if (!pending.size) return false;
    const cs = Array.from(pending); pending.clear();
    for (const c of cs) {
      if (c.dirty) recompute(c);
      if (c.value !== c.published) { c.published = c.value; c.dep.trigger(); }
    }
    return true;
  });

  const stateOf = (self: any, key: string, getter: () => any) => {
    const cs = (self.__hmosComputed ??= Object.create(null));
    let c = cs[key];
    if (!c) {
      c = cs[key] = { self, key, getter, dirty: true, computing: false, value: undefined, published: undefined, dep: new rt.Dep() };
      c.observer = { notify: () => { if (!c.dirty) { c.dirty = true; pending.add(c); rt.schedule(); } } };
    }
    return c;
  };

  g.Computed = (_proto: any, key: string, desc: PropertyDescriptor) => {
    const getter = desc.get;
    if (typeof getter !== 'function') return desc;
    return {
      configurable: true, enumerable: false,
      get(this: any) {
        const c = stateOf(this, key, getter);
        if (c.computing) {
          const where = `${this?.constructor?.name ?? 'Object'}.${key}`;
          if (!reported.has(where)) {
            reported.add(where);
            rt.call('log', { level: 'E', tag: 'StateMgmt', message: `@Computed cycle: '${where}' depends on itself through the getters it reads; it keeps its previous value (${String(c.value)})` });
          }
          return c.value;
        }
        if (c.dirty) {
          const first = c.published === undefined && c.value === undefined;
          recompute(c);
          if (first) c.published = c.value;
        }
        c.dep.track();
        return c.value;
      },
    };
  };
  /** @ReusableV2 reuse: computed values are recomputed from the reset state. */
  rt.resetComputed = (self: any) => {
    for (const c of Object.values(self.__hmosComputed ?? {}) as any[]) { c.dirty = true; pending.add(c); }
    if (pending.size) rt.schedule();
  };
}
