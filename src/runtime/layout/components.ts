/**
 * What layout needs to know about each built-in component: which layout algorithm places its children, its
 * intrinsic size and default look (ArkUI's defaults where they are documented, sensible ones elsewhere), and
 * whether it takes focus.
 */
export type LayoutKind =
  | 'column' // Column, ListItem, TabContent, …: a yoga column
  | 'row'
  | 'flex'
  | 'scroll' // List, Scroll: a yoga column/row whose content scrolls and is clipped
  | 'stack' // Stack, Badge, Button with a child: overlay, aligned by alignContent
  | 'relative'
  | 'grid'
  | 'waterflow'
  | 'tabs'
  | 'swiper'
  | 'navigation' // Navigation, NavDestination: title bar + content
  | 'gridrow'
  | 'stepper' // Stepper, Panel, NavRouter: one state of several, with controls drawn as parts (choice-containers.ts)
  | 'panel'
  | 'navrouter'
  | 'text' // Text and every leaf that shows a string (Button label, TextInput…): measured by the text model
  | 'leaf'; // fixed intrinsic size

export type SizeValue = number | `${number}%`;

export interface ComponentSpec {
  kind: LayoutKind;
  width?: SizeValue;
  height?: SizeValue;
  minHeight?: number;
  /** [vertical, horizontal] default padding. */
  padding?: [number, number];
  fontSize?: number;
  fontColor?: string;
  backgroundColor?: string;
  borderRadius?: number;
  borderWidth?: number;
  borderColor?: string;
  /** Default cross-axis alignment of children (column/row/scroll). */
  align?: 'start' | 'center' | 'end' | 'stretch';
  flexGrow?: number;
  focusable?: boolean;
  clip?: boolean;
}

// ArkUI's text field background (sys.color.ohos_id_color_text_field_bg): translucent, so it shows on grey pages too.
const INPUT_BG = '#0d182431';
const PRIMARY = '#ff007dff';

const SPECS: Record<string, ComponentSpec> = {
  Column: { kind: 'column', align: 'center' },
  Row: { kind: 'row', align: 'center' },
  Flex: { kind: 'flex' },
  Stack: { kind: 'stack' },
  RelativeContainer: { kind: 'relative' },
  List: { kind: 'scroll', width: '100%', align: 'start', clip: true },
  ListItem: { kind: 'column', align: 'start' },
  ListItemGroup: { kind: 'column', width: '100%', align: 'start' },
  Scroll: { kind: 'scroll', width: '100%', align: 'center', clip: true },
  Refresh: { kind: 'column', width: '100%', align: 'center' },
  Grid: { kind: 'grid', width: '100%', clip: true },
  GridItem: { kind: 'column', align: 'center' },
  WaterFlow: { kind: 'waterflow', width: '100%', clip: true },
  FlowItem: { kind: 'column', align: 'center' },
  Tabs: { kind: 'tabs', width: '100%', height: '100%', clip: true },
  TabContent: { kind: 'column', width: '100%', height: '100%', align: 'center' },
  Swiper: { kind: 'swiper', width: '100%', clip: true },
  Navigation: { kind: 'navigation', width: '100%', height: '100%', clip: true },
  NavDestination: { kind: 'navigation', width: '100%', height: '100%', clip: true },
  GridRow: { kind: 'gridrow', width: '100%' },
  GridCol: { kind: 'column', align: 'start' },
  Badge: { kind: 'stack' },
  SideBarContainer: { kind: 'row', width: '100%', height: '100%', align: 'start' },
  ColumnSplit: { kind: 'column', width: '100%', align: 'start' },
  RowSplit: { kind: 'row', width: '100%', align: 'start' },
  FolderStack: { kind: 'stack' },
  // Overlays the runtime adds to its 'Root' node (promptAction / AlertDialog / CustomDialog, showToast).
  Dialog: { kind: 'column', width: '90%', align: 'center', padding: [24, 24], backgroundColor: '#ffffffff',
    borderRadius: 24 },
  Toast: { kind: 'column', align: 'center', padding: [8, 16], backgroundColor: '#fff1f3f5', borderRadius: 18 },
  // Overlays of bindSheet / bindContentCover / bindPopup / bindMenu (framework/overlays.ts).
  Sheet: { kind: 'column', width: '100%', align: 'center', padding: [16, 16], backgroundColor: '#ffffffff', borderRadius: 32 },
  ContentCover: { kind: 'column', width: '100%', height: '100%', align: 'center', backgroundColor: '#ffffffff' },
  Popup: { kind: 'column', align: 'center', padding: [12, 16], backgroundColor: '#ffffffff', borderRadius: 16 },
  MenuPopup: { kind: 'column', align: 'start', padding: [4, 4], backgroundColor: '#ffffffff', borderRadius: 16 },
  Overlay: { kind: 'stack' },
  // Menus (bindMenu builders): a column of items, an item a row of text 48 vp high.
  Menu: { kind: 'column', align: 'start', padding: [4, 4], backgroundColor: '#ffffffff', borderRadius: 16 },
  MenuItemGroup: { kind: 'column', width: '100%', align: 'start' },
  MenuItem: { kind: 'text', minHeight: 48, padding: [12, 12], fontSize: 16, focusable: true },
  // Wearable lists: laid out as List / ListItem (the arc is not drawn).
  ArcList: { kind: 'scroll', width: '100%', align: 'center', clip: true },
  ArcListItem: { kind: 'column', align: 'center' },
  // Navigator (a container that routes on click) and the security buttons (an icon and a text).
  Navigator: { kind: 'column', align: 'center' },
  SaveButton: { kind: 'text', minHeight: 40, padding: [0, 16], fontSize: 16, fontColor: '#ffffffff', backgroundColor: PRIMARY, borderRadius: 20, focusable: true },
  PasteButton: { kind: 'text', minHeight: 40, padding: [0, 16], fontSize: 16, fontColor: '#ffffffff', backgroundColor: PRIMARY, borderRadius: 20, focusable: true },
  LocationButton: { kind: 'text', minHeight: 40, padding: [0, 16], fontSize: 16, fontColor: '#ffffffff', backgroundColor: PRIMARY, borderRadius: 20, focusable: true },
  RichEditor: { kind: 'text', width: '100%', minHeight: 40, padding: [8, 16], fontSize: 16, backgroundColor: INPUT_BG, borderRadius: 8, focusable: true },
  Text: { kind: 'text', fontSize: 16 },
  Marquee: { kind: 'text', width: '100%', fontSize: 16 },
  Hyperlink: { kind: 'text', fontSize: 16, fontColor: PRIMARY, focusable: true },
  TextClock: { kind: 'text', fontSize: 16 },
  TextTimer: { kind: 'text', fontSize: 16 },
  SymbolGlyph: { kind: 'text', fontSize: 16 },
  Button: {
    kind: 'text', minHeight: 40, padding: [0, 16], fontSize: 16, fontColor: '#ffffffff', backgroundColor: PRIMARY,
    borderRadius: 20, focusable: true,
  },
  TextInput: {
    kind: 'text', width: '100%', minHeight: 40, padding: [8, 16], fontSize: 16, backgroundColor: INPUT_BG,
    borderRadius: 20, focusable: true,
  },
  TextArea: {
    kind: 'text', width: '100%', minHeight: 40, padding: [8, 16], fontSize: 16, backgroundColor: INPUT_BG,
    borderRadius: 8, focusable: true,
  },
  Search: {
    kind: 'text', width: '100%', minHeight: 40, padding: [8, 16], fontSize: 16, backgroundColor: INPUT_BG,
    borderRadius: 20, focusable: true,
  },
  Select: {
    kind: 'text', minHeight: 40, padding: [0, 16], fontSize: 16, backgroundColor: INPUT_BG, borderRadius: 20,
    focusable: true,
  },
  Image: { kind: 'leaf', width: 48, height: 48, backgroundColor: '#ffe0e0e0' },
  Divider: { kind: 'leaf', backgroundColor: '#33182431' },
  Blank: { kind: 'leaf', flexGrow: 1 },
  Toggle: { kind: 'leaf', width: 36, height: 20, focusable: true },
  Checkbox: { kind: 'leaf', width: 20, height: 20, borderWidth: 1, borderColor: '#ff182431', borderRadius: 2, focusable: true },
  CheckboxGroup: { kind: 'leaf', width: 20, height: 20, borderWidth: 1, borderColor: '#ff182431', borderRadius: 2, focusable: true },
  Radio: { kind: 'leaf', width: 20, height: 20, borderWidth: 1, borderColor: '#ff182431', borderRadius: 10, focusable: true },
  Slider: { kind: 'leaf', width: '100%', height: 40, focusable: true },
  Progress: { kind: 'leaf', width: '100%', height: 4, backgroundColor: '#19182431', borderRadius: 2 },
  LoadingProgress: { kind: 'leaf', width: 40, height: 40 },
  Rating: { kind: 'leaf', width: 120, height: 24, focusable: true },
  // No browser engine: a labelled box with the page's URL (layout.ts webUrl).
  Web: { kind: 'text', width: '100%', height: '100%', padding: [8, 12], fontSize: 14, fontColor: '#99182431', backgroundColor: '#ffffffff',
    borderWidth: 1, borderColor: '#33182431' },
  Video: { kind: 'leaf', width: '100%', height: 200, backgroundColor: '#ff000000' },
  Canvas: { kind: 'leaf', width: '100%', height: '100%' },
  XComponent: { kind: 'leaf', width: '100%', height: '100%' },
  QRCode: { kind: 'leaf', width: 160, height: 160 },
  DatePicker: { kind: 'leaf', width: '100%', height: 200 },
  TimePicker: { kind: 'leaf', width: '100%', height: 200 },
  TextPicker: { kind: 'leaf', width: '100%', height: 200 },
  Counter: { kind: 'leaf', width: 100, height: 32, borderWidth: 1, borderColor: '#33182431', borderRadius: 16 },
  AlphabetIndexer: { kind: 'leaf', width: 20, height: '100%' },
  PatternLock: { kind: 'leaf', width: 300, height: 300 },
  Gauge: { kind: 'leaf', width: 100, height: 100 },
  DataPanel: { kind: 'leaf', width: '100%', height: 100 },
  Circle: { kind: 'leaf' },
  Ellipse: { kind: 'leaf' },
  Rect: { kind: 'leaf' },
  Line: { kind: 'leaf' },
  Path: { kind: 'leaf' },
  Polygon: { kind: 'leaf' },
  Polyline: { kind: 'leaf' },
  Shape: { kind: 'stack' },
  // choice-containers.ts: a Stepper shows one StepperItem over its button bar; a Panel slides up from the bottom;
  // a NavRouter shows its first child (the Navigation shows its destination).
  Stepper: { kind: 'stepper', width: '100%', height: '100%' },
  StepperItem: { kind: 'column', width: '100%', height: '100%', align: 'center' },
  Panel: { kind: 'panel', width: '100%', height: '100%' },
  NavRouter: { kind: 'navrouter' },
  // GridContainer: a full-width column of the grid's items; ScrollBar: its thumb child at the top of its box.
  GridContainer: { kind: 'column', width: '100%', align: 'start' },
  ScrollBar: { kind: 'stack' },
  // RichText: the text of its HTML (layout.ts htmlText); ImageAnimator: an image box (framework/image-animator.ts
  // plays it on the device clock; its frames are not drawn);
  // WithTheme: a container that only themes what it holds.
  RichText: { kind: 'text', width: '100%', fontSize: 16 },
  ImageAnimator: { kind: 'leaf', width: 48, height: 48, backgroundColor: '#ffe0e0e0' },
  WithTheme: { kind: 'stack' },
  // NodeContainer: what its NodeController's makeNode returned (framework/node-container.ts).
  NodeContainer: { kind: 'stack' },
};

const DEFAULT_SPEC: ComponentSpec = { kind: 'stack' };
/** Components without children of their own that we know nothing about: a small box. */
const UNKNOWN_LEAF: ComponentSpec = { kind: 'leaf', width: 40, height: 40 };

export function componentSpec(type: string, hasChildren: boolean): ComponentSpec {
  const spec = SPECS[type];
  if (spec) {
    // `Button() { child }` (createWithChild) and Toggle({type: ToggleType.Button}) {…} are containers.
    if (hasChildren && (type === 'Button' || type === 'Toggle')) {
      return { ...spec, kind: 'stack', padding: undefined, minHeight: type === 'Button' ? undefined : spec.minHeight,
        width: undefined, height: undefined };
    }
    return spec;
  }
  return hasChildren ? DEFAULT_SPEC : UNKNOWN_LEAF;
}

/** Components whose children are text runs of the parent, not boxes of their own. */
export const INLINE_TYPES = new Set(['Span', 'ImageSpan', 'SymbolSpan', 'ContainerSpan']);

/** Whether layout knows this component (others are drawn as labelled placeholders and counted by preview). */
export function isKnownComponent(type: string): boolean {
  return type in SPECS || INLINE_TYPES.has(type) || type === 'Root';
}
