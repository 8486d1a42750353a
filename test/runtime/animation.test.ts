/**
 * Animations and transitions end to end: the fixture app test/fixtures/animation and the scripted cases of its
 * steps.json (see test/helpers/steps.ts; boxes are checked in ranges, since device time flows while the host works).
 * Also: an endless animation costs nothing while nothing draws, and the terminal UI draws intermediate frames at a
 * modest rate while something animates and none after.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { layoutApp } from '../../src/runtime/screen.js';
import { EmulatorSession } from '../../src/emulator/session/session.js';
import { StepFixture, byId, perform } from '../helpers/steps.js';
import { until } from '../helpers/wait.js';

const fx = new StepFixture('animation');
beforeAll(() => fx.build(), 60_000);

describe('animations and transitions (fixture app, scripted preview steps)', () => {
  it.each(fx.steps.map((s) => [`${s.page}: ${s.rule}`, s] as const))('%s', (_name, s) => fx.run(s));

  it('an endless animation takes no timers and no frames while nothing draws; drawing samples it', async () => {
    const app = fx.launch('pages/Index', { virtualTime: false });
    await app.settle();
    await perform(app, ['click:text=spin']);
    expect(app.animation).toMatchObject({ active: true, forever: true, until: null });
    let frames = 0;
    app.on('frame', () => { frames++; });
    const pending = app.device.clock.pending();
    await new Promise((r) => setTimeout(r, 300));
    expect(frames).toBe(0);
    expect(app.device.clock.pending()).toBe(pending);
    expect(byId((await layoutApp(app)).root).get('spinner')).toBeDefined();
    expect(app.evaluate('JSON.stringify(__rt.findByKey("spinner").shown.rotate)')).toMatch(/"angle":\d/);
    app.stop();
  });

  it('the terminal UI draws intermediate frames at a modest rate while something animates, and none after', async () => {
    const session = new EmulatorSession({ dir: fx.project, types: ['phone'], home: fx.home, sizeFor: () => ({ cols: 60, rows: 40 }) });
    try {
      await session.start();
      const [phone] = session.devices;
      await until(() => Boolean(phone.surface.frame?.focusables.some((f) => f.text === 'grow')));
      const grow = phone.surface.frame!.focusables.find((f) => f.text === 'grow')!;
      let frames = 0;
      session.on('frame', () => { frames++; });
      const t0 = Date.now();
      await phone.surface.click(grow.elmtId);
      await until(() => Boolean(phone.surface.frame?.grid.some((row) => row.map((c) => c.char).join('').includes('finished yes'))), 30_000);
      const ms = Date.now() - t0;
      // 1 s of animation at ≈ 20 frames a second: more than a handful, far fewer than one per vsync.
      expect(frames).toBeGreaterThanOrEqual(5);
      expect(frames).toBeLessThanOrEqual(Math.ceil((ms / 1000) * 30) + 5);
      frames = 0;
      await new Promise((r) => setTimeout(r, 300));
      expect(frames).toBe(0);
    } finally { await session.close(); }
  }, 30_000);
});
