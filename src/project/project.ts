/**
 * The project model: one typed, validated view of a Stage-model project.
 *
 *   loadProject(dir, { module? }) → { project, diagnostics }
 *
 * `dir` is a project root (build-profile.json5 and/or AppScope/app.json5) or a module folder (src/main/module.json5),
 * in which case the project root is found above it and only that module is selected. Problems a user can fix are
 * diagnostics (all of them, at file:line:col); only "this is not a project at all" throws an HmosError.
 */
import { existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { findCaseInsensitive } from './case-path.js';
import type { Diagnostic } from '../diagnostics.js';
import { HmosError } from '../errors.js';
import type { IntentDeclaration } from '../hap/intent-manifest.js';
import { atPath, isObject, locate, readJson5File, type Json5File, type JsonPath } from './json5-file.js';
import { loadResourceTable, parseResourceRef, type ResourceTable } from './resources.js';
import { validateApp, validateModule } from './validate.js';
import { PackageGraph, type Package } from './packages.js';

export interface AbilityInfo {
  name: string;
  /** As written, e.g. `./ets/entryability/EntryAbility.ets`. */
  srcEntry: string;
  /** Absolute path. */
  file: string;
}

/** A destination of the module's system route table (module.json5 `routerMap` → `{"routerMap": [ … ]}`). */
export interface RouteInfo {
  /** What NavPathStack.pushPathByName opens it by. */
  name: string;
  /** Absolute path of its pageSourceFile (module-relative in the profile). */
  file: string;
  /** The @Builder function of that file that builds the destination. */
  buildFunction: string;
  data?: unknown;
}

export interface LocalPackage {
  /** The import specifier (the dependency name). */
  name: string;
  /** Absolute folder of the package. */
  dir: string;
  /** Its module type when it is a module of a project (`har`, `shared`). */
  moduleType?: string;
}

export interface ModuleInfo {
  name: string;
  type: string;
  /** The module folder (e.g. <root>/entry). */
  dir: string;
  /** <dir>/src/main */
  mainDir: string;
  /** <dir>/src/main/ets */
  etsDir: string;
  moduleJson: Json5File;
  /** The `module` object of module.json5. */
  config: Record<string, unknown>;
  /** main_pages.json order, e.g. `pages/Index`. */
  pages: string[];
  /** page → absolute .ets file (its real case on disk). */
  pageFiles: Map<string, string>;
  abilities: AbilityInfo[];
  extensionAbilities: AbilityInfo[];
  /** Intents of resources/base/profile/insight_intent.json (decorator intents come from the transform). */
  profileIntents: IntentDeclaration[];
  /** Its system route table (routerMap), in profile order. */
  routes: RouteInfo[];
  /** Local packages (`file:` dependencies: HARs, HSPs, archives) of this module and, transitively, of theirs. */
  localPackages: LocalPackage[];
  /** This module as a package (its oh-package.json5), in `project.packages`. */
  package?: Package;
  resources: ResourceTable;
}

export interface Project {
  root: string;
  appJson: Json5File;
  /** The `app` object of app.json5. */
  app: Record<string, unknown> & { bundleName: string };
  modules: ModuleInfo[];
  /** How every package of the project resolves its imports (ohpm's semantics). */
  packages: PackageGraph;
}

export interface LoadOptions {
  /** Select one module by name. */
  module?: string;
  /** hmos state folder (archive dependencies are unpacked into its cache). */
  homeDir?: string;
}

export function loadProject(dir: string, options: LoadOptions = {}): { project: Project; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  // One spelling of every path: the package graph keys packages by their real folders, so a project reached through
  // a symlink (a linked checkout, a symlinked home) must be loaded by its real path too — otherwise its HSPs and HARs
  // are not recognised as its own modules and are silently left out of the build.
  const start = realDir(resolve(dir));
  if (!existsSync(start) || !statSync(start).isDirectory()) {
    throw new HmosError('PROJECT_NOT_FOUND', `${start} is not a folder; pass a project root or a module folder`);
  }
  let root = start;
  let onlyModuleDir: string | undefined;
  if (existsSync(join(start, 'src/main/module.json5')) && !existsSync(join(start, 'AppScope/app.json5'))) {
    onlyModuleDir = start;
    let up = dirname(start);
    while (up !== dirname(up) && !existsSync(join(up, 'AppScope/app.json5'))) up = dirname(up);
    if (!existsSync(join(up, 'AppScope/app.json5'))) {
      throw new HmosError('PROJECT_NOT_FOUND', `no AppScope/app.json5 above the module folder ${start}; build from inside a project created by \`hmos create\` or DevEco Studio`);
    }
    root = up;
  }
  const appFile = join(root, 'AppScope/app.json5');
  if (!existsSync(appFile) && existsSync(join(root, 'build-profile.json5')) && findModuleDirs(root, []).length === 0
    && readdirSync(root).some((n) => existsSync(join(root, n, 'src/main/config.json')))) {
    throw new HmosError('PROJECT_FA_MODEL', `${root} is an FA-model project (src/main/config.json, JavaScript pages): hmos builds Stage-model ArkTS projects (AppScope/app.json5, src/main/module.json5)`, { location: { file: join(root, 'build-profile.json5') } });
  }
  if (!existsSync(appFile)) {
    throw new HmosError('PROJECT_NOT_FOUND', `${root} is not an ArkTS project: AppScope/app.json5 is missing; run \`hmos create\` or pass the project folder`, { location: { file: appFile } });
  }
  const appJson = readJson5File(appFile, diagnostics);
  if (appJson) validateApp(appJson, diagnostics);
  const app = (appJson && isObject(appJson.value) && isObject(appJson.value.app) ? appJson.value.app : {}) as Project['app'];

  const moduleDirs = findModuleDirs(root, diagnostics);
  let selected = onlyModuleDir ? [onlyModuleDir] : moduleDirs;
  const modules: ModuleInfo[] = [];
  const appResources = join(root, 'AppScope/resources');
  checkConfigSyntax([join(root, 'oh-package.json5'), join(root, 'hvigor/hvigor-config.json5'), ...selected.flatMap((d) => [join(d, 'build-profile.json5'), join(d, 'oh-package.json5')])], diagnostics);
  const packages = new PackageGraph(root, { homeDir: options.homeDir });
  for (const mdir of selected) {
    const m = loadModule(mdir, appResources, packages, diagnostics);
    if (m) modules.push(m);
  }
  if (options.module) {
    const found = modules.filter((m) => m.name === options.module);
    // A module whose module.json5 does not parse has no name yet: its errors say why, not "no such module".
    if (found.length === 0 && !diagnostics.some((d) => d.severity === 'error')) {
      throw new HmosError('MODULE_NOT_FOUND', `no module named "${options.module}"; modules: ${modules.map((m) => m.name).join(', ') || '(none)'}`);
    }
    modules.length = 0;
    for (const m of found) modules.push(m);
    selected = found.map((m) => m.dir);
  }
  // A project whose build-profile.json5 or module.json5 does not parse has no modules; its errors say why.
  if (selected.length === 0 && !diagnostics.some((d) => d.severity === 'error')) {
    // At the (empty) module list of build-profile.json5 when there is one.
    const profileFile = join(root, 'build-profile.json5');
    const profile = existsSync(profileFile) ? readJson5File(profileFile, []) : undefined;
    throw new HmosError('MODULE_NOT_FOUND', `no module found in ${root}: build-profile.json5 lists none and no */src/main/module.json5 exists`,
      profile ? { location: { file: profileFile, ...locate(profile, ['modules']) } } : {});
  }
  return { project: { root, appJson: appJson ?? { file: appFile, text: '', value: {} }, app, modules, packages }, diagnostics };
}

/**
 * The other config files hvigor reads before it builds (the project's oh-package.json5 and hvigor-config.json5, each
 * module's build-profile.json5 and oh-package.json5): the package graph reads manifests without reporting, and hmos
 * needs nothing from the rest, but one that does not parse fails the reference's build, so its syntax error is
 * reported here, at its line:col.
 */
function checkConfigSyntax(files: string[], diagnostics: Diagnostic[]): void {
  for (const file of files) if (existsSync(file)) readJson5File(file, diagnostics);
}

/** Module folders from build-profile.json5 `modules[].srcPath`, or every direct sub-folder with src/main/module.json5 when it lists none. */
function findModuleDirs(root: string, diagnostics: Diagnostic[]): string[] {
  const profileFile = join(root, 'build-profile.json5');
  if (existsSync(profileFile)) {
    const profile = readJson5File(profileFile, diagnostics);
    if (!profile) return [];
    const mods = isObject(profile.value) ? profile.value.modules : undefined;
    if (Array.isArray(mods)) {
      const dirs: string[] = [];
      mods.forEach((m: unknown, i: number) => {
        if (!isObject(m) || typeof m.srcPath !== 'string') {
          diagnostics.push({ severity: 'error', code: 'PROFILE_SCHEMA', message: 'each build-profile.json5 modules[] entry needs "name" and "srcPath"', ...atPath(profile, ['modules', i, 'srcPath']) });
          return;
        }
        const d = resolve(root, m.srcPath);
        if (!existsSync(join(d, 'src/main/module.json5'))) {
          diagnostics.push({ severity: 'error', code: 'MODULE_MISSING', message: `module "${String(m.name)}" (srcPath ${m.srcPath}) has no src/main/module.json5`, ...atPath(profile, ['modules', i, 'srcPath']) });
          return;
        }
        dirs.push(d);
      });
      return dirs;
    }
  }
  return readdirSync(root).sort().map((n) => join(root, n)).filter((d) => existsSync(join(d, 'src/main/module.json5')));
}

/**
 * One source set of a module folder as a module: `main` (what loadProject loads) or `ohosTest` (the instrumented-test
 * module, with its own module.json5, pages and resources, and the module folder's package dependencies). hvigor
 * compiles another source set with the module's main resources under its own, so its module.json5 may refer to a
 * resource only `src/main/resources` defines.
 */
export function loadModuleSourceSet(dir: string, appResources: string, packages: PackageGraph, diagnostics: Diagnostic[], sourceSet = 'main'): ModuleInfo | undefined {
  return loadModule(dir, appResources, packages, diagnostics, sourceSet, sourceSet === 'main' ? [] : [join(dir, 'src', 'main', 'resources')]);
}

function loadModule(dir: string, appResources: string, packages: PackageGraph, diagnostics: Diagnostic[], sourceSet = 'main', baseResources: string[] = []): ModuleInfo | undefined {
  const mainDir = join(dir, 'src', sourceSet);
  const moduleJson = readJson5File(join(mainDir, 'module.json5'), diagnostics);
  if (!moduleJson) return undefined;
  const before = diagnostics.length;
  validateModule(moduleJson, diagnostics);
  if (!isObject(moduleJson.value) || !isObject(moduleJson.value.module)) return undefined;
  const config = moduleJson.value.module;
  const name = typeof config.name === 'string' ? config.name : 'entry';
  const etsDir = join(mainDir, 'ets');

  const pkg = packages.packageInDir(realDir(dir)) ?? undefined;
  const localPackages: LocalPackage[] = pkg
    ? packages.localClosure(pkg, diagnostics).map(({ pkg: p, dep }) => ({ name: dep.name, dir: p.dir, ...(p.moduleType ? { moduleType: p.moduleType } : {}) }))
    : [];
  const resourceDirs = [appResources, ...localPackages.map((p) => join(p.dir, 'src/main/resources')), ...baseResources, join(mainDir, 'resources')];
  const resources = loadResourceTable(resourceDirs, diagnostics);
  const readProfile = profileReader(diagnostics);

  // Resource references in module.json5 must resolve.
  for (const ref of collectRefs(config)) {
    const r = parseResourceRef(ref.value)!;
    if (!resources.byKey.has(`${r.type}.${r.name}`)) {
      diagnostics.push({ severity: 'error', code: 'RES_UNRESOLVED', message: `${ref.name} refers to ${ref.value}, which no resources/*/${r.type === 'media' || r.type === 'profile' ? r.type : 'element'} folder defines`, ...atPath(moduleJson, ['module', ...ref.path]) });
    } else if (r.type === 'profile') {
      // hvigor reads the profiles a module refers to (pages, metadata, forms…): one that does not parse fails the build.
      const entry = resources.byKey.get(`profile.${r.name}`)!;
      for (const v of Object.values(entry.values)) if (v.file.endsWith('.json')) readProfile(v.file);
    }
  }

  const pageFiles = new Map<string, string>();
  const pages = loadPages(config, resources, moduleJson, etsDir, diagnostics, pageFiles, readProfile);
  const abilities = loadAbilities(config.abilities, 'abilities', mainDir, moduleJson, diagnostics);
  const extensionAbilities = loadAbilities(config.extensionAbilities, 'extensionAbilities', mainDir, moduleJson, diagnostics);
  const profileIntents = loadProfileIntents(resources, diagnostics, readProfile);
  const routes = loadRoutes(config, resources, dir, readProfile, diagnostics);
  if (diagnostics.length > before && diagnostics.slice(before).some((d) => d.severity === 'error' && d.code === 'MODULE_SCHEMA' && /module\.name/.test(d.message))) {
    return undefined;
  }
  return { name, type: String(config.type ?? 'entry'), dir, mainDir, etsDir, moduleJson, config, pages, pageFiles, abilities, extensionAbilities, profileIntents, routes, localPackages, ...(pkg ? { package: pkg } : {}), resources };
}

/**
 * The system route table: `"routerMap": "$profile:route_map"` → `{"routerMap": [{ name, pageSourceFile, buildFunction,
 * data? }]}`, pageSourceFile relative to the module folder. An entry that cannot be used is a warning naming it (the
 * app fails only when it navigates there); a missing profile is RES_UNRESOLVED, reported with the other references.
 */
function loadRoutes(config: Record<string, unknown>, resources: ResourceTable, dir: string, readProfile: ProfileReader, diagnostics: Diagnostic[]): RouteInfo[] {
  const ref = parseResourceRef(config.routerMap);
  if (!ref || ref.type !== 'profile') return [];
  const entry = resources.byKey.get(`profile.${ref.name}`);
  const base = entry && (entry.values.base ?? Object.values(entry.values)[0]);
  const json = base && base.file.endsWith('.json') ? readProfile(base.file) : undefined;
  if (!json) return [];
  const list = isObject(json.value) ? json.value.routerMap : undefined;
  if (!Array.isArray(list)) {
    diagnostics.push({ severity: 'warning', code: 'ROUTER_MAP_SCHEMA', message: `${ref.name}.json should be {"routerMap": [{ "name", "pageSourceFile", "buildFunction" }, …]}; its routes are ignored`, ...atPath(json, ['routerMap']) });
    return [];
  }
  const out: RouteInfo[] = [];
  for (const [i, r] of list.entries()) {
    if (!isObject(r) || typeof r.name !== 'string' || typeof r.pageSourceFile !== 'string' || typeof r.buildFunction !== 'string') {
      diagnostics.push({ severity: 'warning', code: 'ROUTER_MAP_SCHEMA', message: `route ${i + 1} of ${ref.name}.json needs a name, a pageSourceFile and a buildFunction (strings); it is ignored`, ...atPath(json, ['routerMap', i]) });
      continue;
    }
    const file = resolve(dir, r.pageSourceFile);
    const found = existsSync(file) ? file : findCaseInsensitive(file);
    if (!found) {
      diagnostics.push({ severity: 'warning', code: 'ROUTER_MAP_PAGE_MISSING', message: `route "${r.name}": pageSourceFile ${r.pageSourceFile} does not exist; pushPathByName('${r.name}') will find no destination`, ...atPath(json, ['routerMap', i, 'pageSourceFile']) });
      continue;
    }
    if (out.some((o) => o.name === r.name)) {
      diagnostics.push({ severity: 'warning', code: 'ROUTER_MAP_DUPLICATE', message: `route "${r.name}" is listed twice; the first is used`, ...atPath(json, ['routerMap', i, 'name']) });
      continue;
    }
    out.push({ name: r.name, file: found, buildFunction: r.buildFunction, ...(r.data !== undefined ? { data: r.data } : {}) });
  }
  return out;
}

function loadPages(config: Record<string, unknown>, resources: ResourceTable, moduleJson: Json5File, etsDir: string, diagnostics: Diagnostic[], pageFiles: Map<string, string>, readProfile: ProfileReader): string[] {
  const ref = parseResourceRef(config.pages);
  if (config.pages === undefined) return [];
  if (!ref || ref.type !== 'profile') {
    diagnostics.push({ severity: 'error', code: 'MODULE_SCHEMA', message: 'module.pages must be a profile reference such as "$profile:main_pages"', ...atPath(moduleJson, ['module', 'pages']) });
    return [];
  }
  const entry = resources.byKey.get(`profile.${ref.name}`);
  if (!entry) return []; // reported as RES_UNRESOLVED
  const base = entry.values.base ?? Object.values(entry.values)[0]!;
  const json = readProfile(base.file);
  if (!json) return [];
  const src = isObject(json.value) ? json.value.src : undefined;
  if (!Array.isArray(src) || src.some((s) => typeof s !== 'string')) {
    const bad = Array.isArray(src) ? ['src', src.findIndex((s) => typeof s !== 'string')] : ['src'];
    diagnostics.push({ severity: 'error', code: 'PAGES_SCHEMA', message: `${ref.name}.json must be {"src": ["pages/Index", …]}`, ...atPath(json, bad) });
    return [];
  }
  const pages: string[] = [];
  for (const [i, page] of (src as string[]).entries()) {
    // Located only for a diagnostic: locating builds the file's syntax tree (a list of 200 pages: ~10 ms).
    const loc = () => atPath(json, ['src', i]);
    const pageFile = join(etsDir, `${page}.ets`);
    const caseMatch = existsSync(pageFile) ? pageFile : findCaseInsensitive(pageFile);
    if (caseMatch && caseMatch !== pageFile) {
      diagnostics.push({ severity: 'warning', code: 'PATH_CASE', message: `page "${page}" differs in case from ets/${relative(etsDir, caseMatch)}; fix the case (Linux file systems are case-sensitive)`, ...loc() });
    }
    if (!caseMatch) {
      diagnostics.push({ severity: 'error', code: 'PAGE_MISSING', message: `page "${page}" is listed but ets/${page}.ets does not exist; create it or remove it from ${ref.name}.json`, ...loc() });
      continue;
    }
    if (pages.includes(page)) {
      diagnostics.push({ severity: 'warning', code: 'PAGE_DUPLICATE', message: `page "${page}" is listed twice`, ...loc() });
      continue;
    }
    pages.push(page);
    pageFiles.set(page, caseMatch);
  }
  return pages;
}

function loadAbilities(list: unknown, key: string, mainDir: string, moduleJson: Json5File, diagnostics: Diagnostic[]): AbilityInfo[] {
  if (!Array.isArray(list)) return [];
  const out: AbilityInfo[] = [];
  for (const [i, a] of list.entries()) {
    if (!isObject(a) || typeof a.name !== 'string') continue;
    const srcEntry = (a.srcEntry ?? a.srcEntrance) as unknown;
    if (typeof srcEntry !== 'string') continue;
    const where = () => atPath(moduleJson, ['module', key, i, a.srcEntry !== undefined ? 'srcEntry' : 'srcEntrance']);
    let file = resolve(mainDir, srcEntry);
    const caseMatch = existsSync(file) ? file : findCaseInsensitive(file);
    if (caseMatch && caseMatch !== file) {
      diagnostics.push({ severity: 'warning', code: 'PATH_CASE', message: `${key} "${a.name}": srcEntry ${srcEntry} differs in case from ${relative(mainDir, caseMatch)}; fix the case (Linux file systems are case-sensitive)`, ...where() });
      file = caseMatch;
    }
    if (!existsSync(file)) {
      diagnostics.push({ severity: 'error', code: 'SRC_ENTRY_MISSING', message: `${key} "${a.name}": srcEntry ${srcEntry} does not exist`, ...where() });
      continue;
    }
    out.push({ name: a.name, srcEntry, file });
  }
  return out;
}

function loadProfileIntents(resources: ResourceTable, diagnostics: Diagnostic[], readProfile: ProfileReader): IntentDeclaration[] {
  const entry = resources.byKey.get('profile.insight_intent');
  const v = entry?.values.base;
  if (!v) return [];
  const json = readProfile(v.file);
  if (!json) return [];
  const list = isObject(json.value) ? json.value.insightIntents : undefined;
  if (!Array.isArray(list)) {
    diagnostics.push({ severity: 'error', code: 'INTENT_SCHEMA', message: 'insight_intent.json must be {"insightIntents": [ … ]}', ...atPath(json, ['insightIntents']) });
    return [];
  }
  const out: IntentDeclaration[] = [];
  for (const [i, it] of list.entries()) {
    if (!isObject(it) || typeof it.intentName !== 'string' || typeof it.srcEntry !== 'string') {
      const missing = !isObject(it) ? [] : typeof it.intentName !== 'string' ? ['intentName'] : ['srcEntry'];
      diagnostics.push({ severity: 'error', code: 'INTENT_SCHEMA', message: 'each insight intent needs "intentName" and "srcEntry"', ...atPath(json, ['insightIntents', i, ...missing]) });
      continue;
    }
    const loc = atPath(json, ['insightIntents', i, 'intentName']);
    const ui = isObject(it.uiAbility) ? it.uiAbility : undefined;
    out.push({
      kind: 'executor', intentName: it.intentName, srcEntry: it.srcEntry,
      ...(typeof it.domain === 'string' ? { domain: it.domain } : {}),
      ...(typeof it.intentVersion === 'string' ? { intentVersion: it.intentVersion } : {}),
      ...(typeof it.displayName === 'string' ? { displayName: it.displayName } : {}),
      ...(typeof it.displayDescription === 'string' ? { displayDescription: it.displayDescription } : {}),
      ...(typeof it.llmDescription === 'string' ? { llmDescription: it.llmDescription } : {}),
      ...(Array.isArray(it.keywords) ? { keywords: it.keywords as string[] } : {}),
      ...(isObject(it.parameters) ? { parameters: it.parameters } : it.parameters !== undefined ? { parameters: it.parameters as never } : {}),
      ...(isObject(it.result) ? { result: it.result } : {}),
      ...(ui && typeof ui.ability === 'string' ? { abilityName: ui.ability } : {}),
      ...(ui && Array.isArray(ui.executeMode) ? { executeMode: ui.executeMode as ('foreground' | 'background')[] } : {}),
      source: { file: json.file, line: loc.line ?? 1, col: loc.col ?? 1 },
    });
  }
  return out;
}

function realDir(dir: string): string {
  try {
    return realpathSync(dir);
  } catch {
    return dir;
  }
}

/**
 * Every resource reference (`$string:app_name`…) among the values of module.json5's `module`, with its path.
 * Iterative: the value is at most MAX_JSON5_DEPTH deep, but nothing here should depend on that.
 */
function collectRefs(root: unknown): { name: string; path: JsonPath; value: string }[] {
  const out: { name: string; path: JsonPath; value: string }[] = [];
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value: root, path: [] }];
  while (stack.length > 0) {
    const { value, path } = stack.pop()!;
    if (parseResourceRef(value)) {
      out.push({ name: 'module' + path.map((p) => (typeof p === 'number' ? `[${p}]` : `.${p}`)).join(''), path, value: value as string });
    } else if (Array.isArray(value)) {
      for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], path: [...path, i] });
    } else if (isObject(value)) {
      const keys = Object.keys(value);
      for (let i = keys.length - 1; i >= 0; i--) stack.push({ value: value[keys[i]!], path: [...path, keys[i]!] });
    }
  }
  return out;
}

type ProfileReader = (file: string) => Json5File | undefined;

/** Reads each profile JSON file once (a module refers to main_pages for pages and may for metadata): one report each. */
function profileReader(diagnostics: Diagnostic[]): ProfileReader {
  const read = new Map<string, Json5File | undefined>();
  return (file) => {
    if (!read.has(file)) read.set(file, readJson5File(file, diagnostics));
    return read.get(file);
  };
}
