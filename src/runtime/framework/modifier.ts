/**
 * Attribute modifiers (evaluated in the app realm from source, see core.ts): `.attributeModifier(m)` calls
 * `m.applyNormalAttribute(instance)` with an instance whose attribute methods set the element's attributes, at that
 * point of the chain (later calls override), on every render; and `@ohos.arkui.modifier`'s ready-made modifiers
 * (`new TextModifier().fontSize(20)`, CommonModifier, … one per component) record their attribute calls and replay
 * them in applyNormalAttribute — apps also subclass them. AttributeUpdater gives the instance to `initializeModifier`
 * and keeps it for later direct updates.
 */
export function installModifier(g: any, components: string[]): void {
  const rt = g.__rt;
  const instanceFor = (n: any): any => {
    const inst: any = new Proxy({}, {
      get: (_t, p) => (typeof p === 'string' && p !== 'then' && p !== 'toJSON'
        ? (...a: any[]) => { rt.setAttr(n, p, a); return inst; } : undefined),
    });
    return inst;
  };
  const setAttr = rt.setAttr;
  rt.setAttr = (n: any, name: string, args: any[]) => {
    setAttr(n, name, args);
    const m = args[0];
    if (name !== 'attributeModifier' || !m || typeof m !== 'object') return;
    const inst = instanceFor(n);
    const createArgs = m.__hmosCreateArgs;
    if (Array.isArray(createArgs) && createArgs.length && (!n.args?.length || n.args[0] === undefined)) n.args = createArgs;
    if (typeof m.initializeModifier === 'function' && !m.__hmosInitialized) {
      Object.defineProperty(m, '__hmosInitialized', { value: true });
      m.attribute = inst;
      m.initializeModifier(inst);
    }
    if (typeof m.applyNormalAttribute === 'function') m.applyNormalAttribute(inst);
  };

  /** A modifier class that records attribute calls (`new TextModifier().fontSize(20)`) and replays them. */
  const recording = (name: string) => {
    class Modifier {
      // The constructor's arguments stand for the component's own when it has none (SymbolGlyphModifier(symbol)).
      constructor(...createArgs: any[]) {
        Object.defineProperty(this, '__hmosCalls', { value: [], writable: true });
        Object.defineProperty(this, '__hmosCreateArgs', { value: createArgs });
      }
      applyNormalAttribute(instance: any): void {
        for (const [k, a] of (this as any).__hmosCalls) if (typeof instance[k] === 'function') instance[k](...a);
      }
      applyPressedAttribute(): void {}
      applyFocusedAttribute(): void {}
      applyDisabledAttribute(): void {}
      applySelectedAttribute(): void {}
    }
    const own = new Set(Object.getOwnPropertyNames(Modifier.prototype));
    Object.setPrototypeOf(Modifier.prototype, new Proxy({}, {
      get: (_t, p, recv) => (typeof p === 'string' && !own.has(p) && p !== 'then' && p !== 'toJSON' && !p.startsWith('__')
        ? function (...a: any[]) { recv.__hmosCalls.push([p, a]); return recv; } : undefined),
    }));
    Object.defineProperty(Modifier, 'name', { value: name });
    return Modifier;
  };
  const exports: Record<string, any> = { CommonModifier: recording('CommonModifier') };
  for (const c of components) exports[`${c}Modifier`] = recording(`${c}Modifier`);
  class AttributeUpdater {
    attribute: any;
    initializeModifier(_instance: any): void {}
    applyNormalAttribute(_instance: any): void {}
    updateConstructorParams(..._a: any[]): void {}
    onComponentChanged(_c: any): void {}
  }
  exports.AttributeUpdater = AttributeUpdater;
  exports.ModifierUtils = { applySetOnChange() {}, applyAttributeModifierBase() {} };
  rt.registerKit('@ohos.arkui.modifier', { ...exports, default: exports });
}
