// One cold evaluation of a HAP's ets/bundle.js in a fresh process (argv: hap, "cache" | "plain"); prints the ms spent
// compiling and evaluating it with stand-in framework globals.
import { readFileSync } from 'node:fs';
import vm from 'node:vm';
import { unzipSync } from 'fflate';
import { loadBundleScript } from '../dist/hap/bundle-script.js';

const [hap, how] = process.argv.slice(2);
const files = unzipSync(readFileSync(hap));
// The device's own loader (hap/bundle-script.ts): with the cache, each part of the bundle with its code cache; plain,
// the whole file as one script from source (what a device does without a usable cache).
const entries = new Map(Object.entries(files).filter(([name]) => how === 'cache' || name === 'ets/bundle.js'));
const decorator = () => () => undefined;
class ViewPU {}
class ViewV2 {}
const globals = { ViewPU, ViewV2, registerNamedRoute() {}, __hmosKit: () => ({ UIAbility: class {}, default: {} }), __hmosRegisterModule() {},
  Trace: decorator(), Track: decorator(), Computed: decorator(), Monitor: () => decorator(), ObservedV2: (c) => c, Observed: (c) => c };
const ctx = vm.createContext(globals);
const t0 = performance.now();
const loaded = loadBundleScript(entries);
if (how === 'cache' && !loaded.cached) throw new Error(`code cache not used: ${loaded.reason}`);
for (const script of loaded.scripts) script.runInContext(ctx);
process.stdout.write(String(performance.now() - t0));
