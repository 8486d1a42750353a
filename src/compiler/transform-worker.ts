/**
 * The ArkTS transform in a worker thread (the other side of transform-worker-client.ts). A one-shot `hmos build`
 * starts it as soon as it knows it must build: ohos-typescript (10 MB of JavaScript, ~130 ms to load even from its
 * code cache) then loads on another core while the main thread loads the project and reads its module caches. The
 * worker also makes the V8 code caches of the bundle's changed parts while the main thread packs the other entries of the HAP.
 *
 * Messages (all JSON-like): in `{ type: 'transform', id, text, options }` (options without the callbacks),
 * `{ type: 'prepare', id, files }` (parse these files ahead, see TransformWorker.prepare), `{ type: 'codeCaches', id,
 * parts: [{ text, line }] }` (the V8 code caches of those parts of a bundle), `{ type: 'close' }`; out `{ type: 'start', id }` when a job begins (the client times jobs from there),
 * `{ type: 'done', id, result | error }`, and `{ type: 'call', id, kind, args }` for the transform's callbacks
 * (resolveResource, resolveImport), which are synchronous: the worker waits on the shared buffer (Atomics.wait) until
 * the main thread writes the answer there.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { createPartCache } from '../hap/bundle-script.js';
import type { TransformOptions } from './transform-contract.js';
import type { ParsedEts } from './transform/index.js';
import { readSourceFile } from './source-file.js';
import { installTsCodeCache } from './ts-code-cache.js';
import { writePendingCodeCaches } from '../util/code-cache.js';

export interface TransformWorkerData {
  home: string;
  /** [0]: answer ready (1) or not (0); [1]: the answer's byte length; from byte 8: the answer, JSON (empty: undefined). */
  shared: SharedArrayBuffer;
}

/** A transform job's options: TransformOptions without its callbacks, and whether there is a resolveImport. */
export type WorkerTransformOptions = Omit<TransformOptions, 'resolveResource' | 'resolveImport'> & { resolveImport: boolean };

const port = parentPort;
if (!port) throw new Error('transform-worker.js must run in a worker thread');
const data = workerData as TransformWorkerData;
installTsCodeCache(data.home);
let transform: typeof import('./transform/index.js') | undefined;
const ready = import('./transform/index.js').then((m) => (transform = m), (err: unknown) => {
  // The client then transforms on its own thread (and says why, if that fails too).
  port.postMessage({ type: 'unavailable', message: String((err as Error)?.message ?? err) });
});
const state = new Int32Array(data.shared, 0, 2);
const answer = new Uint8Array(data.shared, 8);
const decoder = new TextDecoder();

function call(id: number, kind: 'resource' | 'import', args: unknown[]): unknown {
  Atomics.store(state, 0, 0);
  port!.postMessage({ type: 'call', id, kind, args });
  Atomics.wait(state, 0, 0);
  const text = decoder.decode(answer.subarray(0, Atomics.load(state, 1)));
  return text === '' ? undefined : JSON.parse(text);
}

// Jobs run one at a time, in the order they came (the transform is synchronous; the first waits for the parser).
let queue: Promise<unknown> = ready;
port.on('message', (msg: { type: string; id: number; text?: string; options?: WorkerTransformOptions; parts?: { text: string; line: number }[]; files?: string[] }) => {
  if (msg.type === 'close') {
    void queue.finally(() => {
      writePendingCodeCaches();
      process.exit(0);
    });
    return;
  }
  queue = queue.then(() => run(msg), () => run(msg));
});

/** Files parsed ahead ('prepare'), by path; each is taken by the transform of the same text. */
const prepared = new Map<string, ParsedEts>();

function run(msg: { type: string; id: number; text?: string; options?: WorkerTransformOptions; parts?: { text: string; line: number }[]; files?: string[] }): void {
  const { id } = msg;
  port!.postMessage({ type: 'start', id });
  try {
    if (msg.type === 'prepare') {
      for (const file of msg.files!) {
        const read = readSourceFile(file);
        if (read.ok) prepared.set(file, transform!.parseEts(file, read.text));
      }
      port!.postMessage({ type: 'done', id, result: null });
      return;
    }
    if (msg.type === 'codeCaches') {
      port!.postMessage({ type: 'done', id, result: msg.parts!.map((p) => createPartCache(p.text, p.line)) });
      return;
    }
    const o = msg.options!;
    // The options the transform reads are reported back: a cached output depends on those only.
    const reads: string[] = [];
    const read = <K extends 'bundleName' | 'moduleName' | 'mode'>(k: K) => {
      if (!reads.includes(k)) reads.push(k);
      return o[k];
    };
    const options: TransformOptions = {
      fileName: o.fileName,
      get bundleName() { return read('bundleName')!; },
      get moduleName() { return read('moduleName')!; },
      get mode() { return read('mode'); },
      resolveResource: (scope, type, name) => call(id, 'resource', [scope, type, name]) as number | undefined,
      ...(o.resolveImport ? { resolveImport: (from: string, spec: string) => call(id, 'import', [from, spec]) as string | undefined } : {}),
      ...(o.pagePath !== undefined ? { pagePath: o.pagePath } : {}),
      ...(o.pageFullPath !== undefined ? { pageFullPath: o.pageFullPath } : {}),
    };
    const t0 = performance.now();
    const ahead = prepared.get(o.fileName);
    prepared.delete(o.fileName);
    const result = transform!.transformEts(msg.text!, options, ahead);
    port!.postMessage({ type: 'done', id, result, reads, ms: performance.now() - t0 });
  } catch (err) {
    const e = err as Error;
    port!.postMessage({ type: 'done', id, error: { message: String(e?.message ?? err), stack: String(e?.stack ?? '') } });
  }
}
