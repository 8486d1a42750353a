/** The decorator vocabulary of ArkTS structs and classes, by state-management version. */
import { ts } from '../parse.js';
import type { MemberKind } from './context.js';

export const V1_MEMBER_DECORATORS: ReadonlySet<string> = new Set([
  'State', 'Prop', 'Link', 'Provide', 'Consume', 'ObjectLink', 'StorageLink', 'StorageProp', 'LocalStorageLink',
  'LocalStorageProp', 'BuilderParam', 'Watch',
]);
export const V2_MEMBER_DECORATORS: ReadonlySet<string> = new Set([
  'Local', 'Param', 'Once', 'Event', 'Provider', 'Consumer', 'Monitor', 'Computed', 'BuilderParam',
]);
/** Allowed on members of either kind. */
export const NEUTRAL_MEMBER_DECORATORS: ReadonlySet<string> = new Set(['Require', 'Builder', 'LocalBuilder', 'Styles', 'Concurrent']);

export const STRUCT_DECORATORS: ReadonlySet<string> = new Set([
  'Entry', 'Component', 'ComponentV2', 'Preview', 'CustomDialog', 'Reusable', 'ReusableV2',
]);

/** Decorators that give a struct field its state kind (the first one found wins). */
export const KIND_DECORATORS: ReadonlySet<string> = new Set([
  'State', 'Prop', 'Link', 'Provide', 'Consume', 'ObjectLink', 'StorageLink', 'StorageProp', 'LocalStorageLink',
  'LocalStorageProp', 'BuilderParam', 'Local', 'Param', 'Event', 'Provider', 'Consumer',
]);

export function decoratorsOf(node: ts.Node): ts.Decorator[] {
  const mods = (node as { modifiers?: ts.NodeArray<ts.ModifierLike> }).modifiers;
  return mods ? mods.filter((m): m is ts.Decorator => m.kind === ts.SyntaxKind.Decorator) : [];
}

export function decoratorName(d: ts.Decorator): string {
  const e = d.expression;
  if (ts.isIdentifier(e)) return e.text;
  if (ts.isCallExpression(e) && ts.isIdentifier(e.expression)) return e.expression.text;
  return e.getText();
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
  const mods = (node as { modifiers?: ts.NodeArray<ts.ModifierLike> }).modifiers;
  const decos = mods ? mods.filter((m) => m.kind === ts.SyntaxKind.Decorator) : [];
  if (decos.length === 0) return node.getStart(sf);
  const last = decos[decos.length - 1];
  // skip whitespace after the last decorator
  const text = sf.text;
  let i = last.end;
  while (i < text.length && /\s/.test(text[i])) i++;
  return i;
}
