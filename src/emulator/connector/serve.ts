/**
 * Serves a holder's devices on the connector (routes.ts on server.ts, 127.0.0.1 with a per-holder token) and
 * registers the holder in the host registry, so `hmos devices`, `deploy`, `logs`, the Super Device network and
 * handoffs from other hosts find its devices. A device host and an `hmos emulate` session serve theirs the same way.
 */
import { aliasesOfId } from '../../connector/device-ids.js';
import { registerHost, updateHost, type HostEntry } from '../../connector/host-registry.js';
import { ConnectorRouter } from './router.js';
import { registerRoutes, type DeviceHolder } from './routes.js';
import { startConnectorServer } from './server.js';

export interface ServedDevices {
  port: number;
  token: string;
  /** Where more `/v1/...` routes can be added. */
  router: ConnectorRouter;
  /** Rewrites the registry entry (devices added or removed, Super Device ports known). */
  refresh(): void;
  /** Unregisters and stops serving. */
  close(): Promise<void>;
}

export async function serveDevices(holder: DeviceHolder, options: { port?: number; idleTimeoutMs?: number; maxConnections?: number } = {}): Promise<ServedDevices> {
  const router = new ConnectorRouter();
  let port = 0;
  registerRoutes(router, holder, () => port);
  const server = await startConnectorServer({ router, port: options.port, idleTimeoutMs: options.idleTimeoutMs, maxConnections: options.maxConnections, maxBodyBytes: holder.maxHapBytes });
  port = server.port;
  const entry = (): HostEntry => ({
    pid: holder.pid, port, token: server.token, startedAt: holder.startedAt,
    devices: holder.devices.map((d) => ({ id: d.id, type: d.type, aliases: d.aliases.length ? d.aliases : aliasesOfId(d.id), networkPort: d.networkPort })),
  });
  // Registered at once, so a host starting meanwhile numbers its devices past these; network ports follow by refresh().
  const unregister = registerHost(entry(), holder.home);
  let closed: Promise<void> | undefined;
  return {
    port, token: server.token, router,
    refresh: () => { if (!closed) updateHost(entry(), holder.home); },
    close() {
      closed ??= (async () => {
        unregister();
        await server.close();
      })();
      return closed;
    },
  };
}
