/**
 * Where the intents to route among come from when no device is involved: intent manifests (`ets/intents.json`, or any
 * `{bundleName, intents}` file) and built HAPs. Apps with the same bundle (several modules) are merged.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import JSON5 from 'json5';
import { HmosError } from '../errors.js';
import { unpackHap } from '../hap/hap.js';
import { INTENT_MANIFEST_PATH, type IntentManifest } from '../hap/intent-manifest.js';
import type { InstalledApp } from './router.js';

function parseManifest(text: string, file: string): IntentManifest {
  let data: unknown;
  try {
    // JSON5 reads every JSON file and reports where a broken one breaks.
    data = JSON5.parse(text);
  } catch (err) {
    const e = err as Error & { lineNumber?: number; columnNumber?: number };
    throw new HmosError('AGENT_BAD_MANIFEST', `not valid JSON: ${e.message.replace(/^JSON5: /, '').replace(/ at \d+:\d+$/, '')}`, {
      location: { file, line: e.lineNumber, col: e.columnNumber },
    });
  }
  const m = data as Partial<IntentManifest>;
  if (!m || typeof m !== 'object' || typeof m.bundleName !== 'string' || !Array.isArray(m.intents)) {
    throw new HmosError('AGENT_BAD_MANIFEST', 'an intent manifest needs "bundleName" (a string) and "intents" (an array)', { location: { file } });
  }
  m.intents.forEach((d, i) => {
    if (!d || typeof d.intentName !== 'string') throw new HmosError('AGENT_BAD_MANIFEST', `intents[${i}] has no "intentName"`, { location: { file } });
  });
  return m as IntentManifest;
}

export async function readIntentSource(file: string): Promise<IntentManifest> {
  if (!existsSync(file)) throw new HmosError('AGENT_NO_SUCH_FILE', `${file} does not exist`, { location: { file } });
  if (file.endsWith('.hap')) {
    const entries = await unpackHap(readFileSync(file));
    const bytes = entries.get(INTENT_MANIFEST_PATH);
    if (!bytes) return { bundleName: file, moduleName: '', intents: [] };
    return parseManifest(new TextDecoder().decode(bytes), `${file}!${INTENT_MANIFEST_PATH}`);
  }
  return parseManifest(readFileSync(file, 'utf8'), file);
}

/** The HAPs `hmos build` wrote under a project: `<module>/build/default/outputs/default/*.hap`. */
export function findBuiltHaps(projectDir: string): string[] {
  const out: string[] = [];
  let modules: string[] = [];
  try { modules = readdirSync(projectDir); } catch { return out; }
  for (const mod of modules) {
    const dir = join(projectDir, mod, 'build', 'default', 'outputs', 'default');
    try {
      if (!statSync(dir).isDirectory()) continue;
      for (const f of readdirSync(dir)) if (f.endsWith('.hap')) out.push(relative(process.cwd(), join(dir, f)) || join(dir, f));
    } catch {}
  }
  return out.sort();
}

export async function loadInstalledApps(files: string[]): Promise<InstalledApp[]> {
  const byBundle = new Map<string, InstalledApp>();
  for (const f of files) {
    const m = await readIntentSource(f);
    const app = byBundle.get(m.bundleName) ?? { bundle: m.bundleName, intents: [] };
    for (const intent of m.intents) app.intents.push(intent);
    byBundle.set(m.bundleName, app);
  }
  return [...byBundle.values()];
}
