/**
 * Compiling a module's tests with the project's build pipeline (the same transform, resolution — devDependencies
 * included — and packaging as `hmos build`):
 *
 *   local     `<module>/src/test/`: List.test.ets (or every *.test.ets when there is no list) with the module's
 *             code it imports, as a bundle that only runs the tests;
 *   ohosTest  `<module>/src/ohosTest/`: its own module.json5, pages, abilities, resources and TestRunner, together
 *             with the module's own pages and abilities — one bundle, so a UI test and the app it drives share one
 *             app realm (as the test HAP and the app share one process on a device) — packed as
 *             `<module>/build/default/outputs/ohosTest/<module>-ohosTest-signed.hap`.
 *
 * Each test bundle's entry ends with `__hmosTestRegister({ suites, runner })` for the test kit (realm/delegator.ts).
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { Diagnostic } from '../diagnostics.js';
import { appendAll } from '../util/arrays.js';
import { buildProject } from '../compiler/build.js';
import { ModuleBundler } from '../compiler/bundle.js';
import { startEsbuildService } from '../compiler/esbuild-service.js';
import { packModule, writeHap } from '../compiler/package.js';
import { loadDefaultTransform } from '../compiler/transform-loader.js';
import { loadOrCreateDeveloperKey } from '../hap/signing-key.js';
import { unpackHap, verifyHap } from '../hap/hap.js';
import { packAppPack } from '../hap/shared-packages.js';
import { loadModuleSourceSet, type ModuleInfo, type Project } from '../project/project.js';
import { loadResourceTable } from '../project/resources.js';

export type TestKind = 'local' | 'ohosTest';

export interface TestSources {
  kind: TestKind;
  /** The source-set folder (`src/test` or `src/ohosTest`). */
  dir: string;
  /** List.test.ets, when there is one. */
  list?: string;
  /** Test files found (`*.test.ets`/`*.test.ts`), for a run without a list. */
  files: string[];
  /** The project's TestRunner (ohosTest/ets/testrunner/*), when there is one. */
  runner?: string;
}

export interface TestBuild {
  ok: boolean;
  diagnostics: Diagnostic[];
  entries?: Map<string, Uint8Array>;
  /** The signed test HAP, as the test devices install it. */
  hapBytes?: Uint8Array;
  /** Where the test HAP was written (ohosTest). */
  hap?: string;
  useRunner: boolean;
  moduleName: string;
  ms: number;
}

/** What tests a module has of `kind`; undefined when it has none. */
export function findTestSources(module: ModuleInfo, kind: TestKind): TestSources | undefined {
  const dir = join(module.dir, 'src', kind === 'local' ? 'test' : 'ohosTest');
  if (!isDir(dir)) return undefined;
  const etsDir = kind === 'local' ? dir : join(dir, 'ets');
  const testDir = kind === 'local' ? dir : join(etsDir, 'test');
  const list = ['List.test.ets', 'List.test.ts'].map((f) => join(testDir, f)).find(isFile);
  const files = walk(kind === 'local' ? dir : etsDir).filter((f) => /\.test\.(ets|ts)$/.test(f) && !/[\\/]List\.test\.(ets|ts)$/.test(f));
  const runnerDir = join(etsDir, 'testrunner');
  const runner = kind === 'ohosTest' && isDir(runnerDir) ? readdirSync(runnerDir).sort().map((f) => join(runnerDir, f)).find((f) => /\.(ets|ts)$/.test(f) && isFile(f)) : undefined;
  if (!list && files.length === 0 && !runner) return undefined;
  return { kind, dir, list, files, runner };
}

export async function buildTests(project: Project, module: ModuleInfo, sources: TestSources, options: { homeDir?: string; deviceTypes?: string[] } = {}): Promise<TestBuild> {
  const t0 = performance.now();
  const diagnostics: Diagnostic[] = [];
  let target: ModuleInfo | undefined = module;
  const appResources = join(project.root, 'AppScope/resources');
  if (sources.kind === 'ohosTest') {
    target = testModule(project, module, sources, appResources, diagnostics);
    if (!target) return { ok: false, diagnostics, useRunner: false, moduleName: `${module.name}_test`, ms: performance.now() - t0 };
  } else {
    target = { ...module, pages: [], pageFiles: new Map(), abilities: [], extensionAbilities: [], profileIntents: [] };
  }
  // A module that declares no device types (the platform's conformance suites leave the list empty for their build
  // to fill) is packed for the devices its tests run on, so that they install there.
  const declared = target.config.deviceTypes;
  if ((!Array.isArray(declared) || declared.length === 0) && options.deviceTypes?.length) target = { ...target, config: { ...target.config, deviceTypes: options.deviceTypes } };
  startEsbuildService();
  const transform = await loadDefaultTransform();
  const bundler = new ModuleBundler(project, target, { mode: 'debug', transform, entryAppend: registration(sources) });
  try {
    const out = await bundler.build();
    appendAll(diagnostics, out.diagnostics);
    if (diagnostics.some((d) => d.severity === 'error')) return { ok: false, diagnostics, useRunner: false, moduleName: target.name, ms: performance.now() - t0 };
    const key = loadOrCreateDeveloperKey(options.homeDir);
    const bytes = await packModule(project, target, out, 'debug', key);
    let hap: string | undefined;
    if (sources.kind === 'ohosTest') {
      hap = join(module.dir, 'build', 'default', 'outputs', 'ohosTest', `${module.name}-ohosTest-signed.hap`);
      writeHap(hap, bytes);
    }
    const entries = verifyHap(await unpackHap(bytes)).entries;
    // The HSPs the tests load (module.json `dependencies`) are built and installed with the test HAP, as the
    // reference's test task installs them: one app pack (a device refuses a HAP whose HSPs it does not have).
    const hsps = await buildSharedPackages(project, out.sharedModules, options.homeDir, diagnostics);
    if (!hsps) return { ok: false, diagnostics, useRunner: false, moduleName: target.name, ms: performance.now() - t0 };
    const hapBytes = hsps.length ? packAppPack([{ module: target.name, type: 'hap', bytes }, ...hsps]) : bytes;
    return { ok: true, diagnostics, entries, hapBytes, hap, useRunner: sources.runner !== undefined, moduleName: target.name, ms: performance.now() - t0 };
  } finally {
    await bundler.dispose();
  }
}

/** Builds each HSP module the tests load (as `hmos build --module <name>` does, into its usual output); undefined on errors. */
async function buildSharedPackages(project: Project, names: readonly string[], homeDir: string | undefined, diagnostics: Diagnostic[]): Promise<{ module: string; type: 'hsp'; bytes: Uint8Array }[] | undefined> {
  const out: { module: string; type: 'hsp'; bytes: Uint8Array }[] = [];
  for (const name of names) {
    const result = await buildProject(project.root, { module: name, mode: 'debug', ...(homeDir ? { homeDir } : {}) });
    appendAll(diagnostics, result.diagnostics);
    const built = result.modules.find((m) => m.name === name && m.hap?.endsWith('.hsp'));
    if (!result.ok || !built?.hap) return undefined;
    out.push({ module: name, type: 'hsp', bytes: readFileSync(built.hap) });
  }
  return out;
}

/** The ohosTest source set merged with the module it tests: both modules' pages and abilities, one resource table. */
function testModule(project: Project, module: ModuleInfo, sources: TestSources, appResources: string, diagnostics: Diagnostic[]): ModuleInfo | undefined {
  const hasManifest = isFile(join(sources.dir, 'module.json5'));
  const test = hasManifest ? loadModuleSourceSet(module.dir, appResources, project.packages, diagnostics, 'ohosTest') : undefined;
  if (hasManifest && !test) return undefined;
  const pageFiles = new Map([...module.pageFiles, ...(test?.pageFiles ?? [])]);
  const resources = loadResourceTable([appResources, ...module.localPackages.map((p) => join(p.dir, 'src/main/resources')), join(module.mainDir, 'resources'), join(sources.dir, 'resources')], diagnostics);
  const testConfig = test?.config ?? { name: `${module.name}_test`, type: 'feature' };
  const permissions = [...asArray(module.config.requestPermissions), ...asArray(testConfig.requestPermissions)];
  const config = {
    ...testConfig,
    deviceTypes: module.config.deviceTypes,
    abilities: [...asArray(module.config.abilities), ...asArray(testConfig.abilities)],
    ...(permissions.length ? { requestPermissions: permissions } : {}),
  };
  const base = test ?? { ...module, name: String(testConfig.name), type: 'feature', mainDir: sources.dir, etsDir: join(sources.dir, 'ets') };
  return {
    ...base,
    config,
    pages: [...module.pages, ...(test?.pages ?? []).filter((p) => !module.pages.includes(p))],
    pageFiles,
    abilities: [...module.abilities, ...(test?.abilities ?? []).filter((a) => !module.abilities.some((m) => m.name === a.name))],
    extensionAbilities: module.extensionAbilities,
    profileIntents: [],
    localPackages: module.localPackages,
    resources,
  };
}

/** The entry statements that hand the test list and runner to the test kit. */
function registration(s: TestSources): string {
  const lines: string[] = [];
  let suites = 'undefined';
  if (s.list) {
    lines.push(`import * as __hmosTestList from ${JSON.stringify(s.list)};`);
    suites = '__hmosTestList.default';
  } else if (s.files.length) {
    s.files.forEach((f, i) => lines.push(`import * as __hmosTestFile${i} from ${JSON.stringify(f)};`));
    suites = `function () { ${s.files.map((_, i) => `if (typeof __hmosTestFile${i}.default === "function") __hmosTestFile${i}.default();`).join(' ')} }`;
  }
  let runner = 'undefined';
  if (s.runner) {
    lines.push(`import * as __hmosTestRunner from ${JSON.stringify(s.runner)};`);
    runner = '__pick(__hmosTestRunner)';
  }
  lines.push(`__hmosTestRegister({ suites: ${suites}, runner: ${runner} });`);
  return lines.join('\n');
}

const asArray = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

function isFile(p: string): boolean {
  try { return statSync(p).isFile(); } catch { return false; }
}
function isDir(p: string): boolean {
  try { return statSync(p).isDirectory(); } catch { return false; }
}
function walk(dir: string, out: string[] = []): string[] {
  let names: string[];
  try { names = readdirSync(dir).sort(); } catch { return out; }
  for (const n of names) {
    const p = join(dir, n);
    if (isDir(p)) { if (n !== 'node_modules' && n !== 'oh_modules' && n !== 'build') walk(p, out); } else out.push(p);
  }
  return out;
}
