/**
 * The agent endpoint of the connector:
 *   POST /v1/devices/:id/agent   {utterance, dryRun?, timeoutMs?, now?}
 * routes the utterance among the intents of the apps installed on that device and runs the chosen one there
 * (see device-agent.ts). The answer is the agent's response — `executed` ({bundle, intent, params, code, result,
 * error?}), `dryRun`, `clarification` or `noMatch` with candidates — plus `device` and `ms`.
 */
import { parseReferenceTime } from '../../agent/datetime.js';
import { HmosError } from '../../errors.js';
import type { ConnectorRouter } from './router.js';
import { MAX_INTENT_TIMEOUT_MS, type AskOptions, type DeviceAgent } from '../device/device-agent.js';

const MAX_UTTERANCE = 2000;

/** `find` resolves a device id or alias (throwing DEVICE_NOT_FOUND); `agentOf` gives that device's agent. */
export function registerAgentRoutes(router: ConnectorRouter, find: (id: string) => { id: string }, agentOf: (deviceId: string) => DeviceAgent): void {
  router.add('POST', '/v1/devices/:id/agent', async ({ params, json }) => {
    const device = find(params.id);
    const b = await json();
    if (typeof b?.utterance !== 'string' || !b.utterance.trim()) throw new HmosError('BAD_REQUEST', 'agent needs {"utterance": "what the user said"}');
    if (b.utterance.length > MAX_UTTERANCE) throw new HmosError('BAD_REQUEST', `an utterance has at most ${MAX_UTTERANCE} characters`);
    if (b.dryRun !== undefined && typeof b.dryRun !== 'boolean') throw new HmosError('BAD_REQUEST', 'agent: dryRun must be true or false');
    const options: AskOptions = { dryRun: b.dryRun === true };
    if (b.timeoutMs !== undefined) {
      if (!Number.isInteger(b.timeoutMs) || b.timeoutMs < 1 || b.timeoutMs > MAX_INTENT_TIMEOUT_MS) throw new HmosError('BAD_REQUEST', `agent: timeoutMs is 1..${MAX_INTENT_TIMEOUT_MS}`);
      options.timeoutMs = b.timeoutMs;
    }
    if (b.now !== undefined) {
      const clock = typeof b.now === 'string' ? parseReferenceTime(b.now) : undefined;
      if (!clock) throw new HmosError('BAD_REQUEST', 'agent: now must be an ISO date-time with an offset, e.g. 2026-03-10T10:00:00+08:00');
      Object.assign(options, clock);
    }
    return { utterance: b.utterance, ...(await agentOf(device.id).ask(b.utterance, options)) };
  });
}
