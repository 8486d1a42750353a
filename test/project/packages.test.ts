import { describe, expect, it } from 'vitest';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { PackageGraph } from '../../src/project/packages.js';
import { tempDir } from '../helpers/cli.js';
import { makeTgz } from '../helpers/tarball.js';

function tree(files: Record<string, string | Buffer>): string {
  const root = tempDir('hmos-graph-');
  for (const [rel, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), content);
  }
  return root;
}

const link = (root: string, from: string, to: string) => {
  mkdirSync(dirname(join(root, from)), { recursive: true });
  symlinkSync(to, join(root, from));
};

describe('package graph (ohpm semantics)', () => {
  const root = tree({
    'oh-package.json5': '{ "dependencies": { "rootdep": "^1.0.0" }, "overrides": { "pinned": "file:./pinned" } }',
    'entry/oh-package.json5': '{\n  "name": "entry",\n  "dependencies": {\n    "liba": "file:../commons/liba",\n    "@ohos/axios": "^2.2.6",\n    "gone": "file:../gone",\n    "arch": "file:./libs/arch.har",\n    "nomain": "file:../nomain",\n    "pinned": "^9.0.0"\n  }\n}',
    'entry/src/main/ets/pages/Index.ets': '',
    'entry/libs/arch.har': makeTgz([{ path: 'package/oh-package.json5', content: '{ "name": "arch", "main": "src/Main.ets" }' }, { path: 'package/src/Main.ets', content: 'export const a = 1;' }]),
    'commons/liba/oh-package.json5': '{ "name": "liba", "main": "Index.ets", "dependencies": { "libb": "file:../libb", "store": "^1.0.0" } }',
    'commons/liba/Index.ets': '',
    'commons/liba/src/main/ets/components/Card.ets': '',
    'commons/libb/oh-package.json5': '{ "name": "libb", "dependencies": { "liba": "file:../liba" } }',
    'commons/libb/index.ets': '',
    'nomain/oh-package.json5': '{\n  "name": "nomain",\n  "main": "Nope.ets"\n}',
    'pinned/oh-package.json5': '{ "name": "pinned" }',
    // an HSP that depends on the entry
    'hsp/oh-package.json5': '{\n  "name": "hsp",\n  "dependencies": { "entry": "file:../entry" }\n}',
    'hsp/src/main/module.json5': '{ "module": { "name": "hsp", "type": "shared" } }',
    'hsp/Index.ets': '',
    'entry/src/main/module.json5': '{ "module": { "name": "entry", "type": "entry" } }',
    'pinned/Index.ets': '',
    'oh_modules/.ohpm/store@1.0.0/oh_modules/store/oh-package.json5': '{ "name": "store", "main": "lib/index.js", "dependencies": { "inner": "^2.0.0" } }',
    'oh_modules/.ohpm/store@1.0.0/oh_modules/store/lib/index.js': '',
    'oh_modules/.ohpm/inner@2.0.0/oh_modules/inner/oh-package.json5': '{ "name": "inner" }',
    'oh_modules/.ohpm/inner@2.0.0/oh_modules/inner/Index.ets': '',
    'oh_modules/.ohpm/rootdep@1.2.0/oh_modules/rootdep/package.json': '{ "name": "rootdep", "main": "main.js" }',
    'oh_modules/.ohpm/rootdep@1.2.0/oh_modules/rootdep/main.js': '',
    // a checkout that kept a symlink as a text file holding its target
    'oh_modules/rootdep': '.ohpm/rootdep@1.2.0/oh_modules/rootdep\n',
  });
  link(root, 'commons/liba/oh_modules/store', '../../../oh_modules/.ohpm/store@1.0.0/oh_modules/store');
  link(root, 'oh_modules/.ohpm/store@1.0.0/oh_modules/inner', '../../inner@2.0.0/oh_modules/inner');
  const homeDir = tempDir('hmos-graph-home-');
  const graph = new PackageGraph(root, { homeDir });
  const page = join(root, 'entry/src/main/ets/pages/Index.ets');
  const liba = join(root, 'commons/liba/Index.ets');
  const target = (from: string, spec: string) => {
    const r = graph.resolve(from, spec);
    return r?.kind === 'package' ? r.target.slice(graph.root.length + 1) : r;
  };

  it('resolves each package through its own manifest, transitively, with deep imports', () => {
    expect(target(page, 'liba')).toBe('commons/liba/Index.ets');
    expect(target(page, 'liba/src/main/ets/components/Card')).toBe('commons/liba/src/main/ets/components/Card');
    // liba declares libb; the entry does not
    expect(target(liba, 'libb')).toBe('commons/libb/index.ets');
    // …so from the entry it resolves only as something an uninstalled package (axios) might bring along
    expect(graph.resolve(page, 'libb')).toMatchObject({ kind: 'not-installed', dep: { name: 'libb' }, via: [{ name: '@ohos/axios' }] });
    expect(graph.resolve(liba, 'nothing-anywhere')).toBeUndefined();
    // a cycle between local packages resolves both ways
    expect(target(join(root, 'commons/libb/index.ets'), 'liba')).toBe('commons/liba/Index.ets');
    expect(graph.localClosure(graph.packageInDir(graph.root + '/entry')!, []).map((p) => p.pkg.name).sort()).toEqual(['arch', 'liba', 'libb', 'nomain', 'pinned']);
  });

  it("follows ohpm's oh_modules layout: links into the .ohpm store, whose packages see their own dependencies", () => {
    expect(target(liba, 'store')).toBe('oh_modules/.ohpm/store@1.0.0/oh_modules/store/lib/index.js');
    const storeMain = join(root, 'oh_modules/.ohpm/store@1.0.0/oh_modules/store/lib/index.js');
    expect(target(storeMain, 'inner')).toBe('oh_modules/.ohpm/inner@2.0.0/oh_modules/inner/Index.ets');
    // the root's dependencies apply to every package; a symlink kept as a text file still leads there
    expect(target(page, 'rootdep')).toBe('oh_modules/.ohpm/rootdep@1.2.0/oh_modules/rootdep/main.js');
    // the root's overrides replace a dependency's spec wherever it is declared
    expect(target(page, 'pinned')).toBe('pinned/Index.ets');
  });

  it('unpacks file: archives into the cache', () => {
    const r = graph.resolve(page, 'arch');
    expect(r?.kind === 'package' && r.target.startsWith(homeDir) && r.target.endsWith('package/src/Main.ets')).toBe(true);
  });

  it('reports what is declared but unusable at the declaration', () => {
    expect(graph.resolve(page, '@ohos/axios')).toMatchObject({ kind: 'not-installed', dep: { name: '@ohos/axios', file: join(graph.root, 'entry/oh-package.json5'), line: 5, col: 5 } });
    expect(graph.resolve(page, 'gone')).toMatchObject({ kind: 'error', code: 'DEP_MISSING', line: 6, col: 5 });
    expect(graph.resolve(page, 'nomain')).toMatchObject({ kind: 'error', code: 'PACKAGE_MAIN_MISSING', file: join(graph.root, 'nomain/oh-package.json5'), line: 3, col: 3 });
    expect(graph.resolve(join(root, 'hsp/Index.ets'), 'entry')).toMatchObject({ kind: 'error', code: 'DEP_ON_HAP', line: 3, col: 21 });
    const diagnostics: { code: string }[] = [];
    graph.localClosure(graph.packageInDir(graph.root + '/entry')!, diagnostics as never);
    expect(diagnostics.map((d) => d.code)).toEqual(['DEP_MISSING', 'DEP_CYCLE']);
    expect(diagnostics[1]).toMatchObject({ file: join(graph.root, 'commons/liba/oh-package.json5'), line: 1, message: expect.stringContaining('liba → libb → liba') });
  });

  it("makes no cycle of the root's dependencies, which apply to every package, the ones they name included", () => {
    const r = tree({
      'oh-package.json5': '{ "dependencies": { "cal": "file:./commons/cal", "ui": "file:./commons/ui" } }',
      'commons/cal/oh-package.json5': '{ "name": "cal" }',
      'commons/cal/Index.ets': '',
      'commons/ui/oh-package.json5': '{ "name": "ui", "dependencies": { "cal": "file:../cal" } }',
      'commons/ui/Index.ets': '',
    });
    const g = new PackageGraph(r, { homeDir });
    for (const dir of ['commons/cal', 'commons/ui']) {
      const diagnostics: { code: string }[] = [];
      g.localClosure(g.packageInDir(join(g.root, dir))!, diagnostics as never);
      expect(diagnostics).toEqual([]);
    }
  });
});
