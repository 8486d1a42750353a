/**
 * Sandbox-side insight-intent execution (evaluated in the app realm from source, see source.ts). The host's agent
 * service asks through two entry requests, handled here before `__hmosEntry` (app.ts) sees them:
 *   {op: 'intent', id, kind, intentName, mode, params, …}  starts the intent; never throws into the host
 *   {op: 'intentResult', id}                              `{code, result}` or `{error}` once settled, else undefined
 * The executors come from the bundle's `__hmosRegisterModule({intentExecutors})`; pages and links need none. An
 * executor that throws (now or in its promise) gives an `{error}` answer: a failing intent must not crash the app.
 */
export function installIntents(g: any): void {
  const rt = g.__rt;
  const settled = new Map<number, any>();
  const bizError = (code: number, message: string) => { const e: any = new Error(message); e.code = code; return e; };
  // Results leave the realm as JSON; what JSON cannot carry (cycles, BigInt) is reported as text.
  const plain = (v: any) => {
    if (v === undefined) return undefined;
    try { return JSON.parse(JSON.stringify(v)); } catch (e) { return String(v); }
  };
  const failure = (e: any) => {
    const obj = e !== null && typeof e === 'object';
    const name = obj && typeof e.name === 'string' ? e.name : 'Error';
    const message = obj && typeof e.message === 'string' ? e.message : String(e);
    return { error: { name, message, ...(obj && typeof e.code === 'number' ? { code: e.code } : {}) } };
  };
  // ExecuteResult / IntentResult are `{code, result}`; a function intent's return value is the result itself.
  const outcome = (r: any, raw: boolean) => (!raw && r !== null && typeof r === 'object' && typeof r.code === 'number'
    ? { code: r.code, result: plain(r.result) }
    : { code: 0, result: plain(r) });
  const finish = (id: number, value: any, raw: boolean) => {
    if (value !== null && typeof value === 'object' && typeof value.then === 'function') {
      value.then((r: any) => settled.set(id, outcome(r, raw)), (e: any) => settled.set(id, failure(e)));
    } else settled.set(id, outcome(value, raw));
  };

  const executorOf = (req: any) => {
    const ex = rt.module?.intentExecutors?.[req.intentName];
    if (!ex) throw bizError(16000001, `the bundle registers no executor for intent '${req.intentName}'; rebuild the app with hmos build`);
    return ex;
  };
  const instantiate = (Cls: any, req: any) => {
    if (typeof Cls !== 'function') throw bizError(16000001, `the executor of intent '${req.intentName}' is not a class`);
    const inst = new Cls();
    inst.context = g.__hmosAbilityContext;
    return inst;
  };
  const call = (inst: any, method: string, req: any, args: any[]) => {
    if (typeof inst[method] !== 'function') throw bizError(16000001, `the executor of intent '${req.intentName}' has no ${method}()`);
    return inst[method](...args);
  };

  const findNavigation = (n: any, id: string | undefined): any => {
    if (n.type === 'Navigation' && n.navStack && (id === undefined || n.attrs?.id?.[0] === id)) return n;
    for (const k of n._kids ?? []) { const f = findNavigation(k, id); if (f) return f; }
    return undefined;
  };
  const norm = (p: string) => String(p ?? '').replace(/^\/+/, '').replace(/\.ets$/, '');
  const openPage = (path: string, params: any) => {
    const p = norm(path);
    const top = rt.router.getState();
    // The page on top is updated with the new parameters; another page is brought up (or pushed) over it.
    const same = top && `${top.path}${top.name}` === p;
    return (same ? rt.router.replaceUrl({ url: p, params }) : rt.router.pushUrl({ url: p, params }, 1)).then(() => ({ code: 0, result: { page: p } }));
  };
  const openDestination = (req: any) => {
    const nav = findNavigation(rt.root, req.navigationId);
    if (!nav) throw bizError(100002, `no Navigation${req.navigationId ? ` with id '${req.navigationId}'` : ''} is on screen to open '${req.navDestinationName}' in`);
    nav.navStack.pushPathByName(req.navDestinationName, req.params);
    return { code: 0, result: { navDestination: req.navDestinationName } };
  };
  /** Link parameters go into the uri's query, want parameters into the Want; the page the uri names opens. */
  const openLink = (req: any) => {
    const query: string[] = []; const wantParams: Record<string, any> = {}; const pageParams: Record<string, any> = {};
    for (const [k, v] of Object.entries(req.params ?? {})) {
      const m = (req.paramMappings ?? []).find((x: any) => x.paramName === k);
      const key = m?.paramMappingName ?? k;
      pageParams[key] = v;
      if (m?.paramCategory === 'want') wantParams[key] = v;
      else query.push(`${encodeURIComponent(key)}=${encodeURIComponent(typeof v === 'string' ? v : JSON.stringify(v))}`);
    }
    const uri = String(req.uri ?? '');
    const full = query.length ? `${uri}${uri.includes('?') ? '&' : '?'}${query.join('&')}` : uri;
    const path = norm(uri.replace(/^[a-z][a-z0-9+.-]*:\/\/[^/]*/i, '').replace(/[?#].*$/, ''));
    const pages: string[] = rt.module?.pages ?? [];
    const page = pages.find((p) => p === path || (path && path.endsWith(`/${p}`)));
    const want = { uri: full, parameters: wantParams };
    if (typeof rt.ability?.onNewWant === 'function') rt.ability.onNewWant(want, { launchReason: 1 });
    if (page) return openPage(page, pageParams).then(() => ({ code: 0, result: { uri: full, page } }));
    if (typeof rt.ability?.onNewWant !== 'function') throw bizError(100002, `no page of this app matches the link ${uri}`);
    return { code: 0, result: { uri: full } };
  };

  const start = (req: any) => {
    const fg = req.mode === 'foreground';
    switch (req.kind) {
      case 'executor': {
        const inst = instantiate(executorOf(req), req);
        return fg
          ? call(inst, 'onExecuteInUIAbilityForegroundMode', req, [req.intentName, req.params, rt.windowStage])
          : call(inst, 'onExecuteInUIAbilityBackgroundMode', req, [req.intentName, req.params]);
      }
      case 'entry': {
        const inst = instantiate(executorOf(req), req);
        // The parameters arrive as fields of the instance, as with @InsightIntentEntry on a device.
        for (const [k, v] of Object.entries(req.params ?? {})) inst[k] = v;
        inst.executeMode = fg ? 0 : 1;
        if (fg) inst.windowStage = rt.windowStage;
        return call(inst, 'onExecute', req, []);
      }
      case 'function': {
        const ex = executorOf(req);
        const fn = ex?.cls?.[ex.method];
        if (typeof fn !== 'function') throw bizError(16000001, `intent '${req.intentName}': ${ex?.method || '(no method)'} is not a static method of its class`);
        return fn.apply(ex.cls, (req.paramNames ?? []).map((n: string) => req.params?.[n]));
      }
      case 'page':
        return req.navDestinationName ? openDestination(req) : openPage(req.pagePath, req.params);
      case 'link':
        return openLink(req);
      default:
        throw bizError(16000001, `unknown intent kind '${req.kind}'`);
    }
  };

  const base = g.__hmosEntry;
  const answer = (value: any) => { const out = JSON.parse(base('{"op":"flush"}')); out.value = value; return JSON.stringify(out); };
  g.__hmosEntry = (json: string) => {
    const req = JSON.parse(json);
    if (req.op === 'intent') {
      try { finish(req.id, rt.untracked(() => start(req)), req.kind === 'function'); } catch (e) { settled.set(req.id, failure(e)); }
      return answer(undefined);
    }
    if (req.op === 'intentResult') {
      const r = settled.get(req.id);
      if (r || req.forget) settled.delete(req.id);
      return answer(r);
    }
    return base(json);
  };
}
