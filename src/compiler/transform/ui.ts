/**
 * Lowering of UI code (build(), @Builder bodies, UI closures) to the partial-update framework calls: every built-in
 * component becomes an `observeComponentCreation2` block (create + attributes) followed by its children and a pop;
 * `if` → If/ifElseBranchUpdateFunction, ForEach/LazyForEach/Repeat → their update functions, custom components →
 * `new Child(...)` + `ViewPU.create`, builders → calls bound to the current view. Rules: docs/transform.md.
 */
import { ts } from '../parse.js';
import type { CodeWriter } from './writer.js';
import type { TransformContext } from './context.js';
import { twoWayTarget } from './context.js';
import { BUILDER_ATTRIBUTES, TRAILING_CLOSURE, BUILTIN_COMPONENTS, REQUIRED_PARENTS, isAtomic, needsPop } from './components.js';
import { CodeWriter as Writer } from './writer.js';

interface Attr { name: string; args: readonly ts.Expression[]; node: ts.CallExpression & { expression: ts.PropertyAccessExpression } }

interface Chain { root: ts.Expression; attrs: Attr[] }

/** Splits `X(...).a(1).b(2)` into its root call and attribute calls. */
function chainOf(expr: ts.Expression): Chain {
  let e = expr;
  const attrs: Attr[] = [];
  while (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression)) {
    const inner = e.expression.expression;
    if (!ts.isCallExpression(inner) && !ts.isEtsComponentExpression(inner)) break;
    attrs.unshift({ name: e.expression.name.text, args: e.arguments, node: e as Attr['node'] });
    e = inner;
  }
  return { root: e, attrs };
}

function calleeName(root: ts.Expression): string | undefined {
  if (ts.isEtsComponentExpression(root) && ts.isIdentifier(root.expression)) return root.expression.text;
  if (ts.isCallExpression(root) && ts.isIdentifier(root.expression)) return root.expression.text;
  return undefined;
}

function isCustomComponentName(ctx: TransformContext, name: string): boolean {
  if (ctx.structs.has(name)) return true;
  if (/^[A-Z]/.test(name)) return !ctx.globalBuilders.has(name) && !BUILTIN_COMPONENTS.has(name);
  // A struct named in lower case (`struct smallVideo` in older samples) is known by its declaration, as the
  // reference knows components: by the structs of the files a file imports.
  return !ctx.globalBuilders.has(name) && ctx.structShape(name) !== undefined;
}

/** Whether a statement builds UI (so a closure containing it is a UI closure). */
export function isUiStatement(ctx: TransformContext, s: ts.Statement): boolean {
  if (ts.isIfStatement(s)) {
    return blockHasUi(ctx, s.thenStatement) || (s.elseStatement !== undefined && blockHasUi(ctx, s.elseStatement));
  }
  if (!ts.isExpressionStatement(s)) return false;
  const { root } = chainOf(s.expression);
  if (ts.isEtsComponentExpression(root)) return true;
  const name = calleeName(root);
  if (name === undefined) return false;
  return name === 'ForEach' || name === 'LazyForEach' || name === 'Repeat' || BUILTIN_COMPONENTS.has(name)
    || ctx.structs.has(name) || ctx.globalBuilders.has(name) || (!/^[A-Z]/.test(name) && isCustomComponentName(ctx, name));
}

function blockHasUi(ctx: TransformContext, s: ts.Statement): boolean {
  if (ts.isBlock(s)) return s.statements.some((x) => isUiStatement(ctx, x));
  return isUiStatement(ctx, s);
}

function bodyStatements(body: ts.ConciseBody): readonly ts.Statement[] {
  if (ts.isBlock(body)) return body.statements;
  return [ts.factory.createExpressionStatement(body as ts.Expression)];
}

/** Installs the hooks `rewrite` uses for UI closures and dialog controllers. */
export function installUiHooks(ctx: TransformContext): void {
  ctx.lowerUiClosure = (fn) => {
    const fnBody = fn.body;
    if (!ts.isBlock(fnBody) || !fnBody.statements.some((s) => isUiStatement(ctx, s))) return undefined;
    const w = new Writer();
    const params = fn.parameters.map((p) => ctx.rewrite(p)).join(', ');
    const asyncKw = fn.modifiers?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword) ? 'async ' : '';
    const head = ts.isArrowFunction(fn) ? `${asyncKw}(${params}) => {` : `${asyncKw}function (${params}) {`;
    w.block(head, '}', -1, () => emitUi(ctx, w, fnBody.statements, undefined));
    return w.text();
  };
  ctx.lowerDialogController = (node) => lowerDialogController(ctx, node);
}

/** Emits UI statements. `parent` is the enclosing built-in component (for child checks), if known. */
export function emitUi(ctx: TransformContext, w: CodeWriter, stmts: readonly ts.Statement[], parent: string | undefined): void {
  for (const s of stmts) emitUiStatement(ctx, w, s, parent);
}

function emitUiStatement(ctx: TransformContext, w: CodeWriter, s: ts.Statement, parent: string | undefined): void {
  // ets-loader checks a component's parent only among its siblings: what an if/else branch holds has no known parent
  // (processIfBlock starts a block without one), so `Column() { if (c) { Span('x') } }` compiles.
  if (ts.isIfStatement(s)) return emitIf(ctx, w, s, undefined);
  if (ts.isBlock(s)) {
    w.block('{', '}', ctx.line(s), () => emitUi(ctx, w, s.statements, parent));
    return;
  }
  if (ts.isBreakStatement(s) || ts.isContinueStatement(s)) {
    ctx.diag(s, 'ETS_UI_STATEMENT', `'${s.getText(ctx.sf)}' cannot be used in UI code (build() or a @Builder): components are not a loop; use if/else or ForEach`);
    return;
  }
  if (ts.isReturnStatement(s) && s.expression && isUiExpression(s.expression)) {
    // The reference refuses it (a @Builder returns nothing); the components are built as if written without `return`.
    ctx.diag(s, 'ETS_BUILDER_RETURN', 'UI code (build() or a @Builder) does not return components: remove `return` and write the component as a statement');
    return emitUiStatement(ctx, w, Object.assign(ts.factory.createExpressionStatement(s.expression), { pos: s.expression.pos, end: s.expression.end, parent: s }), parent);
  }
  if (!ts.isExpressionStatement(s)) {
    w.line(ctx.rewrite(s), s.pos >= 0 ? ctx.line(s) : -1);
    return;
  }
  if (ts.isEtsComponentExpression(s.expression) && !ts.isIdentifier(s.expression.expression)) {
    // `Image(x).width(1) { … }`: the parser takes the block for children of the attribute chain.
    ctx.diag(s, 'ETS_CHILDREN_AFTER_ATTRIBUTES', 'a component\'s { … } block of children goes right after its call, before its attributes: `Row() { … }.width(1)`');
    return;
  }
  if (s.pos < 0) {
    // the statement made up for a concise arrow body (`item => Text(item)`) or a parser-synthesised one
    if (s.expression.pos < 0) return;
    return emitUiStatement(ctx, w, Object.assign(ts.factory.createExpressionStatement(s.expression), { pos: s.expression.pos, end: s.expression.end, parent: s.expression.parent }), parent);
  }
  const chain = chainOf(s.expression);
  const { root } = chain;
  const name = calleeName(root);
  const line = s.pos >= 0 ? ctx.line(s) : -1;
  if (name === 'ForEach' && ts.isCallExpression(root)) return emitForEach(ctx, w, root, chain.attrs, line);
  if (name === 'LazyForEach' && ts.isCallExpression(root)) return emitLazyForEach(ctx, w, root, chain.attrs, line);
  if (name === 'Repeat') return emitRepeat(ctx, w, s.expression, line);
  // A struct of the app's own that shares a built-in's name (`struct Counter`) is the app's component.
  const ownStruct = name !== undefined && BUILTIN_COMPONENTS.has(name) && ctx.structShape(name) !== undefined;
  if (name !== undefined && BUILTIN_COMPONENTS.has(name) && !ownStruct) return emitBuiltin(ctx, w, name, root, chain.attrs, parent, line);
  if (name !== undefined && (ts.isEtsComponentExpression(root) || isCustomComponentName(ctx, name))) {
    return emitCustomComponent(ctx, w, name, root as ts.CallExpression | ts.EtsComponentExpression, chain.attrs, line);
  }
  // `ns.Child({...})` with `import * as ns from './x'`: a custom component reached through a namespace import
  if (ts.isCallExpression(root) && ts.isPropertyAccessExpression(root.expression) && ts.isIdentifier(root.expression.expression)
    && /^([A-Z]|default$)/.test(root.expression.name.text) && ctx.isNamespaceImport(root.expression.expression.text)) {
    return emitCustomComponent(ctx, w, root.expression.getText(ctx.sf), root, chain.attrs, line);
  }
  // Builder calls: `myBuilder(...)` / `this.myBuilder(...)` run with the current view as `this`.
  const call = s.expression;
  if (ts.isCallExpression(call) && ts.isIdentifier(call.expression) && chain.attrs.length === 0) {
    w.line(`${call.expression.text}.bind(this)(${builderArgs(ctx, call.expression.text, call.arguments)});`, line);
    return;
  }
  if (ts.isCallExpression(call) && ts.isPropertyAccessExpression(call.expression)
    && call.expression.expression.kind === ts.SyntaxKind.ThisKeyword && ctx.current) {
    const member = call.expression.name.text;
    if (ctx.current.builderMethods.has(member) || ctx.current.members.get(member)?.kind === 'BuilderParam') {
      // `this.slot?.()` on an optional @BuilderParam: nothing when it is unset, as in the reference
      const bound = call.questionDotToken ? `this.${member}?.bind(this)?.` : `this.${member}.bind(this)`;
      w.line(`${bound}(${builderArgs(ctx, member, call.arguments)});`, line);
      return;
    }
  }
  // `wrapped.builder(…)`: a WrappedBuilder (wrapBuilder(f)) builds UI here, with this view as `this`, as a builder call.
  if (ts.isCallExpression(call) && ts.isPropertyAccessExpression(call.expression) && call.expression.name.text === 'builder'
    && call.expression.expression.kind !== ts.SyntaxKind.ThisKeyword) {
    w.line(`${ctx.rewrite(call.expression)}.bind(this)(${builderArgs(ctx, 'builder', call.arguments)});`, line);
    return;
  }
  w.line(ctx.rewrite(s), line);
}

/** Whether `x` can be assigned to (`a`, `this.a`, `a.b[c]`), which `x!!` needs for its write-back. */
function isAssignable(n: ts.Node): boolean {
  if (ts.isParenthesizedExpression(n)) return isAssignable(n.expression);
  if (ts.isIdentifier(n)) return true;
  if ((ts.isPropertyAccessExpression(n) || ts.isElementAccessExpression(n)) && !n.questionDotToken) {
    let root: ts.Expression = n.expression;
    while (ts.isPropertyAccessExpression(root) || ts.isElementAccessExpression(root) || ts.isNonNullExpression(root)) {
      if (!ts.isNonNullExpression(root) && root.questionDotToken) return false;
      root = root.expression;
    }
    return !ts.isCallExpression(root);
  }
  return false;
}

/** A component call or chain (what a `return` in UI code must not return). */
function isUiExpression(e: ts.Expression): boolean {
  let root: ts.Expression = e;
  while (ts.isCallExpression(root) && ts.isPropertyAccessExpression(root.expression)) root = root.expression.expression;
  return ts.isEtsComponentExpression(root);
}

/** Builder arguments. A single object literal is passed by reference: a proxy whose properties read the current
 *  values (state variables through their backing objects), so the builder's UI updates when they change. */
function builderArgs(ctx: TransformContext, builderName: string, args: readonly ts.Expression[]): string {
  const [only] = args;
  if (args.length !== 1 || !ts.isObjectLiteralExpression(only)) return args.map((a) => ctx.rewrite(a)).join(', ');
  const props = only.properties.map((p) => {
    if (ts.isPropertyAssignment(p)) return `${p.name.getText(ctx.sf)}: () => ${arrowBody(readThrough(ctx, p.initializer))}`;
    if (ts.isShorthandPropertyAssignment(p)) return `${p.name.text}: () => ${p.name.text}`;
    return ctx.rewrite(p);
  });
  return `makeBuilderParameterProxy(${JSON.stringify(builderName)}, { ${props.join(', ')} })`;
}

/** An expression as an arrow function's body: an object literal (what `$r(...)` lowers to) needs parentheses. */
export function arrowBody(expr: string): string {
  return /^\s*\{/.test(expr) ? `(${expr})` : expr;
}

function readThrough(ctx: TransformContext, v: ts.Expression): string {
  if (ts.isPropertyAccessExpression(v) && v.expression.kind === ts.SyntaxKind.ThisKeyword && ts.isIdentifier(v.name)) {
    const n = v.name.text;
    return `(this["__${n}"] ? this["__${n}"] : this["${n}"])`;
  }
  return ctx.rewrite(v);
}

function componentArgs(root: ts.Expression): readonly ts.Expression[] {
  if (ts.isEtsComponentExpression(root) || ts.isCallExpression(root)) return root.arguments ?? [];
  return [];
}

function trailingBlock(root: ts.Expression): ts.Block | undefined {
  return ts.isEtsComponentExpression(root) && root.body && ts.isBlock(root.body) ? root.body : undefined;
}

/** `entry/src/main/ets/pages/Index.ets` for `/abs/project/entry/src/main/ets/pages/Index.ets`. */
export function moduleRelativePath(fileName: string): string {
  const norm = fileName.replace(/\\/g, '/');
  const i = norm.lastIndexOf('/src/main/');
  if (i < 0) return norm.slice(norm.lastIndexOf('/') + 1);
  return norm.slice(norm.lastIndexOf('/', i - 1) + 1);
}

function pagePathForNavigation(ctx: TransformContext): string {
  return ctx.options.pageFullPath ?? moduleRelativePath(ctx.options.fileName).replace(/\.ets$/, '');
}

function emitBuiltin(ctx: TransformContext, w: CodeWriter, name: string, root: ts.Expression, attrs: Attr[],
  parent: string | undefined, line: number): void {
  const allowed = REQUIRED_PARENTS.get(name);
  if (allowed && parent !== undefined && !allowed.includes(parent)) {
    ctx.diag(root, 'ETS_CHILD_PARENT', `'${name}' must be a child of ${allowed.map((p) => `'${p}'`).join(' or ')}, not '${parent}'`);
  }
  const body = trailingBlock(root);
  if (body && body.statements.length > 0 && isAtomic(name)) {
    ctx.diag(root, 'ETS_NO_CHILDREN', `'${name}' cannot have children; remove the { … } block after ${name}(…)`);
  }
  const args = ctx.withTwoWay('builtin', () => componentArgs(root).map((a) => ctx.rewrite(a)));
  const V = ctx.viewExpr;
  // only Navigation and NavDestination need these, and working out the page path is not free
  const names = () => `moduleName: ${JSON.stringify(ctx.options.moduleName)}, pagePath: ${JSON.stringify(pagePathForNavigation(ctx))}`;
  let create: string;
  let childrenInCreate = false;
  // The HMS design kit's navigation components compile as Navigation and NavDestination do (the reference's EXT_WHITE_LIST).
  const like = name === 'HdsNavigation' ? 'Navigation' : name === 'HdsNavDestination' ? 'NavDestination' : name;
  if (name === 'Button') {
    create = body ? `Button.createWithChild(${args.join(', ')})` : `Button.createWithLabel(${args.join(', ')})`;
  } else if (like === 'Navigation') {
    create = args.length === 0
      ? `${name}.create(new NavPathStack(), { ${names()}, isUserCreateStack: false })`
      : `${name}.create(${args[0]}, { ${names()}, isUserCreateStack: true })`;
  } else if (like === 'NavDestination' || (name === 'TabContent' && body && body.statements.length > 0)) {
    // the children render inside the component's content closure
    childrenInCreate = true;
    create = '';
  } else if (name === 'ListItem' || name === 'GridItem' || name === 'ArcListItem') {
    // (deepRenderFunction, isLazy, ...args): eager creation, the children follow as usual
    create = `${name}.create(${['() => { }', 'false', ...args].join(', ')})`;
  } else if (name === 'XComponent') {
    create = `XComponent.create(${[...args, JSON.stringify(`${ctx.options.bundleName}/${ctx.options.moduleName}`)].join(', ')})`;
  } else {
    create = `${name}.create(${args.join(', ')})`;
  }
  w.block(`${V}.observeComponentCreation2((elmtId, isInitialRender) => {`, `}, ${name});`, line, () => {
    if (childrenInCreate) {
      const tail = like === 'NavDestination' ? `}, { ${names()} });` : '});';
      w.block(`${name}.create(() => {`, tail, line, () => {
        if (body) emitUi(ctx, w, body.statements, name);
      });
    } else {
      w.line(`${create};`, line);
    }
    emitAttributes(ctx, w, name, attrs);
  });
  if (body && !childrenInCreate) emitUi(ctx, w, body.statements, name);
  if (needsPop(name)) w.line(`${name}.pop();`, -1);
}

/**
 * Attribute calls of built-in component `name`, with @Styles inlined and @Extend functions called. An implicit
 * animation `.animation(opts)` animates the attributes set since the previous one: as the reference emits it, they are
 * bracketed by `globalThis.Context.animation(opts)` … `globalThis.Context.animation(null)`.
 */
function emitAttributes(ctx: TransformContext, w: CodeWriter, name: string, attrs: readonly Attr[]): void {
  const last = attrs.map((a) => a.name).lastIndexOf('animation');
  if (last < 0) { emitAttributeCalls(ctx, w, name, attrs); return; }
  let start = 0;
  attrs.forEach((a, i) => {
    if (a.name !== 'animation') return;
    const line = ctx.line(a.node.expression.name);
    const opts = a.args.length ? ctx.rewrite(a.args[0]) : 'null';
    w.line(`globalThis.Context.animation(${opts});`, line);
    emitAttributeCalls(ctx, w, name, attrs.slice(start, i));
    w.line('globalThis.Context.animation(null);', line);
    start = i + 1;
  });
  emitAttributeCalls(ctx, w, name, attrs.slice(last + 1));
}

function emitAttributeCalls(ctx: TransformContext, w: CodeWriter, name: string, attrs: readonly Attr[]): void {
  for (const a of attrs) {
    const line = ctx.line(a.node.expression.name);
    const styles = ctx.current?.stylesMethods.get(a.name) ?? ctx.globalStyles.get(a.name);
    if (styles && a.args.length === 0) {
      emitStylesBody(ctx, w, name, styles);
      continue;
    }
    if (ctx.animatableExtends.get(name)?.has(a.name)) {
      const args = [...a.args.map((x) => ctx.rewrite(x)), 'elmtId', 'isInitialRender', ctx.viewExpr];
      w.line(`${a.name}(${args.join(', ')});`, line);
      continue;
    }
    if (ctx.extendFunctions.get(name)?.has(a.name)) {
      w.line(`__${name}__${a.name}(${a.args.map((x) => ctx.rewrite(x)).join(', ')});`, line);
      continue;
    }
    if (a.name === 'stateStyles' && a.args.length === 1 && ts.isObjectLiteralExpression(a.args[0])) {
      emitStateStyles(ctx, w, name, a.args[0]);
      continue;
    }
    const args = ctx.withTwoWay('builtin', () => a.args.map((x) => lowerAttributeArg(ctx, a.name, x)));
    w.line(`${name}.${a.name}(${args.join(', ')});`, line);
  }
}

/**
 * A CustomBuilder argument of a builder-typed attribute, as the reference compiler shapes it: a @Builder reference
 * becomes `{ builder: fn bound to this view }`, a @Builder call (`.bindSheet(show, this.sheet())`, `.tabBar(this.tab(0))`)
 * `{ builder: () => { this.sheet.call(this) } }` (the call builds UI later, inside the sheet / tab bar / menu, not while
 * the attribute is set), through `a ? b : c` too; a `builder:` option (bindPopup's) holds such a wrapped value.
 * A whole-argument `$$x` on a non-bind attribute (`Checkbox.select($$this.on)`) is the value plus a setter.
 */
function lowerAttributeArg(ctx: TransformContext, attr: string, arg: ts.Expression): string {
  if (BUILDER_ATTRIBUTES.has(attr)) {
    const builder = lowerCustomBuilder(ctx, arg);
    if (builder !== undefined) return builder;
  }
  // `.tabBar(this.TabBuilder(0, 'Home'))`: a builder CALL is deferred, as the reference compiler does — run now, it
  // would build its components into the attribute's owner.
  if (BUILDER_ATTRIBUTES.has(attr) && ts.isCallExpression(arg) && isBuilderRef(ctx, arg.expression)) {
    return `{ builder: () => { ${ctx.rewrite(arg)}; } }`;
  }
  if (BUILDER_ATTRIBUTES.has(attr) && ts.isObjectLiteralExpression(arg)) {
    const props = arg.properties.map((p) => {
      if (ts.isPropertyAssignment(p) && ts.isIdentifier(p.name) && p.name.text === 'builder') {
        const builder = lowerCustomBuilder(ctx, p.initializer);
        if (builder !== undefined) return `builder: ${builder}`;
      }
      return ctx.rewrite(p);
    });
    return `{ ${props.join(', ')} }`;
  }
  const bound = !attr.startsWith('bind') ? twoWayTarget(arg) : undefined;
  if (bound && !bound.bang) {
    const target = ctx.withTwoWay('none', () => ctx.rewrite(bound.node)).slice(bound.strip);
    return `${target}, newValue => { ${target} = newValue; }`;
  }
  return ctx.rewrite(arg);
}

/** The `{ builder: … }` form of a @Builder reference or call (also inside `?:` and parentheses), else undefined. */
function lowerCustomBuilder(ctx: TransformContext, e: ts.Expression): string | undefined {
  if (isBuilderRef(ctx, e)) return `{ builder: ${ctx.rewrite(e)}.bind(this) }`;
  if (isBuilderCall(ctx, e)) return `{ builder: ${deferredBuilderCall(ctx, e)} }`;
  if (ts.isParenthesizedExpression(e)) return lowerCustomBuilder(ctx, e.expression);
  if (ts.isConditionalExpression(e)) {
    const yes = lowerCustomBuilder(ctx, e.whenTrue);
    const no = lowerCustomBuilder(ctx, e.whenFalse);
    if (yes === undefined && no === undefined) return undefined;
    return `${ctx.rewrite(e.condition)} ? ${yes ?? ctx.rewrite(e.whenTrue)} : ${no ?? ctx.rewrite(e.whenFalse)}`;
  }
  return undefined;
}

function isBuilderCall(ctx: TransformContext, e: ts.Expression): e is ts.CallExpression {
  return ts.isCallExpression(e) && isBuilderRef(ctx, e.expression);
}

/** `this.b(x)` → `() => { this.b.call(this, x); }` (arguments evaluated when the builder runs, as in the reference). */
function deferredBuilderCall(ctx: TransformContext, call: ts.CallExpression): string {
  const args = ctx.withTwoWay('none', () => call.arguments.map((a) => ctx.rewrite(a)));
  return `() => { ${ctx.rewrite(call.expression)}.call(${['this', ...args].join(', ')}); }`;
}

function isBuilderRef(ctx: TransformContext, e: ts.Expression): boolean {
  if (ts.isIdentifier(e)) return ctx.globalBuilders.has(e.text);
  if (ts.isPropertyAccessExpression(e) && e.expression.kind === ts.SyntaxKind.ThisKeyword && ctx.current) {
    return ctx.current.builderMethods.has(e.name.text) || ctx.current.members.get(e.name.text)?.kind === 'BuilderParam';
  }
  return false;
}

/** The attribute chains of a @Styles body (`{ .padding(8).width(10) }`) applied to component `name`. */
function emitStylesBody(ctx: TransformContext, w: CodeWriter, name: string, body: ts.Block | ts.ObjectLiteralExpression): void {
  const chains: ts.Expression[] = ts.isBlock(body)
    ? body.statements.filter(ts.isExpressionStatement).map((s) => s.expression)
    // inside stateStyles the parser reads `{ .a(1) }` as an object literal of nameless properties
    : body.properties.filter(ts.isPropertyAssignment).map((p) => p.initializer);
  for (const chain of chains) {
    const attrs: Attr[] = [];
    let e: ts.Expression = chain;
    while (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression)) {
      attrs.unshift({ name: e.expression.name.text, args: e.arguments, node: e as Attr['node'] });
      e = e.expression.expression;
    }
    emitAttributes(ctx, w, name, attrs);
  }
}

function isAttributeBlock(v: ts.Expression): v is ts.ObjectLiteralExpression {
  return ts.isObjectLiteralExpression(v)
    // (the parser names those properties after the component instance type: zero-width identifiers)
    && v.properties.every((p) => ts.isPropertyAssignment(p) && p.name.end === p.name.pos);
}

function emitStateStyles(ctx: TransformContext, w: CodeWriter, name: string, obj: ts.ObjectLiteralExpression): void {
  for (const p of obj.properties) {
    if (!ts.isPropertyAssignment(p)) continue;
    const state = ts.isIdentifier(p.name) || ts.isStringLiteral(p.name) ? p.name.text : p.name.getText(ctx.sf);
    w.line(`ViewStackProcessor.visualState(${JSON.stringify(state)});`, ctx.line(p));
    const v = p.initializer;
    if (isAttributeBlock(v)) {
      emitStylesBody(ctx, w, name, v);
      continue;
    }
    const ref = ts.isIdentifier(v) ? v.text : ts.isPropertyAccessExpression(v) ? v.name.text : undefined;
    const styles = ref !== undefined
      ? (ts.isPropertyAccessExpression(v) ? ctx.current?.stylesMethods.get(ref) : ctx.globalStyles.get(ref)) : undefined;
    if (styles) emitStylesBody(ctx, w, name, styles);
    else ctx.diag(v, 'ETS_STATE_STYLES', `stateStyles values must be a @Styles function or an attribute block like { .backgroundColor(Color.Red) }`);
  }
  w.line('ViewStackProcessor.visualState();', -1);
}

function emitIf(ctx: TransformContext, w: CodeWriter, s: ts.IfStatement, parent: string | undefined): void {
  const V = ctx.viewExpr;
  w.block(`${V}.observeComponentCreation2((elmtId, isInitialRender) => {`, '}, If);', ctx.line(s), () => {
    w.line('If.create();', ctx.line(s));
    let branch = 0;
    let cur: ts.IfStatement | undefined = s;
    let prefix = 'if';
    let last: ts.Statement | undefined;
    while (cur) {
      const thenS: ts.Statement = cur.thenStatement;
      w.block(`${prefix} (${ctx.rewrite(cur.expression)}) {`, '}', ctx.line(cur), () => {
        w.block(`${V}.ifElseBranchUpdateFunction(${branch++}, () => {`, '});', -1, () => emitBranch(ctx, w, thenS, parent));
      });
      prefix = 'else if';
      const next: ts.Statement | undefined = cur.elseStatement;
      if (next && ts.isIfStatement(next)) { cur = next; continue; }
      last = next;
      cur = undefined;
    }
    const elseBody = last;
    w.block('else {', '}', -1, () => {
      w.block(`${V}.ifElseBranchUpdateFunction(${branch}, () => {`, '});', -1, () => {
        if (elseBody) emitBranch(ctx, w, elseBody, parent);
      });
    });
  });
  w.line('If.pop();', -1);
}

function emitBranch(ctx: TransformContext, w: CodeWriter, s: ts.Statement, parent: string | undefined): void {
  if (ts.isBlock(s)) emitUi(ctx, w, s.statements, parent);
  else emitUiStatement(ctx, w, s, parent);
}

function itemGenerator(ctx: TransformContext, fn: ts.Expression, parent: string | undefined, w: CodeWriter, constName: string): number {
  if (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) {
    const params = fn.parameters.map((p) => ctx.rewrite(p)).join(', ');
    w.block(`const ${constName} = (${params}) => {`, '};', ctx.line(fn), () => emitUi(ctx, w, bodyStatements(fn.body), parent));
    return fn.parameters.length;
  }
  w.line(`const ${constName} = ${ctx.rewrite(fn)};`, ctx.line(fn));
  return 1;
}

function emitForEach(ctx: TransformContext, w: CodeWriter, call: ts.CallExpression, attrs: Attr[], line: number): void {
  const [arr, gen, key] = call.arguments;
  if (!arr || !gen) {
    ctx.diag(call, 'ETS_FOREACH_ARGS', 'ForEach needs an array and an item generator: ForEach(arr, (item) => { … }, keyGen?)');
    return;
  }
  const V = ctx.viewExpr;
  w.block(`${V}.observeComponentCreation2((elmtId, isInitialRender) => {`, '}, ForEach);', line, () => {
    w.line('ForEach.create();', line);
    const genParams = itemGenerator(ctx, gen, undefined, w, 'forEachItemGenFunction');
    const keyParams = key && (ts.isArrowFunction(key) || ts.isFunctionExpression(key)) ? key.parameters.length : 1;
    const arrText = ctx.rewrite(arr);
    if (!key && genParams < 2) {
      w.line(`${V}.forEachUpdateFunction(elmtId, ${arrText}, forEachItemGenFunction);`, line);
    } else {
      w.line(`${V}.forEachUpdateFunction(elmtId, ${arrText}, forEachItemGenFunction, ${key ? ctx.rewrite(key) : 'undefined'}, ${genParams > 1}, ${key ? keyParams > 1 : false});`, line);
    }
    for (const a of attrs) w.line(`ForEach.${a.name}(${a.args.map((x) => ctx.rewrite(x)).join(', ')});`, ctx.line(a.node.expression.name));
  });
  w.line('ForEach.pop();', -1);
}

function emitLazyForEach(ctx: TransformContext, w: CodeWriter, call: ts.CallExpression, attrs: Attr[], line: number): void {
  const [source, gen, key] = call.arguments;
  if (!source || !gen) {
    ctx.diag(call, 'ETS_FOREACH_ARGS', 'LazyForEach needs a data source and an item generator: LazyForEach(source, (item) => { … }, keyGen?)');
    return;
  }
  w.block('{', '}', line, () => {
    itemGenerator(ctx, gen, undefined, w, '__lazyForEachItemGenFunction');
    if (key) w.line(`const __lazyForEachItemIdFunc = ${ctx.rewrite(key)};`, ctx.line(key));
    const id = JSON.stringify(ctx.nextLazyId());
    const keyArg = key ? ', __lazyForEachItemIdFunc' : '';
    w.line(`LazyForEach.create(${id}, ${ctx.viewExpr}, ${ctx.rewrite(source)}, __lazyForEachItemGenFunction${keyArg});`, line);
    for (const a of attrs) w.line(`LazyForEach.${a.name}(${a.args.map((x) => ctx.rewrite(x)).join(', ')});`, ctx.line(a.node.expression.name));
    w.line('LazyForEach.pop();', -1);
  });
}

/** `Repeat(arr).each(…).template(…)` → `Repeat(arr, this).each(…)….render(isInitialRender)` with UI closures lowered. */
function emitRepeat(ctx: TransformContext, w: CodeWriter, expr: ts.Expression, line: number): void {
  const chain: { name: string; args: readonly ts.Expression[] }[] = [];
  let e = expr;
  while (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression)) {
    chain.unshift({ name: e.expression.name.text, args: e.arguments });
    e = e.expression.expression;
  }
  const root = e as ts.CallExpression;
  const args = [...(root.arguments ?? []).map((a) => ctx.rewrite(a)), ctx.viewExpr];
  let text = `Repeat(${args.join(', ')})`;
  for (const c of chain) text += `.${c.name}(${c.args.map((a) => ctx.rewrite(a)).join(', ')})`;
  w.block(`${ctx.viewExpr}.observeComponentCreation2((elmtId, isInitialRender) => {`, '}, Repeat);', line, () => {
    w.line(`${text}.render(isInitialRender);`, line);
  });
}

/** The properties of a custom component's argument object, split for creation / params lambda / update. */
function emitCustomComponent(ctx: TransformContext, w: CodeWriter, name: string, root: ts.CallExpression | ts.EtsComponentExpression,
  attrs: Attr[], line: number): void {
  const arg = root.arguments?.[0];
  const createProps: string[] = [];
  const lambdaProps: string[] = [];
  const updateProps: string[] = [];
  const target = ctx.structShape(name);
  const events: string[] = [];
  if (arg && ts.isObjectLiteralExpression(arg)) {
    for (const p of arg.properties) {
      if (ts.isPropertyAssignment(p)) {
        const key = p.name.getText(ctx.sf);
        const v = p.initializer;
        const bound = ts.isNonNullExpression(v) && ts.isNonNullExpression(v.expression) ? v.expression.expression : undefined;
        if (bound) {
          // `value: this.x!!` on a V2 @Param: the value plus a `$value` event writing back.
          // (the event goes only to creation, after the other properties, as the reference emits it)
          const t = ctx.rewrite(bound);
          createProps.push(`${key}: ${t}`); lambdaProps.push(`${key}: ${t}`); updateProps.push(`${key}: ${t}`);
          if (isAssignable(bound)) events.push(`${'$' + key.replace(/^["']|["']$/g, '')}: newValue => { ${t} = newValue; }`);
          else ctx.diag(v, 'ETS_TWO_WAY_TARGET', `'!!' binds a variable both ways, so it needs something assignable (this.x, this.obj.x); '${bound.getText(ctx.sf)}' is not`);
          continue;
        }
        const stateRef = ts.isPropertyAccessExpression(v) && v.expression.kind === ts.SyntaxKind.ThisKeyword ? v.name.text
          : ts.isIdentifier(v) ? v.text : '';
        if (stateRef.startsWith('$') && !stateRef.startsWith('$$') && ctx.current?.members.has(stateRef.slice(1))) {
          // `$x` / `this.$x` passes the state variable itself (for @Link); re-renders need not update it.
          createProps.push(`${key}: this.__${stateRef.slice(1)}`);
          lambdaProps.push(`${key}: this.${stateRef.slice(1)}`);
          continue;
        }
        if (target?.links.includes(key) && ts.isPropertyAccessExpression(v) && v.expression.kind === ts.SyntaxKind.ThisKeyword) {
          createProps.push(`${key}: this.__${v.name.text}`);
          lambdaProps.push(`${key}: this.${v.name.text}`);
          continue;
        }
        // `$$.x` in a builder with a by-reference `$$` parameter: its `__x` is the caller's state variable (for a @Link).
        if (target?.links.includes(key) && ts.isPropertyAccessExpression(v) && ts.isIdentifier(v.expression) && v.expression.text === '$$') {
          createProps.push(`${key}: $$.__${v.name.text}`);
          lambdaProps.push(`${key}: $$.${v.name.text}`);
          continue;
        }
        const t = ctx.rewrite(v);
        createProps.push(`${key}: ${t}`); lambdaProps.push(`${key}: ${t}`); updateProps.push(`${key}: ${t}`);
      } else {
        const t = ctx.rewrite(p);
        createProps.push(t); lambdaProps.push(t); updateProps.push(t);
      }
    }
  }
  createProps.push(...events);
  const body = trailingBlock(root);
  if (body) {
    const slot = builderParamOf(ctx, name, root);
    if (slot) {
      const w2 = new Writer();
      w2.block('() => {', '}', -1, () => emitUi(ctx, w2, body.statements, undefined));
      createProps.push(`${slot}: ${w2.text()}`);
      lambdaProps.push(`${slot}: ${w2.text()}`);
    }
  }
  const V = ctx.viewExpr;
  const page = JSON.stringify(moduleRelativePath(ctx.options.fileName));
  const pos = ctx.sf.getLineAndCharacterOfPosition(root.getStart(ctx.sf));
  const extraInfo = `{ page: ${page}, line: ${pos.line + 1}, col: ${pos.character + 1} }`;
  const kindOfView = target ? (target.v2 ? 'ViewV2' : 'ViewPU') : ctx.current?.v2 ? 'ViewV2' : 'ViewPU';
  // `Child(options)`: a params object built elsewhere is passed as it is (its fields are not known here).
  const whole = arg && !ts.isObjectLiteralExpression(arg) ? ctx.rewrite(arg) : undefined;
  const withWhole = (props: string[]): string => (whole === undefined ? `{ ${props.join(', ')} }`
    : props.length ? `{ ...(${whole}), ${props.join(', ')} }` : whole);
  const create = withWhole(createProps);
  const lambda = `let paramsLambda = () => { return ${withWhole(lambdaProps)}; };`;
  const update = `${V}.updateStateVarsOfChildByElmtId(elmtId, { ${updateProps.join(', ')} });`;
  const reuseAttr = attrs.find((a) => a.name === 'reuseId');
  attrs = attrs.filter((a) => a.name !== 'reuse' && a.name !== 'reuseId');
  // A V1 @Reusable child is recycled: created through observeRecycleComponentCreation inside a __Recycle__ node.
  const recycle = target?.reusable === true && !target.v2 && !ctx.current?.v2;
  // A @ReusableV2 child: created through reuseOrCreateNewComponent, which takes a pooled instance when there is one.
  const reuseV2 = target?.reusable === true && target.v2;
  const emitChild = (): void => {
    w.block('{', '}', line, () => {
      if (reuseV2) {
        w.block(`${V}.reuseOrCreateNewComponent({`, '});', line, () => {
          w.line(`componentClass: ${name},`, line);
          w.line(`getParams: () => (${create}),`, line);
          if (reuseAttr?.args[0]) w.line(`getReuseId: () => ${ctx.rewrite(reuseAttr.args[0])},`, line);
          w.line(`extraInfo: ${extraInfo}`, line);
        });
        return;
      }
      if (recycle) {
        const reuseId = reuseAttr?.args[0] ? ctx.rewrite(reuseAttr.args[0]) : JSON.stringify(name);
        w.block(`${V}.observeRecycleComponentCreation(${reuseId}, (elmtId, isInitialRender, recycleNode = null) => {`, '});', line, () => {
          w.line('ViewStackProcessor.StartGetAccessRecordingFor(elmtId);', line);
          w.block('if (isInitialRender) {', '}', line, () => {
            w.line(`let componentCall = recycleNode ? recycleNode : new ${name}(${V}, ${create}, undefined, elmtId, () => { }, ${extraInfo});`, line);
            w.block(`ViewPU.createRecycle(componentCall, recycleNode !== null, ${reuseId}, () => {`, '});', line, () => {
              w.block('if (recycleNode && typeof recycleNode.aboutToReuseInternal === "function") {', '}', -1, () => w.line('recycleNode.aboutToReuseInternal();'));
              w.block('else {', '}', -1, () => {
                w.block('if (recycleNode.aboutToReuse && typeof recycleNode.aboutToReuse === "function") {', '}', -1,
                  () => w.line(`recycleNode.aboutToReuse(${create});`));
                w.line('recycleNode.rerender();');
              });
            });
            w.line(lambda, line);
            w.line('componentCall.paramsGenerator_ = paramsLambda;', line);
          });
          w.block('else {', '}', line, () => w.line(update, line));
          w.line('ViewStackProcessor.StopGetAccessRecording();', line);
        });
        return;
      }
      w.block(`${V}.observeComponentCreation2((elmtId, isInitialRender) => {`, `}, { name: ${JSON.stringify(name)} });`, line, () => {
        w.block('if (isInitialRender) {', '}', line, () => {
          w.line(`let componentCall = new ${name}(${V}, ${create}, undefined, elmtId, () => { }, ${extraInfo});`, line);
          w.line(`${kindOfView}.create(componentCall);`, line);
          w.line(lambda, line);
          w.line('componentCall.paramsGenerator_ = paramsLambda;', line);
        });
        w.block('else {', '}', line, () => w.line(update, line));
      });
    });
  };
  // Attributes on a custom component style an invisible __Common__ node; a recycled child sits in a __Recycle__ node.
  const wrappers = [...(attrs.length > 0 ? ['__Common__'] : []), ...(recycle ? ['__Recycle__'] : [])];
  for (const wrapper of wrappers) {
    w.block(`${V}.observeComponentCreation2((elmtId, isInitialRender) => {`, `}, ${wrapper});`, line, () => {
      w.line(`${wrapper}.create();`, line);
      if (wrapper === '__Common__') emitAttributes(ctx, w, wrapper, attrs);
    });
  }
  emitChild();
  // (the reference pops the wrappers in creation order)
  for (const wrapper of wrappers) w.line(`${wrapper}.pop();`, -1);
}

function builderParamOf(ctx: TransformContext, name: string, at: ts.Node): string | undefined {
  const target = ctx.structShape(name);
  if (!target) {
    // Decided at run time: the component takes it in its single @BuilderParam.
    ctx.diag(at, 'ETS_TRAILING_CLOSURE_UNCHECKED', `the declaration of '${name}' was not found, so hmos cannot check that it has exactly one @BuilderParam for this trailing closure; it is passed to its single @BuilderParam at run time`, 'warning');
    return TRAILING_CLOSURE;
  }
  if (target.builderParams.length !== 1) {
    ctx.diag(at, 'ETS_TRAILING_CLOSURE', `'${name}' takes a trailing closure only when it has exactly one @BuilderParam (it has ${target.builderParams.length})`);
    return undefined;
  }
  return target.builderParams[0];
}

/** `new CustomDialogController({ builder: Dialog({...}), … })` → the builder creates the dialog view bound to this controller. */
function lowerDialogController(ctx: TransformContext, node: ts.NewExpression): string | undefined {
  const opts = node.arguments?.[0];
  if (!opts || !ts.isObjectLiteralExpression(opts)) return undefined;
  const props = opts.properties.map((p) => {
    if (ts.isPropertyAssignment(p) && p.name.getText(ctx.sf) === 'builder') {
      const v = p.initializer;
      const call = ts.isCallExpression(v) || ts.isEtsComponentExpression(v) ? v : undefined;
      const dialogName = call && ts.isIdentifier(call.expression) ? call.expression.text : undefined;
      if (call && dialogName) {
        const arg = call.arguments?.[0];
        const params = arg ? ctx.rewrite(arg) : '{}';
        const ctrl = controllerTarget(ctx, node);
        const set = ctrl ? ` jsDialog.setController(${ctrl});` : '';
        return `builder: () => { let jsDialog = new ${dialogName}(this, ${params}, undefined, -1, () => { }, {});${set} ViewPU.create(jsDialog); }`;
      }
    }
    return ctx.rewrite(p);
  });
  return `new CustomDialogController({ ${props.join(', ')} }, this)`;
}

/** Where the controller is stored (`this.dialogController`), so the dialog view can call close() on it. */
function controllerTarget(ctx: TransformContext, node: ts.NewExpression): string | undefined {
  const p = node.parent;
  if (p && ts.isPropertyDeclaration(p) && ts.isIdentifier(p.name)) return `this.${p.name.text}`;
  if (p && ts.isBinaryExpression(p) && p.operatorToken.kind === ts.SyntaxKind.EqualsToken) return p.left.getText(ctx.sf);
  if (p && ts.isVariableDeclaration(p) && ts.isIdentifier(p.name)) return p.name.text;
  return undefined;
}

/** stateStyles inside an @Extend function body. */
export function emitStateStylesFor(ctx: TransformContext, w: CodeWriter, name: string, obj: ts.ObjectLiteralExpression): void {
  emitStateStyles(ctx, w, name, obj);
}
