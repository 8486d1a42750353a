/**
 * Deep imports into an HSP's sources (`import { X } from 'profile/src/main/ets/components/X'`). An HSP is loaded once
 * per app and its code runs with its own resource table, so such a file must come from the HSP's bundle — one
 * instance, shared with what the HSP's Index.ets exports — not be compiled into the importer a second time. The HSP's
 * bundle therefore exposes, by their path in the HSP, the files the project's other modules import that way
 * (`files` in its registration, src/runtime/abi.ts), and an importer's link refers to them (`__hmosHspFile`).
 *
 * The HSP is bundled on its own (possibly alone, `--module`), so it finds those files itself: it reads the sources of
 * the modules that depend on it (and of the HARs among them) — each file read once per process — and resolves each
 * import of a path inside a package that names the HSP.
 */
import { readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import type { ModuleInfo, Project } from '../project/project.js';
import { scanImportSites } from './import-scan.js';
import { readSourceFile } from './source-file.js';
import { isInsideDir, relativePosix } from '../util/paths.js';

/** Absolute paths of the files of `hsp` that other modules of the project import by a path into it (sorted). */
export function filesDeepImported(project: Project, hsp: ModuleInfo): string[] {
  const hspDirs = new Set([hsp.dir, ...(hsp.package ? [hsp.package.dir] : [])]);
  const importers = project.modules.filter((m) => m !== hsp && m.localPackages.some((p) => hspDirs.has(p.dir)));
  // The names the importers know the HSP by: its own and any alias a manifest gives its folder.
  const names = new Set(hsp.package ? [hsp.package.name] : []);
  for (const m of importers) {
    for (const [name, dep] of m.package?.dependencies ?? []) {
      if (/^file:/.test(dep.spec) && hspDirs.has(resolve(dirname(dep.file), dep.spec.slice(5)))) names.add(name);
    }
  }
  const found = new Set<string>();
  for (const m of importers) {
    for (const file of sourcesUnder(m.etsDir)) {
      for (const spec of bareDeepSpecs(file)) {
        if (![...names].some((n) => spec.startsWith(`${n}/`))) continue;
        const target = project.packages.resolveFile(file, spec);
        if (target && isInsideDir(target, hsp.dir) && !/[\\/]oh_modules[\\/]/.test(relative(hsp.dir, target))) found.add(target);
      }
    }
  }
  return [...found].sort();
}

/**
 * A file's import specifiers that name a path inside a package (`pkg/…`, `@scope/pkg/…`), read once per process while
 * the file is unchanged: a project's HSPs all scan the modules that depend on them, often the same ones.
 */
const scanned = new Map<string, { stamp: string; specs: string[] }>();

function bareDeepSpecs(file: string): string[] {
  let stamp: string;
  try {
    const st = statSync(file);
    stamp = `${st.mtimeMs}:${st.ctimeMs}:${st.size}:${st.ino}`;
  } catch {
    return [];
  }
  const known = scanned.get(file);
  if (known?.stamp === stamp) return known.specs;
  const read = readSourceFile(file);
  const specs = read.ok ? scanImportSites(read.text).map((s) => s.spec).filter((spec) => /^(@[^/]+\/)?[^./@][^/]*\/./.test(spec)) : [];
  scanned.set(file, { stamp, specs });
  return specs;
}

/** The path of an HSP's file as its bundle exposes it: relative to the module folder, with `/`. */
export function hspFilePath(hsp: ModuleInfo, file: string): string {
  return relativePosix(hsp.dir, file);
}

function sourcesUnder(dir: string): string[] {
  let names: string[];
  try {
    names = readdirSync(dir, { recursive: true, encoding: 'utf8' });
  } catch {
    return [];
  }
  return names.filter((n) => /\.(ets|ts)$/.test(n) && !n.endsWith('.d.ts')).sort().map((n) => join(dir, n));
}
