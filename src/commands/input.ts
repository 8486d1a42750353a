/**
 * `hmos input --device <id> <action>…`: clicks, types, swipes and goes back on an emulated device's foreground app, and
 * changes the device as its user would (`location:<lat>,<lon>`, `network:off`, `rotate:landscape`, `photo:<file>`,
 * `dark-mode:on`, `locale:zh_CN`, `font-scale:1.5`; see runtime/kits/device-actions.ts).
 */
import { resolve } from 'node:path';
import { HmosError } from '../errors.js';
import { listDevices, noDevicesError, pickDevice } from '../device-client/device-manager.js';
import { parseAction } from '../runtime/screen.js';
import { hmosHome } from '../util/paths.js';
import type { CommandContext } from './context.js';

export async function run(ctx: CommandContext, args: unknown[], options: Record<string, any>): Promise<number> {
  const raw = (args[0] as string[] | undefined) ?? [];
  if (raw.length === 0) throw new HmosError('MISSING_ARGUMENT', 'name at least one action, e.g. `hmos input --device phone-1 click:text=OK`');
  // A photo's file is the user's, named from here: the device host gets its absolute path.
  const actions = raw.map(parseAction).map((a) => (a.kind === 'device' && a.action.kind === 'photo' ? { ...a, action: { ...a.action, file: resolve(ctx.cwd, a.action.file) } } : a));
  if (!options.device) throw new HmosError('DEVICE_REQUIRED', 'choose the device with --device <id> (see `hmos devices`)');
  const { devices } = await listDevices({ env: ctx.env, home: hmosHome(ctx.env) });
  if (devices.length === 0) throw noDevicesError();
  const device = pickDevice(devices, options.device);
  const { done } = await device.input(actions);
  ctx.result({ device: device.id, done }, () => `${device.id}: ${done} action${done === 1 ? '' : 's'} done`);
  return 0;
}
