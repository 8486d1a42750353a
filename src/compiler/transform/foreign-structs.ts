/**
 * Components a file imports: local name → the struct's shape, found in the imported file (declarations.ts reads it
 * with a text scan and records what it read, so the transform can report its dependencies).
 */
import { ts } from '../parse.js';
import { DeclarationLookup, type ImportResolver, type StructShape } from './declarations.js';

export { scanStructs, type StructShape } from './declarations.js';

/** Local name → (module, exported name) for the imports of a source file. */
export class ForeignStructs {
  private readonly imports = new Map<string, { spec: string; name: string }>();
  readonly lookup: DeclarationLookup;

  constructor(private readonly fileName: string, sf: ts.SourceFile, resolveImport?: ImportResolver) {
    this.lookup = new DeclarationLookup(resolveImport);
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

  get(localName: string): StructShape | undefined {
    const imp = this.imports.get(localName);
    if (!imp) return undefined;
    const file = this.lookup.resolve(this.fileName, imp.spec);
    if (!file) return undefined;
    const found = this.lookup.findExported(file, imp.name);
    if (found || imp.name !== 'default') return found;
    return this.lookup.facts(file)?.structs.get(localName);
  }

  /** Whether the named import `localName` is a namespace re-export (`export * as Name from './x'` in its file). */
  isNamespace(localName: string): boolean {
    const imp = this.imports.get(localName);
    const file = imp && imp.name !== 'default' ? this.lookup.resolve(this.fileName, imp.spec) : undefined;
    return file ? this.lookup.facts(file)?.namespaces.has(imp!.name) === true : false;
  }
}
