/**
 * The element tree the framework builds and every renderer reads. One node per built-in component instance
 * (`Text.create(...)` … `Text.pop()`); custom components (structs) are not nodes of their own — their built-in
 * children attach to the nearest built-in parent, as in ArkUI's render tree.
 *
 * Host code (layout, renderers, input, the inspector) reads a copy of the realm's tree (ui-snapshot.ts), never the
 * realm's own nodes: a field added here that host code reads must also be written by framework/snapshot.ts.
 */
export interface UINode {
  /** The framework element id (elmtId) that created this node. */
  elmtId: number;
  /** Component name: 'Column', 'Text', 'Button', … */
  type: string;
  /** Arguments of `X.create(...)` (raw: may hold ResourceRefs, objects, callbacks). */
  args: unknown[];
  /** Attribute name → arguments of the last call (`Text.fontSize(20)` → fontSize: [20]). Events are stored here too
   *  (`onClick: [fn]`). */
  attrs: Record<string, unknown[]>;
  children: UINode[];
  /** While attributes animate: their values at the moment last sampled (framework/animation.ts), read before attrs. */
  shown?: Record<string, unknown[]>;
  /** On its way out (an exit transition): drawn, not hit by input. */
  exiting?: boolean;
  /** NavRouter: its NavDestination is the one the Navigation around it shows (framework/container-components.ts);
   *  Navigation: one of its NavRouters is active. */
  active?: boolean;
  parent?: UINode;
  /** Filled by layout: position relative to the page, in vp. */
  layout?: { x: number; y: number; width: number; height: number };
  /** Scroll offset in vp for scrollable containers (List, Scroll, Grid, WaterFlow, Swiper index …). */
  scroll?: { x: number; y: number };
  /** Tabs / Swiper / Stepper (index) / Panel (mode): the page the user chose, kept while the app's `index` stays `option` (see framework/app.ts). */
  selected?: { index: number; option: unknown };
  /** GridRow: the breakpoint layout chose ('xs' … 'xxl'); `notified` holds what the app's events last reported. */
  breakpoint?: string;
  /** TabContent: what its `.tabBar(builder)` built, drawn by layout in the tab bar (framework/compat.ts). */
  tabBarNode?: UINode;
  notified?: { breakpoint?: string; area?: string };
  /** TextInput / TextArea / Search without a bound text: what the user typed into it (framework/app.ts). */
  typed?: string;
}
