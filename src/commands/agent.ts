/**
 * `hmos agent <utterance…>`: routes what you would say to an agent among the intents of built apps (or intent
 * manifests) and prints the intent and parameters it would run — or the clarification question, or "no match" with
 * the closest candidates. Nothing is executed: running intents on a device needs a device (hmos emulate).
 */
import { resolve } from 'node:path';
import { HmosError } from '../errors.js';
import { findBuiltHaps, loadInstalledApps } from '../agent/intent-sources.js';
import { modelConfigFromEnv } from '../agent/model.js';
import { createAgentService, type AgentResponse } from '../agent/service.js';
import type { CommandContext } from './context.js';

export async function run(ctx: CommandContext, args: unknown[], options: Record<string, any>): Promise<number> {
  const utterance = (args[0] as string[] | undefined ?? []).join(' ').trim();
  if (!utterance) throw new HmosError('AGENT_NO_UTTERANCE', 'say what the agent should do, e.g. hmos agent "add a task buy milk"');
  let files: string[] = (options.intents as string[] | undefined) ?? [];
  if (!files.length) {
    files = findBuiltHaps(ctx.cwd);
    if (!files.length) {
      throw new HmosError('AGENT_NO_INTENTS', 'no intents to route to: run hmos build in an app project, or pass --intents <intents.json|app.hap>');
    }
  }
  const apps = loadInstalledApps(files.map((f) => resolve(ctx.cwd, f)));
  let now: Date | undefined;
  let offset: number | undefined;
  if (options.now !== undefined) {
    const m = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2})?)(Z|[+-]\d{2}:\d{2})$/.exec(String(options.now));
    if (!m || Number.isNaN(Date.parse(String(options.now)))) throw new HmosError('AGENT_BAD_NOW', `--now must be an ISO date-time with an offset, e.g. 2026-03-10T10:00:00+08:00 (got ${options.now})`);
    now = new Date(String(options.now));
    offset = m[2] === 'Z' ? 0 : (m[2][0] === '-' ? -1 : 1) * (Number(m[2].slice(1, 3)) * 60 + Number(m[2].slice(4, 6)));
  }
  const service = createAgentService(
    { listIntents: () => apps, execute: () => Promise.reject(new Error('hmos agent only routes; it never executes')) },
    { model: modelConfigFromEnv(ctx.env) ?? null, ...(now ? { now: () => now!, utcOffsetMinutes: offset } : {}), log: (m) => ctx.warn(m) },
  );
  const out = await service.handle(utterance, { dryRun: true });
  ctx.result({ utterance, ...out }, () => human(out, ctx));
  return 0;
}

function human(out: AgentResponse, ctx: CommandContext): string {
  const c = ctx.color;
  if (out.kind === 'noMatch') {
    const lines = [out.message];
    if (out.candidates.length) lines.push('closest:', ...out.candidates.map((k) => `  ${k.intent} ${c.dim(`(${k.bundle}, ${k.displayName})`)}`));
    return lines.join('\n');
  }
  const params = Object.entries(out.params).map(([k, v]) => `  ${k.padEnd(10)} ${typeof v === 'string' ? v : JSON.stringify(v)}`);
  const head = `${c.bold(out.intent)} ${c.dim(`(${out.bundle}, via ${out.via})`)}`;
  if (out.kind === 'clarification') return [head, ...params, `${c.yellow('?')} ${out.clarification.question}`].join('\n');
  return [head, ...params].join('\n');
}
