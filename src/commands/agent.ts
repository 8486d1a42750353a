/**
 * `hmos agent <utterance…>`: what you would say to an agent. With an emulated device running, the device's agent
 * routes it among the intents of the apps installed there and runs the chosen intent in the app (the connector's
 * POST /v1/devices/:id/agent); the answer is the intent, its parameters and its result. With --dry-run, with
 * --intents, or with no device running, it only routes — among the intents of the apps built here (or the given
 * manifests) — and prints the intent and parameters it would run, the clarification question, or "no match" with
 * the closest candidates.
 */
import { resolve } from 'node:path';
import { HmosError } from '../errors.js';
import { parseReferenceTime } from '../agent/datetime.js';
import { findBuiltHaps, loadInstalledApps } from '../agent/intent-sources.js';
import { modelConfigFromEnv } from '../agent/model.js';
import { createAgentService, type AgentResponse } from '../agent/service.js';
import { listDevices, pickDevice, type Device } from '../device-client/device-manager.js';
import { hmosHome } from '../util/paths.js';
import type { CommandContext } from './context.js';

export async function run(ctx: CommandContext, args: unknown[], options: Record<string, any>): Promise<number> {
  const utterance = (args[0] as string[] | undefined ?? []).join(' ').trim();
  if (!utterance) throw new HmosError('AGENT_NO_UTTERANCE', 'say what the agent should do, e.g. hmos agent "add a task buy milk"');
  const clock = options.now !== undefined ? parseNow(String(options.now)) : undefined;
  let timeoutMs: number | undefined;
  if (options.timeout !== undefined) {
    timeoutMs = Number(options.timeout);
    if (!Number.isInteger(timeoutMs) || timeoutMs < 1 || timeoutMs > 8000) throw new HmosError('BAD_OPTION', `--timeout is a whole number of milliseconds, 1 to 8000 (got ${options.timeout})`);
  }
  const device = options.intents ? undefined : await chooseDevice(ctx, options);
  if (device) {
    const request = { utterance, dryRun: options.dryRun === true, ...(timeoutMs ? { timeoutMs } : {}), ...(options.now !== undefined ? { now: String(options.now) } : {}) };
    const out = await device.agent<AgentResponse & { device: string; ms: number }>(request);
    ctx.result(out, () => human(out, ctx));
    return out.kind === 'executed' && out.error ? 1 : 0;
  }
  let files: string[] = (options.intents as string[] | undefined) ?? [];
  if (!files.length) {
    files = findBuiltHaps(ctx.cwd);
    if (!files.length) {
      throw new HmosError('AGENT_NO_INTENTS', 'no intents to route to: run hmos build in an app project, or pass --intents <intents.json|app.hap>');
    }
  }
  const apps = await loadInstalledApps(files.map((f) => resolve(ctx.cwd, f)));
  const service = createAgentService(
    { listIntents: () => apps, execute: () => Promise.reject(new Error('hmos agent only routes; it never executes')) },
    { model: modelConfigFromEnv(ctx.env) ?? null, ...(clock ? { now: () => clock.now, utcOffsetMinutes: clock.utcOffsetMinutes } : {}), log: (m) => ctx.warn(m) },
  );
  const out = await service.handle(utterance, { dryRun: true });
  ctx.result({ utterance, ...out }, () => human(out, ctx));
  return 0;
}

function parseNow(value: string): { now: Date; utcOffsetMinutes: number } {
  const clock = parseReferenceTime(value);
  if (!clock) throw new HmosError('AGENT_BAD_NOW', `--now must be an ISO date-time with an offset, e.g. 2026-03-10T10:00:00+08:00 (got ${value})`);
  return clock;
}

/**
 * The emulated device to run on: --device, else the only one running. None running means route-only (as with
 * --dry-run); several without --device is an error that names them.
 */
async function chooseDevice(ctx: CommandContext, options: Record<string, any>): Promise<Device | undefined> {
  if (options.dryRun && !options.device) return undefined;
  // Real devices (hdc) run no intents: they are asked for only to say so when one is named.
  const { devices } = await listDevices({ env: ctx.env, home: hmosHome(ctx.env), hdc: options.device !== undefined });
  if (options.device) return pickDevice(devices, String(options.device));
  if (devices.length === 0) {
    ctx.info('no device is running: routing only, nothing is executed (start one with hmos emulate --headless, then hmos deploy)');
    return undefined;
  }
  if (devices.length > 1) {
    throw new HmosError('AGENT_DEVICE_REQUIRED', `several devices are running (${devices.map((d) => d.id).join(', ')}); choose one with --device <id>`);
  }
  return devices[0];
}

function human(out: AgentResponse & { device?: string; ms?: number }, ctx: CommandContext): string {
  const c = ctx.color;
  if (out.kind === 'noMatch') {
    const lines = [out.message];
    if (out.candidates.length) lines.push('closest:', ...out.candidates.map((k) => `  ${k.intent} ${c.dim(`(${k.bundle}, ${k.displayName})`)}`));
    return lines.join('\n');
  }
  const params = Object.entries(out.params).map(([k, v]) => `  ${k.padEnd(10)} ${typeof v === 'string' ? v : JSON.stringify(v)}`);
  const head = `${c.bold(out.intent)} ${c.dim(`(${out.bundle}, via ${out.via})`)}`;
  if (out.kind === 'clarification') return [head, ...params, `${c.yellow('?')} ${out.clarification.question}`].join('\n');
  if (out.kind === 'executed') {
    const where = `${out.device ? ` on ${out.device}` : ''}${out.ms !== undefined ? `, ${out.ms} ms` : ''}`;
    const lines = [head, ...params];
    if (out.error) lines.push(`${c.red('✗')} ${out.error.code}: ${out.error.message}${c.dim(where)}`);
    else lines.push(`${c.green('✓')} code ${out.code}${c.dim(where)}`);
    if (out.result !== undefined) lines.push(...(typeof out.result === 'string' ? out.result : JSON.stringify(out.result, null, 2)).split('\n').map((l) => `  ${l}`));
    return lines.join('\n');
  }
  return [head, ...params].join('\n');
}
