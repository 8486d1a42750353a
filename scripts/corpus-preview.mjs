// `npm run corpus:preview -- <folder> [--only <substring>]`: for every Stage-model module under a folder that builds
// (hmos's build API, scratch output), launches its entry ability on a headless device as `hmos preview` does, lays
// out and renders the first page, and classifies it: `ok` (rendered with no runtime error), `runtime` (app code
// crashed or the watchdog stopped it: message + .ets location), `layout` (layout/render threw: an hmos bug),
// `nopage` (no page was shown), `build` (the build failed) or `skip` (not an entry/feature module, or registry deps
// that are not installed). Multi-module projects (entry or products/* over HAR/HSP modules) build from their entry
// module with their packages. Prints one line per module, then a JSON summary: the figure per module and per project
// (renders / fails with its cause / blocked by uninstalled packages / build fails), the main causes, and the
// components drawn as placeholders (uses in the sources, and on the first pages rendered).
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import JSON5 from 'json5';
import { findModules, missingRegistryDeps } from './corpus-modules.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const argv = process.argv.slice(2);
const onlyAt = argv.indexOf('--only');
const only = onlyAt >= 0 ? argv.splice(onlyAt, 2)[1] : undefined;
const folder = argv[0];
if (!folder || !existsSync(folder)) {
  process.stderr.write('usage: npm run corpus:preview -- <folder with ArkTS projects> [--only <path substring>]\n');
  process.exit(1);
}
const dist = (p) => {
  const f = join(root, 'dist', p);
  if (!existsSync(f)) {
    process.stderr.write(`dist/${p} is missing: run \`npm run build\` first\n`);
    process.exit(1);
  }
  return import(pathToFileURL(f).href);
};
const { buildProject } = await dist('compiler/build.js');
const { createDevice } = await dist('runtime/device.js');
const { layoutApp, renderPage, unsupportedComponents, BUILTIN_COMPONENTS, isKnownComponent } = await dist('runtime/screen.js');
const { unpackHap, verifyHap } = await dist('hap/hap.js');
const { resourceTableFromHap } = await dist('runtime/hap-resources.js');

const SETTLE_MS = 10_000;
const KNOWN_TYPES = new Set(['phone', 'tablet', '2in1', 'wearable', 'tv', 'car', 'watch', 'pc']);

function moduleConfig(dir) {
  try {
    return JSON5.parse(readFileSync(join(dir, 'src/main/module.json5'), 'utf8')).module ?? {};
  } catch {
    return {};
  }
}

/** The device `hmos preview` would pick: the first declared device type it knows, else a phone. */
function deviceFor(config) {
  const declared = Array.isArray(config.deviceTypes) ? config.deviceTypes.map((d) => String(d).toLowerCase()) : [];
  return declared.map((d) => (d === 'default' ? 'phone' : d)).find((d) => KNOWN_TYPES.has(d)) ?? 'phone';
}

const withTimeout = (p, ms, what) => Promise.race([p, new Promise((_, rej) => {
  const t = setTimeout(() => rej(new Error(`${what} did not finish within ${ms} ms`)), ms);
  t.unref();
})]);

async function preview(hap, device, dataDir) {
  const entries = verifyHap(await unpackHap(readFileSync(hap))).entries;
  // As `hmos preview` runs it: virtual time (a splash page's timer moves on at once), animations run to their end.
  const dev = createDevice({ profile: device, dataDir, locale: 'en_US', colorMode: 'light', virtualTime: true });
  const app = dev.launch({ bundle: entries, resources: resourceTableFromHap(entries) });
  try {
    await withTimeout(app.settle(), SETTLE_MS, 'settling');
    await withTimeout(app.finishAnimations(), SETTLE_MS, 'finishing animations');
    // Unhandled rejections (logged by the device) are reported a tick later.
    await new Promise((r) => setTimeout(r, 20));
    if (app.crash) return crashed(app.crash);
    if (!app.page()) {
      // Usually loadContent reported the page's failure to the app, which logged it.
      const last = [...app.logs].reverse().find((l) => l.level === 'E' || l.level === 'F');
      return { status: 'nopage', first: last ? `no page; last error log: ${last.message.slice(0, 200)}` : 'no page was loaded (the ability never called loadContent?)' };
    }
    let unsupported;
    try {
      const screen = await layoutApp(app);
      await renderPage(screen, 'text');
      unsupported = unsupportedComponents(screen);
      if (app.crash) return crashed(app.crash);
    } catch (e) {
      return { status: 'layout', code: e?.code ?? 'LAYOUT', first: String(e?.stack ?? e).split('\n').slice(0, 3).join(' | ') };
    }
    return { status: 'ok', page: app.page(), unsupported };
  } finally {
    try {
      app.stop();
    } catch {
      // a crashed app may refuse to stop cleanly: it is discarded anyway
    }
  }
}

function crashed(c) {
  const where = c.location ? `${c.location.file}:${c.location.line}:${c.location.col}` : 'unknown location';
  return { status: 'runtime', code: c.kind === 'timeout' ? 'TIMEOUT' : 'APP_CRASHED', first: `${c.message} (at ${where}, during ${c.during})`, message: c.message };
}

const modules = findModules(folder).sort().filter((d) => !only || relative(folder, d).includes(only));
const scratch = mkdtempSync(join(tmpdir(), 'hmos-corpus-preview-'));
const home = mkdtempSync(join(tmpdir(), 'hmos-corpus-home-'));
const results = [];
for (const [i, dir] of modules.entries()) {
  const rel = relative(folder, dir);
  const config = moduleConfig(dir);
  const t0 = performance.now();
  let r;
  const external = missingRegistryDeps(dir);
  if (config.type !== 'entry' && config.type !== 'feature') r = { status: 'skip', first: `a ${config.type ?? 'unknown'} module has no page to show` };
  else if (external.length) r = { status: 'skip', first: `needs registry packages ${external.join(', ')}` };
  else {
    const out = join(scratch, String(i));
    try {
      const b = await buildProject(dir, { homeDir: home, outputDir: out });
      const built = b.modules.find((m) => m.name === config.name && m.hap) ?? b.modules.find((m) => m.hap);
      const err = b.diagnostics.find((d) => d.severity === 'error');
      if (!built) {
        r = { status: err?.code === 'MODULE_NOT_BUILDABLE' ? 'skip' : 'build', code: err?.code ?? 'NO_HAP',
          first: err ? `${err.file ? relative(folder, err.file) : ''}${err.line ? `:${err.line}:${err.col}` : ''} ${err.code}: ${err.message}` : 'no HAP was written' };
      } else {
        const dataDir = join(scratch, `data-${i}`);
        try {
          r = await preview(built.hap, deviceFor(config), dataDir);
        } catch (e) {
          r = { status: 'runtime', code: e?.code ?? 'HOST', first: String(e?.message ?? e).split('\n')[0], message: String(e?.message ?? e).split('\n')[0] };
        }
        rmSync(dataDir, { recursive: true, force: true });
      }
    } catch (e) {
      r = { status: 'build', code: e?.code ?? 'INTERNAL', first: String(e?.message ?? e).split('\n')[0] };
    }
    rmSync(out, { recursive: true, force: true });
  }
  const ms = Math.round(performance.now() - t0);
  results.push({ module: rel, ...r, ms });
  process.stdout.write(`${r.status.toUpperCase().padEnd(7)} ${rel} (${ms} ms)${r.first && r.status !== 'ok' ? `\n        ${r.first}` : ''}\n`);
}
rmSync(scratch, { recursive: true, force: true });
rmSync(home, { recursive: true, force: true });

// ---- per project: a project is the app a module belongs to (the nearest folder with a build-profile.json5 listing
// modules); it builds when one of its entry modules built, and renders when every entry module that built rendered ----
function projectOf(dir) {
  for (let d = dir; d.startsWith(folder) && d !== dirname(d); d = dirname(d)) {
    try {
      const profile = JSON5.parse(readFileSync(join(d, 'build-profile.json5'), 'utf8'));
      if (Array.isArray(profile?.modules)) return relative(folder, d) || '.';
    } catch {
      // not a project root
    }
  }
  return relative(folder, dir);
}
const projects = new Map();
for (const [i, r] of results.entries()) {
  if (r.status === 'skip' && !String(r.first).startsWith('needs registry')) continue;
  const name = projectOf(modules[i]);
  const p = projects.get(name) ?? { modules: [] };
  p.modules.push(r);
  projects.set(name, p);
}
const perProject = {};
for (const [name, p] of projects) {
  const built = p.modules.filter((r) => ['ok', 'runtime', 'layout', 'nopage'].includes(r.status));
  const failed = built.find((r) => r.status !== 'ok');
  const blocked = p.modules.find((r) => r.status === 'skip' || (r.status === 'build' && r.code === 'DEP_NOT_INSTALLED'));
  perProject[name] = built.length
    ? (failed ? { status: 'fails', cause: failed.first } : { status: 'renders', page: built[0].page })
    : blocked ? { status: 'blocked', cause: blocked.first } : { status: 'build fails', cause: p.modules[0]?.first };
}
const projectsBuilt = Object.values(perProject).filter((p) => p.status === 'renders' || p.status === 'fails').length;
const projectsOk = Object.values(perProject).filter((p) => p.status === 'renders').length;

// ---- components drawn as placeholders: on the first pages rendered, and every use in the folder's .ets sources ----
// (page transitions are parameters, not something drawn)
const builtins = new Set(BUILTIN_COMPONENTS.filter((n) => !n.startsWith('PageTransition')));
const placeholderUses = {};
const scanEts = (dir) => {
  let entries = [];
  try { entries = readdirSync(dir, { withFileTypes: true }); } catch { return; }
  for (const e of entries) {
    if (e.name.startsWith('.') || e.name === 'node_modules' || e.name === 'oh_modules' || e.name === 'build') continue;
    const p = join(dir, e.name);
    if (e.isDirectory()) scanEts(p);
    else if (e.name.endsWith('.ets')) {
      const text = readFileSync(p, 'utf8');
      // A name the file imports (e.g. Chip from @kit.ArkUI, an advanced component) is not the built-in of that name.
      const imported = new Set([...text.matchAll(/import\s*(?:type\s*)?\{([^}]*)\}/g)].flatMap((m) => m[1].split(',').map((n) => n.trim().split(/\s+as\s+/).pop())));
      for (const m of text.matchAll(/(?<![\w.$])([A-Z]\w+)\s*\(/g)) {
        if (builtins.has(m[1]) && !isKnownComponent(m[1]) && !imported.has(m[1])) placeholderUses[m[1]] = (placeholderUses[m[1]] ?? 0) + 1;
      }
    }
  }
};
scanEts(folder);
const onFirstPages = {};
for (const r of results) for (const [k, v] of Object.entries(r.unsupported ?? {})) onFirstPages[k] = (onFirstPages[k] ?? 0) + v;

const count = (s) => results.filter((r) => r.status === s).length;
const builtCount = count('ok') + count('runtime') + count('layout') + count('nopage');
// Group runtime errors by their message with names and numbers blanked, so one missing API counts once.
const causes = {};
for (const r of results) {
  if (r.status !== 'runtime' && r.status !== 'layout' && r.status !== 'nopage') continue;
  const key = r.status === 'runtime' ? String(r.message).replace(/\d+/g, 'N').slice(0, 120) : r.status;
  causes[key] = (causes[key] ?? 0) + 1;
}
process.stdout.write(JSON.stringify({
  modules: results.length,
  skipped: count('skip'),
  buildFailures: count('build'),
  built: builtCount,
  renderedOk: count('ok'),
  runtimeErrors: count('runtime'),
  layoutErrors: count('layout'),
  noPage: count('nopage'),
  renderRate: builtCount ? Math.round((count('ok') / builtCount) * 1000) / 10 : null,
  mainCauses: Object.fromEntries(Object.entries(causes).sort((a, b) => b[1] - a[1])),
  projects: { total: projects.size, built: projectsBuilt, render: projectsOk,
    renderRate: projectsBuilt ? Math.round((projectsOk / projectsBuilt) * 1000) / 10 : null, perProject },
  placeholders: {
    usesInSources: Object.fromEntries(Object.entries(placeholderUses).sort((a, b) => b[1] - a[1])),
    onFirstPages: Object.fromEntries(Object.entries(onFirstPages).sort((a, b) => b[1] - a[1])),
  },
}, null, 2) + '\n');
// A crashed app can leave timers in its realm: do not wait for them.
process.exit(0);
