/**
 * `@ohos.taskpool` in the app realm (evaluated from source; see core.ts). A `@Concurrent` function (its body starts
 * with "use concurrent", as the compiler marks it) runs off the app's thread: in a worker thread's own realm, with its
 * arguments and result structured-cloned (functions cannot be sent: 10200006). A function that reads something only
 * the app's realm has (an imported kit, a module variable) fails there with a ReferenceError before it can have any
 * effect the app sees, and then runs on the app's thread instead, on a later turn, with the same cloned arguments —
 * the same results where a worker cannot be had. Cancelling a queued or running worker task rejects its promise with
 * 10200050; a task that never ends keeps one worker busy, never the app.
 */
export function installTaskpool(g: any): void {
  const rt = g.__rt;
  const err = (code: number, msg: string) => rt.kitError(code, msg);
  const Priority = { HIGH: 0, MEDIUM: 1, LOW: 2, IDLE: 3 };
  const State = { WAITING: 1, RUNNING: 2, CANCELED: 3 };

  const { encode, decode } = rt.cloneCodec as { encode(v: any): any; decode(w: any): any };
  const isConcurrent = (fn: any) => typeof fn === 'function' && /^[^{]*\{\s*(['"])use concurrent\1/.test(Function.prototype.toString.call(fn));

  let nextTaskId = 1;
  const live = new Map<number, Task>();
  let receiving: Task | null = null;

  class Task {
    readonly taskId: number; name: string; func: any; args: any[];
    totalDuration = 0; ioDuration = 0; cpuDuration = 0;
    private deps = new Set<Task>(); state = 0; done = false;
    private receive: any; private hooks: Record<string, any> = {};
    constructor(nameOrFunc: any, ...rest: any[]) {
      let func = nameOrFunc; let args = rest;
      if (typeof nameOrFunc === 'string') { func = rest[0]; args = rest.slice(1); this.name = nameOrFunc; } else this.name = '';
      if (typeof func !== 'function') throw err(401, 'Parameter error. The type of "func" must be function.');
      if (!isConcurrent(func)) throw err(10200014, 'The function is not marked as concurrent.');
      this.func = func; this.args = args; this.taskId = nextTaskId++;
      if (!this.name) this.name = `Task ${this.taskId}`;
    }
    static isCanceled(): boolean { return false; }
    static sendData(...args: any[]): void {
      if (!receiving) throw err(10200026, 'The callback is not registered on the host side.');
      if (typeof receiving.receive !== 'function') throw err(10200026, 'The callback is not registered on the host side.');
      const cb = receiving.receive; const copy = args.map((a) => decode(encode(a)));
      Promise.resolve().then(() => cb(...copy));
    }
    onReceiveData(cb: any): void { this.receive = cb; }
    setTransferList(_list?: ArrayBuffer[]): void {}
    setCloneList(_list: any[]): void {}
    addDependency(...tasks: Task[]): void { for (const t of tasks) { if (t === this) throw err(10200026, 'There is a circular dependency.'); this.deps.add(t); } }
    removeDependency(...tasks: Task[]): void { for (const t of tasks) if (!this.deps.delete(t)) throw err(10200027, 'The dependency does not exist.'); }
    onEnqueued(cb: any): void { this.hooks.enqueued = cb; }
    onStartExecution(cb: any): void { this.hooks.start = cb; }
    onExecutionFailed(cb: any): void { this.hooks.failed = cb; }
    onExecutionSucceeded(cb: any): void { this.hooks.succeeded = cb; }
    isDone(): boolean { return this.done; }
    /** Runs once its dependencies are done. */
    async run(priority: number): Promise<any> {
      if (this.state === State.WAITING || this.state === State.RUNNING) throw err(10200051, 'The periodic task cannot be executed again.');
      await Promise.all([...this.deps].map((d) => d.finished));
      this.state = State.WAITING; this.done = false;
      this.hooks.enqueued?.();
      live.set(this.taskId, this);
      const started = Date.now();
      const finish = (ok: boolean, v: any) => {
        live.delete(this.taskId); this.done = true; this.state = 0; this.totalDuration = Date.now() - started; this.cpuDuration = this.totalDuration;
        if (ok) this.hooks.succeeded?.(); else this.hooks.failed?.(v);
      };
      let wire: any;
      try { wire = this.args.map((a) => encode(a)); } catch (e) { finish(false, e); throw e; }
      this.hooks.start?.();
      this.state = State.RUNNING;
      const r = await rt.kitAsync('task.run', { id: this.taskId, src: Function.prototype.toString.call(this.func), args: wire, priority });
      if (r.canceled) { finish(false, undefined); throw err(10200050, 'The concurrent task has been canceled.'); }
      if (r.needsApp) {
        // The function reads the app's realm: run it here, on a later turn, with cloned arguments.
        const prev = receiving; receiving = this;
        try { const v = await this.func(...wire.map(decode)); finish(true, v); return decode(encode(v)); } catch (e) { finish(false, e); throw e; } finally { receiving = prev; }
      }
      if (r.error) { const e = decode(r.error); finish(false, e); throw e; }
      finish(true, undefined);
      return decode(r.value);
    }
    finished: Promise<any> = Promise.resolve();
  }
  class LongTask extends Task {}
  class GenericsTask extends Task {}
  class TaskGroup {
    readonly name: string; tasks: Task[] = []; private static next = 1; readonly groupId = TaskGroup.next++;
    constructor(name?: string) { this.name = name ?? ''; }
    addTask(f: any, ...args: any[]): void { this.tasks.push(f instanceof Task ? f : new Task(f, ...args)); }
  }
  class SequenceRunner {
    private tail: Promise<any> = Promise.resolve(); private priority: number; readonly name: string;
    constructor(nameOrPriority?: any, priority?: number) { if (typeof nameOrPriority === 'string') { this.name = nameOrPriority; this.priority = priority ?? Priority.MEDIUM; } else { this.name = ''; this.priority = nameOrPriority ?? Priority.MEDIUM; } }
    execute(task: Task): Promise<any> {
      if (!(task instanceof Task)) return Promise.reject(err(401, 'Parameter error. The type of "task" must be Task.'));
      const run = this.tail.then(() => task.run(this.priority));
      this.tail = run.catch(() => undefined);
      return run;
    }
  }
  class AsyncRunner {
    private running = 0; private waiting: Array<() => void> = [];
    constructor(readonly name: string, readonly runningCapacity: number, readonly waitingCapacity = 0) {
      if (!(runningCapacity > 0)) throw err(401, 'Parameter error. The runningCapacity must be > 0.');
    }
    execute(task: Task, priority = Priority.MEDIUM): Promise<any> {
      const go = () => { this.running++; return task.run(priority).finally(() => { this.running--; this.waiting.shift()?.(); }); };
      if (this.running < this.runningCapacity) return go();
      if (this.waitingCapacity && this.waiting.length >= this.waitingCapacity) return Promise.reject(err(10200054, 'The asyncRunner task is discarded.'));
      return new Promise((res, rej) => this.waiting.push(() => { go().then(res, rej); }));
    }
  }
  const track = (task: Task, p: Promise<any>) => { task.finished = p.catch(() => undefined); return p; };
  const execute = (f: any, ...a: any[]): Promise<any> => {
    try {
      if (f instanceof TaskGroup) return Promise.all(f.tasks.map((t) => track(t, t.run(a[0] ?? Priority.MEDIUM))));
      if (f instanceof Task) return track(f, f.run(a[0] ?? Priority.MEDIUM));
      const t = new Task(f, ...a);
      return track(t, t.run(Priority.MEDIUM));
    } catch (e) { return Promise.reject(e); }
  };
  const taskpool = {
    Priority, State, Task, LongTask, GenericsTask, TaskGroup, SequenceRunner, AsyncRunner,
    execute,
    executeDelayed: (delay: number, task: Task, priority = Priority.MEDIUM) => {
      if (typeof delay !== 'number' || delay < 0) return Promise.reject(err(10200028, 'The delayTime is less than zero.'));
      return new Promise((res, rej) => g.setTimeout(() => execute(task, priority).then(res, rej), delay));
    },
    executePeriodically: (period: number, task: Task, priority = Priority.MEDIUM) => {
      if (typeof period !== 'number' || period < 0) throw err(10200028, 'The period is less than zero.');
      const timer = g.setInterval(() => { if (task.state === 0) execute(task, priority).catch(() => undefined); }, period);
      (task as any).periodic = timer;
    },
    cancel: (t: Task | TaskGroup | number) => {
      if (t instanceof TaskGroup) { for (const x of t.tasks) if (live.has(x.taskId)) rt.kitCall('task.cancel', { id: x.taskId }); return; }
      const task = typeof t === 'number' ? live.get(t) : t;
      if ((task as any)?.periodic) { g.clearInterval((task as any).periodic); (task as any).periodic = undefined; }
      if (!task || !live.has(task.taskId)) throw err(10200015, 'The task to cancel does not exist.');
      rt.kitCall('task.cancel', { id: task.taskId });
    },
    terminateTask: (t: LongTask) => { if (live.has(t.taskId)) rt.kitCall('task.cancel', { id: t.taskId }); },
    isConcurrent: (f: any) => { if (typeof f !== 'function') throw err(401, 'Parameter error. The type of "func" must be function.'); return isConcurrent(f); },
    getTaskPoolInfo: () => {
      const info = rt.kitCall('task.info');
      return { threadInfos: info.threads, taskInfos: [...live.values()].map((t) => ({ taskId: t.taskId, name: t.name, state: t.state, duration: t.totalDuration })) };
    },
  };
  rt.defineModule('@ohos.taskpool', () => taskpool);
}
