/**
 * Sandbox-side @Monitor, @SyncMonitor and UIUtils.addMonitor / clearMonitor (evaluated in the app realm from
 * source, see core.ts), with the reference framework's semantics (state_mgmt v2_monitor.ts):
 *  - a monitor re-reads its paths when something they read changed; a path is dirty when its value is not `===` the
 *    value at the previous call; the function gets an IMonitor (`dirty`, `value(path?)` with `before`/`now`);
 *  - @Monitor and addMonitor run once per turn (changes of one turn merged), @SyncMonitor and
 *    addMonitor(…, {isSynchronous: true}) at once, per change;
 *  - paths are dot-separated (`a.b.0.c`); only @SyncMonitor takes a trailing wildcard (`list.*`: any property or
 *    element of `list` changed); a path with '*' elsewhere is an error the platform logs and ignores;
 *  - a path that does not exist when the monitor starts is logged once ("initialize not found, make sure it exists!").
 */
export function installMonitorV2(g: any): void {
  const rt = g.__rt;
  const v2 = rt.v2;
  const log = (level: string, message: string) => rt.call('log', { level, tag: 'StateMgmt', message });

  interface PathValue { path: string; props: string[]; before: any; now: any; dirty: boolean; found: boolean; wildcard: boolean }

  class MonitorRun {
    values = new Map<string, PathValue>();
    queued = false;
    disposed = false;
    constructor(readonly target: any, paths: string[], readonly fn: (m: any) => void, readonly kind: '@Monitor' | '@SyncMonitor' | 'AddMonitor',
      readonly sync: boolean, readonly name: string) {
      for (const path of paths) this.addPath(path);
    }
    private error(path: string, what: string): string {
      return `${this.kind} '${this.name}' owned by '${this.target?.constructor?.name ?? 'Object'}' path: '${path}' - ${what}`;
    }
    addPath(path: string): void {
      const valid = this.kind === '@SyncMonitor' || (this.kind === 'AddMonitor' && this.sync)
        ? !path.includes('*') || (path.split('*').length === 2 && path.endsWith('.*'))
        : !path.includes('*');
      if (typeof path !== 'string' || !path || !valid) { log('E', this.error(String(path), 'not a valid path string')); return; }
      if (this.values.has(path)) { log('E', this.error(path, 'failed when adding duplicate path')); return; }
      const wildcard = path.endsWith('.*');
      const props = (wildcard ? path.slice(0, -2) : path).split('.');
      this.values.set(path, { path, props, before: undefined, now: undefined, dirty: false, found: false, wildcard });
    }
    removePath(path: string): boolean { return this.values.delete(path); }
    /** Reads every path (recording what it reads); true when a path's value changed since the last call. */
    bind(init: boolean): boolean {
      let any = false;
      rt.tracked(this, () => {
        for (const pv of this.values.values()) {
          let obj: any = this.target;
          let found = true;
          for (const prop of pv.props) {
            if (obj !== null && (typeof obj === 'object' || typeof obj === 'function') && Reflect.has(obj, prop)) obj = obj[prop];
            else { found = false; break; }
          }
          if (!found) {
            if (init) log('W', this.error(pv.path, 'initialize not found, make sure it exists!'));
            if (!init && pv.found) { pv.dirty = true; any = true; }
            pv.found = false; pv.now = undefined;
            continue;
          }
          // `a.*`: any property of the object `a` names (an @ObservedV2 object's traced fields, a collection's items).
          if (pv.wildcard && obj !== null && typeof obj === 'object') v2.track(v2.targetOf(obj) ?? obj, v2.ANY);
          pv.found = true;
          pv.now = obj;
          if (init) { pv.before = obj; continue; }
          pv.dirty = pv.wildcard || pv.before !== pv.now;
          if (pv.dirty) any = true;
        }
      });
      return any;
    }
    start(): this { this.bind(true); return this; }
    /** A value one of the paths read changed. */
    notify(): void {
      if (this.disposed) return;
      if (this.sync) { this.run(); return; }
      if (!this.queued) { this.queued = true; rt.pendingMonitors.add(this); rt.schedule(); }
    }
    run(): void {
      this.queued = false;
      if (this.disposed || !this.bind(false)) return;
      try { rt.untracked(() => this.fn.call(this.target, this)); } finally {
        for (const pv of this.values.values()) { pv.before = pv.now; pv.dirty = false; }
      }
    }
    // ---- IMonitor ----
    get dirty(): string[] { return [...this.values.values()].filter((v) => v.dirty).map((v) => v.path); }
    value(path?: string): any {
      if (path !== undefined) {
        const pv = this.values.get(String(path));
        return pv && !pv.wildcard ? { path: pv.path, before: pv.before, now: pv.now } : undefined;
      }
      for (const pv of this.values.values()) if (pv.dirty && !pv.wildcard) return { path: pv.path, before: pv.before, now: pv.now };
      return undefined;
    }
  }

  /** @Monitor / @SyncMonitor of a component or an @ObservedV2 object: started once it is constructed. */
  const runsOf = new WeakMap<object, MonitorRun[]>();
  rt.startMonitors = (self: any) => {
    const runs: MonitorRun[] = [];
    for (const m of v2.metaOf(self, 'monitor')) {
      if (typeof self[m.key] !== 'function') continue;
      runs.push(new MonitorRun(self, m.paths, self[m.key], m.sync ? '@SyncMonitor' : '@Monitor', !!m.sync, m.key).start());
    }
    if (runs.length) runsOf.set(self, runs);
  };
  /** A component removed for good: its monitors stop. */
  rt.stopMonitors = (self: any) => {
    for (const r of runsOf.get(self) ?? []) r.disposed = true;
    runsOf.delete(self);
  };
  /** @ReusableV2 reuse: monitors read their paths afresh (no call for the reset). */
  rt.restartMonitors = (self: any) => { for (const r of runsOf.get(self) ?? []) r.bind(true); };

  /** Space-separated paths are several paths, as the platform splits them. */
  const splitPaths = (paths: string[]) => paths.flatMap((p) => (typeof p === 'string' ? p.split(/\s+/g).filter(Boolean) : [p]));
  g.Monitor = (...paths: string[]) => (proto: any, key: string) => v2.addMeta(proto, 'monitor', { paths: splitPaths(paths), key });
  g.SyncMonitor = (...paths: string[]) => (proto: any, key: string) => v2.addMeta(proto, 'monitor', { paths: splitPaths(paths), key, sync: true });

  // UIUtils.addMonitor(target, path | paths, callback, {isSynchronous}) / clearMonitor(target, path | paths, callback?)
  const apiRuns = new WeakMap<object, MonitorRun[]>();
  rt.addMonitor = (target: any, path: string | string[], callback: any, options?: any) => {
    if (target === null || typeof target !== 'object' || typeof callback !== 'function') {
      log('E', 'AddMonitor: the target must be an observed object and the callback a function; nothing is monitored');
      return;
    }
    const paths = Array.isArray(path) ? path : [path];
    const sync = options?.isSynchronous === true;
    const list = apiRuns.get(target) ?? [];
    let run = list.find((r) => r.fn === callback && r.sync === sync);
    if (run) { for (const p of paths) run.addPath(p); run.bind(true); } else {
      run = new MonitorRun(target, paths, callback, 'AddMonitor', sync, callback.name || 'anonymous').start();
      list.push(run); apiRuns.set(target, list);
    }
  };
  rt.clearMonitor = (target: any, path: string | string[], callback?: any) => {
    const paths = Array.isArray(path) ? path : [path];
    for (const run of apiRuns.get(target) ?? []) {
      if (callback !== undefined && run.fn !== callback) continue;
      for (const p of paths) run.removePath(p);
      if (run.values.size === 0) run.disposed = true;
    }
  };
}
