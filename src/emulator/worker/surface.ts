/**
 * A terminal surface on a device, inside its worker: what `hmos emulate` adds to the devices it shows. It lays the
 * foreground app out for the device's profile and draws it into cells at the size the terminal pane asks for,
 * re-drawing whenever the app's screen changes, and takes the pane's input: a click on a cell, a click on a focusable
 * element, typing into a text input, the back key. Nothing here runs without a surface attached, so a device host's
 * devices pay nothing for it.
 */
import { HmosError } from '../../errors.js';
import type { App } from '../../runtime/device.js';
import { crashScreen } from '../../runtime/crash-screen.js';
import type { DeviceProfile } from '../../runtime/device-profile.js';
import { layoutPage, loadLayoutEngine, type LayoutEngine } from '../../runtime/layout/layout.js';
import type { LaidOutPage, LayoutNode } from '../../runtime/layout/types.js';
import { renderCells, type Cell } from '../../runtime/render/cells.js';
import { focusableNodes, nodeAt } from '../../runtime/selector.js';
import type { UINode } from '../../runtime/ui-node.js';

export interface FocusTarget {
  elmtId: number;
  type: string;
  text?: string;
  /** Cells covered, end exclusive. */
  box: { c0: number; r0: number; c1: number; r1: number };
}

export interface ScreenFrame {
  cols: number;
  rows: number;
  grid: Cell[][];
  page: string | null;
  bundleName?: string;
  focusables: FocusTarget[];
  crashed: boolean;
  /** Shown instead of the app (e.g. the module does not list this device type). */
  notice?: string;
}

/** What the device's worker stopped on, drawn until the next launch (see WorkerClient's recovery). */
export interface DeviceCrash {
  bundleName?: string;
  message: string;
  timeout: boolean;
}

const TEXT_INPUTS = new Set(['TextInput', 'TextArea', 'Search']);
/** ≈ 20 frames a second in the terminal while an animation runs. */
const ANIMATION_FRAME_MS = 50;

function isResourceRef(v: unknown): boolean {
  return typeof v === 'object' && v !== null && typeof (v as { id?: unknown }).id === 'number' && typeof (v as { type?: unknown }).type === 'number';
}

/** The cells whose centres an area covers (as the cell renderer fills them), at least one cell. */
function cellBox(x0: number, y0: number, x1: number, y1: number, cols: number, rows: number): FocusTarget['box'] {
  const c0 = Math.min(cols - 1, Math.max(0, Math.ceil(x0 - 0.5))), r0 = Math.min(rows - 1, Math.max(0, Math.ceil(y0 - 0.5)));
  return { c0, r0, c1: Math.min(cols, Math.max(c0 + 1, Math.ceil(x1 - 0.5))), r1: Math.min(rows, Math.max(r0 + 1, Math.ceil(y1 - 0.5))) };
}

/** The node a click at (x, y) vp reaches: the hit node or its nearest ancestor that handles clicks. */
function clickTarget(hit: LayoutNode | undefined): UINode | undefined {
  for (let n: UINode | undefined = hit?.node; n; n = n.parent) {
    if (typeof n.attrs.onClick?.[0] === 'function' || ['Button', 'Toggle', 'Checkbox', ...TEXT_INPUTS].includes(n.type)) return n;
  }
  return undefined;
}

/** The text a text input holds now: the app's bound value, else what the user typed into it (uncontrolled). */
function inputValue(n: UINode): string {
  const opt = n.args[0] as { text?: unknown; value?: unknown } | undefined;
  const bound = n.type === 'Search' ? opt?.value ?? opt?.text : opt?.text;
  if (typeof bound === 'string') return bound;
  return typeof n.typed === 'string' ? n.typed : '';
}

export class Surface {
  private engine: LayoutEngine | undefined;
  private size: { cols: number; rows: number } | undefined;
  private laid: LaidOutPage | undefined;
  private pending = false;
  private notice: string | undefined;
  private crash: DeviceCrash | undefined;
  private isAnimating = false;
  private animationTimer: NodeJS.Timeout | undefined;
  private lastFrameMs = 0;

  constructor(private readonly profile: DeviceProfile, private readonly foreground: () => App | undefined, private readonly post: (frame: ScreenFrame) => void) {}

  get attached(): boolean {
    return this.size !== undefined;
  }

  async attach(cols: number, rows: number): Promise<void> {
    this.engine ??= await loadLayoutEngine();
    this.resize(cols, rows);
  }

  resize(cols: number, rows: number): void {
    this.size = { cols: Math.max(1, Math.floor(cols)), rows: Math.max(1, Math.floor(rows)) };
    this.laid = undefined;
    this.postNow();
  }

  /** Draws a notice instead of the app (until the next launch), e.g. why this device cannot run the app. */
  showNotice(text: string | undefined): void {
    this.notice = text;
    this.schedule();
  }

  /** Draws what the device's last worker stopped on (until the next launch). */
  showCrash(crash: DeviceCrash | undefined): void {
    this.crash = crash;
    this.schedule();
  }

  /** A launch clears notices and crash screens. */
  clear(): void {
    this.notice = undefined;
    this.crash = undefined;
  }

  /**
   * While something animates, draws ≈ 20 frames a second (each samples the animations) — fewer when drawing is slow:
   * the next animation frame waits at least twice as long as the last one took, so input always finds the worker
   * free. Nothing ticks otherwise (an endless animation on a screen nobody draws costs nothing).
   */
  animating(on: boolean): void {
    this.isAnimating = on;
    if (on && !this.animationTimer) this.nextAnimationFrame();
  }

  private nextAnimationFrame(): void {
    this.animationTimer = setTimeout(() => {
      this.animationTimer = undefined;
      // The app that animated may have gone (stopped, replaced) without saying so.
      if (!this.isAnimating || !this.foreground()?.animation.active) { this.isAnimating = false; return; }
      this.schedule();
      this.nextAnimationFrame();
    }, Math.max(ANIMATION_FRAME_MS, 2 * this.lastFrameMs));
  }

  /**
   * Re-draws on the next turn (many changes in one turn make one frame). An update the app scheduled meanwhile (a
   * hot reload's restored state) is drawn with it: the frame waits one more turn for it rather than showing the
   * screen half updated and drawing again.
   */
  schedule(): void {
    if (!this.size || this.pending) return;
    this.pending = true;
    const draw = (waited: boolean) => setImmediate(() => {
      if (!waited && this.foreground()?.updatePending) { draw(true); return; }
      this.pending = false;
      this.postNow();
    });
    draw(false);
  }

  private postNow(): void {
    if (!this.size || !this.engine) return;
    const t0 = performance.now();
    this.post(this.frame(this.size.cols, this.size.rows));
    this.lastFrameMs = performance.now() - t0;
  }

  private layout(): LaidOutPage {
    const app = this.foreground();
    // Running animations put their values at this moment on the nodes (framework/animation.ts).
    if (!this.crash) app?.sampleAnimations();
    const root: UINode = this.crash
      ? crashScreen({ kind: this.crash.timeout ? 'timeout' : 'exception', message: this.crash.message, stack: '', during: 'device' }, this.crash.bundleName ?? 'The device')
      : app ? app.tree() : { elmtId: 0, type: 'Root', args: [], attrs: {}, children: [] };
    this.laid = layoutPage(this.engine!, root, this.profile, {
      page: app?.page() ?? undefined,
      resolve: (v) => (app && isResourceRef(v) ? app.resolveResource(v as never) ?? v : v),
      image: (src) => app?.image(src),
    });
    return this.laid;
  }

  private frame(cols: number, rows: number): ScreenFrame {
    const app = this.foreground();
    if (this.notice) return { cols, rows, grid: this.noticeGrid(this.notice, cols, rows), page: null, focusables: [], crashed: false, notice: this.notice };
    const page = this.layout();
    const grid = renderCells(page, { cols, rows });
    const sx = cols / this.profile.width, sy = rows / this.profile.height;
    const focusables = this.crash ? [] : focusableNodes(page).filter((n) => n.node).map((n) => ({
      elmtId: n.node!.elmtId, type: n.type, ...(n.text !== undefined ? { text: n.text } : {}),
      box: cellBox(n.x * sx, n.y * sy, (n.x + n.width) * sx, (n.y + n.height) * sy, cols, rows),
    }));
    const bundleName = this.crash?.bundleName ?? app?.bundleName;
    return { cols, rows, grid, page: this.crash ? null : app?.page() ?? null, ...(bundleName ? { bundleName } : {}), focusables, crashed: Boolean(this.crash || app?.crash) };
  }

  private noticeGrid(text: string, cols: number, rows: number): Cell[][] {
    const grid: Cell[][] = Array.from({ length: rows }, () => Array.from({ length: cols }, () => ({ char: ' ' })));
    const width = Math.max(4, cols - 2);
    const lines: string[] = [];
    for (const word of text.split(/\s+/)) {
      const last = lines[lines.length - 1];
      if (last !== undefined && last.length + 1 + word.length <= width) lines[lines.length - 1] = `${last} ${word}`;
      else lines.push(word.slice(0, width));
    }
    const top = Math.max(0, Math.floor((rows - lines.length) / 2));
    lines.slice(0, rows).forEach((line, i) => {
      const left = Math.max(0, Math.floor((cols - line.length) / 2));
      [...line].forEach((ch, j) => { if (top + i < rows && left + j < cols) grid[top + i][left + j] = { char: ch, fg: '#ffcc00' }; });
    });
    if (this.profile.shape === 'round') {
      for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) {
        const dx = (c + 0.5) / cols - 0.5, dy = (r + 0.5) / rows - 0.5;
        if (dx * dx + dy * dy > 0.25) grid[r][c] = { char: ' ' };
      }
    }
    return grid;
  }

  private app(): App {
    const app = this.foreground();
    if (!app) throw new HmosError('APP_NOT_RUNNING', 'no app is running on this device');
    return app;
  }

  /** Clicks the node under a cell of the screen; the clicked element's id, if anything took the click. */
  clickAt(col: number, row: number): number | undefined {
    const app = this.foreground();
    if (!app || !this.size || !this.engine) return undefined;
    const { cols, rows } = this.size;
    const page = this.laid ?? this.layout();
    const x = ((col + 0.5) / cols) * this.profile.width, y = ((row + 0.5) / rows) * this.profile.height;
    // Nothing clickable exactly under the cell's centre: the last focusable the cell overlaps (a cell is coarse).
    const cw = this.profile.width / cols, ch = this.profile.height / rows, x0 = col * cw, y0 = row * ch;
    const inside = (n: LayoutNode) => n.x < x0 + cw && n.x + n.width > x0 && n.y < y0 + ch && n.y + n.height > y0;
    const target = clickTarget(nodeAt(page, x, y)) ?? focusableNodes(page).filter((n) => n.node && inside(n)).pop()?.node;
    if (!target) return undefined;
    app.click(target.elmtId);
    return target.elmtId;
  }

  click(elmtId: number): void {
    this.app().click(elmtId);
  }

  /** Types into a text input: `text` is appended to what it holds, `backspace` removes its last character. */
  type(elmtId: number, edit: { text?: string; backspace?: boolean }): void {
    const app = this.app();
    const node = app.find((n) => n.elmtId === elmtId);
    if (!node) return;
    const now = inputValue(node);
    app.inputText(elmtId, edit.backspace ? [...now].slice(0, -1).join('') : now + (edit.text ?? ''));
  }

  back(): string {
    const app = this.foreground();
    return app ? app.back() : 'none';
  }
}
