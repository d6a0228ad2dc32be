/**
 * A record list with a count cap and a byte budget: the oldest entries are dropped first, so an emulator that runs
 * for days in a user's CI keeps bounded memory whatever it is sent (issue 12). The array stays live: callers read
 * `entries` like any array (`length`, `filter`, `[0]`) and `reset()` empties it in place.
 */

/** The caps of one log. */
export interface LogLimits {
  maxEntries: number;
  maxBytes: number;
}

/** Counters of one log, for tests and the admin API. */
export interface LogStats {
  /** Entries ever added (also those dropped since). */
  received: number;
  /** Entries dropped to stay within the caps. */
  dropped: number;
  /** Accounted size of the entries kept. */
  bytes: number;
  maxEntries: number;
  maxBytes: number;
}

/** A live, capped, oldest-first array of records with an accounted size per record. */
export class BoundedLog<T> {
  /** The records kept, oldest first. Live: the same array for the emulator's lifetime. */
  readonly entries: T[] = [];
  private readonly sizes: number[] = [];
  private bytes = 0;
  private received = 0;
  private dropped = 0;

  constructor(private readonly limits: LogLimits) {}

  /**
   * Adds a record of `size` accounted bytes, then drops the oldest until both caps hold. A record larger than the
   * whole budget is still added and then dropped, so it is counted in `received` and `dropped` but never kept.
   */
  push(entry: T, size: number): void {
    this.resync();
    this.entries.push(entry);
    this.sizes.push(size);
    this.bytes += size;
    this.received += 1;
    while (this.entries.length > 0 && (this.entries.length > this.limits.maxEntries || this.bytes > this.limits.maxBytes)) {
      this.entries.shift();
      this.bytes -= this.sizes.shift() ?? 0;
      this.dropped += 1;
    }
  }

  /** Callers may truncate the live array themselves (`requests.length = 0`); keep the accounting in step. */
  private resync(): void {
    const extra = this.sizes.length - this.entries.length;
    if (extra === 0) return;
    if (extra > 0) this.sizes.splice(0, extra);
    else this.sizes.unshift(...new Array<number>(-extra).fill(0));
    this.bytes = this.sizes.reduce((sum, size) => sum + size, 0);
  }

  /** Empties the log in place and zeroes its counters. */
  clear(): void {
    this.entries.length = 0;
    this.sizes.length = 0;
    this.bytes = 0;
    this.received = 0;
    this.dropped = 0;
  }

  /** A copy of the counters. */
  stats(): LogStats {
    this.resync();
    return { received: this.received, dropped: this.dropped, bytes: this.bytes, ...this.limits };
  }
}
