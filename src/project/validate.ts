/**
 * Schema rules of app.json5 and module.json5 (the ones the reference toolchain enforces and that break a build or an
 * install when wrong). Each failure is a diagnostic naming the field and the rule, at the field's line.
 */
import type { Diagnostic } from '../diagnostics.js';
import { atPath, isObject, type Json5File, type JsonPath } from './json5-file.js';

export const DEVICE_TYPES = ['phone', 'tablet', '2in1', 'wearable', 'tv', 'car', 'default'] as const;
export const MODULE_TYPES = ['entry', 'feature', 'har', 'shared'] as const;
const bytes = (s: string) => Buffer.byteLength(s, 'utf8');

/** bundleName: reverse-domain with ≥ 3 segments, 7–128 bytes, segments of letters/digits/_, the first starting with a letter. */
export function bundleNameProblem(name: unknown): string | undefined {
  if (typeof name !== 'string') return 'must be a string such as "com.example.myapp"';
  if (bytes(name) < 7 || bytes(name) > 128) return `must be 7–128 bytes long (it is ${bytes(name)})`;
  const segments = name.split('.');
  if (segments.length < 3) return 'must be a reverse domain with at least three segments, such as "com.example.myapp"';
  // As app.json5's schema in the reference: the first segment starts with a letter, later ones may start with a digit
  // (atomic services are named com.atomicservice.<19 digits>).
  if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(segments[0]!)) return `segment "${segments[0]}" must start with a letter and hold only letters, digits and _`;
  const bad = segments.slice(1).find((s) => !/^[A-Za-z0-9][A-Za-z0-9_]*$/.test(s));
  if (bad !== undefined) return `segment "${bad}" must start with a letter or digit and hold only letters, digits and _`;
  return undefined;
}

export function validateApp(json: Json5File, diagnostics: Diagnostic[]): void {
  const err = (key: string, message: string) => diagnostics.push({ severity: 'error', code: 'APP_SCHEMA', message, ...atPath(json, ['app', key]) });
  const root = json.value;
  if (!isObject(root) || !isObject(root.app)) {
    diagnostics.push({ severity: 'error', code: 'APP_SCHEMA', message: 'app.json5 must hold { "app": { "bundleName": …, "versionCode": …, "versionName": … } }', ...atPath(json, ['app']) });
    return;
  }
  const app = root.app;
  const problem = bundleNameProblem(app.bundleName);
  if (problem) err('bundleName', `app.bundleName ${problem}`);
  if (app.versionCode !== undefined && (!Number.isInteger(app.versionCode) || (app.versionCode as number) < 0)) err('versionCode', 'app.versionCode must be a non-negative integer');
  if (app.versionName !== undefined && typeof app.versionName !== 'string') err('versionName', 'app.versionName must be a string such as "1.0.0"');
  if (app.bundleType !== undefined && !['app', 'atomicService', 'shared', 'appService'].includes(app.bundleType as string)) {
    err('bundleType', 'app.bundleType must be one of app, atomicService, shared, appService');
  }
}

export function validateModule(json: Json5File, diagnostics: Diagnostic[]): void {
  const err = (path: string | JsonPath, message: string) => diagnostics.push({ severity: 'error', code: 'MODULE_SCHEMA', message, ...atPath(json, ['module', ...(typeof path === 'string' ? [path] : path)]) });
  const root = json.value;
  if (!isObject(root) || !isObject(root.module)) {
    diagnostics.push({ severity: 'error', code: 'MODULE_SCHEMA', message: 'module.json5 must hold { "module": { "name": …, "type": …, … } }', ...atPath(json, ['module']) });
    return;
  }
  const m = root.module;
  if (typeof m.name !== 'string' || !m.name) err('name', 'module.name is required (a string such as "entry")');
  else if (bytes(m.name) > 31) err('name', `module.name must be at most 31 bytes (it is ${bytes(m.name)})`);
  else if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(m.name)) err('name', 'module.name must start with a letter and hold only letters, digits and _');
  if (!MODULE_TYPES.includes(m.type as (typeof MODULE_TYPES)[number])) err('type', `module.type must be one of ${MODULE_TYPES.join(', ')}`);
  if (m.deviceTypes !== undefined) {
    if (!Array.isArray(m.deviceTypes)) err('deviceTypes', 'module.deviceTypes must be an array');
    else m.deviceTypes.forEach((d: unknown, i: number) => {
      if (!DEVICE_TYPES.includes(d as (typeof DEVICE_TYPES)[number])) err(['deviceTypes', i], `unknown device type ${JSON.stringify(d) ?? String(d)} in module.deviceTypes; known: ${DEVICE_TYPES.join(', ')}`);
    });
  }
  for (const listKey of ['abilities', 'extensionAbilities'] as const) {
    const list = m[listKey];
    if (list === undefined) continue;
    if (!Array.isArray(list)) {
      err(listKey, `module.${listKey} must be an array`);
      continue;
    }
    const seen = new Set<string>();
    list.forEach((a: unknown, i: number) => {
      if (!isObject(a) || typeof a.name !== 'string') {
        err([listKey, i, 'name'], `each entry of module.${listKey} needs a "name"`);
        return;
      }
      if (seen.has(a.name)) err([listKey, i, 'name'], `ability name "${a.name}" is declared twice in module.${listKey}`);
      seen.add(a.name);
      if (typeof (a.srcEntry ?? a.srcEntrance) !== 'string') err([listKey, i, a.srcEntry === undefined && a.srcEntrance !== undefined ? 'srcEntrance' : 'srcEntry'], `${listKey} "${a.name}" needs a "srcEntry" such as "./ets/entryability/EntryAbility.ets"`);
    });
  }
  if (m.mainElement !== undefined && Array.isArray(m.abilities) && m.abilities.length > 0
    // Older projects name abilities by their full class name (`com.example.app.MainAbility`) and mainElement by the short one.
    && !m.abilities.some((a: unknown) => isObject(a) && typeof a.name === 'string' && (a.name === m.mainElement || a.name.endsWith(`.${String(m.mainElement)}`)))) {
    const byCase = m.abilities.find((a: unknown) => isObject(a) && typeof a.name === 'string' && a.name.toLowerCase() === String(m.mainElement).toLowerCase());
    if (byCase) diagnostics.push({ severity: 'warning', code: 'MODULE_SCHEMA', message: `module.mainElement "${String(m.mainElement)}" matches ability "${byCase.name}" only up to case`, ...atPath(json, ['module', 'mainElement']) });
    else err('mainElement', `module.mainElement "${String(m.mainElement)}" names no ability of module.abilities`);
  }
}
