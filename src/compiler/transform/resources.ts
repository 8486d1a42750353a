/**
 * `$r('app.string.x')` / `$rawfile('a.png')` → the reference resource object (src/runtime/abi.ts, item 5), with the id
 * looked up in the module's resource table at build time.
 */
import { ts } from '../parse.js';
import { RESOURCE_TYPE, type ResourceTypeName } from '../../runtime/abi.js';
import type { TransformContext } from './context.js';

export function lowerResourceCall(ctx: TransformContext, call: ts.CallExpression, callee: '$r' | '$rawfile'): string {
  const { bundleName, moduleName } = ctx.options;
  const names = `bundleName: ${JSON.stringify(bundleName)}, moduleName: ${JSON.stringify(moduleName)}`;
  const [first, ...rest] = call.arguments;
  const extra = rest.map((a) => ctx.rewrite(a));
  if (callee === '$rawfile') {
    const arg = first ? ctx.rewrite(first) : '""';
    // As the reference: id 0 marks a name known at build time (a plain string literal), -1 one known only at run time.
    const id = first && ts.isStringLiteral(first) ? 0 : -1;
    return `{ id: ${id}, type: ${RESOURCE_TYPE.rawfile}, params: [${arg}], ${names} }`;
  }
  if (!first || !ts.isStringLiteralLike(first)) {
    // A computed name: the runtime resolves it by name.
    const params = [first ? ctx.rewrite(first) : '""', ...extra].join(', ');
    return `{ id: -1, type: -1, params: [${params}], ${names} }`;
  }
  const ref = first.text;
  const m = /^(app|sys)\.([a-z]+)\.(\w+)$/.exec(ref);
  if (!m || !(m[2] in RESOURCE_TYPE)) {
    // a warning, not an error: the runtime still resolves the object by name (and reports it when that fails)
    ctx.diag(first, 'ETS_RESOURCE_REF', `'${ref}' is not a resource reference; write $r('app.<type>.<name>'), e.g. $r('app.string.title')`, 'warning');
    return `{ id: -1, type: -1, params: [${[JSON.stringify(ref), ...extra].join(', ')}], ${names} }`;
  }
  const scope = m[1] as 'app' | 'sys';
  const type = RESOURCE_TYPE[m[2] as ResourceTypeName];
  const id = ctx.options.resolveResource(scope, m[2], m[3]);
  if (id === undefined) {
    ctx.diag(first, 'RES_UNRESOLVED', `resource '${ref}' is not defined in the module's resources; add it under resources/base/element or media`, 'warning');
    return `{ id: -1, type: ${type}, params: [${[JSON.stringify(ref), ...extra].join(', ')}], ${names} }`;
  }
  return `{ id: ${id}, type: ${type}, params: [${extra.join(', ')}], ${names} }`;
}
