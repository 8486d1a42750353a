/** `hmos logs [--device <id>] [--follow] [--level debug|info|warn|error] [--json]`: device logs (hilog for real devices). */
import { HmosError } from '../errors.js';
import { listDevices, noDevicesError, pickDevice, type DeviceRef } from '../device-client/device-directory.js';
import { LOG_LEVELS, type LogEntry } from '../connector/protocol.js';
import { hmosHome } from '../util/paths.js';
import type { CommandContext } from './context.js';

export async function run(ctx: CommandContext, _args: unknown[], options: Record<string, any>): Promise<number> {
  const level = options.level ?? 'debug';
  if (!(LOG_LEVELS as string[]).includes(level)) throw new HmosError('BAD_OPTION', `--level is one of ${LOG_LEVELS.join(', ')}, not "${level}"`);
  const { devices } = await listDevices({ env: ctx.env, home: hmosHome(ctx.env) });
  if (devices.length === 0) throw noDevicesError();
  const targets: DeviceRef[] = options.device ? [pickDevice(devices, options.device)] : devices;
  const follow = Boolean(options.follow);
  const print = (e: LogEntry) => {
    if (ctx.json) ctx.stdout.write(JSON.stringify(e) + '\n');
    else {
      const paint = e.level === 'error' ? ctx.color.red : e.level === 'warn' ? ctx.color.yellow : e.level === 'debug' ? ctx.color.dim : (s: string) => s;
      ctx.stdout.write(`${ctx.color.dim(e.time.slice(11, 23))} ${e.device.padEnd(12)} ${paint(e.level.toUpperCase().padEnd(5))} ${e.tag}: ${e.message}\n`);
    }
  };
  // One stream per host (emulated) and per real device.
  const byHost = new Map<number, DeviceRef[]>();
  const streams: Promise<void>[] = [];
  for (const d of targets) {
    if (d.kind === 'emulated') byHost.set(d.host.pid, [...(byHost.get(d.host.pid) ?? []), d]);
    else {
      streams.push(d.hdc.hilog(d.id, (line) => {
        if (ctx.json) ctx.stdout.write(JSON.stringify({ device: d.id, line }) + '\n');
        else ctx.stdout.write(`${d.id.padEnd(12)} ${line}\n`);
      }, follow).done);
    }
  }
  for (const group of byHost.values()) {
    const client = group[0].kind === 'emulated' ? group[0].client : undefined;
    if (!client) continue;
    const query = `level=${level}${follow ? '&follow=1' : ''}`;
    const path = options.device ? `/v1/devices/${encodeURIComponent(group[0].id)}/logs?${query}` : `/v1/logs?${query}`;
    streams.push((async () => {
      const res = await client.raw(path, { timeoutMs: follow ? 0 : 30_000 });
      if ((res.statusCode ?? 500) >= 400) {
        const chunks: Buffer[] = [];
        for await (const c of res) chunks.push(c as Buffer);
        const err = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}').error;
        throw new HmosError(err?.code ?? 'HOST_ERROR', err?.message ?? `the device host answered ${res.statusCode}`);
      }
      let rest = '';
      for await (const chunk of res) {
        const lines = (rest + (chunk as Buffer).toString('utf8')).split('\n');
        rest = lines.pop() ?? '';
        for (const l of lines) if (l) print(JSON.parse(l));
      }
    })());
  }
  await Promise.all(streams);
  return 0;
}
