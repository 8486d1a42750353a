/**
 * Sandbox-side ArkUI advanced components (`@ohos.arkui.advanced.*`, also named by `@kit.ArkUI`; evaluated in the app
 * realm from source, see core.ts). On the platform these are ArkTS components shipped with the system; an app
 * creates them like its own (`new ChipGroup(this, {…})` then `ViewV2.create` / `ViewPU.create`), so here each is a
 * ViewV2 whose initialRender builds ordinary ArkUI nodes (Row, Text, Button …) — what the screen, the inspector and
 * input then see. The ones real apps use (`npm run corpus:preview`):
 *  - `Chip({label, prefixIcon, suffixIcon, allowClose, activated, size, …, onClicked, onClose})`, `ChipSize`;
 *  - `ChipGroup({items, itemStyle, selectedIndexes, multiple, chipGroupSpace, onChange, suffix})` (single choice by
 *    default, index 0 selected when none is given), `IconGroupSuffix({items})`;
 *  - `SegmentButtonV2Items`, `TabSegmentButtonV2` / `CapsuleSegmentButtonV2` (`selectedIndex` with `!!`,
 *    `onItemClicked`) and `MultiCapsuleSegmentButtonV2` (`selectedIndexes`);
 *  - the dialogs (`Dialog`): `LoadingDialog`, `CustomContentDialog`, `AlertDialog`, `ConfirmDialog`, `TipsDialog`,
 *    `SelectDialog`, and their V2 forms (`DialogV2`: the same with `AdvancedDialogV2Button`). A button runs its
 *    action and closes the dialog it is in (its controller's, or the dialog node around it).
 * Colours and sizes follow the platform's default theme (chips 36 / 28 vp high, brand #0A59F7 when selected).
 */
export function installAdvancedComponents(g: any): void {
  const rt = g.__rt;
  const BRAND = '#FF0A59F7';
  const PRIMARY_TEXT = '#E5000000';
  const SECONDARY_BG = '#0C000000';

  /** A ColorMetrics (`.color`, or the resource it stands for) or any ResourceColor. */
  const colorOf = (v: any, dflt: any) => (v == null ? dflt : typeof v === 'object' && 'alpha' in v && 'red' in v ? (v.res ?? v.color) : v);
  /** A LengthMetrics as a length ArkUI attributes take, or the value itself. */
  const lengthOf = (v: any, dflt: any) => {
    if (v == null) return dflt;
    if (typeof v === 'object' && 'unit' in v && 'value' in v) return v.unit === 1 ? v.value : `${v.value}${['px', 'vp', 'fp', '%', 'lpx'][v.unit] ?? 'vp'}`;
    return v;
  };
  const call = (f: any, ...args: any[]) => (typeof f === 'function' ? f(...args) : undefined);

  /** Builds one node: `create` runs in the observed creation (re-run when what it reads changes), then the children. */
  const el = (self: any, comp: any, create: () => void, children?: () => void) => {
    self.observeComponentCreation2(() => create(), comp);
    if (children) children();
    comp.pop();
  };
  const text = (self: any, value: () => any, style: () => void) => el(self, g.Text, () => { g.Text.create(value()); style(); });
  const forEach = (self: any, list: () => any[], item: (x: any, i: number) => void) => {
    self.observeComponentCreation2((elmtId: number) => {
      g.ForEach.create();
      self.forEachUpdateFunction(elmtId, list(), item, undefined, true, false);
    }, g.ForEach);
    g.ForEach.pop();
  };
  const when = (self: any, cond: () => boolean, then: () => void) => {
    self.observeComponentCreation2(() => {
      g.If.create();
      if (cond()) self.ifElseBranchUpdateFunction(0, then);
      else self.ifElseBranchUpdateFunction(1, () => {});
    }, g.If);
    g.If.pop();
  };
  const icon = (self: any, src: () => any, size: () => any, color?: () => any) => el(self, g.Image, () => {
    g.Image.create(src());
    const s = size();
    g.Image.width(s); g.Image.height(s);
    if (color) { const c = color(); if (c != null) g.Image.fillColor(c); }
  });

  /**
   * A component class: every option is a @Param (read-only in the component, updated by the parent); `locals` are
   * its own state, `onParams` keeps them in step when the parent passes new options.
   */
  const component = (name: string, spec: {
    params: Record<string, any>; locals?: Record<string, (self: any) => any>; onParams?: (self: any, params: any) => void;
    render: (self: any) => void; statics?: Record<string, any>;
  }) => {
    class Advanced extends g.ViewV2 {
      constructor(parent: any, params: any, _storage?: any, elmtId = -1, _paramsLambda?: any, extraInfo?: any) {
        super(parent, elmtId, extraInfo);
        for (const k of Object.keys(spec.params)) this.initParam(k, params && k in params ? params[k] : spec.params[k]);
        for (const [k, init] of Object.entries(spec.locals ?? {})) this[k] = init(this);
        this.finalizeConstruction();
      }
      updateStateVars(params: any): void {
        super.updateStateVars(params);
        if (params && spec.onParams) spec.onParams(this, params);
      }
      /** A CustomDialogController's builder hands the dialog its controller (`jsDialog.setController(c)`). */
      setController(c: any): void { if ('controller' in spec.params) this.initParam('controller', c); else super.setController(c); }
      initialRender(): void { spec.render(this); }
      rerender(): void { this.updateDirtyElements(); }
    }
    Object.defineProperty(Advanced, 'name', { value: name });
    for (const k of Object.keys(spec.params)) g.Param(Advanced.prototype, k);
    for (const k of Object.keys(spec.locals ?? {})) g.Local(Advanced.prototype, k);
    Object.assign(Advanced, spec.statics ?? {});
    return Advanced;
  };

  /** The same building blocks for other component kits drawn in the realm (hds-components.ts). */
  rt.advancedUi = { component, el, text, when, icon, forEach, lengthOf, colorOf, call };

  // ---- Chip ----
  const ChipSize = Object.freeze({ NORMAL: 'NORMAL', SMALL: 'SMALL' });
  const chipHeight = (size: any) => (size === ChipSize.SMALL ? 28 : size && typeof size === 'object' && size.height != null ? lengthOf(size.height, 36) : 36);
  /** One chip's row: prefix icon, label, suffix icon / close mark. Shared by Chip and ChipGroup. */
  const chipRow = (self: any, o: () => any, activated: () => boolean, onClick: () => void, onClose?: () => void) => el(self, g.Row, () => {
    const opts = o();
    const h = chipHeight(opts.size);
    g.Row.create({ space: 4 });
    g.Row.height(h);
    g.Row.padding({ left: h > 30 ? 16 : 12, right: h > 30 ? 16 : 12 });
    g.Row.borderRadius(lengthOf(opts.borderRadius, h / 2));
    g.Row.backgroundColor(activated() ? colorOf(opts.activatedBackgroundColor, BRAND) : colorOf(opts.backgroundColor, SECONDARY_BG));
    g.Row.opacity(opts.enabled === false ? 0.4 : 1);
    g.Row.onClick(() => { if (opts.enabled !== false) onClick(); });
  }, () => {
    when(self, () => !!o().prefixIcon?.src, () => icon(self, () => o().prefixIcon.src, () => lengthOf(o().prefixIcon?.size?.width, 16),
      () => colorOf(activated() ? o().prefixIcon?.activatedFillColor : o().prefixIcon?.fillColor, undefined)));
    text(self, () => o().label?.text ?? '', () => {
      const opts = o();
      g.Text.fontSize(lengthOf(opts.label?.fontSize, opts.size === ChipSize.SMALL ? 12 : 14));
      g.Text.fontColor(activated() ? colorOf(opts.label?.activatedFontColor, '#FFFFFFFF') : colorOf(opts.label?.fontColor, PRIMARY_TEXT));
      g.Text.maxLines(1);
    });
    when(self, () => !!o().suffixIcon?.src, () => el(self, g.Image, () => {
      const s = o().suffixIcon;
      g.Image.create(s.src);
      g.Image.width(lengthOf(s.size?.width, 16)); g.Image.height(lengthOf(s.size?.height, 16));
      g.Image.onClick(() => call(s.action));
    }));
    when(self, () => !o().suffixIcon?.src && !!onClose && o().allowClose !== false, () => el(self, g.Text, () => {
      g.Text.create('✕');
      g.Text.fontSize(12);
      g.Text.fontColor(activated() ? '#FFFFFFFF' : PRIMARY_TEXT);
      g.Text.onClick(() => onClose!());
    }));
  });

  const Chip = component('Chip', {
    params: { prefixIcon: undefined, prefixSymbol: undefined, label: { text: '' }, suffixIcon: undefined, suffixSymbol: undefined,
      allowClose: true, closeOptions: undefined, enabled: true, activated: false, backgroundColor: undefined, activatedBackgroundColor: undefined,
      borderRadius: undefined, size: ChipSize.NORMAL, direction: undefined, onClose: undefined, onClicked: undefined },
    locals: { closed: () => false },
    render: (self) => when(self, () => !self.closed, () => chipRow(self, () => self, () => self.activated === true, () => call(self.onClicked),
      () => { self.closed = true; call(self.onClose); })),
  });
  rt.registerKit('@ohos.arkui.advanced.Chip', { Chip, ChipSize, AccessibilitySelectedType: { CLICKED: 0, CHECKED: 1, SELECTED: 2 } });

  // ---- ChipGroup ----
  const initialSelection = (self: any) => {
    const given = Array.isArray(self.selectedIndexes) ? self.selectedIndexes.filter((i: any) => Number.isInteger(i) && i >= 0 && i < (self.items?.length ?? 0)) : [];
    if (!self.multiple) return given.length ? [given[0]] : (self.items?.length ? [0] : []);
    return given;
  };
  const ChipGroup = component('ChipGroup', {
    params: { items: [], itemStyle: undefined, selectedIndexes: undefined, multiple: false, chipGroupSpace: undefined, chipGroupPadding: undefined,
      onChange: undefined, suffix: undefined },
    locals: { selected: initialSelection },
    onParams: (self, params) => { if ('selectedIndexes' in params || 'items' in params || 'multiple' in params) self.selected = initialSelection(self); },
    render: (self) => el(self, g.Row, () => {
      g.Row.create();
      g.Row.width('100%');
      const pad = self.chipGroupPadding;
      g.Row.padding({ top: lengthOf(pad?.top, 14), bottom: lengthOf(pad?.bottom, 14) });
    }, () => {
      el(self, g.Scroll, () => { g.Scroll.create(); g.Scroll.scrollable(g.ScrollDirection?.Horizontal ?? 1); g.Scroll.scrollBar(g.BarState?.Off ?? 0); g.Scroll.layoutWeight(1); }, () => {
        el(self, g.Row, () => {
          const sp = self.chipGroupSpace;
          g.Row.create({ space: lengthOf(sp?.itemSpace, 8) });
          g.Row.padding({ left: lengthOf(sp?.startSpace, 16), right: lengthOf(sp?.endSpace, 16) });
        }, () => forEach(self, () => self.items ?? [], (item: any, i: number) => {
          const style = () => self.itemStyle ?? {};
          const opts = () => ({
            ...item, size: style().size,
            backgroundColor: style().backgroundColor, activatedBackgroundColor: style().selectedBackgroundColor,
            label: { ...(item?.label ?? {}), fontColor: style().fontColor, activatedFontColor: style().selectedFontColor },
          });
          chipRow(self, opts, () => self.selected.includes(i), () => {
            if (self.multiple) self.selected = self.selected.includes(i) ? self.selected.filter((x: number) => x !== i) : [...self.selected, i].sort((a, b) => a - b);
            else if (!self.selected.includes(i)) self.selected = [i];
            else return;
            call(self.onChange, self.selected.slice());
          }, item?.allowClose ? () => call(item?.suffixIcon?.action) : undefined);
        }));
      });
      when(self, () => typeof self.suffix === 'function', () => self.suffix());
    }),
  });
  /** IconGroupSuffix({items: [IconItemOptions | SymbolGlyphModifier]}): icons after the chips, each with its action. */
  const IconGroupSuffix = component('IconGroupSuffix', {
    params: { items: [] },
    render: (self) => el(self, g.Row, () => { g.Row.create({ space: 8 }); g.Row.padding({ right: 16 }); }, () => forEach(self, () => self.items ?? [], (item: any) => {
      // An item is IconItemOptions ({icon: {src}, action}) or a SymbolGlyphModifier (its symbol, its onClick).
      const mod = item && typeof item === 'object' && Array.isArray(item.__hmosCalls) ? item : undefined;
      const onClickOf = (m: any) => { const calls = m.__hmosCalls as Array<[string, any[]]>; for (let i = calls.length - 1; i >= 0; i--) if (calls[i][0] === 'onClick') return calls[i][1][0]; return undefined; };
      el(self, g.Button, () => {
        g.Button.createWithChild({ type: g.ButtonType?.Circle ?? 1 });
        g.Button.width(28); g.Button.height(28);
        g.Button.backgroundColor(SECONDARY_BG);
        g.Button.onClick(() => call(mod ? onClickOf(mod) : item?.action));
      }, () => icon(self, () => (mod ? mod.__hmosCreateArgs?.[0] : item?.icon?.src) ?? '', () => 16));
    })),
  });
  rt.registerKit('@ohos.arkui.advanced.ChipGroup', { ChipGroup, IconGroupSuffix });

  // ---- SegmentButtonV2 ----
  /** One segment: text, icon or symbol; `enabled: false` items do not react. Observed: changing a field redraws. */
  class SegmentButtonV2Item {
    // `declare`: class fields would shadow the observed accessors @Trace puts on the prototype.
    declare text: any; declare icon: any; declare symbol: any; declare enabled: boolean; textModifier: any; iconModifier: any; symbolModifier: any; accessibilityText: any; accessibilityDescription: any; accessibilityLevel: any;
    constructor(o: any) {
      this.text = o?.text; this.icon = o?.icon; this.symbol = o?.symbol; this.enabled = o?.enabled !== false;
      this.textModifier = o?.textModifier; this.iconModifier = o?.iconModifier; this.symbolModifier = o?.symbolModifier;
      this.accessibilityText = o?.accessibilityText; this.accessibilityDescription = o?.accessibilityDescription; this.accessibilityLevel = o?.accessibilityLevel;
    }
  }
  for (const k of ['text', 'icon', 'symbol', 'enabled']) g.Trace(SegmentButtonV2Item.prototype, k);
  class SegmentButtonV2Items extends Array<any> {
    constructor(items?: any) {
      // Array's own methods (map, filter …) construct with a length.
      if (typeof items === 'number') { super(items); return; }
      super();
      for (const it of Array.isArray(items) ? items : []) this.push(it instanceof SegmentButtonV2Item ? it : new SegmentButtonV2Item(it));
    }
    get hasHybrid(): boolean { return this.some((i: any) => i.text && (i.icon || i.symbol)); }
  }
  const segmentButton = (name: string, kind: 'tab' | 'capsule' | 'multi') => component(name, {
    params: {
      items: [], selectedIndex: 0, selectedIndexes: [], onItemClicked: undefined, $selectedIndex: undefined, $selectedIndexes: undefined,
      itemMinFontScale: undefined, itemMaxFontScale: undefined, itemSpace: undefined, itemFontSize: undefined, itemSelectedFontSize: undefined,
      itemFontColor: undefined, itemSelectedFontColor: undefined, itemFontWeight: undefined, itemSelectedFontWeight: undefined,
      itemBorderRadius: undefined, itemSelectedBackgroundColor: undefined, itemIconSize: undefined, itemIconFillColor: undefined,
      itemSelectedIconFillColor: undefined, itemSymbolFontSize: undefined, itemSymbolFontColor: undefined, itemSelectedSymbolFontColor: undefined,
      itemMinHeight: undefined, itemPadding: undefined, itemShadow: undefined, buttonBackgroundColor: undefined, buttonBackgroundBlurStyle: undefined,
      buttonBackgroundBlurStyleOptions: undefined, buttonBackgroundEffect: undefined, buttonBorderRadius: undefined, buttonMinHeight: undefined,
      buttonPadding: undefined, languageDirection: undefined, enableStateAnimation: undefined,
    },
    locals: { current: (self) => (kind === 'multi' ? [...(self.selectedIndexes ?? [])] : [self.selectedIndex ?? 0]) },
    onParams: (self, params) => {
      if (kind === 'multi' && 'selectedIndexes' in params) self.current = [...(self.selectedIndexes ?? [])];
      if (kind !== 'multi' && 'selectedIndex' in params) self.current = [self.selectedIndex ?? 0];
    },
    render: (self) => el(self, g.Row, () => {
      g.Row.create({ space: lengthOf(self.itemSpace, 0) });
      g.Row.padding(lengthOf(self.buttonPadding, 2));
      g.Row.constraintSize({ minHeight: lengthOf(self.buttonMinHeight, 28) });
      g.Row.borderRadius(lengthOf(self.buttonBorderRadius, 20));
      g.Row.backgroundColor(colorOf(self.buttonBackgroundColor, SECONDARY_BG));
    }, () => forEach(self, () => Array.from(self.items ?? []), (item: any, i: number) => {
      const on = () => self.current.includes(i);
      el(self, g.Column, () => {
        g.Column.create();
        g.Column.layoutWeight(1);
        g.Column.justifyContent(g.FlexAlign?.Center ?? 2);
        g.Column.constraintSize({ minHeight: lengthOf(self.itemMinHeight, 24) });
        g.Column.padding(lengthOf(self.itemPadding, { left: 8, right: 8, top: 4, bottom: 4 }));
        g.Column.borderRadius(lengthOf(self.itemBorderRadius, 18));
        g.Column.backgroundColor(on() ? colorOf(self.itemSelectedBackgroundColor, kind === 'tab' ? '#FFFFFFFF' : BRAND) : 'rgba(0,0,0,0)');
        g.Column.opacity(item?.enabled === false ? 0.4 : 1);
        g.Column.onClick(() => {
          if (item?.enabled === false) return;
          if (kind === 'multi') {
            self.current = on() ? self.current.filter((x: number) => x !== i) : [...self.current, i].sort((a: number, b: number) => a - b);
            call(self.$selectedIndexes, self.current.slice());
          } else if (!on()) {
            self.current = [i];
            call(self.$selectedIndex, i);
          }
          call(self.onItemClicked, i);
        });
      }, () => {
        when(self, () => !!(item?.icon || item?.symbol), () => icon(self, () => item.icon ?? item.symbol, () => lengthOf(item?.symbol ? self.itemSymbolFontSize : self.itemIconSize, 20),
          () => colorOf(on() ? (item?.symbol ? self.itemSelectedSymbolFontColor : self.itemSelectedIconFillColor) : (item?.symbol ? self.itemSymbolFontColor : self.itemIconFillColor), undefined)));
        when(self, () => item?.text != null, () => text(self, () => item.text, () => {
          g.Text.fontSize(lengthOf(on() ? self.itemSelectedFontSize ?? self.itemFontSize : self.itemFontSize, 14));
          g.Text.fontColor(on() ? colorOf(self.itemSelectedFontColor, kind === 'tab' ? PRIMARY_TEXT : '#FFFFFFFF') : colorOf(self.itemFontColor, '#99000000'));
          g.Text.fontWeight(on() ? self.itemSelectedFontWeight ?? g.FontWeight?.Medium ?? 500 : self.itemFontWeight ?? g.FontWeight?.Regular ?? 400);
          g.Text.maxLines(1);
        }));
      });
    })),
  });
  rt.registerKit('@ohos.arkui.advanced.SegmentButtonV2', {
    SegmentButtonV2Items, SegmentButtonV2Item,
    TabSegmentButtonV2: segmentButton('TabSegmentButtonV2', 'tab'),
    CapsuleSegmentButtonV2: segmentButton('CapsuleSegmentButtonV2', 'capsule'),
    MultiCapsuleSegmentButtonV2: segmentButton('MultiCapsuleSegmentButtonV2', 'multi'),
  });

  // ---- dialogs ----
  /** V2 dialog buttons: `new AdvancedDialogV2Button({content, action, enabled, role, buttonStyle, fontColor, background})`. */
  class AdvancedDialogV2Button {
    content: any; action: any; background: any; fontColor: any; buttonStyle: any; role: any; defaultFocus: any; enabled: boolean;
    constructor(o: any) {
      this.content = o?.content ?? ''; this.action = o?.action; this.background = o?.background; this.fontColor = o?.fontColor;
      this.buttonStyle = o?.buttonStyle; this.role = o?.role; this.defaultFocus = o?.defaultFocus; this.enabled = o?.enabled !== false;
    }
  }
  /** Closes the dialog a component is in: its controller's (V1 `setController`), else the Dialog node around its nodes. */
  const closeOwnDialog = (self: any, node: any) => {
    if (self.controller && typeof self.controller.close === 'function') { self.controller.close(); return; }
    for (let up = node; up; up = up.parent) if (up.type === 'Dialog') { rt.closeDialog(up); return; }
  };
  /** A dialog button: V1 `{value, action, fontColor, background}` or a V2 AdvancedDialogV2Button. */
  const dialogButton = (self: any, b: any, body: () => any, after?: () => void) => el(self, g.Button, () => {
    g.Button.create(String(b?.value ?? b?.content ?? ''));
    g.Button.layoutWeight(1);
    g.Button.fontColor(colorOf(b?.fontColor, b?.role === 1 ? '#FFE84026' : BRAND));
    g.Button.backgroundColor(colorOf(b?.background, 'rgba(0,0,0,0)'));
    g.Button.enabled(b?.enabled !== false);
    g.Button.onClick(() => { after?.(); closeOwnDialog(self, body()); call(b?.action); });
  });
  /** The frame every dialog shares: titles, then the content, then a row of buttons. */
  const dialogFrame = (self: any, titles: () => [any, any], content: () => void, buttons: () => any[], after?: () => void) => {
    let body: any;
    el(self, g.Column, () => {
      g.Column.create({ space: 8 });
      g.Column.width('100%');
      g.Column.padding({ left: 24, right: 24, top: 24, bottom: 16 });
      body = rt.top();
    }, () => {
      when(self, () => titles()[0] != null && titles()[0] !== '', () => text(self, () => titles()[0], () => { g.Text.fontSize(20); g.Text.fontWeight(g.FontWeight?.Bold ?? 700); g.Text.fontColor(PRIMARY_TEXT); }));
      when(self, () => titles()[1] != null && titles()[1] !== '', () => text(self, () => titles()[1], () => { g.Text.fontSize(14); g.Text.fontColor('#99000000'); }));
      content();
      el(self, g.Row, () => { g.Row.create({ space: 8 }); g.Row.width('100%'); }, () => forEach(self, () => buttons().filter((b) => b != null), (b: any) => dialogButton(self, b, () => body, after)));
    });
  };
  const message = (self: any, value: () => any) => when(self, () => value() != null && value() !== '', () => text(self, value, () => { g.Text.fontSize(16); g.Text.fontColor(PRIMARY_TEXT); }));
  const checkbox = (self: any) => when(self, () => self.checkTips != null, () => el(self, g.Row, () => {
    g.Row.create({ space: 8 });
    g.Row.onClick(() => { self.checked = !self.checked; call(self.onCheckedChange, self.checked); call(self.checkAction, self.checked); });
  }, () => {
    text(self, () => (self.checked ? '☑' : '☐'), () => g.Text.fontSize(16));
    text(self, () => self.checkTips, () => g.Text.fontSize(14));
  }));

  const dialogs = (v2: boolean) => {
    const sfx = v2 ? 'V2' : '';
    const common = { controller: undefined, theme: undefined, themeColorMode: undefined };
    return {
      [`LoadingDialog${sfx}`]: component(`LoadingDialog${sfx}`, {
        params: { ...common, content: '' },
        render: (self) => el(self, g.Row, () => { g.Row.create({ space: 16 }); g.Row.width('100%'); g.Row.padding(24); }, () => {
          text(self, () => self.content, () => { g.Text.fontSize(16); g.Text.fontColor(PRIMARY_TEXT); g.Text.layoutWeight(1); });
          el(self, g.LoadingProgress, () => { g.LoadingProgress.create(); g.LoadingProgress.width(40); g.LoadingProgress.height(40); });
        }),
      }),
      [`CustomContentDialog${sfx}`]: component(`CustomContentDialog${sfx}`, {
        params: { ...common, primaryTitle: undefined, secondaryTitle: undefined, contentBuilder: undefined, contentAreaPadding: undefined,
          localizedContentAreaPadding: undefined, buttons: [], contentAreaPaddingV2: undefined },
        render: (self) => dialogFrame(self, () => [self.primaryTitle, self.secondaryTitle],
          () => when(self, () => typeof self.contentBuilder === 'function', () => self.contentBuilder()), () => self.buttons ?? []),
      }),
      [`AlertDialog${sfx}`]: component(`AlertDialog${sfx}`, {
        params: { ...common, primaryTitle: undefined, secondaryTitle: undefined, content: '', primaryButton: undefined, secondaryButton: undefined },
        render: (self) => dialogFrame(self, () => [self.primaryTitle, self.secondaryTitle], () => message(self, () => self.content), () => [self.primaryButton, self.secondaryButton]),
        // `AlertDialog.show(…)` (the older global of the same name) keeps working where the kit hands out this class.
        statics: { show: (o: any) => g.AlertDialog?.show?.(o) },
      }),
      [`ConfirmDialog${sfx}`]: component(`ConfirmDialog${sfx}`, {
        params: { ...common, title: '', content: '', checkTips: undefined, isChecked: false, primaryButton: undefined, secondaryButton: undefined, onCheckedChange: undefined },
        locals: { checked: (self) => !!self.isChecked },
        render: (self) => dialogFrame(self, () => [self.title, undefined], () => { message(self, () => self.content); checkbox(self); }, () => [self.primaryButton, self.secondaryButton]),
      }),
      [`TipsDialog${sfx}`]: component(`TipsDialog${sfx}`, {
        params: { ...common, imageRes: undefined, imageSize: undefined, title: undefined, content: undefined, checkTips: undefined, isChecked: false,
          checkAction: undefined, onCheckedChange: undefined, primaryButton: undefined, secondaryButton: undefined },
        locals: { checked: (self) => !!self.isChecked },
        render: (self) => dialogFrame(self, () => [self.title, undefined], () => {
          when(self, () => self.imageRes != null, () => icon(self, () => self.imageRes, () => lengthOf(self.imageSize?.width, 64)));
          message(self, () => self.content);
          checkbox(self);
        }, () => [self.primaryButton, self.secondaryButton]),
      }),
      [`SelectDialog${sfx}`]: component(`SelectDialog${sfx}`, {
        params: { ...common, title: '', content: undefined, selectedIndex: -1, confirm: undefined, radioContent: [] },
        locals: { chosen: (self) => (typeof self.selectedIndex === 'number' ? self.selectedIndex : -1) },
        render: (self) => {
          let body: any;
          el(self, g.Column, () => { g.Column.create({ space: 4 }); g.Column.width('100%'); g.Column.padding({ left: 24, right: 24, top: 24, bottom: 16 }); body = rt.top(); }, () => {
            text(self, () => self.title, () => { g.Text.fontSize(20); g.Text.fontWeight(g.FontWeight?.Bold ?? 700); g.Text.fontColor(PRIMARY_TEXT); });
            message(self, () => self.content);
            forEach(self, () => self.radioContent ?? [], (item: any, i: number) => el(self, g.Row, () => {
              g.Row.create();
              g.Row.width('100%'); g.Row.height(48);
              g.Row.justifyContent(g.FlexAlign?.SpaceBetween ?? 6);
              // Choosing an option runs its action and closes the dialog, as on the platform.
              g.Row.onClick(() => { self.chosen = i; closeOwnDialog(self, body); call(item?.action); });
            }, () => {
              text(self, () => item?.title ?? '', () => { g.Text.fontSize(16); g.Text.fontColor(PRIMARY_TEXT); });
              text(self, () => (self.chosen === i ? '◉' : '○'), () => { g.Text.fontSize(16); g.Text.fontColor(self.chosen === i ? BRAND : '#66000000'); });
            }));
            when(self, () => self.confirm != null, () => el(self, g.Row, () => { g.Row.create(); g.Row.width('100%'); }, () => dialogButton(self, self.confirm, () => body)));
          });
        },
      }),
    };
  };
  rt.registerKit('@ohos.arkui.advanced.Dialog', dialogs(false));
  rt.registerKit('@ohos.arkui.advanced.DialogV2', { ...dialogs(true), AdvancedDialogV2Button,
    AdvancedDialogV2ButtonRole: { NORMAL: 0, ERROR: 1 }, AdvancedDialogV2ButtonStyle: { DEFAULT: 0, NORMAL: 1, EMPHASIZED: 2 } });
}
