/**
 * The module's intent list for `ets/intents.json`: insight_intent.json intents plus the transform's decorator
 * intents, validated — unique intentName, `parameters` an object JSON Schema, srcEntry and pagePath that exist.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { IntentDeclaration } from '../hap/intent-manifest.js';
import type { Diagnostic } from '../diagnostics.js';

export function validateIntents(intents: IntentDeclaration[], mainDir: string, pages: string[], diagnostics: Diagnostic[]): IntentDeclaration[] {
  const seen = new Map<string, IntentDeclaration>();
  const ok: IntentDeclaration[] = [];
  for (const it of intents) {
    const where = it.source ? { file: it.source.file, line: it.source.line, col: it.source.col } : {};
    const fail = (message: string) => diagnostics.push({ severity: 'error', code: 'INTENT_INVALID', message: `intent "${it.intentName}": ${message}`, ...where });
    const before = diagnostics.length;
    if (!/^[A-Za-z][A-Za-z0-9_]*$/.test(it.intentName)) fail('intentName must start with a letter and hold only letters, digits and _');
    const dup = seen.get(it.intentName);
    if (dup) fail(`intentName is declared twice${dup.source ? ` (first at ${dup.source.file}:${dup.source.line})` : ''}; intent names must be unique in a module`);
    if (it.parameters !== undefined) {
      const p = it.parameters as unknown;
      if (typeof p !== 'object' || p === null || Array.isArray(p)) fail('parameters must be a JSON Schema object such as {"type": "object", "properties": {…}}');
      else if ('type' in p && (p as { type: unknown }).type !== 'object') fail(`parameters must describe an object (its "type" is ${JSON.stringify((p as { type: unknown }).type)})`);
      else if ('properties' in p && (typeof (p as { properties: unknown }).properties !== 'object' || (p as { properties: unknown }).properties === null)) fail('parameters.properties must be an object');
    }
    if (!it.srcEntry || !existsSync(resolve(mainDir, it.srcEntry))) fail(`srcEntry ${it.srcEntry ?? '(none)'} does not exist`);
    if (it.kind === 'page' && it.pagePath && !pages.includes(it.pagePath)) fail(`pagePath "${it.pagePath}" is not a page of main_pages.json`);
    if (diagnostics.length === before) {
      seen.set(it.intentName, it);
      ok.push(it);
    }
  }
  return ok;
}
