/**
 * Errors a user can cause. The CLI prints them as `file:line:col: error CODE: message` without a stack trace and
 * exits 1; anything that is not an HmosError is a bug in hmos and keeps its stack (exit 2).
 */
export interface SourceLocation {
  file: string;
  /** 1-based */
  line?: number;
  /** 1-based */
  col?: number;
}

export class HmosError extends Error {
  readonly code: string;
  readonly location?: SourceLocation;
  /** Extra lines printed under the message (a code frame, a list of valid values, …). */
  readonly details?: string;

  constructor(code: string, message: string, options: { location?: SourceLocation; details?: string; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'HmosError';
    this.code = code;
    this.location = options.location;
    this.details = options.details;
  }

  /** `file:line:col` (as much of it as is known), or undefined. */
  where(): string | undefined {
    return formatLocation(this.location);
  }

  toJSON(): Record<string, unknown> {
    return {
      code: this.code,
      message: this.message,
      ...(this.location ? { file: this.location.file, line: this.location.line, col: this.location.col } : {}),
      ...(this.details ? { details: this.details } : {}),
    };
  }
}

/** What to do about an internal error (anything that is not an HmosError): it is a bug in hmos. */
export const BUG_REPORT = 'a bug in hmos — please report it on the hmos issue tracker with this output and `hmos --version`';

export function formatLocation(loc: SourceLocation | undefined): string | undefined {
  if (!loc) return undefined;
  let s = loc.file;
  if (loc.line !== undefined) {
    s += `:${loc.line}`;
    if (loc.col !== undefined) s += `:${loc.col}`;
  }
  return s;
}

export function isHmosError(err: unknown): err is HmosError {
  return err instanceof HmosError || (typeof err === 'object' && err !== null && (err as { name?: string }).name === 'HmosError'
    && typeof (err as { code?: unknown }).code === 'string');
}
