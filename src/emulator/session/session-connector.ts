/**
 * The devices of an `hmos emulate` session on the connector, so the other commands reach them from another
 * terminal as they reach a device host's: the session registers itself in the host registry (`hmos devices` lists
 * its devices), and `hmos logs`, `hmos screenshot`, `hmos input` and `hmos deploy` work on them.
 *
 * A deployed HAP is checked as a device host checks it (signature, trusted key, device type) and kept in memory: the
 * device shows it until the next build of the watched project puts the project's app back on every device.
 * Routes: GET /v1/host, /v1/devices, /v1/devices/:id, …/apps, …/logs, /v1/logs, …/screenshot, …/tree;
 * PUT …/apps; DELETE …/apps/:bundle; POST …/launch, …/stop, …/input, …/agent (the `a` key's agent), …/continue
 * (between the session's devices, as the `c` key).
 */
import { DEFAULT_MAX_BYTES } from '../../hap/hap.js';
import { checkHapFor } from '../device/app-store.js';
import { HmosError } from '../../errors.js';
import { aliasesOfId, deviceNotFound } from '../../connector/device-ids.js';
import { registerHost, updateHost } from '../../connector/host-registry.js';
import { normalizeDeviceType } from '../../runtime/device-profile.js';
import { ConnectorRouter } from '../connector/router.js';
import { parseInputActions, runInputActions, screenshotFormat, sendScreenshot, serveLogs } from '../connector/device-routes.js';
import { startConnectorServer } from '../connector/server.js';
import { readHapModule, type HapModuleInfo } from '../../hap/hap-module.js';
import type { EmulatorSession } from './session.js';
import type { ScreenDevice } from './session-device.js';
import { trustedKeyIds } from '../device/trust-store.js';
import { registerAgentRoutes } from '../connector/agent-routes.js';
import { sessionAgent } from './assistant.js';

export interface SessionConnector {
  port: number;
  token: string;
  close(): Promise<void>;
}

interface DeployedApp {
  info: HapModuleInfo;
  entries: Map<string, Uint8Array>;
}

function publicInfo(info: HapModuleInfo) {
  return { bundleName: info.bundleName, versionCode: info.versionCode, versionName: info.versionName, moduleName: info.moduleName, deviceTypes: info.deviceTypes, mainElement: info.mainElement };
}

function outsideSession(device: string): HmosError {
  return new HmosError('CONTINUE_UNSUPPORTED', `handoff between an \`hmos emulate\` session and another device host is not supported (${device.slice(0, 64)}); hand off between the session's own devices (its c key), or run both devices in one host (\`hmos emulate --headless --devices phone,tablet\`)`);
}

export async function serveSession(session: EmulatorSession, home: string, options: { port?: number; maxHapBytes?: number } = {}): Promise<SessionConnector> {
  const maxHapBytes = options.maxHapBytes ?? DEFAULT_MAX_BYTES;
  const startedAt = new Date().toISOString();
  /** Per device: the HAPs deployed to it from outside the session, by bundle name. */
  const deployed = new Map<string, Map<string, DeployedApp>>();
  const deployedOn = (d: ScreenDevice) => deployed.get(d.id) ?? deployed.set(d.id, new Map()).get(d.id)!;

  const lookup = (id: string): ScreenDevice | undefined => {
    const wanted = id.toLowerCase();
    return session.devices.find((d) => d.id === wanted || aliasesOfId(d.id).includes(wanted));
  };
  const find = (id: string): ScreenDevice => {
    const device = lookup(id);
    if (!device) throw deviceNotFound(id, session.devices.map((d) => d.id));
    return device;
  };
  const appsOf = (d: ScreenDevice) => {
    const apps = new Map<string, ReturnType<typeof publicInfo>>();
    if (d.bundle) {
      try {
        const info = readHapModule(d.bundle);
        // A device type the module does not list shows a notice instead of the app: nothing runs there.
        if (info.deviceTypes.some((t) => normalizeDeviceType(t) === d.type)) apps.set(info.bundleName, publicInfo(info));
      } catch {
        // not a readable bundle: nothing to list
      }
    }
    for (const app of deployedOn(d).values()) apps.set(app.info.bundleName, publicInfo(app.info));
    return [...apps.values()];
  };
  const describe = (d: ScreenDevice) => ({ id: d.id, type: d.type, aliases: aliasesOfId(d.id), state: d.state, apps: appsOf(d), emulate: true });

  const router = new ConnectorRouter();
  let port = 0;
  router.add('GET', '/v1/host', () => ({ pid: process.pid, port, startedAt, kind: 'emulate', project: session.options.dir, devices: session.devices.map(describe) }));
  router.add('GET', '/v1/devices', () => ({ devices: session.devices.map(describe) }));
  router.add('GET', '/v1/devices/:id', ({ params }) => describe(find(params.id)));
  router.add('GET', '/v1/devices/:id/apps', ({ params }) => ({ apps: appsOf(find(params.id)) }));

  router.add('PUT', '/v1/devices/:id/apps', async ({ params, body }) => {
    const device = find(params.id);
    const started = performance.now();
    const { entries, info } = await checkHapFor(device.type, await body(maxHapBytes), trustedKeyIds(home), maxHapBytes);
    const previous = deployedOn(device).get(info.bundleName);
    deployedOn(device).set(info.bundleName, { info, entries });
    device.log('info', 'PackageManager', `installed ${info.bundleName} ${info.versionName} (${info.versionCode}) from outside the session`);
    return { device: device.id, app: publicInfo(info), previousVersionCode: previous?.info.versionCode ?? null, ms: Math.round(performance.now() - started) };
  });

  router.add('DELETE', '/v1/devices/:id/apps/:bundle', async ({ params }) => {
    const device = find(params.id);
    const app = deployedOn(device).get(params.bundle);
    if (!app) {
      throw new HmosError('APP_NOT_INSTALLED', `${params.bundle.slice(0, 128)} was not deployed to ${device.id} (the session's own app is managed by \`hmos emulate\`)`);
    }
    deployedOn(device).delete(params.bundle);
    // Uninstalling what the device shows puts the project's app back (or nothing, before the first build).
    if (device.bundle === app.entries) {
      if (session.currentBundle) await session.launchOn(device, session.currentBundle);
      else await device.stopApp();
    }
    return { device: device.id, uninstalled: params.bundle };
  });

  router.add('POST', '/v1/devices/:id/launch', async ({ params, json }) => {
    const device = find(params.id);
    const b = await json();
    if (typeof b?.bundleName !== 'string') throw new HmosError('BAD_REQUEST', 'launch needs {"bundleName": "..."}');
    const app = deployedOn(device).get(b.bundleName);
    const entries = app?.entries ?? (session.bundleName === b.bundleName ? session.currentBundle : undefined);
    if (!entries) throw new HmosError('APP_NOT_INSTALLED', `${b.bundleName.slice(0, 128)} is not installed on ${device.id}; deploy it first`);
    const shown = await session.launchOn(device, entries);
    const info = readHapModule(entries);
    return { device: device.id, bundleName: info.bundleName, ability: info.mainElement ?? info.abilities[0] ?? '', ...(shown.page ? { page: shown.page } : {}) };
  });

  router.add('POST', '/v1/devices/:id/stop', async ({ params }) => {
    const device = find(params.id);
    let running: string | undefined;
    try {
      running = device.bundle ? readHapModule(device.bundle).bundleName : undefined;
    } catch {
      running = undefined;
    }
    await device.stopApp();
    return { device: device.id, stopped: running ? [running] : [] };
  });

  router.add('GET', '/v1/devices/:id/logs', ({ params, query, res }) => serveLogs([find(params.id)], query, res));
  router.add('GET', '/v1/logs', ({ query, res }) => serveLogs(session.devices, query, res));
  router.add('GET', '/v1/devices/:id/screenshot', async ({ params, query, res }) => {
    const format = screenshotFormat(query);
    return sendScreenshot(res, format, await find(params.id).render(format));
  });
  router.add('GET', '/v1/devices/:id/tree', ({ params }) => find(params.id).tree());
  router.add('POST', '/v1/devices/:id/input', async ({ params, json }) => {
    const device = find(params.id);
    const actions = parseInputActions(await json());
    return { device: device.id, done: await runInputActions(actions, (a) => device.input(a)) };
  });

  registerAgentRoutes(router, find, (id) => sessionAgent(find(id)));

  // Handoff between this session's devices (as its `c` key does); its apps do not travel to or from other hosts.
  router.add('POST', '/v1/devices/:id/continue', async ({ params, json }) => {
    const source = find(params.id);
    const b = await json();
    if (typeof b?.to !== 'string') throw new HmosError('BAD_REQUEST', 'continue needs {"to": "<device id>"}');
    const target = lookup(b.to);
    if (!target) throw outsideSession(b.to);
    const r = await session.continueApp(source.id, target.id);
    const info = session.currentBundle ? readHapModule(session.currentBundle) : undefined;
    return { ...r, bundleName: info?.bundleName ?? '', ability: info?.mainElement ?? '', installed: false };
  });
  router.add('POST', '/v1/devices/:id/continue-in', ({ params }) => {
    throw outsideSession(find(params.id).id);
  });

  const server = await startConnectorServer({ router, port: options.port, maxBodyBytes: maxHapBytes });
  port = server.port;
  // The registry entry lists the devices as they are now; adding or removing one (the TUI's keys) rewrites it.
  const entry = () => ({ pid: process.pid, port, token: server.token, startedAt, devices: session.devices.map((d) => ({ id: d.id, type: d.type, aliases: aliasesOfId(d.id) })) });
  const unregister = registerHost(entry(), home);
  const onDevices = () => {
    updateHost(entry(), home);
    for (const id of deployed.keys()) if (!session.devices.some((d) => d.id === id)) deployed.delete(id);
  };
  // A new build of the watched project supersedes copies of the same app deployed from outside.
  const onBuild = (b: { ok: boolean }) => {
    if (!b.ok || !session.bundleName) return;
    for (const apps of deployed.values()) apps.delete(session.bundleName);
  };
  session.on('devices', onDevices);
  session.on('build', onBuild);
  let closed: Promise<void> | undefined;
  return {
    port,
    token: server.token,
    close() {
      closed ??= (async () => {
        session.off('devices', onDevices);
        session.off('build', onBuild);
        unregister();
        await server.close();
      })();
      return closed;
    },
  };
}
