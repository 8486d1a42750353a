/**
 * The storage services a running app asks its device for (App.hostOp, device.ts): the app's sandboxed files
 * (`fs.*`, @ohos.file.fs), PersistentStorage (`persist.*`, one JSON file per app), PersistenceV2 (`persist2.*`) and
 * preferences (`prefs.*`, one JSON file per name). Everything lives under the app's data folder; paths from the app
 * go through its SandboxFs. Throwing here becomes an error inside the app.
 */
import fs from 'node:fs';
import path from 'node:path';
import { writeFileAtomic } from '../util/atomic.js';
import { PersistenceV2Store } from './persistence-v2-store.js';
import type { SandboxFs } from './sandbox-fs.js';

export class AppStorage {
  private persistence: PersistenceV2Store | undefined;

  constructor(private readonly appDir: string, private readonly files: SandboxFs, private readonly moduleName: string) {}

  /** Answers one `fs.*` / `persist.*` / `persist2.*` / `prefs.*` request. */
  handle(op: string, d: any): unknown {
    switch (op) {
      case 'fs.open': this.files.open(d.path, Number(d.mode) || 0); return undefined;
      case 'fs.readText': return this.files.readText(d.path);
      case 'fs.write': this.files.write(d.path, String(d.text), Number(d.offset ?? -1), !!d.truncate); return undefined;
      case 'fs.access': return this.files.access(d.path);
      case 'fs.mkdir': this.files.mkdir(d.path, !!d.recursive); return undefined;
      case 'fs.rm': this.files.rm(d.path); return undefined;
      case 'fs.list': return this.files.list(d.path);
      case 'fs.stat': return this.files.stat(d.path);
      case 'fs.copy': this.files.copy(d.from, d.to); return undefined;
      case 'fs.rename': this.files.rename(d.from, d.to); return undefined;
      case 'persist2.get': return this.persistenceV2().get(String(d.scope), String(d.key));
      case 'persist2.set': this.persistenceV2().set(String(d.scope), String(d.key), String(d.text)); return undefined;
      case 'persist2.delete': return this.persistenceV2().delete(String(d.key), d.scope === undefined ? undefined : String(d.scope));
      case 'persist2.list': return this.persistenceV2().keys();
      case 'persist.get': return this.readPersist()[d.key] ?? null;
      case 'persist.set': { const all = this.readPersist(); all[d.key] = d.value; fs.mkdirSync(this.appDir, { recursive: true }); writeFileAtomic(this.persistFile(), JSON.stringify(all)); return undefined; }
      case 'persist.delete': { const all = this.readPersist(); delete all[d.key]; writeFileAtomic(this.persistFile(), JSON.stringify(all)); return undefined; }
      case 'prefs.load': { const f = this.prefsFile(d.name); try { return JSON.parse(fs.readFileSync(f, 'utf8')); } catch { return {}; } }
      case 'prefs.save': { const f = this.prefsFile(d.name); fs.mkdirSync(path.dirname(f), { recursive: true }); writeFileAtomic(f, String(d.data)); return undefined; }
      case 'prefs.delete': fs.rmSync(this.prefsFile(d.name), { force: true }); return undefined;
      default: throw new Error(`unknown device request '${op}'`);
    }
  }

  private persistenceV2(): PersistenceV2Store { return this.persistence ??= new PersistenceV2Store(this.files, this.moduleName); }

  private persistFile(): string { return path.join(this.appDir, 'persistent_storage.json'); }

  private readPersist(): Record<string, string> {
    try { return JSON.parse(fs.readFileSync(this.persistFile(), 'utf8')); } catch { return {}; }
  }

  private prefsFile(name: unknown): string {
    if (typeof name !== 'string' || !/^[A-Za-z0-9._-]+$/.test(name)) throw Object.assign(new Error(`Invalid preferences name '${String(name)}'`), { code: 401 });
    return this.files.resolve(`/data/storage/el2/base/haps/${this.moduleName}/preferences/${name}.json`);
  }
}
