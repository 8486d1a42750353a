/**
 * The naming rules of a new project: its name (the folder name, also the app label), its bundle name and its device
 * types. Each rule breaks with an HmosError that says the rule, so `hmos create` never writes a project the platform
 * would refuse.
 */
import { HmosError } from '../errors.js';
import { bundleNameProblem } from '../project/validate.js';
import { DEVICE_ALIASES, DEVICE_TYPES, normalizeDeviceType, type DeviceType } from '../runtime/device-profile.js';

/** JavaScript / TypeScript / ArkTS keywords and reserved words: a project named like one breaks generated code and tools. */
export const RESERVED_WORDS: ReadonlySet<string> = new Set([
  'abstract', 'any', 'as', 'async', 'await', 'boolean', 'break', 'case', 'catch', 'class', 'const', 'constructor',
  'continue', 'debugger', 'declare', 'default', 'delete', 'do', 'else', 'enum', 'export', 'extends', 'false', 'finally',
  'for', 'from', 'function', 'get', 'if', 'implements', 'import', 'in', 'instanceof', 'interface', 'is', 'keyof', 'let',
  'module', 'namespace', 'never', 'new', 'null', 'number', 'object', 'of', 'package', 'private', 'protected', 'public',
  'readonly', 'require', 'return', 'set', 'static', 'string', 'struct', 'super', 'switch', 'symbol', 'this', 'throw',
  'true', 'try', 'type', 'typeof', 'undefined', 'unique', 'unknown', 'var', 'void', 'while', 'with', 'yield',
]);

export const MAX_NAME_LENGTH = 64;
const NAME_PATTERN = /^[A-Za-z][A-Za-z0-9_-]*$/;

/** A project name: starts with a letter; then letters, digits, `_` or `-`; at most 64 characters; not a keyword. */
export function validateProjectName(name: string): string {
  const rule = 'A project name starts with a letter and contains only letters, digits, "_" and "-" (e.g. MyApp or my_app).';
  if (name.trim() === '') throw new HmosError('CREATE_INVALID_NAME', `The project name is empty. ${rule}`);
  if (/\s/.test(name)) throw new HmosError('CREATE_INVALID_NAME', `The project name "${name}" contains whitespace. ${rule}`);
  if (/^[0-9]/.test(name)) throw new HmosError('CREATE_INVALID_NAME', `The project name "${name}" starts with a digit. ${rule}`);
  if (!NAME_PATTERN.test(name)) throw new HmosError('CREATE_INVALID_NAME', `The project name "${name}" contains characters that are not allowed. ${rule}`);
  if (name.length > MAX_NAME_LENGTH) {
    throw new HmosError('CREATE_INVALID_NAME', `The project name "${name}" is ${name.length} characters long; the limit is ${MAX_NAME_LENGTH}.`);
  }
  if (RESERVED_WORDS.has(name)) {
    throw new HmosError('CREATE_INVALID_NAME', `"${name}" is a reserved word of JavaScript/ArkTS and cannot name a project. Pick another name, e.g. ${name}App.`);
  }
  return name;
}

/** `com.example.<name>`: lower case, with `-` turned into `_` (bundle names allow letters, digits and `_` only). */
export function defaultBundleName(projectName: string): string {
  return `com.example.${projectName.toLowerCase().replace(/-/g, '_')}`;
}

const SEGMENT_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_]*$/;

/**
 * The platform's bundle name rules, as `hmos build` checks app.json5 (src/project/validate.ts): reverse-domain style
 * with at least three dot-separated segments, 7 to 128 bytes, each segment of letters, digits and `_`; the first
 * starts with a letter, later ones with a letter or a digit (atomic services are `com.atomicservice.<19 digits>`).
 */
export function validateBundleName(bundleName: string): string {
  const example = 'e.g. com.example.myapp';
  const bytes = Buffer.byteLength(bundleName, 'utf8');
  if (bytes < 7 || bytes > 128) {
    throw new HmosError('CREATE_INVALID_BUNDLE_NAME', `The bundle name "${bundleName}" is ${bytes} bytes long; it must be 7 to 128 bytes (${example}).`);
  }
  const segments = bundleName.split('.');
  if (segments.length < 3) {
    throw new HmosError('CREATE_INVALID_BUNDLE_NAME', `The bundle name "${bundleName}" has ${segments.length} segment${segments.length === 1 ? '' : 's'}; it needs at least three, separated by dots (${example}).`);
  }
  for (const [i, segment] of segments.entries()) {
    if (segment === '') throw new HmosError('CREATE_INVALID_BUNDLE_NAME', `The bundle name "${bundleName}" has an empty segment (two dots in a row, or a dot at an end) (${example}).`);
    if (i === 0 && /^[0-9]/.test(segment)) {
      throw new HmosError('CREATE_INVALID_BUNDLE_NAME', `The bundle name's first segment "${segment}" starts with a digit; it must start with a letter (${example}).`);
    }
    if (!SEGMENT_PATTERN.test(segment)) {
      throw new HmosError('CREATE_INVALID_BUNDLE_NAME', `The bundle name segment "${segment}" contains characters that are not allowed; use only letters, digits and "_", starting with a letter or a digit (${example}).`);
    }
  }
  if (bundleNameProblem(bundleName)) throw new HmosError('CREATE_INVALID_BUNDLE_NAME', `The bundle name "${bundleName}" ${bundleNameProblem(bundleName)} (${example}).`);
  return bundleName;
}

/** `phone,watch` → `['phone', 'wearable']` (aliases resolved, duplicates dropped, order kept). */
export function parseDeviceTypes(list: string): DeviceType[] {
  const names = list.split(',').map((s) => s.trim()).filter((s) => s !== '');
  const valid = `Valid device types: ${DEVICE_TYPES.join(', ')} (aliases: ${Object.entries(DEVICE_ALIASES).map(([a, t]) => `${a} → ${t}`).join(', ')}).`;
  if (names.length === 0) throw new HmosError('CREATE_UNKNOWN_DEVICE_TYPE', `No device type given. ${valid}`);
  const out: DeviceType[] = [];
  for (const name of names) {
    const type = normalizeDeviceType(name);
    if (!type) throw new HmosError('CREATE_UNKNOWN_DEVICE_TYPE', `Unknown device type "${name}". ${valid}`);
    if (!out.includes(type)) out.push(type);
  }
  return out;
}
