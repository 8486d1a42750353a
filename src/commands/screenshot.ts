/** `hmos screenshot --device <id> [--format png|svg|json] [-o file|-]`: saves what a device's screen shows. */
import { HmosError } from '../errors.js';
import { listDevices, noDevicesError, pickDevice } from '../device-client/device-manager.js';
import { hmosHome } from '../util/paths.js';
import { checkOutput, writeOutput } from './output.js';
import type { CommandContext } from './context.js';

export async function run(ctx: CommandContext, _args: unknown[], options: Record<string, any>): Promise<number> {
  const format = options.format ?? 'png';
  if (!['png', 'svg', 'json'].includes(format)) throw new HmosError('BAD_OPTION', `--format is png, svg or json, not "${format}"`);
  checkOutput(ctx, options.output, format === 'png');
  if (!options.device) throw new HmosError('DEVICE_REQUIRED', 'choose the device with --device <id> (see `hmos devices`)');
  const { devices } = await listDevices({ env: ctx.env, home: hmosHome(ctx.env) });
  if (devices.length === 0) throw noDevicesError();
  const device = pickDevice(devices, options.device);
  const shot = await device.screenshot(format);
  const target = options.output ?? `${device.id}.${shot.format}`;
  const file = writeOutput(ctx, target, shot.bytes);
  if (file) ctx.result({ device: device.id, format: shot.format, file, bytes: shot.bytes.length }, () => `Saved ${device.id}'s screen to ${file}`);
  else ctx.info(`${device.id}'s screen (${shot.format}, ${shot.bytes.length} bytes) written to stdout`);
  return 0;
}
