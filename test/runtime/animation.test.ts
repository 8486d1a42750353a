/**
 * Animations and transitions end to end: the fixture app test/fixtures/animation is built once and every scripted
 * case of its steps.json (the `--do` actions `hmos preview` takes; an action's animations run to their end unless a
 * `wait:` follows, which samples them at that moment) runs on a fresh device in virtual time; then what the screen
 * shows is checked — texts, and the boxes and opacity of nodes by id (ranges: device time flows while the host works).
 * Also: an endless animation costs nothing while nothing draws, and the terminal UI draws intermediate frames at a
 * modest rate while something animates.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildProject } from '../../src/compiler/build.js';
import { unpackHap, verifyHap } from '../../src/hap/hap.js';
import { createDevice, type App } from '../../src/runtime/device.js';
import { resourceTableFromHap } from '../../src/runtime/hap-resources.js';
import { layoutApp, parseAction, performAction } from '../../src/runtime/screen.js';
import type { LayoutNode } from '../../src/runtime/layout/types.js';
import { EmulatorSession } from '../../src/emulator/session/session.js';
import { repoRoot, tempDir } from '../helpers/cli.js';
import { copyFixture } from '../helpers/fixture.js';
import { until } from '../helpers/wait.js';

type Range = [number, number];
interface Step { rule: string; page: string; do: string[]; expect?: string[]; expectMatch?: string[]; absent?: string[];
  boxes?: Record<string, Partial<Record<'width' | 'height' | 'opacity' | 'dx', Range>>> }
const steps: Step[] = JSON.parse(readFileSync(join(repoRoot, 'test/fixtures/animation/steps.json'), 'utf8'));
const project = copyFixture('animation');
const home = tempDir('hmos-anim-home-');
let entries: Map<string, Uint8Array>;

beforeAll(async () => {
  const b = await buildProject(project, { homeDir: home });
  expect(b.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
  entries = verifyHap(await unpackHap(readFileSync(b.modules[0].hap!))).entries;
}, 60_000);

const launch = (page: string, virtualTime = true): App =>
  createDevice({ profile: 'phone', dataDir: tempDir('hmos-anim-data-'), virtualTime }).launch({ bundle: entries, page, resources: resourceTableFromHap(entries) });

/** Runs actions as `hmos preview` does. */
async function perform(app: App, actions: string[]): Promise<void> {
  const parsed = actions.map(parseAction);
  for (const [i, a] of parsed.entries()) {
    await performAction(app, a);
    if (a.kind !== 'wait' && parsed[i + 1]?.kind !== 'wait') await app.finishAnimations();
  }
}

function byId(root: LayoutNode): Map<string, LayoutNode> {
  const out = new Map<string, LayoutNode>();
  const walk = (n: LayoutNode) => { if (n.id) out.set(n.id, n); n.children.forEach(walk); };
  walk(root);
  return out;
}
const texts = (root: LayoutNode): string[] => {
  const out: string[] = [];
  const walk = (n: LayoutNode) => { if (n.text !== undefined) out.push(n.text); n.children.forEach(walk); };
  walk(root);
  return out;
};

describe('animations and transitions (fixture app, scripted preview steps)', () => {
  it.each(steps.map((s) => [`${s.page}: ${s.rule}`, s] as const))('%s', async (_name, s) => {
    const app = launch(s.page);
    await app.settle();
    await perform(app, s.do);
    expect(app.crash?.message).toBeUndefined();
    const page = await layoutApp(app);
    const shown = texts(page.root);
    for (const e of s.expect ?? []) expect(shown).toContain(e);
    for (const m of s.expectMatch ?? []) expect(shown.some((t) => new RegExp(m).test(t)), `${m} in ${JSON.stringify(shown)}`).toBe(true);
    const ids = byId(page.root);
    for (const id of s.absent ?? []) expect(ids.has(id)).toBe(false);
    for (const [id, want] of Object.entries(s.boxes ?? {})) {
      const n = ids.get(id);
      expect(n, `#${id} on screen`).toBeDefined();
      const got = { width: n!.width, height: n!.height, opacity: n!.style.opacity, dx: n!.x };
      for (const [k, [lo, hi]] of Object.entries(want) as [keyof typeof got, Range][]) {
        expect(got[k], `#${id} ${k}`).toBeGreaterThanOrEqual(lo - 0.01);
        expect(got[k], `#${id} ${k}`).toBeLessThanOrEqual(hi + 0.01);
      }
    }
    app.stop();
  });

  it('an endless animation takes no timers and no frames while nothing draws; drawing samples it', async () => {
    const app = launch('pages/Index', false);
    await app.settle();
    await perform(app, ['click:text=spin']);
    expect(app.animation).toMatchObject({ active: true, forever: true, until: null });
    let frames = 0;
    app.on('frame', () => { frames++; });
    const pending = app.device.clock.pending();
    await new Promise((r) => setTimeout(r, 300));
    expect(frames).toBe(0);
    expect(app.device.clock.pending()).toBe(pending);
    const spinner = (await layoutApp(app)).root;
    expect(byId(spinner).get('spinner')).toBeDefined();
    expect(app.evaluate('JSON.stringify(__rt.root.children[0].children[3].shown.rotate)')).toMatch(/"angle":\d/);
    app.stop();
  });

  it('the terminal UI draws intermediate frames at a modest rate while something animates, and none after', async () => {
    const session = new EmulatorSession({ dir: project, types: ['phone'], home, sizeFor: () => ({ cols: 60, rows: 40 }) });
    try {
      await session.start();
      const [phone] = session.devices;
      await until(() => Boolean(phone.surface.frame?.focusables.some((f) => f.text === 'grow')));
      const grow = phone.surface.frame!.focusables.find((f) => f.text === 'grow')!;
      let frames = 0;
      session.on('frame', () => { frames++; });
      const t0 = Date.now();
      await phone.surface.click(grow.elmtId);
      await until(() => Boolean(phone.surface.frame?.grid.some((row) => row.map((c) => c.char).join('').includes('finished yes'))), 10_000);
      const ms = Date.now() - t0;
      // 1 s of animation at ≈ 20 frames a second: more than a handful, far fewer than one per vsync.
      expect(frames).toBeGreaterThanOrEqual(5);
      expect(frames).toBeLessThanOrEqual(Math.ceil(ms / 1000 * 30) + 5);
      frames = 0;
      await new Promise((r) => setTimeout(r, 300));
      expect(frames).toBe(0);
    } finally { await session.close(); }
  }, 30_000);
});

afterAll(() => {});
