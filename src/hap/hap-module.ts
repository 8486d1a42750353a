/**
 * What a device needs from a HAP's `module.json` (merged from app.json5 + module.json5 by `hmos build`):
 * `{app: {bundleName, versionCode, versionName}, module: {name, deviceTypes, mainElement, abilities}}`.
 */
import { HmosError } from '../errors.js';

export interface HapModuleInfo {
  bundleName: string;
  versionCode: number;
  versionName: string;
  moduleName: string;
  deviceTypes: string[];
  mainElement?: string;
  abilities: string[];
  /**
   * The HSPs (module names) of this app the package needs installed with it: module.json's `module.dependencies`.
   * An entry that names another bundle (a shared library of another app, e.g. a runtime) is not the app's to bring.
   */
  dependencies: string[];
  /** `module.type`: `entry`, `feature`, `shared` (an HSP)… */
  moduleType?: string;
}

export function readHapModule(entries: Map<string, Uint8Array>): HapModuleInfo {
  const bytes = entries.get('module.json');
  if (!bytes) throw new HmosError('HAP_NO_MODULE', 'the package has no module.json; build it with `hmos build`');
  let json: any;
  try {
    json = JSON.parse(Buffer.from(bytes).toString('utf8'));
  } catch {
    throw new HmosError('HAP_NO_MODULE', 'the package\'s module.json is not valid JSON');
  }
  const app = json?.app ?? {};
  const mod = json?.module ?? {};
  if (typeof app.bundleName !== 'string' || !/^[a-zA-Z][\w.]{2,127}$/.test(app.bundleName)) {
    throw new HmosError('HAP_BAD_MODULE', 'module.json has no valid app.bundleName (e.g. "com.example.app")');
  }
  if (!Number.isInteger(app.versionCode) || app.versionCode < 0) {
    throw new HmosError('HAP_BAD_MODULE', 'module.json has no valid app.versionCode (a non-negative integer)');
  }
  if (!Array.isArray(mod.deviceTypes) || !mod.deviceTypes.every((t: unknown) => typeof t === 'string')) {
    throw new HmosError('HAP_BAD_MODULE', 'module.json has no module.deviceTypes list');
  }
  const abilities = Array.isArray(mod.abilities) ? mod.abilities.map((a: any) => a?.name).filter((n: unknown) => typeof n === 'string') : [];
  return {
    bundleName: app.bundleName,
    versionCode: app.versionCode,
    versionName: typeof app.versionName === 'string' ? app.versionName : String(app.versionCode),
    moduleName: typeof mod.name === 'string' ? mod.name : 'entry',
    deviceTypes: mod.deviceTypes,
    mainElement: typeof mod.mainElement === 'string' ? mod.mainElement : abilities[0],
    abilities,
    dependencies: Array.isArray(mod.dependencies)
      ? mod.dependencies.filter((d: any) => d?.bundleName === undefined || d.bundleName === app.bundleName).map((d: any) => d?.moduleName).filter((n: unknown): n is string => typeof n === 'string')
      : [],
    ...(typeof mod.type === 'string' ? { moduleType: mod.type } : {}),
  };
}
