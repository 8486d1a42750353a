/**
 * Sandbox-side cross-device continuation (handoff), evaluated in the app realm from source like the other install
 * functions (it references only its parameter). Installed after installApp/installKits, it wraps what they built:
 *  - the ability context gains `restoreWindowStage(storage)` and `setMissionContinueState(state[, cb])`;
 *  - `__hmosEntry` gains the op `continue` (source: run onContinue, answer through the `continue.done` host op, sync
 *    or async) and the continuation forms of `launch` / `newWant` (launchReason CONTINUATION, the source's page stack);
 *  - `rt.loadPage` restores the source's page stack instead of the first page when a continuation is pending.
 */
export function installContinuation(g: any): void {
  const rt = g.__rt;
  const CONTINUATION = 3;
  const ContinueState = { ACTIVE: 0, INACTIVE: 1 };
  rt.continueState = ContinueState.ACTIVE;
  rt.launchReason = 1;
  /** {pageStack: [{path, params}], storage?} while a continued launch waits for its window stage. */
  let pending: any = null;

  const makeContext = rt.makeContext;
  rt.makeContext = (e: any, abilityName: string) => {
    const ctx = makeContext(e, abilityName);
    ctx.restoreWindowStage = (storage?: any) => {
      if (pending) pending.storage = storage;
    };
    ctx.setMissionContinueState = (state: number, cb?: any) => {
      if (state !== ContinueState.ACTIVE && state !== ContinueState.INACTIVE) {
        const err: any = new Error('Parameter error. state must be ContinueState.ACTIVE or INACTIVE'); err.code = 401;
        if (typeof cb === 'function') { cb(err); return undefined; }
        return Promise.reject(err);
      }
      rt.continueState = state;
      if (typeof cb === 'function') { cb(undefined); return undefined; }
      return Promise.resolve();
    };
    return ctx;
  };

  /** Rebuilds the source's router stack: the first page replaces whatever the app loads, the rest are pushed. */
  const restoreStack = (fallback: string, storage: any) => {
    const stack: any[] = pending.pageStack;
    pending = null;
    loadPage(stack[0]?.path ?? fallback, storage);
    if (rt.pages[0] && stack[0]) rt.pages[0].params = stack[0].params;
    for (const p of stack.slice(1)) rt.router.pushUrl({ url: p.path, params: p.params });
  };
  const loadPage = rt.loadPage;
  rt.loadPage = (path: string, storage?: any) => {
    if (pending && Array.isArray(pending.pageStack) && pending.pageStack.length) restoreStack(path, pending.storage ?? storage);
    else loadPage(path, storage);
  };

  const snapshot = () => rt.pages.map((p: any) => ({ path: p.path, params: p.params }));
  const plain = (v: any) => { try { return JSON.parse(JSON.stringify(v ?? {})); } catch { return null; } };
  const message = (e: any) => String(e && typeof e === 'object' && 'message' in e ? e.message : e);

  const inner = g.__hmosEntry;
  g.__hmosEntry = (json: string) => {
    const req = JSON.parse(json);
    let value: any;
    switch (req.op) {
      case 'launch':
      case 'newWant':
        rt.launchReason = req.launchReason ?? 1;
        pending = req.launchReason === CONTINUATION && req.continuation ? { pageStack: req.continuation.pageStack ?? [] } : null;
        if (req.op === 'launch' || !pending) return inner(json);
        // Already running: onNewWant with the continuation; restoreWindowStage there rebuilds the stack at once.
        if (rt.ability && typeof rt.ability.onNewWant === 'function') rt.ability.onNewWant(req.want ?? {}, { launchReason: CONTINUATION });
        if (pending && 'storage' in pending) restoreStack(rt.pages[0]?.path ?? '', pending.storage);
        pending = null;
        break;
      case 'continue': {
        const id = req.id;
        // The reference hands the target's network id over, e.g. for distributedDataObject.save(targetDevice).
        const wantParam: any = req.targetDevice ? { targetDevice: req.targetDevice } : {};
        const done = (result: any, error?: string) => rt.call('continue.done', { id, result: result ?? null, error: error ?? null, wantParam: plain(wantParam), pageStack: plain(snapshot()) });
        const a = rt.ability;
        if (!a) { done(null, 'the app has no running ability'); break; }
        if (rt.continueState === ContinueState.INACTIVE) { done(null, 'INACTIVE'); break; }
        if (typeof a.onContinue !== 'function') { done(0); break; }
        try {
          const r = a.onContinue(wantParam);
          if (r && typeof r.then === 'function') r.then((v: any) => done(v), (e: any) => done(null, `onContinue rejected: ${message(e)}`));
          else done(r);
        } catch (e) {
          done(null, `onContinue threw: ${message(e)}`);
        }
        break;
      }
      default:
        return inner(json);
    }
    if (rt.needsFlush()) rt.flush();
    return JSON.stringify({ value, page: rt.pages[rt.pages.length - 1]?.path ?? null, updated: rt.updatedCount });
  };
}
