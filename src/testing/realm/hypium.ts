/**
 * Hypium (`@ohos/hypium`) and hamock (`@ohos/hamock`) inside the app realm — the public API of the reference test
 * framework, written for hmos from its documentation and observed behaviour:
 *
 *   describe (nested) / xdescribe, it(name, attribute, fn, timeout?, tag?) / xit, beforeAll / beforeEach /
 *   beforeEachIt / afterEach / afterEachIt / afterAll / beforeItSpecified / afterItSpecified, expect(v).assert…,
 *   .not(), .message(), TestType / Size / Level, SkipError, Hypium.hypiumTest / setData / set / get /
 *   registerAssert / unregisterAssert, SysTestKit, MockKit / when / ArgumentMatchers / VerificationMode.
 *
 * Semantics kept from the reference: a suite runs its own cases first, then its child suites; beforeEach/afterEach
 * apply to the suite's own cases, beforeEachIt/afterEachIt also to nested suites (outer first); a case function of
 * no parameter is awaited (promise), of one gets `done`, of two gets `done` and its data-driven parameters; a case
 * times out after its timeout (default 5000 ms, on the device's clock); a failed assertion marks the case failed even
 * when the case catches it; an exception in beforeAll fails every case of its suite.
 *
 * Evaluated from source (`fn.toString()`) like the framework (see src/runtime/framework/core.ts): it references only
 * its parameter and standard JavaScript. The run is driven by the host through `rt.call('test.*')` (see
 * src/testing/test-extension.ts): the plan of cases goes out, the host answers which to run (filters, shards, the
 * cases left after a crash), and each case's start and end go out as events.
 */
export function installHypium(g: any): void {
  const rt = g.__rt;
  const call = rt.call;

  // ---- constants ----
  const TestType = { FUNCTION: 1, PERFORMANCE: 1 << 1, POWER: 1 << 2, RELIABILITY: 1 << 3, SECURITY: 1 << 4, GLOBAL: 1 << 5,
    COMPATIBILITY: 1 << 6, USER: 1 << 7, STANDARD: 1 << 8, SAFETY: 1 << 9, RESILIENCE: 1 << 10 };
  const Size = { SMALLTEST: 1 << 16, MEDIUMTEST: 1 << 17, LARGETEST: 1 << 18 };
  const Level = { LEVEL0: 1 << 24, LEVEL1: 1 << 25, LEVEL2: 1 << 26, LEVEL3: 1 << 27, LEVEL4: 1 << 28 };

  class AssertException extends Error {
    expected: any; actual: any; hasExpected = false;
    constructor(message: string) { super(message); this.name = 'AssertException'; }
  }
  class SkipError extends Error { constructor(message?: string) { super(message ?? ''); this.name = 'SkipError'; } }

  // ---- the suite tree ----
  interface Suite {
    name: string; parent: Suite | null; specs: Spec[]; children: Suite[]; skip: boolean; skipReason: string;
    beforeAll: Function[]; afterAll: Function[]; beforeEach: Function[]; afterEach: Function[];
    beforeEachIt: Function[]; afterEachIt: Function[]; beforeItSpecified: [any, Function][]; afterItSpecified: [any, Function][];
    at: string;
  }
  interface Spec { name: string; attr: number; fn: Function; timeout?: number; tag?: string; suite: Suite; skip: boolean; skipReason: string;
    ordinal: number; at: string; fail?: any; stress: number; params?: any }
  const newSuite = (name: string, parent: Suite | null, at = ''): Suite => ({ name, parent, specs: [], children: [], skip: false, skipReason: '',
    beforeAll: [], afterAll: [], beforeEach: [], afterEach: [], beforeEachIt: [], afterEachIt: [], beforeItSpecified: [], afterItSpecified: [], at });
  let root = newSuite('', null);
  let current = root;
  let currentSpec: Spec | null = null;
  let currentSuite: Suite | null = null;
  let data: any = null;
  let skipping: { reason: string } | null = null;
  const context = new Map<string, any>();
  const customMatchers = new Map<string, Function>();
  const unregistered = new Set<string>();

  /** Where the caller of describe/it is: the second frame outside this file (the host maps it to the .ets line). */
  const callerAt = (): string => {
    const stack = String(new Error().stack ?? '');
    const lines = stack.split('\n').slice(1);
    const own = lines[0] ? /\(?([^()\s]+):\d+:\d+\)?$/.exec(lines[0])?.[1] : undefined;
    for (const l of lines) {
      const m = /\(?([^()\s]+):(\d+):(\d+)\)?$/.exec(l);
      if (m && m[1] !== own) return `${m[1]}:${m[2]}:${m[3]}`;
    }
    return '';
  };
  const suitePath = (s: Suite): string[] => { const out: string[] = []; for (let x: Suite | null = s; x && x.parent; x = x.parent) out.unshift(x.name); return out; };

  const describe = (name: string, fn: Function) => {
    const s = newSuite(String(name), current, callerAt());
    if (skipping) { s.skip = true; s.skipReason = skipping.reason; }
    skipping = null;
    for (let x: Suite | null = current; x; x = x.parent) {
      if (x.name === s.name && x.parent) { call('log', { level: 'E', tag: 'Hypium', message: `Loop nesting occurs: ${name}` }); return; }
    }
    current.children.push(s);
    const prev = current;
    current = s;
    try {
      const r = typeof fn === 'function' ? fn.call(undefined) : undefined;
      if (r && typeof r.then === 'function') call('log', { level: 'W', tag: 'Hypium', message: `describe('${name}') got an async function: its cases are registered only until its first await` });
    } finally { current = prev; }
  };
  const xdescribe = (name: string, fn: Function, reason?: string) => { skipping = { reason: reason ?? '' }; describe(name, fn); };
  const it = (name: string, attr: number, fn: Function, timeout?: number, tag?: string) => {
    const spec: Spec = { name: String(name), attr: Number(attr) || 0, fn, timeout, tag, suite: current, skip: current.skip, skipReason: current.skipReason,
      ordinal: -1, at: callerAt(), stress: 1 };
    if (skipping) { spec.skip = true; spec.skipReason = skipping.reason; skipping = null; }
    current.specs.push(spec);
  };
  const xit = (name: string, attr: number, fn: Function, reason?: string) => { skipping = { reason: reason ?? '' }; it(name, attr, fn); };
  const hook = (key: keyof Suite) => (fn: Function) => { (current[key] as Function[]).push(fn); };
  const specified = (key: 'beforeItSpecified' | 'afterItSpecified') => (names: any, fn: Function) => { current[key].push([names, fn]); };

  // ---- assertions ----
  const str = (v: any): string => {
    if (v === null || v === undefined) return String(v);
    if (typeof v === 'string') return v;
    try { return typeof v === 'object' ? JSON.stringify(v) ?? String(v) : String(v); } catch { return String(v); }
  };
  const typeOf = (v: any) => Object.prototype.toString.call(v);
  const deepEquals = (a: any, b: any, seen: any[] = []): boolean => {
    if (Object.is(a, b) || a === b) return true;
    if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return typeof a === 'number' && typeof b === 'number' && isNaN(a) && isNaN(b);
    if (typeOf(a) !== typeOf(b)) return false;
    if (seen.some(([x, y]) => x === a && y === b)) return true;
    seen = [...seen, [a, b]];
    if (a instanceof Date) return a.getTime() === b.getTime();
    if (a instanceof RegExp) return String(a) === String(b);
    if (a instanceof Map) return a.size === b.size && [...a].every(([k, v]) => b.has(k) && deepEquals(v, b.get(k), seen));
    if (a instanceof Set) return a.size === b.size && [...a].every((v) => b.has(v) || [...b].some((w) => deepEquals(v, w, seen)));
    if (ArrayBuffer.isView(a) || Array.isArray(a)) return (a as any).length === b.length && Array.prototype.every.call(a, (v: any, i: number) => deepEquals(v, b[i], seen));
    if (Object.getPrototypeOf(a) !== Object.getPrototypeOf(b)) return false;
    const ka = Object.keys(a); const kb = Object.keys(b);
    return ka.length === kb.length && ka.every((k) => Object.prototype.hasOwnProperty.call(b, k) && deepEquals(a[k], b[k], seen));
  };
  const isPromiseLike = (p: any) => p !== null && (typeof p === 'object' || typeof p === 'function') && typeof p.then === 'function';
  type Result = { pass: boolean; message: string; expected?: any; hasExpected?: boolean };
  const R = (pass: boolean, message: string, expected?: any, hasExpected = false): Result => ({ pass, message, expected, hasExpected });
  const errorName = (e: any) => (e && e.constructor && e.constructor.name) || (e && e.name) || typeof e;
  const matchers: Record<string, (actual: any, args: any[]) => Result | Promise<Result>> = {
    assertTrue: (a) => R(a === true, `expect true, actualValue is ${str(a)}`, true, true),
    assertFalse: (a) => R(a === false, `expect false, actualValue is ${str(a)}`, false, true),
    assertEqual: (a, [e]) => R(a === e, a !== e && str(a) === str(e) ? `expect ${str(a)}${typeOf(a)} equals ${str(e)}${typeOf(e)} (strict mode inspects the type)` : `expect ${str(a)} equals ${str(e)}`, e, true),
    assertNotEqual: (a, [e]) => R(a !== e, `expect ${str(a)} not equals ${str(e)}`, e, true),
    assertDeepEquals: (a, [e]) => R(deepEquals(a, e), `expect ${str(a)} deep equals ${str(e)}`, e, true),
    assertClose: (a, [e, precision]) => {
      if (a === null && e === null) throw new Error('actualValue and expected can not be both null!!!');
      const diff = Math.abs(e - a); const abs = Math.abs(a);
      const pass = abs === 0 ? diff === 0 : diff / abs < precision;
      return R(pass, `|${a} - ${e}|/${a} is not less than ${precision}`, e, true);
    },
    assertContain: (a, [e]) => {
      let pass = false;
      if (typeof a === 'string') pass = a.indexOf(e) >= 0;
      else if (a !== null && a !== undefined && typeof a[Symbol.iterator] === 'function') for (const v of a) if (v === e) pass = true;
      return R(pass, `expect ${str(a)} to contain ${str(e)}`, e, true);
    },
    assertFail: () => R(false, 'expect assertFail'),
    assertNull: (a) => R(a === null, `expect null, actualValue is ${str(a)}`, null, true),
    assertUndefined: (a) => R(a === undefined, `expect undefined, actualValue is ${str(a)}`, undefined, true),
    assertNaN: (a) => R(a !== a, `expect NaN, actualValue is ${str(a)}`, NaN, true),
    assertNegUnlimited: (a) => R(a === Number.NEGATIVE_INFINITY, `expect -Infinity, actualValue is ${str(a)}`, Number.NEGATIVE_INFINITY, true),
    assertPosUnlimited: (a) => R(a === Number.POSITIVE_INFINITY, `expect Infinity, actualValue is ${str(a)}`, Number.POSITIVE_INFINITY, true),
    assertLarger: (a, [e]) => R(a > e, `${str(a)} is not larger than ${str(e)}`, `> ${str(e)}`, true),
    assertLess: (a, [e]) => R(a < e, `${str(a)} is not less than ${str(e)}`, `< ${str(e)}`, true),
    assertLargerOrEqual: (a, [e]) => R(a >= e, `${str(a)} is not larger than or equal to ${str(e)}`, `>= ${str(e)}`, true),
    assertLessOrEqual: (a, [e]) => R(a <= e, `${str(a)} is not less than or equal to ${str(e)}`, `<= ${str(e)}`, true),
    assertInstanceOf: (a, [e]) => R(typeOf(a) === `[object ${e}]`, `${str(a)} is ${typeOf(a)}, not ${str(e)}`, e, true),
    assertThrowError: (a, [e]) => {
      if (typeof a !== 'function') throw new Error('actualValue is not a function');
      try { a(); } catch (err: any) {
        if (typeof e === 'function') return R(errorName(err) === e.name || err instanceof e, `expected throw failed, ${errorName(err)} is not ${e.name}`, e.name, true);
        const msg = err && typeof err === 'object' ? String(err.message) : String(err);
        return R(msg.includes(String(e)), `expected throw failed, ${msg} is not ${str(e)}`, e, true);
      }
      return R(false, 'An error is not thrown while it is expected!', e, true);
    },
    assertThrow: (a, [e]) => matchers.assertThrowError(a, [e]) as Result,
    assertMatchObj: (a, [e]) => {
      const mismatch: string[] = [];
      const walk = (act: any, exp: any, path: string, depth: number) => {
        if (depth >= 6) { mismatch.push(`${path || 'value'}: maximum depth 6 exceeded`); return; }
        if (typeof act !== 'object' || act === null) { mismatch.push(`${path || 'value'}: expected an object, got ${str(act)}`); return; }
        for (const k of Object.keys(exp ?? {})) {
          const p = path ? `${path}.${k}` : k;
          if (!Object.prototype.hasOwnProperty.call(act, k)) { mismatch.push(`property '${p}' not found`); continue; }
          const ev = exp[k];
          if (isMatcher(ev)) { if (!matchArg(ev, act[k])) mismatch.push(`${p}: ${str(act[k])} does not match ${ev.label}`); }
          else if (typeof ev === 'object' && ev !== null && !Array.isArray(ev)) walk(act[k], ev, p, depth + 1);
          else if (act[k] !== ev) mismatch.push(`${p}: actual=${str(act[k])}, expected=${str(ev)}`);
        }
      };
      if (typeof e !== 'object' || e === null) return R(false, 'expect expected value to be an object');
      walk(a, e, '', 0);
      return R(mismatch.length === 0, `object does not match expected structure: ${mismatch.join('; ')}`, e, true);
    },
    assertPromiseIsPending: (p) => {
      if (!isPromiseLike(p)) return Promise.resolve(R(false, 'Expected not be called on a promise.'));
      const marker = {};
      return Promise.race([p, Promise.resolve(marker)]).then((v) => R(v === marker, 'expect isPending, actualValue is resolve'), () => R(false, 'expect isPending, actualValue is reject'));
    },
    assertPromiseIsRejected: (p) => {
      if (!isPromiseLike(p)) return Promise.resolve(R(false, 'Expected not be called on a promise.'));
      const marker = {};
      return Promise.race([p, Promise.resolve(marker)]).then((v) => R(false, v === marker ? 'expect isRejected, but actualValue is isPending' : 'expect isRejected, but actualValue is resolve'), () => R(true, 'actualValue is isRejected'));
    },
    assertPromiseIsRejectedWith: (p, [e]) => {
      if (!isPromiseLike(p)) return Promise.resolve(R(false, 'Expected not be called on a promise.'));
      const marker = {};
      return Promise.race([p, Promise.resolve(marker)]).then((v) => R(false, v === marker ? 'expect isRejected, but actualValue is isPending' : 'expect isRejected, but actualValue is resolve', e, true),
        (err) => R(deepEquals(err, e), `expect to be rejected with ${str(e)}, but it was rejected with ${str(err)}`, e, true));
    },
    assertPromiseIsRejectedWithError: (p, args) => {
      if (!isPromiseLike(p)) return Promise.resolve(R(false, 'Expected not be called on a promise.'));
      return Promise.resolve(p).then(() => R(false, 'Expected a promise to be rejected but actualValue is resolve'), (err: any) => {
        const name = err && err.name; const message = err && err.message;
        const [a0, a1] = args;
        if (args.length === 1 && typeof a0 === 'function') return R(errorName(err) === a0.name || name === a0.name, `expect error type is ${a0.name}, but actual is ${name}.`, a0.name, true);
        if (args.length === 1 && typeof a0 === 'string') return R(message === a0, `expect error message ${a0}, but actual is ${message}.`, a0, true);
        if (args.length === 1) return R(false, 'When only one parameter, it should be error type or error message.');
        if (args.length === 2 && typeof a0 === 'function') {
          if (name !== a0.name && errorName(err) !== a0.name) return R(false, `expect error type is ${a0.name}, but actual is ${name}.`, a0.name, true);
          return R(message === a1, `expect error message is ${a1}, but actual is ${message}.`, a1, true);
        }
        return R(false, 'Up to two parameters are supported.');
      });
    },
    assertPromiseIsResolved: (p) => {
      if (!isPromiseLike(p)) return Promise.resolve(R(false, 'Expected not be called on a promise.'));
      const marker = {};
      return Promise.race([p, Promise.resolve(marker)]).then((v) => R(v !== marker, 'expect resolve, actualValue is isPending'), (err) => R(false, `expect resolve, actualValue is reject: ${str(err)}`));
    },
    assertPromiseIsResolvedWith: (p, [e]) => {
      if (!isPromiseLike(p)) return Promise.resolve(R(false, 'Expected not be called on a promise.'));
      const marker = {};
      return Promise.race([p, Promise.resolve(marker)]).then((v) => R(v !== marker && deepEquals(v, e), v === marker ? 'expect resolve, actualValue is isPending' : `expect resolve with ${str(e)}, actualValue is ${str(v)}`, e, true),
        (err) => R(false, `expect resolve, actualValue is reject: ${str(err)}`, e, true));
    },
  };

  const fail = (result: Result, actual: any, spec: Spec | null, custom: string | undefined, name: string) => {
    const err = new AssertException(custom ? `${custom}: ${result.message}` : result.message);
    err.actual = actual; err.expected = result.expected; err.hasExpected = !!result.hasExpected;
    (err as any).matcher = name;
    if (spec) { if (!spec.fail) spec.fail = err; } else if (currentSuite) (currentSuite as any).hookFail ??= err;
    throw err;
  };
  const expect = (actual?: any) => {
    const spec = currentSpec;
    const w: any = { isNot: false, msg: undefined as string | undefined };
    w.not = function () { w.isNot = !w.isNot; return w; };
    w.message = function (msg: string) { w.msg = String(msg); return w; };
    const all = { ...matchers };
    for (const [name, fn] of customMatchers) all[name] = fn as any;
    for (const name of Object.keys(all)) {
      w[name] = (...args: any[]) => {
        if (unregistered.has(name)) throw new Error(`${name} is unregistered`);
        const custom = customMatchers.has(name);
        const out = custom ? (all[name] as any)(actual, args[0]) : all[name](actual, args);
        const settle = (r: Result) => {
          const res = { ...r, pass: w.isNot ? !r.pass : r.pass, message: w.isNot ? `expect not ${name}: ${r.message}` : r.message };
          if (!res.pass) fail(res, actual, spec, w.msg, name);
        };
        if (name.startsWith('assertPromise')) return Promise.resolve(out).then(settle);
        settle(out as Result);
        return undefined;
      };
    }
    return w;
  };

  // ---- mocks (hamock) ----
  const MATCHER = Symbol('argument matcher');
  const isMatcher = (v: any) => (typeof v === 'function' || (typeof v === 'object' && v !== null)) && v[MATCHER] === true;
  const matcher = (label: string, test: (v: any) => boolean) => { const f: any = (() => f); f[MATCHER] = true; f.label = label; f.test = test; return f; };
  const isObj = (v: any) => typeof v === 'object' && v !== null;
  const ArgumentMatchers: any = {
    any: matcher('any', (v) => v !== undefined && v !== null),
    anyString: matcher('anyString', (v) => typeof v === 'string'),
    anyBoolean: matcher('anyBoolean', (v) => typeof v === 'boolean'),
    anyNumber: matcher('anyNumber', (v) => typeof v === 'number'),
    anyObj: matcher('anyObj', isObj),
    anyFunction: matcher('anyFunction', (v) => typeof v === 'function'),
    notString: matcher('notString', (v) => typeof v !== 'string'),
    notBoolean: matcher('notBoolean', (v) => typeof v !== 'boolean'),
    notNumber: matcher('notNumber', (v) => typeof v !== 'number'),
    notObj: matcher('notObj', (v) => !isObj(v)),
    notFunction: matcher('notFunction', (v) => typeof v !== 'function'),
    matchRegexs: (re: RegExp) => matcher(`matchRegexs(${re})`, (v) => typeof v === 'string' && new RegExp(re).test(v)),
    notMatchRegexs: (re: RegExp) => matcher(`notMatchRegexs(${re})`, (v) => !(typeof v === 'string' && new RegExp(re).test(v))),
    containSubstring: (s: string) => matcher(`containSubstring(${s})`, (v) => typeof v === 'string' && v.includes(s)),
    notContainSubstring: (s: string) => matcher(`notContainSubstring(${s})`, (v) => !(typeof v === 'string' && v.includes(s))),
    containValue: (x: any) => matcher(`containValue(${str(x)})`, (v) => Array.isArray(v) && v.some((y) => deepEquals(y, x))),
    notContainValue: (x: any) => matcher(`notContainValue(${str(x)})`, (v) => !(Array.isArray(v) && v.some((y) => deepEquals(y, x)))),
    containSubArray: (sub: any[]) => matcher(`containSubArray(${str(sub)})`, (v) => Array.isArray(v) && (sub.length === 0 || v.some((_: any, i: number) => sub.every((y, j) => deepEquals(v[i + j], y))))),
    notContainSubArray: (sub: any[]) => matcher(`notContainSubArray(${str(sub)})`, (v) => !(Array.isArray(v) && (sub.length === 0 || v.some((_: any, i: number) => sub.every((y, j) => deepEquals(v[i + j], y)))))),
  };
  const matchArg = (expected: any, actual: any) => (isMatcher(expected) ? expected.test(actual) : deepEquals(expected, actual));
  const argsMatch = (expected: any[], actual: any[]) => expected.length === actual.length && expected.every((e, i) => matchArg(e, actual[i]));

  class VerificationMode {
    constructor(private readonly count: number, private readonly what: string) {}
    times(n: number) { expect(this.count).message(`${this.what} was called ${this.count} times, expected ${n}`).assertEqual(n); }
    never() { this.times(0); }
    once() { this.times(1); }
    atLeast(n: number) { if (this.count < n) throw new Error(`failed ${n} greater than the actual execution times of method (${this.count})`); }
    atMost(n: number) { if (this.count > n) throw new Error(`failed ${n} less than the actual execution times of method (${this.count})`); }
  }
  class MockKit {
    private mocked: { obj: any; name: string; original: any; mock: any; own: boolean }[] = [];
    private props: { obj: any; name: string; original: any; own: boolean }[] = [];
    private calls: { name: string; args: any[] }[] = [];
    mockFunc(obj: any, method: any): any {
      if (!obj || (typeof obj !== 'object' && typeof obj !== 'function')) throw new Error('Not a object or static class');
      if (typeof method !== 'function') throw new Error('Not a function');
      const name = method.propName ?? findName(obj, method);
      if (name === undefined) throw new Error('the function is not a member of the object');
      const existing = this.mocked.find((m) => m.obj === obj && m.name === name);
      if (existing) return existing.mock;
      const original = method.propName ? method.original : method;
      const stubs: { args: any[] | null; action: Function }[] = [];
      const kit = this;
      const mock: any = function (this: any, ...args: any[]) {
        kit.calls.push({ name, args });
        const stub = stubs.find((s) => s.args !== null && argsMatch(s.args, args)) ?? stubs.find((s) => s.args === null && args.length === 0) ?? (args.length ? undefined : stubs.find((s) => s.args === null));
        return stub ? stub.action.apply(this, args) : original.apply(this, args);
      };
      mock.propName = name; mock.original = original; mock.mocker = this; mock.__stubs = stubs;
      const own = Object.prototype.hasOwnProperty.call(obj, name);
      this.mocked.push({ obj, name, original, mock, own });
      obj[name] = mock;
      return mock;
    }
    mockPrivateFunc(obj: any, method: string): any {
      const f = obj?.[method];
      if (typeof f !== 'function') throw new Error('No such method:' + method);
      const name = String(method);
      const original = f;
      const m = { propName: name, original } as any;
      return this.mockFunc(obj, Object.assign(function () {}, m));
    }
    mockProperty(obj: any, name: string, value: any): void {
      if (!(name in obj)) throw new Error('No such property:' + name);
      if (!this.props.some((p) => p.obj === obj && p.name === name)) this.props.push({ obj, name, original: obj[name], own: Object.prototype.hasOwnProperty.call(obj, name) });
      obj[name] = value;
    }
    mockObject(obj: any): any {
      if (!obj || typeof obj === 'string') throw new Error(`this ${obj} cannot be mocked`);
      const out: any = {};
      for (const k of Reflect.ownKeys(obj)) if (typeof obj[k] === 'function') { out[k] = obj[k]; this.mockFunc(out, out[k]); }
      return out;
    }
    verify(name: string, args: any[] = []): VerificationMode {
      if (!name) throw new Error('not a function name');
      const n = this.calls.filter((c) => c.name === name && argsMatch(args, c.args)).length;
      return new VerificationMode(n, `${name}(${args.map((a) => (isMatcher(a) ? a.label : str(a))).join(', ')})`);
    }
    ignoreMock(obj: any, method: any): void {
      const name = typeof method === 'string' ? method : method?.propName ?? findName(obj, method);
      for (const m of this.mocked.filter((x) => x.obj === obj && x.name === name)) restore(m);
      this.mocked = this.mocked.filter((x) => !(x.obj === obj && x.name === name));
      for (const p of this.props.filter((x) => x.obj === obj && x.name === name)) restore(p);
      this.props = this.props.filter((x) => !(x.obj === obj && x.name === name));
    }
    clear(obj: any): void {
      if (!obj) throw new Error('Please enter an object to be cleaned');
      for (const m of this.mocked.filter((x) => x.obj === obj)) restore(m);
      for (const p of this.props.filter((x) => x.obj === obj)) restore(p);
      this.mocked = this.mocked.filter((x) => x.obj !== obj);
      this.props = this.props.filter((x) => x.obj !== obj);
    }
    clearAll(): void { this.calls = []; this.mocked = []; this.props = []; }
  }
  const restore = (m: { obj: any; name: string; original: any; own: boolean }) => { if (m.own) m.obj[m.name] = m.original; else delete m.obj[m.name]; };
  const findName = (obj: any, fn: any): string | undefined => {
    for (let o = obj; o && o !== Object.prototype; o = Object.getPrototypeOf(o)) {
      for (const k of Object.getOwnPropertyNames(o)) {
        if (k === 'caller' || k === 'arguments' || k === 'constructor') continue;
        const d = Object.getOwnPropertyDescriptor(o, k);
        if (d && 'value' in d && d.value === fn) return k;
      }
    }
    return undefined;
  };
  const when = (mock: any) => {
    if (typeof mock !== 'function' || !mock.__stubs) throw new Error('not a mock function');
    return (...args: any[]) => {
      const entry = { args: args.length ? args : null as any[] | null, action: (() => undefined) as Function };
      // The first stub whose arguments match wins (as hamock's insertion-ordered stub map); the same arguments again replace it in place.
      const set = (action: Function) => { entry.action = action; const stubs = mock.__stubs; const i = stubs.findIndex((s: any) => (s.args === null ? entry.args === null : entry.args !== null && s.args.length === entry.args.length && s.args.every((x: any, j: number) => x === entry.args![j]))); if (i >= 0) stubs[i] = entry; else stubs.push(entry); };
      return {
        afterReturn: (v: any) => set(() => v),
        afterReturnNothing: () => set(() => undefined),
        afterAction: (f: Function) => set(f),
        afterThrow: (msg: any) => set(() => { throw msg; }),
      };
    };
  };

  // ---- running ----
  /** Cases in execution order, repeated for data-driven / command-line stress, numbered. */
  const plan = (): Spec[] => {
    const out: Spec[] = [];
    const walk = (s: Suite) => {
      const suiteStress = Math.max(1, Number(dataSuite(s)?.stress) || 1);
      for (let r = 0; r < suiteStress; r++) {
        for (const spec of s.specs) {
          const n = Math.max(1, Number(dataItem(spec)?.stress) || 1) * Math.max(1, Number(config.stress) || 1);
          for (let i = 0; i < n; i++) out.push(i === 0 && r === 0 ? spec : { ...spec });
        }
        for (const c of s.children) walk(c);
      }
    };
    walk(root);
    out.forEach((s, i) => { s.ordinal = i; });
    return out;
  };
  const dataSuite = (s: Suite) => (data?.suites ?? []).find((x: any) => (Array.isArray(x.describe) ? x.describe : [x.describe]).includes(s.name));
  const dataItem = (spec: Spec) => (dataSuite(spec.suite)?.items ?? []).find((x: any) => x.it === spec.name);

  let config: any = { timeout: 5000 };
  let started = false;

  /** A hook or case function with hypium's calling convention and timeout (on the device clock). */
  const invoke = (fn: Function, timeout: number, param?: any, noTimeout = false): Promise<void> => new Promise((resolve, reject) => {
    let timer: any = null;
    let finished = false;
    const finish = (err?: any) => {
      if (finished) return;
      finished = true;
      if (timer !== null) g.clearTimeout(timer);
      if (err === undefined) resolve(); else reject(err);
    };
    if (!noTimeout) timer = g.setTimeout(() => finish(new Error(`execute timeout ${timeout}ms`)), timeout);
    try {
      if (fn.length === 0) Promise.resolve(fn()).then(() => finish(), (e) => finish(e ?? new Error('rejected with ' + str(e))));
      else {
        const done = () => finish();
        const r = fn.length === 1 ? fn(done) : fn(done, param);
        if (r && typeof r.then === 'function') r.then(undefined, (e: any) => finish(e ?? new Error('rejected with ' + str(e))));
      }
    } catch (e) { finish(e); }
  });
  const runHooks = async (hooks: Function[], name: string, timeout: number) => {
    for (const h of hooks) {
      try { await invoke(h, timeout); } catch (e: any) {
        if (e && typeof e === 'object') { try { e.message = `${e.message}, error in ${name} function`; } catch { /* frozen */ } }
        throw e;
      }
    }
  };
  const matchesSpecified = (names: any, spec: Spec) => (Array.isArray(names) ? names.includes(spec.name) : names === spec.name);
  const errorInfo = (e: any) => {
    const isObj = e !== null && typeof e === 'object';
    const info: any = { name: isObj ? String(e.name ?? 'Error') : 'Error', message: isObj ? String(e.message ?? '') : `Uncaught ${str(e)}`, stack: isObj ? String(e.stack ?? '') : '' };
    if (e instanceof AssertException) {
      info.assertion = true; info.matcher = (e as any).matcher; info.actual = str(e.actual);
      if (e.hasExpected) info.expected = str(e.expected);
    }
    return info;
  };
  const event = (type: string, d: any = {}) => call('test.event', { type, ...d });

  const runSpec = async (spec: Spec, inherited: { before: Function[]; after: Function[] }) => {
    const suite = spec.suite;
    spec.fail = undefined;
    currentSpec = spec; currentSuite = suite;
    event('specStart', { ordinal: spec.ordinal });
    let error: any;
    let skipped = spec.skip ? spec.skipReason || 'xit' : undefined;
    const timeout = Number.isFinite(spec.timeout) && spec.timeout! > 0 ? spec.timeout! : config.timeout;
    const item = dataItem(spec);
    const suiteParams = dataSuite(suite)?.params ?? {};
    const stress = !!data || Number(config.stress) > 1;
    if (!skipped) {
      try {
        for (const [names, fn] of suite.beforeItSpecified) if (matchesSpecified(names, spec)) await invoke(fn, timeout);
        await runHooks(inherited.before, 'beforeEachIt', timeout);
        await runHooks(suite.beforeEach, 'beforeEach', timeout);
        const params = Array.isArray(item?.params) ? item.params : null;
        if (spec.fn.length >= 2 && data) {
          if (params && params.length) for (const p of params) await invoke(spec.fn, timeout, { ...p, ...suiteParams }, stress);
          else await invoke(spec.fn, timeout, suiteParams, stress);
        } else await invoke(spec.fn, timeout, undefined, stress && !!data);
        for (const [names, fn] of suite.afterItSpecified) if (matchesSpecified(names, spec)) await invoke(fn, timeout);
        await runHooks(suite.afterEach, 'afterEach', timeout);
        await runHooks(inherited.after, 'afterEachIt', timeout);
      } catch (e: any) {
        if (e instanceof SkipError || (e && e.name === 'SkipError')) skipped = String(e.message ?? 'skipped');
        else error = e;
      }
    }
    const failure = spec.fail ?? error;
    const status = skipped !== undefined && !spec.fail ? 'skipped' : failure ? 'failed' : 'passed';
    event('specDone', { ordinal: spec.ordinal, status, ...(status === 'skipped' ? { reason: skipped } : {}), ...(status === 'failed' ? { error: errorInfo(failure) } : {}) });
    currentSpec = null;
    return status;
  };

  const runSuite = async (s: Suite, selected: Set<number>, inherited: { before: Function[]; after: Function[] }, order: Spec[]) => {
    const mine = order.filter((sp) => sp.suite === s && selected.has(sp.ordinal));
    const below = order.filter((sp) => selected.has(sp.ordinal) && isWithin(sp.suite, s));
    if (below.length === 0) return;
    currentSuite = s;
    if (s.parent) event('suiteStart', { path: suitePath(s) });
    const inner = { before: [...inherited.before, ...s.beforeEachIt], after: [...s.afterEachIt, ...inherited.after] };
    let hookError: any;
    if (!s.skip || mine.some((sp) => !sp.skip)) {
      try { await runHooks(s.beforeAll, 'beforeAll', config.timeout); } catch (e) { hookError = e; }
    }
    if (hookError !== undefined) {
      for (const sp of below) {
        event('specStart', { ordinal: sp.ordinal });
        event('specDone', { ordinal: sp.ordinal, status: 'failed', error: { ...errorInfo(hookError), hook: 'beforeAll' } });
      }
    } else {
      for (const sp of mine) {
        const status = await runSpec(sp, inner);
        if (status === 'failed' && config.breakOnError) { broken = true; break; }
      }
      for (const c of s.children) { if (broken) break; await runSuite(c, selected, inner, order); }
    }
    currentSuite = s;
    try { await runHooks(s.afterAll, 'afterAll', config.timeout); } catch (e) { event('hookError', { path: suitePath(s), hook: 'afterAll', error: errorInfo(e) }); }
    if (s.parent) event('suiteDone', { path: suitePath(s) });
  };
  let broken = false;
  const isWithin = (s: Suite, outer: Suite) => { for (let x: Suite | null = s; x; x = x.parent) if (x === outer) return true; return false; };

  /** Registers the suites `testsuite` declares, sends the plan, runs what the host selects. */
  const hypiumTest = (delegator: any, args: any, testsuite: Function) => {
    if (started) { call('log', { level: 'W', tag: 'Hypium', message: 'Hypium.hypiumTest was called again; the first run goes on' }); return; }
    started = true;
    config = { timeout: 5000, ...(rt.testConfig ?? {}) };
    root = newSuite('', null); current = root;
    try {
      if (typeof testsuite !== 'function') throw new TypeError('Hypium.hypiumTest needs the test suite function (the default export of List.test)');
      testsuite();
    } catch (e) {
      event('registrationError', { error: errorInfo(e) });
    }
    const order = plan();
    const answer = call('test.plan', { specs: order.map((s) => ({ ordinal: s.ordinal, suite: suitePath(s.suite), name: s.name, attr: s.attr, tag: s.tag ?? '', skip: s.skip, at: s.at, suiteAt: s.suite.at })) });
    const selected = new Set<number>(answer?.run ?? []);
    if (typeof answer?.timeout === 'number' && answer.timeout > 0) config.timeout = answer.timeout;
    (async () => {
      try { await runSuite(root, selected, { before: [], after: [] }, order); } catch (e) { event('runnerError', { error: errorInfo(e) }); }
      event('taskDone');
      if (delegator && typeof delegator.finishTest === 'function') {
        try { delegator.finishTest('Hypium run finished', 0); } catch { /* the run is over either way */ }
      }
    })();
  };

  const SysTestKit = {
    delegator: null as any,
    getDescribeName: () => currentSuite?.name ?? '',
    getItName: () => currentSpec?.name ?? '',
    getItAttribute: () => currentSpec?.attr ?? 0,
    actionStart: (tag: string) => call('log', { level: 'I', tag: 'Hypium', message: `[action start] ${tag}` }),
    actionEnd: (tag: string) => call('log', { level: 'I', tag: 'Hypium', message: `[action end] ${tag}` }),
    existKeyword: (keyword: string, timeout = 4) => new Promise((resolve) => {
      const deadline = Date.now() + Number(timeout) * 1000;
      const poll = () => { if (call('test.logHas', { keyword: String(keyword) })) resolve(true); else if (Date.now() >= deadline) resolve(false); else g.setTimeout(poll, 100); };
      poll();
    }),
    clearLog: () => { call('test.clearLog'); return Promise.resolve(true); },
    getRealTime: () => Date.now(),
    print: (msg: string) => call('log', { level: 'I', tag: 'Hypium', message: String(msg) }),
  };

  const Hypium = {
    hypiumTest,
    setData: (d: any) => { data = d && typeof d === 'object' ? (d.default ?? d) : null; },
    setTimeConfig: () => {},
    set: (k: string, v: any) => { context.set(k, v); },
    get: (k: string) => context.get(k),
    registerAssert: (fn: Function) => { if (typeof fn === 'function') { customMatchers.set(fn.name, fn); unregistered.delete(fn.name); } },
    unregisterAssert: (fn: Function | string) => { const name = typeof fn === 'function' ? fn.name : String(fn); customMatchers.delete(name); unregistered.add(name); },
    hypiumWorkerTest: () => { throw Object.assign(new Error('UNSUPPORTED_API: Hypium.hypiumWorkerTest (worker test runs) is not available on hmos emulated devices'), { code: 801 }); },
    hypiumInitWorkers: () => { throw Object.assign(new Error('UNSUPPORTED_API: Hypium.hypiumInitWorkers (worker test runs) is not available on hmos emulated devices'), { code: 801 }); },
  };

  const hypium = {
    Hypium, TestType, Size, Level, DEFAULT: 0, SkipError, SysTestKit, MockKit, when, ArgumentMatchers,
    describe, xdescribe, it, xit, expect,
    beforeAll: hook('beforeAll'), afterAll: hook('afterAll'), beforeEach: hook('beforeEach'), afterEach: hook('afterEach'),
    beforeEachIt: hook('beforeEachIt'), afterEachIt: hook('afterEachIt'),
    beforeItSpecified: specified('beforeItSpecified'), afterItSpecified: specified('afterItSpecified'),
  };
  rt.registerKit('@ohos/hypium', { ...hypium, default: hypium });
  const hamock = { MockKit, when, ArgumentMatchers, VerificationMode };
  rt.registerKit('@ohos/hamock', { ...hamock, default: hamock });
  rt.hypium = hypium;
}
