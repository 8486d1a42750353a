/**
 * The contract between the compiler (src/compiler) and the device runtime (src/runtime).
 *
 * 1. Module bundle. `hmos build` emits ONE script per module (`ets/bundle.js` inside the HAP, no `require`, no
 *    `import`) that is evaluated in the device's sandbox realm. Its free identifiers are the framework globals of the
 *    reference ArkUI framework in partial-update mode (ViewPU, ViewV2, Text, Column, ObservedPropertySimplePU, …, see
 *    shared DESIGN.md decision 3) plus the hmos hooks below. The script is cut into PARTS at module boundaries
 *    (compiler/linker.ts; `ets/cache-info.json` lists them, hap/bundle-script.ts loads them): each part is a valid
 *    script starting at a line start, compiled on its own with its own V8 code cache and `lineOffset`, run in order;
 *    the whole file is also one valid script (an HSP's bundle is evaluated whole). The first part defines the module
 *    table as `__hmosBundle`, a non-enumerable property of the realm's global object; the later parts register their
 *    modules in it; the last part deletes it before it runs the entry — no app code runs while it exists, and each
 *    bundle evaluated later in the same realm (an HSP's) makes its own. In a worker realm the device sets the global
 *    `__hmosWorkerScript` (a key of `ets/workers.json`) first: the last part then runs that worker's module instead.
 *
 * 2. System modules. `import x from '@ohos.router'`, `import { hilog } from '@kit.PerformanceAnalysisKit'`,
 *    `@system.*`, and `@ohos/hypium`-style runtime-provided modules compile to a call of the global
 *    `__hmosKit(specifier)` which returns the module's namespace object (an object whose `default` is the default
 *    export and whose other keys are the named exports). Unknown members throw UNSUPPORTED_API when called.
 *
 * 3. Pages. Every `@Entry` struct ends with
 *      registerNamedRoute(() => new Index(undefined, {}, storage?), routeName,
 *        { bundleName, moduleName, pagePath: 'pages/Index', pageFullPath: 'entry/src/main/ets/pages/Index',
 *          integratedHsp: 'false', moduleType: 'followWithHap' })
 *    as the reference compiler emits it (`routeName` is '' unless `@Entry({routeName})`).
 *
 * 4. Module registration. The bundle's last statement is
 *      __hmosRegisterModule(registration: ModuleRegistration)
 *    naming the ability classes (by module.json5 ability name) and the intent executors, so the runtime can start
 *    `mainElement` and run intents.
 *
 * 4b. HSPs. An import of an HSP of the app by its package name compiles to `__hmosHsp(moduleName)`: the device
 *    evaluates that HSP's own bundle (installed with the app) once per app, in the app's realm; its registration
 *    carries `exports`, which every importer shares. Its pages register under
 *    `@bundle:<bundleName>/<moduleName>/ets/<pagePath>` (the URL `router.pushUrl` opens them with), its `$r()` carry
 *    its own moduleName and ids, resolved in its own resource table. An import of a file by its path into an HSP
 *    (`'profile/src/main/ets/model/X'`) compiles to `__hmosHspFile(moduleName, 'src/main/ets/model/X.ets')`: that
 *    file's module in the HSP's bundle, which lists such files in its registration's `files`.
 *
 * 5. Resources. `$r('app.string.x')` compiles to the reference shape
 *      { id: 16777216, type: 10003, params: [], bundleName, moduleName }
 *    (id from the module's resource table; -1 with `params: ['app.string.x']` when unresolved at build time) and
 *    `$rawfile('a.png')` to { id: 0, type: 30000, params: ['a.png'], bundleName, moduleName }.
 *    The runtime's resource manager resolves them with the device's qualifiers (locale, dark mode).
 */
export interface ModuleRegistration {
  bundleName: string;
  moduleName: string;
  /** module.json5 ability name → the class exported by its srcEntry (a UIAbility subclass). */
  abilities: Record<string, unknown>;
  /** extension ability name → class (e.g. backup abilities); may be empty. */
  extensionAbilities?: Record<string, unknown>;
  /** Insight-intent executors by intentName: classes (InsightIntentExecutor / InsightIntentEntryExecutor) or, for
   *  @InsightIntentFunctionMethod, `{ cls, method }`. */
  intentExecutors?: Record<string, unknown>;
  /** Page paths in main_pages.json order. */
  pages: string[];
  /** The system route table (routerMap) of the module and its HARs: what NavPathStack.pushPathByName(name) opens
   *  when the Navigation's own navDestination builder makes nothing for that name. */
  routes?: Array<{ name: string; builder: unknown; buildFunction: string; data?: unknown }>;
  /** An HSP's bundle: the namespace of its main file (Index.ets), which `__hmosHsp(moduleName)` answers to importers. */
  exports?: unknown;
  /** An HSP's bundle: the files other modules import by their path in it (`src/main/ets/…`) → their module's exports. */
  files?: Record<string, () => unknown>;
}

/** The reference's resource object, as `$r(...)` evaluates. */
export interface ResourceRef {
  id: number;
  type: number;
  params?: unknown[];
  bundleName?: string;
  moduleName?: string;
}

export const RESOURCE_TYPE = {
  color: 10001, float: 10002, string: 10003, plural: 10004, boolean: 10005, intarray: 10006, integer: 10007,
  pattern: 10008, strarray: 10009, media: 20000, rawfile: 30000, symbol: 40000,
} as const;
export type ResourceTypeName = keyof typeof RESOURCE_TYPE;
