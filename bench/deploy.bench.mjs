// Deploy speed: a 1 MB signed HAP to one device (upload, verify, install, launch) and to 8 devices at once, and
// `hmos devices`. Baseline, in the same run: a raw HTTP upload of the same bytes to a server that only reads them.
import { build } from 'esbuild';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { connectorRequest, figure, median, root, round, sample, startHostProcess, timeCli } from './util.mjs';

/** packHap and the developer key straight from src/ (bundled on the fly: they are not separate dist entries). */
async function hapTools() {
  // Inside node_modules, with packages external: the bundle imports yauzl & co. as Node would (bundling a CommonJS
  // package into ESM breaks its `require('fs')`).
  const out = mkdtempSync(join(root, 'node_modules', '.hmos-bench-hap-'));
  await build({ absWorkingDir: root, entryPoints: ['src/hap/hap.ts', 'src/hap/signing-key.ts'], outdir: out, bundle: true, format: 'esm', platform: 'node', target: 'node20', packages: 'external', logLevel: 'warning', outExtension: { '.js': '.mjs' } });
  const hap = await import(pathToFileURL(join(out, 'hap.mjs')).href);
  const keys = await import(pathToFileURL(join(out, 'signing-key.mjs')).href);
  return { ...hap, ...keys, cleanup: () => rmSync(out, { recursive: true, force: true }) };
}



async function deploy(host, device, hap) {
  await connectorRequest(host.port, `/v1/devices/${device}/apps`, { method: 'PUT', token: host.token, body: hap });
  await connectorRequest(host.port, `/v1/devices/${device}/launch`, { method: 'POST', token: host.token, body: Buffer.from('{"bundleName":"com.example.bench"}') });
}

export async function bench() {
  const home = mkdtempSync(join(tmpdir(), 'hmos-bench-home-'));
  const tools = await hapTools();
  const key = tools.loadOrCreateDeveloperKey(home);
  // The deploy-app fixture built by the real `hmos build`, padded to 1 MB with incompressible bytes and re-signed.
  const project = join(home, 'deploy-app');
  cpSync(join(root, 'test', 'fixtures', 'deploy-app'), project, { recursive: true });
  execFileSync(process.execPath, [join(root, 'bin', 'hmos.js'), 'build', project], { env: { ...process.env, HMOS_HOME: home }, stdio: 'ignore' });
  const files = await tools.unpackHap(readFileSync(join(project, 'entry', 'build', 'default', 'outputs', 'default', 'entry-default-signed.hap')));
  files.delete('META-INF/hmos.manifest.json');
  files.delete('META-INF/hmos.sig.json');
  const moduleJson = JSON.parse(Buffer.from(files.get('module.json')).toString());
  moduleJson.app.bundleName = 'com.example.bench';
  moduleJson.module.deviceTypes = ['phone'];
  files.set('module.json', Buffer.from(JSON.stringify(moduleJson)));
  let size = 0;
  for (const v of files.values()) size += v.length;
  files.set('resources/rawfile/blob.bin', randomBytes(1024 * 1024 - size - 2000));
  const hap = Buffer.from(tools.packHap(files, key));
  tools.cleanup();

  // Baseline: the same bytes through a raw HTTP upload that is only read.
  const raw = createServer((req, res) => { req.resume(); req.on('end', () => res.end('{}')); });
  await new Promise((r) => raw.listen(0, '127.0.0.1', r));
  const rawPort = raw.address().port;
  const rawUpload = await sample(() => connectorRequest(rawPort, '/', { method: 'PUT', body: hap }), { runs: 15, warmup: 2 });
  const rawUpload8 = await sample(() => Promise.all(Array.from({ length: 8 }, () => connectorRequest(rawPort, '/', { method: 'PUT', body: hap }))), { runs: 9, warmup: 1 });
  raw.close();

  const one = await startHostProcess(home, 'phone');
  let single, all8, devicesCli;
  try {
    single = await sample(() => deploy(one, 'phone-1', hap), { runs: 15, warmup: 2 });
  } finally {
    await one.stop();
  }
  const eight = await startHostProcess(home, Array(8).fill('phone').join(','));
  try {
    all8 = await sample(() => Promise.all(eight.devices.map((d) => deploy(eight, d, hap))), { runs: 9, warmup: 1 });
    devicesCli = await sample(() => timeCli(['devices', '--json'], { env: { ...process.env, HMOS_HOME: home, PATH: '/usr/bin:/bin' } }), { runs: 9, warmup: 1 });
  } finally {
    await eight.stop();
  }
  const nodeStart = await sample(() => timeCli(['--version']), { runs: 9, warmup: 1 });
  rmSync(home, { recursive: true, force: true });

  return {
    deploy1MbOneDevice: figure(single, 150, { bytes: hap.length, baseline: { what: 'raw HTTP upload of the same bytes', median: round(median(rawUpload)) } }),
    deploy1MbEightDevices: figure(all8, 600, { baseline: { what: '8 parallel raw HTTP uploads', median: round(median(rawUpload8)) } }),
    devicesCommand: figure(devicesCli, 200, { baseline: { what: 'hmos --version', median: round(median(nodeStart)) } }),
  };
}
