// Bundles src/ into dist/ with esbuild. Code splitting keeps `hmos --version` fast: each command and every heavy
// dependency (ohos-typescript, esbuild, ink, React) is only loaded by the command that needs it.
import { build } from 'esbuild';
import { existsSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const extraEntries = [
  'src/emulator/device-worker.ts',
  'src/emulator/host-main.ts',
  'src/compiler/transform/index.ts',
  'src/runtime/distributed/index.ts',
  'src/compiler/build.ts',
  'src/runtime/device.ts',
  'src/emulator/screen-worker.ts',
  // scripts/corpus-preview.mjs drives these programmatically
  'src/runtime/screen.ts',
  'src/runtime/hap-resources.ts',
  'src/hap/hap.ts',
];
const root = join(dirname(fileURLToPath(import.meta.url)), '..');
rmSync(join(root, 'dist'), { recursive: true, force: true });
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
  plugins: [requireCommonJs(['ohos-typescript'])],
});

// Importing a 10 MB CommonJS file from ESM makes Node scan it twice (module-format detection and cjs-module-lexer
// for named exports: ~1–2 s for ohos-typescript). `require` skips both; default-import users are unaffected.
function requireCommonJs(names) {
  const filter = new RegExp(`^(${names.map((n) => n.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})$`);
  return {
    name: 'require-commonjs',
    setup(b) {
      b.onResolve({ filter }, (args) => (args.namespace === 'require-commonjs' ? undefined : { path: args.path, namespace: 'require-commonjs' }));
      b.onLoad({ filter: /.*/, namespace: 'require-commonjs' }, (args) => ({
        contents: `import { createRequire } from 'node:module';\nexport default createRequire(import.meta.url)(${JSON.stringify(args.path)});\n`,
        loader: 'js',
      }));
    },
  };
}
