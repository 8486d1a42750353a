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
  const isEts = fileName.endsWith('.ets');
  const sourceFile = ts.createSourceFile(fileName, text, ts.ScriptTarget.ES2021, options.parents ?? true,
    isEts ? ts.ScriptKind.ETS : ts.ScriptKind.TS, isEts ? etsCompilerOptions() : undefined);
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
  return { sourceFile, diagnostics };
}
