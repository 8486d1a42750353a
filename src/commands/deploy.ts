/**
 * `hmos deploy [dir] [--device <id>]… [--all] [--hap <file>] [--no-launch] [--allow-downgrade] [--start] [--json]`:
 * installs a signed HAP on the chosen devices in parallel, launches its main ability and prints the time per device.
 */
import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { HmosError, isHmosError } from '../errors.js';
import { listDevices, noDevicesError, pickDevice, type Device } from '../device-client/device-manager.js';
import type { HapFile } from '../device-client/device.js';
import { startDetachedHost } from '../device-client/start-host.js';
import { readHapModule, type HapModuleInfo } from '../hap/hap-module.js';
import { unpackHap } from '../hap/hap.js';
import { packAppPack, readSharedPackages } from '../hap/shared-packages.js';
import { normalizeDeviceType } from '../runtime/device-profile.js';
import { hmosHome } from '../util/paths.js';
import type { CommandContext } from './context.js';

interface DeviceResult {
  device: string;
  kind: 'emulated' | 'hdc';
  ok: boolean;
  ms: number;
  installMs?: number;
  launched?: { ability: string; page?: string };
  previousVersionCode?: number | null;
  error?: { code: string; message: string };
}

/**
 * The HAP to deploy: --hap, else the project is built (src/compiler/build.ts, loaded only when needed); with the HSPs
 * that build wrote, which are installed with it.
 */
async function locateHap(ctx: CommandContext, dir: string | undefined, hapOption: string | undefined, hspOption: string[], home: string): Promise<{ file: string; hsps: string[] }> {
  if (hapOption) return { file: resolve(ctx.cwd, hapOption), hsps: hspOption.map((f) => resolve(ctx.cwd, f)) };
  const projectDir = resolve(ctx.cwd, dir ?? '.');
  const { buildProject } = await import('../compiler/build.js');
  const { formatProblems } = await import('../compiler/format-diagnostics.js');
  const result = await buildProject(projectDir, { homeDir: home });
  ctx.stderr.write(formatProblems(result.diagnostics, result.omittedDiagnostics ?? { errors: 0, warnings: 0 }, ctx.color, ctx.cwd).text);
  const first = result.diagnostics.find((d) => d.severity === 'error');
  if (!result.ok || first) {
    throw new HmosError('BUILD_FAILED', `the build of ${projectDir} failed; fix the errors above and deploy again`, first?.file ? { location: { file: first.file, line: first.line, col: first.col } } : {});
  }
  const built = result.modules.filter((m) => m.hap?.endsWith('.hap'));
  const chosen = built.find((m) => m.name === 'entry') ?? built[0];
  if (!chosen?.hap) throw new HmosError('HAP_NOT_FOUND', `the build of ${projectDir} produced no HAP; pass one with --hap <file>`);
  ctx.info(`Built ${chosen.name} in ${Math.round(result.ms)} ms`);
  return { file: chosen.hap, hsps: result.modules.flatMap((m) => (m.hap?.endsWith('.hsp') ? [m.hap] : [])) };
}

async function readHap(file: string): Promise<{ bytes: Buffer; info: HapModuleInfo }> {
  let bytes: Buffer;
  try {
    if (!statSync(file).isFile()) throw new Error('not a file');
    bytes = readFileSync(file);
  } catch (err) {
    throw new HmosError('HAP_NOT_FOUND', `cannot read ${file} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, { location: { file } });
  }
  try {
    // Read module.json for the bundle name and main ability; devices verify the signature themselves.
    return { bytes, info: readHapModule(await unpackHap(bytes)) };
  } catch (err) {
    if (isHmosError(err)) throw new HmosError(err.code, err.message, { location: { file } });
    throw err;
  }
}

function progressBar(ctx: CommandContext, total: number, devices: number) {
  const big = total >= 8 * 1024 * 1024;
  if (!big || !ctx.stderr.isTTY || ctx.json) return undefined;
  const sent = new Map<string, number>();
  let last = 0;
  return (device: string, bytes: number) => {
    sent.set(device, bytes);
    const now = Date.now();
    if (now - last < 80 && bytes < total) return;
    last = now;
    let sum = 0;
    for (const v of sent.values()) sum += v;
    const frac = sum / (total * devices);
    const width = 30;
    const filled = Math.round(frac * width);
    ctx.stderr.write(`\r  uploading [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${Math.round(frac * 100)}%`);
    if (frac >= 1) ctx.stderr.write('\n');
  };
}

async function deployTo(device: Device, hap: HapFile, options: Record<string, any>, progress?: (device: string, bytes: number) => void): Promise<DeviceResult> {
  const t0 = performance.now();
  const result: DeviceResult = { device: device.id, kind: device.kind, ok: false, ms: 0 };
  try {
    const installed = await device.install(hap, { allowDowngrade: Boolean(options.allowDowngrade), onUpload: progress && ((n) => progress(device.id, n)) });
    result.installMs = Math.round(performance.now() - t0);
    result.previousVersionCode = installed.previousVersionCode;
    if (options.launch !== false) {
      const launched = await device.launch({ bundleName: hap.info.bundleName, ability: hap.info.mainElement });
      result.launched = { ability: launched.ability, ...(launched.page ? { page: launched.page } : {}) };
    }
    result.ok = true;
  } catch (err) {
    if (!isHmosError(err)) throw err;
    result.error = { code: err.code, message: err.message };
  }
  result.ms = Math.round(performance.now() - t0);
  return result;
}

export async function run(ctx: CommandContext, args: unknown[], options: Record<string, any>): Promise<number> {
  const home = hmosHome(ctx.env);
  const located = await locateHap(ctx, args[0] as string | undefined, options.hap, options.hsp ?? [], home);
  const file = located.file;
  const read = await readHap(file);
  // With HSPs, an emulated device gets one app pack (the HAP and its HSPs, installed together); hdc gets the files.
  const packages: { module: string; type: 'hap' | 'hsp'; bytes: Uint8Array }[] = [{ module: read.info.moduleName, type: 'hap', bytes: read.bytes }];
  for (const hsp of located.hsps) {
    let bytes: Buffer;
    try {
      bytes = readFileSync(hsp);
    } catch (err) {
      throw new HmosError('HSP_NOT_FOUND', `cannot read ${hsp} (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`, { location: { file: hsp } });
    }
    const [module] = (await readSharedPackages([{ file: hsp, bytes }], read.info.bundleName)).keys();
    packages.push({ module: module!, type: 'hsp', bytes });
  }
  // The HSPs the HAP loads (module.json `dependencies`) and does not bring are the device's to have: an emulated device
  // uses the ones installed with the app (same version) or refuses with HSP_REQUIRED, a real one answers as bm does.
  const hap: HapFile = { file, info: read.info, bytes: packages.length === 1 ? read.bytes : packAppPack(packages), hsps: located.hsps };
  let { devices, warnings } = await listDevices({ env: ctx.env, home });
  if (devices.length === 0 && options.start) {
    // One device of the first type the app supports (a watch-only app gets a watch).
    const type = hap.info.deviceTypes.map((t) => normalizeDeviceType(t)).find((t) => t !== undefined) ?? 'phone';
    const started = await startDetachedHost([type], { ...ctx.env, HMOS_HOME: home });
    ctx.info(`Started a headless device host (pid ${started.pid}) with ${started.devices.join(', ')}; stop it with \`kill ${started.pid}\`.`);
    ({ devices, warnings } = await listDevices({ env: ctx.env, home }));
  }
  for (const w of warnings) ctx.warn(w);
  if (devices.length === 0) throw noDevicesError();
  const wanted: string[] = options.device ?? [];
  let targets: Device[];
  if (options.all) targets = devices;
  else if (wanted.length) targets = [...new Set(wanted.map((w) => pickDevice(devices, w)))];
  else if (devices.length === 1) targets = devices;
  else {
    throw new HmosError('DEVICE_REQUIRED', `${devices.length} devices are running (${devices.map((d) => d.id).join(', ')}); choose with --device <id> (repeatable) or --all`);
  }
  ctx.info(`Deploying ${hap.info.bundleName} ${hap.info.versionName} (${(hap.bytes.length / 1024).toFixed(0)} KB) to ${targets.map((t) => t.id).join(', ')}…`);
  const progress = progressBar(ctx, hap.bytes.length, targets.length);
  const results = await Promise.all(targets.map((t) => deployTo(t, hap, options, progress)));
  const failed = results.filter((r) => !r.ok);
  ctx.result({ bundleName: hap.info.bundleName, versionCode: hap.info.versionCode, hap: file, results }, () => results.map((r) => {
    const mark = r.ok ? ctx.color.green(ctx.unicode ? '✓' : 'ok') : ctx.color.red(ctx.unicode ? '✗' : 'FAIL');
    if (!r.ok) return `${mark} ${r.device}: ${r.error!.code}: ${r.error!.message}`;
    const what = r.launched ? `installed and launched ${r.launched.ability}` : 'installed';
    return `${mark} ${r.device}: ${what} in ${r.ms} ms`;
  }).join('\n'));
  return failed.length ? 1 : 0;
}
