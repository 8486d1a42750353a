import { execFileSync } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { cpSync, existsSync, readFileSync, renameSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { deflateRawSync } from 'node:zlib';
import { unzipSync } from 'fflate';
import { hmosBin, repoRoot, tempDir } from './cli.js';
import { packHap } from '../../src/hap/hap.js';
import { writeZip } from '../../src/hap/zip-writer.js';
import type { SigningKey } from '../../src/hap/signing-key.js';

export interface TestHapOptions {
  bundleName?: string;
  versionCode?: number;
  deviceTypes?: string[];
  /** Adds an incompressible entry of this many bytes (to reach a size). */
  padding?: number;
  /** module.name / module.type (`shared`: an HSP) / module.dependencies (HSP module names, or another bundle's). */
  moduleName?: string;
  moduleType?: string;
  dependencies?: (string | { moduleName: string; bundleName: string })[];
}

let built: Record<string, Uint8Array> | undefined;

/**
 * The files of test/fixtures/deploy-app built by the real `hmos build` (once per test process): a counter page with
 * an Add button, so a launched app really runs, draws and takes input.
 */
export function fixtureAppFiles(): Record<string, Uint8Array> {
  if (!built) {
    // Cached across test processes for one build of dist/ (the key changes whenever dist/ is rebuilt).
    const key = createHash('sha256').update(String(statSync(join(repoRoot, 'dist', 'cli.js')).mtimeMs)).update(repoRoot).digest('hex').slice(0, 16);
    const cached = join(tmpdir(), `hmos-test-deploy-app-${key}.hap`);
    if (!existsSync(cached)) {
      const dir = join(tempDir('hmos-fixture-build-'), 'deploy-app');
      cpSync(join(repoRoot, 'test', 'fixtures', 'deploy-app'), dir, { recursive: true });
      execFileSync(process.execPath, [hmosBin, 'build', dir], { env: { ...process.env, HMOS_HOME: tempDir('hmos-fixture-home-') }, stdio: 'pipe' });
      const tmp = `${cached}.${process.pid}`;
      cpSync(join(dir, 'entry', 'build', 'default', 'outputs', 'default', 'entry-default-signed.hap'), tmp);
      renameSync(tmp, cached);
    }
    const files = unzipSync(readFileSync(cached));
    delete files['META-INF/hmos.manifest.json'];
    delete files['META-INF/hmos.sig.json'];
    built = files;
  }
  return built;
}

/** A signed HAP: the built fixture app with its module.json replaced (bundle name, version, device types). */
export function makeHap(key: SigningKey, o: TestHapOptions = {}): Uint8Array {
  const moduleJson = JSON.parse(Buffer.from(fixtureAppFiles()['module.json']).toString('utf8'));
  const versionCode = o.versionCode ?? 1000000;
  moduleJson.app = { ...moduleJson.app, bundleName: o.bundleName ?? 'com.example.hello', versionCode, versionName: `${versionCode / 1000000}.0.0` };
  moduleJson.module = { ...moduleJson.module, deviceTypes: o.deviceTypes ?? ['phone', 'wearable'] };
  if (o.moduleName) moduleJson.module.name = o.moduleName;
  if (o.moduleType) moduleJson.module.type = o.moduleType;
  if (o.dependencies) moduleJson.module.dependencies = o.dependencies.map((d) => (typeof d === 'string' ? { moduleName: d } : d));
  const entries = new Map<string, Uint8Array>(Object.entries(fixtureAppFiles()));
  entries.set('module.json', Buffer.from(JSON.stringify(moduleJson)));
  if (o.padding) entries.set('resources/rawfile/blob.bin', randomBytes(o.padding));
  return packHap(entries, key);
}

/**
 * A zip whose one entry `name` really inflates to `realBytes` zero bytes while its local and central headers declare
 * `declaredBytes` — the lie a zip bomb tells to pass checks that trust headers (H1 of #12).
 */
export function lyingZip(name: string, realBytes: number, declaredBytes: number): Buffer {
  const deflated = deflateRawSync(Buffer.alloc(realBytes), { level: 9 });
  const zip = Buffer.from(writeZip([{ name, data: Buffer.alloc(0), level: 0 }]));
  // writeZip stored an empty entry: splice in the deflated data and patch method, CRC and sizes in both headers.
  const nameLength = Buffer.byteLength(name);
  const localEnd = 30 + nameLength;
  const out = Buffer.concat([zip.subarray(0, localEnd), deflated, zip.subarray(localEnd)]);
  const patch = (at: number) => {
    out.writeUInt16LE(8, at);
    out.writeUInt32LE(0, at + 6); // the CRC: nothing checks it before the signature does
    out.writeUInt32LE(deflated.length, at + 10);
    out.writeUInt32LE(declaredBytes, at + 14);
  };
  patch(8);
  const central = localEnd + deflated.length;
  patch(central + 10);
  // The end record's central directory offset moved by the inserted data.
  const end = out.length - 22;
  out.writeUInt32LE(central, end + 16);
  return out;
}
