/**
 * Sandbox-side LazyForEach and Repeat (evaluated in the app realm from source, see core.ts). LazyForEach materialises
 * only the window of items that can be visible (`rt.lazyWindow` items from the node's `lazy.start`, sized from the screen); the data
 * source's DataChangeListener calls re-materialise it. Its node carries `lazy: {total, start, count}` for renderers.
 */
export function installLazy(g: any): void {
  const rt = g.__rt;
  /** Items materialised per LazyForEach: enough 20 vp rows to fill the screen, plus a cache on each side (≥ 40). */
  rt.lazyWindow = 0;
  const windowSize = () => {
    if (!rt.lazyWindow) { const e = rt.call('env'); rt.lazyWindow = Math.max(40, Math.ceil(Math.max(e.width, e.height) / 20) + 10); }
    return rt.lazyWindow;
  };

  /** Keyed rebuild of `node`'s item groups for (item, index) pairs; unchanged keys keep their nodes. */
  const diffGroups = (node: any, items: [any, number][], keyOf: (item: any, i: number) => string, build: (item: any, i: number) => void) => {
    const old: Map<string, any> = node.groups ?? new Map();
    const next = new Map<string, any>();
    const kids: any[] = [];
    for (const [item, i] of items) {
      let key = String(keyOf(item, i));
      if (next.has(key)) key = `${key}__dup${i}`;
      let group = old.get(key);
      if (group) old.delete(key);
      else {
        group = new rt.UINode(rt.newId(), 'Item', [], true);
        group.index = i;
        rt.stack.push(group);
        try { rt.tracked(undefined, () => build(item, i)); } finally { rt.stack.pop(); }
      }
      next.set(key, group); kids.push(group);
    }
    node.groups = next;
    node.setKids(kids);
    rt.disposeNodes(Array.from(old.values()));
  };

  const materialise = (node: any) => {
    const { source, itemGen, keyGen } = node.lazySpec;
    const total = Math.max(0, Number(source.totalCount()) || 0);
    const start = Math.max(0, Math.min(node.lazy.start, Math.max(0, total - 1)));
    const end = Math.min(total, start + windowSize());
    const items: [any, number][] = [];
    for (let i = start; i < end; i++) items.push([source.getData(i), i]);
    node.lazy = { total, start, count: end - start };
    diffGroups(node, items, (item, i) => (keyGen ? keyGen(item, i) : String(i)), (item, i) => itemGen(item, i));
  };
  rt.lazyScroll = (node: any, start: number) => { node.lazy.start = Math.max(0, Math.floor(start)); rt.markDirty(node.elmtId); };

  g.LazyForEach = {
    create(_id: string, view: any, source: any, itemGen: any, keyGen?: any) {
      const node = rt.create('LazyForEach', [], true);
      if (node.lazySpec) { node.lazySpec = { ...node.lazySpec, itemGen, keyGen }; return; }
      node.lazySpec = { source, itemGen, keyGen };
      node.lazy = { total: 0, start: 0, count: 0 };
      const entry = { id: node.elmtId, view, node, fn: () => { rt.stack.push(node); try { materialise(node); } finally { rt.stack.pop(); } } };
      rt.elmts.set(node.elmtId, entry);
      const stale = (i?: number) => {
        if (i !== undefined && node.groups) for (const [k, grp] of node.groups) if (grp.index === i) { node.groups.delete(k); rt.disposeNodes([grp]); }
        rt.markDirty(node.elmtId);
      };
      const listener = {
        onDataReloaded: () => { rt.disposeNodes(Array.from(node.groups?.values() ?? [])); node.groups = new Map(); stale(); },
        onDataAdd: () => stale(), onDataAdded: () => stale(), onDataDelete: () => stale(), onDataDeleted: () => stale(),
        onDataChange: (i: number) => stale(i), onDataChanged: (i: number) => stale(i), onDataMove: () => stale(), onDataMoved: () => stale(),
        onDatasetChange: () => listener.onDataReloaded(),
      };
      if (typeof source.registerDataChangeListener === 'function') source.registerDataChangeListener(listener);
      node.onDispose = () => { if (typeof source.unregisterDataChangeListener === 'function') source.unregisterDataChangeListener(listener); };
      materialise(node);
    },
    pop() { rt.pop(); },
  };

  /** Repeat(arr, owner).each(fn).key(fn).template(type, fn).templateId(fn).virtualScroll().render(isInitialRender) */
  g.Repeat = (arr: any, _owner: any) => {
    const spec: any = { each: null, key: null, templates: new Map(), templateId: null };
    const api: any = {
      each(fn: any) { spec.each = fn; return api; },
      key(fn: any) { spec.key = fn; return api; },
      template(type: string, fn: any) { spec.templates.set(type, fn); return api; },
      templateId(fn: any) { spec.templateId = fn; return api; },
      virtualScroll() { return api; }, onMove() { return api; }, totalCount() { return api; },
      render(_isInitial: boolean) {
        const node = rt.create('Repeat', [], true);
        try {
          const list: any[] = arr == null ? [] : Array.from(arr);
          const keyOf = (item: any, i: number) => {
            if (spec.key) return spec.key(item, i);
            try { return JSON.stringify(item) ?? String(i); } catch { return String(i); }
          };
          diffGroups(node, list.map((x, i) => [x, i]), keyOf, (item, i) => {
            const ri = { item, index: i };
            const t = spec.templateId ? spec.templateId(item, i) : undefined;
            (spec.templates.get(t) ?? spec.each)?.(ri);
          });
        } finally { rt.pop(); }
      },
    };
    return api;
  };
  g.Repeat[rt.componentMarker] = true;
}
