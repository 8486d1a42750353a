/**
 * UIContext and what hangs off it, end to end: the fixture app test/fixtures/ui-context and the scripted cases of its
 * steps.json (see test/helpers/steps.ts).
 */
import { beforeAll, describe, it } from 'vitest';
import { StepFixture } from '../helpers/steps.js';

const fx = new StepFixture('ui-context');
beforeAll(() => fx.build(), 60_000);

describe('UIContext (fixture app, scripted preview steps)', () => {
  it.each(fx.steps.map((s) => [`${s.page}: ${s.rule}`, s] as const))('%s', (_name, s) => fx.run(s));
});
