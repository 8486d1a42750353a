/**
 * The handoff endpoints of the connector:
 *   POST /v1/devices/:id/continue      {to, bundle?}   hand the app off from :id (of this host) to `to` (any host)
 *   POST /v1/devices/:id/continue-in   {bundleName, ability?, parameters, pageStack}   the target half, called by the
 *                                      source's host (the app must already be installed on :id)
 */
import { HmosError } from '../../errors.js';
import type { ConnectorRouter } from './router.js';
import { findDevice, type HostState } from './device-routes.js';
import { continueApp, MAX_CONTINUE_BYTES, type HandoffHost } from './handoff.js';

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

export function registerHandoffRoutes(router: ConnectorRouter, host: HostState & HandoffHost): void {
  router.add('POST', '/v1/devices/:id/continue', async ({ params, json }) => {
    const b = await json();
    if (typeof b?.to !== 'string' || !b.to) throw new HmosError('BAD_REQUEST', 'continue needs {"to": "<device id>"}');
    if (b.bundle !== undefined && typeof b.bundle !== 'string') throw new HmosError('BAD_REQUEST', 'continue: bundle must be a string');
    return continueApp(host, params.id, b.to, b.bundle);
  });
  router.add('POST', '/v1/devices/:id/continue-in', async ({ params, json }) => {
    const device = findDevice(host, params.id);
    const b = await json();
    if (typeof b?.bundleName !== 'string') throw new HmosError('BAD_REQUEST', 'continue-in needs {"bundleName": "..."}');
    if (b.ability !== undefined && typeof b.ability !== 'string') throw new HmosError('BAD_REQUEST', 'continue-in: ability must be a string');
    if (!isRecord(b.parameters)) throw new HmosError('BAD_REQUEST', 'continue-in: parameters must be an object (the want parameters)');
    if (Buffer.byteLength(JSON.stringify(b.parameters)) > MAX_CONTINUE_BYTES) throw new HmosError('CONTINUE_DATA_TOO_LARGE', 'continue-in: the want parameters exceed 100 KB');
    const stack = Array.isArray(b.pageStack) ? b.pageStack : [];
    if (stack.length > 32 || !stack.every((p: unknown) => isRecord(p) && typeof p.path === 'string')) {
      throw new HmosError('BAD_REQUEST', 'continue-in: pageStack is a list of at most 32 {path, params?}');
    }
    const launched = await device.continueIn({ bundleName: b.bundleName, ability: b.ability, parameters: b.parameters, pageStack: stack });
    return { device: device.id, ...launched };
  });
}
