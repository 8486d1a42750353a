import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readSavedObject, savedObjectPath } from '../../../src/runtime/distributed/data-object.js';
import {MemoryHub, memoryDevices, tick, until } from '../../helpers/superdevice.js';

const dev = memoryDevices();

describe('distributedDataObject', () => {
  it('peers in one session see each other\'s field changes and status', async () => {
    const hub = new MemoryHub();
    const a = dev(hub, 'A');
    const b = dev(hub, 'B');
    await tick();
    const oa = a.obj.create({}, { title: 'draft', count: 0 });
    const ob = b.obj.create({}, { title: undefined, count: undefined });
    const statusA: string[] = [];
    const changesB: Array<[string, string[]]> = [];
    oa.on('status', (sid: string, nid: string, st: string) => statusA.push(`${sid}:${nid}:${st}`));
    ob.on('change', (sid: string, fields: string[]) => changesB.push([sid, fields]));
    await oa.setSessionId('s1');
    await ob.setSessionId('s1');
    await until(() => ob.title === 'draft' && statusA.includes('s1:B:online'), 30_000, 'join');
    expect(ob.count).toBe(0);
    oa.title = 'final';
    await until(() => ob.title === 'final');
    expect(changesB.at(-1)).toEqual(['s1', ['title']]);
    ob.count = 5;
    await until(() => oa.count === 5);
    await ob.setSessionId('');
    await until(() => statusA.includes('s1:B:offline'));
    oa.title = 'not shared';
    await tick();
    await tick();
    expect(ob.title).toBe('final');
  });

  it('objects in different sessions do not see each other', async () => {
    const hub = new MemoryHub();
    const a = dev(hub, 'A');
    const b = dev(hub, 'B');
    await tick();
    const oa = a.obj.create({}, { x: 1 });
    const ob = b.obj.create({}, { x: 2 });
    await oa.setSessionId('one');
    await ob.setSessionId('two');
    oa.x = 10;
    await new Promise((r) => setTimeout(r, 30));
    expect(ob.x).toBe(2);
  });

  it('save(deviceId) stores the object on the continuation target, which restores it on joining the session', async () => {
    const hub = new MemoryHub();
    const phone = dev(hub, 'phone');
    const tablet = dev(hub, 'tablet');
    await tick();
    const src = phone.obj.create({}, { page: 'Editor', cursor: 0 });
    const sid = phone.obj.genSessionId();
    expect(sid).toMatch(/^\d{8}$/);
    await src.setSessionId(sid);
    src.cursor = 42;
    const res = await src.save('tablet');
    expect(res).toMatchObject({ sessionId: sid, deviceId: 'tablet' });
    expect(readSavedObject(tablet.dataDir, sid)?.fields.cursor.v).toBe(42);
    // The source goes away before the target starts (the continuation case).
    phone.kits.close();
    phone.network.close();
    const dst = tablet.obj.create({}, { page: undefined, cursor: undefined });
    const status: string[] = [];
    dst.on('status', (_s: string, nid: string, st: string) => status.push(`${nid}:${st}`));
    await dst.setSessionId(sid);
    expect(status).toEqual(['tablet:restored']);
    expect(dst.page).toBe('Editor');
    expect(dst.cursor).toBe(42);
  });

  it('revokeSave deletes the saved copies', async () => {
    const hub = new MemoryHub();
    const a = dev(hub, 'A');
    const b = dev(hub, 'B');
    await tick();
    const o = a.obj.create({}, { v: 1 });
    await o.setSessionId('keep');
    await o.save('A');
    await o.save('B');
    expect(existsSync(savedObjectPath(a.dataDir, 'keep'))).toBe(true);
    expect(existsSync(savedObjectPath(b.dataDir, 'keep'))).toBe(true);
    expect(await o.revokeSave()).toEqual({ sessionId: 'keep' });
    expect(existsSync(savedObjectPath(a.dataDir, 'keep'))).toBe(false);
    await until(() => !existsSync(savedObjectPath(b.dataDir, 'keep')));
  });

  it('needs DISTRIBUTED_DATASYNC (201) and valid arguments (401)', async () => {
    const hub = new MemoryHub();
    const a = dev(hub, 'A', { permissions: [] });
    const o = a.obj.create({}, { v: 1 });
    expect(() => o.setSessionId('s')).toThrow(expect.objectContaining({ code: 201 }));
    const b = dev(hub, 'B');
    const p = b.obj.create({}, { v: 1 });
    expect(() => p.setSessionId('bad id!')).toThrow(expect.objectContaining({ code: 401 }));
    expect(() => p.save('A')).toThrow(expect.objectContaining({ code: 401 }));
    expect(() => b.obj.create({}, 5)).toThrow(expect.objectContaining({ code: 401 }));
    await p.setSessionId('ok');
    await expect(p.save('nowhere')).rejects.toMatchObject({ code: 401 });
  });
});
