/**
 * `@ohos.data.relationalStore` on the host: a real SQLite (better-sqlite3) file per store in the app's sandbox,
 * `<databaseDir>/rdb/<name>` as on a device, so data survives an app relaunch. The realm side
 * (realm/relational-store.ts) builds the SQL of predicates; this side runs it and answers JSON.
 *
 *  - SQL errors carry the platform's codes (14800021 … 14800034 from SQLite's result codes; 14800011 a corrupt file;
 *    14800014 a closed store or result set; 14800019 a non-query given to querySql);
 *  - result sets are read in pages (LIMIT/OFFSET over the query, `count` on demand): memory stays bounded however
 *    many rows match, and no statement stays open between calls (so writes while a result set is open work);
 *  - nothing reaches outside the sandbox: paths go through SandboxFs, and statements that open other files
 *    (ATTACH, VACUUM INTO, load_extension, temp/data_store_directory) are refused with 14800023.
 */
import fs from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import type { KitFamily, KitHostContext } from './host.js';
import { KitError } from './kit-error.js';

type Db = {
  prepare(sql: string): Stmt; exec(sql: string): void; close(): void; pragma(s: string, o?: { simple?: boolean }): unknown;
  readonly open: boolean; readonly inTransaction: boolean;
};
type Stmt = { run(...a: unknown[]): { changes: number; lastInsertRowid: number | bigint }; all(...a: unknown[]): unknown[]; get(...a: unknown[]): unknown; raw(on?: boolean): Stmt; columns(): Array<{ name: string; type: string | null }>; readonly reader: boolean };
type DatabaseCtor = new (file: string, opts?: { readonly?: boolean; fileMustExist?: boolean; timeout?: number }) => Db;

let DatabaseClass: DatabaseCtor | undefined;
const sqlite = (): DatabaseCtor => (DatabaseClass ??= createRequire(import.meta.url)('better-sqlite3') as DatabaseCtor);

/** SQLite primary result code → the platform's relationalStore error code. */
const SQLITE_CODES: Record<string, number> = {
  SQLITE_ERROR: 14800021, SQLITE_ABORT: 14800022, SQLITE_PERM: 14800023, SQLITE_AUTH: 14800023, SQLITE_BUSY: 14800024, SQLITE_LOCKED: 14800025,
  SQLITE_NOMEM: 14800026, SQLITE_READONLY: 14800027, SQLITE_IOERR: 14800028, SQLITE_CORRUPT: 14800011, SQLITE_NOTADB: 14800011,
  SQLITE_FULL: 14800029, SQLITE_CANTOPEN: 14800030, SQLITE_TOOBIG: 14800031, SQLITE_CONSTRAINT: 14800032, SQLITE_MISMATCH: 14800033,
  SQLITE_MISUSE: 14800034, SQLITE_RANGE: 14800021,
};
const MESSAGES: Record<number, string> = {
  14800011: 'Database corrupted', 14800021: 'SQLite: Generic error', 14800022: 'SQLite: Callback routine requested an abort', 14800023: 'SQLite: Access permission denied',
  14800024: 'SQLite: The database file is locked', 14800025: 'SQLite: A table in the database is locked', 14800026: 'SQLite: The database is out of memory',
  14800027: 'SQLite: Attempt to write a readonly database', 14800028: 'SQLite: Some kind of disk I/O error occurred', 14800029: 'SQLite: The database is full',
  14800030: 'SQLite: Unable to open the database file', 14800031: 'SQLite: TEXT or BLOB exceeds size limit', 14800032: 'SQLite: Abort due to constraint violation',
  14800033: 'SQLite: The data type mismatches', 14800034: 'SQLite: Library used incorrectly',
};
export function sqliteError(e: unknown): KitError {
  if (e instanceof KitError) return e;
  const err = e as { code?: string; message?: string };
  const primary = typeof err?.code === 'string' ? err.code.split('_').slice(0, 2).join('_') : '';
  const code = SQLITE_CODES[primary] ?? 14800000;
  return new KitError(code, `${MESSAGES[code] ?? 'Inner error'}: ${String(err?.message ?? e)}`);
}

/** Statements that would open or write files outside the store (and so outside the sandbox). */
const FORBIDDEN_SQL = /\b(attach|detach)\b|\bvacuum\b[\s\S]*\binto\b|\bload_extension\b|\b(temp_store_directory|data_store_directory)\b/i;
function checkSql(sql: unknown): string {
  if (typeof sql !== 'string' || !sql.trim()) throw new KitError(401, 'Parameter error. The sql must be a non-empty string.');
  // Literals and comments cannot run anything: look at the rest.
  const code = sql.replace(/'(?:[^']|'')*'|"(?:[^"]|"")*"|--[^\n]*|\/\*[\s\S]*?\*\//g, ' ');
  if (FORBIDDEN_SQL.test(code)) throw new KitError(14800023, 'SQLite: Access permission denied: ATTACH, DETACH, VACUUM INTO and load_extension are not allowed (use RdbStore.attach)');
  return sql;
}

/** A value from the realm (blobs as base64, big integers as strings) → SQLite. */
type Wire = null | number | string | boolean | { b64: string } | { big: string } | { asset: unknown };
function toSql(v: Wire): unknown {
  if (v === null || v === undefined) return null;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number' || typeof v === 'string') return v;
  if (typeof v === 'object' && 'b64' in v) return Buffer.from(String(v.b64), 'base64');
  if (typeof v === 'object' && 'big' in v) return BigInt(String(v.big));
  if (typeof v === 'object' && 'asset' in v) return JSON.stringify(v.asset);
  throw new KitError(401, 'Parameter error. A value must be null, number, string, boolean, Uint8Array or bigint.');
}
function fromSql(v: unknown): Wire {
  if (v === null || v === undefined) return null;
  if (Buffer.isBuffer(v)) return { b64: v.toString('base64') };
  if (typeof v === 'bigint') return Number.isSafeInteger(Number(v)) ? Number(v) : { big: v.toString() };
  return v as Wire;
}
const args = (a: unknown): unknown[] => (Array.isArray(a) ? a.map((x) => toSql(x as Wire)) : []);
const ident = (name: unknown, what: string): string => {
  if (typeof name !== 'string' || !name || name.length > 256) throw new KitError(401, `Parameter error. The ${what} must be a non-empty string.`);
  return `"${name.replace(/"/g, '""')}"`;
};

interface Store { id: number; name: string; file: string; db: Db; readOnly: boolean }
interface ResultSetState { id: number; store: Store; sql: string; args: unknown[]; columns: string[]; count?: number; direct?: unknown[][] }

const PAGE_MAX = 1000;
const DIRECT_MAX = 100_000;

export function createRdbHost(ctx: KitHostContext): KitFamily {
  const stores = new Map<number, Store>();
  const results = new Map<number, ResultSetState>();
  let nextId = 1;

  const dbDir = () => `/data/storage/el2/database/${ctx.moduleName}/rdb`;
  const fileOf = (name: unknown, customDir?: unknown): string => {
    if (typeof name !== 'string' || !name || name.includes('/') || name.includes('\\') || name === '.' || name === '..' || name.length > 128) {
      throw new KitError(14800010, `Invalid database path: the name '${String(name)}' must be a file name`);
    }
    const sub = typeof customDir === 'string' && customDir ? customDir.replace(/^\/+|\/+$/g, '') : '';
    if (sub && (sub.split('/').some((s) => s === '..' || s === '.') || sub.length > 128)) throw new KitError(14800010, `Invalid database path: customDir '${sub}'`);
    try {
      return ctx.fs.resolve(`${dbDir()}/${sub ? sub + '/' : ''}${name}`);
    } catch (e) { throw new KitError(14800010, `Invalid database path: ${(e as Error).message}`); }
  };
  const store = (id: unknown): Store => {
    const s = stores.get(Number(id));
    if (!s || !s.db.open) throw new KitError(14800014, 'Already closed: the RdbStore is closed');
    return s;
  };
  const run = <T>(f: () => T): T => { try { return f(); } catch (e) { throw sqliteError(e); } };
  const later = (d: { asyncId?: unknown }, f: () => unknown) => {
    if (d.asyncId === undefined) return f();
    let out: unknown; let failure: unknown; let failed = false;
    try { out = f(); } catch (e) { failed = true; failure = e; }
    ctx.settle(Number(d.asyncId), failed ? Promise.reject(failure) : Promise.resolve(out));
    return undefined;
  };

  const open = (d: { name?: unknown; customDir?: unknown; isReadOnly?: unknown }) => {
    const file = fileOf(d.name, d.customDir);
    const existing = [...stores.values()].find((s) => s.file === file && s.db.open);
    if (existing) return { storeId: existing.id, version: Number(existing.db.pragma('user_version', { simple: true })) };
    const readOnly = d.isReadOnly === true;
    if (readOnly && !fs.existsSync(file)) throw new KitError(14800030, 'SQLite: Unable to open the database file: a read-only store must exist');
    fs.mkdirSync(path.dirname(file), { recursive: true });
    let db: Db;
    try {
      db = new (sqlite())(file, { readonly: readOnly, timeout: 2000 });
    } catch (e) { throw sqliteError(e); }
    try {
      // Reading the header finds a corrupt file now, as getRdbStore does on a device.
      const version = Number(db.pragma('user_version', { simple: true }));
      if (!readOnly) db.pragma('journal_mode = WAL');
      db.pragma('foreign_keys = ON');
      const s: Store = { id: nextId++, name: String(d.name), file, db, readOnly };
      stores.set(s.id, s);
      return { storeId: s.id, version };
    } catch (e) {
      db.close();
      const err = sqliteError(e);
      if (err.code === 14800011) ctx.log('E', 'RdbStore', `${String(d.name)} is corrupt: ${(e as Error).message}`);
      throw err;
    }
  };

  const closeStore = (s: Store) => {
    for (const [id, r] of results) if (r.store === s) results.delete(id);
    if (s.db.open) s.db.close();
    stores.delete(s.id);
  };

  const insert = (s: Store, table: unknown, values: Record<string, Wire>, conflict: unknown) => {
    const cols = Object.keys(values ?? {});
    if (!cols.length) throw new KitError(401, 'Parameter error. The values bucket is empty.');
    const verb = conflictVerb(conflict);
    const stmt = s.db.prepare(`INSERT${verb} INTO ${ident(table, 'table name')} (${cols.map((c) => ident(c, 'column name')).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`);
    const r = stmt.run(...cols.map((c) => toSql(values[c])));
    return r.changes === 0 ? -1 : Number(r.lastInsertRowid);
  };

  const pageOf = (r: ResultSetState, start: number, size: number): unknown[][] => {
    if (r.direct) return r.direct.slice(start, start + size);
    const stmt = r.store.db.prepare(`SELECT * FROM (${r.sql}) LIMIT ? OFFSET ?`).raw(true);
    return stmt.all(...r.args, size, start).map((row) => (row as unknown[]).map(fromSql));
  };

  const handlers: Record<string, (d: any) => unknown> = {
    open: (d) => later(d, () => open(d)),
    remove: (d) => later(d, () => {
      const file = fileOf(d.name, d.customDir);
      for (const s of [...stores.values()]) if (s.file === file) closeStore(s);
      for (const suffix of ['', '-wal', '-shm', '-journal']) fs.rmSync(file + suffix, { force: true });
      return undefined;
    }),
    close: (d) => later(d, () => { const s = stores.get(Number(d.storeId)); if (s) closeStore(s); return undefined; }),
    version: (d) => {
      const s = store(d.storeId);
      if (d.set !== undefined) {
        const v = Number(d.set);
        if (!Number.isInteger(v) || v < 0) throw new KitError(401, 'Parameter error. The version must be an integer >= 0.');
        run(() => s.db.pragma(`user_version = ${v}`));
        return v;
      }
      return Number(run(() => s.db.pragma('user_version', { simple: true })));
    },
    exec: (d) => later(d, () => {
      const s = store(d.storeId);
      const sql = checkSql(d.sql);
      return run(() => {
        const stmt = s.db.prepare(sql);
        if (stmt.reader) { const row = stmt.raw(true).get(...args(d.args)) as unknown[] | undefined; return { value: row ? fromSql(row[0]) : null, changes: 0 }; }
        const r = stmt.run(...args(d.args));
        return { value: /^\s*insert/i.test(sql) ? Number(r.lastInsertRowid) : r.changes, changes: r.changes };
      });
    }),
    insert: (d) => later(d, () => { const s = store(d.storeId); return run(() => insert(s, d.table, d.values, d.conflict)); }),
    batchInsert: (d) => later(d, () => {
      const s = store(d.storeId);
      const rows = Array.isArray(d.rows) ? d.rows : [];
      return run(() => {
        let n = 0;
        const own = !s.db.inTransaction;
        if (own) s.db.exec('BEGIN');
        try {
          for (const row of rows) if (insert(s, d.table, row, d.conflict) >= 0) n++;
          if (own) s.db.exec('COMMIT');
        } catch (e) { if (own && s.db.inTransaction) s.db.exec('ROLLBACK'); throw e; }
        return n;
      });
    }),
    update: (d) => later(d, () => {
      const s = store(d.storeId);
      const cols = Object.keys(d.values ?? {});
      if (!cols.length) throw new KitError(401, 'Parameter error. The values bucket is empty.');
      const where = typeof d.where === 'string' && d.where ? ` WHERE ${checkSql(d.where)}` : '';
      return run(() => s.db.prepare(`UPDATE${conflictVerb(d.conflict)} ${ident(d.table, 'table name')} SET ${cols.map((c) => `${ident(c, 'column name')} = ?`).join(', ')}${where}`)
        .run(...cols.map((c) => toSql(d.values[c])), ...args(d.whereArgs)).changes);
    }),
    delete: (d) => later(d, () => {
      const s = store(d.storeId);
      const where = typeof d.where === 'string' && d.where ? ` WHERE ${checkSql(d.where)}` : '';
      return run(() => s.db.prepare(`DELETE FROM ${ident(d.table, 'table name')}${where}`).run(...args(d.whereArgs)).changes);
    }),
    query: (d) => later(d, () => {
      const s = store(d.storeId);
      const sql = checkSql(d.sql).trim().replace(/;\s*$/, '');
      const a = args(d.args);
      return run(() => {
        const stmt = s.db.prepare(sql);
        if (!stmt.reader) throw new KitError(14800019, 'The SQL must be a query statement.');
        const columns = stmt.columns().map((c) => c.name);
        const r: ResultSetState = { id: nextId++, store: s, sql, args: a, columns };
        try { s.db.prepare(`SELECT * FROM (${sql}) LIMIT 0`); } catch {
          // PRAGMA and the like cannot be wrapped: read them whole (they are small), capped.
          r.direct = (stmt.raw(true).all(...a) as unknown[][]).slice(0, DIRECT_MAX).map((row) => row.map(fromSql));
          r.count = r.direct.length;
        }
        results.set(r.id, r);
        const first = pageOf(r, 0, 64);
        return { resultSetId: r.id, columns, first };
      });
    }),
    page: (d) => {
      const r = results.get(Number(d.resultSetId));
      if (!r || !r.store.db.open) throw new KitError(14800014, 'Already closed: the ResultSet is closed');
      const start = Math.max(0, Math.floor(Number(d.start) || 0));
      const size = Math.min(PAGE_MAX, Math.max(1, Math.floor(Number(d.size) || 256)));
      return run(() => pageOf(r, start, size));
    },
    count: (d) => {
      const r = results.get(Number(d.resultSetId));
      if (!r || !r.store.db.open) throw new KitError(14800014, 'Already closed: the ResultSet is closed');
      if (r.count === undefined) r.count = Number(run(() => (r.store.db.prepare(`SELECT COUNT(*) FROM (${r.sql})`).raw(true).get(...r.args) as unknown[])[0]));
      return r.count;
    },
    closeResultSet: (d) => { results.delete(Number(d.resultSetId)); return undefined; },
    begin: (d) => later(d, () => { const s = store(d.storeId); run(() => s.db.exec(`BEGIN ${['DEFERRED', 'IMMEDIATE', 'EXCLUSIVE'][Number(d.type) || 0] ?? 'DEFERRED'}`)); return undefined; }),
    commit: (d) => later(d, () => { const s = store(d.storeId); if (!s.db.inTransaction) throw new KitError(14800021, 'SQLite: Generic error: cannot commit - no transaction is active'); run(() => s.db.exec('COMMIT')); return undefined; }),
    rollback: (d) => later(d, () => { const s = store(d.storeId); if (!s.db.inTransaction) throw new KitError(14800021, 'SQLite: Generic error: cannot rollback - no transaction is active'); run(() => s.db.exec('ROLLBACK')); return undefined; }),
    backup: (d) => later(d, () => {
      const s = store(d.storeId);
      const dest = fileOf(d.name, d.customDir);
      if (dest === s.file) throw new KitError(14800010, 'Invalid database path: the backup cannot replace the store itself');
      run(() => s.db.pragma('wal_checkpoint(TRUNCATE)'));
      fs.copyFileSync(s.file, dest);
      return undefined;
    }),
    restore: (d) => later(d, () => {
      const s = store(d.storeId);
      const src = fileOf(d.name, d.customDir);
      if (!fs.existsSync(src)) throw new KitError(14800030, 'SQLite: Unable to open the database file: no such backup');
      s.db.close();
      for (const suffix of ['-wal', '-shm']) fs.rmSync(s.file + suffix, { force: true });
      fs.copyFileSync(src, s.file);
      s.db = new (sqlite())(s.file, { timeout: 2000 });
      return undefined;
    }),
  };

  return {
    handle(op, d) {
      const h = Object.prototype.hasOwnProperty.call(handlers, op) ? handlers[op] : undefined;
      if (!h) throw new KitError(801, `unknown request rdb.${op}`);
      return h(d);
    },
    close() { for (const s of [...stores.values()]) closeStore(s); },
  };
}

/** relationalStore.ConflictResolution → SQLite's `OR …` clause. */
function conflictVerb(c: unknown): string {
  return ['', ' OR ROLLBACK', ' OR ABORT', ' OR FAIL', ' OR IGNORE', ' OR REPLACE'][Number(c) || 0] ?? '';
}
