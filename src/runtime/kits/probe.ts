/**
 * What an emulated device provides of system-module members (for `npm run kits:coverage`): a probe app is launched on
 * a headless device set up as the device host sets one up (with the Super Device kits), and each member is looked up
 * in its realm exactly as compiled app code looks it up (`__hmosKit(spec)[name][prop]`).
 *
 *   ok       a real value (a function, class, object, constant)
 *   stub     the UNSUPPORTED_API stand-in: it exists so the app loads, and throws code 801 when called
 *   missing  undefined
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDevice } from '../device.js';
import { distributedExtension } from '../distributed-extension.js';
import { createDistributedKits } from '../distributed/kits.js';
import { MemoryHub } from '../distributed/memory-network.js';
import type { RealmExtension } from '../kit-bridge.js';

export type MemberStatus = 'ok' | 'stub' | 'missing';
export interface MemberForm { spec: string; name: string; prop?: string }

const PROBE_BUNDLE = `
class ProbeAbility extends UIAbility {}
__hmosRegisterModule({ bundleName: 'com.hmos.kitprobe', moduleName: 'entry', abilities: { EntryAbility: ProbeAbility }, pages: [] });
`;
const MODULE_JSON = JSON.stringify({ app: { bundleName: 'com.hmos.kitprobe' }, module: { name: 'entry', requestPermissions: [] } });

/**
 * `extensions`: more realm extensions for the probe app — e.g. the test kit (testing/test-extension.ts), to probe what
 * the realm of a test run (`hmos test`) provides to code under a module's ohosTest/test source sets.
 */
export function probeKitMembers(forms: MemberForm[], options: { extensions?: RealmExtension[] } = {}): MemberStatus[] {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hmos-kitprobe-'));
  try {
    const device = createDevice({ profile: 'phone', dataDir, deviceId: 'probe-1' });
    const network = new MemoryHub().join({ deviceId: 'probe-1', deviceName: 'probe', deviceType: 'phone' });
    const app = device.launch({
      bundle: new Map<string, string>([['ets/bundle.js', PROBE_BUNDLE], ['module.json', MODULE_JSON]]),
      extensions: (ctx) => [distributedExtension(createDistributedKits({ bundleName: ctx.bundleName, signingKeyId: 'probe', deviceId: 'probe-1',
        deviceName: 'probe', deviceType: 'phone', dataDir: path.join(ctx.appDataDir, 'distributed'), permissions: ctx.permissions, network,
        log: () => undefined })), ...(options.extensions ?? [])],
    });
    if (app.crash) throw new Error(`the probe app crashed: ${app.crash.message}`);
    const out: MemberStatus[] = [];
    // In slices: one evaluation per few hundred members keeps each under the watchdog.
    for (let i = 0; i < forms.length; i += 200) {
      const slice = forms.slice(i, i + 200).map((f) => [f.spec, f.name, f.prop ?? null]);
      const code = `(${realmProbe.toString()})(${JSON.stringify(slice)})`;
      const r = app.evaluate(code);
      if (!Array.isArray(r)) throw new Error(`the probe failed: ${(app.crash as { message?: string } | undefined)?.message ?? 'no answer'}`);
      out.push(...(r as MemberStatus[]));
    }
    app.stop();
    return out;
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

/** Runs in the app realm (only its parameter and the realm's globals). */
function realmProbe(forms: [string, string, string | null][]): string[] {
  const g = globalThis as any;
  const isStub = (v: unknown) => g.__rt.isUnsupported?.(v) === true;
  return forms.map(([spec, name, prop]) => {
    try {
      const ns = g.__hmosKit(spec);
      let v = name === '*' ? ns : ns[name];
      if (v === undefined) return 'missing';
      if (isStub(v)) return 'stub';
      if (prop !== null) {
        v = v === null ? undefined : v[prop];
        if (v === undefined) return 'missing';
        if (isStub(v)) return 'stub';
      }
      return 'ok';
    } catch {
      return 'missing';
    }
  });
}
