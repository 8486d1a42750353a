/**
 * ArkTS parsing with ohos-typescript in ETS mode and the full `ets` options (component list, render/extend/styles
 * decorators and syntaxComponents — without the latter about one real file in ten fails on ForEach closures).
 * ohos-typescript is ~10 MB of JavaScript: import this module only from code paths that compile.
 */
import ts from 'ohos-typescript';
import etsOptions from './ets-options.json' with { type: 'json' };
import { MAX_DIAGNOSTICS, summaryOf, type Diagnostic } from '../diagnostics.js';

export { ts };

let compilerOptions: ts.CompilerOptions | undefined;

/** Compiler options that switch ohos-typescript's parser into ArkTS mode. */
export function etsCompilerOptions(): ts.CompilerOptions {
  compilerOptions ??= {
    target: ts.ScriptTarget.ES2021,
    experimentalDecorators: true,
    ets: { ...(etsOptions as unknown as ts.EtsOptions), libs: [] },
  } as ts.CompilerOptions;
  return compilerOptions;
}

export interface ParseResult {
  sourceFile: ts.SourceFile;
  diagnostics: Diagnostic[];
}

/**
 * Parses one file; `.ets` in ETS mode, `.ts` as TypeScript. Syntax errors come back as diagnostics (code ETS_SYNTAX).
 * `parents: false` skips linking every node to its parent (~10 % of the parse): nodes then have no `.parent`, and
 * `getText()`/`getStart()` need the source file passed in.
 */
export function parseSource(fileName: string, text: string, options: { parents?: boolean } = {}): ParseResult {
  const guarded = overloadStatements(fileName, text);
  const sourceFile = guarded?.sourceFile ?? createSourceFile(fileName, text, options);
  const raw = (sourceFile as unknown as { parseDiagnostics?: readonly ts.DiagnosticWithLocation[] }).parseDiagnostics ?? [];
  // A file of garbage has a syntax error per token: only the first MAX_DIAGNOSTICS become diagnostics, the last of
  // them standing for the rest.
  const diagnostics: Diagnostic[] = raw.slice(0, MAX_DIAGNOSTICS).map((d) => {
    const pos = sourceFile.getLineAndCharacterOfPosition(d.start);
    return {
      severity: 'error',
      code: 'ETS_SYNTAX',
      message: ts.flattenDiagnosticMessageText(d.messageText, '\n'),
      file: fileName,
      line: pos.line + 1,
      col: pos.character + 1,
    };
  });
  if (raw.length > MAX_DIAGNOSTICS) diagnostics.push(summaryOf(diagnostics.pop()!, raw.length - MAX_DIAGNOSTICS, true));
  if (guarded) diagnostics.unshift(...guarded.diagnostics.slice(0, MAX_DIAGNOSTICS));
  return { sourceFile, diagnostics };
}

function createSourceFile(fileName: string, text: string, options: { parents?: boolean }): ts.SourceFile {
  const isEts = fileName.endsWith('.ets');
  return ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2021, options.parents ?? true,
    isEts ? ts.ScriptKind.ETS : ts.ScriptKind.TS, isEts ? etsCompilerOptions() : undefined);
}

/** Same length as `overload`, an identifier and no keyword. */
const OVERLOAD_STAND_IN = '$verload';

/**
 * ohos-typescript never returns from a statement that starts with the word `overload` when no name follows it
 * (`overload.x = 1`, `overload(a)`, `overload;`): its statement parser takes the ArkTS `overload` keyword for the start
 * of an overload declaration, finds none and returns without consuming the token, and the statement list asks again,
 * forever (the reference compiler, which uses the same parser, hangs as well). Before such a file reaches the parser,
 * every `overload` not followed by a name is replaced by an identifier of the same length and the file is parsed: a
 * statement that starts at one of them is an ETS_SYNTAX error at its line and column (that parse is returned, so
 * nothing hangs, the stand-in's own syntax errors after these); when none does (`f(overload.x)`, the word in a string or comment), the file is safe and parsed as
 * it is. undefined: no such word in the file.
 */
function overloadStatements(fileName: string, text: string): ParseResult | undefined {
  if (!text.includes('overload')) return undefined;
  const suspects: number[] = [];
  for (const m of text.matchAll(/(?<![\w$\\])overload(?![\w$])/g)) {
    let at = m.index + OVERLOAD_STAND_IN.length;
    // The next token: after blanks and comments, a name (or keyword) starts with a letter, `_`, `$`, `\` or non-ASCII.
    for (;;) {
      while (at < text.length && /\s/.test(text[at]!)) at++;
      if (text.startsWith('//', at)) at = text.indexOf('\n', at) < 0 ? text.length : text.indexOf('\n', at);
      else if (text.startsWith('/*', at)) at = text.indexOf('*/', at + 2) < 0 ? text.length : text.indexOf('*/', at + 2) + 2;
      else break;
    }
    if (!/[\p{L}\p{Nl}_$\\]/u.test(text[at] ?? '')) suspects.push(m.index);
  }
  if (suspects.length === 0) return undefined;
  let replaced = text;
  for (const at of suspects) replaced = replaced.slice(0, at) + OVERLOAD_STAND_IN + replaced.slice(at + OVERLOAD_STAND_IN.length);
  const sourceFile = createSourceFile(fileName, replaced, { parents: true });
  const starts = new Set(suspects);
  const diagnostics: Diagnostic[] = [];
  const visit = (node: ts.Node): void => {
    if ((ts.isExpressionStatement(node) || ts.isLabeledStatement(node)) && starts.has(node.getStart(sourceFile))) {
      const pos = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile));
      diagnostics.push({
        severity: 'error', code: 'ETS_SYNTAX', file: fileName, line: pos.line + 1, col: pos.character + 1,
        message: '`overload` cannot start a statement: ArkTS reserves it for overload declarations (`overload name { … }`), and the ArkTS parser never finishes such a line; rename it, or write `(overload)` here',
      });
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  if (diagnostics.length === 0) return undefined;
  return { sourceFile, diagnostics: diagnostics.slice(0, MAX_DIAGNOSTICS) };
}
