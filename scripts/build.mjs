// Bundles src/ into dist/ with esbuild. Code splitting keeps `hmos --version` fast: each command and every heavy
// dependency (ohos-typescript, esbuild, ink, React) is only loaded by the command that needs it.
import { build } from 'esbuild';
import { createRequire } from 'node:module';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const extraEntries = [
  'src/emulator/worker/device-worker.ts',
  'src/emulator/host/host-main.ts',
  'src/compiler/transform/index.ts',
  'src/runtime/distributed/index.ts',
  'src/compiler/build.ts',
  'src/runtime/device.ts',
  // scripts/corpus-preview.mjs and corpus-cells.mjs drive these programmatically
  'src/runtime/screen.ts',
  'src/runtime/hap-resources.ts',
  'src/runtime/render/cells.ts',
  'src/hap/hap.ts',
  // bench/eval-bundle.mjs loads a HAP's bundle the way a device does
  'src/hap/bundle-script.ts',
  // scripts/kits-coverage.mjs
  'src/compiler/kit-usage.ts',
  'src/runtime/kits/probe.ts',
  'src/runtime/kits/kit-table.ts',
  'src/testing/test-extension.ts',
];
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
rmSync(join(root, 'dist'), { recursive: true, force: true });
// What this build of hmos is: the hash of every source file and of the locked dependency versions. On-disk caches
// (transformed modules, a build's up-to-date manifest) are keyed on it, so a new hmos never trusts an older one's output.
const buildId = (() => {
  const h = createHash('sha256');
  const walk = (dir) => {
    for (const e of readdirSync(join(root, dir), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const rel = `${dir}/${e.name}`;
      if (e.isDirectory()) walk(rel);
      else if (e.isFile()) h.update(rel).update('\0').update(readFileSync(join(root, rel))).update('\0');
    }
  };
  walk('src');
  for (const f of ['package.json', 'package-lock.json']) if (existsSync(join(root, f))) h.update(readFileSync(join(root, f)));
  return `${JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version}+${h.digest('hex').slice(0, 16)}`;
})();
await build({
  absWorkingDir: root,
  // Extra entries are scripts started in their own process or worker (e.g. a device host); list them here.
  entryPoints: ['src/cli.ts', ...extraEntries.filter((e) => existsSync(join(root, e)))],
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  jsx: 'automatic',
  logLevel: 'warning',
  chunkNames: 'chunks/[name]-[hash]',
  define: { __HMOS_BUILD_ID__: JSON.stringify(buildId) },
  plugins: [requireCommonJs(['ohos-typescript', 'esbuild', 'commander', 'json5'], { namedExports: ['esbuild', 'commander', 'json5'] })],
});
asciiComments(join(root, 'dist'));

/**
 * esbuild keeps the doc comments of class members, and ours use '—', '→', '…'. One character past ASCII makes V8 keep a
 * whole module's source text two bytes a character: every device thread held the 0.8 MB runtime chunk as 1.6 MB, and
 * the app realm's framework script (made from that code's text) likewise, twice. Those characters in comment lines
 * become one ASCII character each, so columns (and source maps) stay as they are; code is not touched.
 */
function asciiComments(dir) {
  const plain = { '—': '-', '–': '-', '→': '>', '←': '<', '…': '.', '×': 'x', '≈': '~', '≤': '<', '≥': '>', '‘': "'", '’': "'", '“': '"', '”': '"' };
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const file = join(dir, e.name);
    if (e.isDirectory()) { asciiComments(file); continue; }
    if (!e.name.endsWith('.js')) continue;
    const text = readFileSync(file, 'utf8');
    if (!/[\u0080-\uffff]/.test(text)) continue;
    // (each UTF-16 unit of a character outside the BMP becomes one '?')
    const out = text.replace(/^([ \t]*(?:\/\/|\/\*|\*).*)$/gm, (line) => line.replace(/[\u0080-\uffff]/g, (c) => plain[c] ?? '?'));
    if (out !== text) writeFileSync(file, out);
  }
}

// `hmos build` (one-shot) runs the CLI as one CommonJS file through a V8 code cache (src/cli-build.ts); the
// transform worker (below) is one too. `import.meta.url` is the file's own URL there.
const commonJs = {
  absWorkingDir: root,
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  sourcemap: 'linked',
  logLevel: 'warning',
  jsx: 'automatic',
  define: { __HMOS_BUILD_ID__: JSON.stringify(buildId), 'import.meta.url': '__hmosModuleUrl' },
  banner: { js: 'const __hmosModuleUrl = require("node:url").pathToFileURL(__filename).href;' },
  // `import ts from 'ohos-typescript'` as the package's exports themselves (esbuild's interop would copy its
  // thousands of keys onto a namespace object first)
  plugins: [{
    name: 'plain-require',
    setup(b) {
      b.onResolve({ filter: /^ohos-typescript$/ }, (args) => (args.namespace === 'plain-require' ? { path: args.path, external: true } : { path: args.path, namespace: 'plain-require' }));
      b.onLoad({ filter: /.*/, namespace: 'plain-require' }, (args) => ({ contents: `export default require(${JSON.stringify(args.path)});\n`, loader: 'js' }));
    },
  }],
};
// A one-shot build first requires dist/build-early.cjs (src/build-early.ts: the up-to-date check, the transform
// worker's start, the code-cache loader), then dist/cli-build.cjs, which takes the early check's and worker's state
// from it: the modules holding that state are required from there, not bundled again. The transform worker's entry
// shares its code-cache loader too (it is run through it, and writes the caches it made when it closes).
await build({ ...commonJs, entryPoints: ['src/build-early.ts'], outfile: 'dist/build-early.cjs' });
const sharedWithEarly = new Set(['src/compiler/up-to-date.ts', 'src/compiler/transform-worker-client.ts', 'src/util/code-cache.ts'].map((f) => join(root, f)));
/** `from`: build-early.cjs relative to the output file. */
const shareWithEarly = (from) => ({
  name: 'shared-with-build-early',
  setup(b) {
    // (through a module that requires it: an external `import()` would stay one, which a vm.Script cannot run)
    b.onResolve({ filter: /(^|\/)(up-to-date|transform-worker-client|code-cache)\.js$/ }, (args) => (sharedWithEarly.has(join(args.resolveDir, args.path.replace(/\.js$/, '.ts')))
      ? { path: 'build-early', namespace: 'shared-with-build-early' } : undefined));
    b.onResolve({ filter: /build-early\.cjs$/, namespace: 'shared-with-build-early' }, (args) => ({ path: args.path, external: true }));
    b.onLoad({ filter: /.*/, namespace: 'shared-with-build-early' }, () => ({ contents: `module.exports = require(${JSON.stringify(from)});\n`, loader: 'js' }));
  },
});
await build({ ...commonJs, entryPoints: ['src/cli-build.ts'], outfile: 'dist/cli-build.cjs', plugins: [...commonJs.plugins, shareWithEarly('./build-early.cjs')] });
// A one-shot build's side of the build daemon (src/build-daemon/client.ts): the first file bin/hmos.js requires.
await build({ ...commonJs, entryPoints: ['src/build-daemon/client.ts'], outfile: 'dist/build-client.cjs' });
// The build daemon's entry (src/build-daemon/daemon-main.ts): it runs the daemon from dist/cli-build.cjs.
await build({ ...commonJs, entryPoints: ['src/build-daemon/daemon-main.ts'], outfile: 'dist/build-daemon.cjs', plugins: [...commonJs.plugins, shareWithEarly('./build-early.cjs')] });

// The transform worker (src/compiler/transform-worker.ts) is one CommonJS file: a worker thread whose entry is an ES
// module boots Node's ES module loader first and then loads each chunk it imports — ~15–20 ms more before it can
// start loading ohos-typescript, which is on the critical path of a one-edit build.
await build({ ...commonJs, entryPoints: ['src/compiler/transform-worker.ts'], outfile: 'dist/compiler/transform-worker.cjs', plugins: [...commonJs.plugins, shareWithEarly('../build-early.cjs')] });

// Importing a CommonJS package from ESM makes Node scan it first (module-format detection and cjs-module-lexer for its
// named exports): ~1–2 s for ohos-typescript's 10 MB, and 6–20 ms each for esbuild's, commander's and json5's entry
// files on every CLI start. `require` skips both. The module written here requires the package and re-exports its
// keys by name (read from the installed package now), so `import { build } from 'esbuild'` works as before.
function requireCommonJs(names, { namedExports = [] } = {}) {
  const filter = new RegExp(`^(${names.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})$`);
  const req = createRequire(import.meta.url);
  return {
    name: 'require-commonjs',
    setup(b) {
      b.onResolve({ filter }, (args) => (args.namespace === 'require-commonjs' ? undefined : { path: args.path, namespace: 'require-commonjs' }));
      b.onLoad({ filter: /.*/, namespace: 'require-commonjs' }, (args) => {
        const keys = namedExports.includes(args.path)
          ? Object.keys(req(args.path)).filter((k) => /^[A-Za-z_$][\w$]*$/.test(k) && k !== 'default' && k !== '__esModule')
          : [];
        return {
          contents: `import { createRequire } from 'node:module';\nconst m = createRequire(import.meta.url)(${JSON.stringify(args.path)});\nexport default m;\n`
            + (keys.length ? `export const { ${keys.join(', ')} } = m;\n` : ''),
          loader: 'js',
        };
      });
    },
  };
}
