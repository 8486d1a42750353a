import { describe, expect, it } from 'vitest';
import { generateKeyPairSync } from 'node:crypto';
import { existsSync, mkdirSync, readdirSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { AppStore } from '../../../src/emulator/device/app-store.js';
import { trustedKeyIds, trustKeyFile, readTrustedKeys } from '../../../src/emulator/device/trust-store.js';
import { keyIdOf, loadOrCreateDeveloperKey, rawPublicKey, type SigningKey } from '../../../src/hap/signing-key.js';
import { tempDir } from '../../helpers/cli.js';
import { makeHap } from '../../helpers/hap.js';
import { appPackParts, packAppPack } from '../../../src/hap/shared-packages.js';
import { unpackHap } from '../../../src/hap/hap.js';

function otherKey(): SigningKey & { pem: string } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const raw = rawPublicKey(publicKey);
  return { privateKey, publicKey, publicKeyBase64: raw.toString('base64'), keyId: keyIdOf(raw), pem: publicKey.export({ format: 'pem', type: 'spki' }) as string };
}

function setup(type: 'phone' | 'wearable' = 'phone') {
  const home = tempDir('hmos-store-');
  const key = loadOrCreateDeveloperKey(home);
  const store = new AppStore(join(home, 'devices', `${type}-1`), type, () => trustedKeyIds(home));
  store.recover();
  return { home, key, store };
}

describe('app store', () => {
  it('installs, updates, and refuses downgrades unless allowed', async () => {
    const { key, store } = setup();
    expect((await store.install(makeHap(key, { versionCode: 2 }))).versionCode).toBe(2);
    expect(existsSync(join(store.get('com.example.hello')!.dir, 'ets', 'bundle.js'))).toBe(true);
    expect((await store.install(makeHap(key, { versionCode: 3 }))).previousVersionCode).toBe(2);
    await expect(store.install(makeHap(key, { versionCode: 1 }))).rejects.toMatchObject({ code: 'VERSION_DOWNGRADE' });
    expect(store.get('com.example.hello')!.versionCode).toBe(3);
    expect((await store.install(makeHap(key, { versionCode: 1 }), { allowDowngrade: true })).versionCode).toBe(1);
    expect(store.uninstall('com.example.hello')).toBe(true);
    expect(store.list()).toEqual([]);
    expect(readdirSync(store.appsDir)).toEqual([]);
  });

  it('refuses untrusted keys, accepts them once trusted, and refuses a change of signer', async () => {
    const { home, key, store } = setup();
    const other = otherKey();
    await expect(store.install(makeHap(other))).rejects.toMatchObject({ code: 'HAP_UNTRUSTED' });
    const keyFile = join(home, 'other.pub.pem');
    writeFileSync(keyFile, other.pem);
    expect(trustKeyFile(keyFile, home).keyId).toBe(other.keyId);
    expect(readTrustedKeys(home)).toHaveLength(1);
    expect((await store.install(makeHap(other, { bundleName: 'com.other.app' }))).keyId).toBe(other.keyId);
    await store.install(makeHap(key, { versionCode: 1 }));
    await expect(store.install(makeHap(other, { versionCode: 5 }))).rejects.toMatchObject({ code: 'HAP_SIGNER_CHANGED' });
    expect(store.get('com.example.hello')!.keyId).toBe(key.keyId);
    expect(() => trustKeyFile(join(home, 'missing.pem'), home)).toThrow(expect.objectContaining({ code: 'KEY_FILE_UNREADABLE' }));
    writeFileSync(join(home, 'junk.pem'), 'not a key');
    expect(() => trustKeyFile(join(home, 'junk.pem'), home)).toThrow(expect.objectContaining({ code: 'KEY_FILE_INVALID' }));
  });

  it('refuses an app whose deviceTypes do not include the device, writing nothing', async () => {
    const { key, store } = setup('wearable');
    await expect(store.install(makeHap(key, { deviceTypes: ['phone', 'tablet'] }))).rejects.toMatchObject({ code: 'DEVICE_TYPE_UNSUPPORTED' });
    expect(readdirSync(store.appsDir)).toEqual([]);
    // `watch` in module.json means wearable.
    expect((await store.install(makeHap(key, { deviceTypes: ['watch'] }))).bundleName).toBe('com.example.hello');
  });

  it('recovers the previous version after a crash between the two renames, and removes staging leftovers', async () => {
    const { key, store } = setup();
    await store.install(makeHap(key, { versionCode: 7 }));
    // The state a kill -9 leaves after `live → .old-…` and before `staging → live`:
    renameSync(join(store.appsDir, 'com.example.hello'), join(store.appsDir, '.old-com.example.hello-0badc0de'));
    mkdirSync(join(store.appsDir, '.staging-com.example.hello-12345678', 'files'), { recursive: true });
    expect(store.get('com.example.hello')).toBeUndefined();
    store.recover();
    expect(store.get('com.example.hello')!.versionCode).toBe(7);
    expect(readdirSync(store.appsDir)).toEqual(['com.example.hello']);
  });

  it('installs a HAP without the HSPs it loads only beside the ones installed with the app, at the same version', async () => {
    const { key, store } = setup();
    const hap = (versionCode: number) => makeHap(key, { versionCode, dependencies: ['lib'] });
    const hsp = (versionCode: number) => makeHap(key, { versionCode, moduleName: 'lib', moduleType: 'shared' });
    // Nothing installed: refused, as a real device refuses (9568305), and nothing is written.
    await expect(store.install(hap(1))).rejects.toMatchObject({ code: 'HSP_REQUIRED', message: expect.stringContaining('loads the HSP lib') });
    expect(store.list()).toEqual([]);
    // A shared library of another bundle (a runtime the app uses) is not the app's to bring.
    const runtimeUser = makeHap(key, { bundleName: 'com.example.other', dependencies: [{ moduleName: 'ascf', bundleName: 'com.example.runtime' }] });
    expect((await store.install(runtimeUser)).bundleName).toBe('com.example.other');
    // HAP and HSP of different versions: refused together (9568284).
    await expect(store.install(packAppPack([{ module: 'entry', type: 'hap', bytes: hap(2) }, { module: 'lib', type: 'hsp', bytes: hsp(1) }]))).rejects.toMatchObject({ code: 'HSP_VERSION_MISMATCH' });
    await store.install(packAppPack([{ module: 'entry', type: 'hap', bytes: hap(1) }, { module: 'lib', type: 'hsp', bytes: hsp(1) }]));
    const hspFiles = join(store.get('com.example.hello')!.dir, 'hsp', 'lib', 'module.json');
    expect(existsSync(hspFiles)).toBe(true);
    // The same version's HAP alone: the installed HSP stays and is kept with the package (a handoff carries it).
    const again = makeHap(key, { versionCode: 1, dependencies: ['lib'], padding: 16 });
    expect((await store.install(again)).previousVersionCode).toBe(1);
    expect(existsSync(hspFiles)).toBe(true);
    expect(appPackParts(await unpackHap(store.packageBytes('com.example.hello')!))?.hsps).toHaveLength(1);
    // A newer HAP alone, the installed HSP older: refused, the installed version kept.
    await expect(store.install(hap(2))).rejects.toMatchObject({ code: 'HSP_VERSION_MISMATCH', message: expect.stringContaining('--hsp') });
    expect(store.get('com.example.hello')!.versionCode).toBe(1);
    expect(existsSync(hspFiles)).toBe(true);
  });
});
