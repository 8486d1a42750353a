/**
 * What a device shows when app code crashes or the watchdog stops it: a small UINode tree (message + source
 * location) in place of the page, and the location mapped back to the .ets source through the bundle's source map.
 */
import { SourceMap } from 'node:module';
import type { UINode } from './ui-node.js';

export interface CrashReport {
  kind: 'exception' | 'timeout';
  message: string;
  /** Where it happened, mapped to the original source when a source map is available. */
  location?: { file: string; line: number; col: number };
  stack: string;
  /** Which entry into app code crashed: 'load', 'launch', 'click', 'timer' … */
  during: string;
}

/**
 * First frame of `stack` inside `bundleFile` — or inside one of `others` (the app's HSP bundles, each with its own
 * map, read when needed) when one of those comes first —, mapped through its map (1-based line/col).
 */
export function locateCrash(stack: string, bundleFile: string, map?: SourceMap, others?: Map<string, () => SourceMap | undefined>): CrashReport['location'] {
  let found: { at: number; file: string; line: number; col: number; map: (() => SourceMap | undefined) | undefined } | undefined;
  for (const [file, fileMap] of [[bundleFile, () => map] as const, ...(others ?? [])]) {
    const esc = file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const m = new RegExp(`${esc}:(\\d+):(\\d+)`).exec(stack);
    // `hsp/<m>/ets/bundle.js` also matches `ets/bundle.js`, further in: the first frame is the HSP's then
    if (m && (!found || m.index < found.at)) found = { at: m.index, file, line: Number(m[1]), col: Number(m[2]), map: fileMap };
  }
  if (!found) return undefined;
  return mapped(found.file, found.line, found.col, found.map?.());
}

function mapped(bundleFile: string, line: number, col: number, map: SourceMap | undefined): CrashReport['location'] {
  if (map) {
    const entry = map.findEntry(line - 1, col - 1) as { originalSource?: string; originalLine?: number; originalColumn?: number };
    if (entry && entry.originalSource) return { file: entry.originalSource, line: (entry.originalLine ?? 0) + 1, col: (entry.originalColumn ?? 0) + 1 };
  }
  return { file: bundleFile, line, col };
}

let nextCrashId = -1;
const node = (type: string, args: unknown[], children: UINode[] = [], attrs: Record<string, unknown[]> = {}): UINode => {
  const n: UINode = { elmtId: nextCrashId--, type, args, attrs, children };
  for (const c of children) c.parent = n;
  return n;
};

/** The error screen: title, message, location. Negative element ids mark host-built nodes. */
export function crashScreen(report: CrashReport, appName: string): UINode {
  const where = report.location ? `${report.location.file}:${report.location.line}:${report.location.col}` : 'unknown location';
  const title = report.kind === 'timeout' ? `${appName} stopped responding` : `${appName} has stopped`;
  return node('Root', [], [
    node('Column', [], [
      node('Text', [title], [], { fontSize: [20], fontWeight: ['bold'], fontColor: ['#ffff0000'] }),
      node('Text', [report.message]),
      node('Text', [`at ${where}`], [], { fontColor: ['#ff808080'] }),
      node('Text', ['Relaunch the app to try again.'], [], { fontColor: ['#ff808080'] }),
    ], { width: ['100%'], height: ['100%'], padding: [16] }),
  ]);
}
