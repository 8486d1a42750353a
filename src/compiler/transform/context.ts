/**
 * Per-file transform state: the parsed file, what the first pass learned about its declarations (structs, builders,
 * @Styles, @Extend), collected diagnostics, and `rewrite`, which reprints a node's source text with the ArkTS-only
 * expressions inside it lowered (so ordinary code stays exactly as written).
 */
import { ts } from '../parse.js';
import type { Diagnostic } from '../../diagnostics.js';
import type { TransformDependencies, TransformOptions } from '../transform-contract.js';
import type { IntentDeclaration } from '../../hap/intent-manifest.js';
import { lowerResourceCall } from './resources.js';
import { ForeignStructs, type StructShape } from './foreign-structs.js';

export type MemberKind =
  | 'regular' | 'State' | 'Prop' | 'Link' | 'Provide' | 'Consume' | 'ObjectLink' | 'StorageLink' | 'StorageProp'
  | 'LocalStorageLink' | 'LocalStorageProp' | 'BuilderParam'
  | 'Local' | 'Param' | 'Event' | 'Provider' | 'Consumer';

export interface MemberInfo {
  name: string;
  kind: MemberKind;
  node: ts.PropertyDeclaration;
  decorators: ts.Decorator[];
  isStatic: boolean;
}

export interface StructInfo {
  name: string;
  node: ts.StructDeclaration;
  v2: boolean;
  entry?: ts.Decorator;
  dialog: boolean;
  reusable: boolean;
  members: Map<string, MemberInfo>;
  builderMethods: Set<string>;
  stylesMethods: Map<string, ts.Block>;
}

/** Which way `rewrite` lowers two-way-binding syntax (`$$x`, `x!!`) met in component arguments. */
export type TwoWayMode = 'none' | 'builtin';

/** Text that may hold something `rewrite` lowers: `$r`/`$rawfile`/`$$x`/`$x`, `x!!`, a closure, a dialog controller. */
const NEEDS_REWRITE = /[$]|!!|=>|\bfunction\b|CustomDialogController/;

export class TransformContext {
  readonly diagnostics: Diagnostic[] = [];
  readonly intents: IntentDeclaration[] = [];
  readonly structs = new Map<string, StructInfo>();
  readonly globalBuilders = new Set<string>();
  readonly globalStyles = new Map<string, ts.Block>();
  /** component name → names of its @AnimatableExtend functions */
  readonly animatableExtends = new Map<string, Set<string>>();
  /** Local names of `import * as ns from '…'`. */
  readonly namespaceImports = new Set<string>();
  /** component name → names of its @Extend / @AnimatableExtend functions */
  readonly extendFunctions = new Map<string, Set<string>>();
  current: StructInfo | undefined;
  twoWay: TwoWayMode = 'none';
  /** The receiver of framework calls in UI code: `this` in a struct, `(parent ? parent : this)` in a global @Builder. */
  viewExpr = 'this';
  /** Lowers an arrow function whose body builds UI (set by the UI lowering to avoid a module cycle). */
  lowerUiClosure: ((fn: ts.ArrowFunction | ts.FunctionExpression) => string | undefined) | undefined;
  /** Lowers `new CustomDialogController({ builder: Dialog({...}) })` (set by the UI lowering). */
  lowerDialogController: ((node: ts.NewExpression) => string | undefined) | undefined;
  private lazyCounter = 0;

  private foreign: ForeignStructs | undefined;

  constructor(readonly sf: ts.SourceFile, readonly text: string, readonly options: TransformOptions) {}

  /** The shape of component `name`, declared in this file or imported from a relative .ets module. */
  structShape(name: string): StructShape | undefined {
    const local = this.structs.get(name);
    if (local) {
      const members = [...local.members.values()];
      return {
        v2: local.v2, reusable: local.reusable,
        builderParams: members.filter((m) => m.kind === 'BuilderParam').map((m) => m.name),
        links: members.filter((m) => m.kind === 'Link').map((m) => m.name),
      };
    }
    return this.foreignStructs().get(name);
  }

  /** `import * as ns` here, or `import { ns }` of another file's `export * as ns from …`: `ns.Child()` is a component. */
  isNamespaceImport(name: string): boolean {
    if (this.namespaceImports.has(name)) return true;
    return this.foreignStructs().isNamespace(name);
  }

  private foreignStructs(): ForeignStructs {
    this.foreign ??= new ForeignStructs(this.options.fileName, this.sf, this.options.resolveImport);
    return this.foreign;
  }

  /** Other files' declarations and import resolutions this transform read (none when it looked at no other file). */
  dependencies(): TransformDependencies {
    return this.foreign?.lookup.dependencies() ?? { declarations: [], resolutions: [] };
  }

  nextLazyId(): string {
    return String(++this.lazyCounter);
  }

  /** 0-based line of a node's first token. */
  line(node: ts.Node): number {
    return this.sf.getLineAndCharacterOfPosition(node.getStart(this.sf)).line;
  }

  diag(node: ts.Node, code: string, message: string, severity: 'error' | 'warning' = 'error'): void {
    const pos = this.sf.getLineAndCharacterOfPosition(node.getStart(this.sf));
    this.diagnostics.push({ severity, code, message, file: this.options.fileName, line: pos.line + 1, col: pos.character + 1 });
  }

  /** Source text of `node` with ArkTS-only expressions inside it lowered. */
  rewrite(node: ts.Node, from = node.getStart(this.sf)): string {
    if (this.substitutes.size === 0) {
      // fast path: nothing in this text can need lowering
      const slice = this.text.slice(from, node.end);
      if (!NEEDS_REWRITE.test(slice)) return slice;
    }
    const whole = this.replacement(node);
    if (whole !== undefined) return whole;
    let out = '';
    let cursor = from;
    const visit = (n: ts.Node): void => {
      ts.forEachChild(n, (c) => {
        if (c.pos < 0 || c.end <= c.pos || c.end <= cursor) return; // parser-synthesised or already consumed
        linkParent(c, n);
        const rep = this.replacement(c);
        if (rep !== undefined) {
          const start = c.getStart(this.sf);
          out += this.text.slice(cursor, start) + rep;
          cursor = c.end;
        } else {
          visit(c);
        }
      });
    };
    visit(node);
    return out + this.text.slice(cursor, node.end);
  }

  /** Like `rewrite`, with the given nodes replaced by the given text (e.g. decorators by ''). */
  rewriteWith(node: ts.Node, substitutes: ReadonlyMap<ts.Node, string>, from?: number): string {
    const saved = this.substitutes;
    this.substitutes = substitutes;
    try { return this.rewrite(node, from); } finally { this.substitutes = saved; }
  }

  private substitutes: ReadonlyMap<ts.Node, string> = new Map();

  private replacement(n: ts.Node): string | undefined {
    const substitute = this.substitutes.get(n);
    if (substitute !== undefined) return substitute;
    if (ts.isCallExpression(n) && ts.isIdentifier(n.expression)) {
      const callee = n.expression.text;
      if (callee === '$r' || callee === '$rawfile') return lowerResourceCall(this, n, callee);
    }
    if (ts.isPropertyAccessExpression(n) && n.expression.kind === ts.SyntaxKind.ThisKeyword && this.current) {
      const name = n.name.text;
      // V1 `this.$count`: the state variable itself. In a V2 struct `$count` is a member of its own (the @Event of a
      // `!!` binding), never a reference to `count`'s backing store.
      if (name.startsWith('$') && !this.current.v2 && !this.current.members.has(name) && this.current.members.has(name.slice(1))) return `this.__${name.slice(1)}`;
    }
    // `$count` inside a struct: the state variable itself (for passing to a @Link)
    if (ts.isIdentifier(n) && this.current && !this.current.v2 && n.text.startsWith('$') && !n.text.startsWith('$$')
      && this.current.members.has(n.text.slice(1)) && isValueIdentifier(n)) {
      return `this.__${n.text.slice(1)}`;
    }
    if (this.twoWay === 'builtin' && ts.isPropertyAssignment(n) && (ts.isIdentifier(n.name) || ts.isStringLiteral(n.name))) {
      // `{ isOn: this.on!! }` in a built-in's options: the value plus a sibling `$isOn` setter, as the reference emits.
      const bound = twoWayTarget(n.initializer);
      if (bound?.bang) {
        const target = this.withTwoWay('none', () => this.rewrite(bound.node));
        return `${n.name.text}: ${target}, $${n.name.text}: newValue => { ${target} = newValue; }`;
      }
    }
    if (this.twoWay === 'builtin') {
      const bound = twoWayTarget(n);
      if (bound !== undefined) {
        const target = this.withTwoWay('none', () => this.rewrite(bound.node)).slice(bound.strip);
        return bound.bang
          ? `{ value: ${target}, $value: newValue => { ${target} = newValue; } }`
          : `{ value: ${target}, changeEvent: newValue => { ${target} = newValue; } }`;
      }
    }
    if ((ts.isArrowFunction(n) || ts.isFunctionExpression(n)) && this.lowerUiClosure) {
      const lowered = this.lowerUiClosure(n);
      if (lowered !== undefined) return lowered;
    }
    if (ts.isNewExpression(n) && ts.isIdentifier(n.expression) && n.expression.text === 'CustomDialogController'
      && this.lowerDialogController) {
      return this.lowerDialogController(n);
    }
    return undefined;
  }

  withTwoWay<T>(mode: TwoWayMode, f: () => T): T {
    const saved = this.twoWay;
    this.twoWay = mode;
    try { return f(); } finally { this.twoWay = saved; }
  }
}

/**
 * Sets `node.parent` when the parser did not (the transform parses without parent links): the few lowerings that
 * look at a node's parent get it from the walk that reached the node. Returns the node.
 */
export function linkParent<T extends ts.Node>(node: T, parent: ts.Node): T {
  if (!node.parent) (node as { parent: ts.Node }).parent = parent;
  return node;
}

/** `$$a.b[0]` (whole access chain rooted at a `$$`-prefixed name) or `a.b!!`. */
export function twoWayTarget(n: ts.Node): { node: ts.Node; strip: number; bang: boolean } | undefined {
  if (ts.isNonNullExpression(n) && ts.isNonNullExpression(n.expression)) {
    return { node: n.expression.expression, strip: 0, bang: true };
  }
  const parent = n.parent;
  if (parent && (ts.isPropertyAccessExpression(parent) || ts.isElementAccessExpression(parent)) && parent.expression === n) {
    return undefined; // not the whole chain
  }
  let root: ts.Node = n;
  while (ts.isPropertyAccessExpression(root) || ts.isElementAccessExpression(root)) root = root.expression;
  if (ts.isIdentifier(root) && root.text.startsWith('$$') && root.text.length > 2) {
    return { node: n, strip: 2, bang: false };
  }
  return undefined;
}

/** An identifier used as a value (not a property name, declaration name or label). */
function isValueIdentifier(n: ts.Identifier): boolean {
  const p = n.parent;
  if (!p) return true;
  if ((ts.isPropertyAccessExpression(p) && p.name === n) || (ts.isPropertyAssignment(p) && p.name === n)) return false;
  if ((ts.isVariableDeclaration(p) || ts.isParameter(p) || ts.isFunctionDeclaration(p) || ts.isMethodDeclaration(p)
    || ts.isPropertyDeclaration(p) || ts.isClassDeclaration(p)) && p.name === n) return false;
  return true;
}
