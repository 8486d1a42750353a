/**
 * The ArkTS transform (src/compiler/transform-contract.ts): one .ets file → TypeScript that calls the partial-update
 * framework (src/runtime/abi.ts). One parse, a declaration pass, then one emitting walk over the top-level statements;
 * code that is plain TypeScript is copied as written. Lowering rules: docs/transform.md.
 */
import { parseSource, ts } from '../parse.js';
import type { TransformOptions, TransformResult } from '../transform-contract.js';
import { TransformContext, type StructInfo } from './context.js';
import { CodeWriter } from './writer.js';
import { collectStruct, emitRoute, emitStruct } from './struct.js';
import { emitUi, installUiHooks } from './ui.js';
import { decoratorArgs, decoratorName, decoratorsOf, startAfterDecorators } from './decorators.js';
import { extractIntents, INTENT_DECORATORS } from './intents.js';

export type { TransformOptions, TransformResult } from '../transform-contract.js';

const DECORATE_HELPER = 'const __decorate = function (decorators, target, key, desc) { const c = arguments.length; let r = c < 3 ? target : desc === null ? (desc = Object.getOwnPropertyDescriptor(target, key)) : desc; for (let i = decorators.length - 1; i >= 0; i--) { const d = decorators[i]; if (d) r = (c < 3 ? d(r) : c > 3 ? d(target, key, r) : d(target, key)) || r; } if (c > 3 && r) Object.defineProperty(target, key, r); return r; };';

/** Class decorators the framework implements (applied at runtime through __decorate). */
const CLASS_DECORATORS = new Set(['Observed', 'ObservedV2']);
const CLASS_MEMBER_DECORATORS = new Set(['Track', 'Trace', 'Type', 'Monitor', 'Computed']);

export function transformEts(source: string, options: TransformOptions): TransformResult {
  const parsed = parseSource(options.fileName, source);
  const ctx = new TransformContext(parsed.sourceFile, source, options);
  ctx.diagnostics.push(...parsed.diagnostics);
  installUiHooks(ctx);
  const sf = parsed.sourceFile;

  // Pass 1: declarations that UI code refers to.
  const structs: StructInfo[] = [];
  let firstEntry: StructInfo | undefined;
  for (const s of sf.statements) {
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
            const set = ctx.extendFunctions.get(comp.text) ?? new Set<string>();
            set.add(s.name.text);
            ctx.extendFunctions.set(comp.text, set);
          }
        }
      }
    }
  }
  ctx.intents.push(...extractIntents(ctx));

  // Pass 2: emit.
  const w = new CodeWriter();
  const decorateCalls: string[] = [];
  const body = new CodeWriter();
  for (const s of sf.statements) {
    if (ts.isStructDeclaration(s)) {
      const info = ctx.structs.get(s.name?.text ?? '') ?? collectStruct(ctx, s);
      emitStruct(ctx, body, info, decorateCalls);
      flush(body, decorateCalls);
      emitRoute(ctx, body, info);
    } else if (ts.isFunctionDeclaration(s)) {
      emitFunction(ctx, body, s);
    } else if (ts.isClassDeclaration(s)) {
      emitClass(ctx, body, s, decorateCalls);
      flush(body, decorateCalls);
    } else if (s.pos >= 0 && s.end > s.pos) {
      body.line(ctx.rewrite(s), ctx.line(s));
    }
  }
  if (/\b__decorate\(/.test(body.text())) w.line(DECORATE_HELPER);
  if (structs.length > 0) {
    // Older framework builds lack finalizeConstruction; the reference output guards the same way.
    w.line('if (!("finalizeConstruction" in ViewPU.prototype)) { Reflect.set(ViewPU.prototype, "finalizeConstruction", () => { }); }');
  }
  w.append(body);
  return { code: w.finish(options.fileName, source), diagnostics: ctx.diagnostics, intents: ctx.intents };
}

function flush(w: CodeWriter, calls: string[]): void {
  for (const c of calls) w.line(c);
  calls.length = 0;
}

function emitFunction(ctx: TransformContext, w: CodeWriter, s: ts.FunctionDeclaration): void {
  const names = decoratorsOf(s).map(decoratorName);
  const line = ctx.line(s);
  const start = startAfterDecorators(s, ctx.sf);
  const name = s.name?.text ?? '';
  const exported = s.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword) ? 'export ' : '';
  if (names.includes('Styles')) return; // inlined where used
  if ((names.includes('Builder') || names.includes('LocalBuilder')) && s.body) {
    const params = [...s.parameters.map((p) => ctx.rewrite(p)), 'parent = null'].join(', ');
    const saved = ctx.viewExpr;
    ctx.viewExpr = '(parent ? parent : this)';
    w.block(`${exported}function ${name}(${params}) {`, '}', line, () => emitUi(ctx, w, s.body!.statements, undefined));
    ctx.viewExpr = saved;
    return;
  }
  const extend = decoratorsOf(s).find((d) => ['Extend', 'AnimatableExtend'].includes(decoratorName(d)));
  if (extend && s.body) {
    const comp = decoratorArgs(extend)[0]?.getText(ctx.sf) ?? 'Common';
    const params = s.parameters.map((p) => ctx.rewrite(p)).join(', ');
    w.block(`${exported}function __${comp}__${name}(${params}) {`, '}', line, () => {
      for (const st of s.body!.statements) {
        if (!ts.isExpressionStatement(st)) continue;
        // `.a(1).b(2)` with an empty receiver: each call becomes `Comp.a(1)`, or a nested @Extend call.
        const calls: { n: string; args: readonly ts.Expression[]; node: ts.Node }[] = [];
        let e: ts.Expression = st.expression;
        while (ts.isCallExpression(e) && ts.isPropertyAccessExpression(e.expression)) {
          calls.unshift({ n: e.expression.name.text, args: e.arguments, node: e.expression.name });
          e = e.expression.expression;
        }
        for (const c of calls) {
          const args = c.args.map((a) => ctx.rewrite(a)).join(', ');
          if (ctx.extendFunctions.get(comp)?.has(c.n)) w.line(`__${comp}__${c.n}(${args});`, ctx.line(c.node));
          else w.line(`${comp}.${c.n}(${args});`, ctx.line(c.node));
        }
      }
    });
    return;
  }
  if (names.includes('Concurrent') && s.body) {
    // The reference marks concurrent functions with a directive prologue so a TaskPool can run them in a worker.
    const header = ctx.text.slice(start, s.body.getStart(ctx.sf));
    w.line(`${header}{ "use concurrent";${ctx.rewrite(s.body).slice(1)}`, line);
    return;
  }
  if (names.some((n) => INTENT_DECORATORS.has(n))) {
    w.line(ctx.rewrite(s, start), line);
    return;
  }
  w.line(ctx.rewrite(s), line);
}

/** Classes: framework decorators (@Observed, @ObservedV2, @Trace, @Track, @Type, @Monitor, @Computed) become
 *  explicit `__decorate` calls after the class; insight-intent decorators are dropped (their data went to `intents`). */
function emitClass(ctx: TransformContext, w: CodeWriter, s: ts.ClassDeclaration, decorateCalls: string[]): void {
  const name = s.name?.text;
  const classDecos = decoratorsOf(s);
  const drop = new Set<ts.Node>(classDecos);
  for (const m of s.members) {
    for (const d of decoratorsOf(m)) {
      const n = decoratorName(d);
      if (INTENT_DECORATORS.has(n)) { drop.add(d); continue; }
      if (!CLASS_MEMBER_DECORATORS.has(n) || !name || !m.name) continue;
      drop.add(d);
      const isField = ts.isPropertyDeclaration(m);
      const isStatic = m.modifiers?.some((x) => x.kind === ts.SyntaxKind.StaticKeyword);
      const target = isStatic ? name : `${name}.prototype`;
      decorateCalls.push(`__decorate([${ctx.rewrite(d.expression)}], ${target}, ${JSON.stringify(m.name.getText(ctx.sf))}, ${isField ? 'void 0' : 'null'});`);
    }
  }
  const start = startAfterDecorators(s, ctx.sf);
  const text = ctx.rewriteDropping(s, drop, start);
  w.line(text, ctx.line(s));
  const applied = classDecos.filter((d) => CLASS_DECORATORS.has(decoratorName(d)));
  if (applied.length && name) decorateCalls.push(`${name} = __decorate([${applied.map((d) => ctx.rewrite(d.expression)).join(', ')}], ${name});`);
  for (const d of classDecos) {
    const n = decoratorName(d);
    if (!CLASS_DECORATORS.has(n) && !INTENT_DECORATORS.has(n)) {
      ctx.diag(d, 'ETS_UNKNOWN_DECORATOR', `decorator @${n} on class '${name ?? ''}' is not an ArkUI decorator; it is ignored`, 'warning');
    }
  }
}
