/**
 * A device's terminal surface, as its holder (an `hmos emulate` session) sees it: the last frame the device's worker
 * drew into cells (worker/surface.ts), with its focusable elements, and the pane's input — a click on a cell or on an
 * element, typing, the back key. When the worker restarts, the surface attaches itself to the new one at its size.
 *
 * Events: `frame` (a new ScreenFrame).
 */
import { EventEmitter } from 'node:events';
import type { ScreenFrame } from '../worker/surface.js';
import type { WorkerClient } from './worker-client.js';
import { unpackGrid, type PackedGrid } from '../worker/grid-wire.js';

export type { FocusTarget, ScreenFrame } from '../worker/surface.js';

export class DeviceSurface extends EventEmitter {
  frame: ScreenFrame | undefined;
  /** When the last frame arrived (performance.now()). */
  frameAt = 0;
  private size: { cols: number; rows: number };
  private attached: Promise<void>;

  constructor(private readonly worker: WorkerClient, cols: number, rows: number) {
    super();
    this.size = { cols, rows };
    worker.on('message', (msg: { frame?: Omit<ScreenFrame, 'grid'> & { grid: PackedGrid } }) => {
      if (!msg.frame) return;
      const frame: ScreenFrame = { ...msg.frame, grid: unpackGrid(msg.frame.grid) };
      this.frame = frame;
      this.frameAt = performance.now();
      this.emit('frame', frame);
    });
    this.attached = this.attach();
    worker.on('spawn', () => { this.attached = this.attach(); });
  }

  private attach(): Promise<void> {
    const done = this.worker.call<void>('surface.attach', this.size.cols, this.size.rows);
    done.catch(() => undefined); // callers see a failure through their own calls
    return done;
  }

  private async call<T>(op: string, ...args: unknown[]): Promise<T> {
    await this.attached.catch(() => undefined);
    return this.worker.call<T>(op, ...args);
  }

  get cols(): number { return this.size.cols; }
  get rows(): number { return this.size.rows; }

  resize(cols: number, rows: number): Promise<void> {
    if (cols === this.size.cols && rows === this.size.rows) return Promise.resolve();
    this.size = { cols, rows };
    return this.call('surface.resize', cols, rows);
  }

  /** Clicks the node under a cell of the screen; the clicked element's id, if anything took the click. */
  clickAt(col: number, row: number): Promise<number | undefined> { return this.call('surface.clickAt', col, row); }
  click(elmtId: number): Promise<void> { return this.call('surface.click', elmtId); }
  /** Types into a text input: `text` is appended to what it holds, `backspace` removes its last character. */
  typeText(elmtId: number, edit: { text?: string; backspace?: boolean }): Promise<void> { return this.call('surface.type', elmtId, edit); }
  /** The device's back key: closes a dialog, pops a page; `exit` when the app ended. */
  back(): Promise<string> { return this.call('surface.back'); }
  /** Shows a notice instead of the app until the next launch (undefined clears it). */
  notice(text: string | undefined): Promise<void> { return this.call('surface.notice', text); }

  /** Resolves with the next frame drawn after this call. */
  nextFrame(): Promise<ScreenFrame> {
    return new Promise((resolve) => this.once('frame', resolve));
  }
}
