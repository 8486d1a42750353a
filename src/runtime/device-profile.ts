/**
 * Device profiles of every HarmonyOS form factor, in logical vp. The runtime lays out against them; the emulator
 * and preview pick them by name. `watch` and `pc` are the common aliases of `wearable` and `2in1`.
 */
export type DeviceType = 'phone' | 'tablet' | '2in1' | 'wearable' | 'tv' | 'car';

export interface DeviceProfile {
  type: DeviceType;
  /** Logical size in vp. */
  width: number;
  height: number;
  /** Physical pixels per vp. */
  density: number;
  shape: 'rect' | 'round';
}

export const DEVICE_PROFILES: Record<DeviceType, DeviceProfile> = {
  phone: { type: 'phone', width: 360, height: 780, density: 3, shape: 'rect' },
  tablet: { type: 'tablet', width: 800, height: 1280, density: 2, shape: 'rect' },
  '2in1': { type: '2in1', width: 1280, height: 800, density: 2, shape: 'rect' },
  wearable: { type: 'wearable', width: 233, height: 233, density: 2, shape: 'round' },
  tv: { type: 'tv', width: 960, height: 540, density: 2, shape: 'rect' },
  car: { type: 'car', width: 1280, height: 720, density: 2, shape: 'rect' },
};

export const DEVICE_TYPES = Object.keys(DEVICE_PROFILES) as DeviceType[];
export const DEVICE_ALIASES: Record<string, DeviceType> = { watch: 'wearable', pc: '2in1' };

/** `watch` → `wearable`, `pc` → `2in1`; undefined for an unknown name. `default` (module.json5) means phone. */
export function normalizeDeviceType(name: string): DeviceType | undefined {
  const n = name.trim().toLowerCase();
  if (n === 'default') return 'phone';
  if ((DEVICE_TYPES as string[]).includes(n)) return n as DeviceType;
  return DEVICE_ALIASES[n];
}
