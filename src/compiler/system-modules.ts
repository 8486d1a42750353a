/**
 * Specifiers the device provides at run time (src/runtime/abi.ts, point 2): `@ohos.*`, `@kit.*`, `@system.*`, `@arkts.*`
 * (`collections`, `utils`, `lang`, `math.Decimal`), `@hms.*` (HMS Core kits, e.g. `@hms.collaboration.rcp`) and the
 * test framework packages the templates pull (`@ohos/hypium`, `@ohos/hamock`), and hmos's golden helper for tests
 * (`@hmos/golden`). They compile to `__hmosKit(spec)`.
 * Native libraries (`import x from 'libentry.so'`) too: an emulated device has no native code, so its runtime decides
 * (members throw UNSUPPORTED_API when called), but the rest of the app still builds and runs.
 *
 * Named imports need explicit exports: esbuild's CommonJS interop copies only a namespace's own keys, so
 * `import { X } from '@kit.Foo'` of a member the runtime does not list would be `undefined` and calling it a
 * TypeError. Reading `ns[X]` instead goes through the runtime's Proxy, which returns the UNSUPPORTED_API thrower.
 * So each importer gets a virtual module exporting exactly the names it imports (`systemModulePath`).
 */
export const SYSTEM_MODULE_RE = /^(@ohos\.|@kit\.|@system\.|@arkts\.|@hms\.|@ohos\/(hypium|hamock)$|@hmos\/golden$|lib[\w.-]+\.so$)/;

export function isSystemModule(spec: string): boolean {
  return SYSTEM_MODULE_RE.test(spec);
}

/** What one file imports from each system module: member names, `default`, or '*' (a namespace import or a form the
 *  scan does not understand: the module then stays the CommonJS proxy, which serves every use). */
export type SystemImports = Map<string, Set<string> | '*'>;

// `import d, { a, b as c } from 's'`, `import * as ns from 's'`, `export { a } from 's'`, `export * from 's'`: the clause
// is matched by its shape, so prose in comments ("import next to…") cannot swallow the following statement.
// `[^{}]` rather than `[^}]`: each match attempt stops at the next brace, so a source of `import {import {…` is read
// once, not once per `import` (quadratic: 64 KB took 5 s).
const IMPORT_FROM = /\b(import|export)\s+(type\s+)?((?:[\w$]+\s*,\s*)?(?:\{[^{}]*\}|\*(?:\s+as\s+[\w$]+)?)|[\w$]+)\s*from\s*(['"])([^'"\n]+)\4/g;
const SIDE_EFFECT_IMPORT = /\bimport\s*(['"])([^'"\n]+)\1/g;

/** Scans (transformed or plain TypeScript) source for the names imported or re-exported from system modules. */
export function scanSystemImports(code: string): SystemImports {
  const out: SystemImports = new Map();
  const add = (spec: string, names: string[] | '*') => {
    const prev = out.get(spec);
    if (prev === '*') return;
    if (names === '*') {
      out.set(spec, '*');
      return;
    }
    const set = prev ?? new Set<string>();
    for (const n of names) set.add(n);
    out.set(spec, set);
  };
  for (const m of code.matchAll(IMPORT_FROM)) {
    const [, keyword, typeOnly, clause, , spec] = m as unknown as [string, string, string | undefined, string, string, string];
    if (!isSystemModule(spec) || typeOnly) continue;
    const names = parseClause(keyword, clause);
    add(spec, names);
  }
  // `import '@ohos.x'` (side effects only) needs no names; an import written in any other way keeps the proxy.
  for (const m of code.matchAll(SIDE_EFFECT_IMPORT)) if (isSystemModule(m[2]!) && !out.has(m[2]!)) out.set(m[2]!, new Set());
  return out;
}

function parseClause(keyword: string, clause: string): string[] | '*' {
  const names: string[] = [];
  let rest = clause.trim();
  if (keyword === 'import') {
    const def = /^([\w$]+)\s*(,|$)/.exec(rest);
    if (def) {
      names.push('default');
      rest = rest.slice(def[0].length).trim();
    }
  }
  if (rest === '') return names;
  const braces = /^\{([^}]*)\}$/.exec(rest);
  if (!braces) return '*';
  for (const part of braces[1]!.split(',')) {
    const p = part.trim();
    if (!p) continue;
    const spec = /^(type\s+)?([\w$]+|"[^"]*"|'[^']*')(\s+as\s+[\w$]+)?$/.exec(p);
    if (!spec) return '*';
    if (spec[1]) continue;
    names.push(spec[2]!.replace(/^['"]|['"]$/g, ''));
  }
  return names;
}

const NAMES_SEPARATOR = '?names=';

/** The virtual module's path for one importer: the names it needs are part of the path, so importers that need the
 *  same names share one module. */
export function systemModulePath(spec: string, names: Set<string> | '*' | undefined): string {
  if (names === undefined || names === '*') return spec;
  return spec + NAMES_SEPARATOR + [...names].sort().join(',');
}

/** The virtual module's source for a path made by `systemModulePath`. */
export function systemModuleSource(path: string): string {
  const at = path.indexOf(NAMES_SEPARATOR);
  if (at < 0) return proxySource(path);
  const spec = path.slice(0, at);
  const names = path.slice(at + NAMES_SEPARATOR.length).split(',').filter(Boolean);
  const lines = [`var ns = __hmosKit(${JSON.stringify(spec)});`, 'function member(k) { return ns == null ? undefined : ns[k]; }'];
  names.forEach((name, i) => {
    lines.push(`var m${i} = member(${JSON.stringify(name)});`);
    lines.push(`export { m${i} as ${/^[A-Za-z_$][\w$]*$/.test(name) ? name : JSON.stringify(name)} };`);
  });
  return lines.join('\n') + '\n';
}

/**
 * The virtual module's source. It is CommonJS so that both `import x from` and `import { a } from` work whatever the
 * namespace holds; the proxy marks it as an ES module so a default import reads the namespace's `default`. esbuild's
 * ESM wrapper copies only the namespace's own keys but inherits from its prototype: reporting the namespace as its own
 * prototype keeps members the device does not list (`relationalStore` of `@kit.ArkData`) reaching the namespace,
 * which answers them with UNSUPPORTED_API stand-ins instead of `undefined`.
 */
function proxySource(spec: string): string {
  return `var ns = __hmosKit(${JSON.stringify(spec)});
module.exports = ns && ns.__esModule === true ? ns : new Proxy(ns, {
  get: function (t, k) { return k === "__esModule" ? true : t[k]; },
  has: function (t, k) { return k === "__esModule" || k in t; },
  getPrototypeOf: function (t) { return t; }
});
`;
}
