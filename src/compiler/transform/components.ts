/**
 * Facts about the built-in ArkUI components that decide how a component call lowers: which ones are atomic (no
 * `X.pop()` after creation), which may only live inside a given parent, and which attributes take a @Builder.
 */
import etsOptions from '../ets-options.json' with { type: 'json' };

/** Every built-in component the parser knows (the `ets.components` option). */
export const BUILTIN_COMPONENTS: ReadonlySet<string> = new Set((etsOptions as { components: string[] }).components);

/** Leaf components: created, never popped. */
const ATOMIC = new Set([
  'AbilityComponent', 'AlphabetIndexer', 'Animator', 'ArcAlphabetIndexer', 'CalendarPicker', 'Camera', 'Circle',
  'Component3D', 'ContentSlot', 'Divider', 'Ellipse', 'EmbeddedComponent', 'FormComponent', 'GeometryView', 'Image',
  'ImageAnimator', 'ImageSpan', 'IndicatorComponent', 'Line', 'LoadingProgress', 'LocationButton', 'Marquee',
  'MediaCachedImage', 'NodeContainer', 'PageTransitionEnter', 'PageTransitionExit', 'Particle', 'PasteButton', 'Path',
  'PatternLock', 'Polygon', 'Polyline', 'Progress', 'Radio', 'Rect', 'RemoteWindow', 'RichEditor', 'RichText',
  'SaveButton', 'Slider', 'Span', 'SymbolGlyph', 'SymbolSpan', 'TextArea', 'TextInput', 'UIExtensionComponent', 'Video',
  'Web',
]);

/** Blank and Search are leaves too, but the framework expects their pop. */
const LEAF_WITH_POP = new Set(['Blank', 'Search']);

export function needsPop(name: string): boolean {
  return !ATOMIC.has(name);
}

export function isAtomic(name: string): boolean {
  return ATOMIC.has(name) || LEAF_WITH_POP.has(name);
}

/** Components that only make sense inside particular parents (a user error elsewhere). */
export const REQUIRED_PARENTS: ReadonlyMap<string, readonly string[]> = new Map([
  ['ListItem', ['List', 'ListItemGroup']],
  ['ListItemGroup', ['List']],
  ['GridItem', ['Grid']],
  ['TabContent', ['Tabs', 'HdsTabs']],
  ['FlowItem', ['WaterFlow']],
  ['GridCol', ['GridRow']],
  ['StepperItem', ['Stepper']],
  ['ArcListItem', ['ArcList']],
  ['Span', ['Text', 'RichEditor', 'ContainerSpan']],
  ['ImageSpan', ['Text', 'ContainerSpan']],
  ['SymbolSpan', ['Text']],
  ['ContainerSpan', ['Text']],
]);

/** Attributes whose argument is UI (a @Builder reference or a closure building components). */
export const BUILDER_ATTRIBUTES: ReadonlySet<string> = new Set([
  'background', 'bindPopup', 'bindMenu', 'bindContextMenu', 'title', 'menus', 'toolBar', 'tabBar', 'toolbar',
  'swipeAction', 'bindContentCover', 'bindSheet', 'navDestination', 'overlay', 'customKeyboard', 'bindSelectionMenu',
  'dragPreview', 'header', 'footer',
]);

/**
 * The parameter a trailing closure is passed in when the caller could not see the component's declaration (a
 * component from a package hmos could not read): a component with exactly one @BuilderParam takes it from there.
 */
export const TRAILING_CLOSURE = '__hmosTrailingClosure';
