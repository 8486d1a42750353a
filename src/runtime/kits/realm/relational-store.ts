/**
 * `@ohos.data.relationalStore` in the app realm (evaluated from source; see core.ts): RdbPredicates build the SQL
 * here, the host runs it on a real SQLite file (rdb-host.ts). ResultSets read rows a page at a time from the host.
 */
export function installRelationalStore(g: any): void {
  const rt = g.__rt;
  const err = (code: number, msg: string) => rt.kitError(code, msg);
  const paramErr = (msg: string) => err(401, `Parameter error. ${msg}`);
  const call = (op: string, d: any) => rt.kitCall('rdb.' + op, d);
  const later = (op: string, d: any) => rt.kitAsync('rdb.' + op, d);

  const SecurityLevel = { S1: 1, S2: 2, S3: 3, S4: 4 };
  const ConflictResolution = { ON_CONFLICT_NONE: 0, ON_CONFLICT_ROLLBACK: 1, ON_CONFLICT_ABORT: 2, ON_CONFLICT_FAIL: 3, ON_CONFLICT_IGNORE: 4, ON_CONFLICT_REPLACE: 5 };
  const SyncMode = { SYNC_MODE_PUSH: 0, SYNC_MODE_PULL: 1, SYNC_MODE_TIME_FIRST: 4, SYNC_MODE_NATIVE_FIRST: 5, SYNC_MODE_CLOUD_FIRST: 6 };
  const SubscribeType = { SUBSCRIBE_TYPE_REMOTE: 0, SUBSCRIBE_TYPE_CLOUD: 1, SUBSCRIBE_TYPE_CLOUD_DETAILS: 2, SUBSCRIBE_TYPE_LOCAL_DETAILS: 3 };
  const DistributedType = { DISTRIBUTED_DEVICE: 0, DISTRIBUTED_CLOUD: 1 };
  const Progress = { SYNC_BEGIN: 0, SYNC_IN_PROGRESS: 1, SYNC_FINISH: 2 };
  const ProgressCode = { SUCCESS: 0, UNKNOWN_ERROR: 1, NETWORK_ERROR: 2, CLOUD_DISABLED: 3, LOCKED_BY_OTHERS: 4, RECORD_LIMIT_EXCEEDED: 5, NO_SPACE_FOR_ASSET: 6, BLOCKED_BY_NETWORK_STRATEGY: 7 };
  const ChangeType = { DATA_CHANGE: 0, ASSET_CHANGE: 1 };
  const Origin = { LOCAL: 0, CLOUD: 1, REMOTE: 2 };
  const Field = { CURSOR_FIELD: '#_cursor', ORIGIN_FIELD: '#_origin', DELETED_FLAG_FIELD: '#_deleted_flag', DATA_STATUS_FIELD: '#_data_status', OWNER_FIELD: '#_cloud_owner', PRIVILEGE_FIELD: '#_cloud_privilege', SHARING_RESOURCE_FIELD: '#_sharing_resource_field' };
  const RebuildType = { NONE: 0, REBUILT: 1, REPAIRED: 2 };
  const Tokenizer = { NONE_TOKENIZER: 0, ICU_TOKENIZER: 1, CUSTOM_TOKENIZER: 2 };
  const AssetStatus = { ASSET_NORMAL: 1, ASSET_INSERT: 2, ASSET_UPDATE: 3, ASSET_DELETE: 4, ASSET_ABNORMAL: 5, ASSET_DOWNLOADING: 6 };
  const ColumnType = { NULL: 0, INTEGER: 1, REAL: 2, TEXT: 3, BLOB: 4, ASSET: 5, ASSETS: 6, FLOAT_VECTOR: 7, UNLIMITED_INT: 8 };
  const TransactionType = { DEFERRED: 0, IMMEDIATE: 1, EXCLUSIVE: 2 };
  const HAMode = { SINGLE: 0, MAIN_REPLICA: 1 };
  const EncryptionAlgo = { AES_256_GCM: 0, AES_256_CBC: 1 };
  const HmacAlgo = { SHA1: 0, SHA256: 1, SHA512: 2 };
  const KdfAlgo = { KDF_SHA1: 0, KDF_SHA256: 1, KDF_SHA512: 2 };

  /** Realm value → wire: blobs as base64, big integers as strings. */
  const wire = (v: any): any => {
    if (v === undefined || v === null) return null;
    if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
    if (typeof v === 'bigint') return { big: v.toString() };
    if (v instanceof Uint8Array) return { b64: rt.base64.encode(v, 0) };
    if (v instanceof ArrayBuffer) return { b64: rt.base64.encode(new Uint8Array(v), 0) };
    if (typeof v === 'object' && typeof v.name === 'string' && typeof v.uri === 'string') return { asset: v };
    throw paramErr('A value must be null, number, string, boolean, Uint8Array, bigint or an Asset.');
  };
  const unwire = (w: any): any => (w !== null && typeof w === 'object' ? ('b64' in w ? rt.base64.decode(w.b64) : 'big' in w ? BigInt(w.big) : w) : w);
  const bucket = (values: any): Record<string, any> => {
    if (!values || typeof values !== 'object') throw paramErr('The type of "values" must be ValuesBucket.');
    const o: Record<string, any> = {};
    const entries = values instanceof Map ? [...values] : Object.keys(values).map((k) => [k, values[k]]);
    for (const [k, v] of entries) if (v !== undefined) o[k] = wire(v);
    return o;
  };

  // ---- predicates: SQL built here, run on the host ----
  const quote = (c: string) => { if (typeof c !== 'string' || !c) throw paramErr('The type of "field" must be a non-empty string.'); return /^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)?$/.test(c) ? c : `"${c.replace(/"/g, '""')}"`; };
  class RdbPredicates {
    readonly table: string; where = ''; args: any[] = []; order: string[] = []; group: string[] = []; limit = -1; offset = -1; isDistinct = false; index = ''; havingClause = ''; havingArgs: any[] = [];
    private joinNext = '';
    constructor(name: string) {
      if (typeof name !== 'string' || !name) throw paramErr('The type of "name" must be a non-empty string.');
      this.table = name;
    }
    private add(clause: string, ...values: any[]): RdbPredicates {
      if (this.where && !this.where.endsWith('(') && !this.joinNext) this.joinNext = ' AND ';
      this.where += this.joinNext + clause; this.joinNext = '';
      for (const v of values) this.args.push(wire(v));
      return this;
    }
    equalTo(f: string, v: any) { return this.add(`${quote(f)} = ?`, v); }
    notEqualTo(f: string, v: any) { return this.add(`${quote(f)} <> ?`, v); }
    beginWrap() { if (this.where && !this.where.endsWith('(') && !this.joinNext) this.joinNext = ' AND '; this.where += this.joinNext + '('; this.joinNext = ''; return this; }
    endWrap() { if (!this.where.includes('(')) throw paramErr('endWrap() without beginWrap().'); this.where += ')'; return this; }
    or() { this.joinNext = ' OR '; return this; }
    and() { this.joinNext = ' AND '; return this; }
    contains(f: string, v: string) { return this.add(`${quote(f)} LIKE ?`, `%${v}%`); }
    notContains(f: string, v: string) { return this.add(`${quote(f)} NOT LIKE ?`, `%${v}%`); }
    beginsWith(f: string, v: string) { return this.add(`${quote(f)} LIKE ?`, `${v}%`); }
    endsWith(f: string, v: string) { return this.add(`${quote(f)} LIKE ?`, `%${v}`); }
    isNull(f: string) { return this.add(`${quote(f)} IS NULL`); }
    isNotNull(f: string) { return this.add(`${quote(f)} IS NOT NULL`); }
    like(f: string, v: string) { return this.add(`${quote(f)} LIKE ?`, v); }
    notLike(f: string, v: string) { return this.add(`${quote(f)} NOT LIKE ?`, v); }
    glob(f: string, v: string) { return this.add(`${quote(f)} GLOB ?`, v); }
    between(f: string, a: any, b: any) { return this.add(`${quote(f)} BETWEEN ? AND ?`, a, b); }
    notBetween(f: string, a: any, b: any) { return this.add(`${quote(f)} NOT BETWEEN ? AND ?`, a, b); }
    greaterThan(f: string, v: any) { return this.add(`${quote(f)} > ?`, v); }
    lessThan(f: string, v: any) { return this.add(`${quote(f)} < ?`, v); }
    greaterThanOrEqualTo(f: string, v: any) { return this.add(`${quote(f)} >= ?`, v); }
    lessThanOrEqualTo(f: string, v: any) { return this.add(`${quote(f)} <= ?`, v); }
    in(f: string, vs: any[]) { if (!Array.isArray(vs)) throw paramErr('The type of "value" must be Array.'); return this.add(`${quote(f)} IN (${vs.map(() => '?').join(', ')})`, ...vs); }
    notIn(f: string, vs: any[]) { if (!Array.isArray(vs)) throw paramErr('The type of "value" must be Array.'); return this.add(`${quote(f)} NOT IN (${vs.map(() => '?').join(', ')})`, ...vs); }
    orderByAsc(f: string) { this.order.push(`${quote(f)} ASC`); return this; }
    orderByDesc(f: string) { this.order.push(`${quote(f)} DESC`); return this; }
    distinct() { this.isDistinct = true; return this; }
    limitAs(n: number) { if (typeof n !== 'number') throw paramErr('The type of "value" must be number.'); this.limit = n; return this; }
    offsetAs(n: number) { if (typeof n !== 'number') throw paramErr('The type of "rowOffset" must be number.'); this.offset = n; return this; }
    groupBy(fs: string[]) { if (!Array.isArray(fs)) throw paramErr('The type of "fields" must be Array.'); this.group.push(...fs.map(quote)); return this; }
    indexedBy(f: string) { this.index = String(f); return this; }
    having(cond: string, args?: any[]) { this.havingClause = String(cond); this.havingArgs = (args ?? []).map(wire); return this; }
    inDevices(_ds: string[]) { return this; }
    inAllDevices() { return this; }
    notEqualToAll() { return this; }
    /** SELECT over this table; the host pages it. */
    selectSql(columns?: string[]): { sql: string; args: any[] } {
      const cols = columns && columns.length ? columns.map(quote).join(', ') : '*';
      let sql = `SELECT ${this.isDistinct ? 'DISTINCT ' : ''}${cols} FROM ${quote(this.table)}${this.index ? ` INDEXED BY ${quote(this.index)}` : ''}`;
      if (this.where) sql += ` WHERE ${this.where}`;
      if (this.group.length) sql += ` GROUP BY ${this.group.join(', ')}`;
      if (this.havingClause) sql += ` HAVING ${this.havingClause}`;
      if (this.order.length) sql += ` ORDER BY ${this.order.join(', ')}`;
      if (this.limit >= 0 || this.offset >= 0) sql += ` LIMIT ${this.limit >= 0 ? Math.floor(this.limit) : -1}`;
      if (this.offset >= 0) sql += ` OFFSET ${Math.floor(this.offset)}`;
      return { sql, args: [...this.args, ...this.havingArgs] };
    }
  }

  // ---- ResultSet: one page of rows at a time ----
  const PAGE = 256;
  class ResultSet {
    readonly columnNames: string[]; private id: number; private pos = -1; private page: any[][]; private pageStart = 0; private closed = false; private count: number | undefined;
    constructor(r: { resultSetId: number; columns: string[]; first: any[][] }) {
      this.id = r.resultSetId; this.columnNames = r.columns; this.page = r.first;
      if (r.first.length < 64) this.count = r.first.length;
    }
    private live() { if (this.closed) throw err(14800014, 'Already closed: the ResultSet is closed'); }
    get columnCount(): number { return this.columnNames.length; }
    get rowCount(): number { if (this.closed) return -1; if (this.count === undefined) this.count = call('count', { resultSetId: this.id }); return this.count!; }
    get rowIndex(): number { return this.pos; }
    get isAtFirstRow(): boolean { return this.pos === 0; }
    get isAtLastRow(): boolean { return this.pos >= 0 && this.pos === this.rowCount - 1; }
    get isEnded(): boolean { return this.pos >= this.rowCount; }
    get isStarted(): boolean { return this.pos !== -1; }
    get isClosed(): boolean { return this.closed; }
    private row(): any[] {
      this.live();
      if (this.pos < 0 || this.pos >= this.pageStart + this.page.length || this.pos < this.pageStart) {
        if (this.pos < 0 || (this.count !== undefined && this.pos >= this.count)) throw err(14800012, 'Row out of bounds: the ResultSet is empty or the pointer is out of range');
        const page = call('page', { resultSetId: this.id, start: this.pos, size: PAGE });
        this.pageStart = this.pos; this.page = page;
        if (!page.length) throw err(14800012, 'Row out of bounds: the ResultSet is empty or the pointer is out of range');
      }
      return this.page[this.pos - this.pageStart];
    }
    /** Moves to `to` if it is a row (fetching its page); false (and at the edge) otherwise. */
    private move(to: number): boolean {
      this.live();
      if (to < 0) { this.pos = -1; return false; }
      if (to >= this.pageStart && to < this.pageStart + this.page.length) { this.pos = to; return true; }
      if (this.count !== undefined && to >= this.count) { this.pos = this.count; return false; }
      const page = call('page', { resultSetId: this.id, start: to, size: PAGE });
      if (!page.length) { this.count ??= call('count', { resultSetId: this.id }); this.pos = this.count!; return false; }
      this.pageStart = to; this.page = page; this.pos = to;
      return true;
    }
    goTo(offset: number): boolean { if (typeof offset !== 'number') throw paramErr('The type of "offset" must be number.'); return this.move(this.pos + offset); }
    goToRow(position: number): boolean { if (typeof position !== 'number') throw paramErr('The type of "position" must be number.'); return this.move(position); }
    goToFirstRow(): boolean { return this.move(0); }
    goToLastRow(): boolean { const n = this.rowCount; return n > 0 ? this.move(n - 1) : (this.pos = -1, false); }
    goToNextRow(): boolean { return this.move(this.pos + 1); }
    goToPreviousRow(): boolean { return this.move(this.pos - 1); }
    getColumnIndex(name: string): number { if (typeof name !== 'string' || !name) throw paramErr('The type of "columnName" must be a non-empty string.'); this.live(); return this.columnNames.indexOf(name); }
    getColumnName(i: number): string { this.col(i); return this.columnNames[i]; }
    private col(i: number) { this.live(); if (typeof i !== 'number' || !Number.isInteger(i) || i < 0 || i >= this.columnNames.length) throw err(14800013, 'Column out of bounds'); }
    private cell(i: number): any { this.col(i); return unwire(this.row()[i]); }
    getColumnType(i: number | string): Promise<number> { return rt.asyncApi(() => this.getColumnTypeSync(i)); }
    getColumnTypeSync(i: number | string): number { const v = this.cell(typeof i === 'string' ? this.getColumnIndex(i) : i); return v === null ? 0 : typeof v === 'number' ? (Number.isInteger(v) ? 1 : 2) : typeof v === 'string' ? 3 : v instanceof Uint8Array ? 4 : typeof v === 'bigint' ? 8 : 0; }
    getBlob(i: number): Uint8Array { const v = this.cell(i); return v instanceof Uint8Array ? v : v === null ? new Uint8Array(0) : rt.utf8.encode(String(v)); }
    getString(i: number): string { const v = this.cell(i); return v === null ? '' : v instanceof Uint8Array ? rt.utf8.decode(v) : String(v); }
    getLong(i: number): number { const v = this.cell(i); return v === null ? 0 : typeof v === 'number' ? Math.trunc(v) : typeof v === 'bigint' ? Number(v) : Math.trunc(Number(v)) || 0; }
    getDouble(i: number): number { const v = this.cell(i); return v === null ? 0 : Number(v) || 0; }
    getAsset(i: number): any { const v = this.cell(i); try { return typeof v === 'string' ? JSON.parse(v) : v; } catch { return v; } }
    getAssets(i: number): any[] { const v = this.getAsset(i); return Array.isArray(v) ? v : v ? [v] : []; }
    getValue(i: number): any { return this.cell(i); }
    getFloat32Array(i: number): Float32Array { const v = this.cell(i); return v instanceof Uint8Array ? new Float32Array(v.buffer.slice(v.byteOffset, v.byteOffset + v.byteLength)) : new Float32Array(0); }
    isColumnNull(i: number): boolean { return this.cell(i) === null; }
    getRow(): Record<string, any> { const r = this.row(); const o: Record<string, any> = {}; this.columnNames.forEach((c, i) => { o[c] = unwire(r[i]); }); return o; }
    getSendableRow(): Record<string, any> { return this.getRow(); }
    getRows(maxCount: number, position?: number): Promise<Record<string, any>[]> {
      return rt.asyncApi(() => {
        if (typeof maxCount !== 'number' || maxCount <= 0) throw paramErr('The type of "maxCount" must be a positive number.');
        const out: Record<string, any>[] = [];
        if (position !== undefined) { if (!this.move(position)) return out; } else if (!this.move(this.pos < 0 ? 0 : this.pos)) return out;
        do { out.push(this.getRow()); } while (out.length < maxCount && this.move(this.pos + 1));
        if (out.length === maxCount) this.move(this.pos + 1);
        return out;
      });
    }
    getCurrentRowData(): any[] { return this.row().map(unwire); }
    close(): void { if (this.closed) return; this.closed = true; call('closeResultSet', { resultSetId: this.id }); }
  }

  // ---- RdbStore ----
  const stores = new Map<number, RdbStore>();
  class RdbStore {
    private id: number; private closed = false; private observers = new Map<string, Set<any>>(); readonly rebuilt = RebuildType.NONE; private txDepth = 0;
    constructor(id: number) { this.id = id; }
    private sid(): number { if (this.closed) throw err(14800014, 'Already closed: the RdbStore is closed'); return this.id; }
    get version(): number { return call('version', { storeId: this.sid() }); }
    set version(v: number) { if (typeof v !== 'number' || v < 1) throw paramErr('The version must be an integer greater than 0.'); call('version', { storeId: this.sid(), set: v }); }
    private changed(table: string) {
      for (const cb of this.observers.get('dataChange') ?? []) Promise.resolve().then(() => cb([table]));
    }
    private async<T>(op: string, d: any, cb: any, after?: (v: any) => T): any {
      return rt.withCallback((async () => { const v = await later(op, { storeId: this.sid(), ...d }); return after ? after(v) : v; })(), cb);
    }
    insert(table: string, values: any, conflict?: any, cb?: any): Promise<number> {
      if (typeof conflict === 'function') { cb = conflict; conflict = undefined; }
      return rt.asyncApi(() => this.async('insert', { table, values: bucket(values), conflict }, undefined, (id: number) => { if (id >= 0) this.changed(table); return id; }), cb);
    }
    insertSync(table: string, values: any, conflict?: number): number { const id = call('insert', { storeId: this.sid(), table, values: bucket(values), conflict }); if (id >= 0) this.changed(table); return id; }
    batchInsert(table: string, values: any[], cb?: any): Promise<number> {
      return rt.asyncApi(() => { if (!Array.isArray(values)) throw paramErr('The type of "values" must be Array.'); return this.async('batchInsert', { table, rows: values.map(bucket) }, undefined, (n: number) => { if (n) this.changed(table); return n; }); }, cb);
    }
    batchInsertSync(table: string, values: any[]): number { if (!Array.isArray(values)) throw paramErr('The type of "values" must be Array.'); const n = call('batchInsert', { storeId: this.sid(), table, rows: values.map(bucket) }); if (n) this.changed(table); return n; }
    batchInsertWithConflictResolution(table: string, values: any[], conflict: number): Promise<number> { return rt.asyncApi(() => this.async('batchInsert', { table, rows: values.map(bucket), conflict }, undefined)); }
    batchInsertWithConflictResolutionSync(table: string, values: any[], conflict: number): number { return call('batchInsert', { storeId: this.sid(), table, rows: values.map(bucket), conflict }); }
    update(values: any, predicates: RdbPredicates, conflict?: any, cb?: any): Promise<number> {
      if (typeof conflict === 'function') { cb = conflict; conflict = undefined; }
      return rt.asyncApi(() => { pred(predicates); return this.async('update', { table: predicates.table, values: bucket(values), where: predicates.where, whereArgs: predicates.args, conflict }, undefined, (n: number) => { if (n) this.changed(predicates.table); return n; }); }, cb);
    }
    updateSync(values: any, predicates: RdbPredicates, conflict?: number): number { pred(predicates); const n = call('update', { storeId: this.sid(), table: predicates.table, values: bucket(values), where: predicates.where, whereArgs: predicates.args, conflict }); if (n) this.changed(predicates.table); return n; }
    delete(predicates: RdbPredicates, cb?: any): Promise<number> {
      return rt.asyncApi(() => { pred(predicates); return this.async('delete', { table: predicates.table, where: predicates.where, whereArgs: predicates.args }, undefined, (n: number) => { if (n) this.changed(predicates.table); return n; }); }, cb);
    }
    deleteSync(predicates: RdbPredicates): number { pred(predicates); const n = call('delete', { storeId: this.sid(), table: predicates.table, where: predicates.where, whereArgs: predicates.args }); if (n) this.changed(predicates.table); return n; }
    query(predicates: RdbPredicates, columns?: any, cb?: any): Promise<ResultSet> {
      if (typeof columns === 'function') { cb = columns; columns = undefined; }
      return rt.asyncApi(() => { pred(predicates); const q = predicates.selectSql(columns); return this.async('query', { sql: q.sql, args: q.args }, undefined, (r: any) => new ResultSet(r)); }, cb);
    }
    querySync(predicates: RdbPredicates, columns?: string[]): ResultSet { pred(predicates); const q = predicates.selectSql(columns); return new ResultSet(call('query', { storeId: this.sid(), sql: q.sql, args: q.args })); }
    querySql(sql: string, args?: any, cb?: any): Promise<ResultSet> {
      if (typeof args === 'function') { cb = args; args = undefined; }
      return rt.asyncApi(() => this.async('query', { sql, args: (args ?? []).map(wire) }, undefined, (r: any) => new ResultSet(r)), cb);
    }
    querySqlSync(sql: string, args?: any[]): ResultSet { return new ResultSet(call('query', { storeId: this.sid(), sql, args: (args ?? []).map(wire) })); }
    remoteQuery(): Promise<ResultSet> { return Promise.reject(err(801, 'Capability not supported: remote queries need a distributed table.')); }
    executeSql(sql: string, args?: any, cb?: any): Promise<void> {
      if (typeof args === 'function') { cb = args; args = undefined; }
      return rt.asyncApi(() => this.async('exec', { sql, args: (args ?? []).map(wire) }, undefined, () => undefined), cb);
    }
    execute(sql: string, txIdOrArgs?: any, args?: any[]): Promise<any> {
      const a = Array.isArray(txIdOrArgs) ? txIdOrArgs : args ?? [];
      return rt.asyncApi(() => this.async('exec', { sql, args: a.map(wire) }, undefined, (r: any) => unwire(r.value)));
    }
    executeSync(sql: string, args?: any[]): any { return unwire(call('exec', { storeId: this.sid(), sql, args: (args ?? []).map(wire) }).value); }
    beginTransaction(): void { call('begin', { storeId: this.sid() }); this.txDepth++; }
    commit(txId?: number): any { if (txId !== undefined) return rt.asyncApi(() => this.async('commit', {}, undefined, () => undefined)); call('commit', { storeId: this.sid() }); this.txDepth = 0; return undefined; }
    rollBack(): void { call('rollback', { storeId: this.sid() }); this.txDepth = 0; }
    rollback(txId?: number): Promise<void> { void txId; return rt.asyncApi(() => this.async('rollback', {}, undefined, () => undefined)); }
    beginTrans(): Promise<number> { return rt.asyncApi(() => this.async('begin', {}, undefined, () => 1)); }
    createTransaction(options?: { transactionType?: number }): Promise<any> {
      return rt.asyncApi(async () => {
        await later('begin', { storeId: this.sid(), type: options?.transactionType ?? 0 });
        const self = this; let done = false;
        const live = () => { if (done) throw err(14800014, 'Already closed: the transaction is finished'); };
        const tx: any = {
          insert: (t: string, v: any, c?: number) => { live(); return self.insert(t, v, c); }, insertSync: (t: string, v: any, c?: number) => { live(); return self.insertSync(t, v, c); },
          batchInsert: (t: string, v: any[]) => { live(); return self.batchInsert(t, v); }, batchInsertSync: (t: string, v: any[]) => { live(); return self.batchInsertSync(t, v); },
          update: (v: any, p: RdbPredicates, c?: number) => { live(); return self.update(v, p, c); }, updateSync: (v: any, p: RdbPredicates, c?: number) => { live(); return self.updateSync(v, p, c); },
          delete: (p: RdbPredicates) => { live(); return self.delete(p); }, deleteSync: (p: RdbPredicates) => { live(); return self.deleteSync(p); },
          query: (p: RdbPredicates, c?: string[]) => { live(); return self.query(p, c); }, querySync: (p: RdbPredicates, c?: string[]) => { live(); return self.querySync(p, c); },
          querySql: (s: string, a?: any[]) => { live(); return self.querySql(s, a); }, querySqlSync: (s: string, a?: any[]) => { live(); return self.querySqlSync(s, a); },
          execute: (s: string, a?: any[]) => { live(); return self.execute(s, a); }, executeSync: (s: string, a?: any[]) => { live(); return self.executeSync(s, a); },
          commit: () => { live(); done = true; return later('commit', { storeId: self.sid() }).then(() => undefined); },
          rollback: () => { live(); done = true; return later('rollback', { storeId: self.sid() }).then(() => undefined); },
        };
        return tx;
      });
    }
    backup(name: string, cb?: any): Promise<void> { return rt.asyncApi(() => this.async('backup', { name }, undefined, () => undefined), cb); }
    restore(name: string, cb?: any): Promise<void> { return rt.asyncApi(() => this.async('restore', { name }, undefined, () => undefined), cb); }
    setDistributedTables(_tables: string[], _type?: any, _config?: any, cb?: any): Promise<void> { const c = [_type, _config, cb].find((x) => typeof x === 'function'); return rt.asyncApi(() => undefined, c); }
    obtainDistributedTableName(device: string, table: string, cb?: any): Promise<string> { return rt.asyncApi(() => `${table}_${String(device).slice(0, 8)}`, cb); }
    sync(_mode: number, _predicates: RdbPredicates, cb?: any): Promise<Array<[string, number]>> { return rt.asyncApi(() => [], cb); }
    cloudSync(_mode: number, ...a: any[]): Promise<void> { const cb = a.find((x) => typeof x === 'function'); return rt.asyncApi(() => { throw err(14800000, 'Inner error: there is no cloud service on an emulated device'); }, a.length > 1 ? cb : undefined); }
    getModifyTime(): Promise<Map<any, Date>> { return Promise.resolve(new Map()); }
    cleanDirtyData(): Promise<void> { return Promise.resolve(); }
    on(event: string, typeOrCb: any, cb?: any): void {
      const f = typeof typeOrCb === 'function' ? typeOrCb : cb;
      if (typeof f !== 'function') throw paramErr('The type of "observer" must be function.');
      const set = this.observers.get(event) ?? new Set(); set.add(f); this.observers.set(event, set);
    }
    off(event: string, typeOrCb?: any, cb?: any): void {
      const f = typeof typeOrCb === 'function' ? typeOrCb : cb;
      if (f) this.observers.get(event)?.delete(f); else this.observers.delete(event);
    }
    emit(event: string): void { for (const cb of this.observers.get(event) ?? []) Promise.resolve().then(() => cb()); }
    attach(): Promise<number> { return Promise.reject(err(801, 'Capability not supported: attach is not emulated')); }
    detach(): Promise<number> { return Promise.reject(err(801, 'Capability not supported: detach is not emulated')); }
    lockRow(): Promise<void> { return Promise.resolve(); }
    unlockRow(): Promise<void> { return Promise.resolve(); }
    close(): Promise<void> { if (this.closed) return Promise.resolve(); const id = this.id; this.closed = true; stores.delete(id); return later('close', { storeId: id }).then(() => undefined); }
  }
  const pred = (p: any) => { if (!(p instanceof RdbPredicates)) throw paramErr('The type of "predicates" must be RdbPredicates.'); };
  const config = (c: any) => {
    if (!c || typeof c !== 'object' || typeof c.name !== 'string' || !c.name) throw paramErr('The type of "config" must be StoreConfig with a name.');
    return { name: c.name, customDir: c.customDir, isReadOnly: c.isReadOnly === true };
  };
  const relationalStore = {
    SecurityLevel, ConflictResolution, SyncMode, SubscribeType, DistributedType, Progress, ProgressCode, ChangeType, Origin, Field, RebuildType, Tokenizer,
    AssetStatus, ColumnType, TransactionType, HAMode, EncryptionAlgo, HmacAlgo, KdfAlgo, RdbPredicates, ResultSet, RdbStore,
    getRdbStore(_context: any, cfg: any, cb?: any): Promise<RdbStore> {
      return rt.asyncApi(async () => {
        const c = config(cfg);
        const r = await later('open', c);
        const existing = stores.get(r.storeId);
        if (existing) return existing;
        const s = new RdbStore(r.storeId);
        stores.set(r.storeId, s);
        return s;
      }, cb);
    },
    deleteRdbStore(_context: any, nameOrConfig: any, cb?: any): Promise<void> {
      return rt.asyncApi(async () => {
        const c = typeof nameOrConfig === 'string' ? { name: nameOrConfig } : config(nameOrConfig);
        await later('remove', c);
        for (const [id, s] of stores) { void s; stores.delete(id); }
      }, cb);
    },
    isVectorSupported: () => false,
    isTokenizerSupported: (t: number) => t === Tokenizer.NONE_TOKENIZER,
  };
  rt.defineModule('@ohos.data.relationalStore', () => relationalStore);
}
