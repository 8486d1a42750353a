import type { DeviceProfile } from '../device-profile.js';
import type { UINode } from '../ui-node.js';
import type { Rgba } from './color.js';

/** What renderers draw for a node, resolved once by layout (colours parsed, lengths in vp). */
export interface VisualStyle {
  backgroundColor?: Rgba;
  borderWidth: number;
  borderColor?: Rgba;
  borderRadius: number;
  opacity: number;
  fontSize: number;
  fontColor: Rgba;
  fontWeight: 'normal' | 'bold';
  /** 'start' | 'center' | 'end' */
  textAlign: 'start' | 'center' | 'end';
}

/** One laid-out node. Bounds are in vp, relative to the page's top-left corner. */
export interface LayoutNode {
  type: string;
  /** The UINode it came from; absent for parts layout draws itself (a tab bar, a title bar). */
  node?: UINode;
  /** For parts layout draws itself that stand for a choice (a TabBarItem): the container and the index chosen. */
  part?: { of: UINode; index: number };
  /** The `id`/`key` attribute. */
  id?: string;
  /** The string shown: a Text's content (spans joined), a Button label, a TextInput's text or placeholder. */
  text?: string;
  /** Wrapped lines of `text`, as the text-measurement model broke them. */
  lines?: string[];
  /** Line height of `lines` in vp. */
  lineHeight?: number;
  /** At most this many lines (`maxLines`; 1 for single-line inputs), as the terminal renderer re-wraps the text. */
  maxLines?: number;
  /** Padding + border on each side (where the content box starts), for placing text. */
  inset?: { top: number; right: number; bottom: number; left: number };
  /** True when `text` is a TextInput/Search placeholder (drawn greyed). */
  placeholder?: boolean;
  x: number;
  y: number;
  width: number;
  height: number;
  style: VisualStyle;
  /** Visibility.Hidden: keeps its space, not drawn, not hit. */
  visible: boolean;
  /** Children are clipped to this node's bounds (scroll containers, swipers, tabs). */
  clip: boolean;
  /** Set attributes, resources resolved, functions omitted (the JSON renderer's `attrs`). */
  attrs?: Record<string, unknown>;
  children: LayoutNode[];
}

export interface LaidOutPage {
  device: DeviceProfile;
  page: string;
  root: LayoutNode;
  /** The picture an Image's source stands for (the running app's media and rawfiles), for the picture renderers. */
  image?: ImageSource;
}

/** An image file's bytes and type. */
export interface ImageData {
  mime: string;
  data: Uint8Array;
}

/** Finds the bytes of an Image source (`$r('app.media.x')`, `$rawfile('x.png')`, …); undefined when there are none. */
export type ImageSource = (src: unknown) => ImageData | undefined;

/** Resolves `$r(...)` resource objects to primitives (string, number, colour string); identity by default. */
export type ResourceResolver = (value: unknown) => unknown;
