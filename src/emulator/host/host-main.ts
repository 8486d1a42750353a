/**
 * Entry point of a detached device host (`hmos deploy --start`, `hmos emulate --headless --detach`):
 *   node dist/emulator/host/host-main.js --devices phone,watch [--wipe]
 * Prints one JSON line `{pid, port, devices}` on stdout once the connector is listening and registered.
 */
import { isHmosError } from '../../errors.js';
import { parseDeviceTypes } from '../../connector/device-ids.js';
import { closeHostOnSignals, startHost } from './host.js';

const args = process.argv.slice(2);
const value = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};

try {
  const types = parseDeviceTypes([value('--devices') ?? 'phone']);
  const maxHapBytes = value('--max-hap-bytes') ? Number(value('--max-hap-bytes')) : undefined;
  const idleTimeoutMs = value('--idle-timeout-ms') ? Number(value('--idle-timeout-ms')) : undefined;
  const maxConnections = value('--max-connections') ? Number(value('--max-connections')) : undefined;
  const host = await startHost({ types, wipe: args.includes('--wipe'), maxHapBytes, idleTimeoutMs, maxConnections });
  closeHostOnSignals(host);
  process.stdout.write(JSON.stringify({ pid: process.pid, port: host.port, devices: host.devices.map((d) => d.id) }) + '\n');
} catch (err) {
  process.stderr.write(isHmosError(err) ? `error ${err.code}: ${err.message}\n` : `${(err as Error).stack ?? err}\n`);
  process.exit(isHmosError(err) ? 1 : 2);
}
