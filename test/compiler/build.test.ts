import { describe, expect, it } from 'vitest';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { execa } from 'execa';
import { buildProject, watchProject, type BuildResult } from '../../src/compiler/build.js';
import { hmosBin, repoRoot, tempDir } from '../helpers/cli.js';
import { copyFixture } from '../helpers/fixture.js';
import { unpackHap } from '../../src/hap/hap.js';

const INDEX = 'entry/src/main/ets/pages/Index.ets';

describe('programmatic build API', () => {
  it('buildProject returns HAP paths and per-phase timings', async () => {
    const dir = copyFixture('build/v1-app');
    const r = await buildProject(dir, { homeDir: tempDir('hmos-home-') });
    expect(r.ok).toBe(true);
    expect(r.bundleName).toBe('com.example.v1app');
    expect(r.modules.map((m) => m.name)).toEqual(['entry']);
    expect(r.modules[0]!.hap).toBe(join(dir, 'entry/build/default/outputs/default/entry-default-signed.hap'));
    expect(r.modules[0]!.transformed).toBe(6);
    expect(r.modules[0]!.inputs).toContain(join(dir, INDEX));
  });

  it('watchProject rebuilds on change, re-transforms only the changed file, survives errors and recovers', async () => {
    const dir = copyFixture('build/v1-app');
    const results: BuildResult[] = [];
    let notify: (() => void) | undefined;
    // Like an editor, save again only a moment after the previous rebuild (the watcher folds events of one file
    // that follow each other within milliseconds).
    const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
    const next = () => {
      const n = results.length;
      return new Promise<BuildResult>((resolve) => {
        notify = () => {
          if (results.length > n) resolve(results[n]!);
        };
      });
    };
    const watcher = await watchProject(dir, { homeDir: tempDir('hmos-home-') }, (r) => {
      results.push(r);
      notify?.();
    });
    try {
      expect(results).toHaveLength(1);
      expect(results[0]!.ok).toBe(true);
      const source = readFileSync(join(dir, INDEX), 'utf8');

      await sleep(150);
      let pending = next();
      writeFileSync(join(dir, INDEX), source.replace('Clicked ${this.count} times', 'Pressed ${this.count} times'));
      let r = await pending;
      expect(r.ok).toBe(true);
      expect(r.modules[0]!.transformed).toBe(1);

      await sleep(150);
      pending = next();
      writeFileSync(join(dir, INDEX), source.replace("Button('Add')", "Button('Add'"));
      r = await pending;
      expect(r.ok).toBe(false);
      expect(r.diagnostics[0]!.file).toBe(join(dir, INDEX));

      await sleep(150);
      pending = next();
      writeFileSync(join(dir, INDEX), source);
      r = await pending;
      expect(r.ok).toBe(true);
      expect(r.modules[0]!.hap).toBeDefined();
    } finally {
      await watcher.close();
    }
  });
});

describe('real-project quirks the reference toolchain accepts', () => {
  it('a struct constructor, a malformed $r name and a GBK comment build with warnings at file:line:col', async () => {
    const quirks = readFileSync(join(repoRoot, 'test/fixtures/build/quirks/Quirks.ets'), 'latin1');
    // "//有大小写的按键组件" in GBK: not UTF-8
    const gbk = Buffer.from('      //\xd3\xd0\xb4\xf3\xd0\xa1\xd0\xb4\xb5\xc4\xb0\xb4\xbc\xfc\xd7\xe9\xbc\xfe', 'latin1');
    const [before, after] = quirks.split('GBK_COMMENT_LINE');
    const source = Buffer.concat([Buffer.from(before!, 'latin1'), gbk, Buffer.from(after!, 'latin1')]);
    const dir = copyFixture('build/v1-app', { 'entry/src/main/ets/components/Quirks.ets': source });
    const index = join(dir, INDEX);
    writeFileSync(index, readFileSync(index, 'utf8').replace("import router from '@ohos.router';", "import router from '@ohos.router';\nimport { Quirk } from '../components/Quirks';")
      .replace("Text($r('app.string.greeting'))", "Quirk()\n      Text($r('app.string.greeting'))"));
    const r = await buildProject(dir, { homeDir: tempDir('hmos-home-') });
    expect(r.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    expect(r.ok).toBe(true);
    expect(r.modules[0]!.hap).toBeDefined();
    const file = join(dir, 'entry/src/main/ets/components/Quirks.ets');
    const warnings = r.diagnostics.map((d) => [d.code, d.file, d.line, d.col]);
    expect(warnings).toContainEqual(['ETS_STRUCT_CONSTRUCTOR', file, 7, 3]);
    expect(warnings).toContainEqual(['ETS_RESOURCE_REF', file, 15, 23]);
    expect(warnings).toContainEqual(['SOURCE_NOT_UTF8', file, 16, 9]);
  });
});

describe('hostile sources end in located errors', () => {
  it('an import of a 60,000-character specifier is IMPORT_UNRESOLVED at its line:col, not an internal error (fuzz)', async () => {
    const dir = copyFixture('build/v1-app');
    const index = join(dir, INDEX);
    const spec = './src/' + '@a '.repeat(20_000);
    writeFileSync(index, `import { cardText } from '${spec}';\nconsole.info(String(cardText));\n` + readFileSync(index, 'utf8'));
    const r = await buildProject(dir, { homeDir: tempDir('hmos-home-') });
    expect(r.ok).toBe(false);
    expect(r.diagnostics.map((d) => [d.code, d.file, d.line, d.col])).toEqual([['IMPORT_UNRESOLVED', index, 1, 26]]);
  });

  it('an import of a file named with characters outside the BMP is resolved like any other (fuzz: esbuild writes \\u{…})', async () => {
    const dir = copyFixture('build/v1-app');
    const index = join(dir, INDEX);
    writeFileSync(index, `import { cardText } from './src/😀x';\nconsole.info(String(cardText));\n` + readFileSync(index, 'utf8'));
    const r = await buildProject(dir, { homeDir: tempDir('hmos-home-') });
    expect(r.diagnostics.map((d) => [d.code, d.file, d.line, d.col])).toEqual([['IMPORT_UNRESOLVED', index, 1, 26]]);
  });
});

describe('hmos build --watch', () => {
  it('prints each rebuild, every error (a bug with its stack), keeps watching, and exits cleanly on SIGINT', async () => {
    const dir = copyFixture('build/ts-app');
    // The preload makes json5 throw a plain TypeError on a marked file: a bug met on a config change (W1 of #12).
    const preload = join(repoRoot, 'test/helpers/inject-json5-bug.mjs');
    const child = execa(process.execPath, [hmosBin, 'build', dir, '--watch'], {
      env: { NO_COLOR: '1', HMOS_HOME: tempDir('hmos-home-'), NODE_OPTIONS: `--import=${preload}` }, reject: false, all: true,
    });
    let output = '';
    const waitFor = (re: RegExp) => new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${re}; output:\n${output}`)), 20_000);
      const check = () => {
        if (re.test(output)) {
          clearTimeout(timer);
          child.all!.off('data', onData);
          resolve();
        }
      };
      const onData = (d: Buffer) => {
        output += d.toString();
        check();
      };
      child.all!.on('data', onData);
      check();
    });
    await waitFor(/watching for changes/);
    const util = join(dir, 'entry/src/main/ets/common/util.ts');
    const source = readFileSync(util, 'utf8');
    writeFileSync(util, source.replace('hello ', 'first save '));
    await waitFor(/rebuilt in \d+ ms/);
    // A second save right after the rebuild (while the watcher may still be settling) must not be lost.
    writeFileSync(util, source.replace('hello ', 'second save '));
    const hap = join(dir, 'entry/build/default/outputs/default/entry-default-signed.hap');
    const bundle = async () => Buffer.from((await unpackHap(readFileSync(hap))).get('ets/bundle.js')!).toString('utf8');
    const deadline = Date.now() + 15_000;
    while (!(await bundle()).includes('second save') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(await bundle()).toContain('second save');
    expect(await bundle()).not.toContain('first save');
    expect(output).not.toMatch(/INTERNAL|internal error/);

    // A config change that meets a bug: printed with its stack and where to report it; the watch goes on.
    const moduleJson = join(dir, 'entry/src/main/module.json5');
    const config = readFileSync(moduleJson, 'utf8');
    writeFileSync(moduleJson, `// HMOS_TEST_INTERNAL_ERROR\n${config}`);
    await waitFor(/error INTERNAL: injected bug \(a bug in hmos — please report it[^\n]*\)\nTypeError: injected bug\n\s+at [\s\S]*watching for changes/);
    writeFileSync(moduleJson, config);
    await waitFor(/injected bug[\s\S]*rebuilt in \d+ ms\n[\s\S]*built entry/);
    child.kill('SIGINT');
    const r = await child;
    // Ctrl-C is the normal way to end a watch: exit 0, no leftovers.
    expect(r.exitCode).toBe(0);
  });
});
