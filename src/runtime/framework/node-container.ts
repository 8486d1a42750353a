/**
 * Sandbox-side NodeContainer, NodeController and BuilderNode (evaluated in the app realm from source, see core.ts):
 * `NodeContainer(controller)` shows what `controller.makeNode(uiContext)` returns — the FrameNode of a BuilderNode,
 * whose `build(wrapBuilder(fn), args)` built a @Builder's components (`update(args)` builds them again,
 * `dispose()` frees them). `controller.rebuild()` asks makeNode again; `aboutToAppear` / `aboutToDisappear` run
 * when the container comes and goes. FrameNodes made by hand (typeNode, appendChild …) are not modelled: a
 * makeNode that returns one of those, or null, leaves the container empty.
 */
export function installNodeContainer(g: any): void {
  const rt = g.__rt;
  const uiContext = () => g.__hmosUIContext;

  class FrameNode {
    __node: any;
    constructor(_uiContext?: any) { this.__node = null; }
    getId(): string { return String(this.__node?.elmtId ?? ''); }
    getUniqueId(): number { return Number(this.__node?.elmtId ?? -1); }
    getNodeType(): string { return this.__node?.type ?? ''; }
    isVisible(): boolean { return Boolean(this.__node); }
    getChildrenCount(): number { return this.__node ? this.__node.children.length : 0; }
    dispose(): void { this.__node = null; }
  }
  class BuilderNode {
    uiContext: any; options: any; builder: any; args: any; __root: any = null; __frame: FrameNode | null = null;
    constructor(ctx: any, options?: any) { this.uiContext = ctx; this.options = options; }
    build(builder: any, args?: any): void {
      this.builder = builder; this.args = args;
      if (!this.__root) this.__root = new rt.UINode(rt.newId(), 'BuilderNode', [], true);
      else { const kids = this.__root._kids; this.__root.setKids([]); rt.disposeNodes(kids); }
      rt.buildInto(this.__root, builder, args);
    }
    update(args: any): void { if (this.builder) this.build(this.builder, args); }
    getFrameNode(): FrameNode | null {
      if (!this.__root) return null;
      if (!this.__frame) { this.__frame = new FrameNode(this.uiContext); this.__frame.__node = this.__root; }
      return this.__frame;
    }
    dispose(): void { if (this.__root) { rt.disposeNodes([this.__root]); this.__root = null; this.__frame = null; } }
    reuse(): void {}
    recycle(): void {}
    updateConfiguration(): void {}
  }
  class NodeController {
    __containers?: Set<any>;
    makeNode(_ctx: any): any { return null; }
    rebuild(): void { for (const n of Array.from(this.__containers ?? [])) attach(n, this); }
  }

  /** Puts what the controller makes into container `n` (the content belongs to its BuilderNode: not disposed here). */
  const attach = (n: any, controller: any) => {
    const made = typeof controller?.makeNode === 'function' ? rt.untracked(() => controller.makeNode(uiContext())) : null;
    const content = made && typeof made === 'object' ? made.__node : null;
    n.setKids(content ? [content] : []);
    rt.schedule();
  };
  const base = g.NodeContainer;
  if (base) {
    g.NodeContainer = new Proxy(base, {
      get(t, prop) {
        if (prop !== 'create') return t[prop];
        return (...args: any[]) => {
          t.create(...args);
          // An atomic component: created and popped at once (core.ts keeps it as the atomic target).
          const n = rt.atomicTarget?.type === 'NodeContainer' ? rt.atomicTarget : undefined;
          const controller = args[0];
          if (!n || n.__controller === controller) return;
          if (n.__controller) n.__controller.__containers?.delete(n);
          n.__controller = controller;
          if (controller && typeof controller === 'object') {
            (controller.__containers ??= new Set()).add(n);
            if (typeof controller.aboutToAppear === 'function') rt.untracked(() => controller.aboutToAppear());
            const prev = n.onDispose;
            n.onDispose = () => {
              prev?.();
              controller.__containers?.delete(n);
              if (typeof controller.aboutToDisappear === 'function') rt.untracked(() => controller.aboutToDisappear());
            };
          }
          attach(n, controller);
        };
      },
    });
  }
  g.NodeController = NodeController;
  g.BuilderNode = BuilderNode;
  g.FrameNode = FrameNode;
  const arkui = g.__hmosKit('@kit.ArkUI');
  Object.assign(arkui, { NodeController, BuilderNode, FrameNode });
  rt.extendKit('@ohos.arkui.node', { NodeController, BuilderNode, FrameNode });
}
