import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { IntentManifest } from '../../src/hap/intent-manifest.js';
import type { InstalledApp } from '../../src/agent/router.js';
import type { EvalCase } from '../../src/agent/evaluate.js';

export const agentFixtures = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'agent');

export function loadApp(file: string): InstalledApp {
  const m = JSON.parse(readFileSync(join(agentFixtures, file), 'utf8')) as IntentManifest;
  return { bundle: m.bundleName, intents: m.intents };
}

export function loadEvalSet(file: string): { now: string; apps: InstalledApp[]; cases: EvalCase[] } {
  const set = JSON.parse(readFileSync(join(agentFixtures, file), 'utf8')) as { now: string; apps: string[]; cases: EvalCase[] };
  return { now: set.now, apps: set.apps.map(loadApp), cases: set.cases };
}

export function loadDistractors(): InstalledApp[] {
  const d = JSON.parse(readFileSync(join(agentFixtures, 'distractors.json'), 'utf8')) as { apps: IntentManifest[] };
  return d.apps.map((m) => ({ bundle: m.bundleName, intents: m.intents }));
}

/** 2026-03-10 10:00 in +08:00, the reference time of the eval set. */
export const evalClock = { now: new Date('2026-03-10T10:00:00+08:00'), utcOffsetMinutes: 480 };
