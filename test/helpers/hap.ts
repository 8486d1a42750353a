import { randomBytes } from 'node:crypto';
import { packHap } from '../../src/hap/hap.js';
import type { SigningKey } from '../../src/hap/signing-key.js';

export interface TestHapOptions {
  bundleName?: string;
  versionCode?: number;
  deviceTypes?: string[];
  /** Adds an incompressible entry of this many bytes (to reach a size). */
  padding?: number;
}

/** A small signed HAP shaped like `hmos build` output: module.json + an ets bundle. */
export function makeHap(key: SigningKey, o: TestHapOptions = {}): Uint8Array {
  const moduleJson = {
    app: { bundleName: o.bundleName ?? 'com.example.hello', versionCode: o.versionCode ?? 1000000, versionName: `${(o.versionCode ?? 1000000) / 1000000}.0.0` },
    module: {
      name: 'entry', type: 'entry', deviceTypes: o.deviceTypes ?? ['phone', 'wearable'], mainElement: 'EntryAbility',
      abilities: [{ name: 'EntryAbility', srcEntry: './ets/entryability/EntryAbility.ets' }],
    },
  };
  const entries = new Map<string, Uint8Array>([
    ['module.json', Buffer.from(JSON.stringify(moduleJson))],
    ['ets/modules.js', Buffer.from('registerNamedRoute(() => {}, "pages/Index", {});\n'.repeat(20))],
  ]);
  if (o.padding) entries.set('resources/rawfile/blob.bin', randomBytes(o.padding));
  return packHap(entries, key);
}
