/**
 * `@ohos.app.ability.abilityDelegatorRegistry` (also `abilityDelegatorRegistry` of @kit.AbilityKit / @kit.TestKit)
 * inside the app realm, and how a test run starts: the test bundle's entry registers its List.test suite function
 * and the project's TestRunner (`__hmosTestRegister`); the host then calls `rt.hmosTestStart(config)`, which runs the
 * project's runner (onPrepare, onRun) when there is one — it usually starts an ability whose page calls
 * Hypium.hypiumTest — or else calls Hypium.hypiumTest itself, as DevEco's generated runner does.
 *
 * The delegator: getAppContext, startAbility (by ability name, within the app), getCurrentTopAbility,
 * getAbilityState, add/remove/waitAbilityMonitor (onAbilityCreate, onWindowStageCreate, onAbilityForeground,
 * onAbilityBackground, onWindowStageDestroy, onAbilityDestroy), doAbilityForeground/Background, print(Sync),
 * finishTest, and executeShellCommand for the commands tests use (`aa start`, `aa force-stop`, `uinput -T`;
 * others answer exit code 0 with nothing printed). Evaluated from source in the realm (see framework/core.ts).
 */
export function installDelegator(g: any): void {
  const rt = g.__rt;
  const call = rt.call;
  const AbilityLifecycleState = { UNINITIALIZED: 0, CREATE: 1, FOREGROUND: 2, BACKGROUND: 3, DESTROY: 4 };
  const bizError = (code: number, message: string) => Object.assign(new Error(message), { code });
  const withCallback = (p: Promise<any>, cb: any) => {
    if (typeof cb === 'function') p.then((v) => cb(undefined, v), (e) => cb(e, undefined));
    return p;
  };

  let entry: { suites?: Function; runner?: any } = {};
  g.__hmosTestRegister = (reg: any) => { entry = reg ?? {}; };

  // ---- ability monitors: every ability start and stop goes through rt.startAbility / rt.stopAbility (app.ts) ----
  const monitors: any[] = [];
  const waiters: { monitor: any; resolve: (a: any) => void }[] = [];
  const states = new WeakMap<object, number>();
  const matches = (m: any, ability: any) => m && (m.abilityName === ability?.__hmosName || m.abilityName === `${ability?.context?.abilityInfo?.bundleName}.${ability?.__hmosName}`)
    && (!m.moduleName || m.moduleName === ability?.context?.abilityInfo?.moduleName);
  const notify = (ability: any, hook: string) => {
    for (const m of monitors.slice()) if (matches(m, ability) && typeof m[hook] === 'function') { try { m[hook](ability); } catch (e) { call('log', { level: 'E', tag: 'AbilityDelegator', message: `${hook} monitor threw: ${String((e as any)?.message ?? e)}` }); } }
    if (hook === 'onAbilityCreate' || hook === 'onAbilityForeground') {
      for (const w of waiters.splice(0)) { if (matches(w.monitor, ability)) w.resolve(ability); else waiters.push(w); }
    }
  };
  const baseStart = rt.startAbility;
  rt.startAbility = (name: string | undefined, want: any) => {
    const abilityName = name ?? Object.keys(rt.module?.abilities ?? {})[0];
    baseStart(abilityName, want);
    const ability = rt.ability;
    if (!ability) return;
    ability.__hmosName = abilityName;
    states.set(ability, AbilityLifecycleState.FOREGROUND);
    notify(ability, 'onAbilityCreate');
    notify(ability, 'onWindowStageCreate');
    notify(ability, 'onAbilityForeground');
  };
  const baseStop = rt.stopAbility;
  rt.stopAbility = () => {
    const ability = rt.ability;
    baseStop();
    if (ability) {
      states.set(ability, AbilityLifecycleState.DESTROY);
      notify(ability, 'onAbilityBackground');
      notify(ability, 'onWindowStageDestroy');
      notify(ability, 'onAbilityDestroy');
    }
  };
  /** Starts an ability of this app by name (as `aa start -a`), replacing the one in front. */
  const startByName = (name: string, want: any) => {
    const abilities = rt.module?.abilities ?? {};
    const bundle = rt.testArgs?.bundleName;
    const known = Object.keys(abilities);
    const short = known.includes(name) ? name : known.find((k) => bundle && `${bundle}.${k}` === name) ?? known.find((k) => k.endsWith(`.${name}`) || name.endsWith(`.${k}`));
    if (!short) throw bizError(16000001, `The ability '${name}' does not exist in this app (it has ${known.join(', ') || 'none'})`);
    if (rt.ability) rt.stopAbility();
    rt.startAbility(short, { bundleName: bundle, abilityName: short, ...(want ?? {}) });
  };

  const delegator: any = {
    getAppContext: () => g.__hmosAbilityContext,
    startAbility: (want: any, cb?: any) => withCallback((async () => {
      if (want?.bundleName && rt.testArgs?.bundleName && want.bundleName !== rt.testArgs.bundleName) {
        throw bizError(16000001, `Starting another app (${want.bundleName}) is not supported on an emulated device`);
      }
      startByName(String(want?.abilityName ?? ''), want);
    })(), cb),
    getCurrentTopAbility: (cb?: any) => withCallback(rt.ability ? Promise.resolve(rt.ability) : Promise.reject(bizError(16000100, 'No ability is in front')), cb),
    getAbilityState: (ability: any) => (ability ? states.get(ability) ?? AbilityLifecycleState.UNINITIALIZED : AbilityLifecycleState.UNINITIALIZED),
    addAbilityMonitor: (m: any, cb?: any) => withCallback((async () => { monitors.push(m); })(), cb),
    addAbilityMonitorSync: (m: any) => { monitors.push(m); },
    removeAbilityMonitor: (m: any, cb?: any) => withCallback((async () => { const i = monitors.indexOf(m); if (i >= 0) monitors.splice(i, 1); })(), cb),
    removeAbilityMonitorSync: (m: any) => { const i = monitors.indexOf(m); if (i >= 0) monitors.splice(i, 1); },
    waitAbilityMonitor: (m: any, a?: any, b?: any) => {
      const timeout = typeof a === 'number' ? a : 5000;
      const cb = typeof a === 'function' ? a : b;
      if (!monitors.includes(m)) monitors.push(m);
      return withCallback(new Promise((resolve, reject) => {
        const w = { monitor: m, resolve: (x: any) => { g.clearTimeout(timer); resolve(x); } };
        const timer = g.setTimeout(() => { const i = waiters.indexOf(w); if (i >= 0) waiters.splice(i, 1); reject(bizError(16000100, `waitAbilityMonitor: ${m?.abilityName} did not start within ${timeout} ms`)); }, timeout);
        waiters.push(w);
      }), cb);
    },
    addAbilityStageMonitor: (_m: any, cb?: any) => withCallback(Promise.resolve(), cb),
    waitAbilityStageMonitor: (_m: any, cb?: any) => withCallback(Promise.resolve({}), cb),
    doAbilityForeground: (ability: any, cb?: any) => withCallback((async () => { if (ability && typeof ability.onForeground === 'function') ability.onForeground(); states.set(ability, AbilityLifecycleState.FOREGROUND); notify(ability, 'onAbilityForeground'); })(), cb),
    doAbilityBackground: (ability: any, cb?: any) => withCallback((async () => { if (ability && typeof ability.onBackground === 'function') ability.onBackground(); states.set(ability, AbilityLifecycleState.BACKGROUND); notify(ability, 'onAbilityBackground'); })(), cb),
    print: (msg: string, cb?: any) => withCallback((async () => { call('log', { level: 'I', tag: 'TestRunner', message: String(msg) }); })(), cb),
    printSync: (msg: string) => { call('log', { level: 'I', tag: 'TestRunner', message: String(msg) }); },
    finishTest: (msg: string, code: number, cb?: any) => withCallback((async () => { call('test.event', { type: 'finishTest', message: String(msg ?? ''), code: Number(code) || 0 }); })(), cb),
    setMockList: () => {},
    executeShellCommand: (cmd: string, a?: any, b?: any) => {
      const cb = typeof a === 'function' ? a : b;
      return withCallback(shell(String(cmd ?? '')), cb);
    },
  };

  const shell = async (cmd: string): Promise<{ stdResult: string; exitCode: number }> => {
    const words = cmd.trim().split(/\s+/);
    const opt = (flag: string) => { const i = words.indexOf(flag); return i >= 0 ? words[i + 1] : undefined; };
    if (words[0] === 'aa' && words[1] === 'start') {
      const ability = opt('-a');
      if (!ability) return { stdResult: 'error: -a <ability> is required', exitCode: 1 };
      try { startByName(ability, { parameters: {} }); } catch (e: any) { return { stdResult: `error: ${e.message}`, exitCode: 1 }; }
      return { stdResult: 'start ability successfully.', exitCode: 0 };
    }
    if (words[0] === 'aa' && words[1] === 'force-stop') { if (rt.ability) rt.stopAbility(); return { stdResult: 'force stop process successfully.', exitCode: 0 }; }
    if (words[0] === 'uinput' && words.includes('-T')) {
      // Touch: -d x y (down) [-m x1 y1 x2 y2 (move)] -u x y (up); a down and up at one point is a tap.
      const nums = (from: number, n: number) => words.slice(from + 1, from + 1 + n).map(Number);
      const d = words.indexOf('-d'); const m = words.indexOf('-m'); const u = words.indexOf('-u');
      if (d >= 0) {
        const [x, y] = nums(d, 2);
        if (m >= 0) { const [, , x2, y2] = nums(m, 4); await rt.uiCall('swipe', [x, y, x2, y2]); }
        else if (u >= 0) { const [ux, uy] = nums(u, 2); await rt.uiCall(ux === x && uy === y ? 'click' : 'swipe', ux === x && uy === y ? [x, y] : [x, y, ux, uy]); }
      }
      return { stdResult: '', exitCode: 0 };
    }
    call('log', { level: 'D', tag: 'AbilityDelegator', message: `executeShellCommand: '${cmd}' has no effect on an emulated device` });
    return { stdResult: '', exitCode: 0 };
  };

  const registry = {
    getAbilityDelegator: () => delegator,
    getArguments: () => rt.testArgs ?? { bundleName: '', parameters: {}, testCaseNames: '', testRunnerClassName: '' },
    AbilityLifecycleState,
  };
  for (const spec of ['@ohos.app.ability.abilityDelegatorRegistry', '@ohos.application.abilityDelegatorRegistry']) rt.registerKit(spec, { ...registry, default: registry });
  rt.registerKit('@ohos.application.testRunner', { default: class TestRunner { onPrepare() {} onRun() {} } });
  rt.extendKit('@kit.AbilityKit', { abilityDelegatorRegistry: registry });
  rt.testRegistry = registry;

  /** Called by the host (through the 'ext' entry) once the bundle is loaded. */
  rt.hmosTestStart = (config: any) => {
    rt.testConfig = config.hypium ?? {};
    rt.testArgs = { bundleName: config.bundleName, parameters: config.parameters ?? {}, testCaseNames: '', testRunnerClassName: config.runnerName ?? 'OpenHarmonyTestRunner' };
    if (!g.__hmosAbilityContext) g.__hmosAbilityContext = rt.makeContext(call('env'), config.contextAbility ?? 'TestAbility');
    const Runner = config.useRunner ? entry.runner : undefined;
    if (typeof Runner === 'function') {
      const runner = new Runner();
      if (typeof runner.onPrepare === 'function') runner.onPrepare();
      if (typeof runner.onRun === 'function') {
        const r = runner.onRun();
        if (r && typeof r.then === 'function') r.then(undefined, (e: any) => call('test.event', { type: 'runnerError', error: { name: String(e?.name ?? 'Error'), message: String(e?.message ?? e), stack: String(e?.stack ?? '') } }));
      }
      call('test.event', { type: 'runnerStarted' });
      return;
    }
    rt.hypium.Hypium.hypiumTest(delegator, rt.testArgs, entry.suites);
  };
}
