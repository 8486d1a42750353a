/**
 * `hmos emulate --headless [--devices phone,watch] [-d type]… [--wipe]`: runs a device host in this process until
 * Ctrl-C / SIGTERM. (The terminal UI is a later step; without --headless this says so.)
 */
import { HmosError } from '../errors.js';
import { parseDeviceTypes } from '../emulator/device-ids.js';
import { closeHostOnSignals, startHost } from '../emulator/host.js';
import { hmosHome } from '../util/paths.js';
import type { CommandContext } from './context.js';

export async function run(ctx: CommandContext, _args: unknown[], options: Record<string, any>): Promise<number> {
  if (!options.headless) {
    throw new HmosError('TUI_UNAVAILABLE', 'this hmos version runs emulated devices headless only: add --headless (and deploy with `hmos deploy`)');
  }
  const names = [...(options.devices ? [options.devices] : []), ...(options.device ?? [])];
  const types = parseDeviceTypes(names.length ? names : ['phone']);
  if (types.length === 0) throw new HmosError('NO_DEVICES', 'name at least one device type, e.g. --devices phone,watch');
  const maxHapBytes = options.maxHapMb !== undefined ? Math.round(Number(options.maxHapMb) * 1024 * 1024) : undefined;
  if (maxHapBytes !== undefined && !(maxHapBytes > 0)) throw new HmosError('BAD_OPTION', '--max-hap-mb takes a positive number');
  const host = await startHost({ types, home: hmosHome(ctx.env), wipe: Boolean(options.wipe), maxHapBytes });
  closeHostOnSignals(host, () => ctx.info('Stopping the devices…'));
  ctx.result(
    { pid: process.pid, port: host.port, devices: host.devices.map((d) => ({ id: d.id, type: d.type, aliases: d.aliases, dataDir: d.dataDir })) },
    () => [
      `Device host ${process.pid} listening on 127.0.0.1:${host.port}`,
      ...host.devices.map((d) => `  ${d.id}${d.aliases.length ? ` (${d.aliases.join(', ')})` : ''}  ${d.dataDir}`),
      'Deploy with `hmos deploy`, list with `hmos devices`; Ctrl-C stops.',
    ].join('\n'),
  );
  // Serve until a signal closes the host and exits the process.
  await new Promise<never>(() => {});
  return 0;
}
