/**
 * The task workers behind `@ohos.taskpool` (realm side: realm/taskpool.ts). Up to two worker threads (this machine
 * class has two cores), created on the first task. Each task runs in a fresh `vm` realm inside its worker: standard
 * JavaScript only — no Node API, no host object — and only strings cross in and out, so a task can neither reach
 * the host nor the app's state. Its console output is logged once it finishes. The queue is ordered by priority.
 * A running task is cancelled by terminating its worker (a task that never ends is stopped that way).
 */
import { Worker } from 'node:worker_threads';
import type { KitFamily, KitHostContext } from './host.js';
import { KitError } from './kit-error.js';
import { makeCloneCodec } from './realm/clone-codec.js';

const MAX_WORKERS = 2;
const MAX_SOURCE = 1 << 20;
const MAX_ARGS = 64 << 20;

/** The worker's own code (CommonJS, evaluated by worker_threads). It answers `{ id, json }` per task. */
const WORKER_SCRIPT = `
const { parentPort } = require('node:worker_threads');
const vm = require('node:vm');
const PRELUDE = ${JSON.stringify(`(function () {
  const G = globalThis;
  const codec = (${makeCloneCodec.toString()})(G, (m) => Object.assign(new Error(m), { code: 10200006 }));
  const logs = [];
  const out = (level) => (...a) => { logs.push([level, a.map((x) => { try { return typeof x === 'string' ? x : JSON.stringify(x); } catch (e) { return String(x); } }).join(' ')]); };
  G.console = { log: out('I'), info: out('I'), debug: out('D'), warn: out('W'), error: out('E') };
  G.__run = (fn, wire) => {
    G.__result = undefined;
    Promise.resolve().then(() => fn(...JSON.parse(wire).map(codec.decode))).then(
      (v) => { G.__result = JSON.stringify({ value: codec.encode(v), logs }); },
      (e) => { G.__result = JSON.stringify({ error: codec.encode(e instanceof Error ? e : new Error(String(e))), ref: e instanceof ReferenceError, logs }); });
  };
})();`)};
parentPort.on('message', ({ id, src, args }) => {
  let json;
  try {
    const ctx = vm.createContext(Object.create(null), { codeGeneration: { strings: false, wasm: false }, microtaskMode: 'afterEvaluate' });
    vm.runInContext(PRELUDE, ctx);
    ctx.__args = args;
    vm.runInContext('__run((' + src + '), __args)', ctx);
    json = typeof ctx.__result === 'string' ? ctx.__result : JSON.stringify({ error: { e: ['Error', 'The task did not finish: it waits for something a task worker does not have'] }, ref: true, logs: [] });
  } catch (e) {
    json = JSON.stringify({ error: { e: ['Error', String(e && e.message || e)] }, ref: false, logs: [] });
  }
  parentPort.postMessage({ id, json });
});
`;

interface Queued { id: number; src: string; args: unknown[]; priority: number; seq: number; resolve(v: unknown): void }
interface Slot { worker: Worker; task: Queued | null }

export function createTaskPoolHost(ctx: KitHostContext): KitFamily {
  const queue: Queued[] = [];
  const slots: Slot[] = [];
  let seq = 0;

  const spawn = (): Slot => {
    const worker = new Worker(WORKER_SCRIPT, { eval: true, resourceLimits: { maxOldGenerationSizeMb: 256 } });
    const slot: Slot = { worker, task: null };
    worker.on('message', (m: { id: number; json: string }) => {
      const t = slot.task;
      if (!t || t.id !== m.id) return;
      slot.task = null;
      let r: { value?: unknown; error?: unknown; ref?: boolean; logs?: Array<[string, string]> };
      try { r = JSON.parse(m.json); } catch { r = { error: { e: ['Error', 'The task answered nothing readable'] } }; }
      if (r.ref) t.resolve({ needsApp: true });
      else {
        for (const [level, text] of r.logs ?? []) ctx.log(level as 'I', 'JSAPP', String(text));
        t.resolve(r.error !== undefined ? { error: r.error } : { value: r.value });
      }
      pump();
    });
    worker.on('error', (e) => { ctx.log('E', 'TaskPool', `task worker failed: ${(e as Error).message}`); const t = slot.task; slot.task = null; t?.resolve({ error: { e: ['Error', 'The task worker failed'] } }); replace(slot); });
    slots.push(slot);
    return slot;
  };
  const replace = (slot: Slot) => { const i = slots.indexOf(slot); if (i >= 0) slots.splice(i, 1); void slot.worker.terminate(); pump(); };
  const pump = () => {
    while (queue.length) {
      let slot = slots.find((s) => !s.task);
      if (!slot && slots.length < MAX_WORKERS) slot = spawn();
      if (!slot) return;
      const t = queue.shift()!;
      slot.task = t;
      slot.worker.postMessage({ id: t.id, src: t.src, args: JSON.stringify(t.args) });
    }
  };

  return {
    handle(op, d) {
      switch (op) {
        case 'run': {
          const src = String(d.src ?? '');
          if (src.length > MAX_SOURCE) throw new KitError(10200006, 'The concurrent function is too large to send to a task worker.');
          const args = Array.isArray(d.args) ? d.args : [];
          if (JSON.stringify(args).length > MAX_ARGS) throw new KitError(10200006, 'The task arguments are larger than 64 MB.');
          const work = new Promise((resolve) => {
            queue.push({ id: Number(d.id), src, args, priority: Math.min(3, Math.max(0, Number(d.priority) || 1)), seq: seq++, resolve });
            queue.sort((a, b) => a.priority - b.priority || a.seq - b.seq);
          });
          ctx.settle(Number(d.asyncId), work);
          pump();
          return undefined;
        }
        case 'cancel': {
          const id = Number(d.id);
          const qi = queue.findIndex((t) => t.id === id);
          if (qi >= 0) { queue.splice(qi, 1)[0].resolve({ canceled: true }); return undefined; }
          const slot = slots.find((s) => s.task?.id === id);
          if (!slot) throw new KitError(10200015, 'The task to cancel does not exist.');
          slot.task!.resolve({ canceled: true });
          slot.task = null;
          replace(slot);
          return undefined;
        }
        case 'info':
          return { threads: slots.map((s, i) => ({ tid: i + 1, taskIds: s.task ? [s.task.id] : [], priority: s.task?.priority ?? 1 })) };
        default: throw new KitError(801, `unknown request task.${op}`);
      }
    },
    close() {
      for (const t of queue.splice(0)) t.resolve({ canceled: true });
      for (const s of slots.splice(0)) { s.task?.resolve({ canceled: true }); void s.worker.terminate(); }
    },
  };
}
