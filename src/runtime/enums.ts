/**
 * ArkUI's enum globals (FlexAlign, Color, Visibility …) with the VALUES the reference framework's JS engine defines
 * at run time (numbers for most, strings for Color/FontWeight/Curve …). The compiler leaves `FlexAlign.Center` as a
 * member access, so these objects ARE what app code passes to attribute calls: the runtime installs every entry of
 * ARKUI_ENUMS as a global of the device realm, and layout/render read attribute values against the same objects.
 *
 * Numeric enums are TypeScript-style two-way objects (`FlexAlign.Center === 2`, `FlexAlign[2] === 'Center'`).
 * Note the values the reference runtime actually uses: HorizontalAlign and VerticalAlign start at 1, not 0.
 */

type NumericEnum<K extends string> = { readonly [P in K]: number } & { readonly [n: number]: string };

/** Builds a frozen two-way enum object; the first name of a value wins the reverse mapping (aliases keep theirs). */
function numericEnum<K extends string>(values: Record<K, number>): NumericEnum<K> {
  const out: Record<string | number, string | number> = {};
  for (const [name, value] of Object.entries(values) as [string, number][]) {
    out[name] = value;
    if (!(value in out)) out[value] = name;
  }
  return Object.freeze(out) as unknown as NumericEnum<K>;
}

export const Color = Object.freeze({
  White: '#ffffffff', Black: '#ff000000', Blue: '#ff0000ff', Brown: '#ffa52a2a', Gray: '#ff808080',
  Green: '#ff008000', Grey: '#ff808080', Orange: '#ffffa500', Pink: '#ffffc0cb', Red: '#ffff0000',
  Yellow: '#ffffff00', Transparent: '#00000000',
} as const);

export const FontWeight = Object.freeze({
  Light: 'light', Lighter: 'lighter', Normal: 'normal', Regular: 'regular', Medium: 'medium', Bold: 'bold',
  Bolder: 'bolder',
} as const);

export const FlexAlign = numericEnum({
  Start: 1, Center: 2, End: 3, Stretch: 4, Baseline: 5, SpaceBetween: 6, SpaceAround: 7, SpaceEvenly: 8,
});
export const HorizontalAlign = numericEnum({ Start: 1, Center: 2, End: 3 });
export const VerticalAlign = numericEnum({ Top: 1, Center: 2, Bottom: 3 });
export const ItemAlign = numericEnum({ Auto: 0, Start: 1, Center: 2, End: 3, Stretch: 4, Baseline: 5 });
export const Alignment = numericEnum({
  TopStart: 0, Top: 1, TopEnd: 2, Start: 3, Center: 4, End: 5, BottomStart: 6, Bottom: 7, BottomEnd: 8,
});
export const FlexDirection = numericEnum({ Row: 0, Column: 1, RowReverse: 2, ColumnReverse: 3 });
export const FlexWrap = numericEnum({ NoWrap: 0, Wrap: 1, WrapReverse: 2 });
export const Visibility = numericEnum({ Visible: 0, Hidden: 1, None: 2 });
export const Axis = numericEnum({ Vertical: 0, Horizontal: 1 });
export const TextAlign = numericEnum({ Start: 0, Center: 1, End: 2, Justify: 3, JUSTIFY: 3 });
export const TextOverflow = numericEnum({ None: 0, Clip: 1, Ellipsis: 2, Marquee: 3, MARQUEE: 3 });
export const TextDecorationType = numericEnum({ None: 0, Underline: 1, Overline: 2, LineThrough: 3 });
export const TextCase = numericEnum({ Normal: 0, LowerCase: 1, UpperCase: 2 });
export const FontStyle = numericEnum({ Normal: 0, Italic: 1 });
export const BorderStyle = numericEnum({ Solid: 0, Dashed: 1, Dotted: 2 });
export const ButtonType = numericEnum({ Normal: 0, Capsule: 1, Circle: 2, Arc: 4 });
export const ImageFit = numericEnum({ Fill: 0, Contain: 1, Cover: 2, Auto: 3, None: 5, ScaleDown: 6 });
export const BarState = numericEnum({ Off: 0, Auto: 1, On: 2 });
export const EdgeEffect = numericEnum({ Spring: 0, Fade: 1, None: 2 });
export const ScrollDirection = numericEnum({ Vertical: 0, Horizontal: 1, Free: 2, None: 3 });
export const StickyStyle = numericEnum({ None: 0, Header: 1, Footer: 2 });
export const BarPosition = numericEnum({ Start: 0, End: 1 });
export const BarMode = Object.freeze({ Fixed: 'Fixed', Scrollable: 'Scrollable' } as const);
export const Direction = Object.freeze({ Ltr: 'Ltr', Rtl: 'Rtl', Auto: 'Auto' } as const);
export const InputType = numericEnum({ Normal: 0, Number: 2, PhoneNumber: 3, Email: 5, Password: 7 });
export const EnterKeyType = numericEnum({ Go: 2, Search: 3, Send: 4, Next: 5, Done: 6 });
export const NavigationTitleMode = numericEnum({ Free: 0, Full: 1, Mini: 2 });
export const NavigationMode = numericEnum({ Stack: 0, Split: 1, Auto: 2 });
export const ProgressType = numericEnum({ Linear: 0, Ring: 1, Eclipse: 2, ScaleRing: 3, Capsule: 4 });
export const ToggleType = numericEnum({ Checkbox: 0, Switch: 1, Button: 2 });
export const SizeType = numericEnum({ Auto: 0, XS: 1, SM: 2, MD: 3, LG: 4 });
export const TouchType = numericEnum({ Down: 0, Up: 1, Move: 2, Cancel: 3 });
export const KeyType = numericEnum({ Down: 0, Up: 1, LongPress: 2 });
export const ColorMode = numericEnum({ LIGHT: 0, DARK: 1 });
export const Curve = Object.freeze({
  Linear: 'linear', Ease: 'ease', EaseIn: 'ease-in', EaseOut: 'ease-out', EaseInOut: 'ease-in-out',
  FastOutSlowIn: 'fast-out-slow-in', LinearOutSlowIn: 'linear-out-slow-in', FastOutLinearIn: 'fast-out-linear-in',
  ExtremeDeceleration: 'extreme-deceleration', Sharp: 'sharp', Rhythm: 'rhythm', Smooth: 'smooth',
  Friction: 'friction',
} as const);

/** Button styles and roles (API 11+), and the size of small controls (a string enum in the SDK). */
export const ButtonStyleMode = numericEnum({ NORMAL: 0, EMPHASIZED: 1, TEXTUAL: 2 });
export const ButtonRole = numericEnum({ NORMAL: 0, ERROR: 1 });
export const ControlSize = Object.freeze({ SMALL: 'small', NORMAL: 'normal' } as const);

/** Every enum by its global name: the runtime installs these on the device realm's global object. */
export const ARKUI_ENUMS = Object.freeze({
  Color, FontWeight, FlexAlign, HorizontalAlign, VerticalAlign, ItemAlign, Alignment, FlexDirection, FlexWrap,
  Visibility, Axis, TextAlign, TextOverflow, TextDecorationType, TextCase, FontStyle, BorderStyle, ButtonType, ImageFit,
  BarState, EdgeEffect, ScrollDirection, StickyStyle, BarPosition, BarMode, Direction, InputType, EnterKeyType,
  NavigationTitleMode, NavigationMode, ProgressType, ToggleType, SizeType, TouchType, KeyType, ColorMode, Curve,
  ButtonStyleMode, ButtonRole, ControlSize,
});
