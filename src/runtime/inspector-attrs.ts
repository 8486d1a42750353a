/**
 * `$attrs` of an inspector node, formatted the way the platform formats them (each component's ToJsonValue in
 * arkui_ace_engine; docs/inspector.md lists the sources and what is covered):
 *  - lengths: two decimals and their unit — `16.00fp`, `100.00vp`, `50.00%`, `276.00px` (Dimension::ToString);
 *    a bare number is vp (fp for font sizes);
 *  - colours: `#AARRGGBB`, upper case (Color::ColorToString);
 *  - enums: `Enum.Member` — `TextAlign.Center`, `Visibility.None`, `FontWeight.Bold`;
 *  - numbers stay numbers where the platform puts numbers (opacity, zIndex, flexGrow …), and some flags are the
 *    strings "true"/"false" where the platform writes them as strings (Toggle isOn, Swiper loop …).
 * Common attributes come first (layout property, render context, event hub), then the component's own.
 */
import type { UINode } from './ui-node.js';
import type { LayoutNode } from './layout/types.js';
import { stackAlignment, type AttributeReader } from './layout/attributes.js';
import { parseColor } from './layout/color.js';
import { ARKUI_ENUMS } from './enums.js';
import { CHOICE_CONTAINER_ATTRS } from './inspector-choice-attrs.js';

export interface AttrContext {
  density: number;
  box?: LayoutNode;
}

type Attrs = Record<string, unknown>;

const LENGTH_RE = /^\s*(-?\d*\.?\d+(?:e[+-]?\d+)?)\s*(vp|fp|px|lpx|%)?\s*$/i;

/** A length as Dimension::ToString writes it; `unit` is the unit of a bare number. */
export function formatLength(v: unknown, unit: 'vp' | 'fp' | 'px' = 'vp'): string | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return `${v.toFixed(2)}${unit}`;
  if (typeof v !== 'string') return undefined;
  if (v.trim().toLowerCase() === 'auto') return 'auto';
  const m = LENGTH_RE.exec(v);
  if (!m) return undefined;
  return `${Number(m[1]).toFixed(2)}${(m[2] ?? unit).toLowerCase()}`;
}

/** '#AARRGGBB' in upper case. */
export function formatColor(v: unknown): string | undefined {
  const c = parseColor(v);
  if (!c) return undefined;
  const h = (n: number) => Math.max(0, Math.min(255, Math.round(n))).toString(16).padStart(2, '0');
  return `#${h(c.a * 255)}${h(c.r)}${h(c.g)}${h(c.b)}`.toUpperCase();
}

const ENUMS = ARKUI_ENUMS as unknown as Record<string, Record<string | number, string | number>>;

/** `Enum.Member` for a value of one of the ArkUI enums (numbers through the two-way map, strings by value). */
export function formatEnum(enumName: string, v: unknown): string | undefined {
  const e = ENUMS[enumName];
  if (v === undefined || v === null) return undefined;
  if (!e) return typeof v === 'string' ? `${enumName}.${v}` : undefined;
  if (typeof v === 'number') {
    const name = e[v];
    return typeof name === 'string' ? `${enumName}.${name}` : undefined;
  }
  if (typeof v === 'string') {
    const key = Object.keys(e).find((k) => e[k] === v);
    if (key) return `${enumName}.${key}`;
    if (v in e) return `${enumName}.${v}`;
  }
  return undefined;
}

/** Font weights: enum members as `FontWeight.X`, numeric weights as their number in a string. */
function formatWeight(v: unknown): string | undefined {
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string' && /^\d+$/.test(v)) return v;
  return formatEnum('FontWeight', v);
}

const bool = (v: unknown) => (typeof v === 'boolean' ? v : undefined);
const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : undefined);
const str = (v: unknown) => (typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined);

/** Padding / margin: one length when all sides are equal, else a JSON string of the four sides. */
function formatEdges(v: unknown): string | undefined {
  if (v === undefined) return undefined;
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    const o = v as Record<string, unknown>;
    const side = (...ks: string[]) => { for (const k of ks) { const s = formatLength(lengthOf(o[k])); if (s) return s; } return '0.00vp'; };
    const sides = { top: side('top'), right: side('right', 'end'), bottom: side('bottom'), left: side('left', 'start') };
    if (sides.top === sides.right && sides.top === sides.bottom && sides.top === sides.left) return sides.top;
    return JSON.stringify(sides);
  }
  return formatLength(lengthOf(v));
}

/** LengthMetrics objects (`{value, unit}`) as plain lengths. */
function lengthOf(v: unknown): unknown {
  if (v && typeof v === 'object' && 'value' in v && 'unit' in v) {
    const m = v as { value: unknown; unit: unknown };
    const unit = ['px', 'vp', 'fp', '%', 'lpx'][Number(m.unit)] ?? 'vp';
    return typeof m.value === 'number' ? `${unit === '%' ? m.value * 100 : m.value}${unit}` : undefined;
  }
  return v;
}

/** The first create() argument's field, or the attribute of the same name (many options are both). */
function optionOr(node: UINode, r: AttributeReader, field: string, attr = field): unknown {
  const a = r.attr(node, attr);
  if (a !== undefined) return a;
  return r.option(node, field);
}

function commonAttrs(node: UINode, r: AttributeReader): Attrs {
  const out: Attrs = {};
  const a = (name: string, i = 0) => r.attr(node, name, i);
  const size = a('size') as Record<string, unknown> | undefined;
  const width = formatLength(lengthOf(a('width') ?? (size && typeof size === 'object' ? size.width : undefined)));
  const height = formatLength(lengthOf(a('height') ?? (size && typeof size === 'object' ? size.height : undefined)));
  if (width) out.width = width;
  if (height) out.height = height;
  out.size = { ...(width ? { width } : {}), ...(height ? { height } : {}) };
  out.padding = formatEdges(a('padding')) ?? '0.00vp';
  out.margin = formatEdges(a('margin')) ?? '0.00vp';
  const cs = a('constraintSize') as Record<string, unknown> | undefined;
  out.constraintSize = JSON.stringify({
    minWidth: formatLength(cs?.minWidth) ?? '0.00vp', minHeight: formatLength(cs?.minHeight) ?? '0.00vp',
    maxWidth: formatLength(cs?.maxWidth) ?? 'Infinityvp', maxHeight: formatLength(cs?.maxHeight) ?? 'Infinityvp',
  });
  out.visibility = formatEnum('Visibility', a('visibility')) ?? 'Visibility.Visible';
  out.enabled = bool(a('enabled')) ?? true;
  out.opacity = num(a('opacity')) ?? 1;
  out.zIndex = num(a('zIndex')) ?? 0;
  out.backgroundColor = formatColor(a('backgroundColor')) ?? '#00000000';
  out.align = formatEnum('Alignment', a('align')) ?? 'Alignment.Center';
  out.alignSelf = formatEnum('ItemAlign', a('alignSelf')) ?? 'ItemAlign.Auto';
  out.flexGrow = num(a('flexGrow')) ?? 0;
  out.flexShrink = num(a('flexShrink')) ?? 1;
  out.flexBasis = formatLength(a('flexBasis')) ?? 'auto';
  out.layoutWeight = num(a('layoutWeight')) ?? 0;
  out.displayPriority = num(a('displayPriority')) ?? 1;
  out.direction = formatEnum('Direction', a('direction')) ?? 'Direction.Auto';
  const border = a('border') as Record<string, unknown> | undefined;
  const b = border && typeof border === 'object' ? border : {};
  out.borderWidth = formatEdges(a('borderWidth') ?? b.width) ?? '0.00vp';
  out.borderColor = formatColor(a('borderColor') ?? (b.color && typeof b.color === 'object' ? (b.color as Attrs).top : b.color)) ?? '#FF000000';
  const radius = a('borderRadius') ?? b.radius;
  if (radius && typeof radius === 'object' && !Array.isArray(radius)) {
    const o = radius as Attrs;
    out.borderRadius = { topLeft: formatLength(o.topLeft) ?? '0.00vp', topRight: formatLength(o.topRight) ?? '0.00vp',
      bottomLeft: formatLength(o.bottomLeft) ?? '0.00vp', bottomRight: formatLength(o.bottomRight) ?? '0.00vp' };
  } else out.borderRadius = formatLength(radius) ?? '0.00vp';
  out.borderStyle = formatEnum('BorderStyle', a('borderStyle') ?? b.style) ?? 'BorderStyle.Solid';
  const offset = a('offset') as Attrs | undefined;
  out.offset = { x: formatLength(offset?.x) ?? '0.00vp', y: formatLength(offset?.y) ?? '0.00vp' };
  const position = a('position') as Attrs | undefined;
  if (position && typeof position === 'object') out.position = { x: formatLength(position.x) ?? '0.00vp', y: formatLength(position.y) ?? '0.00vp' };
  const markAnchor = a('markAnchor') as Attrs | undefined;
  if (markAnchor && typeof markAnchor === 'object') out.markAnchor = { x: formatLength(markAnchor.x) ?? '0.00vp', y: formatLength(markAnchor.y) ?? '0.00vp' };
  const rotate = a('rotate') as Attrs | undefined;
  if (rotate && typeof rotate === 'object') {
    out.rotate = { x: str(rotate.x ?? 0), y: str(rotate.y ?? 0), z: str(rotate.z ?? 0), angle: str(rotate.angle ?? 0),
      centerX: formatLength(rotate.centerX) ?? '50.00%', centerY: formatLength(rotate.centerY) ?? '50.00%' };
  }
  const scale = a('scale') as Attrs | undefined;
  if (scale && typeof scale === 'object') {
    out.scale = { x: str(scale.x ?? 1), y: str(scale.y ?? 1), z: str(scale.z ?? 1),
      centerX: formatLength(scale.centerX) ?? '50.00%', centerY: formatLength(scale.centerY) ?? '50.00%' };
  }
  const translate = a('translate') as Attrs | undefined;
  if (translate && typeof translate === 'object') {
    out.translate = { x: formatLength(translate.x) ?? '0.00vp', y: formatLength(translate.y) ?? '0.00vp', z: formatLength(translate.z) ?? '0.00vp' };
  }
  const id = r.str(a('id')) ?? r.str(a('key'));
  out.id = id ?? '';
  out.focusable = bool(a('focusable')) ?? FOCUSABLE.has(node.type);
  out.defaultFocus = bool(a('defaultFocus')) ?? false;
  out.focusOnTouch = bool(a('focusOnTouch')) ?? false;
  out.hitTestBehavior = formatEnum('HitTestMode', a('hitTestBehavior')) ?? 'HitTestMode.Default';
  out.touchable = bool(a('touchable')) ?? true;
  // responseRegion: one JSON string per region (the whole component by default), lengths with their units.
  const regions = a('responseRegion');
  const region = (o: Record<string, unknown> | undefined) => JSON.stringify({
    x: formatLength(o?.x ?? 0) ?? '0.00vp', y: formatLength(o?.y ?? 0) ?? '0.00vp',
    width: formatLength(o?.width ?? '100%') ?? '100.00%', height: formatLength(o?.height ?? '100%') ?? '100.00%',
  });
  out.responseRegion = (Array.isArray(regions) ? regions : [regions]).map((o) => region(o && typeof o === 'object' ? o as Record<string, unknown> : undefined));
  if (a('aspectRatio') !== undefined) out.aspectRatio = num(a('aspectRatio'));
  if (a('clip') !== undefined) out.clip = String(bool(a('clip')) ?? false);
  return out;
}

/** Focusable by default (framework/focus.ts): interactive components, and the containers that are focus scopes. */
const FOCUSABLE = new Set(['Button', 'TextInput', 'TextArea', 'Search', 'Toggle', 'Checkbox', 'CheckboxGroup', 'Radio', 'Slider', 'Select', 'Rating',
  'TextPicker', 'TimePicker', 'Web', 'Column', 'Row', 'Stack', 'Flex', 'Grid', 'GridItem', 'List', 'ListItem', 'Scroll', 'Swiper', 'Tabs', 'Menu',
  'MenuItem', 'DatePicker', 'AlphabetIndexer', 'Stepper', 'StepperItem']);

/** Text-like components' font attributes (Text, Span, Button, TextInput …): `fontSize` defaults to `fontSizeDefault`. */
function fontAttrs(node: UINode, r: AttributeReader, out: Attrs, fontSizeDefault: string, colorDefault: string): void {
  const a = (name: string) => r.attr(node, name);
  const font = a('font') as Attrs | undefined;
  out.fontSize = formatLength(lengthOf(a('fontSize') ?? font?.size), 'fp') ?? fontSizeDefault;
  out.fontColor = formatColor(a('fontColor')) ?? colorDefault;
  out.fontWeight = formatWeight(a('fontWeight') ?? font?.weight) ?? 'FontWeight.Normal';
  out.fontStyle = formatEnum('FontStyle', a('fontStyle') ?? font?.style) ?? 'FontStyle.Normal';
  out.fontFamily = str(a('fontFamily') ?? font?.family) ?? 'HarmonyOS Sans';
}

function textAttrs(node: UINode, r: AttributeReader, out: Attrs): void {
  const a = (name: string) => r.attr(node, name);
  const spans = node.children.filter((c) => c.type === 'Span');
  const content = r.str(r.arg(node));
  out.content = content ?? spans.map((s) => r.str(r.arg(s)) ?? '').join('');
  fontAttrs(node, r, out, '16.00fp', '#E5000000');
  out.textAlign = formatEnum('TextAlign', a('textAlign')) ?? 'TextAlign.Start';
  const overflow = a('textOverflow') as Attrs | undefined;
  out.textOverflow = formatEnum('TextOverflow', overflow && typeof overflow === 'object' ? overflow.overflow : overflow) ?? 'TextOverflow.Clip';
  out.maxLines = num(a('maxLines')) !== undefined ? String(num(a('maxLines'))) : 'Infinity';
  out.lineHeight = formatLength(a('lineHeight'), 'fp') ?? '0.00vp';
  out.letterSpacing = formatLength(a('letterSpacing'), 'fp') ?? '0.00fp';
  out.baselineOffset = formatLength(a('baselineOffset')) ?? '0.00vp';
  out.textCase = formatEnum('TextCase', a('textCase')) ?? 'TextCase.Normal';
  const dec = a('decoration') as Attrs | undefined;
  out.decoration = JSON.stringify({
    type: formatEnum('TextDecorationType', dec?.type) ?? 'TextDecorationType.None',
    color: formatColor(dec?.color) ?? '#FF000000',
    style: typeof dec?.style === 'string' ? `TextDecorationStyle.${dec.style}` : 'TextDecorationStyle.SOLID',
  });
  out.copyOption = typeof a('copyOption') === 'string' ? `CopyOptions.${a('copyOption')}` : 'CopyOptions.None';
  if (a('minFontSize') !== undefined) out.minFontSize = formatLength(a('minFontSize'), 'fp');
  if (a('maxFontSize') !== undefined) out.maxFontSize = formatLength(a('maxFontSize'), 'fp');
}

function inputAttrs(node: UINode, r: AttributeReader, out: Attrs): void {
  const a = (name: string) => r.attr(node, name);
  out.text = r.str(r.option(node, node.type === 'Search' ? 'value' : 'text')) ?? '';
  if (node.type === 'Search') out.value = out.text;
  out.placeholder = r.str(r.option(node, 'placeholder')) ?? '';
  fontAttrs(node, r, out, '16.00fp', '#E5000000');
  out.placeholderColor = formatColor(a('placeholderColor')) ?? '#99000000';
  out.caretColor = formatColor(a('caretColor')) ?? '#FF007DFF';
  out.textAlign = formatEnum('TextAlign', a('textAlign')) ?? 'TextAlign.Start';
  if (node.type !== 'Search') out.type = formatEnum('InputType', a('type')) ?? 'InputType.Normal';
  out.enterKeyType = formatEnum('EnterKeyType', a('enterKeyType')) ?? (node.type === 'Search' ? 'EnterKeyType.Search' : 'EnterKeyType.Done');
  if (num(a('maxLength')) !== undefined) out.maxLength = String(num(a('maxLength')));
  out.showPasswordIcon = bool(a('showPasswordIcon')) ?? true;
  out.copyOption = typeof a('copyOption') === 'string' ? `CopyOptions.${a('copyOption')}` : 'CopyOptions.LocalDevice';
}

/** Per component: what its pattern / layout / paint properties add. */
const COMPONENT_ATTRS: Record<string, (node: UINode, r: AttributeReader, out: Attrs) => void> = {
  Text: textAttrs,
  Span(node, r, out) {
    out.content = r.str(r.arg(node)) ?? '';
    fontAttrs(node, r, out, '16.00fp', '#E5000000');
    const dec = r.attr(node, 'decoration') as Attrs | undefined;
    out.decoration = JSON.stringify({ type: formatEnum('TextDecorationType', dec?.type) ?? 'TextDecorationType.None', color: formatColor(dec?.color) ?? '#FF000000' });
  },
  Button(node, r, out) {
    out.label = r.str(r.arg(node)) ?? '';
    const type = optionOr(node, r, 'type');
    out.type = formatEnum('ButtonType', type) ?? 'ButtonType.Capsule';
    out.stateEffect = bool(optionOr(node, r, 'stateEffect')) ?? true;
    fontAttrs(node, r, out, '16.00fp', '#FFFFFFFF');
    out.fontWeight = formatWeight(r.attr(node, 'fontWeight')) ?? 'FontWeight.Medium';
    if (r.attr(node, 'backgroundColor') === undefined) out.backgroundColor = '#FF007DFF';
  },
  TextInput: inputAttrs,
  TextArea: inputAttrs,
  Search: inputAttrs,
  Column(node, r, out) {
    out.space = formatLength(r.option(node, 'space')) ?? '0.00vp';
    out.alignItems = formatEnum('HorizontalAlign', r.attr(node, 'alignItems')) ?? 'HorizontalAlign.Center';
    out.justifyContent = formatEnum('FlexAlign', r.attr(node, 'justifyContent')) ?? 'FlexAlign.Start';
  },
  Row(node, r, out) {
    out.space = formatLength(r.option(node, 'space')) ?? '0.00vp';
    out.alignItems = formatEnum('VerticalAlign', r.attr(node, 'alignItems')) ?? 'VerticalAlign.Center';
    out.justifyContent = formatEnum('FlexAlign', r.attr(node, 'justifyContent')) ?? 'FlexAlign.Start';
  },
  Stack(node, r, out) {
    out.alignContent = out.align = formatEnum('Alignment', stackAlignment(node, r)) ?? 'Alignment.Center';
  },
  Flex(node, r, out) {
    const o = (k: string) => r.option(node, k);
    // Flex's create() options, under the platform's name, as an object (FlexLayoutProperty puts a JSON object).
    const key: string = 'constructor';
    out[key] = ({
      direction: formatEnum('FlexDirection', o('direction')) ?? 'FlexDirection.Row',
      wrap: formatEnum('FlexWrap', o('wrap')) ?? 'FlexWrap.NoWrap',
      justifyContent: formatEnum('FlexAlign', o('justifyContent')) ?? 'FlexAlign.Start',
      alignItems: formatEnum('ItemAlign', o('alignItems')) ?? 'ItemAlign.Start',
      alignContent: formatEnum('FlexAlign', o('alignContent')) ?? 'FlexAlign.Start',
    });
  },
  Image(node, r, out) {
    const src = r.arg(node);
    out.src = typeof src === 'string' ? src : src && typeof src === 'object' && 'params' in (src as Attrs) ? String(((src as Attrs).params as unknown[])?.[0] ?? '') : '';
    out.objectFit = formatEnum('ImageFit', r.attr(node, 'objectFit')) ?? 'ImageFit.Cover';
    out.alt = r.str(r.attr(node, 'alt')) ?? '';
    out.fillColor = formatColor(r.attr(node, 'fillColor')) ?? '#FF000000';
  },
  Toggle(node, r, out) {
    out.type = formatEnum('ToggleType', r.option(node, 'type')) ?? 'ToggleType.Switch';
    const on = r.option(node, 'isOn');
    const isOn = on && typeof on === 'object' && 'value' in (on as Attrs) ? (on as Attrs).value : on;
    out.isOn = String(bool(isOn) ?? false);
    out.selectedColor = formatColor(r.attr(node, 'selectedColor')) ?? '#FF007DFF';
    if (r.attr(node, 'switchPointColor') !== undefined) out.switchPointColor = formatColor(r.attr(node, 'switchPointColor'));
  },
  Checkbox(node, r, out) {
    out.name = r.str(r.option(node, 'name')) ?? '';
    out.group = r.str(r.option(node, 'group')) ?? '';
    const sel = r.attr(node, 'select');
    out.select = String(bool(sel && typeof sel === 'object' && 'value' in (sel as Attrs) ? (sel as Attrs).value : sel) ?? false);
    out.selectedColor = formatColor(r.attr(node, 'selectedColor')) ?? '#FF007DFF';
  },
  Radio(node, r, out) {
    out.value = r.str(r.option(node, 'value')) ?? '';
    out.group = r.str(r.option(node, 'group')) ?? '';
    const c = r.attr(node, 'checked');
    out.checked = String(bool(c && typeof c === 'object' && 'value' in (c as Attrs) ? (c as Attrs).value : c) ?? false);
  },
  Slider(node, r, out) {
    const o = (k: string, d: number) => num(r.option(node, k)) ?? d;
    out.value = o('value', 0).toFixed(6);
    out.min = o('min', 0).toFixed(6);
    out.max = o('max', 100).toFixed(6);
    out.step = o('step', 1).toFixed(6);
    out.reverse = String(bool(r.option(node, 'reverse')) ?? false);
    out.direction = formatEnum('Axis', r.option(node, 'direction')) ?? 'Axis.Horizontal';
  },
  Progress(node, r, out) {
    out.value = (num(r.option(node, 'value')) ?? 0).toFixed(6);
    out.total = (num(r.option(node, 'total')) ?? 100).toFixed(6);
    out.type = formatEnum('ProgressType', r.option(node, 'type') ?? r.option(node, 'style')) ?? 'ProgressType.Linear';
    out.color = formatColor(r.attr(node, 'color')) ?? '#FF007DFF';
  },
  List(node, r, out) {
    out.space = formatLength(r.option(node, 'space')) ?? '0.00vp';
    out.initialIndex = String(num(r.option(node, 'initialIndex')) ?? 0);
    out.listDirection = formatEnum('Axis', r.attr(node, 'listDirection')) ?? 'Axis.Vertical';
    out.editMode = bool(r.attr(node, 'editMode')) ?? false;
    out.chainAnimation = bool(r.attr(node, 'chainAnimation')) ?? false;
    out.edgeEffect = formatEnum('EdgeEffect', r.attr(node, 'edgeEffect')) ?? 'EdgeEffect.Spring';
    out.lanes = String(num(r.attr(node, 'lanes')) ?? 1);
  },
  Scroll(node, r, out) {
    out.scrollable = formatEnum('ScrollDirection', r.attr(node, 'scrollable')) ?? 'ScrollDirection.Vertical';
    out.edgeEffect = formatEnum('EdgeEffect', r.attr(node, 'edgeEffect')) ?? 'EdgeEffect.None';
    out.scrollBar = formatEnum('BarState', r.attr(node, 'scrollBar')) ?? 'BarState.Auto';
  },
  Tabs(node, r, out) {
    out.index = String(num(optionOr(node, r, 'index')) ?? 0);
    out.vertical = String(bool(r.attr(node, 'vertical')) ?? false);
    out.barPosition = formatEnum('BarPosition', optionOr(node, r, 'barPosition')) ?? 'BarPosition.Start';
    out.scrollable = bool(r.attr(node, 'scrollable')) ?? true;
    out.barMode = formatEnum('BarMode', r.attr(node, 'barMode')) ?? 'BarMode.Fixed';
    out.barWidth = formatLength(r.attr(node, 'barWidth')) ?? '0.00vp';
    out.barHeight = formatLength(r.attr(node, 'barHeight')) ?? '0.00vp';
    out.animationDuration = num(r.attr(node, 'animationDuration')) ?? 300;
  },
  Swiper(node, r, out) {
    const a = (k: string) => r.attr(node, k);
    out.index = String(num(a('index')) ?? 0);
    out.autoPlay = String(bool(a('autoPlay')) ?? false);
    out.interval = String(num(a('interval')) ?? 3000);
    out.indicator = String(a('indicator') === false ? 'false' : 'true');
    out.loop = String(bool(a('loop')) ?? true);
    out.duration = String(num(a('duration')) ?? 400);
    out.vertical = String(bool(a('vertical')) ?? false);
    out.itemSpace = formatLength(a('itemSpace')) ?? '0.00vp';
    out.displayCount = num(a('displayCount')) ?? 1;
    out.prevMargin = formatLength(a('prevMargin')) ?? '0.00vp';
    out.nextMargin = formatLength(a('nextMargin')) ?? '0.00vp';
  },
  Divider(node, r, out) {
    out.vertical = bool(r.attr(node, 'vertical')) ?? false;
    out.color = formatColor(r.attr(node, 'color')) ?? '#33182431';
    out.strokeWidth = formatLength(r.attr(node, 'strokeWidth')) ?? '1.00px';
    out.lineCap = 'LineCapStyle.Butt';
  },
  Blank(node, r, out) {
    out.min = formatLength(r.arg(node)) ?? '0.00vp';
    out.color = formatColor(r.attr(node, 'color')) ?? '#00000000';
  },
  Select(node, r, out) {
    out.value = r.str(r.attr(node, 'value')) ?? '';
    out.selected = String(num(r.attr(node, 'selected')) ?? -1);
    out.options = JSON.stringify((Array.isArray(r.arg(node)) ? r.arg(node) as Attrs[] : []).map((o) => ({ value: str(r.resolve(o.value)) ?? '', icon: str(r.resolve(o.icon)) ?? '' })));
  },
  LoadingProgress(node, r, out) {
    out.color = formatColor(r.attr(node, 'color')) ?? '#99666666';
    out.enableLoading = bool(r.attr(node, 'enableLoading')) ?? true;
  },
  Rating(node, r, out) {
    out.rating = num(r.option(node, 'rating')) ?? 0;
    out.indicator = String(bool(r.option(node, 'indicator')) ?? false);
    out.stars = String(num(r.attr(node, 'stars')) ?? 5);
    out.stepSize = String(num(r.attr(node, 'stepSize')) ?? 0.5);
  },
  Badge(node, r, out) {
    out.count = String(num(r.option(node, 'count')) ?? 0);
    out.maxCount = String(num(r.option(node, 'maxCount')) ?? 99);
    if (r.option(node, 'value') !== undefined) out.value = r.str(r.option(node, 'value'));
  },
  Navigation(node, r, out) {
    const title = r.attr(node, 'title');
    out.title = typeof title === 'string' ? title : '';
    out.hideTitleBar = bool(r.attr(node, 'hideTitleBar')) ?? false;
    out.hideBackButton = bool(r.attr(node, 'hideBackButton')) ?? false;
    out.hideToolBar = bool(r.attr(node, 'hideToolBar')) ?? false;
    out.titleMode = formatEnum('NavigationTitleMode', r.attr(node, 'titleMode')) ?? 'NavigationTitleMode.Free';
    out.mode = formatEnum('NavigationMode', r.attr(node, 'mode')) ?? 'NavigationMode.Auto';
  },
  ...CHOICE_CONTAINER_ATTRS,
  Grid(node, r, out) {
    out.columnsTemplate = r.str(r.attr(node, 'columnsTemplate')) ?? '';
    out.rowsTemplate = r.str(r.attr(node, 'rowsTemplate')) ?? '';
    out.columnsGap = formatLength(r.attr(node, 'columnsGap')) ?? '0.00vp';
    out.rowsGap = formatLength(r.attr(node, 'rowsGap')) ?? '0.00vp';
  },
};

/** The `$attrs` object of `node`. */
export function inspectorAttrs(node: UINode, r: AttributeReader, _ctx: AttrContext): Attrs {
  const out = commonAttrs(node, r);
  COMPONENT_ATTRS[node.type]?.(node, r, out);
  return out;
}
