/**
 * Sandbox-side `@ohos.animator` (evaluated in the app realm from source, see core.ts): `animator.create(options)` /
 * `UIContext.createAnimator(options)` → AnimatorResult with play / pause / finish / cancel / reverse / reset and the
 * onFrame / onFinish / onCancel / onRepeat callbacks (also the API 8 lower-case `onframe`…). Options: duration,
 * easing (curve names, 'cubic-bezier(…)', 'steps(…)', 'spring(…)'), delay, fill, direction (normal, reverse,
 * alternate, alternate-reverse), iterations (-1 forever), begin, end.
 *
 * Frames come from the device's animation engine (animation.ts): `onFrame(value)` runs whenever the screen is drawn
 * while the animator plays — an endless animator costs nothing while nothing draws — and once more with the end
 * value when it finishes.
 */
export function installAnimator(g: any): void {
  const rt = g.__rt;
  const now = (): number => g.Date.now();
  const DIRECTIONS: Record<string, number> = { normal: 0, reverse: 1, alternate: 2, 'alternate-reverse': 3 };

  class AnimatorResult {
    private opts: any;
    private grp: any;
    private pausedAt: number | undefined;
    private reversed = false;
    onFrame: ((v: number) => void) | undefined;
    onFinish: (() => void) | undefined;
    onCancel: (() => void) | undefined;
    onRepeat: (() => void) | undefined;
    constructor(options: any) { this.opts = normalize(options); }
    set onframe(f: any) { this.onFrame = f; }
    set onfinish(f: any) { this.onFinish = f; }
    set oncancel(f: any) { this.onCancel = f; }
    set onrepeat(f: any) { this.onRepeat = f; }
    private value(p: number): number { return this.opts.begin + (this.opts.end - this.opts.begin) * p; }
    private frame(p: number): void { if (typeof this.onFrame === 'function') this.onFrame(this.value(p)); }
    play(): void {
      if (this.grp && !this.grp.done) {
        if (this.pausedAt === undefined) return;
        // resume: shift the window by the paused time
        const shift = now() - this.pausedAt;
        this.pausedAt = undefined;
        const old = this.grp;
        this.start(old.params.delay, old.start + shift);
        rt.finishAnimation(old, true);
        return;
      }
      this.start(this.opts.delay);
    }
    private start(delay: number, at?: number): void {
      const direction = this.reversed ? [1, 0, 3, 2][this.opts.direction] : this.opts.direction;
      const params = rt.animParams({ duration: this.opts.duration, curve: this.opts.easing, delay, iterations: this.opts.iterations, playMode: direction });
      let lastIter = 0;
      const grp = rt.newAnimation(params, {
        onFrame: (p: number) => {
          if (this.pausedAt !== undefined) return;
          const iter = params.duration > 0 ? Math.floor((now() - grp.start) / params.duration) : 0;
          if (iter > lastIter && iter < (params.iterations < 0 ? Infinity : params.iterations)) { lastIter = iter; if (typeof this.onRepeat === 'function') this.onRepeat(); }
          this.frame(p);
        },
        onEnd: (cancelled: boolean) => {
          if (cancelled || this.grp !== grp) return;
          this.frame(rt.animationProgress(grp, Infinity));
          if (typeof this.onFinish === 'function') this.onFinish();
        },
      });
      if (at !== undefined) { grp.start = at; grp.end = params.iterations < 0 ? Infinity : at + params.duration * params.iterations; }
      this.grp = grp;
    }
    pause(): void { if (this.grp && !this.grp.done && this.pausedAt === undefined) this.pausedAt = now(); }
    finish(): void {
      if (!this.grp || this.grp.done) return;
      this.pausedAt = undefined;
      rt.finishAnimation(this.grp);
    }
    cancel(): void {
      if (!this.grp || this.grp.done) return;
      const grp = this.grp;
      this.grp = undefined;
      this.pausedAt = undefined;
      rt.finishAnimation(grp, true);
      if (typeof this.onCancel === 'function') this.onCancel();
    }
    reverse(): void {
      this.reversed = !this.reversed;
      if (this.grp && !this.grp.done) { const old = this.grp; this.grp = undefined; rt.finishAnimation(old, true); this.start(0); }
    }
    reset(options: any): void { this.cancel(); this.opts = normalize(options); }
    update(options: any): void { this.reset(options); }
    setExpectedFrameRateRange(): void {}
  }
  const normalize = (o: any) => ({
    duration: Math.max(0, Number(o?.duration) || 0), easing: o?.easing ?? 'ease', delay: Math.max(0, Number(o?.delay) || 0),
    fill: o?.fill ?? 'forwards', direction: DIRECTIONS[String(o?.direction ?? 'normal')] ?? 0,
    iterations: typeof o?.iterations === 'number' ? o.iterations : 1, begin: Number(o?.begin ?? 0), end: Number(o?.end ?? 1),
  });
  const animator = {
    create: (options: any) => new AnimatorResult(options),
    createAnimator: (options: any) => new AnimatorResult(options),
  };
  rt.createAnimator = animator.create;
  rt.registerKit('@ohos.animator', { default: animator, animator, AnimatorResult });
  const arkui = g.__hmosKit('@kit.ArkUI');
  if (!('Animator' in arkui)) arkui.Animator = animator;
  if (!('AnimatorResult' in arkui)) arkui.AnimatorResult = AnimatorResult;
}
