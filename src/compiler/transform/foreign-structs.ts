/**
 * What the UI lowering must know about a component declared in ANOTHER file (V1 or V2, @Reusable, its @BuilderParam
 * slots, its @Link fields). Read with a light text scan of the imported .ets (no second parse), cached by mtime.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { ts } from '../parse.js';

export interface StructShape {
  v2: boolean;
  reusable: boolean;
  builderParams: string[];
  links: string[];
}

const cache = new Map<string, FileFacts>();

/** A run of decorators (with simple arguments) and the space after them. */
const DECORATOR_RUN = /(?:@\w+(?:\.\w+)*(?:\([^()]{0,1000}\))?\s*)+/g;

/** Finds the struct bodies in `source` by brace matching, after blanking out comments and string contents. */
export function scanStructs(source: string): Map<string, StructShape> {
  const text = blankCommentsAndStrings(source);
  const out = new Map<string, StructShape>();
  // Linear in the text whatever it holds: the decorator runs are found on their own (one pass, no backtracking into a
  // run), and a struct header may hold at most 256 characters before its `{` (a source of `struct a struct a …` or
  // of thousands of `@a` made the one regex this was quadratic: 200 KB took minutes).
  const runs = new Map<number, string>();
  for (const r of text.matchAll(DECORATOR_RUN)) runs.set(r.index + r[0].length, r[0]);
  const re = /\b(?:export\s+(?:default\s+)?)?struct\s+(\w+)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const decos = runs.get(m.index) ?? '';
    const header = text.slice(re.lastIndex, re.lastIndex + 256);
    const open = header.indexOf('{');
    if (open < 0 || header.lastIndexOf('}', open) >= 0) continue;
    const start = re.lastIndex + open + 1;
    let depth = 1;
    let end = start;
    for (; end < text.length && depth > 0; end++) {
      if (text[end] === '{') depth++;
      else if (text[end] === '}') depth--;
    }
    const body = text.slice(start, end);
    out.set(m[1]!, {
      v2: /@ComponentV2\b/.test(decos),
      reusable: /@Reusable(V2)?\b/.test(decos),
      builderParams: [...body.matchAll(/@BuilderParam\s+(\w+)/g)].map((x) => x[1]),
      links: [...body.matchAll(/@Link\s+(\w+)/g)].map((x) => x[1]),
    });
    re.lastIndex = end;
  }
  return out;
}

function blankCommentsAndStrings(text: string): string {
  const parts: string[] = [];
  const special = /[/"'`]/g;
  let i = 0;
  while (i < text.length) {
    // Ordinary text up to the next character that may open a comment or a string is copied in one slice.
    special.lastIndex = i;
    const next = special.exec(text);
    const at = next ? next.index : text.length;
    if (at > i) parts.push(text.slice(i, at));
    i = at;
    if (i >= text.length) break;
    const c = text[i];
    let j: number;
    if (c === '/' && text[i + 1] === '/') {
      j = text.indexOf('\n', i);
      if (j < 0) j = text.length;
    } else if (c === '/' && text[i + 1] === '*') {
      j = text.indexOf('*/', i + 2);
      j = j < 0 ? text.length : j + 2;
    } else if (c === '/') {
      parts.push(c);
      i++;
      continue;
    } else {
      for (j = i + 1; j < text.length && text[j] !== c; j++) if (text[j] === '\\') j++;
      j = Math.min(j + 1, text.length);
    }
    parts.push(' '.repeat(j - i));
    i = j;
  }
  return parts.join('');
}

/** Resolves an import specifier to a source file: relative paths here; bare ones through `resolveImport` (the
 *  package graph, given by the bundler) when there is one. */
export type ImportResolver = (fromFile: string, spec: string) => string | undefined;

function resolveRelative(fromFile: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const base = resolve(dirname(fromFile), spec);
  for (const candidate of [base, `${base}.ets`, `${base}.ts`, `${base}/index.ets`, `${base}/Index.ets`]) {
    if (/\.(ets|ts)$/.test(candidate) && existsSync(candidate) && statSync(candidate).isFile()) return candidate;
  }
  return undefined;
}

interface FileFacts {
  mtimeMs: number;
  structs: Map<string, StructShape>;
  /** `export { a as b } from 'x'` → b → { spec: 'x', name: 'a' }; `export * from 'x'` → stars. */
  reexports: Map<string, { spec: string; name: string }>;
  stars: string[];
  /** `export * as ns from 'x'` names. */
  namespaces: Set<string>;
  /** Local imports (`import { a as b } from 'x'`), for `export { b }` and `export default b`. */
  imports: Map<string, { spec: string; name: string }>;
  localExports: Map<string, string>;
}

function factsOf(file: string): FileFacts | undefined {
  let mtimeMs: number;
  try { mtimeMs = statSync(file).mtimeMs; } catch { return undefined; }
  const hit = cache.get(file);
  if (hit && hit.mtimeMs === mtimeMs) return hit;
  const source = readFileSync(file, 'utf8');
  const text = blankCommentsAndStrings(source);
  const facts: FileFacts = { mtimeMs, structs: scanStructs(source), reexports: new Map(), stars: [], namespaces: new Set(), imports: new Map(), localExports: new Map() };
  // Specifiers are string literals, which the blanked text lost (blanks): read each from the source where it starts.
  const specAt = (index: number): string | undefined => {
    const m = /^\s*(['"])([^'"\n]*)\1/.exec(source.slice(index, index + 512));
    return m?.[2];
  };
  for (const m of text.matchAll(/\bexport\s*\{([^{}]*)\}(\s*from\b)?/g)) {
    const from = m[2] ? specAt(m.index! + m[0].length) : undefined;
    for (const part of m[1]!.split(',')) {
      const pm = /^\s*(?:type\s+)?([\w$]+)(?:\s+as\s+([\w$]+))?\s*$/.exec(part);
      if (!pm) continue;
      const [, name, alias] = pm as unknown as [string, string, string | undefined];
      if (m[2] && from !== undefined) facts.reexports.set(alias ?? name, { spec: from, name });
      else if (!m[2]) facts.localExports.set(alias ?? name, name);
    }
  }
  for (const m of text.matchAll(/\bexport\s*\*\s*(as\s+([\w$]+)\s*)?from\b/g)) {
    const spec = specAt(m.index! + m[0].length);
    if (m[2]) facts.namespaces.add(m[2]);
    else if (spec !== undefined) facts.stars.push(spec);
  }
  for (const m of text.matchAll(/\bexport\s+default\s+([\w$]+)\s*;?\s*$/gm)) if (m[1] !== 'struct' && m[1] !== 'class') facts.localExports.set('default', m[1]!);
  for (const m of text.matchAll(/\bimport\s+(?:type\s+)?([\w$]+\s*,?\s*)?(\{[^{}]*\})?\s*from\b/g)) {
    const spec = specAt(m.index! + m[0].length);
    if (spec === undefined) continue;
    const def = m[1]?.replace(/[\s,]/g, '');
    if (def) facts.imports.set(def, { spec, name: 'default' });
    if (m[2]) {
      for (const part of m[2].slice(1, -1).split(',')) {
        const pm = /^\s*(?:type\s+)?([\w$]+)(?:\s+as\s+([\w$]+))?\s*$/.exec(part);
        if (pm) facts.imports.set(pm[2] ?? pm[1]!, { spec, name: pm[1]! });
      }
    }
  }
  cache.set(file, facts);
  return facts;
}

/**
 * The struct that `name` exported from `file` is, following re-exports (`export { X } from`, `export *`, renames,
 * `import { X } …; export { X }`) across files and packages, as an Index.ets of a HAR writes them.
 */
function findExported(file: string, name: string, resolveImport: ImportResolver | undefined, seen: Set<string>): StructShape | undefined {
  const key = `${file}\0${name}`;
  if (seen.has(key) || seen.size > 64) return undefined;
  seen.add(key);
  const facts = factsOf(file);
  if (!facts) return undefined;
  const follow = (spec: string, exported: string) => {
    const next = resolveRelative(file, spec) ?? resolveImport?.(file, spec);
    return next ? findExported(next, exported, resolveImport, seen) : undefined;
  };
  if (name === 'default') {
    const local = facts.localExports.get('default');
    if (local) return findLocal(local);
    // `export default struct X`: the only struct is the usual case
    return facts.structs.size === 1 ? [...facts.structs.values()][0] : undefined;
  }
  const direct = facts.structs.get(name);
  if (direct) return direct;
  const re = facts.reexports.get(name);
  if (re) return follow(re.spec, re.name);
  const local = facts.localExports.get(name);
  if (local) return findLocal(local);
  for (const star of facts.stars) {
    const found = follow(star, name);
    if (found) return found;
  }
  return undefined;

  function findLocal(local: string): StructShape | undefined {
    const own = facts!.structs.get(local);
    if (own) return own;
    const imp = facts!.imports.get(local);
    return imp ? follow(imp.spec, imp.name) : undefined;
  }
}

/** Local name → (module, exported name) for the imports of a source file. */
export class ForeignStructs {
  private readonly imports = new Map<string, { spec: string; name: string }>();

  constructor(private readonly fileName: string, sf: ts.SourceFile, private readonly resolveImport?: ImportResolver) {
    for (const s of sf.statements) {
      if (!ts.isImportDeclaration(s) || !ts.isStringLiteral(s.moduleSpecifier) || !s.importClause) continue;
      const spec = s.moduleSpecifier.text;
      if (/^(@ohos\.|@kit\.|@system\.|@arkts\.|@hms\.)/.test(spec)) continue;
      const clause = s.importClause;
      if (clause.name) this.imports.set(clause.name.text, { spec, name: 'default' });
      const nb = clause.namedBindings;
      if (nb && ts.isNamedImports(nb)) {
        for (const el of nb.elements) this.imports.set(el.name.text, { spec, name: (el.propertyName ?? el.name).text });
      }
    }
  }

  private fileOf(spec: string): string | undefined {
    return resolveRelative(this.fileName, spec) ?? this.resolveImport?.(this.fileName, spec);
  }

  get(localName: string): StructShape | undefined {
    const imp = this.imports.get(localName);
    if (!imp) return undefined;
    const file = this.fileOf(imp.spec);
    if (!file) return undefined;
    const found = findExported(file, imp.name, this.resolveImport, new Set());
    if (found || imp.name !== 'default') return found;
    return factsOf(file)?.structs.get(localName);
  }

  /** Whether the named import `localName` is a namespace re-export (`export * as Name from './x'` in its file). */
  isNamespace(localName: string): boolean {
    const imp = this.imports.get(localName);
    const file = imp && imp.name !== 'default' ? this.fileOf(imp.spec) : undefined;
    return file ? factsOf(file)?.namespaces.has(imp!.name) === true : false;
  }
}
