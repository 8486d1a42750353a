/**
 * One emulated device's app process: a worker thread per device, so an app that crashes or hangs takes only its
 * own device down. The host (device.ts) sends `{id, op, args}` and gets `{id, ok, result}` or `{id, ok: false, error}`;
 * log lines are posted as `{log: {level, tag, message}}`.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { hardenAppThread } from '../../runtime/app-thread.js';
import { isHmosError } from '../../errors.js';
import type { AppRunner } from './app-runner.js';
import type { DeviceWorkerData } from './device-worker-client.js';
import { RuntimeAppRunner } from './runtime-app-runner.js';
import { DeviceNetwork } from './device-network.js';
import { normalizeDeviceType } from '../../runtime/device-profile.js';

const port = parentPort;
if (!port) throw new Error('device-worker.js must run in a worker thread');

hardenAppThread();

const data = workerData as DeviceWorkerData;
const postLog = (level: string, tag: string, message: string) => port.postMessage({ log: { level, tag, message } });
// The device's place in the Super Device network (absent when the host gives no state folder, e.g. bare tests).
let net: DeviceNetwork | undefined;
if (data.home) {
  const type = normalizeDeviceType(data.type) ?? 'phone';
  net = await DeviceNetwork.start({
    local: { deviceId: data.deviceId, deviceName: data.deviceId, deviceType: type },
    home: data.home, port: data.networkPort, log: (level, message) => postLog(level, 'SuperDevice', message),
  });
  net.network.onPeerChange((c) => postLog('info', 'SuperDevice', `${c.peer.deviceId} ${c.kind === 'join' ? 'joined' : 'left'}`));
  port.postMessage({ network: { port: net.port } });
}
const runner: AppRunner = new RuntimeAppRunner({ ...data, network: net?.network });
runner.onLog((level, tag, message) => postLog(level, tag, message));

port.on('message', async (msg: { id: number; op: string; args: any[] }) => {
  try {
    let result: unknown;
    switch (msg.op) {
      case 'launch': result = await runner.launch(msg.args[0], msg.args[1]); break;
      case 'stop': result = await runner.stop(msg.args[0]); break;
      case 'screenshot': result = await runner.screenshot(msg.args[0]); break;
      case 'input': result = await runner.input(msg.args[0]); break;
      case 'tree': result = await runner.tree(); break;
      case 'state': result = runner.state(); break;
      case 'unsupported': result = await runner.unsupported(); break;
      case 'intent': result = await runner.executeIntent(msg.args[0], msg.args[1], msg.args[2], msg.args[3]); break;
      case 'continueOut': result = await runner.continueOut(msg.args[0], msg.args[1], msg.args[2]); break;
      case 'continueIn': result = await runner.continueIn(msg.args[0], msg.args[1]); break;
      default: throw new Error(`unknown device op ${msg.op}`);
    }
    port.postMessage({ id: msg.id, ok: true, result });
  } catch (err) {
    const e = err as Error & { code?: string; details?: string };
    port.postMessage({ id: msg.id, ok: false, error: { code: isHmosError(err) ? e.code : 'DEVICE_ERROR', message: e.message, user: isHmosError(err), details: isHmosError(err) ? e.details : undefined } });
  }
});
