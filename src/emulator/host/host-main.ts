/**
 * Entry point of a device host process:
 *   node dist/emulator/host/host-main.js --devices phone,watch [--wipe] [--detached]
 * Prints one JSON line `{pid, port, devices}` on stdout once the connector is listening and registered.
 *
 * Attached by default: the host stops cleanly (devices stopped, registry entry removed) soon after the process that
 * started it is gone, however it died — a test worker torn down mid-test, a killed bench, a cancelled CI job — so no
 * host outlives its starter (parent-watch.ts). `--detached` is for a host meant to outlive the command that starts it:
 * `hmos deploy --start` (device-client/start-host.ts) passes it, and such a host runs until it is signalled.
 */

// Read before the host's modules load (~100 ms), to keep small the window in which a parent dying right after the
// spawn goes unseen (we would then take the process we were re-parented to for our parent).
const parentPid = process.ppid;

const [{ isHmosError }, { parseDeviceTypes }, { closeHostOnSignals, startHost }, { whenParentExits }] = await Promise.all([
  import('../../errors.js'),
  import('../../connector/device-ids.js'),
  import('./host.js'),
  import('./parent-watch.js'),
]);

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
  const stop = closeHostOnSignals(host);
  if (!args.includes('--detached')) {
    whenParentExits(parentPid, () => {
      // Nobody reads our stdout/stderr pipes any more: a write there (a connector error while closing) must not throw
      // EPIPE and end the process before the devices are stopped and the registry entry is removed.
      for (const stream of [process.stdout, process.stderr]) stream.on('error', () => {});
      stop();
    });
  }
  process.stdout.write(JSON.stringify({ pid: process.pid, port: host.port, devices: host.devices.map((d) => d.id) }) + '\n');
} catch (err) {
  process.stderr.write(isHmosError(err) ? `error ${err.code}: ${err.message}\n` : `${(err as Error).stack ?? err}\n`);
  process.exit(isHmosError(err) ? 1 : 2);
}
