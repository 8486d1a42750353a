/**
 * The ArkTS transform (src/compiler/transform-contract.ts): one .ets file → TypeScript that calls the partial-update
 * framework (src/runtime/abi.ts). One parse, a declaration pass, then one emitting walk over the top-level statements;
 * code that is plain TypeScript is copied as written. Lowering rules: docs/transform.md.
 */
import { parseSource, ts } from '../parse.js';
import type { TransformOptions, TransformResult } from '../transform-contract.js';
import type { Diagnostic } from '../../diagnostics.js';
import { appendAll } from '../../util/arrays.js';
import { linkParent, TransformContext, type StructInfo } from './context.js';
import { CodeWriter } from './writer.js';
import { collectStruct, emitRoute, emitStruct } from './struct.js';
import { emitStateStylesFor, emitUi, installUiHooks } from './ui.js';
import { decoratorArgs, decoratorName, decoratorsOf, exportPrefix, startAfterDecorators } from './decorators.js';
import { extractIntents, INTENT_DECORATORS } from './intents.js';

export type { TransformOptions, TransformResult } from '../transform-contract.js';

const DECORATE_HELPER = 'const __decorate = function (decorators, target, key, desc) { const c = arguments.length; let r = c < 3 ? target : desc === null ? (desc = Object.getOwnPropertyDescriptor(target, key)) : desc; for (let i = decorators.length - 1; i >= 0; i--) { const d = decorators[i]; if (d) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r; } if (c > 3 && r) Object.defineProperty(target, key, r); return r; };';

/** ArkTS decorators that mark a class or member for the ArkTS runtime's own machinery and are no functions:
 *  `@Sendable` (a class shared between workers by reference; here, where workers copy, it changes nothing). */
const NEUTRAL_DECORATORS = new Set(['Sendable']);
const CLASS_MEMBER_DECORATORS = new Set(['Track', 'Trace', 'Type', 'Monitor', 'SyncMonitor', 'Computed']);

const EMPTY_OUTPUT = `//# sourceMappingURL=data:application/json;base64,${Buffer.from('{"version":3,"sources":[],"names":[],"mappings":""}').toString('base64')}\n`;

/** A file parsed ahead of its transform (see parseEts). */
export type ParsedEts = { fileName: string; source: string; parsed: ReturnType<typeof parseSource> } | { fileName: string; source: string; tooDeep: true };

/**
 * The parse transformEts starts with, done ahead (the transform worker parses an edited file while the build loads).
 * Usable once: the lowering links the tree it walks.
 */
export function parseEts(fileName: string, source: string): ParsedEts {
  try {
    // No parent links: the lowering walks down the tree and sets `.parent` on the nodes it visits (TransformContext.rewrite).
    return { fileName, source, parsed: parseSource(fileName, source, { parents: false }) };
  } catch (err) {
    if (isStackOverflow(err)) return { fileName, source, tooDeep: true };
    throw err;
  }
}

/** `ahead`: this very file and text parsed by parseEts, not used before. */
export function transformEts(source: string, options: TransformOptions, ahead?: ParsedEts): TransformResult {
  const pre = ahead && ahead.fileName === options.fileName && ahead.source === source ? ahead : parseEts(options.fileName, source);
  if ('tooDeep' in pre) return tooDeep(source, options.fileName);
  const parsed = pre.parsed;
  try {
    return transformParsed(source, options, parsed);
  } catch (err) {
    if (isStackOverflow(err)) return tooDeep(source, options.fileName);
    // A tree the parser had to repair can break assumptions of the lowering; the syntax errors are what the user
    // must fix. Without syntax errors an exception is a bug and keeps its stack.
    if (parsed.diagnostics.length === 0) throw err;
    return { code: EMPTY_OUTPUT, diagnostics: parsed.diagnostics, intents: [] };
  }
}

function isStackOverflow(err: unknown): boolean {
  return err instanceof RangeError && /call stack/i.test(err.message);
}

/**
 * Code nested so deeply that the parser or the lowering (both recursive, as tsc's) ran out of stack — some hundreds of
 * levels of brackets; the reference compiler fails on it too. Reported at the deepest bracket.
 */
function tooDeep(source: string, file: string): TransformResult {
  const { offset, depth } = deepestBracket(source);
  const before = source.slice(0, offset);
  const line = before.split('\n').length;
  const col = offset - before.lastIndexOf('\n');
  return {
    code: EMPTY_OUTPUT, intents: [],
    diagnostics: [{ severity: 'error', code: 'ETS_TOO_DEEP', message: `the code nests too deeply to compile (${depth} levels of brackets here); split it into functions or components`, file, line, col }],
  };
}

/** The first bracket that reaches the deepest nesting of ( [ { in `source` (strings and comments skipped, roughly). */
function deepestBracket(source: string): { offset: number; depth: number } {
  let depth = 0;
  let best = { offset: 0, depth: 0 };
  for (let i = 0; i < source.length; i++) {
    const c = source[i];
    if (c === '"' || c === "'" || c === '`') {
      for (i++; i < source.length && source[i] !== c; i++) if (source[i] === '\\') i++;
    } else if (c === '/' && source[i + 1] === '/') {
      const end = source.indexOf('\n', i);
      i = end < 0 ? source.length : end;
    } else if (c === '/' && source[i + 1] === '*') {
      const end = source.indexOf('*/', i + 2);
      i = end < 0 ? source.length : end + 1;
    } else if (c === '(' || c === '[' || c === '{') {
      if (++depth > best.depth) best = { offset: i, depth };
    } else if (c === ')' || c === ']' || c === '}') {
      depth = Math.max(0, depth - 1);
    }
  }
  return best;
}

function transformParsed(source: string, options: TransformOptions, parsed: ReturnType<typeof parseSource>): TransformResult {
  const ctx = new TransformContext(parsed.sourceFile, source, options);
  appendAll(ctx.diagnostics, parsed.diagnostics);
  installUiHooks(ctx);
  const sf = parsed.sourceFile;

  // Pass 1: declarations that UI code refers to.
  const structs: StructInfo[] = [];
  let firstEntry: StructInfo | undefined;
  for (const s of sf.statements) {
    if (ts.isImportDeclaration(s) && s.importClause?.namedBindings && ts.isNamespaceImport(s.importClause.namedBindings)) {
      ctx.namespaceImports.add(s.importClause.namedBindings.name.text);
    }
    if (ts.isStructDeclaration(s)) {
      const info = collectStruct(ctx, s);
      structs.push(info);
      ctx.structs.set(info.name, info);
      if (info.entry) {
        if (firstEntry) ctx.diag(info.entry, 'ETS_DUPLICATE_ENTRY', `a file may hold only one @Entry struct; '${firstEntry.name}' is already the entry of this page`);
        else firstEntry = info;
      }
    } else if (ts.isFunctionDeclaration(s) && s.name) {
      for (const d of decoratorsOf(s)) {
        const n = decoratorName(d);
        if (n === 'Builder' || n === 'LocalBuilder') ctx.globalBuilders.add(s.name.text);
        else if (n === 'Styles' && s.body) ctx.globalStyles.set(s.name.text, s.body);
        else if (n === 'Extend' || n === 'AnimatableExtend') {
          const comp = decoratorArgs(d)[0];
          if (comp && ts.isIdentifier(comp)) {
            const table = n === 'Extend' ? ctx.extendFunctions : ctx.animatableExtends;
            const set = table.get(comp.text) ?? new Set<string>();
            set.add(s.name.text);
            table.set(comp.text, set);
          }
        }
      }
    }
  }
  for (let i = 0; i + 1 < sf.statements.length; i++) {
    const s = sf.statements[i];
    if (!ts.isMissingDeclaration(s) || !decoratorsOf(s).some((d) => decoratorName(d) === 'Extend')) continue;
    const m = /^(\w+)\.(\w+)\(/.exec(sf.statements[i + 1].getText(sf).trim());
    if (m) {
      const set = ctx.extendFunctions.get(m[1]) ?? new Set<string>();
      set.add(m[2]);
      ctx.extendFunctions.set(m[1], set);
    }
  }
  appendAll(ctx.intents, extractIntents(ctx));

  // Pass 2: emit.
  const w = new CodeWriter();
  const decorateCalls: string[] = [];
  const body = new CodeWriter();
  const skip = new Set<ts.Statement>();
  let needsDecorate = false;
  const flush = (out: CodeWriter, calls: string[]): void => {
    if (calls.length) needsDecorate = true;
    for (const c of calls) out.line(c);
    calls.length = 0;
  };
  for (const s of sf.statements) {
    if (ts.isStructDeclaration(s)) {
      const info = ctx.structs.get(s.name?.text ?? '') ?? collectStruct(ctx, s);
      emitStruct(ctx, body, info, decorateCalls);
      // @ReusableV2 marks the class (`isReusable_`), as the reference's __ReusableV2_Inner_Decorator__ does.
      if (info.v2 && info.reusable) decorateCalls.push(`__ReusableV2_Inner_Decorator__(${info.name});`);
      flush(body, decorateCalls);
      emitRoute(ctx, body, info);
    } else if (ts.isFunctionDeclaration(s)) {
      emitFunction(ctx, body, s);
    } else if (ts.isClassDeclaration(s)) {
      emitClass(ctx, body, s, decorateCalls);
      flush(body, decorateCalls);
    } else if (ts.isMissingDeclaration(s) && decoratorsOf(s).some((d) => decoratorName(d) === 'Extend')) {
      // Legacy `@Extend Text.name(params) { .attr() }`: the parser yields the decorator, a call statement and a block.
      const i = sf.statements.indexOf(s);
      const head = sf.statements[i + 1];
      const block = sf.statements[i + 2];
      const m = head && /^(\w+)\.(\w+)\(([\s\S]*)\)$/.exec(head.getText(sf).trim());
      if (m && block && ts.isBlock(block)) {
        emitExtendFunction(ctx, body, '', m[1], m[2], m[3], block, ctx.line(s), true);
        skip.add(head).add(block);
        // The parser's complaints about this form are answered: it is lowered like `@Extend(Text) function`.
        const from = ctx.line(s) + 1; // 1-based, as diagnostics
        const to = sf.getLineAndCharacterOfPosition(block.end).line + 1;
        const answered = (d: Diagnostic): boolean => d.code === 'ETS_SYNTAX' && d.line !== undefined && d.line >= from && d.line <= to;
        const kept = ctx.diagnostics.filter((d) => !answered(d));
        ctx.diagnostics.length = 0;
        appendAll(ctx.diagnostics, kept);
      } else {
        ctx.diag(s, 'ETS_EXTEND_SYNTAX', 'write @Extend(Text) function name(params) { .attr(...) }');
      }
    } else if (skip.has(s)) {
      continue;
    } else if (decoratorsOf(s).length > 0 && !ts.isMissingDeclaration(s)) {
      // e.g. a decorator on a type alias, interface, enum or variable: not an ArkTS decorator target
      const decos = decoratorsOf(s);
      ctx.diag(decos[0], 'ETS_DECORATOR_TARGET', `@${decoratorName(decos[0])} cannot decorate this declaration; ArkTS decorators apply to structs, classes, their members and functions`);
      body.line(ctx.rewriteWith(s, new Map(decos.map((d) => [d, ''])), startAfterDecorators(s, ctx.sf)), ctx.line(s));
    } else if (s.pos >= 0 && s.end > s.pos) {
      body.line(ctx.rewrite(s), ctx.line(s));
    }
  }
  if (needsDecorate) w.line(DECORATE_HELPER);
  if (structs.length > 0) {
    // Older framework builds lack finalizeConstruction; the reference output guards the same way.
    w.line('if (!("finalizeConstruction" in ViewPU.prototype)) { Reflect.set(ViewPU.prototype, "finalizeConstruction", () => { }); }');
  }
  w.append(body);
  return { code: w.finish(options.fileName), diagnostics: ctx.diagnostics, intents: ctx.intents, dependencies: ctx.dependencies() };
}

function emitFunction(ctx: TransformContext, w: CodeWriter, s: ts.FunctionDeclaration): void {
  const names = decoratorsOf(s).map(decoratorName);
  const line = ctx.line(s);
  const start = startAfterDecorators(s, ctx.sf);
  const name = s.name?.text ?? '';
  const exported = exportPrefix(s, ctx.sf);
  const extendLike = decoratorsOf(s).find((d) => decoratorName(d) === 'Extend' || decoratorName(d) === 'AnimatableExtend');
  const clash = extendLike && names.find((n) => n === 'Builder' || n === 'LocalBuilder' || n === 'Styles' || n === 'Concurrent');
  if (extendLike && clash) {
    // The reference refuses the combination; the function compiles as the @Extend it is written as.
    ctx.diag(extendLike, 'ETS_DECORATOR_CONFLICT', `@${decoratorName(extendLike)} cannot be combined with @${clash} on function '${name}'`);
  }
  if (names.includes('Styles') && !extendLike) return; // inlined where used
  if ((names.includes('Builder') || names.includes('LocalBuilder')) && s.body && !extendLike) {
    const params = [...s.parameters.map((p) => ctx.rewrite(p)), 'parent = null'].join(', ');
    const saved = ctx.viewExpr;
    ctx.viewExpr = '(parent ? parent : this)';
    w.block(`${exported}function ${name}(${params}) {`, '}', line, () => emitUi(ctx, w, s.body!.statements, undefined));
    ctx.viewExpr = saved;
    return;
  }
  const animatable = decoratorsOf(s).find((d) => decoratorName(d) === 'AnimatableExtend');
  if (animatable && s.body) {
    emitAnimatableExtend(ctx, w, exported, decoratorArgs(animatable)[0]?.getText(ctx.sf) ?? 'Common', name, s, line);
    return;
  }
  const extend = decoratorsOf(s).find((d) => decoratorName(d) === 'Extend');
  if (extend && s.body) {
    const comp = decoratorArgs(extend)[0]?.getText(ctx.sf) ?? 'Common';
    const params = s.parameters.map((p) => ctx.rewrite(p)).join(', ');
    emitExtendFunction(ctx, w, exported, comp, name, params, s.body, line);
    return;
  }
  if (names.includes('Concurrent') && s.body && !extendLike) {
    // The reference marks concurrent functions with a directive prologue so a TaskPool can run them in a worker.
    const header = ctx.text.slice(start, s.body.getStart(ctx.sf));
    w.line(`${header}{ "use concurrent";${ctx.rewrite(s.body).slice(1)}`, line);
    return;
  }
  if (names.length > 0) {
    const unknown = names.filter((n) => !INTENT_DECORATORS.has(n) && !NEUTRAL_DECORATORS.has(n));
    if (unknown.length) ctx.diag(decoratorsOf(s)[0], 'ETS_UNKNOWN_DECORATOR', `decorator @${unknown[0]} on function '${name}' is not an ArkTS decorator; it is ignored`, 'warning');
    w.line(exported + ctx.rewrite(s, start).replace(/^export\s+(default\s+)?/, ''), line);
    return;
  }
  w.line(ctx.rewrite(s), line);
}

/** Classes: framework decorators (@Observed, @ObservedV2, @Trace, @Track, @Type, @Monitor, @Computed) become
 *  explicit `__decorate` calls after the class; insight-intent decorators are dropped (their data went to `intents`).
 *  Decorated fields install accessors on the prototype, so their initial values are assigned in the constructor
 *  (a class-field definition would shadow the accessor). */
function emitClass(ctx: TransformContext, w: CodeWriter, s: ts.ClassDeclaration, decorateCalls: string[]): void {
  const name = s.name?.text;
  const classDecos = decoratorsOf(s);
  const subst = new Map<ts.Node, string>();
  for (const d of classDecos) subst.set(d, '');
  const fieldInits: string[] = [];
  for (const m of s.members) {
    for (const d of decoratorsOf(m)) {
      const n = decoratorName(d);
      if (INTENT_DECORATORS.has(n)) { subst.set(d, ''); continue; }
      if (NEUTRAL_DECORATORS.has(n)) { subst.set(d, ''); continue; }
      // Any other decorator (the framework's, or one a library defines, e.g. an ORM's @Column) is applied as the
      // reference applies TypeScript decorators: __decorate(...) after the class.
      if (!name || !m.name) continue;
      subst.set(d, '');
      const isField = ts.isPropertyDeclaration(m);
      const isStatic = m.modifiers?.some((x) => x.kind === ts.SyntaxKind.StaticKeyword);
      const target = isStatic ? name : `${name}.prototype`;
      decorateCalls.push(`__decorate([${ctx.rewrite(d.expression)}], ${target}, ${JSON.stringify(m.name.getText(ctx.sf))}, ${isField ? 'void 0' : 'null'});`);
    }
    if (ts.isPropertyDeclaration(m) && !m.modifiers?.some((x) => x.kind === ts.SyntaxKind.StaticKeyword)
      && decoratorsOf(m).some((d) => CLASS_MEMBER_DECORATORS.has(decoratorName(d)))) {
      const key = m.name.getText(ctx.sf);
      const type = m.type ? `: ${m.type.getText(ctx.sf)}` : '';
      subst.set(m, `declare ${key}${m.questionToken ? '?' : ''}${type};`);
      if (m.initializer) fieldInits.push(`this.${key} = ${ctx.rewrite(linkParent(m.initializer, m))};`);
    }
  }
  if (fieldInits.length) addConstructorInits(ctx, s, subst, fieldInits.join(' '));
  const start = startAfterDecorators(s, ctx.sf);
  w.line(ctx.rewriteWith(s, subst, start), ctx.line(s));
  // Framework class decorators (@Observed, @ObservedV2) and any a library defines (@Entity) are applied; @Sendable and
  // the intent decorators (whose data went to `intents`) are not functions.
  const applied = classDecos.filter((d) => !INTENT_DECORATORS.has(decoratorName(d)) && !NEUTRAL_DECORATORS.has(decoratorName(d)));
  if (applied.length && name) decorateCalls.push(`${name} = __decorate([${applied.map((d) => ctx.rewrite(d.expression)).join(', ')}], ${name});`);
}

function addConstructorInits(ctx: TransformContext, s: ts.ClassDeclaration, subst: Map<ts.Node, string>, inits: string): void {
  const derived = s.heritageClauses?.some((h) => h.token === ts.SyntaxKind.ExtendsKeyword) ?? false;
  const ctor = s.members.find((m): m is ts.ConstructorDeclaration => ts.isConstructorDeclaration(m) && m.body !== undefined && m.pos >= 0 && m.end > m.pos);
  if (ctor?.body) {
    const stmts = ctor.body.statements;
    const superCall = stmts.find((st) => ts.isExpressionStatement(st) && ts.isCallExpression(st.expression)
      && st.expression.expression.kind === ts.SyntaxKind.SuperKeyword);
    if (superCall) {
      // `super(x)` written without a semicolon: the initialisers that follow on the same line need one.
      const call = ctx.rewrite(superCall).trimEnd();
      subst.set(superCall, `${call}${call.endsWith(';') ? '' : ';'} ${inits}`);
    }
    else if (stmts.length) subst.set(stmts[0], `${inits} ${ctx.rewrite(stmts[0])}`);
    else subst.set(ctor.body, `{ ${inits} }`);
    return;
  }
  const first = s.members.find((m) => m.pos >= 0 && m.end > m.pos);
  const ctorText = derived ? `constructor(...args) { super(...args); ${inits} }` : `constructor() { ${inits} }`;
  if (first) subst.set(first, `${ctorText}\n  ${subst.get(first) ?? ctx.rewrite(first)}`);
}

/** `@Extend(Comp) function f(params) { .a(1).b(2) }` → `function __Comp__f(params) { Comp.a(1); Comp.b(2); }`. */
function emitExtendFunction(ctx: TransformContext, w: CodeWriter, exported: string, comp: string, name: string, params: string,
  block: ts.Block, line: number, legacy = false): void {
  w.block(`${exported}function __${comp}__${name}(${params}) {`, '}', line, () => {
    for (const st of block.statements) {
      if (!ts.isExpressionStatement(st)) {
        w.line(ctx.rewrite(st), ctx.line(st));
        continue;
      }
      const calls: { n: string; args: readonly ts.Expression[]; node: ts.Node }[] = [];
      let e: ts.Expression = st.expression;
      while (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression)) {
        calls.unshift({ n: e.expression.name.text, args: e.arguments, node: e.expression.name });
        e = e.expression.expression;
      }
      // In the legacy form the parser loses the chain's first dot: `.a(1).b(2)` reads as `a(1).b(2)`.
      if (legacy && ts.isCallExpression(e) && ts.isIdentifier(e.expression)) calls.unshift({ n: e.expression.text, args: e.arguments, node: e.expression });
      for (const c of calls) {
        const args = c.args.map((a) => ctx.rewrite(a)).join(', ');
        if (ctx.extendFunctions.get(comp)?.has(c.n)) w.line(`__${comp}__${c.n}(${args});`, ctx.line(c.node));
        else if (c.n === 'stateStyles' && c.args[0] && ts.isObjectLiteralExpression(c.args[0])) emitStateStylesFor(ctx, w, comp, c.args[0]);
        else w.line(`${comp}.${c.n}(${args});`, ctx.line(c.node));
      }
    }
  });
}

/** `@AnimatableExtend(Comp) function f(v: number) { .a(v) }`: on the first render the attributes are applied and an
 *  animatable property is created whose callback re-applies them to the frame node for each interpolated value; later
 *  renders only update the property's target value (the framework animates towards it). */
function emitAnimatableExtend(ctx: TransformContext, w: CodeWriter, exported: string, comp: string, name: string,
  s: ts.FunctionDeclaration, line: number): void {
  const params = s.parameters.map((p) => ctx.rewrite(p));
  const first = s.parameters[0]?.name.getText(ctx.sf);
  const attrs: string[] = [];
  for (const st of s.body!.statements) {
    if (!ts.isExpressionStatement(st)) continue;
    const calls: string[] = [];
    let e: ts.Expression = st.expression;
    while (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression)) {
      calls.unshift(`${comp}.${e.expression.name.text}(${e.arguments.map((a) => ctx.rewrite(a)).join(', ')});`);
      e = e.expression.expression;
    }
    attrs.push(...calls);
  }
  w.block(`${exported}function ${name}(${[...params, 'elmtId', 'isInitialRender', 'parent'].join(', ')}) {`, '}', line, () => {
    if (attrs.length === 0) return;
    const key = JSON.stringify(name);
    w.block('if (isInitialRender) {', '}', -1, () => {
      w.block(`${comp}.createAnimatableProperty(${[key, ...(first ? [first] : [])].join(', ')}, (${first ?? ''}) => {`, '});', -1, () => {
        w.line('ViewStackProcessor.StartGetAccessRecordingFor(elmtId);');
        w.line(`ViewStackProcessor.GetAndPushFrameNode(${JSON.stringify(comp)}, elmtId);`);
        for (const a of attrs) w.line(a);
        w.line('ViewStackProcessor.StopGetAccessRecording();');
        w.line('parent.finishUpdateFunc(elmtId);');
      });
      for (const a of attrs) w.line(a);
    });
    w.block('else {', '}', -1, () => w.line(`${comp}.updateAnimatableProperty(${[key, ...(first ? [first] : [])].join(', ')});`));
  });
}
