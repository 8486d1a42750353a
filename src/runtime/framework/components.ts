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

/** ArkUI enums without values in the shared enum table: installed as name-valued placeholders. */
export const EXTRA_ENUM_NAMES: readonly string[] = [
  'CheckBoxShape', 'PanelMode', 'PanelType', 'SheetSize', 'SheetType', 'ModalTransition', 'SideBarContainerType', 'SideBarPosition',
  'XComponentType', 'PlayMode', 'NavigationType', 'DialogAlignment', 'RouteType', 'SlideEffect', 'TransitionType', 'ListItemStyle',
  'ScrollAlign', 'SwipeEdgeEffect', 'IndexerAlign', 'CopyOptions', 'TextInputStyle', 'TextContentStyle', 'LineBreakStrategy',
  'WordBreak', 'EllipsisMode', 'TextHeightAdaptivePolicy', 'HitTestMode', 'ResponseType', 'GestureMode', 'GestureMask', 'PanDirection',
  'SwipeDirection', 'KeySource', 'MouseButton', 'MouseAction', 'ShadowStyle', 'ShadowType', 'BlurStyle', 'ThemeColorMode',
  'AdaptiveColor', 'ImageRepeat', 'ImageSize', 'ImageRenderMode', 'ImageInterpolation', 'GradientDirection', 'SafeAreaType',
  'SafeAreaEdge', 'RenderFit', 'FocusPriority', 'ChainStyle', 'ChainEdgeEffect', 'MenuPreviewMode', 'Placement', 'ArrowPointPosition',
  'BadgePosition', 'DataPanelType', 'LoadingProgressStyle', 'MarqueeUpdateStrategy', 'NestedScrollMode', 'RefreshStatus',
  'SliderStyle', 'SliderChangeMode', 'SliderBlockType', 'TimePickerFormat', 'DatePickerMode', 'ToolbarItemStatus', 'TitleHeight',
  'NavDestinationMode', 'NavBarPosition', 'LaunchMode', 'SwiperDisplayMode', 'SwiperNestedScrollMode', 'EditMode', 'GridDirection',
  'GridItemAlignment', 'ListItemAlign', 'ListItemGroupStyle', 'FlexSpaceOptions', 'MenuType', 'MenuPolicy', 'DismissReason',
  'CancelButtonStyle', 'SearchType', 'TextDataDetectorType', 'TextSpanType', 'TextResponseType', 'RichEditorSpanType',
  'EnterKeyType', 'HoverEffect', 'Edge', 'RelateType', 'AnimationStatus', 'FillMode', 'FinishCallbackType', 'SharedTransitionEffectType',
  'TransitionEdge', 'TransitionHierarchyStrategy', 'EffectType', 'SymbolRenderingStrategy', 'SymbolEffectStrategy', 'ParticleType',
  'IlluminatedType', 'ClickEffectLevel', 'DragBehavior', 'DragResult', 'PreDragStatus', 'OutlineStyle', 'LineCapStyle', 'LineJoinStyle',
  'ColoringStrategy', 'TextSelectableMode', 'FoldStatus', 'AppRotation', 'WaterFlowLayoutMode', 'ScrollSizeMode', 'ScrollSnapAlign',
  'ContentClipMode', 'AccessibilityHoverType', 'BarrierDirection', 'LocalizedBarrierDirection', 'ModifierKey', 'FunctionKey', 'FontStyle',
  'ImageAnalyzerType', 'KeyboardAvoidMode', 'LayoutSafeAreaType', 'LayoutSafeAreaEdge', 'SourceType', 'SourceTool',
  'BreakpointsReference', 'GridRowDirection', 'GridItemStyle', 'ListItemGroupArea', 'ScrollState', 'ScrollSource', 'TextAreaType',
  'ImageSpanAlignment', 'TextDeleteDirection', 'MarqueeStartPolicy', 'NavRouteMode', 'ToolbarItemStatus', 'BlurStyleActivePolicy', 'ProgressStatus', 'RepeatMode', 'DragPreviewMode', 'LayoutStyle', 'FormDimension', 'BlendMode', 'BlendApplyType', 'ButtonStyleMode', 'RichEditorResponseType', 'ControlSize', 'ButtonRole', 'SliderInteraction',
  'ArrowPosition', 'ItemState', 'SelectedMode', 'Sticky', 'DataOperationType', 'ScrollBarDirection',
];

/** Components that take no children (the reference's `atomic` component configs). */
export const ATOMIC_COMPONENTS: readonly string[] = [
  'AbilityComponent', 'AlphabetIndexer', 'Animator', 'ArcAlphabetIndexer', 'Blank', 'CalendarPicker', 'Camera', 'Circle',
  'Component3D', 'ContentSlot', 'Divider', 'Ellipse', 'EmbeddedComponent', 'FormComponent', 'GeometryView', 'Image',
  'ImageAnimator', 'ImageSpan', 'IndicatorComponent', 'Line', 'LoadingProgress', 'LocationButton', 'Marquee', 'MediaCachedImage',
  'NodeContainer', 'PageTransitionEnter', 'PageTransitionExit', 'Particle', 'PasteButton', 'Path', 'PatternLock', 'Polygon',
  'Polyline', 'Progress', 'Radio', 'Rect', 'RemoteWindow', 'RichEditor', 'RichText', 'SaveButton', 'Search', 'Slider', 'Span',
  'SymbolSpan', 'SymbolGlyph', 'TextArea', 'TextInput', 'UIExtensionComponent', 'Video', 'Web',
];
