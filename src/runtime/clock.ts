/**
 * The device clock (DESIGN decision 11): what the app realm's timers, `Date.now()`, `performance.now()` and animation
 * frames run on. One clock per device, shared by its apps and by whatever drives them (tests, preview actions).
 *
 *   const clock = createDeviceClock({ virtual: true });
 *   clock.now()                       // ms since the epoch, as the app sees it
 *   const id = clock.setTimer(1000, fire); clock.clearTimer(id);
 *   const release = clock.hold();     // host work for the device is in flight: no jumping until release()
 *   await clock.sleep(5000);          // a host-side wait on the device's time (preview's wait:, UiTest delays)
 *
 * Real time: timers are Node timers and `now()` is the wall clock.
 * Virtual time: time flows at the real rate while anything runs, and whenever nothing is runnable — no hold is
 * taken and no host callback is queued — it jumps straight to the earliest timer and fires it. Timers fire in order of
 * due time, then of creation (exactly the order real time gives them), each on its own turn. So a suite that sleeps
 * 10 s takes milliseconds, an app's 16 ms animation frames still come one by one, and a busy loop that polls
 * `Date.now()` still ends (time flows while it runs).
 */

export interface DeviceClock {
  readonly virtual: boolean;
  /** Device time minus wall-clock time in ms (0 in real time); grows by each jump. */
  offset(): number;
  /** Device time, ms since the epoch. */
  now(): number;
  /** Calls `fire` after `ms` of device time (at least 1 ms, as Node's timers); returns an id for clearTimer. */
  setTimer(ms: number, fire: () => void): number;
  clearTimer(id: number): void;
  /** Host work on the device's behalf is in flight; virtual time does not jump until every hold is released. */
  hold(): () => void;
  /** Resolves after `ms` of device time. */
  sleep(ms: number): Promise<void>;
  /** Timers still pending (tests and diagnostics). */
  pending(): number;
  /** Whether host work holds the clock now (always false in real time). */
  held(): boolean;
  /** Drops every timer; the clock fires nothing afterwards. */
  dispose(): void;
}

export function createDeviceClock(options: { virtual?: boolean } = {}): DeviceClock {
  return options.virtual ? new VirtualClock() : new RealClock();
}

const MIN_DELAY_MS = 1;
const delayOf = (ms: number) => Math.max(MIN_DELAY_MS, Number.isFinite(ms) ? ms : 0);

class RealClock implements DeviceClock {
  readonly virtual = false;
  private readonly timers = new Map<number, NodeJS.Timeout>();
  private nextId = 1;
  offset(): number { return 0; }
  now(): number { return Date.now(); }
  setTimer(ms: number, fire: () => void): number {
    const id = this.nextId++;
    this.timers.set(id, setTimeout(() => { this.timers.delete(id); fire(); }, delayOf(ms)));
    return id;
  }
  clearTimer(id: number): void {
    const t = this.timers.get(id);
    if (t) clearTimeout(t);
    this.timers.delete(id);
  }
  hold(): () => void { return () => {}; }
  sleep(ms: number): Promise<void> { return new Promise((resolve) => this.setTimer(ms, resolve)); }
  pending(): number { return this.timers.size; }
  held(): boolean { return false; }
  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
  }
}

interface Timer { id: number; due: number; seq: number; fire: () => void }

class VirtualClock implements DeviceClock {
  readonly virtual = true;
  private shift = 0;
  private holds = 0;
  private seq = 0;
  private nextId = 1;
  /** Pending timers ordered by (due, seq); a binary heap would pay off only for thousands of timers. */
  private queue: Timer[] = [];
  private tickQueued = false;
  /** Bumped by every hold and timer: a tick jumps only when nothing happened for a whole turn of the event loop. */
  private activity = 0;
  private seenActivity = -1;
  private realTimer: NodeJS.Timeout | undefined;
  private realTimerDue = Infinity;
  private disposed = false;

  offset(): number { return this.shift; }
  now(): number { return Date.now() + this.shift; }

  setTimer(ms: number, fire: () => void): number {
    const id = this.nextId++;
    const timer: Timer = { id, due: this.now() + delayOf(ms), seq: this.seq++, fire };
    this.activity++;
    let i = this.queue.length;
    while (i > 0 && this.queue[i - 1]!.due > timer.due) i--;
    this.queue.splice(i, 0, timer);
    this.schedule();
    return id;
  }

  clearTimer(id: number): void {
    const i = this.queue.findIndex((t) => t.id === id);
    if (i >= 0) this.queue.splice(i, 1);
  }

  hold(): () => void {
    this.holds++;
    this.activity++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.holds--;
      if (this.holds === 0) this.schedule();
    };
  }

  sleep(ms: number): Promise<void> { return new Promise((resolve) => this.setTimer(ms, resolve)); }
  pending(): number { return this.queue.length; }
  held(): boolean { return this.holds > 0; }

  dispose(): void {
    this.disposed = true;
    this.queue = [];
    if (this.realTimer) clearTimeout(this.realTimer);
    this.realTimer = undefined;
  }

  /**
   * Two ways forward: a tick on the next turn of the event loop (which jumps when nothing holds the clock), and a
   * Node timer for the earliest due time (so timers fire on time while the device is busy with host work).
   */
  private schedule(): void {
    if (this.disposed || this.queue.length === 0) return;
    if (!this.tickQueued && this.holds === 0) {
      this.tickQueued = true;
      setImmediate(() => this.tick());
    }
    const due = this.queue[0]!.due;
    if (due < this.realTimerDue) {
      if (this.realTimer) clearTimeout(this.realTimer);
      this.realTimerDue = due;
      this.realTimer = setTimeout(() => {
        this.realTimer = undefined;
        this.realTimerDue = Infinity;
        this.fireDue();
      }, Math.max(0, due - this.now()));
      // Never what keeps the process alive: while anything holds the clock, that work does; otherwise a tick is queued.
      this.realTimer.unref();
    }
  }

  private tick(): void {
    this.tickQueued = false;
    if (this.disposed || this.holds > 0 || this.queue.length === 0) return;
    // Something queued on the turn this tick was queued (a kit event handed over next turn, an I/O callback) runs
    // first: jump only after a whole turn with no new hold or timer.
    if (this.seenActivity !== this.activity) {
      this.seenActivity = this.activity;
      this.tickQueued = true;
      setImmediate(() => this.tick());
      return;
    }
    const next = this.queue[0]!;
    const late = next.due - this.now();
    if (late > 0) this.shift += late;
    this.fireDue();
  }

  /** Fires the earliest timer if it is due, then lets everything it caused run before the next one. */
  private fireDue(): void {
    const next = this.queue[0];
    if (!next || next.due > this.now()) {
      this.schedule();
      return;
    }
    this.queue.shift();
    try {
      next.fire();
    } finally {
      this.schedule();
    }
  }
}
