/** Shared helpers for runtime tests: launch hand-written bundles (reference partial-update style) on a device. */
import { tempDir } from '../helpers/cli.js';
import { createDevice, type App, type DeviceOptions, type LaunchOptions } from '../../src/runtime/device.js';
import type { UINode } from '../../src/runtime/ui-node.js';

export function launchSource(code: string, opts: Partial<LaunchOptions> & { device?: Partial<DeviceOptions>; moduleJson?: unknown } = {}): App {
  const dataDir = opts.device?.dataDir ?? tempDir();
  const device = createDevice({ profile: 'phone', ...opts.device, dataDir });
  const bundle = new Map<string, string>([['ets/bundle.js', code]]);
  bundle.set('module.json', JSON.stringify(opts.moduleJson ?? { app: { bundleName: 'com.example.test' }, module: { name: 'entry' } }));
  return device.launch({ bundle, ...opts });
}

/** Compact text form of a tree: `Column[Text("a") Button("b")]`, virtual nodes already flattened. */
export function show(n: UINode): string {
  const head = n.args.length && (typeof n.args[0] === 'string' || typeof n.args[0] === 'number' || typeof n.args[0] === 'boolean') ? `${n.type}(${JSON.stringify(n.args[0])})` : n.type;
  return n.children.length ? `${head}[${n.children.map(show).join(' ')}]` : head;
}

/** Boilerplate of a reference ViewPU class around `fields` (state declarations) and `render` (initialRender body). */
export function page(name: string, ctor: string, render: string, extra = '', path = 'pages/Index'): string {
  return `
class ${name} extends ViewPU {
  constructor(parent, params, __localStorage, elmtId = -1, paramsLambda = undefined, extraInfo) {
    super(parent, __localStorage, elmtId, extraInfo);
    if (typeof paramsLambda === "function") { this.paramsGenerator_ = paramsLambda; }
    ${ctor}
    this.setInitiallyProvidedValue(params);
    this.finalizeConstruction();
  }
  setInitiallyProvidedValue(params) {}
  updateStateVars(params) {}
  purgeVariableDependenciesOnElmtId(rmElmtId) {}
  aboutToBeDeleted() { SubscriberManager.Get().delete(this.id__()); this.aboutToBeDeletedInternal(); }
  initialRender() { ${render} }
  rerender() { this.updateDirtyElements(); }
  ${extra}
}
registerNamedRoute(() => new ${name}(undefined, {}), "", { bundleName: "com.example.test", moduleName: "entry", pagePath: "${path}", pageFullPath: "entry/src/main/ets/${path}", integratedHsp: "false", moduleType: "followWithHap" });
`;
}

export function stateProp(name: string, init: string, kind = 'ObservedPropertySimplePU'): string {
  return `this.__${name} = new ${kind}(${init}, this, "${name}");
    Object.defineProperty(this, "${name}", { get() { return this.__${name}.get(); }, set(v) { this.__${name}.set(v); } });`;
}
