/**
 * Paces call starts once an API has answered HTTP 429, at the rate it was seen to accept, so a large stack runs
 * close to the limit instead of alternating bursts of 429s and idle pauses. Before the first 429 it does nothing:
 * an API that never says 429 is never slowed down (Altcraft publishes no limits).
 *
 * The rules, and why:
 * - A 429 means the server's allowance (e.g. a token bucket) is empty at that moment. Between two such moments,
 *   everything it accepted is what it allowed in that time, so calls completed ÷ time between two 429s is the
 *   accepted rate: a measurement, not a guess, once the two are far enough apart to average out jitter
 *   ({@link MEASURE_WINDOW_MS}). Leaving the allowance unused for a while does not spoil it: the server banks what
 *   is not used (up to its burst), and the second 429 only comes once the bank is spent.
 * - At the first 429 there is no earlier one to measure from. The calls completed in the few seconds before it
 *   ({@link HISTORY_MS}, while they flowed) are the rate over that span plus whatever the server had banked at its
 *   start, at most its burst. Assuming the burst is at most one second's worth ({@link ASSUMED_BURST_MS}; the
 *   usual token bucket, and the emulator's), calls ÷ (span + 1 s) is at most the rate, and close to it once the
 *   span is long. Pacing starts there and climbs (doubling every {@link DOUBLING_MS}) until the next 429, which
 *   comes soon after it passes the rate (starting low costs little: the server banks what is left unused). A larger
 *   burst only makes this first pace too high until the measurement a second later.
 * - A 429 closer than the window to the one the measurement runs from stops the climb until the window is over:
 *   the rate is reached, and climbing on would only bring more 429s. From {@link ROUGH_WINDOW_MS} on, the pace
 *   also drops to the rate measured so far if that is lower: rough, but better than staying above the limit.
 * - After a measurement, pacing restarts a little below it ({@link BELOW_MEASURED}), so the server banks a few
 *   calls to absorb jitter, and climbs slowly and linearly ({@link PROBE_AFTER_MEASURE}): it meets the limit again
 *   only now and then (re-measuring it each time) and finds a raised limit. Every 429 costs its call a whole
 *   Retry-After, which at the end of a run is pure loss, so rare is better than fast here. Having doubled the
 *   measured rate without a 429, the limit has gone or grown out of sight: pacing stops until the next 429.
 * - The climb goes on only while calls wait for their paced start: when they can start at once, the pace is not
 *   what holds the work back, and probing past the limit would only cost 429s (each of which makes its call wait a
 *   whole Retry-After) for nothing.
 * - Each 429 holds the next start back by one interval: the refused call will retry (after its Retry-After, which
 *   the SDK honours for it) and needs one of the server's calls then, so one new start gives its place up.
 * - Pacing is never slower than one start per Retry-After of the latest 429, so calls keep flowing even when
 *   nothing got through in a window.
 */

/** The shortest time between two 429s that counts as a measurement of the accepted rate. */
export const MEASURE_WINDOW_MS = 1_000;
/** The shortest time between two 429s whose measurement may lower the pace before the window is over. */
export const ROUGH_WINDOW_MS = 250;
/** How far back completions count for the first pace, after the first 429. */
export const HISTORY_MS = 5_000;
/** The largest burst (in ms of the rate) the first pace allows for. */
export const ASSUMED_BURST_MS = 1_000;
/** Until the first measurement, the paced rate doubles every this many ms. */
export const DOUBLING_MS = 2_000;
/** After a measurement, the paced rate grows by this share of the measured rate per second. */
export const PROBE_AFTER_MEASURE = 0.005;
/** The share of a measured rate that pacing restarts at. */
export const BELOW_MEASURED = 0.97;

/** Where the paced rate starts and how it climbs from there. */
interface Pace {
  /** Calls per second at `since`. */
  rate: number;
  /** When the climb starts (later than now while a climb is stopped). */
  since: number;
  /** The rate last measured between two 429s; null until there is one (the climb doubles until then). */
  measured: number | null;
}

/** Decides when each call may start. Times are milliseconds on the caller's clock. */
export class Pacer {
  private pace: Pace | null = null;
  private completed = 0;
  /** Completion times of the last {@link HISTORY_MS}, kept only while not pacing (for the first pace). */
  private recent: number[] = [];
  private recentStart = 0;
  /** The 429 that the next measurement runs from, with the completions counted then. */
  private anchor = { at: 0, completed: 0 };
  private nextStartAt = 0;
  private maxIntervalMs = Infinity;
  /** True while calls start without waiting for the pace: the climb holds. */
  private holding = false;

  /** True once a 429 has switched pacing on (and until it switches itself off again). */
  get pacing(): boolean {
    return this.pace !== null;
  }

  /** The paced rate at `now` in calls per second, or null when calls are not paced (this ends a pace that doubled). */
  rateAt(now: number): number | null {
    const pace = this.pace;
    if (!pace) return null;
    const elapsed = this.holding ? 0 : Math.max(0, now - pace.since);
    if (pace.measured === null) return pace.rate * 2 ** (elapsed / DOUBLING_MS);
    const rate = pace.rate + (pace.measured * PROBE_AFTER_MEASURE * elapsed) / 1000;
    if (rate >= 2 * pace.measured) {
      this.pace = null;
      return null;
    }
    return rate;
  }

  /** Reserves the next start for a call that is ready at `now`; returns how long it must wait (0: start now). */
  reserve(now: number): number {
    // The climb only counts time in which calls had to wait for their start (as seen at the previous reservation).
    if (this.pace && this.holding) this.pace = { ...this.pace, since: Math.max(now, this.pace.since) };
    const rate = this.rateAt(now);
    if (rate === null) return 0;
    this.holding = this.nextStartAt <= now;
    if (this.pace && this.holding) this.pace = { ...this.pace, rate, since: Math.max(now, this.pace.since) };
    const at = Math.max(now, this.nextStartAt);
    this.nextStartAt = at + this.intervalMs(rate);
    return at - now;
  }

  /** Counts a call that finished (the server accepted it, or it failed for another reason than the rate). */
  onCompleted(now: number): void {
    this.completed++;
    if (this.pace) return;
    this.recent.push(now);
    const oldest = now - HISTORY_MS;
    while (this.recentStart < this.recent.length && (this.recent[this.recentStart] as number) <= oldest) this.recentStart++;
    // Drop the expired head now and then rather than shifting the array on every call.
    if (this.recentStart > 1_024) {
      this.recent = this.recent.slice(this.recentStart);
      this.recentStart = 0;
    }
  }

  /** The first pace: calls completed recently ÷ (their span + the largest burst assumed), at least 1 call/s. */
  private firstPace(now: number): number {
    const history = this.recent.slice(this.recentStart).filter((t) => t > now - HISTORY_MS);
    this.recent = [];
    this.recentStart = 0;
    const span = history.length > 0 ? now - (history[0] as number) : 0;
    return Math.max(1, (history.length * 1000) / (span + ASSUMED_BURST_MS));
  }

  /** Learns from a 429 whose call will retry after `retryAfterMs`. */
  onRateLimited(now: number, retryAfterMs: number): void {
    // The server's own delay bounds the interval: a Retry-After of 0 says calls may go on at once, and a short client
    // backoff (no Retry-After) still spaces them; a floor of a second here held every later call of a long-lived
    // process to one a second after a single 429 (the fault-matrix suite went from 2 to 5 minutes).
    this.maxIntervalMs = Math.max(1, retryAfterMs);
    const current = this.rateAt(now);
    if (current === null) {
      this.pace = { rate: this.firstPace(now), since: now, measured: null };
      this.anchor = { at: now, completed: this.completed };
      this.nextStartAt = now;
    } else if (now - this.anchor.at >= MEASURE_WINDOW_MS) {
      const measured = Math.max(1, ((this.completed - this.anchor.completed) * 1000) / (now - this.anchor.at));
      this.pace = { rate: measured * BELOW_MEASURED, since: now, measured };
      this.anchor = { at: now, completed: this.completed };
    } else {
      const elapsed = now - this.anchor.at;
      const rough = elapsed >= ROUGH_WINDOW_MS ? ((this.completed - this.anchor.completed) * 1000) / elapsed : Infinity;
      const rate = Math.max(1, Math.min(current, rough));
      const measured = this.pace?.measured ?? null;
      this.pace = { rate, since: Math.max(now, this.anchor.at + MEASURE_WINDOW_MS), measured };
    }
    const rate = this.rateAt(now) as number;
    this.nextStartAt = Math.max(this.nextStartAt, now) + this.intervalMs(rate);
  }

  private intervalMs(rate: number): number {
    return Math.min(1000 / rate, this.maxIntervalMs);
  }
}
