/**
 * Scripted fixture apps: a fixture project under test/fixtures/<name> with a steps.json of cases — a page, the
 * `--do` actions `hmos preview` takes, and what the screen must show afterwards. The project is built once; each case
 * runs on a fresh device in virtual time, as `hmos preview` runs it (an action's animations run to their end unless
 * a `wait:` follows, which samples them at that moment).
 *
 * A case: { rule, page, ability?: start the entry ability rather than open the page, do: [actions], expect?: [texts shown], expectMatch?: [regexps a text matches],
 *   gone?: [texts not shown], logs?: [substrings of app log lines], logsOnce?: [substrings logged exactly once], absent?: [ids not on screen],
 *   boxes?: { id: { width | height | opacity | x: [min, max] } } }
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { buildProject } from '../../src/compiler/build.js';
import { unpackHap, verifyHap } from '../../src/hap/hap.js';
import { createDevice, type App } from '../../src/runtime/device.js';
import { resourceTableFromHap } from '../../src/runtime/hap-resources.js';
import { layoutApp, parseAction, performAction } from '../../src/runtime/screen.js';
import type { LayoutNode } from '../../src/runtime/layout/types.js';
import { repoRoot, tempDir } from './cli.js';
import { copyFixture } from './fixture.js';

type Range = [number, number];
export interface Step {
  rule: string; page: string; do: string[]; /** start the entry ability (which loads the page) instead of opening the page */ ability?: boolean; expect?: string[]; expectMatch?: string[]; logs?: string[]; logsOnce?: string[];
  /** texts that must not be shown */ gone?: string[]; absent?: string[]; boxes?: Record<string, Partial<Record<'width' | 'height' | 'opacity' | 'x', Range>>>;
}

export class StepFixture {
  readonly steps: Step[];
  readonly project: string;
  readonly home = tempDir('hmos-steps-home-');
  private entries: Map<string, Uint8Array> | undefined;

  constructor(readonly name: string) {
    this.steps = JSON.parse(readFileSync(join(repoRoot, 'test/fixtures', name, 'steps.json'), 'utf8'));
    this.project = copyFixture(name);
  }

  async build(): Promise<void> {
    const b = await buildProject(this.project, { homeDir: this.home });
    expect(b.diagnostics.filter((d) => d.severity === 'error')).toEqual([]);
    this.entries = verifyHap(await unpackHap(readFileSync(b.modules[0].hap!))).entries;
  }

  launch(page: string | undefined, opts: { dataDir?: string; virtualTime?: boolean } = {}): App {
    const entries = this.entries!;
    return createDevice({ profile: 'phone', dataDir: opts.dataDir ?? tempDir('hmos-steps-data-'), virtualTime: opts.virtualTime ?? true })
      .launch({ bundle: entries, page, resources: resourceTableFromHap(entries) });
  }

  /** Runs one case and checks what it expects. */
  async run(s: Step): Promise<void> {
    const app = this.launch(s.ability ? undefined : s.page);
    try {
      await app.settle();
      await perform(app, s.do);
      // Events the platform posts to a later turn (onFocus / onBlur …) arrive before the picture, as in `hmos preview`.
      if (!s.do.length || !s.do[s.do.length - 1].startsWith('wait:')) { await app.device.clock.sleep(1); await app.settle(); }
      expect(app.crash?.message).toBeUndefined();
      const page = await layoutApp(app);
      const shown = texts(page.root);
      for (const e of s.expect ?? []) expect(shown).toContain(e);
      for (const e of s.gone ?? []) expect(shown).not.toContain(e);
      for (const m of s.expectMatch ?? []) expect(shown.some((t) => new RegExp(m).test(t)), `${m} in ${JSON.stringify(shown)}`).toBe(true);
      const logs = app.logs.map((l) => l.message);
      for (const l of s.logs ?? []) expect(logs.some((m) => m.includes(l)), `log "${l}" in ${JSON.stringify(logs)}`).toBe(true);
      for (const l of s.logsOnce ?? []) expect(logs.filter((m) => m.includes(l)).length, `"${l}" logged once`).toBe(1);
      const ids = byId(page.root);
      for (const id of s.absent ?? []) expect(ids.has(id), `#${id} gone`).toBe(false);
      for (const [id, want] of Object.entries(s.boxes ?? {})) {
        const n = ids.get(id);
        expect(n, `#${id} on screen`).toBeDefined();
        const got = { width: n!.width, height: n!.height, opacity: n!.style.opacity, x: n!.x };
        for (const [k, [lo, hi]] of Object.entries(want) as [keyof typeof got, Range][]) {
          expect(got[k], `#${id} ${k}`).toBeGreaterThanOrEqual(lo - 0.01);
          expect(got[k], `#${id} ${k}`).toBeLessThanOrEqual(hi + 0.01);
        }
      }
    } finally { app.stop(); }
  }
}

/** Applies actions as `hmos preview` does. */
export async function perform(app: App, actions: string[]): Promise<void> {
  const parsed = actions.map(parseAction);
  if (parsed[0]?.kind !== 'wait') await app.finishAnimations();
  for (const [i, a] of parsed.entries()) {
    await performAction(app, a);
    if (a.kind !== 'wait' && parsed[i + 1]?.kind !== 'wait') await app.finishAnimations();
  }
}

export function texts(root: LayoutNode): string[] {
  const out: string[] = [];
  const walk = (n: LayoutNode) => { if (n.text !== undefined) out.push(n.text); n.children.forEach(walk); };
  walk(root);
  return out;
}

export function byId(root: LayoutNode): Map<string, LayoutNode> {
  const out = new Map<string, LayoutNode>();
  const walk = (n: LayoutNode) => { if (n.id) out.set(n.id, n); n.children.forEach(walk); };
  walk(root);
  return out;
}
