import { FixedOffsetZone, IANAZone, Zone } from 'luxon';

/**
 * An IANA zone for luxon that remembers offsets. Luxon asks Intl for an offset on every
 * DateTime it builds (about 20 µs each), and the simulator builds millions; this keeps its
 * answers per hour so each hour of each zone is asked once.
 *
 * Luxon still computes every offset: this only reuses them. An hour whose start and end
 * have the same offset is read as that offset throughout; an hour that holds a change (its
 * two ends differ) is asked of luxon for the exact instant. That is exact as long as no zone
 * changes its offset and back within one hour, which no zone does.
 */
class CachedIanaZone extends Zone {
  private readonly inner: IANAZone;
  private readonly offsetAtHourStart = new Map<number, number>();

  constructor(name: string) {
    super();
    this.inner = IANAZone.create(name);
  }

  override get type(): string {
    return this.inner.type;
  }

  override get name(): string {
    return this.inner.name;
  }

  get ianaName(): string {
    return this.inner.name;
  }

  override get isUniversal(): boolean {
    return false;
  }

  override get isValid(): boolean {
    return this.inner.isValid;
  }

  override offsetName(ts: number, opts: { format?: 'short' | 'long'; locale?: string }): string | null {
    return this.inner.offsetName(ts, opts);
  }

  override formatOffset(ts: number, format: 'narrow' | 'short' | 'techie'): string {
    return this.inner.formatOffset(ts, format);
  }

  override equals(other: Zone): boolean {
    return other.type === this.type && other.name === this.name;
  }

  override offset(ts: number): number {
    const hour = Math.floor(ts / HOUR_MS);
    const atStart = this.hourStartOffset(hour);
    return atStart === this.hourStartOffset(hour + 1) ? atStart : this.inner.offset(ts);
  }

  private hourStartOffset(hour: number): number {
    let offset = this.offsetAtHourStart.get(hour);
    if (offset === undefined) {
      // About 9 years of hours: plenty for any simulation, bounded for a long-lived server.
      if (this.offsetAtHourStart.size >= 80_000) this.offsetAtHourStart.clear();
      offset = this.inner.offset(hour * HOUR_MS);
      this.offsetAtHourStart.set(hour, offset);
    }
    return offset;
  }
}

const HOUR_MS = 3_600_000;
const zones = new Map<string, Zone>();

/**
 * The luxon zone to compute `name` in: UTC as luxon's fixed zone, any other valid IANA name
 * as a shared caching zone. The caller has checked that `name` is valid.
 */
export function cachedZone(name: string): Zone {
  let zone = zones.get(name);
  if (zone === undefined) {
    zone = name === 'UTC' ? FixedOffsetZone.utcInstance : new CachedIanaZone(name);
    // Zone names come from leads; a cap keeps a flood of distinct names bounded.
    if (zones.size >= 1000) zones.clear();
    zones.set(name, zone);
  }
  return zone;
}
