/**
 * ArkUI colour values → RGBA. ArkUI accepts '#rgb', '#rrggbb', '#argb', '#aarrggbb' (alpha FIRST, as in the
 * Color enum's '#ffff0000'), 'rgb(r,g,b)', 'rgba(r,g,b,a)', CSS colour names and numbers (0xRRGGBB; a value above
 * 0xFFFFFF is 0xAARRGGBB).
 */
export interface Rgba {
  r: number;
  g: number;
  b: number;
  /** 0..1 */
  a: number;
}

const NAMED: Record<string, string> = {
  white: '#ffffff', black: '#000000', red: '#ff0000', green: '#008000', blue: '#0000ff', yellow: '#ffff00',
  orange: '#ffa500', pink: '#ffc0cb', gray: '#808080', grey: '#808080', brown: '#a52a2a', purple: '#800080',
  cyan: '#00ffff', magenta: '#ff00ff', transparent: '#00000000', lightgray: '#d3d3d3', darkgray: '#a9a9a9',
  navy: '#000080', teal: '#008080', lime: '#00ff00', silver: '#c0c0c0', maroon: '#800000', olive: '#808000',
};

export function parseColor(value: unknown): Rgba | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) {
    const v = value >>> 0;
    const a = v > 0xffffff ? ((v >>> 24) & 0xff) / 255 : 1;
    return { r: (v >>> 16) & 0xff, g: (v >>> 8) & 0xff, b: v & 0xff, a };
  }
  if (typeof value !== 'string') return undefined;
  let s = value.trim().toLowerCase();
  if (NAMED[s]) s = NAMED[s];
  if (s.startsWith('#')) {
    let hex = s.slice(1);
    if (!/^[0-9a-f]+$/.test(hex)) return undefined;
    if (hex.length === 3 || hex.length === 4) hex = [...hex].map((c) => c + c).join('');
    if (hex.length === 6) hex = 'ff' + hex;
    if (hex.length !== 8) return undefined;
    const n = parseInt(hex, 16) >>> 0;
    return { a: ((n >>> 24) & 0xff) / 255, r: (n >>> 16) & 0xff, g: (n >>> 8) & 0xff, b: n & 0xff };
  }
  const m = /^rgba?\(([^)]*)\)$/.exec(s);
  if (m) {
    const parts = m[1].split(',').map((p) => Number(p.trim()));
    if (parts.length < 3 || parts.some((p) => !Number.isFinite(p))) return undefined;
    return { r: parts[0], g: parts[1], b: parts[2], a: parts[3] ?? 1 };
  }
  return undefined;
}

/** '#rrggbb' (alpha dropped; pair with `rgba.a` as an opacity). */
export function toHex(c: Rgba): string {
  const h = (n: number) => Math.max(0, Math.min(255, Math.round(n))).toString(16).padStart(2, '0');
  return `#${h(c.r)}${h(c.g)}${h(c.b)}`;
}
