import { describe, expect, it } from 'vitest';
import { scanSystemImports, systemModulePath, systemModuleSource } from '../../src/compiler/system-modules.js';
import { runHmos, tempDir } from '../helpers/cli.js';
import { copyFixture } from '../helpers/fixture.js';

describe('scanSystemImports', () => {
  it('collects default and named imports and re-exports per system module, ignoring types and other modules', () => {
    const code = [
      '// importing from a kit: prose in a comment must not swallow the next statement',
      "import router, { RouterOptions as Opts, type Skip } from '@ohos.router';",
      "import {\n  a,\n  b as c,\n} from '@kit.AbilityKit';",
      "import type { OnlyType } from '@kit.ArkUI';",
      "export { x } from '@kit.ArkData';",
      "import { local } from './local';",
      "import '@ohos.sideEffect';",
    ].join('\n');
    const imports = scanSystemImports(code);
    expect(imports.get('@ohos.router')).toEqual(new Set(['default', 'RouterOptions']));
    expect(imports.get('@kit.AbilityKit')).toEqual(new Set(['a', 'b']));
    expect(imports.get('@kit.ArkData')).toEqual(new Set(['x']));
    expect(imports.has('@kit.ArkUI')).toBe(false);
    expect(imports.has('./local')).toBe(false);
    expect(imports.get('@ohos.sideEffect')).toEqual(new Set());
  });

  it('a namespace import keeps the whole-namespace proxy module', () => {
    const imports = scanSystemImports("import * as hilog from '@ohos.hilog';\nimport { info } from '@ohos.hilog';");
    expect(imports.get('@ohos.hilog')).toBe('*');
    expect(systemModulePath('@ohos.hilog', '*')).toBe('@ohos.hilog');
    expect(systemModuleSource('@ohos.hilog')).toContain('module.exports');
  });

  it('named imports become explicit exports that read the namespace (through the runtime proxy)', () => {
    const path = systemModulePath('@kit.Foo', new Set(['b', 'default', 'a']));
    const source = systemModuleSource(path);
    expect(source).toContain('__hmosKit("@kit.Foo")');
    expect(source).toMatch(/export \{ m0 as a \}/);
    expect(source).toMatch(/export \{ m1 as b \}/);
    expect(source).toMatch(/export \{ m2 as default \}/);
  });
});

describe('unknown kit members end to end', () => {
  const project = copyFixture('build/kit-app');
  const home = tempDir('hmos-kit-home-');
  const preview = (...actions: string[]) => runHmos(['preview', project, ...actions.flatMap((a) => ['--do', a])], { env: { HMOS_HOME: home } });

  it('a page importing unknown members of @kit.* and @ohos.* renders; calling one throws UNSUPPORTED_API', async () => {
    const r = await preview('click:text=Call kit');
    expect(r.exitCode).toBe(0);
    expect(r.stdout).toContain('Text "fancyThing is a function, promptAction.showToast is a function"');
    expect(r.stdout).toContain('Text "UNSUPPORTED_API: @kit.SomethingKit.fancyThing is not available on hmos emulated devices"');
  });

  it('an uncaught call (from a .ts file, renamed import) crashes the app with UNSUPPORTED_API, not a TypeError', async () => {
    const r = await preview('click:text=Call foo');
    expect(r.exitCode).toBe(1);
    expect(r.stderr).toMatch(/native\.ts:5:29: error APP_CRASHED: .*UNSUPPORTED_API: @ohos\.foo\.fooBar is not available/);
    expect(r.stdout).not.toContain('TypeError');
  });
});
