/**
 * `hmos test --coverage`: V8's precise coverage of the test bundles while they run — taken inside each device's
 * worker, where its realms run (`startCoverage`, the inspector Profiler of that thread), handed to the holder as plain
 * data — then mapped by the CoverageCollector through each bundle's source map to the app's .ets/.ts lines by
 * v8-to-istanbul, merged across devices and reruns, and written as `lcov.info` (istanbul's lcov reporter). Test
 * sources (src/test, src/ohosTest) and packages (oh_modules) are left out: the figure is about the app's code.
 */
import inspector from 'node:inspector';
import { mkdirSync } from 'node:fs';
import { join, sep } from 'node:path';
import v8toIstanbul from 'v8-to-istanbul';
import libCoverage from 'istanbul-lib-coverage';
import libReport from 'istanbul-lib-report';
import reports from 'istanbul-reports';
import { compileBundlesWhole } from '../hap/bundle-script.js';

export interface CoverageSummary {
  lines: { total: number; covered: number; pct: number };
  files: number;
}

interface Bundle { code: string; map: unknown; root: string }

/** One script's V8 coverage (Profiler.takePreciseCoverage), as it crosses from a device's worker. */
export interface ScriptCoverage { url: string; functions: any[] }

/**
 * Starts precise coverage in this thread (a device worker); `take()` returns the test bundles' coverage and stops.
 * The bundles this thread loads from now on compile as one script each rather than in parts (hap/bundle-script.ts):
 * V8 reports a script's coverage by offsets into that script, which the collector maps through the bundle's map.
 */
export async function startCoverage(): Promise<{ take(): Promise<ScriptCoverage[]> }> {
  compileBundlesWhole();
  const session = new inspector.Session();
  session.connect();
  const post = (method: string, params?: object): Promise<any> =>
    new Promise((resolve, reject) => session.post(method, params ?? {}, (err, res) => (err ? reject(err) : resolve(res))));
  await post('Profiler.enable');
  await post('Profiler.startPreciseCoverage', { callCount: true, detailed: true });
  return {
    async take() {
      const { result } = await post('Profiler.takePreciseCoverage') as { result: ScriptCoverage[] };
      await post('Profiler.stopPreciseCoverage');
      session.disconnect();
      return result.filter((s) => s.url.endsWith('ets/bundle.js'));
    },
  };
}

export class CoverageCollector {
  private readonly bundles: Bundle[] = [];
  private readonly scripts: ScriptCoverage[] = [];

  /** Coverage a device took (see startCoverage). */
  addCoverage(scripts: ScriptCoverage[] | undefined): void {
    if (scripts) this.scripts.push(...scripts);
  }

  /** A test bundle whose coverage to keep (its code and source map, from the unpacked test HAP). */
  addBundle(entries: Map<string, Uint8Array>, root: string): void {
    const code = entries.get('ets/bundle.js');
    const map = entries.get('ets/bundle.js.map');
    if (!code || !map) return;
    try {
      this.bundles.push({ code: Buffer.from(code).toString('utf8'), map: JSON.parse(Buffer.from(map).toString('utf8')), root });
    } catch {
      // a bundle without a readable map has no .ets lines to report
    }
  }

  /** Writes `<dir>/lcov.info` of the coverage the devices took and returns the line summary. */
  async write(dir: string): Promise<CoverageSummary & { lcov: string }> {
    const map = libCoverage.createCoverageMap({});
    for (const script of this.scripts) {
      if (!script.url.endsWith('ets/bundle.js')) continue;
      const length = Math.max(0, ...script.functions.flatMap((f: any) => f.ranges.map((r: any) => r.endOffset)));
      const bundle = this.bundles.find((b) => b.code.length === length) ?? this.bundles.find((b) => Math.abs(b.code.length - length) <= 64);
      if (!bundle) continue;
      const converter = v8toIstanbul(join(bundle.root, '__hmos_test_bundle.js'), 0, { source: bundle.code, sourceMap: { sourcemap: bundle.map as never } });
      await converter.load();
      converter.applyCoverage(script.functions);
      const data = converter.toIstanbul();
      for (const [file, fileCoverage] of Object.entries(data)) {
        if (!isAppSource(file, bundle.root)) continue;
        map.merge({ [file]: fileCoverage });
      }
    }
    mkdirSync(dir, { recursive: true });
    const context = libReport.createContext({ dir, coverageMap: map });
    reports.create('lcovonly', { file: 'lcov.info' }).execute(context);
    const s = map.getCoverageSummary().lines;
    return { lines: { total: s.total, covered: s.covered, pct: s.total ? Math.round((s.covered / s.total) * 1000) / 10 : 100 }, files: map.files().length, lcov: join(dir, 'lcov.info') };
  }
}

function isAppSource(file: string, root: string): boolean {
  if (!file.startsWith(root + sep) || !/\.(ets|ts)$/.test(file)) return false;
  const rel = file.slice(root.length + 1).split(sep).join('/');
  return !/(^|\/)(oh_modules|node_modules|build)\//.test(rel) && !/\/src\/(test|ohosTest)\//.test(rel);
}
