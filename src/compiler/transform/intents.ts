/**
 * Insight-intent decorators (@InsightIntentEntry, @InsightIntentFunction + @InsightIntentFunctionMethod,
 * @InsightIntentPage, @InsightIntentLink) → IntentDeclaration records. Their object-literal arguments are evaluated
 * statically; the decorators themselves are dropped from the emitted code.
 */
import { ts } from '../parse.js';
import type { ExecuteMode, IntentDeclaration, IntentKind } from '../../hap/intent-manifest.js';
import type { TransformContext } from './context.js';
import { decoratorArgs, decoratorName, decoratorsOf } from './decorators.js';

export const INTENT_DECORATORS: ReadonlySet<string> = new Set([
  'InsightIntentEntry', 'InsightIntentFunction', 'InsightIntentFunctionMethod', 'InsightIntentPage', 'InsightIntentLink',
]);

const KIND: Record<string, IntentKind> = {
  InsightIntentEntry: 'entry', InsightIntentFunctionMethod: 'function', InsightIntentPage: 'page', InsightIntentLink: 'link',
};

const NOT_STATIC = Symbol('not static');

/** Evaluates a constant expression; `$r('app.media.x')` evaluates to its name; enum members to their member name. */
function evaluate(ctx: TransformContext, e: ts.Expression): unknown {
  if (ts.isStringLiteralLike(e)) return e.text;
  if (ts.isNumericLiteral(e)) return Number(e.text);
  if (e.kind === ts.SyntaxKind.TrueKeyword) return true;
  if (e.kind === ts.SyntaxKind.FalseKeyword) return false;
  if (e.kind === ts.SyntaxKind.NullKeyword) return null;
  if (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.MinusToken && ts.isNumericLiteral(e.operand)) return -Number(e.operand.text);
  if (ts.isParenthesizedExpression(e) || ts.isAsExpression(e)) return evaluate(ctx, e.expression);
  if (ts.isArrayLiteralExpression(e)) {
    const out: unknown[] = [];
    for (const x of e.elements) {
      const v = evaluate(ctx, x);
      if (v === NOT_STATIC) return NOT_STATIC;
      out.push(v);
    }
    return out;
  }
  if (ts.isObjectLiteralExpression(e)) {
    const out: Record<string, unknown> = {};
    for (const p of e.properties) {
      if (!ts.isPropertyAssignment(p)) return NOT_STATIC;
      const key = ts.isIdentifier(p.name) || ts.isStringLiteralLike(p.name) || ts.isNumericLiteral(p.name) ? p.name.text : undefined;
      if (key === undefined) return NOT_STATIC;
      const v = evaluate(ctx, p.initializer);
      if (v === NOT_STATIC) return NOT_STATIC;
      out[key] = v;
    }
    return out;
  }
  if (ts.isCallExpression(e) && ts.isIdentifier(e.expression) && (e.expression.text === '$r' || e.expression.text === '$rawfile')) {
    const a = e.arguments[0];
    return a && ts.isStringLiteralLike(a) ? a.text : NOT_STATIC;
  }
  if (ts.isPropertyAccessExpression(e)) {
    const member = e.name.text;
    if (/FOREGROUND/i.test(member)) return 'foreground';
    if (/BACKGROUND/i.test(member)) return 'background';
    return member;
  }
  return NOT_STATIC;
}

function srcEntryOf(fileName: string): string {
  const norm = fileName.replace(/\\/g, '/');
  const i = norm.lastIndexOf('/src/main/');
  return i >= 0 ? './' + norm.slice(i + '/src/main/'.length) : norm;
}

const COPIED: (keyof IntentDeclaration)[] = [
  'intentName', 'domain', 'intentVersion', 'displayName', 'displayDescription', 'llmDescription', 'keywords', 'icon',
  'schema', 'parameters', 'result', 'abilityName', 'pagePath', 'navigationId', 'navDestinationName', 'uri', 'paramMappings',
];

function declaration(ctx: TransformContext, d: ts.Decorator, kind: IntentKind, extra: Partial<IntentDeclaration>): IntentDeclaration | undefined {
  const arg = decoratorArgs(d)[0];
  const value = arg ? evaluate(ctx, arg) : {};
  if (value === NOT_STATIC || typeof value !== 'object' || value === null || Array.isArray(value)) {
    ctx.diag(arg ?? d, 'ETS_INTENT_NOT_STATIC', `the argument of @${decoratorName(d)} must be an object literal of constants (strings, numbers, arrays, $r(...)) so the build can read it`);
    return undefined;
  }
  const v = value as Record<string, unknown>;
  if (typeof v.intentName !== 'string' || v.intentName === '') {
    ctx.diag(arg ?? d, 'ETS_INTENT_NAME', `@${decoratorName(d)} needs an intentName, e.g. { intentName: 'AddTask', … }`);
    return undefined;
  }
  const pos = ctx.sf.getLineAndCharacterOfPosition(d.getStart(ctx.sf));
  const out: IntentDeclaration = { kind, intentName: v.intentName, srcEntry: srcEntryOf(ctx.options.fileName), ...extra,
    source: { file: ctx.options.fileName, line: pos.line + 1, col: pos.character + 1 } };
  const rec = out as unknown as Record<string, unknown>;
  for (const k of COPIED) if (v[k] !== undefined && k !== 'intentName') rec[k] = v[k];
  if (v.uiAbility !== undefined && out.abilityName === undefined) out.abilityName = String(v.uiAbility);
  if (v.executeMode !== undefined) {
    const modes = (Array.isArray(v.executeMode) ? v.executeMode : [v.executeMode]).filter((m): m is ExecuteMode => m === 'foreground' || m === 'background');
    out.executeMode = modes;
  }
  return out;
}

export function extractIntents(ctx: TransformContext): IntentDeclaration[] {
  const out: IntentDeclaration[] = [];
  for (const s of ctx.sf.statements) {
    if (!ts.isClassDeclaration(s) && !ts.isStructDeclaration(s)) continue;
    const className = s.name?.text;
    const decos = decoratorsOf(s);
    for (const d of decos) {
      const n = decoratorName(d);
      const kind = KIND[n];
      if (!kind || kind === 'function') continue;
      const decl = declaration(ctx, d, kind, { className });
      if (decl) out.push(decl);
    }
    const isFunctionHolder = decos.some((d) => decoratorName(d) === 'InsightIntentFunction');
    for (const m of s.members) {
      for (const d of decoratorsOf(m)) {
        if (decoratorName(d) !== 'InsightIntentFunctionMethod') continue;
        if (!isFunctionHolder) {
          ctx.diag(d, 'ETS_INTENT_FUNCTION', `@InsightIntentFunctionMethod must be in a class decorated with @InsightIntentFunction()`);
        }
        if (!ts.isMethodDeclaration(m) || !m.modifiers?.some((x) => x.kind === ts.SyntaxKind.StaticKeyword)) {
          ctx.diag(d, 'ETS_INTENT_FUNCTION', `@InsightIntentFunctionMethod must decorate a static method`);
          continue;
        }
        const decl = declaration(ctx, d, 'function', {
          className, methodName: m.name.getText(ctx.sf), paramNames: m.parameters.map((p) => p.name.getText(ctx.sf)),
        });
        if (decl) out.push(decl);
      }
    }
  }
  return out;
}
