/** `hmos devices [--json]` lists every reachable device; `hmos devices trust <key-file>` adds a signing key devices accept. */
import { HmosError } from '../errors.js';
import { listDevices } from '../device-client/device-manager.js';
import { trustKeyFile } from '../emulator/device/trust-store.js';
import { hmosHome } from '../util/paths.js';
import type { CommandContext } from './context.js';

export async function run(ctx: CommandContext, args: unknown[]): Promise<number> {
  const [action, keyFile] = args as [string | undefined, string | undefined];
  if (action !== undefined && action !== 'trust') {
    throw new HmosError('UNKNOWN_ACTION', `unknown devices action "${action}"; use \`hmos devices\` or \`hmos devices trust <key-file>\``);
  }
  if (action === 'trust') {
    if (!keyFile) throw new HmosError('MISSING_ARGUMENT', 'name the key file: `hmos devices trust <key-file>` (a PEM public or private Ed25519 key)');
    const key = trustKeyFile(keyFile, hmosHome(ctx.env));
    ctx.result({ trusted: { keyId: key.keyId, publicKey: key.publicKey } }, () => `Devices now trust key ${key.keyId} (from ${keyFile}).`);
    return 0;
  }
  const { devices, warnings } = await listDevices({ env: ctx.env, home: hmosHome(ctx.env) });
  for (const w of warnings) ctx.warn(w);
  const rows = devices.map((d) => ({
    id: d.id, type: d.type, aliases: d.aliases,
    host: d.host,
    state: d.state,
    apps: d.apps.map((a) => ({ bundleName: a.bundleName, versionCode: a.versionCode, versionName: a.versionName })),
  }));
  ctx.result({ devices: rows }, () => {
    if (rows.length === 0) return 'No devices. Start some with `hmos emulate --headless --devices phone,watch`, or connect a real device (hdc).';
    const lines = rows.map((r) => [
      r.id.padEnd(14), r.type.padEnd(9), ('pid' in r.host ? `host ${r.host.pid}:${r.host.port}` : r.host.kind).padEnd(22), r.state.padEnd(10),
      r.apps.map((a) => `${a.bundleName}@${a.versionName}`).join(', ') || ctx.color.dim('no apps'),
    ].join(' '));
    return [ctx.color.bold(['ID'.padEnd(14), 'TYPE'.padEnd(9), 'HOST'.padEnd(22), 'STATE'.padEnd(10), 'APPS'].join(' ')), ...lines].join('\n');
  });
  return 0;
}
