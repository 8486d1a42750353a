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

const cache = new Map<string, { mtimeMs: number; structs: Map<string, StructShape> }>();

/** Finds the struct bodies in `source` by brace matching, after blanking out comments and string contents. */
export function scanStructs(source: string): Map<string, StructShape> {
  const text = blankCommentsAndStrings(source);
  const out = new Map<string, StructShape>();
  const re = /((?:@\w+(?:\([^)]*\))?\s*)*)(?:export\s+(?:default\s+)?)?struct\s+(\w+)[^{]*\{/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const decos = m[1];
    const start = re.lastIndex;
    let depth = 1;
    let end = start;
    for (; end < text.length && depth > 0; end++) {
      if (text[end] === '{') depth++;
      else if (text[end] === '}') depth--;
    }
    const body = text.slice(start, end);
    out.set(m[2], {
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
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    let j = i;
    if (c === '/' && text[i + 1] === '/') {
      j = text.indexOf('\n', i);
      if (j < 0) j = text.length;
    } else if (c === '/' && text[i + 1] === '*') {
      j = text.indexOf('*/', i + 2);
      j = j < 0 ? text.length : j + 2;
    } else if (c === '"' || c === "'" || c === '`') {
      for (j = i + 1; j < text.length && text[j] !== c; j++) if (text[j] === '\\') j++;
      j = Math.min(j + 1, text.length);
    } else {
      out += c;
      i++;
      continue;
    }
    out += ' '.repeat(j - i);
    i = j;
  }
  return out;
}

function resolveModule(fromFile: string, spec: string): string | undefined {
  if (!spec.startsWith('.')) return undefined;
  const base = resolve(dirname(fromFile), spec);
  for (const candidate of [base, `${base}.ets`, `${base}.ts`, `${base}/index.ets`]) {
    if (candidate.endsWith('.ets') && existsSync(candidate)) return candidate;
  }
  return undefined;
}

function structsOf(file: string): Map<string, StructShape> {
  let mtimeMs: number;
  try { mtimeMs = statSync(file).mtimeMs; } catch { return new Map(); }
  const hit = cache.get(file);
  if (hit && hit.mtimeMs === mtimeMs) return hit.structs;
  const structs = scanStructs(readFileSync(file, 'utf8'));
  cache.set(file, { mtimeMs, structs });
  return structs;
}

/** Local name → (file, exported name) for the relative imports of a source file. */
export class ForeignStructs {
  private readonly imports = new Map<string, { spec: string; name: string }>();

  constructor(private readonly fileName: string, sf: ts.SourceFile) {
    for (const s of sf.statements) {
      if (!ts.isImportDeclaration(s) || !ts.isStringLiteral(s.moduleSpecifier) || !s.importClause) continue;
      const spec = s.moduleSpecifier.text;
      if (!spec.startsWith('.')) continue;
      const clause = s.importClause;
      if (clause.name) this.imports.set(clause.name.text, { spec, name: '*default' });
      const nb = clause.namedBindings;
      if (nb && ts.isNamedImports(nb)) {
        for (const el of nb.elements) this.imports.set(el.name.text, { spec, name: (el.propertyName ?? el.name).text });
      }
    }
  }

  get(localName: string): StructShape | undefined {
    const imp = this.imports.get(localName);
    if (!imp) return undefined;
    const file = resolveModule(this.fileName, imp.spec);
    if (!file) return undefined;
    const structs = structsOf(file);
    if (imp.name === '*default') {
      // `export default struct X` or `export default X`: the only struct is the usual case
      return structs.size === 1 ? [...structs.values()][0] : structs.get(localName);
    }
    return structs.get(imp.name);
  }

  /** Whether the named import `localName` is a namespace re-export (`export * as Name from './x'` in its file). */
  isNamespace(localName: string): boolean {
    const imp = this.imports.get(localName);
    const file = imp && imp.name !== '*default' ? resolveModule(this.fileName, imp.spec) : undefined;
    if (!file) return false;
    const text = blankCommentsAndStrings(readFileSync(file, 'utf8'));
    return new RegExp(`export\\s*\\*\\s*as\\s+${imp!.name}\\s+from\\b`).test(text);
  }
}
