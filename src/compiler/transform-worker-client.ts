/**
 * The main thread's side of the transform worker (transform-worker.ts): `TransformWorker.start()` spawns it (it starts
 * loading ohos-typescript at once), `transform(text, options)` runs the ArkTS transform there — answering its
 * synchronous callbacks from this thread —, `codeCache(code)` makes a bundle's V8 code cache there, `close()` stops it
 * (after it has written the parser's code cache, when it made one).
 *
 * A job that runs longer than JOB_TIMEOUT_MS (a parser that never returns on some input) stops the worker: that job
 * fails with TransformTimeout, so a build reports the file instead of hanging the host. When the worker cannot be
 * used (it failed to start or to load the parser, or was stopped), jobs fail with WorkerUnavailable and the caller
 * transforms on its own thread.
 */
import { Worker } from 'node:worker_threads';
import type { CacheInfo } from '../hap/bundle-script.js';
import { distFile } from '../util/dist-path.js';
import { hmosHome } from '../util/paths.js';
import type { TransformOptions, TransformResult } from './transform-contract.js';
import type { TransformWorkerData, WorkerTransformOptions } from './transform-worker.js';

/** Generous: the largest real .ets transforms in well under a second; a busy machine is slower, not 100× slower. */
export const JOB_TIMEOUT_MS = 60_000;

/** Room for one callback's answer (a path or a number, as JSON). */
const ANSWER_BYTES = 64 * 1024;

export class WorkerUnavailable extends Error {}
export class TransformTimeout extends Error {}

interface Job {
  resolve(value: unknown): void;
  reject(err: Error): void;
  options?: TransformOptions;
  /** A 'prepare' job's files. */
  files?: string[];
  timer?: NodeJS.Timeout;
}

export class TransformWorker {
  private readonly worker: Worker;
  private readonly shared = new SharedArrayBuffer(8 + ANSWER_BYTES);
  private readonly state = new Int32Array(this.shared, 0, 2);
  private readonly answer = new Uint8Array(this.shared, 8);
  private readonly encoder = new TextEncoder();
  private readonly jobs = new Map<number, Job>();
  private nextId = 1;
  private unavailable: string | undefined;
  private exited: Promise<void>;

  static start(home = hmosHome()): TransformWorker {
    return new TransformWorker(home);
  }

  private constructor(home: string) {
    const data: TransformWorkerData = { home, shared: this.shared };
    this.worker = new Worker(distFile('compiler/transform-worker.cjs'), { workerData: data });
    this.exited = new Promise((resolve) => this.worker.once('exit', () => resolve()));
    this.worker.on('message', (msg: { type: string; id: number; kind?: string; args?: unknown[]; result?: unknown; reads?: string[]; ms?: number; error?: { message: string; stack: string }; message?: string }) => {
      if (msg.type === 'unavailable') return this.fail(`the ArkTS transform could not be loaded in its worker: ${msg.message}`);
      const job = this.jobs.get(msg.id);
      if (!job) return;
      if (msg.type === 'start') {
        job.timer = setTimeout(() => this.timeout(msg.id), JOB_TIMEOUT_MS);
        job.timer.unref();
      } else if (msg.type === 'call') this.answerCall(job, msg.kind!, msg.args!);
      else if (msg.type === 'done') {
        clearTimeout(job.timer);
        this.jobs.delete(msg.id);
        if (this.jobs.size === 0) this.worker.unref();
        if (msg.error) {
          const err = new Error(msg.error.message);
          err.stack = msg.error.stack || err.stack;
          job.reject(err);
        } else {
          // Reading an option through its getter records it, as an in-thread transform's reads are recorded.
          for (const k of msg.reads ?? []) void (job.options as unknown as Record<string, unknown> | undefined)?.[k];
          job.resolve(job.options ? { result: msg.result, ms: msg.ms ?? 0 } : msg.result);
        }
      }
    });
    this.worker.on('error', (err) => this.fail(`the transform worker failed: ${err.message}`));
    this.worker.on('exit', () => this.fail('the transform worker has stopped'));
    // The worker keeps the process alive only while it has jobs: a build that ends (or throws) without close() is
    // not kept running by an idle worker. After the listeners: adding a 'message' listener refs the worker again.
    this.worker.unref();
  }

  get available(): boolean {
    return this.unavailable === undefined;
  }

  /**
   * `values`: the options' values, read here without their getters (which record what the transform reads — the
   * worker reports what it read, and those getters are then read).
   */
  transform(text: string, options: TransformOptions, values: Pick<TransformOptions, 'bundleName' | 'moduleName' | 'mode'>): Promise<{ result: TransformResult; ms: number }> {
    const o: WorkerTransformOptions = {
      fileName: options.fileName, bundleName: values.bundleName, moduleName: values.moduleName, mode: values.mode,
      ...(options.pagePath !== undefined ? { pagePath: options.pagePath } : {}),
      ...(options.pageFullPath !== undefined ? { pageFullPath: options.pageFullPath } : {}),
      resolveImport: Boolean(options.resolveImport),
    };
    const timedOut = () => new TransformTimeout(timeoutMessage());
    if (this.timedOut.has(options.fileName)) return Promise.reject(timedOut());
    // ms: the worker's own time on it (jobs queued together all wait at once on this thread's clock)
    return (this.post({ type: 'transform', text, options: o }, options) as Promise<{ result: TransformResult; ms: number }>)
      .catch((err: unknown) => Promise.reject(err instanceof WorkerUnavailable && this.timedOut.has(options.fileName) ? timedOut() : err));
  }

  /**
   * Files the build is about to transform (the ones an edit changed): the worker reads and parses them as soon as
   * the parser is loaded, and a transform of the same text later takes that parse. A file read or parsed in vain
   * (not transformed after all, or changed again) only cost the worker's idle time.
   */
  prepare(files: string[]): void {
    if (this.unavailable !== undefined || files.length === 0) return;
    // A parse that never ends stops the worker (timeout): the transform of those files then reports the timeout
    // too, instead of starting the same endless parse on the caller's thread.
    this.post({ type: 'prepare', files }, undefined, files).catch(() => undefined);
  }

  /** Files whose parse ran out of time in this worker. */
  private readonly timedOut = new Set<string>();

  codeCache(code: string): Promise<{ cache: Uint8Array; info: CacheInfo }> {
    return this.post({ type: 'codeCache', code }) as Promise<{ cache: Uint8Array; info: CacheInfo }>;
  }

  /** Stops the worker once its jobs are done (it first writes the parser's code cache, if it made one). Idempotent. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      this.worker.ref();
      if (this.unavailable === undefined) this.worker.postMessage({ type: 'close' });
      else void this.worker.terminate();
      await this.exited;
    })();
    return this.closing;
  }

  private closing: Promise<void> | undefined;

  /** Stops the worker now, whatever it is doing (nothing is written). */
  stop(): void {
    this.fail('the transform worker was stopped');
    void this.worker.terminate();
  }

  private post(msg: Record<string, unknown>, options?: TransformOptions, files?: string[]): Promise<unknown> {
    if (this.unavailable !== undefined) return Promise.reject(new WorkerUnavailable(this.unavailable));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.jobs.set(id, { resolve, reject, ...(options ? { options } : {}), ...(files ? { files } : {}) });
      this.worker.ref();
      this.worker.postMessage({ ...msg, id });
    });
  }

  private answerCall(job: Job, kind: string, args: unknown[]): void {
    let value: unknown;
    try {
      const o = job.options!;
      value = kind === 'resource' ? o.resolveResource(args[0] as 'app' | 'sys', String(args[1]), String(args[2])) : o.resolveImport?.(String(args[0]), String(args[1]));
    } catch {
      value = undefined;
    }
    const json = value === undefined ? '' : JSON.stringify(value);
    const { written } = this.encoder.encodeInto(json, this.answer);
    // An answer too long for the buffer (a path of 64 KB) reads as "not found".
    Atomics.store(this.state, 1, written === Buffer.byteLength(json) ? written : 0);
    Atomics.store(this.state, 0, 1);
    Atomics.notify(this.state, 0);
  }

  private timeout(id: number): void {
    const job = this.jobs.get(id);
    if (!job) return;
    this.jobs.delete(id);
    for (const f of job.options ? [job.options.fileName] : job.files ?? []) this.timedOut.add(f);
    job.reject(new TransformTimeout(timeoutMessage()));
    this.fail('the transform worker was stopped: a file took too long');
    void this.worker.terminate();
  }

  private fail(reason: string): void {
    if (this.unavailable !== undefined) return;
    this.unavailable = reason;
    this.worker.unref();
    for (const [id, job] of this.jobs) {
      clearTimeout(job.timer);
      job.reject(new WorkerUnavailable(reason));
      this.jobs.delete(id);
    }
  }
}

const timeoutMessage = () => `the ArkTS parser did not finish this file in ${JOB_TIMEOUT_MS / 1000} s`;

let early: TransformWorker | undefined;

/**
 * bin/hmos.js calls this for `hmos build` (not --watch) before it loads the CLI: the parser then loads while the CLI
 * loads and the up-to-date check runs — about 50 ms of a one-edit build's critical path. When the build turns out
 * to be up to date, the worker, idle and unreferenced, is stopped with the process, having cost only the other core.
 */
export function startTransformWorkerEarly(): void {
  early ??= TransformWorker.start();
}

/** bin/hmos.js: the files an edit changed, which the build will transform (see TransformWorker.prepare). */
export function prepareEarly(files: string[]): void {
  early?.prepare(files);
}

/** The worker started early, handed over once (undefined when none was). */
export function takeEarlyTransformWorker(): TransformWorker | undefined {
  const w = early;
  early = undefined;
  return w;
}

/** Up to this many files and folders changed since the last build, a one-shot build transforms in its worker. */
const WORKER_MAX_CHANGED = 16;

/**
 * Whether a build pays for the worker: a few entries changed since the last build (an edit). Many, or no usable last
 * build (a cold build, a new hmos), means nearly every file is transformed — cheaper on the build's own thread than
 * sent to the worker one by one with its callbacks answered from there.
 */
export function worthAWorker(changedEntries: number | undefined): boolean {
  return changedEntries !== undefined && changedEntries <= WORKER_MAX_CHANGED;
}
