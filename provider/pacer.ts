/**
 * Paces call starts once an API has answered HTTP 429, at the rate it was seen to accept, so a large stack runs
 * close to the limit instead of alternating bursts of 429s and idle pauses. Before the first 429 it does nothing:
 * an API that never says 429 is never slowed down (Altcraft publishes no limits).
 *
 * The rules, and why:
 * - A 429 means the server's allowance (e.g. a token bucket) is empty at that moment. Between two such moments,
 *   everything it accepted is what it allowed in that time, so calls completed ÷ time between two 429s is the
 *   accepted rate (a sound measurement, not a guess), provided the window is long enough to average out jitter
 *   ({@link MEASURE_WINDOW_MS}).
 * - At the first 429 there is no earlier one to measure from: the last second's completions may include a whole
 *   burst the server allowed on top of its rate, so pacing starts at half of them ({@link FIRST_GUESS_SHARE}; never
 *   above the rate when the burst is at most one second's worth) and climbs quickly ({@link PROBE_BEFORE_MEASURE})
 *   until the next 429 gives a measurement. Starting low costs nothing while the server banks what we leave unused.
 * - After a measurement, pacing starts a little below it ({@link BELOW_MEASURED}), so the server banks a few calls
 *   for jitter, and climbs slowly ({@link PROBE_AFTER_MEASURE}, additive in time): it meets the limit again only now
 *   and then (each time re-measuring it), and finds a raised limit. Having doubled the measured rate without a 429,
 *   the limit has gone or grown out of sight, so pacing stops until the next 429.
 * - Each 429 holds the next start back by one interval: the refused call will retry (after its Retry-After, which
 *   the SDK honours for it) and needs one of the server's calls then, so one new start gives its place up.
 * - Pacing is never slower than one start per Retry-After of the latest 429, so calls keep flowing even when
 *   nothing got through in a window.
 */

/** The shortest time between two 429s that counts as a measurement of the accepted rate. */
export const MEASURE_WINDOW_MS = 1_000;
/** The share of the last second's completions that pacing starts at, after the first 429. */
export const FIRST_GUESS_SHARE = 0.5;
/** Growth of the paced rate per second, as a share of its starting rate, until the first measurement. */
export const PROBE_BEFORE_MEASURE = 0.25;
/** Growth of the paced rate per second, as a share of its starting rate, after a measurement. */
export const PROBE_AFTER_MEASURE = 0.02;
/** The share of a measured rate that pacing restarts at. */
export const BELOW_MEASURED = 0.97;

/** Where the paced rate starts and how fast it climbs from there. */
interface Pace {
  /** Calls per second at `since`. */
  rate: number;
  since: number;
  /** Growth per second, as a share of `rate`. */
  probe: number;
  /** The rate last measured between two 429s, when there was one. */
  measured: number | null;
}

/** Decides when each call may start. Times are milliseconds on the caller's clock. */
export class Pacer {
  private pace: Pace | null = null;
  private completed = 0;
  /** Completion times of the last second, kept only until the first 429 (for the first guess). */
  private recent: number[] = [];
  /** The latest 429 that a measurement may start from, with the completions counted then. */
  private anchor = { at: 0, completed: 0 };
  private nextStartAt = 0;
  private maxIntervalMs = Infinity;

  /** True once a 429 has switched pacing on (and until it switches itself off again). */
  get pacing(): boolean {
    return this.pace !== null;
  }

  /** The paced rate at `now` in calls per second, or null when calls are not paced. */
  rateAt(now: number): number | null {
    const pace = this.pace;
    if (!pace) return null;
    const rate = pace.rate * (1 + (pace.probe * Math.max(0, now - pace.since)) / 1000);
    if (pace.measured !== null && rate >= 2 * pace.measured) {
      this.pace = null;
      return null;
    }
    return rate;
  }

  /** Reserves the next start for a call that is ready at `now`; returns how long it must wait (0: start now). */
  reserve(now: number): number {
    const rate = this.rateAt(now);
    if (rate === null) return 0;
    const at = Math.max(now, this.nextStartAt);
    this.nextStartAt = at + this.intervalMs(rate);
    return at - now;
  }

  /** Counts a call that finished (the server accepted it, or it failed for another reason than the rate). */
  onCompleted(now: number): void {
    this.completed++;
    if (this.pace) return;
    this.recent.push(now);
    while (this.recent.length > 0 && (this.recent[0] as number) <= now - 1_000) this.recent.shift();
  }

  /** Learns from a 429 whose call will retry after `retryAfterMs`. */
  onRateLimited(now: number, retryAfterMs: number): void {
    this.maxIntervalMs = Math.max(1, retryAfterMs);
    const pace = this.pace;
    if (!pace) {
      const lastSecond = this.recent.filter((t) => t > now - 1_000).length;
      this.recent = [];
      this.pace = { rate: Math.max(1, lastSecond * FIRST_GUESS_SHARE), since: now, probe: PROBE_BEFORE_MEASURE, measured: null };
      this.anchor = { at: now, completed: this.completed };
      this.nextStartAt = now;
    } else if (now - this.anchor.at >= MEASURE_WINDOW_MS) {
      const measured = ((this.completed - this.anchor.completed) * 1000) / (now - this.anchor.at);
      this.pace = { rate: Math.max(1, measured * BELOW_MEASURED), since: now, probe: PROBE_AFTER_MEASURE, measured: Math.max(1, measured) };
      this.anchor = { at: now, completed: this.completed };
    }
    const rate = this.rateAt(now) as number;
    this.nextStartAt = Math.max(this.nextStartAt, now) + this.intervalMs(rate);
  }

  private intervalMs(rate: number): number {
    return Math.min(1000 / rate, this.maxIntervalMs);
  }
}
