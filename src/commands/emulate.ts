/**
 * `hmos emulate [dir] [--devices phone,watch] [-d type]… [--wipe] [--grant all|ask|none]`: in a terminal, the interactive multi-device
 * emulator (builds and watches the project, hot reload; src/emulator/ui/, loaded lazily); without a terminal, one
 * text render per device. `--headless` runs a device host in this process until Ctrl-C / SIGTERM instead.
 */
import { HmosError } from '../errors.js';
import { parseDeviceTypes } from '../connector/device-ids.js';
import { closeHostOnSignals, startHost } from '../emulator/host/host.js';
import { hmosHome } from '../util/paths.js';
import { colorEnabled } from '../util/terminal.js';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { CommandContext } from './context.js';
import { GRANT_POLICIES, type GrantPolicy } from '../runtime/kits/device-state.js';

/** `--grant`: how the devices answer user_grant permission requests; all by default (nobody may be there to click). */
export function grantOption(value: unknown): GrantPolicy {
  const grant = (value ?? 'all') as GrantPolicy;
  if (!GRANT_POLICIES.includes(grant)) throw new HmosError('BAD_OPTION', `--grant must be ${GRANT_POLICIES.join(', ')} (got "${String(value)}")`);
  return grant;
}

export async function run(ctx: CommandContext, args: unknown[], options: Record<string, any>): Promise<number> {
  const names = [...(options.devices ? [options.devices] : []), ...(options.device ?? [])];
  const types = parseDeviceTypes(names.length ? names : ['phone']);
  if (types.length === 0) throw new HmosError('NO_DEVICES', 'name at least one device type, e.g. --devices phone,watch');
  if (!options.headless) return emulateProject(ctx, typeof args[0] === 'string' ? args[0] : '.', types, options);
  const grant = grantOption(options.grant);
  const maxHapBytes = options.maxHapMb !== undefined ? Math.round(Number(options.maxHapMb) * 1024 * 1024) : undefined;
  if (maxHapBytes !== undefined && !(maxHapBytes > 0)) throw new HmosError('BAD_OPTION', '--max-hap-mb takes a positive number');
  const host = await startHost({ types, home: hmosHome(ctx.env), wipe: Boolean(options.wipe), maxHapBytes, grant });
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

/** The project on emulated devices: the terminal UI in a terminal, else one text render per device. */
async function emulateProject(ctx: CommandContext, dirArg: string, types: ReturnType<typeof parseDeviceTypes>, options: Record<string, any>): Promise<number> {
  const dir = resolve(ctx.cwd, dirArg);
  if (!existsSync(dir)) throw new HmosError('PROJECT_NOT_FOUND', `${dirArg} does not exist; pass the folder of an hmos project (hmos create <dir> makes one)`);
  const home = hmosHome(ctx.env);
  const grant = grantOption(options.grant);
  if (process.stdout.isTTY && process.stdin.isTTY && !options.json) {
    // ink draws only a final frame when it believes it runs in CI (CI=true in the environment). A terminal on both
    // stdin and stdout is a person at the keyboard: say so before ink is loaded, as ink reads it once at import.
    for (const key of ['CI', 'CONTINUOUS_INTEGRATION']) if (key in process.env) process.env[key] = 'false';
    const { runTui } = await import('../emulator/ui/run-tui.js');
    return runTui({ dir, types, home, wipe: Boolean(options.wipe), color: colorEnabled(process.stdout, ctx.env), grant });
  }
  const { textSnapshots } = await import('../emulator/session/text-snapshot.js');
  const shots = await textSnapshots({ dir, types, home, wipe: Boolean(options.wipe), grant });
  ctx.result({ devices: shots }, () => shots.map((s) => `── ${s.title}\n${s.text}`).join('\n\n'));
  return 0;
}
