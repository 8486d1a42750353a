/**
 * Specifiers the device provides at run time (src/runtime/abi.ts, point 2): `@ohos.*`, `@kit.*`, `@system.*` and the
 * test framework packages the templates pull (`@ohos/hypium`, `@ohos/hamock`). They compile to `__hmosKit(spec)`.
 * Native libraries (`import x from 'libentry.so'`) too: an emulated device has no native code, so its runtime decides
 * (members throw UNSUPPORTED_API when called), but the rest of the app still builds and runs.
 */
export const SYSTEM_MODULE_RE = /^(@ohos\.|@kit\.|@system\.|@ohos\/(hypium|hamock)$|lib[\w.-]+\.so$)/;

export function isSystemModule(spec: string): boolean {
  return SYSTEM_MODULE_RE.test(spec);
}

/**
 * The virtual module's source. It is CommonJS so that both `import x from` and `import { a } from` work whatever the
 * namespace holds; the proxy marks it as an ES module so a default import reads the namespace's `default`. esbuild's
 * ESM wrapper copies only the namespace's own keys but inherits from its prototype: reporting the namespace as its own
 * prototype keeps members the device does not list (`relationalStore` of `@kit.ArkData`) reaching the namespace,
 * which answers them with UNSUPPORTED_API stand-ins instead of `undefined`.
 */
export function systemModuleSource(spec: string): string {
  return `var ns = __hmosKit(${JSON.stringify(spec)});
module.exports = ns && ns.__esModule === true ? ns : new Proxy(ns, {
  get: function (t, k) { return k === "__esModule" ? true : t[k]; },
  has: function (t, k) { return k === "__esModule" || k in t; },
  getPrototypeOf: function (t) { return t; }
});
`;
}
