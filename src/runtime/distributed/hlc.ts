/**
 * Hybrid logical clock (HLC): physical milliseconds + a logical counter + the node id as the final tie-break.
 * Timestamps from devices whose wall clocks disagree still order causally (a receive never goes backwards), and any
 * two timestamps compare deterministically, so every replica picks the same last writer.
 */
export interface HlcTimestamp {
  /** Physical part, ms since the epoch (the highest wall time this clock has seen). */
  w: number;
  /** Logical counter within the same physical ms. */
  l: number;
  /** Node (device) id: the deterministic tie-break. */
  n: string;
}

export function compareHlc(a: HlcTimestamp, b: HlcTimestamp): number {
  if (a.w !== b.w) return a.w < b.w ? -1 : 1;
  if (a.l !== b.l) return a.l < b.l ? -1 : 1;
  return a.n < b.n ? -1 : a.n > b.n ? 1 : 0;
}

export function isHlcTimestamp(x: unknown): x is HlcTimestamp {
  const t = x as HlcTimestamp;
  return typeof t === 'object' && t !== null && Number.isSafeInteger(t.w) && t.w >= 0 && Number.isSafeInteger(t.l) && t.l >= 0
    && typeof t.n === 'string' && t.n.length > 0;
}

export class HybridLogicalClock {
  private wall = 0;
  private logical = 0;

  /** `physicalNow` is injectable so tests can give devices skewed clocks. */
  constructor(readonly node: string, private readonly physicalNow: () => number = Date.now) {}

  /** A timestamp for a local event, strictly greater than every timestamp this clock issued or received. */
  now(): HlcTimestamp {
    const pt = this.physicalNow();
    if (pt > this.wall) {
      this.wall = pt;
      this.logical = 0;
    } else {
      this.logical++;
    }
    return { w: this.wall, l: this.logical, n: this.node };
  }

  /** Merges a remote timestamp so that later local events order after it. */
  receive(remote: HlcTimestamp): void {
    const pt = this.physicalNow();
    const w = Math.max(this.wall, remote.w, pt);
    if (w === this.wall && w === remote.w) this.logical = Math.max(this.logical, remote.l) + 1;
    else if (w === this.wall) this.logical++;
    else if (w === remote.w) this.logical = remote.l + 1;
    else this.logical = 0;
    this.wall = w;
  }
}
