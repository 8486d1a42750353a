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
}
