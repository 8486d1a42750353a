/**
 * The main thread's side of the transform worker (transform-worker.ts): `TransformWorker.start()` spawns it (it starts
 * loading ohos-typescript at once), `transform(text, options)` runs the ArkTS transform there — answering its
 * synchronous callbacks from this thread —, `codeCaches(parts)` makes the V8 code caches of a bundle's parts there, `close()` stops it
 * (after it has written the parser's code cache, when it made one).
 *
 * A job that runs longer than the limit (transformTimeout(): HMOS_TRANSFORM_TIMEOUT, default 60 s — a parser that never
 * returns on some input) stops the worker: that job fails with TransformTimeout, so a build reports the file instead
 * of hanging the host, and a new worker takes the jobs queued behind it. When the worker cannot be
 * used (it failed to start or to load the parser, or was stopped), jobs fail with WorkerUnavailable and the caller
 * transforms on its own thread.
 */
import { Worker } from 'node:worker_threads';
import { HmosError } from '../errors.js';
import { distFile } from '../util/dist-path.js';
import { hmosHome } from '../util/paths.js';
import type { TransformOptions, TransformResult } from './transform-contract.js';
import type { TransformWorkerData, WorkerTransformOptions } from './transform-worker.js';

/** Generous: the largest real .ets transforms in well under a second; a busy machine is slower, not 100× slower. */
export const DEFAULT_TRANSFORM_TIMEOUT_MS = 60_000;

/**
 * How long one file's transform may run in the worker: `HMOS_TRANSFORM_TIMEOUT` (seconds, e.g. `30` or `0.5`), else
 * DEFAULT_TRANSFORM_TIMEOUT_MS; `configured`: the variable is set. A value that is no such number is a BAD_OPTION.
 */
export function transformTimeout(env: NodeJS.ProcessEnv = process.env): { ms: number; configured: boolean } {
  const raw = env.HMOS_TRANSFORM_TIMEOUT;
  if (raw === undefined || raw.trim() === '') return { ms: DEFAULT_TRANSFORM_TIMEOUT_MS, configured: false };
  const seconds = Number(raw);
  if (!Number.isFinite(seconds) || seconds <= 0 || seconds > 86_400) {
    throw new HmosError('BAD_OPTION', `HMOS_TRANSFORM_TIMEOUT is the seconds one file's ArkTS transform may take, a number above 0 (e.g. 30 or 0.5; got "${raw}")`);
  }
  return { ms: Math.max(1, Math.round(seconds * 1000)), configured: true };
}

/** Room for one callback's answer (a path or a number, as JSON). */
const ANSWER_BYTES = 64 * 1024;

export class WorkerUnavailable extends Error {}
export class TransformTimeout extends Error {}

interface Job {
  /** What was posted (posted again to a new worker when the one it was queued in is replaced). */
  msg: Record<string, unknown>;
  resolve(value: unknown): void;
  reject(err: Error): void;
  options?: TransformOptions;
  /** A 'prepare' job's files. */
  files?: string[];
  timer?: NodeJS.Timeout;
}

/** One worker thread and the buffer its synchronous callbacks are answered in. */
interface Thread {
  worker: Worker;
  state: Int32Array;
  answer: Uint8Array;
  exited: Promise<void>;
}

export class TransformWorker {
  private thread!: Thread;
  private readonly encoder = new TextEncoder();
  private readonly jobs = new Map<number, Job>();
  private nextId = 1;
  private unavailable: string | undefined;
  /** Files whose transform (or parse ahead) ran out of time. */
  private readonly timedOut = new Set<string>();

  /** `timeoutMs`: how long one job may run (transformTimeout()); past it the worker is replaced (see timeout()). */
  static start(home = hmosHome(), timeoutMs = transformTimeout().ms): TransformWorker {
    return new TransformWorker(home, timeoutMs);
  }

  private constructor(private readonly home: string, readonly timeoutMs: number) {
    this.spawn();
  }

  private spawn(): void {
    const shared = new SharedArrayBuffer(8 + ANSWER_BYTES);
    const data: TransformWorkerData = { home: this.home, shared };
    // Its script runs through a V8 code cache too, made when the worker closes (after a build, so the transform's
    // functions are compiled in it): compiling them on a one-edit build's first transform is on its critical path.
    const boot = `require(${JSON.stringify(distFile('build-early.cjs'))}).runFileCached(${JSON.stringify(distFile('compiler/transform-worker.cjs'))}, ${JSON.stringify(this.home)}, 'hmos-transform-worker');`;
    const worker = new Worker(boot, { eval: true, workerData: data });
    const thread: Thread = { worker, state: new Int32Array(shared, 0, 2), answer: new Uint8Array(shared, 8), exited: new Promise((resolve) => worker.once('exit', () => resolve())) };
    this.thread = thread;
    // A replaced worker's last messages and its exit are not this client's any more.
    const current = () => this.thread === thread;
    worker.on('message', (msg: { type: string; id: number; kind?: string; args?: unknown[]; result?: unknown; reads?: string[]; ms?: number; error?: { message: string; stack: string }; message?: string }) => {
      if (!current()) return;
      if (msg.type === 'unavailable') return this.fail(`the ArkTS transform could not be loaded in its worker: ${msg.message}`);
      const job = this.jobs.get(msg.id);
      if (!job) return;
      if (msg.type === 'start') {
        job.timer = setTimeout(() => this.timeout(msg.id), this.timeoutMs);
        job.timer.unref();
      } else if (msg.type === 'call') this.answerCall(thread, job, msg.kind!, msg.args!);
      else if (msg.type === 'done') {
        clearTimeout(job.timer);
        this.jobs.delete(msg.id);
        if (this.jobs.size === 0) worker.unref();
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
    worker.on('error', (err) => current() && this.fail(`the transform worker failed: ${err.message}`));
    worker.on('exit', () => current() && this.fail('the transform worker has stopped'));
    // The worker keeps the process alive only while it has jobs: a build that ends (or throws) without close() is
    // not kept running by an idle worker. After the listeners: adding a 'message' listener refs the worker again.
    if (this.jobs.size === 0) worker.unref();
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
    // A file that already ran out of time (in its parse ahead) is not parsed again, here or on the caller's thread.
    if (this.timedOut.has(options.fileName)) return Promise.reject(this.timeoutError());
    // ms: the worker's own time on it (jobs queued together all wait at once on this thread's clock)
    return this.post({ type: 'transform', text, options: o }, options) as Promise<{ result: TransformResult; ms: number }>;
  }

  /**
   * Files the build is about to transform (the ones an edit changed): the worker reads and parses them as soon as
   * the parser is loaded, and a transform of the same text later takes that parse. A file read or parsed in vain
   * (not transformed after all, or changed again) only cost the worker's idle time.
   */
  prepare(files: string[]): void {
    if (this.unavailable !== undefined) return;
    // One job per file: each is bounded by the limit on its own, as its transform would be.
    for (const file of files) this.post({ type: 'prepare', files: [file] }, undefined, [file]).catch(() => undefined);
  }

  /** The V8 code caches of these parts of a bundle (hap/bundle-script.ts), in order. */
  codeCaches(parts: readonly { text: string; line: number }[]): Promise<Uint8Array[]> {
    return this.post({ type: 'codeCaches', parts: parts.map(({ text, line }) => ({ text, line })) }) as Promise<Uint8Array[]>;
  }

  /** Stops the worker once its jobs are done (it first writes the parser's code cache, if it made one). Idempotent. */
  close(): Promise<void> {
    this.closing ??= (async () => {
      const { worker, exited } = this.thread;
      worker.ref();
      if (this.unavailable === undefined) worker.postMessage({ type: 'close' });
      else void worker.terminate();
      await exited;
    })();
    return this.closing;
  }

  private closing: Promise<void> | undefined;

  /** Stops the worker now, whatever it is doing (nothing is written). */
  stop(): void {
    this.fail('the transform worker was stopped');
    void this.thread.worker.terminate();
  }

  private post(msg: Record<string, unknown>, options?: TransformOptions, files?: string[]): Promise<unknown> {
    if (this.unavailable !== undefined) return Promise.reject(new WorkerUnavailable(this.unavailable));
    const id = this.nextId++;
    const posted = { ...msg, id };
    return new Promise((resolve, reject) => {
      this.jobs.set(id, { msg: posted, resolve, reject, ...(options ? { options } : {}), ...(files ? { files } : {}) });
      this.thread.worker.ref();
      this.thread.worker.postMessage(posted);
    });
  }

  private answerCall(thread: Thread, job: Job, kind: string, args: unknown[]): void {
    let value: unknown;
    try {
      const o = job.options!;
      value = kind === 'resource' ? o.resolveResource(args[0] as 'app' | 'sys', String(args[1]), String(args[2])) : o.resolveImport?.(String(args[0]), String(args[1]));
    } catch {
      value = undefined;
    }
    const json = value === undefined ? '' : JSON.stringify(value);
    const { written } = this.encoder.encodeInto(json, thread.answer);
    // An answer too long for the buffer (a path of 64 KB) reads as "not found".
    Atomics.store(thread.state, 1, written === Buffer.byteLength(json) ? written : 0);
    Atomics.store(thread.state, 0, 1);
    Atomics.notify(thread.state, 0);
  }

  private timeoutError(): TransformTimeout {
    return new TransformTimeout(`the ArkTS parser did not finish this file in ${this.timeoutMs / 1000} s`);
  }

  /**
   * A job ran out of time (a parser that never returns on some input): it fails with TransformTimeout, the worker is
   * stopped — the host is never hung — and a new one takes the jobs that were queued behind it, so every later file
   * is bounded by the same limit.
   */
  private timeout(id: number): void {
    const job = this.jobs.get(id);
    if (!job) return;
    this.jobs.delete(id);
    for (const f of job.options ? [job.options.fileName] : job.files ?? []) this.timedOut.add(f);
    job.reject(this.timeoutError());
    const stuck = this.thread.worker;
    this.spawn();
    void stuck.terminate();
    for (const queued of [...this.jobs.values()].sort((a, b) => Number(a.msg.id) - Number(b.msg.id))) {
      clearTimeout(queued.timer);
      this.thread.worker.ref();
      this.thread.worker.postMessage(queued.msg);
    }
  }

  private fail(reason: string): void {
    if (this.unavailable !== undefined) return;
    this.unavailable = reason;
    this.thread.worker.unref();
    for (const [id, job] of this.jobs) {
      clearTimeout(job.timer);
      job.reject(new WorkerUnavailable(reason));
      this.jobs.delete(id);
    }
  }
}

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
