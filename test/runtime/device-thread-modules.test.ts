import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/cli.js';
import { page } from './helpers.js';

/**
 * What a device thread loads only when an app uses it. Each thread pays for every module it loads (compile time and
 * heap, per device): yoga's WebAssembly must not come through `fetch` (undici), the device must not load the zip
 * reader to split the HSPs its holder checked, and fflate waits for the first @ohos.zlib call.
 */
describe('a device thread', () => {
  it('starts an app and lays its page out without loading undici, yauzl or fflate', async () => {
    const dist = join(process.cwd(), 'dist', 'runtime', 'device.js');
    const worker = new Worker(`
      const { parentPort, workerData } = require('node:worker_threads');
      const { createRequire } = require('node:module');
      (async () => {
        const { createDevice } = await import(workerData.dist);
        const { layoutApp } = await import(workerData.screen);
        const device = createDevice({ profile: 'phone', dataDir: workerData.dataDir });
        const bundle = new Map([['ets/bundle.js', workerData.code], ['module.json', JSON.stringify({ app: { bundleName: 'com.example.test' }, module: { name: 'entry' } })]]);
        const app = device.launch({ bundle });
        await app.settle();
        const laid = await layoutApp(app);
        const required = Object.keys(createRequire(workerData.dist).cache ?? {});
        parentPort.postMessage({
          crash: app.crash ? String(app.crash.message ?? app.crash) : undefined, width: laid.device.width,
          internal: process.moduleLoadList.filter((m) => /undici/.test(m)),
          packages: required.filter((f) => /node_modules[\\\\/](yauzl|fflate)[\\\\/]/.test(f)),
        });
      })().catch((e) => parentPort.postMessage({ error: String(e && e.stack || e) }));`,
    { eval: true, execArgv: ['--experimental-vm-modules'], workerData: { dist, screen: join(process.cwd(), 'dist', 'runtime', 'screen.js'), dataDir: tempDir(), code: page('Index', '', 'Text.create("hello"); Text.pop();') } });
    try {
      const out = await new Promise<any>((resolve, reject) => { worker.once('message', resolve); worker.once('error', reject); });
      expect(out.error).toBeUndefined();
      expect(out.crash).toBeUndefined();
      expect(out.width).toBeGreaterThan(0);
      expect(out.internal).toEqual([]);
      expect(out.packages).toEqual([]);
    } finally {
      await worker.terminate();
    }
  }, 60_000);
});
