// Property: whatever the interleaving of writes, deletes, partial syncs and partitions on three devices whose clocks
// disagree by up to an hour, once the links heal and a full sync ran, every replica holds the same state.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { MemoryHub, memoryDevice, storeOptions, tick } from '../../helpers/superdevice.js';

const DEVICES = ['A', 'B', 'C'] as const;
const key = fc.constantFrom('k1', 'k2', 'k3', 'k4');
const dev = fc.constantFrom(0, 1, 2);
const op = fc.oneof(
  fc.record({ t: fc.constant('put' as const), d: dev, k: key, v: fc.oneof(fc.string({ maxLength: 4 }), fc.integer(), fc.boolean()) }),
  fc.record({ t: fc.constant('del' as const), d: dev, k: key }),
  fc.record({ t: fc.constant('sync' as const), d: dev, p: dev, mode: fc.constantFrom(0, 1, 2) }),
  fc.record({ t: fc.constant('cut' as const), d: dev, p: dev }),
  fc.record({ t: fc.constant('heal' as const), d: dev, p: dev }),
);

describe('KV convergence (fast-check)', () => {
  it('all replicas converge after partitions heal and a full sync', async () => {
    await fc.assert(fc.asyncProperty(
      fc.array(fc.integer({ min: -3_600_000, max: 3_600_000 }), { minLength: 3, maxLength: 3 }),
      fc.array(op, { minLength: 1, maxLength: 40 }),
      async (skews, ops) => {
        const hub = new MemoryHub();
        const devices = DEVICES.map((id, i) => memoryDevice(hub, id, { clock: () => Date.now() + skews[i]!, syncTimeoutMs: 1000 }));
        await tick();
        const stores: any[] = [];
        for (const d of devices) {
          stores.push(await d.kv.createKVManager({ context: {}, bundleName: 'com.example.notes' }).getKVStore('p', storeOptions()));
        }
        try {
          for (const o of ops) {
            if (o.t === 'put') await stores[o.d].put(o.k, o.v);
            else if (o.t === 'del') await stores[o.d].delete(o.k);
            else if (o.d === o.p) continue;
            else if (o.t === 'sync') await stores[o.d].core.syncWith([DEVICES[o.p]], o.mode);
            else if (o.t === 'cut') hub.partition(DEVICES[o.d], DEVICES[o.p]);
            else hub.heal(DEVICES[o.d], DEVICES[o.p]);
          }
          for (let i = 0; i < 3; i++) for (let j = i + 1; j < 3; j++) hub.heal(DEVICES[i], DEVICES[j]);
          await tick();
          // A full sync: every device pulls from and pushes to every other; two rounds carry data across the triangle.
          for (let round = 0; round < 2; round++) {
            for (let i = 0; i < 3; i++) {
              const res = await stores[i].core.syncWith(DEVICES.filter((_, j) => j !== i), 2);
              expect(res.every(([, status]: [string, number]) => status === 0)).toBe(true);
            }
          }
          const digests = stores.map((s) => s.core.replica.digest());
          expect(new Set(digests).size).toBe(1);
          const states = await Promise.all(stores.map(async (s) => (await s.getEntries('')).map((e: any) => [e.key, e.value.value])));
          expect(states[1]).toEqual(states[0]);
          expect(states[2]).toEqual(states[0]);
          // The per-peer marks alone carried everything: the digest repair never had to step in.
          expect(devices.flatMap((d) => d.logs).filter((l) => l.includes('full exchange'))).toEqual([]);
        } finally {
          for (const d of devices) {
            d.kits.close();
            d.network.close();
          }
        }
      },
    ), { numRuns: 60 });
  });
});
