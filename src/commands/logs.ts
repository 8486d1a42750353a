/** `hmos logs [--device <id>] [--follow] [--level debug|info|warn|error] [--json]`: device logs (hilog for real devices). */
import { HmosError } from '../errors.js';
import { listDevices, noDevicesError, pickDevice } from '../device-client/device-manager.js';
import type { DeviceLogLine } from '../device-client/device.js';
import { LOG_LEVELS, type LogLevel } from '../connector/protocol.js';
import { hmosHome } from '../util/paths.js';
import type { CommandContext } from './context.js';

export async function run(ctx: CommandContext, _args: unknown[], options: Record<string, any>): Promise<number> {
  const level = (options.level ?? 'debug') as LogLevel;
  if (!LOG_LEVELS.includes(level)) throw new HmosError('BAD_OPTION', `--level is one of ${LOG_LEVELS.join(', ')}, not "${level}"`);
  const { devices } = await listDevices({ env: ctx.env, home: hmosHome(ctx.env) });
  if (devices.length === 0) throw noDevicesError();
  const targets = options.device ? [pickDevice(devices, options.device)] : devices;
  const follow = Boolean(options.follow);
  const print = (e: DeviceLogLine) => {
    if (ctx.json) ctx.stdout.write(JSON.stringify(e) + '\n');
    else if ('line' in e) ctx.stdout.write(`${e.device.padEnd(12)} ${e.line}\n`);
    else {
      const paint = e.level === 'error' ? ctx.color.red : e.level === 'warn' ? ctx.color.yellow : e.level === 'debug' ? ctx.color.dim : (s: string) => s;
      ctx.stdout.write(`${ctx.color.dim(e.time.slice(11, 23))} ${e.device.padEnd(12)} ${paint(e.level.toUpperCase().padEnd(5))} ${e.tag}: ${e.message}\n`);
    }
  };
  if (follow) {
    await Promise.all(targets.map((d) => d.logs({ level, follow }, print)));
    return 0;
  }
  // What the devices have now, merged in time order.
  const lines: DeviceLogLine[] = [];
  await Promise.all(targets.map((d) => d.logs({ level, follow }, (l) => lines.push(l))));
  const time = (l: DeviceLogLine) => ('time' in l ? l.time : '');
  for (const l of lines.map((l, i) => ({ l, i })).sort((a, b) => time(a.l).localeCompare(time(b.l)) || a.i - b.i)) print(l.l);
  return 0;
}
