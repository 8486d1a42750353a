/**
 * Device ids: `<type>-<n>` numbered per type (`phone-1`, `phone-2`, `wearable-1`), with the common alias also
 * answering (`watch-1`, `pc-1`). `all` means one device of every type. Ids that another running host already uses
 * (`taken`) are skipped, so every device of one HMOS_HOME has its own id, data folder and place on the Super Device
 * network: a second host's phone is `phone-2`.
 */
import { HmosError } from '../errors.js';
import { DEVICE_ALIASES, DEVICE_TYPES, normalizeDeviceType, type DeviceType } from '../runtime/device-profile.js';

export interface DeviceSpec {
  id: string;
  type: DeviceType;
  aliases: string[];
}

export function parseDeviceTypes(names: string[]): DeviceType[] {
  const out: DeviceType[] = [];
  for (const raw of names.flatMap((n) => n.split(',')).map((n) => n.trim()).filter(Boolean)) {
    if (raw.toLowerCase() === 'all') {
      out.push(...DEVICE_TYPES);
      continue;
    }
    const type = normalizeDeviceType(raw);
    if (!type || raw.toLowerCase() === 'default') {
      const valid = [...DEVICE_TYPES, ...Object.keys(DEVICE_ALIASES), 'all'];
      throw new HmosError('UNKNOWN_DEVICE_TYPE', `unknown device type "${raw}"; valid types: ${valid.join(', ')}`);
    }
    out.push(type);
  }
  return out;
}

export function assignDeviceIds(types: DeviceType[], taken: ReadonlySet<string> = new Set()): DeviceSpec[] {
  const counts = new Map<string, number>();
  return types.map((type) => {
    const n = nextDeviceNumber(type, counts.get(type) ?? 0, taken);
    counts.set(type, n);
    return deviceSpec(type, n);
  });
}

/** The first number after `after` whose `<type>-<n>` id is not `taken`. */
export function nextDeviceNumber(type: DeviceType, after: number, taken: ReadonlySet<string>): number {
  let n = after + 1;
  while (taken.has(`${type}-${n}`)) n++;
  return n;
}

/** The aliases an id answers to as well (`wearable-2` → `watch-2`). */
export function aliasesOfId(id: string): string[] {
  const m = /^(.+)-(\d+)$/.exec(id);
  const type = m && normalizeDeviceType(m[1]!);
  return type ? deviceSpec(type, Number(m![2])).aliases : [];
}

/**
 * The one with this id or alias (case does not matter): `watch-1` finds `wearable-1` whether or not the list carries
 * its aliases. Every place that picks a device by what a user typed goes through here.
 */
export function findById<T extends { id: string; aliases?: readonly string[] }>(items: readonly T[], wanted: string): T | undefined {
  const w = wanted.toLowerCase();
  return items.find((d) => d.id.toLowerCase() === w || (d.aliases ?? []).includes(w) || aliasesOfId(d.id).includes(w));
}

function deviceSpec(type: DeviceType, n: number): DeviceSpec {
  const aliases = Object.entries(DEVICE_ALIASES).filter(([, t]) => t === type).map(([a]) => `${a}-${n}`);
  return { id: `${type}-${n}`, type, aliases };
}

function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array(b.length).fill(0)]);
  for (let j = 1; j <= b.length; j++) d[0][j] = j;
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
  }
  return d[a.length][b.length];
}

/** Ids close to `wanted` (edit distance ≤ 3, or the same type), nearest first. */
function nearIds(wanted: string, ids: string[]): string[] {
  const w = wanted.toLowerCase().slice(0, 64);
  return ids
    .map((id) => ({ id, d: distance(w, id.toLowerCase()) }))
    .filter(({ id, d }) => d <= 3 || id.split('-')[0] === w.split('-')[0])
    .sort((a, b) => a.d - b.d)
    .map(({ id }) => id);
}

export function deviceNotFound(wanted: string, ids: string[]): HmosError {
  const near = nearIds(wanted, ids);
  const list = ids.length > 20 ? `${ids.slice(0, 20).join(', ')} and ${ids.length - 20} more` : ids.join(', ');
  const hint = !ids.length ? ' (no devices are running; start some with `hmos emulate --headless`)'
    : `${near.length ? ` — did you mean ${near.slice(0, 3).join(', ')}?` : ''} (devices: ${list}; \`hmos devices\` lists them)`;
  return new HmosError('DEVICE_NOT_FOUND', `no device "${wanted.slice(0, 64)}"${hint}`);
}
