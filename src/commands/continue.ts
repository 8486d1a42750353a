/**
 * `hmos continue --from <id> --to <id> [--bundle <name>] [--json]`: hands the running app off from one emulated
 * device to another (same host or another; a device host's or an `hmos emulate` session's), like the reference's
 * cross-device continuation. The holder of the source device does the work (src/emulator/connector/handoff.ts).
 */
import { HmosError } from '../errors.js';
import { listDevices, noDevicesError, pickDevice } from '../device-client/device-manager.js';
import { hmosHome } from '../util/paths.js';
import type { CommandContext } from './context.js';

export async function run(ctx: CommandContext, _args: unknown[], options: Record<string, any>): Promise<number> {
  const from = options.from as string | undefined;
  const to = options.to as string | undefined;
  if (!from || !to) throw new HmosError('MISSING_ARGUMENT', 'name both devices: `hmos continue --from phone-1 --to tablet-1` (`hmos devices` lists them)');
  const { devices, warnings } = await listDevices({ env: ctx.env, home: hmosHome(ctx.env), hdc: false });
  for (const w of warnings) ctx.warn(w);
  if (devices.length === 0) throw noDevicesError();
  const source = pickDevice(devices, from);
  const target = pickDevice(devices, to);
  const r = await source.continueTo(target, options.bundle ? String(options.bundle) : undefined);
  ctx.result(r, () => [
    ...(r.installed ? [`Installed ${r.bundleName} on ${r.to} from ${r.from}.`] : []),
    `Continued ${r.bundleName} from ${r.from} to ${r.to} in ${r.ms} ms: ${r.to} shows ${r.page ?? 'no page'}${r.pageStack.length > 1 ? ` (stack ${r.pageStack.join(' → ')})` : ''}.`,
    r.sourceExited ? `${r.bundleName} exited on ${r.from}.` : `${r.bundleName} keeps running on ${r.from} (the app asked not to exit).`,
  ].join('\n'));
  return 0;
}
