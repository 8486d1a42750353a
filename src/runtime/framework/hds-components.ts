/**
 * Sandbox-side components of `@kit.UIDesignKit` (the HarmonyOS design system's containers; evaluated in the app realm
 * from source, see core.ts). Each is drawn as the ArkUI container it extends — HdsNavigation as Navigation (the same
 * NavPathStack binding and destinations), HdsNavDestination as NavDestination, HdsTabs as Tabs (HdsTabsController a
 * TabsController) — so their own attributes (title bar styles, floating tab bars, materials) are accepted and not
 * drawn. HdsListItemCard is a list row built of ArkUI nodes (its prefix / suffix items: PrefixImage, SuffixText,
 * SuffixTextAndArrow, SuffixSwitch, …CustomBuilder). The kit's enums answer their member names; `hdsMaterial` lists
 * no system materials.
 */
export function installHdsComponents(g: any): void {
  const rt = g.__rt;
  const names = () => new Proxy({}, { get: (_t, p) => (typeof p === 'string' ? p : undefined) });
  // Getters: the ArkUI globals they stand for are complete only once the whole framework is installed.
  const ns: Record<string, any> = {
    get HdsNavigation() { return g.Navigation; }, get HdsNavDestination() { return g.NavDestination; },
    get HdsTabs() { return g.Tabs; }, get HdsTabsController() { return g.TabsController; },
    hdsMaterial: { MaterialType: names(), MaterialLevel: names(), getSystemMaterialTypes: () => [] },
  };
  // ---- HdsListItemCard: a list row of prefix (image, icon or builder), texts, and suffix (text, arrow, switch, builder) ----
  const { component, el, text, when, lengthOf, colorOf, call } = rt.advancedUi;
  const item = (kind: string) => {
    const cls = class { kind = kind; options: any; arrow: any; constructor(options?: any, arrow?: any) { this.options = typeof options === 'function' ? { builder: options } : options ?? {}; this.arrow = arrow; } };
    Object.defineProperty(cls, 'name', { value: kind });
    return cls;
  };
  const itemKinds = ['PrefixImage', 'PrefixIcon', 'PrefixSymbol', 'PrefixCustomBuilder', 'SuffixText', 'SuffixTextAndArrow', 'SuffixArrow',
    'SuffixSwitch', 'SuffixIcon', 'SuffixImage', 'SuffixCustomBuilder', 'SuffixRadio', 'SuffixCheckbox'];
  const items: Record<string, any> = {};
  for (const k of itemKinds) items[k] = item(k);
  const modified = (m: any) => { if (m && typeof m.applyNormalAttribute === 'function') g.Text.attributeModifier(m); };
  const part = (self: any, which: 'prefixItem' | 'suffixItem') => {
    const p = () => self[which];
    const is = (k: string) => () => p()?.kind === k;
    when(self, () => typeof p()?.options?.builder === 'function', () => p().options.builder());
    when(self, () => ['PrefixImage', 'PrefixIcon', 'PrefixSymbol', 'SuffixIcon', 'SuffixImage'].includes(p()?.kind), () => el(self, g.Image, () => {
      const o = p().options;
      g.Image.create(o.image ?? o.icon ?? o.symbol ?? o.src ?? '');
      const size = p().kind === 'PrefixImage' ? 40 : 24;
      g.Image.width(size); g.Image.height(size);
      if (o.modifier) g.Image.attributeModifier(o.modifier);
    }));
    when(self, () => is('SuffixText')() || is('SuffixTextAndArrow')(), () => text(self, () => p().options.text ?? '', () => {
      g.Text.fontSize(14); g.Text.fontColor('#99000000'); modified(p().options.modifier);
    }));
    when(self, () => is('SuffixTextAndArrow')() || is('SuffixArrow')(), () => text(self, () => '›', () => {
      g.Text.fontSize(18); g.Text.fontColor(colorOf(p().arrow?.color ?? p().options?.color, '#66000000'));
    }));
    when(self, () => is('SuffixSwitch')(), () => el(self, g.Toggle, () => {
      const o = p().options;
      g.Toggle.create({ type: g.ToggleType?.Switch ?? 1, isOn: !!o.isCheck });
      if (o.selectColor != null) g.Toggle.selectedColor(o.selectColor);
      g.Toggle.enabled(o.enable !== false);
      g.Toggle.onChange((on: boolean) => call(o.onChange, on));
    }));
  };
  const HdsListItemCard = component('HdsListItemCard', {
    params: { textItem: undefined, prefixItem: undefined, suffixItem: undefined, cardHeight: undefined, cardBackgroundColor: undefined,
      cardBorderRadius: undefined, cardPrefixMargin: undefined, cardSuffixMargin: undefined, hoverBorderRadius: undefined, enable: true,
      onClick: undefined, cardPadding: undefined },
    render: (self: any) => el(self, g.Row, () => {
      g.Row.create({ space: 12 });
      g.Row.width('100%');
      g.Row.constraintSize({ minHeight: lengthOf(self.cardHeight, 48) });
      g.Row.padding(lengthOf(self.cardPadding, { left: 12, right: 12, top: 8, bottom: 8 }));
      g.Row.borderRadius(lengthOf(self.cardBorderRadius, 16));
      g.Row.backgroundColor(colorOf(self.cardBackgroundColor, '#FFFFFFFF'));
      g.Row.opacity(self.enable === false ? 0.4 : 1);
      g.Row.onClick(() => { if (self.enable !== false) call(self.onClick); });
    }, () => {
      part(self, 'prefixItem');
      el(self, g.Column, () => { g.Column.create({ space: 2 }); g.Column.layoutWeight(1); g.Column.alignItems(g.HorizontalAlign?.Start ?? 1); }, () => {
        for (const [k, size, color] of [['primaryText', 16, '#E5000000'], ['secondaryText', 14, '#99000000'], ['tertiaryText', 12, '#66000000']] as const) {
          when(self, () => self.textItem?.[k]?.text != null, () => text(self, () => self.textItem[k].text, () => {
            g.Text.fontSize(size); g.Text.fontColor(color); modified(self.textItem[k].modifier);
          }));
        }
      });
      part(self, 'suffixItem');
    }),
  });
  Object.assign(ns, items, { HdsListItemCard });
  for (const e of ['HdsNavigationTitleMode', 'HdsAnimationMode', 'HdsTabsFloatingStyle', 'IconStyleMode', 'BlurStrategy',
    'BottomBuilderShowType', 'HideMode', 'IconType', 'ScrollEffectType', 'DynamicHideParams']) ns[e] = names();
  rt.registerKit('@kit.UIDesignKit', ns);
}
