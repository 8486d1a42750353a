/**
 * SVG renderer: draws the display list in vp units (the viewBox is the device's vp size); the wearable's round
 * screen is clipped to a circle. The PNG renderer rasterises this SVG.
 */
import type { LaidOutPage } from '../layout/types.js';
import { textWidth } from '../layout/text-measure.js';
import { toHex, type Rgba } from '../layout/color.js';
import { paint, type Box } from './paint.js';

export interface SvgOptions {
  /** Output pixels per vp (default 1: width/height attributes equal the vp size). */
  scale?: number;
  /** Page background (default white). */
  background?: string;
  /** Font family for text (default a sans-serif stack the system fonts can satisfy). */
  fontFamily?: string;
}

/** Picture bytes one screenshot inlines at most (see the 'image' case). */
const MAX_INLINED_IMAGE_BYTES = 48 * 1024 * 1024;

export function escapeXml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

/** The overlap of two boxes, or undefined when it is empty (or not finite). */
function intersect(a: Box, b: Box): Box | undefined {
  const x = Math.max(a.x, b.x);
  const y = Math.max(a.y, b.y);
  const w = Math.min(a.x + a.w, b.x + b.w) - x;
  const h = Math.min(a.y + a.h, b.y + b.h) - y;
  return w > 0.01 && h > 0.01 && Number.isFinite(w + h + x + y) ? { x, y, w, h } : undefined;
}

const n2 = (v: number) => String(Math.round(v * 100) / 100);

function paintAttr(name: string, c: Rgba | undefined, opacity: number): string {
  if (!c || c.a === 0) return ` ${name}="none"`;
  const a = c.a * opacity;
  return ` ${name}="${toHex(c)}"${a < 1 ? ` ${name}-opacity="${n2(a)}"` : ''}`;
}

export function renderSvg(page: LaidOutPage, opts: SvgOptions = {}): string {
  const { width: W, height: H, shape } = page.device;
  const scale = opts.scale ?? 1;
  const font = opts.fontFamily ?? 'DejaVu Sans, Noto Sans, Noto Sans CJK SC, sans-serif';
  const out: string[] = [];
  const defs: string[] = [];
  let clipId = 0;
  const open: number[] = [];
  const clipRect = (b: Box) => {
    const id = `c${++clipId}`;
    defs.push(`<clipPath id="${id}"><rect x="${n2(b.x)}" y="${n2(b.y)}" width="${n2(b.w)}" height="${n2(b.h)}"/></clipPath>`);
    return id;
  };
  // resvg aborts the whole process on degenerate geometry (an empty shape, or content clipped away entirely), so
  // only shapes that are non-empty and overlap the current clip are written; a clip group that is empty is skipped.
  const clips: Box[] = [{ x: 0, y: 0, w: W, h: H }];
  let hiddenDepth = 0;
  let inlined = 0;
  for (const op of paint(page)) {
    if (hiddenDepth > 0) {
      if (op.op === 'clip') hiddenDepth++;
      else if (op.op === 'unclip') hiddenDepth--;
      continue;
    }
    const current = clips[clips.length - 1];
    if (op.op === 'clip') {
      const inter = intersect(current, op);
      if (!inter) {
        hiddenDepth = 1;
        continue;
      }
      clips.push(inter);
    } else if (op.op === 'unclip') {
      clips.pop();
    } else {
      const visible = intersect(current, op);
      if (!visible || (op.op === 'text' && !intersect(visible, op.clip))) continue;
      if (op.op === 'rect' && op.w - op.strokeWidth <= 0) continue;
    }
    switch (op.op) {
      case 'rect':
        out.push(`<rect x="${n2(op.x + op.strokeWidth / 2)}" y="${n2(op.y + op.strokeWidth / 2)}" width="${
          n2(Math.max(0, op.w - op.strokeWidth))}" height="${n2(Math.max(0, op.h - op.strokeWidth))}"${
          op.radius > 0 ? ` rx="${n2(op.radius)}"` : ''}${paintAttr('fill', op.fill, op.opacity)}${
          op.stroke ? `${paintAttr('stroke', op.stroke, op.opacity)} stroke-width="${n2(op.strokeWidth)}"` : ''}/>`);
        break;
      case 'ellipse':
        out.push(`<ellipse cx="${n2(op.x + op.w / 2)}" cy="${n2(op.y + op.h / 2)}" rx="${n2(op.w / 2)}" ry="${
          n2(op.h / 2)}"${paintAttr('fill', op.fill, op.opacity)}${
          op.stroke ? `${paintAttr('stroke', op.stroke, op.opacity)} stroke-width="${n2(op.strokeWidth)}"` : ''}/>`);
        break;
      case 'text': {
        const tw = textWidth(op.text, op.fontSize);
        const x = op.align === 'center' ? op.x + (op.w - tw) / 2 : op.align === 'end' ? op.x + op.w - tw : op.x;
        // Baseline: the glyph box (1 em) centred in the line box, baseline at 0.8 em.
        const baseline = op.y + (op.h - op.fontSize) / 2 + op.fontSize * 0.8;
        const id = clipRect(op.clip);
        // textLength pins the drawn width to the text model's, so real glyphs fit the box layout gave them.
        out.push(`<text x="${n2(x)}" y="${n2(baseline)}" font-size="${n2(op.fontSize)}" font-family="${escapeXml(font)}"${
          tw > 0 ? ` textLength="${n2(tw)}" lengthAdjust="spacingAndGlyphs"` : ''}${
          op.bold ? ' font-weight="bold"' : ''}${paintAttr('fill', op.color, op.opacity)} clip-path="url(#${id})">${
          escapeXml(op.text)}</text>`);
        break;
      }
      case 'image': {
        // Past a budget of inlined pictures (a screen repeating one big photo), the rest stay grey boxes: the SVG
        // must stay a string V8 can hold, and rasterising hundreds of megabytes would take seconds.
        inlined += op.image.data.length;
        if (inlined > MAX_INLINED_IMAGE_BYTES) {
          out.push(`<rect x="${n2(op.x)}" y="${n2(op.y)}" width="${n2(op.w)}" height="${n2(op.h)}" fill="#e0e0e0"/>`);
          break;
        }
        // Clipped to its box: `cover` overflows it by design.
        const ratio = op.fit === 'fill' ? 'none' : op.fit === 'contain' ? 'xMidYMid meet' : 'xMidYMid slice';
        const href = `data:${op.image.mime};base64,${Buffer.from(op.image.data).toString('base64')}`;
        out.push(`<image x="${n2(op.x)}" y="${n2(op.y)}" width="${n2(op.w)}" height="${n2(op.h)}" preserveAspectRatio="${ratio}"${
          op.opacity < 1 ? ` opacity="${n2(op.opacity)}"` : ''} clip-path="url(#${clipRect(op)})" href="${href}"/>`);
        break;
      }
      case 'clip':
        out.push(`<g clip-path="url(#${clipRect(op)})">`);
        open.push(1);
        break;
      case 'unclip':
        if (open.pop()) out.push('</g>');
        break;
    }
  }
  while (open.pop()) out.push('</g>');
  const round = shape === 'round';
  if (round) defs.push(`<clipPath id="screen"><ellipse cx="${n2(W / 2)}" cy="${n2(H / 2)}" rx="${n2(W / 2)}" ry="${n2(H / 2)}"/></clipPath>`);
  const bg = opts.background ?? '#ffffff';
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${n2(W * scale)}" height="${n2(H * scale)}" viewBox="0 0 ${n2(W)} ${n2(H)}">`,
    defs.length ? `<defs>${defs.join('')}</defs>` : '',
    round ? '<rect width="100%" height="100%" fill="#000000"/>' : '',
    `<g${round ? ' clip-path="url(#screen)"' : ''}>`,
    `<rect x="0" y="0" width="${n2(W)}" height="${n2(H)}" fill="${escapeXml(bg)}"/>`,
    ...out,
    '</g>',
    '</svg>',
  ].filter((s) => s !== '').join('\n') + '\n';
}
