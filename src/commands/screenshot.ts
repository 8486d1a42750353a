/** `hmos screenshot --device <id> [--format png|svg|json] [-o file]`: saves what a device's screen shows. */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { HmosError } from '../errors.js';
import { listDevices, noDevicesError, pickDevice } from '../device-client/device-directory.js';
import { writeFileAtomic } from '../util/atomic.js';
import { hmosHome } from '../util/paths.js';
import type { CommandContext } from './context.js';

export async function run(ctx: CommandContext, _args: unknown[], options: Record<string, any>): Promise<number> {
  const format = options.format ?? 'png';
  if (!['png', 'svg', 'json'].includes(format)) throw new HmosError('BAD_OPTION', `--format is png, svg or json, not "${format}"`);
  if (!options.device) throw new HmosError('DEVICE_REQUIRED', 'choose the device with --device <id> (see `hmos devices`)');
  const { devices } = await listDevices({ env: ctx.env, home: hmosHome(ctx.env) });
  if (devices.length === 0) throw noDevicesError();
  const device = pickDevice(devices, options.device);
  let bytes: Buffer;
  let ext = format;
  if (device.kind === 'emulated') {
    ({ body: bytes } = await device.client.bytes(`/v1/devices/${encodeURIComponent(device.id)}/screenshot?format=${format}`));
  } else {
    // A real device takes a JPEG screenshot, whatever --format says.
    ext = 'jpeg';
    const tmp = mkdtempSync(join(tmpdir(), 'hmos-shot-'));
    try {
      await device.hdc.screenshot(device.id, join(tmp, 'shot.jpeg'));
      try {
        bytes = readFileSync(join(tmp, 'shot.jpeg'));
      } catch {
        throw new HmosError('HDC_FAILED', `hdc reported success but sent no screenshot from ${device.id}`);
      }
    } finally {
      rmSync(tmp, { recursive: true, force: true });
    }
  }
  const out = resolve(ctx.cwd, options.output ?? `${device.id}.${ext}`);
  writeFileAtomic(out, bytes);
  ctx.result({ device: device.id, format: ext, file: out, bytes: bytes.length }, () => `Saved ${device.id}'s screen to ${out}`);
  return 0;
}
