/**
 * The apps installed on one emulated device, in `<device data>/apps/<bundleName>/` (`install.json` + `files/`).
 * An install verifies everything in memory first (zip safety, signature, trust, update key, version, device type),
 * then writes a staging folder and swaps it in with renames — the previous version survives any failure, including
 * a kill -9 half way: `recover()` (run when a device starts) restores it and removes leftovers.
 */
import { createHash, randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { HmosError } from '../../errors.js';
import { unpackHap, verifyHap, DEFAULT_MAX_BYTES, MANIFEST_PATH, SIGNATURE_PATH } from '../../hap/hap.js';
import { normalizeDeviceType, type DeviceType } from '../../runtime/device-profile.js';
import { readHapModule, type HapModuleInfo } from '../../hap/hap-module.js';
import { appPackParts, packAppPack, withSharedPackages } from '../../hap/shared-packages.js';

export interface InstalledApp extends HapModuleInfo {
  keyId: string;
  /** SHA-256 of the package bytes: installing the same bytes again changes nothing. */
  sha256?: string;
  publicKey: string;
  installedAt: string;
  /** Folder with the HAP's files (module.json, ets/…, resources/…). */
  dir: string;
}

export interface InstallOptions {
  allowDowngrade?: boolean;
  maxBytes?: number;
  /**
   * The previous version's folder is removed after the install returns (an emulate session's builds: a hot reload
   * does not wait for the disk); a leftover of a process that stopped first is removed by the next recover().
   */
  removeOldLater?: boolean;
}

/** A package checked for one device, not yet written (AppStore.stage). */
export interface StagedInstall {
  /** The app as it is installed once committed (`dir`: where its files will be). */
  app: InstalledApp & { previousVersionCode?: number };
  /** The files the install writes under `dir` (path → bytes), checked; absent when these very bytes are installed already. */
  files?: Map<string, Uint8Array>;
  /** Writes the files and swaps them in (the previous version survives any failure); once, whoever calls it. */
  commit(): Promise<InstalledApp & { previousVersionCode?: number }>;
}

const META = 'install.json';
const PACKAGE = 'package.hap';

const sha256Of = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/**
 * Unzips a package once for every install of the same bytes in flight at the same time: an emulate session's build
 * reaches all its devices at once, and each would otherwise inflate it again (entries are only read, never changed).
 */
const unpacking = new Map<string, Promise<Map<string, Uint8Array>>>();
function unpackShared(bytes: Uint8Array, maxBytes: number, sha256 = sha256Of(bytes)): Promise<Map<string, Uint8Array>> {
  const key = `${sha256}:${bytes.length}:${maxBytes}`;
  let entries = unpacking.get(key);
  if (!entries) {
    entries = unpackHap(bytes, { maxBytes });
    unpacking.set(key, entries);
    const done = () => { unpacking.delete(key); };
    entries.then(done, done);
  }
  return entries;
}

/**
 * A HAP checked for a device, all in memory: zip safety and size, signature and digests, a trusted signing key, and the
 * device's type among the module's deviceTypes. (A device host's AppStore and an emulate session's connector.)
 */
async function checkHapFor(deviceType: DeviceType, hapBytes: Uint8Array, trustedKeyIds: ReadonlySet<string>, maxBytes = DEFAULT_MAX_BYTES) {
  return checkEntriesFor(deviceType, await unpackShared(hapBytes, maxBytes), trustedKeyIds);
}

function checkEntriesFor(deviceType: DeviceType, entries: Map<string, Uint8Array>, trustedKeyIds: ReadonlySet<string>) {
  const verified = verifyHap(entries);
  // Nothing of a package signed by a stranger is read: its module.json is looked at only once the key is trusted.
  if (!trustedKeyIds.has(verified.keyId)) {
    throw new HmosError('HAP_UNTRUSTED', `the package is signed by key ${verified.keyId}, which this device does not trust; run \`hmos devices trust <key-file>\` to trust it`);
  }
  const info = readHapModule(entries);
  if (!info.deviceTypes.map((t) => normalizeDeviceType(t)).includes(deviceType)) {
    throw new HmosError('DEVICE_TYPE_UNSUPPORTED', `${info.bundleName} supports ${info.deviceTypes.join(', ') || 'no device types'}, not ${deviceType}; add "${deviceType}" to deviceTypes in module.json5`);
  }
  return { entries, verified, info };
}

/**
 * What an install receives, checked like a HAP: a HAP, or an app pack (shared-packages.ts) of the app's HAP and its
 * HSPs — each HSP checked too, and refused unless it is a shared module of the same app signed by the same key.
 */
async function checkPackagesFor(deviceType: DeviceType, bytes: Uint8Array, trustedKeyIds: ReadonlySet<string>, maxBytes = DEFAULT_MAX_BYTES, sha256?: string) {
  const outer = await unpackShared(bytes, maxBytes, sha256);
  const parts = appPackParts(outer);
  /** Each HSP's checked entries and its signed bytes, by module name. */
  const hsps = new Map<string, { entries: Map<string, Uint8Array>; bytes: Uint8Array }>();
  if (!parts) return { ...checkEntriesFor(deviceType, outer, trustedKeyIds), hsps, hapBytes: bytes };
  const app = await checkHapFor(deviceType, parts.hap, trustedKeyIds, maxBytes);
  for (const hsp of parts.hsps) {
    const checked = await checkHapFor(deviceType, hsp, trustedKeyIds, maxBytes);
    const type = checked.info.moduleType;
    if (type !== 'shared') throw new HmosError('HSP_INVALID', `${checked.info.moduleName} in the app pack is not an HSP (module type ${String(type)})`);
    if (checked.info.bundleName !== app.info.bundleName) throw new HmosError('HSP_OTHER_APP', `the HSP ${checked.info.moduleName} belongs to ${checked.info.bundleName}, not ${app.info.bundleName}`);
    if (checked.verified.keyId !== app.verified.keyId) throw new HmosError('HSP_SIGNER_CHANGED', `the HSP ${checked.info.moduleName} is signed by key ${checked.verified.keyId}, the app by ${app.verified.keyId}: all packages of an app are signed by one key`);
    // The reference's installer refuses this too (9568284 "install version not compatible").
    if (checked.info.versionCode !== app.info.versionCode) {
      throw new HmosError('HSP_VERSION_MISMATCH', `the HSP ${checked.info.moduleName} is version ${checked.info.versionCode}, the app ${app.info.versionCode}: all packages of an app have one versionCode — install the HSP built with this version of the app (hmos deploy --hsp <file>, or deploy the project)`);
    }
    hsps.set(checked.info.moduleName, { entries: checked.entries, bytes: hsp });
  }
  return { ...app, hsps, hapBytes: parts.hap };
}

export class AppStore {
  readonly appsDir: string;

  constructor(readonly deviceDir: string, readonly deviceType: DeviceType, private readonly trustedKeyIds: () => Set<string>) {
    this.appsDir = join(deviceDir, 'apps');
  }

  /** Finishes or rolls back an install that a crash interrupted; removes staging leftovers. */
  recover(): void {
    mkdirSync(this.appsDir, { recursive: true });
    for (const name of readdirSync(this.appsDir)) {
      const m = /^\.old-(.+)-[0-9a-f]{8}$/.exec(name);
      if (m) {
        const live = join(this.appsDir, m[1]);
        // The old copy is only kept while the new one is being renamed in: no live folder means put it back.
        if (!existsSync(join(live, META))) {
          rmSync(live, { recursive: true, force: true });
          renameSync(join(this.appsDir, name), live);
        } else rmSync(join(this.appsDir, name), { recursive: true, force: true });
      } else if (name.startsWith('.staging-')) rmSync(join(this.appsDir, name), { recursive: true, force: true });
    }
  }

  list(): InstalledApp[] {
    let names: string[];
    try {
      names = readdirSync(this.appsDir).filter((n) => !n.startsWith('.'));
    } catch {
      return [];
    }
    return names.map((n) => this.get(n)).filter((a): a is InstalledApp => a !== undefined).sort((a, b) => a.bundleName.localeCompare(b.bundleName));
  }

  get(bundleName: string): InstalledApp | undefined {
    if (!/^[a-zA-Z][\w.]{2,127}$/.test(bundleName)) return undefined;
    const dir = join(this.appsDir, bundleName);
    try {
      const meta = JSON.parse(readFileSync(join(dir, META), 'utf8'));
      return { ...meta, dir: join(dir, 'files') };
    } catch {
      return undefined;
    }
  }

  async install(hapBytes: Uint8Array, options: InstallOptions = {}): Promise<InstalledApp & { previousVersionCode?: number }> {
    return (await this.stage(hapBytes, options)).commit();
  }

  /**
   * An install's first half: every check, in memory. Nothing is written; `commit()` writes the files and swaps them in.
   * A caller may use the checked files meanwhile (a hot reload starts them while they are written).
   */
  async stage(hapBytes: Uint8Array, options: InstallOptions = {}): Promise<StagedInstall> {
    // The same package again (an unchanged rebuild, a session starting on the last build): it is installed already.
    const sha256 = sha256Of(hapBytes);
    const same = this.list().find((a) => a.sha256 === sha256);
    if (same && (options.maxBytes === undefined || hapBytes.length <= options.maxBytes)) {
      const app = { ...same, previousVersionCode: same.versionCode };
      return { app, commit: () => Promise.resolve(app) };
    }
    // 1. Everything is checked in memory; nothing is written before the package is known to be good.
    const { entries: own, verified, info, hsps, hapBytes: appHap } = await checkPackagesFor(this.deviceType, hapBytes, this.trustedKeyIds(), options.maxBytes ?? DEFAULT_MAX_BYTES, sha256);
    // A HAP that loads HSPs it does not bring: as on a real device, the ones this app has installed already serve
    // (the update becomes an app pack of the new HAP and those HSPs, checked again like any); none → refused.
    const missing = info.dependencies.filter((m) => !hsps.has(m));
    if (missing.length) {
      const installed = await this.installedSharedPackages(info.bundleName);
      const absent = missing.filter((m) => !installed.has(m));
      if (absent.length) {
        throw new HmosError('HSP_REQUIRED', `${info.bundleName} (${info.moduleName}) loads the HSP${absent.length > 1 ? 's' : ''} ${absent.join(', ')} (module.json dependencies), which ${absent.length > 1 ? 'are' : 'is'} neither in the package nor installed on this device: install ${absent.length > 1 ? 'them' : 'it'} with the app (hmos deploy --hsp <file>, or deploy the project folder, which builds and installs them together)`);
      }
      const pack = packAppPack([
        { module: info.moduleName, type: 'hap', bytes: appHap },
        ...[...hsps].map(([module, hsp]) => ({ module, type: 'hsp' as const, bytes: hsp.bytes })),
        ...missing.map((module) => ({ module, type: 'hsp' as const, bytes: installed.get(module)! })),
      ]);
      return this.stage(pack, options);
    }
    // The HSPs are installed with the app, under files/hsp/<module>/ (the device loads each once per app).
    const entries = withSharedPackages(own, new Map([...hsps].map(([module, hsp]) => [module, hsp.entries])));
    const previous = this.get(info.bundleName);
    if (previous) {
      if (previous.keyId !== verified.keyId) {
        throw new HmosError('HAP_SIGNER_CHANGED', `${info.bundleName} is installed signed by key ${previous.keyId}; this update is signed by ${verified.keyId}. Uninstall it first to change keys`);
      }
      if (info.versionCode < previous.versionCode && !options.allowDowngrade) {
        throw new HmosError('VERSION_DOWNGRADE', `${info.bundleName} ${info.versionCode} is older than the installed ${previous.versionCode}; pass --allow-downgrade to install it anyway`);
      }
    }
    // Every package's signature files (the HAP's and each HSP's) stay in the kept package, not among the app's files.
    const isSignature = (name: string) => [MANIFEST_PATH, SIGNATURE_PATH].some((p) => name === p || name.endsWith('/' + p));
    const files = new Map([...entries].filter(([name]) => !isSignature(name)));
    const installed: InstalledApp = {
      ...info, keyId: verified.keyId, sha256, publicKey: verified.publicKey, installedAt: new Date().toISOString(), dir: join(this.appsDir, info.bundleName, 'files'),
    };
    const app = { ...installed, previousVersionCode: previous?.versionCode };
    let committed: Promise<typeof app> | undefined;
    return { app, files, commit: () => (committed ??= this.write(installed, hapBytes, files, options).then(() => app)) };
  }

  /** 2. Stage, then swap in with renames. */
  private async write(installed: InstalledApp, hapBytes: Uint8Array, files: Map<string, Uint8Array>, options: InstallOptions): Promise<void> {
    const { bundleName } = installed;
    mkdirSync(this.appsDir, { recursive: true });
    const tag = randomBytes(4).toString('hex');
    const staging = join(this.appsDir, `.staging-${bundleName}-${tag}`);
    try {
      // The signed package itself beside the files: a handoff to a device without the app installs it from here.
      const { dir: _dir, ...meta } = installed;
      const writes: Array<[string, Uint8Array | string]> = [[join(staging, PACKAGE), hapBytes], [join(staging, META), JSON.stringify(meta, null, 2) + '\n']];
      for (const [name, data] of files) writes.push([join(staging, 'files', name), data]);
      // All at once on the thread pool: each file's open and write wait on the disk, not on each other.
      await Promise.all([...new Set(writes.map(([file]) => dirname(file)))].map((dir) => mkdir(dir, { recursive: true })));
      await Promise.all(writes.map(([file, data]) => writeFile(file, data)));
      const live = join(this.appsDir, bundleName);
      const old = join(this.appsDir, `.old-${bundleName}-${tag}`);
      if (existsSync(live)) renameSync(live, old);
      renameSync(staging, live);
      if (options.removeOldLater) void rm(old, { recursive: true, force: true }).catch(() => undefined);
      else await rm(old, { recursive: true, force: true });
    } catch (err) {
      rmSync(staging, { recursive: true, force: true });
      this.recover();
      throw new HmosError('INSTALL_FAILED', `writing ${bundleName} failed (${(err as NodeJS.ErrnoException).code ?? err}); the previous version is kept`, { cause: err });
    }
  }

  /** The signed HSPs installed with an app, by module name (from the app pack it was installed from). */
  private async installedSharedPackages(bundleName: string): Promise<Map<string, Uint8Array>> {
    const out = new Map<string, Uint8Array>();
    const bytes = this.packageBytes(bundleName);
    if (!bytes) return out;
    const parts = appPackParts(await unpackShared(bytes, DEFAULT_MAX_BYTES));
    for (const hsp of parts?.hsps ?? []) out.set(readHapModule(await unpackShared(hsp, DEFAULT_MAX_BYTES)).moduleName, hsp);
    return out;
  }

  /** The signed HAP an installed app came from (undefined for apps installed before packages were kept). */
  packageBytes(bundleName: string): Uint8Array | undefined {
    if (!this.get(bundleName)) return undefined;
    try { return readFileSync(join(this.appsDir, bundleName, PACKAGE)); } catch { return undefined; }
  }

  uninstall(bundleName: string): boolean {
    const app = this.get(bundleName);
    if (!app) return false;
    const tomb = join(this.appsDir, `.staging-removed-${randomBytes(4).toString('hex')}`);
    renameSync(join(this.appsDir, bundleName), tomb);
    rmSync(tomb, { recursive: true, force: true });
    // The app's own data (the runtime's sandbox) goes with it.
    rmSync(join(this.deviceDir, 'data', 'apps', bundleName), { recursive: true, force: true });
    return true;
  }
}
