/**
 * `struct` → a class extending ViewPU (@Component) or ViewV2 (@ComponentV2): state fields become the framework's
 * backing objects (V1) or decorated fields (V2), build() becomes initialRender(), and @Entry pages register a route.
 */
import { ts } from '../parse.js';
import type { CodeWriter } from './writer.js';
import { linkParent, type MemberInfo, type StructInfo, type TransformContext } from './context.js';
import {
  NEUTRAL_MEMBER_DECORATORS, V1_MEMBER_DECORATORS, V2_MEMBER_DECORATORS, decoratorArgs, decoratorName, decoratorsOf,
  exportPrefix, findDecorator, memberKind, startAfterDecorators,
} from './decorators.js';
import { emitUi } from './ui.js';
import { TRAILING_CLOSURE } from './components.js';

const INTENT_DECORATORS = new Set(['InsightIntentEntry', 'InsightIntentFunction', 'InsightIntentFunctionMethod', 'InsightIntentPage', 'InsightIntentLink']);

/** First pass: what a struct declares (needed before any UI is lowered, since UI refers to other structs). */
export function collectStruct(ctx: TransformContext, node: ts.StructDeclaration): StructInfo {
  const v2 = findDecorator(node, 'ComponentV2') !== undefined;
  const info: StructInfo = {
    name: node.name?.text ?? 'Anonymous', node, v2, entry: findDecorator(node, 'Entry'),
    dialog: findDecorator(node, 'CustomDialog') !== undefined,
    reusable: findDecorator(node, 'Reusable') !== undefined || findDecorator(node, 'ReusableV2') !== undefined,
    members: new Map(), builderMethods: new Set(), stylesMethods: new Map(),
  };
  for (const m of node.members) {
    if (m.pos < 0 || m.end <= m.pos) continue;
    const decorators = decoratorsOf(m);
    if (ts.isPropertyDeclaration(m) && ts.isIdentifier(m.name)) {
      const isStatic = m.modifiers?.some((x) => x.kind === ts.SyntaxKind.StaticKeyword) ?? false;
      info.members.set(m.name.text, { name: m.name.text, kind: memberKind(decorators), node: m, decorators, isStatic });
    } else if (ts.isMethodDeclaration(m) && ts.isIdentifier(m.name)) {
      if (decorators.some((d) => ['Builder', 'LocalBuilder'].includes(decoratorName(d)))) info.builderMethods.add(m.name.text);
      if (decorators.some((d) => decoratorName(d) === 'Styles') && m.body) info.stylesMethods.set(m.name.text, m.body);
    }
  }
  return info;
}

/** Primitive state gets the *Simple* backing classes (no deep observation). Decided from the declared type, else
 *  from a literal initializer; without a type checker, enum-typed fields count as objects. */
function isSimpleTypeNode(t: ts.TypeNode): boolean {
  if (t.kind === ts.SyntaxKind.NumberKeyword || t.kind === ts.SyntaxKind.StringKeyword || t.kind === ts.SyntaxKind.BooleanKeyword) return true;
  if (ts.isLiteralTypeNode(t)) return t.literal.kind !== ts.SyntaxKind.NullKeyword;
  if (ts.isParenthesizedTypeNode(t)) return isSimpleTypeNode(t.type);
  if (ts.isUnionTypeNode(t)) return t.types.every(isSimpleTypeNode);
  return false;
}

function isSimpleType(m: MemberInfo): boolean {
  const t = m.node.type;
  const i0 = m.node.initializer;
  // `color: Color = Color.Red`: an enum member (enums are numbers or strings)
  if (t && ts.isTypeReferenceNode(t) && i0 && ts.isPropertyAccessExpression(i0) && ts.isIdentifier(i0.expression)
    && ts.isIdentifier(t.typeName) && i0.expression.text === t.typeName.text) return true;
  if (t) return isSimpleTypeNode(t);
  const i = m.node.initializer;
  if (!i) return false;
  return ts.isNumericLiteral(i) || ts.isStringLiteralLike(i) || ts.isTemplateExpression(i)
    || i.kind === ts.SyntaxKind.TrueKeyword || i.kind === ts.SyntaxKind.FalseKeyword
    || (ts.isPrefixUnaryExpression(i) && ts.isNumericLiteral(i.operand));
}

function checkMembers(ctx: TransformContext, info: StructInfo): void {
  for (const m of info.members.values()) {
    for (const d of m.decorators) {
      const n = decoratorName(d);
      if (NEUTRAL_MEMBER_DECORATORS.has(n) || INTENT_DECORATORS.has(n)) continue;
      if (info.v2 && V1_MEMBER_DECORATORS.has(n) && !V2_MEMBER_DECORATORS.has(n)) {
        ctx.diag(d, 'ETS_V1_IN_V2', `@${n} is a V1 decorator and cannot be used in @ComponentV2 struct '${info.name}'; use @Local, @Param, @Event, @Provider or @Consumer`);
      } else if (!info.v2 && V2_MEMBER_DECORATORS.has(n) && !V1_MEMBER_DECORATORS.has(n)) {
        ctx.diag(d, 'ETS_V2_IN_V1', `@${n} is a V2 decorator and cannot be used in @Component struct '${info.name}'; decorate the struct with @ComponentV2 or use @State, @Prop, @Link…`);
      } else if (!V1_MEMBER_DECORATORS.has(n) && !V2_MEMBER_DECORATORS.has(n)) {
        ctx.diag(d, 'ETS_UNKNOWN_DECORATOR', `unknown decorator @${n} on '${info.name}.${m.name}'; it is ignored`, 'warning');
      }
    }
    if ((m.kind === 'Link' || m.kind === 'ObjectLink') && m.node.initializer) {
      ctx.diag(m.node.initializer, 'ETS_LINK_INITIALIZED', `@${m.kind} '${m.name}' must not be initialised locally: its value comes from the parent component; remove '= …'`);
    }
  }
  const hasBuild = info.node.members.some((m) => ts.isMethodDeclaration(m) && ts.isIdentifier(m.name) && m.name.text === 'build' && m.pos >= 0);
  if (!hasBuild) {
    ctx.diag(info.node.name ?? info.node, 'ETS_NO_BUILD', `struct '${info.name}' has no build() method; a component must declare build() { … } describing its UI`);
  }
}

function init(ctx: TransformContext, m: MemberInfo): string {
  return m.node.initializer ? ctx.rewrite(linkParent(m.node.initializer, m.node)) : 'undefined';
}

function argText(ctx: TransformContext, d: ts.Decorator | undefined, fallback: string): string {
  const a = d ? decoratorArgs(d)[0] : undefined;
  return a ? ctx.rewrite(a) : JSON.stringify(fallback);
}

export function emitStruct(ctx: TransformContext, w: CodeWriter, info: StructInfo, decorateCalls: string[]): void {
  ctx.current = info;
  ctx.viewExpr = 'this';
  checkMembers(ctx, info);
  const line = ctx.line(info.node);
  const head = `${exportPrefix(info.node, ctx.sf)}class ${info.name} extends ${info.v2 ? 'ViewV2' : 'ViewPU'} {`;
  w.block(head, '}', line, () => {
    if (info.v2) emitV2Body(ctx, w, info, decorateCalls);
    else emitV1Body(ctx, w, info);
    emitMethods(ctx, w, info, decorateCalls);
    w.block('rerender() {', '}', -1, () => w.line('this.updateDirtyElements();'));
    if (info.entry) w.block('static getEntryName() {', '}', -1, () => w.line(`return ${JSON.stringify(info.name)};`));
  });
  ctx.current = undefined;
}

function emitV1Body(ctx: TransformContext, w: CodeWriter, info: StructInfo): void {
  const members = [...info.members.values()].filter((m) => !m.isStatic);
  const backed = members.filter((m) => m.kind !== 'regular' && m.kind !== 'BuilderParam');
  w.block('constructor(parent, params, __localStorage, elmtId = -1, paramsLambda = undefined, extraInfo) {', '}', ctx.line(info.node), () => {
    w.line('super(parent, __localStorage, elmtId, extraInfo);');
    w.block('if (typeof paramsLambda === "function") {', '}', -1, () => w.line('this.paramsGenerator_ = paramsLambda;'));
    for (const m of members) {
      const l = ctx.line(m.node);
      const name = JSON.stringify(m.name);
      const simple = isSimpleType(m) ? 'Simple' : 'Object';
      const d = m.decorators.find((x) => decoratorName(x) === m.kind);
      switch (m.kind) {
        case 'regular': case 'BuilderParam':
          if (m.node.initializer) w.line(`this.${m.name} = ${init(ctx, m)};`, l);
          break;
        case 'State':
          w.line(`this.__${m.name} = new ObservedProperty${simple}PU(${init(ctx, m)}, this, ${name});`, l); break;
        case 'Prop':
          w.line(`this.__${m.name} = new SynchedProperty${simple}OneWayPU(params.${m.name}, this, ${name});`, l); break;
        case 'Link':
          w.line(`this.__${m.name} = new SynchedProperty${simple}TwoWayPU(params.${m.name}, this, ${name});`, l); break;
        case 'ObjectLink':
          w.line(`this.__${m.name} = new SynchedPropertyNesedObjectPU(params.${m.name}, this, ${name});`, l); break;
        case 'Provide': {
          w.line(`this.__${m.name} = new ObservedProperty${simple}PU(${init(ctx, m)}, this, ${name});`, l);
          const alias = argText(ctx, d, m.name);
          w.line(`this.addProvidedVar(${alias}, this.__${m.name}, false);`, l);
          if (alias !== name) w.line(`this.addProvidedVar(${name}, this.__${m.name}, false);`, l);
          break;
        }
        case 'Consume': {
          // A default (API 20+) is used when no ancestor provides the value.
          const dflt = m.node.initializer ? `, ${init(ctx, m)}` : '';
          w.line(`this.__${m.name} = this.initializeConsume(${argText(ctx, d, m.name)}, ${name}${dflt});`, l); break;
        }
        case 'StorageLink': case 'StorageProp': case 'LocalStorageLink': case 'LocalStorageProp':
          w.line(`this.__${m.name} = this.create${m.kind}(${argText(ctx, d, m.name)}, ${init(ctx, m)}, ${name});`, l); break;
        default:
          ctx.diag(m.decorators[0] ?? m.node, 'ETS_V2_IN_V1', `@${m.kind} cannot be used in @Component struct '${info.name}'`);
      }
      const watch = m.decorators.find((x) => decoratorName(x) === 'Watch');
      if (watch) {
        const cb = decoratorArgs(watch)[0];
        if (cb && ts.isStringLiteralLike(cb) && /^[A-Za-z_$][\w$]*$/.test(cb.text)) {
          w.line(`this.declareWatch(${name}, this.${cb.text});`, l);
        } else {
          ctx.diag(cb ?? watch, 'ETS_WATCH_ARG', `@Watch takes the name of a method of '${info.name}' as a string, e.g. @Watch('onCountChange')`);
        }
      }
    }
    for (const b of localBuilders(info)) w.line(`this.${b} = this.${b}.bind(this);`);
    w.line('this.setInitiallyProvidedValue(params);');
    w.line('this.finalizeConstruction();');
  });
  w.block('setInitiallyProvidedValue(params) {', '}', -1, () => {
    for (const m of members) {
      if (m.kind === 'regular' || m.kind === 'BuilderParam' || m.kind === 'State' || m.kind === 'Provide') {
        w.block(`if (params.${m.name} !== undefined) {`, '}', -1, () => w.line(`this.${m.name} = params.${m.name};`));
        if (m === soleBuilderParam(info)) {
          w.block(`else if (params.${TRAILING_CLOSURE} !== undefined) {`, '}', -1, () => w.line(`this.${m.name} = params.${TRAILING_CLOSURE};`));
        }
      } else if (m.kind === 'Prop' && m.node.initializer) {
        w.block(`if (params.${m.name} === undefined) {`, '}', -1, () => w.line(`this.__${m.name}.set(${init(ctx, m)});`));
      } else if (m.kind === 'ObjectLink') {
        w.line(`this.__${m.name}.set(params.${m.name});`);
      }
    }
  });
  w.block('updateStateVars(params) {', '}', -1, () => {
    for (const m of members) {
      if (m.kind === 'Prop') w.line(`this.__${m.name}.reset(params.${m.name});`);
      else if (m.kind === 'ObjectLink') w.line(`this.__${m.name}.set(params.${m.name});`);
    }
  });
  w.block('purgeVariableDependenciesOnElmtId(rmElmtId) {', '}', -1, () => {
    for (const m of backed) w.line(`this.__${m.name}.purgeDependencyOnElmtId(rmElmtId);`);
  });
  w.block('aboutToBeDeleted() {', '}', -1, () => {
    for (const m of backed) w.line(`this.__${m.name}.aboutToBeDeleted();`);
    w.line('SubscriberManager.Get().delete(this.id__());');
    w.line('this.aboutToBeDeletedInternal();');
  });
  if (info.reusable) {
    // a recycled instance re-binds its state variables to the element ids of its new place in the tree
    w.block('updateRecycleElmtId(oldElmtId, newElmtId) {', '}', -1, () => {
      for (const m of backed) w.line(`this.__${m.name}.updateElmtId(oldElmtId, newElmtId);`);
    });
  }
  if (info.dialog) {
    const ctrl = members.find((m) => m.node.type && ts.isTypeReferenceNode(m.node.type) && m.node.type.typeName.getText(ctx.sf) === 'CustomDialogController');
    w.block('setController(ctr) {', '}', -1, () => w.line(ctrl ? `this.${ctrl.name} = ctr;` : 'this.controller = ctr;'));
  }
  for (const m of backed) {
    w.block(`get ${m.name}() {`, '}', -1, () => w.line(`return this.__${m.name}.get();`));
    w.block(`set ${m.name}(newValue) {`, '}', -1, () => w.line(`this.__${m.name}.set(newValue);`));
  }
}

function soleBuilderParam(info: StructInfo): MemberInfo | undefined {
  const params = [...info.members.values()].filter((m) => m.kind === 'BuilderParam' && !m.isStatic);
  return params.length === 1 ? params[0] : undefined;
}

function localBuilders(info: StructInfo): string[] {
  const out: string[] = [];
  for (const m of info.node.members) {
    if (ts.isMethodDeclaration(m) && ts.isIdentifier(m.name) && findDecorator(m, 'LocalBuilder')) out.push(m.name.text);
  }
  return out;
}

function emitV2Body(ctx: TransformContext, w: CodeWriter, info: StructInfo, decorateCalls: string[]): void {
  const members = [...info.members.values()].filter((m) => !m.isStatic);
  const fromParams = (m: MemberInfo): string =>
    `(params && ${JSON.stringify(m.name)} in params) ? params.${m.name} : `
    + (m === soleBuilderParam(info) ? `(params && ${JSON.stringify(TRAILING_CLOSURE)} in params) ? params.${TRAILING_CLOSURE} : ` : '')
    + `${m.kind === 'Event' && !m.node.initializer ? '() => { }' : init(ctx, m)}`;
  const initLine = (m: MemberInfo, reset: boolean): string | undefined => {
    switch (m.kind) {
      case 'Param': return `this.${reset ? 'resetParam' : 'initParam'}(${JSON.stringify(m.name)}, ${fromParams(m)});`;
      case 'Event': case 'BuilderParam': return `this.${m.name} = ${fromParams(m)};`;
      case 'Local': case 'Provider': case 'Consumer': case 'regular':
        return m.node.initializer || m.kind !== 'regular' ? `this.${m.name} = ${init(ctx, m)};` : undefined;
      default:
        return undefined;
    }
  };
  w.block('constructor(parent, params, __localStorage, elmtId = -1, paramsLambda, extraInfo) {', '}', ctx.line(info.node), () => {
    w.line('super(parent, elmtId, extraInfo);');
    for (const m of members) {
      const l = initLine(m, false);
      if (l) w.line(l, ctx.line(m.node));
      const decos = m.decorators.filter((d) => ['Local', 'Param', 'Once', 'Event', 'Provider', 'Consumer', 'Env'].includes(decoratorName(d)));
      if (decos.length) decorateCalls.push(`__decorate([${decos.map((d) => ctx.rewrite(d.expression)).join(', ')}], ${info.name}.prototype, ${JSON.stringify(m.name)}, void 0);`);
    }
    for (const b of localBuilders(info)) w.line(`this.${b} = this.${b}.bind(this);`);
    w.line('this.finalizeConstruction();');
  });
  w.block('resetStateVarsOnReuse(params) {', '}', -1, () => {
    for (const m of members) {
      if (m.kind === 'regular') continue;
      const l = initLine(m, true);
      if (l) w.line(l);
    }
  });
  const params = members.filter((m) => m.kind === 'Param');
  if (params.length) {
    w.block('updateStateVars(params) {', '}', -1, () => {
      w.block('if (params === undefined) {', '}', -1, () => w.line('return;'));
      for (const m of params) {
        w.block(`if (${JSON.stringify(m.name)} in params) {`, '}', -1, () => w.line(`this.updateParam(${JSON.stringify(m.name)}, params.${m.name});`));
      }
    });
  }
}

/** Methods: build → initialRender, @Builder methods lowered as UI, @Styles dropped (inlined at use), others as written. */
function emitMethods(ctx: TransformContext, w: CodeWriter, info: StructInfo, decorateCalls: string[]): void {
  for (const m of info.node.members) {
    if (m.pos < 0 || m.end <= m.pos) continue;
    if (ts.isPropertyDeclaration(m)) {
      const mi = ts.isIdentifier(m.name) ? info.members.get(m.name.text) : undefined;
      if (mi?.isStatic) w.line(ctx.rewrite(m, startAfterDecorators(m, ctx.sf)), ctx.line(m));
      continue;
    }
    if (ts.isConstructorDeclaration(m)) {
      ctx.diag(m, 'ETS_STRUCT_CONSTRUCTOR', `struct '${info.name}' declares a constructor, which is ignored: components are created by the framework with their parameters; initialise fields inline or in aboutToAppear()`, 'warning');
      continue;
    }
    const decos = decoratorsOf(m);
    const names = decos.map(decoratorName);
    if (ts.isMethodDeclaration(m) && ts.isIdentifier(m.name) && m.name.text === 'build' && m.body) {
      w.block('initialRender() {', '}', ctx.line(m), () => emitUi(ctx, w, m.body!.statements, undefined));
      continue;
    }
    if (ts.isMethodDeclaration(m) && ts.isIdentifier(m.name) && m.name.text === 'pageTransition' && m.body) {
      // the page's enter/exit transitions, rendered inside a PageTransition node
      w.block('pageTransition() {', '}', ctx.line(m), () => {
        w.block('this.observeComponentCreation2((elmtId, isInitialRender) => {', '}, null);', -1, () => w.line('PageTransition.create();'));
        emitUi(ctx, w, m.body!.statements, 'PageTransition');
        w.line('PageTransition.pop();');
      });
      continue;
    }
    if (names.includes('Styles')) continue;
    if (ts.isMethodDeclaration(m) && m.body && (names.includes('Builder') || names.includes('LocalBuilder'))) {
      const params = [...m.parameters.map((p) => ctx.rewrite(p)), 'parent = null'].join(', ');
      w.block(`${m.name.getText(ctx.sf)}(${params}) {`, '}', ctx.line(m), () => emitUi(ctx, w, m.body!.statements, undefined));
      continue;
    }
    const keep = decos.filter((d) => ['Monitor', 'SyncMonitor', 'Computed'].includes(decoratorName(d)));
    if (keep.length && m.name) {
      // a static method / accessor is decorated on the class itself, as TypeScript does
      const isStatic = ts.getModifiers(m as ts.HasModifiers)?.some((x) => x.kind === ts.SyntaxKind.StaticKeyword) ?? false;
      decorateCalls.push(`__decorate([${keep.map((d) => ctx.rewrite(d.expression)).join(', ')}], ${info.name}${isStatic ? '' : '.prototype'}, ${JSON.stringify(m.name.getText(ctx.sf))}, null);`);
    }
    w.line(ctx.rewrite(m, startAfterDecorators(m, ctx.sf)), ctx.line(m));
  }
}

/** `new LocalStorage(…)` / `LocalStorage.getShared()`, directly or through a top-level variable of this file. */
function isLocalStorageValue(ctx: TransformContext, e: ts.Expression): boolean {
  if (ts.isIdentifier(e)) {
    for (const s of ctx.sf.statements) {
      if (!ts.isVariableStatement(s)) continue;
      const d = s.declarationList.declarations.find((x) => ts.isIdentifier(x.name) && x.name.text === e.text);
      if (d) return !!d.initializer && isLocalStorageValue(ctx, d.initializer);
    }
    return false;
  }
  if (ts.isNewExpression(e)) return ts.isIdentifier(e.expression) && e.expression.text === 'LocalStorage';
  return ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression) && ts.isIdentifier(e.expression.expression)
    && e.expression.expression.text === 'LocalStorage' && /^[gG]etShared$/.test(e.expression.name.text);
}

/** `registerNamedRoute(...)` for an @Entry page (src/runtime/abi.ts, item 3). */
export function emitRoute(ctx: TransformContext, w: CodeWriter, info: StructInfo): void {
  const { pagePath } = ctx.options;
  if (!info.entry || !pagePath) return;
  let storage = '';
  let routeName = '""';
  const [arg] = decoratorArgs(info.entry);
  if (arg && ts.isObjectLiteralExpression(arg)) {
    let shared = false;
    for (const p of arg.properties) {
      if (!ts.isPropertyAssignment(p)) continue;
      const key = p.name.getText(ctx.sf);
      if (key === 'routeName') routeName = ctx.rewrite(p.initializer);
      else if (key === 'storage') storage = ctx.rewrite(p.initializer);
      else if (key === 'useSharedStorage') shared = p.initializer.kind === ts.SyntaxKind.TrueKeyword;
    }
    if (shared) storage = 'LocalStorage.getShared()';
  } else if (arg) {
    storage = ctx.rewrite(arg);
  }
  const fullPath = ctx.options.pageFullPath ?? `${ctx.options.moduleName}/src/main/ets/${pagePath}`;
  const meta = `{ bundleName: ${JSON.stringify(ctx.options.bundleName)}, moduleName: ${JSON.stringify(ctx.options.moduleName)}, pagePath: ${JSON.stringify(pagePath)}, pageFullPath: ${JSON.stringify(fullPath)}, integratedHsp: "false", moduleType: "followWithHap" }`;
  if (arg && !ts.isObjectLiteralExpression(arg) && !isLocalStorageValue(ctx, arg)) {
    // `@Entry(x)`: x is a LocalStorage or an options object ({routeName, storage, useSharedStorage}); which one is only
    // known at run time, so decide there, as the reference does.
    const o = '__entryOptions';
    w.block('{', '}', ctx.line(info.node), () => {
      w.line(`const ${o}: any = ${ctx.rewrite(arg)};`);
      w.line(`const isOptions = !!${o} && !(${o} instanceof LocalStorage) && (${o}.routeName !== undefined || ${o}.storage !== undefined || ${o}.useSharedStorage !== undefined);`);
      w.line(`registerNamedRoute(() => new ${info.name}(undefined, {}, isOptions ? (${o}.useSharedStorage ? LocalStorage.getShared() : ${o}.storage) : ${o}), isOptions && ${o}.routeName !== undefined ? ${o}.routeName : "", ${meta});`);
    });
    return;
  }
  w.line(`registerNamedRoute(() => new ${info.name}(undefined, {}${storage ? `, ${storage}` : ''}), ${routeName}, ${meta});`, ctx.line(info.node));
}
