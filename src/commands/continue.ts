/**
 * `hmos continue --from <id> --to <id> [--bundle <name>] [--json]`: hands the running app off from one emulated
 * device to another (same host or another host), like the reference's cross-device continuation. The host that owns
 * the source device does the work (POST /v1/devices/:id/continue, src/emulator/handoff.ts).
 */
import { HmosError } from '../errors.js';
import { listDevices, noDevicesError, pickDevice } from '../device-client/device-directory.js';
import { hmosHome } from '../util/paths.js';
import type { CommandContext } from './context.js';

interface HandoffAnswer {
  from: string; to: string; bundleName: string; ability: string; page: string | null; pageStack: string[];
  installed: boolean; sourceExited: boolean; ms: number;
}

export async function run(ctx: CommandContext, _args: unknown[], options: Record<string, any>): Promise<number> {
  const from = options.from as string | undefined;
  const to = options.to as string | undefined;
  if (!from || !to) throw new HmosError('MISSING_ARGUMENT', 'name both devices: `hmos continue --from phone-1 --to tablet-1` (`hmos devices` lists them)');
  const { devices, warnings } = await listDevices({ env: ctx.env, home: hmosHome(ctx.env), hdc: false });
  for (const w of warnings) ctx.warn(w);
  if (devices.length === 0) throw noDevicesError();
  const source = pickDevice(devices, from);
  const target = pickDevice(devices, to);
  if (source.kind !== 'emulated' || target.kind !== 'emulated') throw new HmosError('UNSUPPORTED', 'handoff works between emulated devices only');
  const r = await source.client.json<HandoffAnswer>(`/v1/devices/${encodeURIComponent(source.id)}/continue`, {
    method: 'POST', body: { to: target.id, ...(options.bundle ? { bundle: String(options.bundle) } : {}) }, timeoutMs: 30_000,
  });
  ctx.result(r, () => [
    ...(r.installed ? [`Installed ${r.bundleName} on ${r.to} from ${r.from}.`] : []),
    `Continued ${r.bundleName} from ${r.from} to ${r.to} in ${r.ms} ms: ${r.to} shows ${r.page ?? 'no page'}${r.pageStack.length > 1 ? ` (stack ${r.pageStack.join(' → ')})` : ''}.`,
    r.sourceExited ? `${r.bundleName} exited on ${r.from}.` : `${r.bundleName} keeps running on ${r.from} (the app asked not to exit).`,
  ].join('\n'));
  return 0;
}
