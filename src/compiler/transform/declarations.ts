/**
 * What the UI lowering must know about components declared in OTHER files (V1 or V2, @Reusable, @BuilderParam slots,
 * @Link fields) and how those files export them. Read with a light text scan (no parse), cached per file by its stamp.
 *
 * This module does not load the parser: the transform cache (src/compiler/transform-cache.ts) checks a cached output's
 * dependencies with it — `DeclarationLookup` records every file whose declarations a transform read (with a digest of
 * exactly those facts) and every import it resolved, and `dependenciesHold` checks them again later.
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { TransformDependencies } from '../transform-contract.js';
import { isFile } from '../../util/fs-probe.js';

export interface StructShape {
  v2: boolean;
  reusable: boolean;
  builderParams: string[];
  links: string[];
}

/** Finds the struct bodies in `source` by brace matching, after blanking out comments and string contents. */
export function scanStructs(source: string): Map<string, StructShape> {
  return scanStructsIn(blankCommentsAndStrings(source));
}

/** A run of decorators (with simple arguments) and the space after them. */
const DECORATOR_RUN = /(?:@\w+(?:\.\w+)*(?:\([^()]{0,1000}\))?\s*)+/g;

function scanStructsIn(text: string): Map<string, StructShape> {
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

/** `text` with comments and the contents of string and template literals replaced by spaces (offsets kept); with
 *  `keepQuotes`, a literal's quotes stay. Linear whatever the text holds. */
export function blankCommentsAndStrings(text: string, keepQuotes = false): string {
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
    const c = text[i]!;
    let j: number;
    let quoted = false;
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
      quoted = keepQuotes && j - i >= 2 && text[j - 1] === c;
    }
    parts.push(quoted ? c + ' '.repeat(j - i - 2) + c : ' '.repeat(j - i));
    i = j;
  }
  return parts.join('');
}

/** Resolves a bare import specifier to a source file (the project's package graph, given by the bundler). */
export type ImportResolver = (fromFile: string, spec: string) => string | undefined;

/** A relative import as the transform follows it: the file, `.ets`, `.ts`, then a folder's index file. */
function resolveRelative(fromFile: string, spec: string): string | undefined {
  const base = resolve(dirname(fromFile), spec);
  for (const candidate of [base, `${base}.ets`, `${base}.ts`, `${base}/index.ets`, `${base}/Index.ets`]) {
    if (/\.(ets|ts)$/.test(candidate) && isFile(candidate)) return candidate;
  }
  return undefined;
}


/** Where an import leads, as the transform sees it: relative paths here, bare ones through the package graph. */
export function resolveDeclarationImport(fromFile: string, spec: string, resolveImport: ImportResolver | undefined): string | undefined {
  return spec.startsWith('.') ? resolveRelative(fromFile, spec) : resolveImport?.(fromFile, spec);
}

export interface FileDeclarations {
  /** sha1 of the facts below: equal digests mean the transform of an importer reads the same things. */
  digest: string;
  structs: Map<string, StructShape>;
  /** `export { a as b } from 'x'` → b → { spec: 'x', name: 'a' }. */
  reexports: Map<string, { spec: string; name: string }>;
  /** `export * from 'x'`. */
  stars: string[];
  /** `export * as ns from 'x'` names. */
  namespaces: Set<string>;
  /** Local imports (`import { a as b } from 'x'`), for `export { b }` and `export default b`. */
  imports: Map<string, { spec: string; name: string }>;
  localExports: Map<string, string>;
}

const cache = new Map<string, { stamp: string; facts: FileDeclarations }>();

/** mtime, ctime, size and inode: any write changes one of them. */
function stampOf(file: string): string | undefined {
  try {
    const st = statSync(file, { bigint: true, throwIfNoEntry: false });
    return st?.isFile() ? `${st.mtimeNs}:${st.ctimeNs}:${st.size}:${st.ino}` : undefined;
  } catch {
    return undefined;
  }
}

/** The declarations of a source file (cached until the file changes), or undefined when it cannot be read. */
export function declarationsOf(file: string): FileDeclarations | undefined {
  const stamp = stampOf(file);
  if (!stamp) return undefined;
  const hit = cache.get(file);
  if (hit && hit.stamp === stamp) return hit.facts;
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const facts = scanDeclarations(source);
  cache.set(file, { stamp, facts });
  return facts;
}

function scanDeclarations(source: string): FileDeclarations {
  const text = blankCommentsAndStrings(source);
  const facts: FileDeclarations = { digest: '', structs: scanStructsIn(text), reexports: new Map(), stars: [], namespaces: new Set(), imports: new Map(), localExports: new Map() };
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
  const canonical = JSON.stringify([[...facts.structs], [...facts.reexports], facts.stars, [...facts.namespaces], [...facts.imports], [...facts.localExports]]);
  facts.digest = createHash('sha1').update(canonical).digest('hex');
  return facts;
}

/**
 * Finds components across files for one transform, and records what it looked at: the declarations of each file it
 * read (by digest) and each import it resolved. Those are the transform's dependencies beyond its own source.
 */
export class DeclarationLookup {
  private readonly read = new Map<string, string | null>();
  private readonly resolved = new Map<string, [string, string, string | null]>();

  constructor(private readonly resolveImport?: ImportResolver) {}

  resolve(fromFile: string, spec: string): string | undefined {
    const file = resolveDeclarationImport(fromFile, spec, this.resolveImport);
    this.resolved.set(`${fromFile}\0${spec}`, [fromFile, spec, file ?? null]);
    return file;
  }

  facts(file: string): FileDeclarations | undefined {
    const facts = declarationsOf(file);
    this.read.set(file, facts?.digest ?? null);
    return facts;
  }

  dependencies(): TransformDependencies {
    return { declarations: [...this.read], resolutions: [...this.resolved.values()] };
  }

  /**
   * The struct that `name` exported from `file` is, following re-exports (`export { X } from`, `export *`, renames,
   * `import { X } …; export { X }`) across files and packages, as an Index.ets of a HAR writes them.
   */
  findExported(file: string, name: string, seen = new Set<string>()): StructShape | undefined {
    const key = `${file}\0${name}`;
    if (seen.has(key) || seen.size > 64) return undefined;
    seen.add(key);
    const facts = this.facts(file);
    if (!facts) return undefined;
    const follow = (spec: string, exported: string) => {
      const next = this.resolve(file, spec);
      return next ? this.findExported(next, exported, seen) : undefined;
    };
    const findLocal = (local: string): StructShape | undefined => {
      const own = facts.structs.get(local);
      if (own) return own;
      const imp = facts.imports.get(local);
      return imp ? follow(imp.spec, imp.name) : undefined;
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
  }
}

/** Whether the declarations and resolutions a transform depended on are still what they were. */
export function dependenciesHold(deps: TransformDependencies, resolveImport: ImportResolver | undefined): boolean {
  for (const [file, digest] of deps.declarations) if ((declarationsOf(file)?.digest ?? null) !== digest) return false;
  for (const [from, spec, file] of deps.resolutions) if ((resolveDeclarationImport(from, spec, resolveImport) ?? null) !== file) return false;
  return true;
}
