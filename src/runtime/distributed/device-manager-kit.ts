/**
 * `@ohos.distributedDeviceManager`: the trusted devices of this user (every device on the network), the local
 * device's identity, and `deviceStateChange` events as devices come and go. Every call needs
 * DISTRIBUTED_DATASYNC, as on the reference system.
 */
import type { DistributedNetwork, PeerInfo } from './network.js';
import { DATASYNC_PERMISSION, paramError, permissionDenied, promiseOrCallback } from './business-error.js';

export const DeviceStateChange = { UNKNOWN: 0, AVAILABLE: 1, UNAVAILABLE: 2 } as const;

/** Device type codes the reference returns from getLocalDeviceType()/getDeviceType(). */
export const DEVICE_TYPE_CODES: Record<string, number> = {
  phone: 0x0e, tablet: 0x11, wearable: 0x6d, tv: 0x9c, car: 0x83, '2in1': 0xa2,
};

export interface DeviceBasicInfo {
  deviceId: string;
  deviceName: string;
  deviceType: string;
  networkId: string;
}

export interface DeviceManagerEnv {
  network: DistributedNetwork;
  bundleName: string;
  permissions: string[];
}

type StateListener = (data: { action: number; device: DeviceBasicInfo }) => void;

export function toDeviceBasicInfo(p: PeerInfo): DeviceBasicInfo {
  return { deviceId: p.deviceId, deviceName: p.deviceName, deviceType: p.deviceType, networkId: p.deviceId };
}

export class DeviceManager {
  private readonly listeners = new Map<StateListener, () => void>();
  private released = false;

  constructor(private readonly env: DeviceManagerEnv) {}

  private check(api: string): void {
    if (!this.env.permissions.includes(DATASYNC_PERMISSION)) throw permissionDenied(api);
  }

  getAvailableDeviceListSync(): DeviceBasicInfo[] {
    this.check('getAvailableDeviceListSync');
    return this.env.network.peers().map(toDeviceBasicInfo);
  }

  getAvailableDeviceList(callback?: unknown): Promise<DeviceBasicInfo[]> | undefined {
    this.check('getAvailableDeviceList');
    return promiseOrCallback(callback, async () => this.env.network.peers().map(toDeviceBasicInfo));
  }

  getLocalDeviceNetworkId(): string {
    this.check('getLocalDeviceNetworkId');
    return this.env.network.local.deviceId;
  }

  getLocalDeviceId(): string {
    this.check('getLocalDeviceId');
    return this.env.network.local.deviceId;
  }

  getLocalDeviceName(): string {
    this.check('getLocalDeviceName');
    return this.env.network.local.deviceName;
  }

  getLocalDeviceType(): number {
    this.check('getLocalDeviceType');
    return DEVICE_TYPE_CODES[this.env.network.local.deviceType] ?? 0;
  }

  getDeviceName(networkId: string): string {
    this.check('getDeviceName');
    return this.peer(networkId).deviceName;
  }

  getDeviceType(networkId: string): number {
    this.check('getDeviceType');
    return DEVICE_TYPE_CODES[this.peer(networkId).deviceType] ?? 0;
  }

  on(event: 'deviceStateChange', callback: StateListener): void {
    this.check('on(deviceStateChange)');
    if (event !== 'deviceStateChange') throw paramError(`unsupported event '${String(event)}'.`);
    if (typeof callback !== 'function') throw paramError('callback must be a function.');
    if (this.listeners.has(callback) || this.released) return;
    const off = this.env.network.onPeerChange((change) => {
      callback({
        action: change.kind === 'join' ? DeviceStateChange.AVAILABLE : DeviceStateChange.UNAVAILABLE,
        device: toDeviceBasicInfo(change.peer),
      });
    });
    this.listeners.set(callback, off);
  }

  off(event: 'deviceStateChange', callback?: StateListener): void {
    this.check('off(deviceStateChange)');
    for (const [cb, off] of [...this.listeners]) {
      if (!callback || cb === callback) {
        off();
        this.listeners.delete(cb);
      }
    }
  }

  /** @internal releaseDeviceManager */
  release(): void {
    this.released = true;
    for (const off of this.listeners.values()) off();
    this.listeners.clear();
  }

  private peer(networkId: string): PeerInfo {
    if (typeof networkId !== 'string' || !networkId) throw paramError('networkId must be a non-empty string.');
    if (networkId === this.env.network.local.deviceId) return this.env.network.local;
    const p = this.env.network.peers().find((x) => x.deviceId === networkId);
    if (!p) throw paramError(`no trusted device with networkId '${networkId}'.`);
    return p;
  }
}

export function createDeviceManagerNamespace(env: DeviceManagerEnv): Record<string, unknown> {
  const ns = {
    DeviceStateChange,
    createDeviceManager(bundleName: string): DeviceManager {
      if (typeof bundleName !== 'string' || !bundleName) throw paramError('bundleName must be a non-empty string.');
      if (bundleName !== env.bundleName) throw paramError(`bundleName '${bundleName}' is not this app (${env.bundleName}).`);
      return new DeviceManager(env);
    },
    releaseDeviceManager(dm: DeviceManager): void {
      if (!(dm instanceof DeviceManager)) throw paramError('expected a DeviceManager.');
      dm.release();
    },
  };
  return { ...ns, default: ns };
}
