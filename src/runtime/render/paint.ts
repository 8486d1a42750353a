/**
 * Painting: a laid-out page → a display list of primitive drawing operations (boxes, ellipses, text lines, clips).
 * Every picture renderer (SVG → PNG, terminal cells) draws the same list, so they agree on what a component looks like.
 */
import type { ImageData, ImageSource, LaidOutPage, LayoutNode } from '../layout/types.js';
import type { UINode } from '../ui-node.js';
import { isKnownComponent } from '../layout/components.js';
import { parseColor, type Rgba } from '../layout/color.js';

export interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

export type DrawOp =
  | ({ op: 'rect'; fill?: Rgba; stroke?: Rgba; strokeWidth: number; radius: number; opacity: number } & Box)
  | ({ op: 'ellipse'; fill?: Rgba; stroke?: Rgba; strokeWidth: number; opacity: number } & Box)
  | ({ op: 'text'; text: string; fontSize: number; color: Rgba; bold: boolean; align: 'start' | 'center' | 'end';
      opacity: number; clip: Box; block?: TextBlock } & Box)
  | ({ op: 'image'; image: ImageData; fit: ImageFitMode; opacity: number } & Box)
  | ({ op: 'clip' } & Box)
  | { op: 'unclip' };

/**
 * The whole text of a node, on each of its lines' ops: renderers that lay text out again at their own resolution
 * (terminal cells) take the block from its first line (`line` 0) and skip the others.
 */
export interface TextBlock {
  node: LayoutNode;
  text: string;
  /** Which of the node's lines this op draws. */
  line: number;
  /** The content box (inside padding and border), where the lines go. */
  content: Box;
  maxLines?: number;
}

/** How a picture fills its box: `contain` (letterboxed), `cover` (cropped), `fill` (stretched). */
export type ImageFitMode = 'contain' | 'cover' | 'fill';

/** ImageFit (runtime/enums.ts: Fill 0, Contain 1, Cover 2, Auto 3, None 5, ScaleDown 6); Cover is ArkUI's default. */
function fitMode(v: unknown): ImageFitMode {
  if (v === 0) return 'fill';
  if (v === 1 || v === 6) return 'contain';
  return 'cover';
}

const BLUE = parseColor('#ff007dff')!;
const TRACK = parseColor('#33182431')!;
const WHITE = parseColor('#ffffffff')!;
const MUTED = parseColor('#66182431')!;

export function paint(page: LaidOutPage): DrawOp[] {
  const ops: DrawOp[] = [];
  paintNode(page.root, ops, 1, page.image);
  return ops;
}

function opt(node: UINode | undefined, field: string): unknown {
  const a = node?.args[0];
  return a && typeof a === 'object' ? (a as Record<string, unknown>)[field] : undefined;
}

function attr(node: UINode | undefined, name: string): unknown {
  return node?.attrs[name]?.[0];
}

function num(v: unknown, fallback: number): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : fallback;
}

function paintNode(n: LayoutNode, ops: DrawOp[], parentOpacity: number, images: ImageSource | undefined): void {
  if (!n.visible) return;
  const opacity = parentOpacity * n.style.opacity;
  const s = n.style;
  const box = { x: n.x, y: n.y, w: n.width, h: n.height };
  // An Image whose picture is in the HAP is drawn as that picture; the grey box stays for the ones that are not.
  const picture = n.type === 'Image' && n.width > 0 && n.height > 0 ? images?.(n.node?.args[0]) : undefined;
  const background = picture && attr(n.node, 'backgroundColor') === undefined ? undefined : s.backgroundColor;
  if (background || (s.borderWidth > 0 && s.borderColor)) {
    const radius = Math.min(s.borderRadius, n.width / 2, n.height / 2);
    ops.push({ op: 'rect', ...box, fill: background, stroke: s.borderWidth > 0 ? s.borderColor : undefined,
      strokeWidth: s.borderWidth, radius, opacity });
  }
  if (picture) ops.push({ op: 'image', ...box, image: picture, fit: fitMode(attr(n.node, 'objectFit')), opacity });
  paintControl(n, ops, opacity);
  if (n.text !== undefined && n.lines && n.type !== 'Span') {
    const inset = n.inset ?? { left: 0, top: 0, right: 0, bottom: 0 };
    const cx = n.x + inset.left;
    const cw = Math.max(0, n.width - inset.left - inset.right);
    const ch = Math.max(0, n.height - inset.top - inset.bottom);
    const lh = n.lineHeight ?? s.fontSize * 1.2;
    let y = n.y + inset.top + (ch - lh * n.lines.length) / 2;
    const content = { x: cx, y: n.y + inset.top, w: cw, h: ch };
    n.lines.forEach((line, i) => {
      if (line !== '') {
        ops.push({ op: 'text', x: cx, y, w: cw, h: lh, text: line, fontSize: s.fontSize,
          color: n.placeholder ? MUTED : s.fontColor, bold: s.fontWeight === 'bold', align: s.textAlign, opacity,
          clip: box, block: { node: n, text: n.text!, line: i, content, ...(n.maxLines !== undefined ? { maxLines: n.maxLines } : {}) } });
      }
      y += lh;
    });
  }
  const kids = n.children.filter((c) => c.type !== 'Span' && c.type !== 'ImageSpan');
  if (kids.length === 0) return;
  if (n.clip) ops.push({ op: 'clip', ...box });
  for (const c of kids) paintNode(c, ops, opacity, images);
  if (n.clip) ops.push({ op: 'unclip' });
}

/** The built-in looks of controls that are more than a box with text. */
function paintControl(n: LayoutNode, ops: DrawOp[], opacity: number): void {
  const ui = n.node;
  const { x, y, width: w, height: h } = n;
  const ellipse = (bx: number, by: number, bw: number, bh: number, fill?: Rgba, stroke?: Rgba, strokeWidth = 0) =>
    ops.push({ op: 'ellipse', x: bx, y: by, w: bw, h: bh, fill, stroke, strokeWidth, opacity });
  const rect = (bx: number, by: number, bw: number, bh: number, fill: Rgba, radius = 0) =>
    ops.push({ op: 'rect', x: bx, y: by, w: bw, h: bh, fill, strokeWidth: 0, radius, opacity });
  const selectedColor = parseColor(attr(ui, 'selectedColor')) ?? BLUE;
  switch (n.type) {
    case 'Toggle': {
      if (n.children.length > 0) return;
      const on = opt(ui, 'isOn') === true;
      const type = opt(ui, 'type');
      if (type === 0) {
        rect(x, y, w, h, on ? selectedColor : TRACK, 2);
        if (on) ops.push(checkMark(n, opacity));
      } else {
        rect(x, y, w, h, on ? selectedColor : TRACK, h / 2);
        const d = h - 4;
        ellipse(on ? x + w - d - 2 : x + 2, y + 2, d, d, WHITE);
      }
      return;
    }
    case 'Checkbox':
    case 'CheckboxGroup':
      if (attr(ui, 'select') === true || attr(ui, 'selectAll') === true) {
        rect(x, y, w, h, selectedColor, 2);
        ops.push(checkMark(n, opacity));
      }
      return;
    case 'Radio':
      if (attr(ui, 'checked') === true || opt(ui, 'checked') === true) {
        ellipse(x + w * 0.25, y + h * 0.25, w * 0.5, h * 0.5, selectedColor);
      }
      return;
    case 'Slider': {
      const min = num(opt(ui, 'min'), 0);
      const max = num(opt(ui, 'max'), 100);
      const frac = Math.max(0, Math.min(1, (num(opt(ui, 'value'), min) - min) / (max - min || 1)));
      rect(x + 10, y + h / 2 - 2, w - 20, 4, TRACK, 2);
      rect(x + 10, y + h / 2 - 2, (w - 20) * frac, 4, selectedColor, 2);
      ellipse(x + 10 + (w - 20) * frac - 10, y + h / 2 - 10, 20, 20, WHITE, TRACK, 1);
      return;
    }
    case 'Progress': {
      const total = num(opt(ui, 'total'), 100);
      const frac = Math.max(0, Math.min(1, num(opt(ui, 'value'), 0) / (total || 1)));
      const color = parseColor(attr(ui, 'color')) ?? BLUE;
      const type = opt(ui, 'type');
      if (type === 1 || type === 2 || type === 3) {
        ellipse(x + 2, y + 2, w - 4, h - 4, undefined, TRACK, 4);
        if (frac > 0) ellipse(x + w / 2 - (w / 2 - 2) * frac, y + h / 2 - (h / 2 - 2) * frac, (w - 4) * frac, (h - 4) * frac, color);
      } else {
        rect(x, y, w * frac, h, color, Math.min(h / 2, n.style.borderRadius));
      }
      return;
    }
    case 'LoadingProgress':
      ellipse(x + w * 0.1, y + h * 0.1, w * 0.8, h * 0.8, undefined, parseColor(attr(ui, 'color')) ?? MUTED, 3);
      return;
    case 'Rating': {
      const stars = Math.max(1, Math.floor(num(attr(ui, 'stars'), 5)));
      const rating = Math.round(num(opt(ui, 'rating'), 0));
      const text = '★'.repeat(Math.min(stars, rating)) + '☆'.repeat(Math.max(0, stars - rating));
      ops.push({ op: 'text', x, y, w, h, text, fontSize: Math.min(h, w / stars), color: parseColor('#ffffb400')!,
        bold: false, align: 'start', opacity, clip: { x, y, w, h } });
      return;
    }
    case 'Circle':
    case 'Ellipse':
      ellipse(x, y, w, h, parseColor(attr(ui, 'fill') ?? '#ff000000'), parseColor(attr(ui, 'stroke')),
        num(attr(ui, 'strokeWidth'), 1));
      return;
    case 'Rect':
      ops.push({ op: 'rect', x, y, w, h, fill: parseColor(attr(ui, 'fill') ?? '#ff000000'),
        stroke: parseColor(attr(ui, 'stroke')), strokeWidth: num(attr(ui, 'strokeWidth'), 1),
        radius: num(attr(ui, 'radius'), 0), opacity });
      return;
    default:
      if (ui && !isKnownComponent(n.type) && w > 0 && h > 0) {
        // A component hmos cannot draw: a dashed-looking placeholder box labelled with its type.
        ops.push({ op: 'rect', x, y, w, h, fill: parseColor('#14182431'), stroke: MUTED, strokeWidth: 1, radius: 4, opacity });
        const fontSize = Math.max(6, Math.min(12, h * 0.6));
        ops.push({ op: 'text', x, y: y + (h - fontSize * 1.2) / 2, w, h: fontSize * 1.2, text: n.type, fontSize,
          color: MUTED, bold: false, align: 'center', opacity, clip: { x, y, w, h } });
      }
  }
}

function checkMark(n: LayoutNode, opacity: number): DrawOp {
  const box = { x: n.x, y: n.y, w: n.width, h: n.height };
  return { op: 'text', ...box, text: '✓', fontSize: n.height * 0.8, color: WHITE, bold: true, align: 'center', opacity,
    clip: box };
}
