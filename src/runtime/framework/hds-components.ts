/**
 * Sandbox-side components of `@kit.UIDesignKit` (the HarmonyOS design system's containers; evaluated in the app realm
 * from source, see core.ts). Each is drawn as the ArkUI container it extends — HdsNavigation as Navigation (the same
 * NavPathStack binding and destinations), HdsNavDestination as NavDestination, HdsTabs as Tabs (HdsTabsController a
 * TabsController) — so their own attributes (title bar styles, floating tab bars, materials) are accepted and not
 * drawn. The kit's enums answer their member names; `hdsMaterial` lists no system materials.
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
  for (const e of ['HdsNavigationTitleMode', 'HdsAnimationMode', 'HdsTabsFloatingStyle', 'IconStyleMode', 'BlurStrategy',
    'BottomBuilderShowType', 'HideMode', 'IconType', 'ScrollEffectType', 'DynamicHideParams']) ns[e] = names();
  rt.registerKit('@kit.UIDesignKit', ns);
}
