/** Built-in component names (the reference compiler's list plus a few common extras): each becomes a global of the
 *  app realm with create/createWithLabel/createWithChild/pop and any attribute method. */
export const BUILTIN_COMPONENTS: readonly string[] = [
  'AbilityComponent', 'AlphabetIndexer', 'AnalogClock', 'Animator', 'ArcAlphabetIndexer', 'ArcButton', 'ArcList',
  'ArcListItem', 'ArcScrollBar', 'ArcSwiper', 'Badge', 'Blank', 'Button', 'Calendar', 'CalendarPicker', 'Camera',
  'Canvas', 'Checkbox', 'CheckboxGroup', 'Chip', 'Circle', 'ColorPicker', 'ColorPickerDialog', 'Column',
  'ColumnSplit', 'Component3D', 'ComposeListItem', 'ContainerReader', 'ContainerSpan', 'ContentSlot', 'Counter',
  'DataPanel', 'DatePicker', 'Dialog', 'DistortionComponent', 'Divider', 'DynamicLayout', 'EffectComponent',
  'Ellipse', 'EmbeddedComponent', 'Filter', 'Flex', 'FlowItem', 'FolderStack', 'FormComponent', 'FormLink', 'Gauge',
  'GeometryView', 'Grid', 'GridCol', 'GridContainer', 'GridItem', 'GridRow', 'Hyperlink', 'Image', 'ImageAnimator',
  'ImageSpan', 'IndicatorComponent', 'IsolatedComponent', 'LazyColumnLayout', 'LazyDynamicLayout', 'LazyVGridLayout',
  'LazyVWaterFlowLayout', 'Line', 'List', 'ListItem', 'ListItemGroup', 'LoadingProgress', 'LocationButton',
  'Marquee', 'MediaCachedImage', 'Menu', 'MenuItem', 'MenuItemGroup', 'MovingPhotoView', 'NavDestination',
  'NavRouter', 'Navigation', 'Navigator', 'NodeContainer', 'PageTransition', 'PageTransitionEnter',
  'PageTransitionExit', 'Panel', 'Particle', 'PasteButton', 'Path', 'PatternLock', 'Piece', 'PlatformView',
  'PluginComponent', 'Polygon', 'Polyline', 'Popup', 'Progress', 'QRCode', 'Radio', 'Rating', 'Rect', 'Refresh',
  'RelativeContainer', 'RemoteWindow', 'RichEditor', 'RichText', 'RootScene', 'Row', 'RowSplit', 'SaveButton',
  'Screen', 'Scroll', 'ScrollBar', 'Search', 'Section', 'SegmentButton', 'Select', 'SelectionContainer', 'Shape',
  'Sheet', 'SideBarContainer', 'Slider', 'Span', 'Stack', 'Stepper', 'StepperItem', 'Swiper', 'SymbolGlyph',
  'SymbolSpan', 'TabContent', 'Tabs', 'Text', 'TextArea', 'TextClock', 'TextInput', 'TextPicker', 'TextTimer',
  'TimePicker', 'Toggle', 'ToolBarItem', 'Toolbar', 'UIExtensionComponent', 'UIPickerComponent',
  'UnionEffectContainer', 'Video', 'WaterFlow', 'Web', 'WindowScene', 'WithEnv', 'WithTheme', 'XComponent',
];
