/**
 * Well-kept JavaScript libraries the kits run inside the app realm (decimal.js for `@arkts.math.Decimal`), evaluated
 * when an app first imports the module that needs them — not spliced into the framework script, which every app
 * start compiles and runs. Each library is compiled once per process (a `vm.Script`) and run in the asking app's
 * context, so what it creates are values of that realm (DESIGN decision 10); it lands in `__rt.libraries[name]`.
 */
import vm from 'node:vm';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { KitError } from './kit-error.js';

/** The libraries app realms may load, by the name the realm asks for → the npm package (CommonJS main file). */
const LIBRARIES: Record<string, string> = { decimal: 'decimal.js' };
const compiled = new Map<string, vm.Script>();

function script(name: string): vm.Script {
  let s = compiled.get(name);
  if (!s) {
    const file = createRequire(import.meta.url).resolve(LIBRARIES[name]);
    const src = readFileSync(file, 'utf8');
    s = new vm.Script(`(function () { const module = { exports: {} }; (function (module, exports, define) {\n${src}\n})(module, module.exports, undefined);
  globalThis.__rt.libraries[${JSON.stringify(name)}] = module.exports; })();`, { filename: `hmos-lib-${name}.js` });
    compiled.set(name, s);
  }
  return s;
}

/** Runs library `name` in `context` (an app realm) unless it is there already. */
export function loadRealmLibrary(context: vm.Context, name: string): void {
  if (!Object.prototype.hasOwnProperty.call(LIBRARIES, name)) throw new KitError(401, `no such library '${name}'`);
  const rt = context.__rt as { libraries?: Record<string, unknown> } | undefined;
  if (!rt || (rt.libraries && Object.prototype.hasOwnProperty.call(rt.libraries, name))) return;
  script(name).runInContext(context);
}
