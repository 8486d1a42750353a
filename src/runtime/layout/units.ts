/**
 * ArkUI length units → vp. A bare number is vp; strings may carry a unit: '12vp', '14fp' (scaled by the font
 * scale), '30px' (physical pixels: ÷ density), '100lpx' (window width / designWidth 720 per lpx), '50%' (of the
 * parent's size on that axis — resolved by the caller, who knows the parent), 'auto'.
 */
export interface UnitContext {
  /** Physical pixels per vp. */
  density: number;
  /** Window width in vp (lpx base). */
  windowWidth: number;
  /** System font scale applied to fp (1 = default). */
  fontScale: number;
  /** Design width for lpx (ArkUI default 720). */
  designWidth?: number;
}

export type Length = { kind: 'vp'; value: number } | { kind: 'percent'; value: number } | { kind: 'auto' };

const LENGTH_RE = /^\s*(-?\d*\.?\d+(?:e[+-]?\d+)?)\s*(vp|fp|px|lpx|%)?\s*$/i;

/** Parses a length; undefined when the value is not a length at all (so the attribute is ignored). */
export function parseLength(value: unknown, ctx: UnitContext): Length | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? { kind: 'vp', value } : undefined;
  if (typeof value !== 'string') return undefined;
  if (value.trim().toLowerCase() === 'auto') return { kind: 'auto' };
  const m = LENGTH_RE.exec(value);
  if (!m) return undefined;
  const n = Number(m[1]);
  switch ((m[2] ?? 'vp').toLowerCase()) {
    case '%':
      return { kind: 'percent', value: n };
    case 'fp':
      return { kind: 'vp', value: n * ctx.fontScale };
    case 'px':
      return { kind: 'vp', value: n / ctx.density };
    case 'lpx':
      return { kind: 'vp', value: (n * ctx.windowWidth) / (ctx.designWidth ?? 720) };
    default:
      return { kind: 'vp', value: n };
  }
}

/** A length in vp, percentages taken of `base` (undefined when there is no base or the value is 'auto'). */
export function toVp(value: unknown, ctx: UnitContext, base?: number): number | undefined {
  const l = parseLength(value, ctx);
  if (!l || l.kind === 'auto') return undefined;
  if (l.kind === 'percent') return base === undefined ? undefined : (l.value / 100) * base;
  return l.value;
}

/** Font sizes: a bare number is fp (ArkUI's fontSize default unit), so it scales with the font scale. */
export function fontSizeToVp(value: unknown, ctx: UnitContext): number | undefined {
  if (typeof value === 'number') return value * ctx.fontScale;
  return toVp(value, ctx);
}

export interface Edges {
  top: number;
  right: number;
  bottom: number;
  left: number;
}

/** padding/margin/border width: a length for all four sides or `{top, right, bottom, left}` (also start/end). */
export function parseEdges(value: unknown, ctx: UnitContext, base?: number): Edges | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'object' && !Array.isArray(value)) {
    const o = value as Record<string, unknown>;
    if ('id' in o && 'type' in o) return undefined; // an unresolved resource
    const side = (...keys: string[]) => {
      for (const k of keys) if (o[k] !== undefined) return toVp(o[k], ctx, base) ?? 0;
      return 0;
    };
    return { top: side('top'), right: side('right', 'end'), bottom: side('bottom'), left: side('left', 'start') };
  }
  const v = toVp(value, ctx, base);
  return v === undefined ? undefined : { top: v, right: v, bottom: v, left: v };
}
