// One cold evaluation of a HAP's ets/bundle.js in a fresh process (argv: hap, "cache" | "plain"); prints the ms spent
// compiling and evaluating it with stand-in framework globals.
import { readFileSync } from 'node:fs';
import vm from 'node:vm';
import { unzipSync } from 'fflate';

const [hap, how] = process.argv.slice(2);
const files = unzipSync(readFileSync(hap));
const code = Buffer.from(files['ets/bundle.js']).toString('utf8');
const cachedData = how === 'cache' ? Buffer.from(files['ets/bundle.cache']) : undefined;
const decorator = () => () => undefined;
class ViewPU {}
class ViewV2 {}
const globals = { ViewPU, ViewV2, registerNamedRoute() {}, __hmosKit: () => ({ UIAbility: class {}, default: {} }), __hmosRegisterModule() {},
  Trace: decorator(), Track: decorator(), Computed: decorator(), Monitor: () => decorator(), ObservedV2: (c) => c, Observed: (c) => c };
const ctx = vm.createContext(globals);
const t0 = performance.now();
const script = new vm.Script(code, { filename: 'ets/bundle.js', cachedData });
if (cachedData && script.cachedDataRejected) throw new Error('code cache rejected');
script.runInContext(ctx);
process.stdout.write(String(performance.now() - t0));
