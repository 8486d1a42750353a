/**
 * A validator for the JSON Schema subset intents use: type (one or a list), properties, required,
 * additionalProperties: false, enum, const, minimum/maximum/exclusiveMinimum/exclusiveMaximum, minLength/maxLength,
 * pattern, items, minItems/maxItems, and format date / date-time / time. Unknown keywords are ignored, as JSON Schema
 * says. Parameters that fail are never executed.
 */
import type { JsonSchema } from '../hap/intent-manifest.js';

export interface SchemaError {
  /** JSON-pointer-like path, e.g. `/level` or `/tags/0`. */
  path: string;
  /** The top-level parameter the error is about (first path segment), if any. */
  param?: string;
  keyword: string;
  message: string;
}

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME = /^([01]\d|2[0-3]):([0-5]\d):([0-5]\d|60)(\.\d+)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)$/i;

function validDate(s: string): boolean {
  const m = DATE.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, mo, 0)).getUTCDate();
}

const FORMATS: Record<string, (s: string) => boolean> = {
  date: validDate,
  time: (s) => TIME.test(s),
  'date-time': (s) => {
    const i = s.search(/[Tt ]/);
    return i === 10 && validDate(s.slice(0, 10)) && TIME.test(s.slice(11));
  },
};

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

function matchesType(v: unknown, type: string): boolean {
  switch (type) {
    case 'integer': return typeof v === 'number' && Number.isInteger(v);
    case 'number': return typeof v === 'number' && Number.isFinite(v);
    case 'object': return typeOf(v) === 'object';
    default: return typeOf(v) === type;
  }
}

export function validate(value: unknown, schema: JsonSchema | undefined): SchemaError[] {
  const errors: SchemaError[] = [];
  if (schema) check(value, schema, '', errors);
  return errors;
}

function check(v: unknown, s: JsonSchema, path: string, errors: SchemaError[]): void {
  const err = (keyword: string, message: string) => {
    const param = path.split('/')[1];
    errors.push({ path: path || '/', ...(param ? { param } : {}), keyword, message });
  };
  const label = path ? path.slice(1).replace(/\//g, '.') : 'parameters';
  if (s.type !== undefined) {
    const types = Array.isArray(s.type) ? (s.type as string[]) : [s.type as string];
    if (!types.some((t) => matchesType(v, t))) {
      err('type', `${label} must be ${types.join(' or ')} (got ${typeOf(v)})`);
      return;
    }
  }
  if (Array.isArray(s.enum) && !s.enum.some((e) => e === v)) {
    err('enum', `${label} must be one of ${s.enum.map((e) => JSON.stringify(e)).join(', ')} (got ${JSON.stringify(v)})`);
  }
  if ('const' in s && s.const !== v) err('const', `${label} must be ${JSON.stringify(s.const)}`);
  if (typeof v === 'number') {
    if (typeof s.minimum === 'number' && v < s.minimum) err('minimum', `${label} must be at least ${s.minimum} (got ${v})`);
    if (typeof s.maximum === 'number' && v > s.maximum) err('maximum', `${label} must be at most ${s.maximum} (got ${v})`);
    if (typeof s.exclusiveMinimum === 'number' && v <= s.exclusiveMinimum) err('exclusiveMinimum', `${label} must be more than ${s.exclusiveMinimum} (got ${v})`);
    if (typeof s.exclusiveMaximum === 'number' && v >= s.exclusiveMaximum) err('exclusiveMaximum', `${label} must be less than ${s.exclusiveMaximum} (got ${v})`);
  }
  if (typeof v === 'string') {
    const len = [...v].length;
    if (typeof s.minLength === 'number' && len < s.minLength) err('minLength', `${label} must have at least ${s.minLength} character(s)`);
    if (typeof s.maxLength === 'number' && len > s.maxLength) err('maxLength', `${label} must have at most ${s.maxLength} characters (got ${len})`);
    if (typeof s.pattern === 'string') {
      let re: RegExp | undefined;
      try { re = new RegExp(s.pattern, 'u'); } catch { /* an invalid pattern in a manifest is ignored, not fatal */ }
      if (re && !re.test(v)) err('pattern', `${label} must match ${s.pattern}`);
    }
    if (typeof s.format === 'string' && FORMATS[s.format] && !FORMATS[s.format](v)) {
      err('format', `${label} must be a ${s.format} (got ${JSON.stringify(v)})`);
    }
  }
  if (Array.isArray(v)) {
    if (typeof s.minItems === 'number' && v.length < s.minItems) err('minItems', `${label} must have at least ${s.minItems} item(s)`);
    if (typeof s.maxItems === 'number' && v.length > s.maxItems) err('maxItems', `${label} must have at most ${s.maxItems} items`);
    if (s.items && typeof s.items === 'object' && !Array.isArray(s.items)) {
      v.forEach((item, i) => check(item, s.items as JsonSchema, `${path}/${i}`, errors));
    }
  }
  if (typeOf(v) === 'object') {
    const obj = v as Record<string, unknown>;
    const props = (s.properties ?? {}) as Record<string, JsonSchema>;
    if (Array.isArray(s.required)) {
      for (const r of s.required as string[]) {
        if (obj[r] === undefined) errors.push({ path: `${path}/${r}`, param: path ? path.split('/')[1] : r, keyword: 'required', message: `${path ? label + '.' : ''}${r} is required` });
      }
    }
    for (const [k, val] of Object.entries(obj)) {
      if (val === undefined) continue;
      if (props[k]) check(val, props[k], `${path}/${k}`, errors);
      else if (s.additionalProperties === false) err('additionalProperties', `unknown parameter ${JSON.stringify(k)}`);
      else if (s.additionalProperties && typeof s.additionalProperties === 'object') check(val, s.additionalProperties as JsonSchema, `${path}/${k}`, errors);
    }
  }
}
