/**
 * What one source file needs of the device's system modules at run time: every member of `@kit.*`, `@ohos.*`,
 * `@arkts.*` and `@hms.*` it imports, told apart by how it is used (the measure behind `npm run kits:coverage`).
 *
 * A use is `{ spec, name, prop? }`: the module as written, the imported name (`default` for a default import, `*` for
 * a namespace import used whole) and, when the code reads one property of it (`router.pushUrl`,
 * `relationalStore.getRdbStore`, `hilog.info`, `LengthMetrics.vp`), that property. Uses only in type positions
 * (`err: BusinessError`, `relationalStore.RdbStore` as a type, `implements`, `typeof X` in a type) need nothing of the
 * device — the compiler erases them — and are reported apart.
 */
import { parseSource, ts } from './parse.js';

export const KIT_SPEC_RE = /^@(kit|ohos|arkts|hms)\./;

export interface KitUse { spec: string; name: string; prop?: string }

export interface KitUsage {
  /** Run-time uses, deduplicated within the file. */
  values: KitUse[];
  /** Imported names used in type positions only (or not at all). */
  typeOnly: KitUse[];
}

export const useKey = (u: KitUse): string => `${u.spec}\t${u.name}${u.prop !== undefined ? `\t${u.prop}` : ''}`;

export function scanKitUsage(fileName: string, text: string): KitUsage {
  const sf = parseSource(fileName, text, { parents: true }).sourceFile;
  /** local binding → what it imports */
  const bindings = new Map<string, { spec: string; name: string; typeOnly: boolean }>();
  const values = new Map<string, KitUse>();
  /** local bindings used at run time */
  const usedAsValue = new Set<string>();
  const addValue = (u: KitUse) => { values.set(useKey(u), u); };

  for (const st of sf.statements) {
    if (ts.isImportDeclaration(st) && ts.isStringLiteral(st.moduleSpecifier) && KIT_SPEC_RE.test(st.moduleSpecifier.text)) {
      const spec = st.moduleSpecifier.text;
      const clause = st.importClause;
      if (!clause) continue;
      const allTypes = !!clause.isTypeOnly;
      if (clause.name) bindings.set(clause.name.text, { spec, name: 'default', typeOnly: allTypes });
      const nb = clause.namedBindings;
      if (nb && ts.isNamespaceImport(nb)) bindings.set(nb.name.text, { spec, name: '*', typeOnly: allTypes });
      else if (nb) {
        for (const el of nb.elements) {
          bindings.set(el.name.text, { spec, name: (el.propertyName ?? el.name).text, typeOnly: allTypes || !!el.isTypeOnly });
        }
      }
    } else if (ts.isExportDeclaration(st) && st.moduleSpecifier && ts.isStringLiteral(st.moduleSpecifier) && KIT_SPEC_RE.test(st.moduleSpecifier.text)) {
      // `export { a } from '@kit.X'` re-exports at run time (unless type-only).
      if (st.isTypeOnly) continue;
      const spec = st.moduleSpecifier.text;
      if (st.exportClause && ts.isNamedExports(st.exportClause)) {
        for (const el of st.exportClause.elements) if (!el.isTypeOnly) addValue({ spec, name: (el.propertyName ?? el.name).text });
      } else addValue({ spec, name: '*' });
    }
  }

  if (bindings.size) {
    const visit = (node: ts.Node): void => {
      if (ts.isIdentifier(node)) {
        const b = bindings.get(node.text);
        if (b && isReference(node) && !shadowed(node)) {
          if (!b.typeOnly && !inTypePosition(node)) {
            usedAsValue.add(node.text);
            const prop = memberRead(node);
            if (b.name === '*') addValue(prop !== undefined ? { spec: b.spec, name: prop } : { spec: b.spec, name: '*' });
            else addValue(prop !== undefined ? { spec: b.spec, name: b.name, prop } : { spec: b.spec, name: b.name });
          }
        }
        return;
      }
      if (ts.isImportDeclaration(node)) return;
      ts.forEachChild(node, visit);
    };
    ts.forEachChild(sf, visit);
  }

  const typeOnly: KitUse[] = [];
  for (const [local, b] of bindings) if (!usedAsValue.has(local)) typeOnly.push({ spec: b.spec, name: b.name });
  return { values: [...values.values()], typeOnly };
}

/** An identifier that refers to a binding (not a property name, declaration name or label). */
function isReference(node: ts.Identifier): boolean {
  const p = node.parent;
  if (!p) return false;
  if (ts.isShorthandPropertyAssignment(p)) return true;
  if ((p as { name?: ts.Node }).name === node) return false;
  if ((p as { propertyName?: ts.Node }).propertyName === node) return false;
  if (ts.isQualifiedName(p) && p.right === node) return false;
  if (ts.isLabeledStatement(p) || ts.isBreakOrContinueStatement(p)) return false;
  return true;
}

/**
 * Whether a local declaration between the reference and the file's top (a parameter, a variable of an enclosing block,
 * a catch or loop variable) hides the import of that name: `flush(preferences: Preferences) { preferences.flush() }`
 * calls the object passed in, not the module.
 */
function shadowed(node: ts.Identifier): boolean {
  const name = node.text;
  const declares = (b: ts.BindingName | undefined): boolean => {
    if (!b) return false;
    if (ts.isIdentifier(b)) return b.text === name;
    return b.elements.some((e) => !ts.isOmittedExpression(e) && declares(e.name));
  };
  const declaresVars = (list: ts.Node | undefined): boolean =>
    !!list && ts.isVariableDeclarationList(list) && list.declarations.some((d) => declares(d.name));
  for (let p = node.parent; p && !ts.isSourceFile(p); p = p.parent) {
    if (ts.isFunctionLike(p) && p.parameters.some((x) => declares(x.name))) return true;
    if (ts.isBlock(p) || ts.isCaseClause(p) || ts.isDefaultClause(p) || ts.isModuleBlock(p)) {
      for (const st of p.statements) {
        if (ts.isVariableStatement(st) && declaresVars(st.declarationList)) return true;
        if ((ts.isFunctionDeclaration(st) || ts.isClassDeclaration(st)) && st.name?.text === name) return true;
      }
    }
    if ((ts.isForStatement(p) || ts.isForOfStatement(p) || ts.isForInStatement(p)) && declaresVars(p.initializer)) return true;
    if (ts.isCatchClause(p) && declares(p.variableDeclaration?.name)) return true;
  }
  return false;
}

/** Whether a reference sits where only types are (erased by the compiler). */
function inTypePosition(node: ts.Node): boolean {
  for (let n: ts.Node = node, p = node.parent; p; n = p, p = p.parent) {
    if (ts.isExpressionWithTypeArguments(n) && ts.isHeritageClause(p)) {
      // `class A extends B` needs B at run time; `implements B` and interface `extends B` do not.
      return !(p.token === ts.SyntaxKind.ExtendsKeyword && (ts.isClassDeclaration(p.parent) || ts.isClassExpression(p.parent)
        || (p.parent as ts.Node).kind === ts.SyntaxKind.StructDeclaration));
    }
    if (ts.isTypeNode(n) && !ts.isExpressionWithTypeArguments(n)) return true;
    if (ts.isTypeAliasDeclaration(p) || ts.isInterfaceDeclaration(p)) return true;
    if (isStatementLike(p)) return false;
  }
  return false;
}

/** `X.prop`, `X?.prop` or `X['prop']`: the property read of the binding X. */
function memberRead(node: ts.Identifier): string | undefined {
  const p = node.parent;
  if (ts.isPropertyAccessExpression(p) && p.expression === node) return p.name.text;
  if (ts.isElementAccessExpression(p) && p.expression === node && ts.isStringLiteralLike(p.argumentExpression)) return p.argumentExpression.text;
  return undefined;
}

/** Statements and class members: a type position never spans one. */
function isStatementLike(n: ts.Node): boolean {
  return ts.isSourceFile(n) || ts.isBlock(n) || ts.isVariableStatement(n) || ts.isExpressionStatement(n) || ts.isReturnStatement(n)
    || ts.isClassDeclaration(n) || ts.isFunctionDeclaration(n) || ts.isMethodDeclaration(n) || ts.isPropertyDeclaration(n);
}
