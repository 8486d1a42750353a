/**
 * Editing an oh-package.json5 for `hmos add` / `hmos remove` without losing what people wrote in it: comments,
 * indentation, quoting and key order stay as they were (a lossless JSON5 syntax tree, @croct/json5-parser); a new
 * entry takes the style of its neighbours.
 */
import { createRequire } from 'node:module';
import type * as Json5ParserType from '@croct/json5-parser';
import { HmosError } from '../errors.js';
import { DEP_GROUPS, type DepGroup } from './manifest.js';

const { JsonParser, JsonObjectNode } = createRequire(import.meta.url)('@croct/json5-parser') as typeof Json5ParserType;

function parse(file: string, text: string): Json5ParserType.JsonObjectNode {
  try {
    return JsonParser.parse(text, JsonObjectNode);
  } catch (err) {
    const e = err as Error & { location?: { start?: { line: number; column: number } } };
    throw new HmosError('JSON5_SYNTAX', `${e.message.replace(/ at \d+:\d+\.?$/, '')}; fix the JSON5 syntax first`, { location: { file, line: e.location?.start?.line, col: e.location?.start?.column } });
  }
}

/** The text with `name: spec` in `group` (created at the end when missing); any other group's entry for it removed. */
export function setDependency(file: string, text: string, group: DepGroup, name: string, spec: string): string {
  const root = parse(file, text);
  for (const g of DEP_GROUPS) {
    if (g === group || !root.has(g)) continue;
    const other = root.get(g);
    if (other instanceof JsonObjectNode && other.has(name)) other.delete(name);
  }
  if (!root.has(group)) root.set(group, {});
  const deps = root.get(group);
  if (!(deps instanceof JsonObjectNode)) throw new HmosError('MANIFEST_INVALID', `"${group}" in ${file} is not an object; make it one ({ "name": "version" })`, { location: { file } });
  deps.set(name, spec);
  return root.toString();
}

/** The text without `name` in any dependency group, and the groups it was removed from. */
export function removeDependency(file: string, text: string, name: string): { text: string; groups: DepGroup[] } {
  const root = parse(file, text);
  const groups: DepGroup[] = [];
  for (const g of DEP_GROUPS) {
    if (!root.has(g)) continue;
    const deps = root.get(g);
    if (deps instanceof JsonObjectNode && deps.has(name)) {
      deps.delete(name);
      groups.push(g);
    }
  }
  return { text: groups.length ? root.toString() : text, groups };
}
