import { BUG_REPORT } from './errors.js';

/** A compiler diagnostic: printed as `path:line:col: error CODE: message` with a code frame. */
export interface Diagnostic {
  severity: 'error' | 'warning';
  /** Stable code, e.g. ETS_PARSE, ETS_V1_IN_V2, JSON5_SYNTAX, RES_UNRESOLVED. */
  code: string;
  message: string;
  file?: string;
  /** 1-based */
  line?: number;
  /** 1-based */
  col?: number;
  /** This diagnostic also stands for this many more of the same file that were dropped (see capFileDiagnostics). */
  more?: number;
  /** An internal error (a bug in hmos) met by a long-running build (watch mode): its stack, printed under the message. */
  stack?: string;
}

/**
 * An internal error (a bug in hmos, not the project's fault) as a diagnostic, so that a long-running build (watch mode,
 * an emulate session) reports it — with its stack — and goes on. `where` locates it when it is known (the file being
 * compiled). A build with one exits 2, as any bug does.
 */
export function internalErrorDiagnostic(err: unknown, where: Pick<Diagnostic, 'file' | 'line' | 'col'> = {}): Diagnostic {
  const e = err as { message?: unknown; stack?: unknown } | undefined;
  const message = typeof e?.message === 'string' ? e.message : String(err);
  return {
    severity: 'error', code: 'INTERNAL', ...where,
    message: `${message} (${BUG_REPORT})`,
    stack: typeof e?.stack === 'string' ? e.stack : undefined,
  };
}

/**
 * Diagnostics a build reports: the first 200, then a count of the rest ("and N more"). A source of 200,000 stray
 * tokens must cost milliseconds to report, not seconds and hundreds of MB.
 */
export const MAX_DIAGNOSTICS = 200;

/** Diagnostics plus what was dropped to keep them within MAX_DIAGNOSTICS. */
export interface CappedDiagnostics {
  diagnostics: Diagnostic[];
  omitted: { errors: number; warnings: number };
}

/** How many diagnostics `d` stands for (itself and the ones it summarises). */
export function weightOf(d: Diagnostic): number {
  return 1 + (d.more ?? 0);
}

/**
 * At most `max` diagnostics of one file: the rest are folded into the last one kept, a summary at the first dropped
 * one's position ("and N more … in this file"), so the list stays located and the counts stay right.
 */
export function capFileDiagnostics(list: readonly Diagnostic[], max = MAX_DIAGNOSTICS): Diagnostic[] {
  if (list.length <= max) return list as Diagnostic[];
  const kept = list.slice(0, max - 1);
  let more = -1;
  let errors = false;
  for (let i = max - 1; i < list.length; i++) {
    more += weightOf(list[i]!);
    if (list[i]!.severity === 'error') errors = true;
  }
  kept.push(summaryOf(list[max - 1]!, more, errors, max));
  return kept;
}

/** `first`, standing also for `more` dropped problems after it in its file. */
export function summaryOf(first: Diagnostic, more: number, errors: boolean, max = MAX_DIAGNOSTICS): Diagnostic {
  return {
    severity: errors ? 'error' : first.severity, code: first.code, file: first.file, line: first.line, col: first.col,
    message: `${first.message} — and ${more.toLocaleString('en-US')} more problems in this file (only the first ${max} are listed)`,
    more: more + (first.more ?? 0),
  };
}

/**
 * The first `max` diagnostics of a build, errors before warnings (each in the order found), and how many more there
 * are. Never copies the whole list into a call's arguments (`push(...all)` overflows the stack on a long list).
 */
export function capDiagnostics(list: readonly Diagnostic[], max = MAX_DIAGNOSTICS): CappedDiagnostics {
  const diagnostics: Diagnostic[] = [];
  const omitted = { errors: 0, warnings: 0 };
  // Bugs first, then the project's errors, then warnings; each in the order found.
  const passes = [(d: Diagnostic) => d.code === 'INTERNAL', (d: Diagnostic) => d.severity === 'error' && d.code !== 'INTERNAL', (d: Diagnostic) => d.severity !== 'error'];
  // The same problem found twice (a file read by two checks) is listed once.
  const seen = new Set<string>();
  for (const pass of passes) {
    for (const d of list) {
      if (!pass(d)) continue;
      const key = `${d.file}:${d.line}:${d.col}:${d.code}:${d.message}`;
      if (seen.has(key)) continue;
      seen.add(key);
      const severity = d.severity;
      if (diagnostics.length < max) {
        diagnostics.push(d);
        if (d.more) omitted[severity === 'error' ? 'errors' : 'warnings'] += d.more;
      } else {
        omitted[severity === 'error' ? 'errors' : 'warnings'] += weightOf(d);
      }
    }
  }
  return { diagnostics, omitted };
}
