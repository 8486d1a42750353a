/**
 * The contract between the bundler (src/compiler/bundle*) and the ArkTS transform (src/compiler/transform/).
 * `transformEts(source, options)` in src/compiler/transform/index.ts turns one .ets file into TypeScript that targets the
 * runtime ABI (src/runtime/abi.ts); esbuild then strips types, resolves imports and bundles.
 */
import type { Diagnostic } from '../diagnostics.js';
import type { IntentDeclaration } from '../hap/intent-manifest.js';

export interface TransformOptions {
  /** Absolute path of the .ets file. */
  fileName: string;
  bundleName: string;
  moduleName: string;
  /** `pages/Index` when the file is a page listed in main_pages.json (then `@Entry` registers the route). */
  pagePath?: string;
  /** The page file's path from the project root for `registerNamedRoute`'s pageFullPath, e.g.
   *  `entry/src/main/ets/pages/Index` (the module folder, which need not be named after the module). */
  pageFullPath?: string;
  /** Resource id of `app.<type>.<name>` (or `sys.…`), or undefined when the module has no such resource. */
  resolveResource(scope: 'app' | 'sys', type: string, name: string): number | undefined;
  /** The source file a bare import means (the project's package graph), so that components declared in other
   *  packages (HARs, HSPs, installed packages) are known; without it only relative imports are followed. */
  resolveImport?(fromFile: string, specifier: string): string | undefined;
  /** `release` may drop debug-only output; the default is `debug`. */
  mode?: 'debug' | 'release';
}

export interface TransformResult {
  /** TypeScript source (types may remain; esbuild strips them) ending with an inline `//# sourceMappingURL=data:` map
   *  back to the .ets, so bundle source maps point at .ets lines. */
  code: string;
  diagnostics: Diagnostic[];
  /** Insight intents declared with decorators in this file. */
  intents: IntentDeclaration[];
  /** What the output depends on besides the source and the options (resource ids come through `resolveResource`,
   *  which a caller can watch itself): a cache must check these before it reuses the result. */
  dependencies?: TransformDependencies;
}

export interface TransformDependencies {
  /** Files whose declarations (struct shapes, export lists) the transform read, each with the digest of those facts
   *  (`declarationsOf(file).digest` in transform/declarations.ts; null: the file could not be read). */
  declarations: [file: string, digest: string | null][];
  /** Imports the transform followed: [from file, specifier, the file it resolved to or null]. */
  resolutions: [from: string, specifier: string, file: string | null][];
}

export type TransformEts = (source: string, options: TransformOptions) => TransformResult;
