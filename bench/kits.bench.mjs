// System kit figures (issue #15 names none; these are the costs an app pays for emulating a kit in a realm behind a
// JSON bridge, each beside the same work done directly on the host in this run):
//   relationalStore: 10,000 inserts in one transaction, and reading them back through a ResultSet;
//   cryptoFramework: SHA-256 of 1 MB (the bytes cross the bridge as base64);
//   worker: starting a ThreadWorker until its first answer (a realm of its own evaluating the bundle), and 100 message
//   round trips app → worker → app (each a structured clone delivered on a later turn), beside 100 round trips
//   through the app's own emitter (in-realm events, also delivered on later turns).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import { figure, root, sample } from './util.mjs';

const { createDevice } = await import(pathToFileURL(path.join(root, 'dist/runtime/device.js')).href);
const Database = createRequire(import.meta.url)('better-sqlite3');
const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'hmos-bench-kits-'));
const device = createDevice({ profile: 'phone', dataDir });
const PAGE = `class Index extends ViewPU { constructor(p, params, ls, elmtId = -1, pl, ei) { super(p, ls, elmtId, ei); this.finalizeConstruction(); }
  initialRender() { this.observeComponentCreation2(() => { Column.create(); }, Column); Column.pop(); } }
registerNamedRoute(() => new Index(undefined, {}), "", { bundleName: "b", moduleName: "entry", pagePath: "pages/Index", pageFullPath: "", integratedHsp: "false", moduleType: "followWithHap" });`;
// The bundle's worker script (as compiler/linker.ts links one): echoes every message.
const ECHO = `const port = __hmosKit('@ohos.worker').default.workerPort; port.onmessage = (e) => port.postMessage(e.data);`;
const BUNDLE = `if (typeof __hmosWorkerScript === 'string') { ${ECHO} } else { ${PAGE} }`;
const launch = () => {
  const app = device.launch({ bundle: new Map([['ets/bundle.js', BUNDLE], ['ets/workers.json', '["ets/workers/Echo"]'],
    ['module.json', JSON.stringify({ app: { bundleName: 'com.bench.kits' }, module: { name: 'entry' } })]]) });
  if (app.crash) throw new Error(app.crash.message);
  return app;
};
/** Runs an async body in the app's realm to its end. */
async function run(app, body) {
  app.evaluate(`globalThis.__done = undefined; (async () => { ${body} })().then((v) => { globalThis.__done = { v }; }, (e) => { globalThis.__done = { e: String(e && e.message) }; });`);
  for (let i = 0; i < 100000; i++) {
    await app.settle();
    const d = app.evaluate('globalThis.__done');
    if (d) { if (d.e) throw new Error(d.e); return d.v; }
    await new Promise((r) => setImmediate(r));
  }
  throw new Error('the app did not finish');
}

export async function bench() {
  const app = launch();
  await run(app, `const rs = __hmosKit('@kit.ArkData').relationalStore;
    globalThis.store = await rs.getRdbStore({}, { name: 'bench.db', securityLevel: rs.SecurityLevel.S1 });
    await store.executeSql('CREATE TABLE IF NOT EXISTS t (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT, n INTEGER)');`);
  const insert = await sample(() => run(app, `await store.executeSql('DELETE FROM t'); store.beginTransaction();
    for (let i = 0; i < 10000; i++) store.insertSync('t', { name: 'row ' + i, n: i }); store.commit();`), { runs: 5, warmup: 1 });
  const read = await sample(() => run(app, `const rsl = store.querySync(new (__hmosKit('@kit.ArkData').relationalStore.RdbPredicates)('t'));
    let sum = 0; while (rsl.goToNextRow()) sum += rsl.getLong(rsl.getColumnIndex('n')); rsl.close(); if (sum !== 49995000) throw new Error('sum ' + sum);`), { runs: 5, warmup: 1 });

  const db = new Database(path.join(dataDir, 'direct.db'));
  db.exec('CREATE TABLE t (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT, n INTEGER)');
  const ins = db.prepare('INSERT INTO t (name, n) VALUES (?, ?)');
  const insertDirect = await sample(() => { db.exec('DELETE FROM t'); db.transaction(() => { for (let i = 0; i < 10000; i++) ins.run('row ' + i, i); })(); }, { runs: 5, warmup: 1 });
  const readDirect = await sample(() => { let sum = 0; for (const r of db.prepare('SELECT * FROM t').iterate()) sum += r.n; if (sum !== 49995000) throw new Error('sum'); }, { runs: 5, warmup: 1 });
  db.close();

  await run(app, `globalThis.mb = new Uint8Array(1 << 20).fill(7);`);
  const digest = await sample(() => run(app, `const md = __hmosKit('@kit.CryptoArchitectureKit').cryptoFramework.createMd('SHA256');
    await md.update({ data: mb }); const d = await md.digest(); if (d.data.length !== 32) throw new Error('digest');`), { runs: 10, warmup: 2 });
  const mb = new Uint8Array(1 << 20).fill(7);
  const digestDirect = await sample(() => { createHash('sha256').update(mb).digest(); }, { runs: 10, warmup: 2 });

  await run(app, `globalThis.W = __hmosKit('@ohos.worker').default.ThreadWorker; globalThis.em = __hmosKit('@ohos.events.emitter').default;`);
  const workerStart = await sample(() => run(app, `await new Promise((res) => { const w = new W('entry/ets/workers/Echo.ets');
    w.onmessage = () => { w.terminate(); res(); }; w.postMessage(1); });`), { runs: 10, warmup: 2 });
  await run(app, `globalThis.echo = new W('entry/ets/workers/Echo.ets');`);
  const roundTrips = await sample(() => run(app, `await new Promise((res) => { let n = 0;
    echo.onmessage = (e) => { if (++n === 100) res(); else echo.postMessage({ n, list: [1, 2, 3] }); }; echo.postMessage({ n, list: [1, 2, 3] }); });`), { runs: 5, warmup: 1 });
  const emitterTrips = await sample(() => run(app, `await new Promise((res) => { let n = 0; em.off('ping'); em.off('pong');
    em.on('ping', (d) => em.emit('pong', { data: d.data })); em.on('pong', () => { if (++n === 100) res(); else em.emit('ping', { data: { n, list: [1, 2, 3] } }); });
    em.emit('ping', { data: { n, list: [1, 2, 3] } }); });`), { runs: 5, warmup: 1 });
  app.stop();

  fs.rmSync(dataDir, { recursive: true, force: true });
  const base = (s) => figure(s).median;
  return {
    'kits relationalStore: 10,000 inserts in a transaction': figure(insert, 500, { baseline: base(insertDirect), baselineWhat: 'the same inserts straight into better-sqlite3' }),
    'kits relationalStore: read 10,000 rows through a ResultSet': figure(read, 300, { baseline: base(readDirect), baselineWhat: 'iterating the rows straight from better-sqlite3' }),
    'kits cryptoFramework: SHA-256 of 1 MB': figure(digest, 20, { baseline: base(digestDirect), baselineWhat: "Node's createHash on the host" }),
    'kits worker: start a ThreadWorker until its first answer': figure(workerStart, 100),
    'kits worker: 100 message round trips app → worker → app': figure(roundTrips, 100, { baseline: base(emitterTrips), baselineWhat: "100 round trips through the app's own emitter" }),
  };
}
