/** The decorator vocabulary of ArkTS structs and classes, by state-management version. */
import { ts } from '../parse.js';
import type { MemberKind } from './context.js';

export const V1_MEMBER_DECORATORS: ReadonlySet<string> = new Set([
  'State', 'Prop', 'Link', 'Provide', 'Consume', 'ObjectLink', 'StorageLink', 'StorageProp', 'LocalStorageLink',
  'LocalStorageProp', 'BuilderParam', 'Watch',
]);
export const V2_MEMBER_DECORATORS: ReadonlySet<string> = new Set([
  'Local', 'Param', 'Once', 'Event', 'Provider', 'Consumer', 'Monitor', 'SyncMonitor', 'Computed', 'BuilderParam', 'Env',
]);
/** Allowed on members of either kind. */
// `@Env(SystemProperties.BREAK_POINT)` (API 20+) reads an environment value the emulated devices do not provide yet: the
// member compiles as a plain field.
export const NEUTRAL_MEMBER_DECORATORS: ReadonlySet<string> = new Set(['Require', 'Builder', 'LocalBuilder', 'Styles', 'Concurrent', 'Env']);

export const STRUCT_DECORATORS: ReadonlySet<string> = new Set([
  'Entry', 'Component', 'ComponentV2', 'Preview', 'CustomDialog', 'Reusable', 'ReusableV2',
]);

/** Decorators that give a struct field its state kind (the first one found wins). */
export const KIND_DECORATORS: ReadonlySet<string> = new Set([
  'State', 'Prop', 'Link', 'Provide', 'Consume', 'ObjectLink', 'StorageLink', 'StorageProp', 'LocalStorageLink',
  'LocalStorageProp', 'BuilderParam', 'Local', 'Param', 'Event', 'Provider', 'Consumer',
]);

/** Decorators of a declaration; on functions the parser keeps them in `illegalDecorators`. */
export function decoratorsOf(node: ts.Node): ts.Decorator[] {
  const n = node as { modifiers?: ts.NodeArray<ts.ModifierLike>; illegalDecorators?: ts.NodeArray<ts.Decorator> };
  const fromModifiers = n.modifiers ? n.modifiers.filter((m): m is ts.Decorator => m.kind === ts.SyntaxKind.Decorator) : [];
  return n.illegalDecorators ? [...n.illegalDecorators, ...fromModifiers] : fromModifiers;
}

/** Whether the declaration's own text (decorators included) carries `export` / `export default`. */
export function exportPrefix(node: ts.Node & { name?: ts.Node }, sf: ts.SourceFile): string {
  const head = sf.text.slice(node.getStart(sf), node.name ? node.name.getStart(sf) : node.end);
  const stripped = head.replace(/@\w+(\.\w+)*(\([^()]{0,1000}\))?/g, '');
  if (/\bexport\s+default\b/.test(stripped)) return 'export default ';
  return /\bexport\b/.test(stripped) ? 'export ' : '';
}

export function decoratorName(d: ts.Decorator): string {
  const e = d.expression;
  if (ts.isIdentifier(e)) return e.text;
  if (ts.isCallExpression(e) && ts.isIdentifier(e.expression)) return e.expression.text;
  return dottedName(ts.isCallExpression(e) ? e.expression : e);
}

/** `a.b.c` of an identifier / property-access chain (all a decorator's name can be); `…` for anything else. */
function dottedName(e: ts.Expression): string {
  if (ts.isIdentifier(e)) return e.text;
  if (ts.isPropertyAccessExpression(e)) return `${dottedName(e.expression)}.${e.name.text}`;
  return '…';
}

export function decoratorArgs(d: ts.Decorator): readonly ts.Expression[] {
  return ts.isCallExpression(d.expression) ? d.expression.arguments : [];
}

export function findDecorator(node: ts.Node, name: string): ts.Decorator | undefined {
  return decoratorsOf(node).find((d) => decoratorName(d) === name);
}

export function memberKind(decorators: readonly ts.Decorator[]): MemberKind {
  for (const d of decorators) {
    const n = decoratorName(d);
    if (KIND_DECORATORS.has(n)) return n as MemberKind;
  }
  return 'regular';
}

/** Where a declaration's own text starts once its decorators are dropped (first modifier keyword or its name). */
export function startAfterDecorators(node: ts.Node, sf: ts.SourceFile): number {
  const decos = decoratorsOf(node);
  if (decos.length === 0) return node.getStart(sf);
  // skip whitespace after the last decorator
  const text = sf.text;
  let i = Math.max(...decos.map((d) => d.end));
  while (i < text.length && /\s/.test(text[i])) i++;
  return i;
}
