// Layout and rendering figures. The runtime's layout/render modules are not entry points of dist/ (they are chunks
// of the commands that use them), so this bench bundles them from src/ with the same esbuild settings into a temp dir.
import { build } from 'esbuild';
import { mkdtempSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { figure, median, round, sample, root } from './util.mjs';

async function load() {
  // Inside the project so the bundle's bare imports (yoga-layout, resvg) resolve from node_modules.
  const out = mkdtempSync(join(root, 'node_modules', '.hmos-render-bench-'));
  await build({
    absWorkingDir: root,
    entryPoints: { layout: 'src/runtime/layout/layout.ts', json: 'src/runtime/render/json.ts',
      cells: 'src/runtime/render/cells.ts', png: 'src/runtime/render/png.ts' },
    outdir: out, bundle: true, splitting: true, format: 'esm', platform: 'node', target: 'node20',
    packages: 'external', logLevel: 'warning',
  });
  const mod = async (n) => import(pathToFileURL(join(out, `${n}.js`)).href);
  return { out, layout: await mod('layout'), json: await mod('json'), cells: await mod('cells'), png: await mod('png') };
}

let id = 1;
const el = (type, args = [], attrs = {}, children = []) => ({ elmtId: id++, type, args, attrs, children });

/** A realistic ~1,000-node page: a header, then a List of 143 rows of Row(Image, Column(Text, Text), Blank, Toggle…). */
function bigTree() {
  const rows = [];
  for (let i = 0; i < 143; i++) {
    rows.push(el('ListItem', [], {}, [el('Row', [{ space: 8 }], { width: ['100%'], padding: [{ left: 16, right: 16 }] }, [
      el('Image', [`icon${i}.png`], { width: [40], height: [40], borderRadius: [20] }),
      el('Column', [], { alignItems: [1], layoutWeight: [1] }, [
        el('Text', [`Item number ${i}`], { fontSize: [16], fontWeight: ['bold'] }),
        el('Text', [`A longer description of item ${i} that wraps onto more than one line`], { fontSize: [12], fontColor: ['#ff999999'] }),
      ]),
      el('Toggle', [{ type: 1, isOn: i % 2 === 0 }]),
    ])]));
  }
  return el('Column', [], { width: ['100%'], height: ['100%'] }, [
    el('Text', ['Settings'], { fontSize: [24] }),
    el('Search', [{ placeholder: 'Search' }]),
    el('List', [{ space: 4 }], { layoutWeight: [1] }, rows),
  ]);
}

function count(n) {
  return 1 + n.children.reduce((s, c) => s + count(c), 0);
}

export async function bench() {
  const m = await load();
  try {
    const engine = await m.layout.loadLayoutEngine();
    const phone = { type: 'phone', width: 360, height: 780, density: 3, shape: 'rect' };
    const tree = bigTree();
    const nodes = count(tree);
    const layoutJson = await sample(() => m.json.renderJson(m.layout.layoutPage(engine, tree, phone)), { runs: 15, warmup: 3 });
    // Baseline: yoga alone on a tree of the same shape (no ArkUI semantics, no JSON).
    const Y = await import('yoga-layout/load');
    const rawYoga = await sample(() => {
      const mk = (n) => {
        const y = engine.yoga.Node.create();
        y.setWidth(n.children.length ? undefined : 40);
        y.setHeight(n.children.length ? undefined : 20);
        n.children.forEach((c, i) => y.insertChild(mk(c), i));
        return y;
      };
      const r = mk(tree);
      r.calculateLayout(360, 780, Y.Direction.LTR);
      r.freeRecursive();
    }, { runs: 15, warmup: 3 });
    const page = m.layout.layoutPage(engine, tree, phone);
    const cells = await sample(() => m.cells.renderCells(page, { cols: 80, rows: 40 }), { runs: 15, warmup: 3 });
    const jsonOnly = await sample(() => m.json.renderJson(page), { runs: 15, warmup: 3 });
    const png = await sample(() => m.png.renderPng(page), { runs: 5, warmup: 1 });
    const blankPage = m.layout.layoutPage(engine, el('Column', [], { width: ['100%'], height: ['100%'] }), phone);
    const blankPng = await sample(() => m.png.renderPng(blankPage), { runs: 5, warmup: 1 });
    return {
      layoutJson1000: figure(layoutJson, 50, { nodes, baseline: { what: 'yoga alone, same tree shape', median: round(median(rawYoga)) } }),
      cells80x40: figure(cells, 20, { baseline: { what: 'JSON render of the same page', median: round(median(jsonOnly)) } }),
      pngPhone: figure(png, 400, { pixels: '1080x2340', baseline: { what: 'PNG of an empty page', median: round(median(blankPng)) } }),
    };
  } finally {
    rmSync(m.out, { recursive: true, force: true });
  }
}
