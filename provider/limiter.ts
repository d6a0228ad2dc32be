/**
 * Bounds how many API calls one provider process makes at once and, once the API has answered HTTP 429, spaces
 * call starts at the rate it accepts (see {@link Pacer}), so a large stack uses the limit instead of spending its
 * retry budget on 429s. Before any 429 there is no pacing at all.
 */
import { Pacer } from "./pacer";

/** The time source the limiter waits on; tests inject a fake one. */
export interface LimiterClock {
  now(): number;
  sleep(ms: number): Promise<void>;
}

/** The real clock: monotonic, so a wall-clock step (NTP, a resumed VM) cannot stretch a paced wait. */
export const realClock: LimiterClock = {
  now: () => performance.now(),
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
};

/** Runs API calls under a concurrency bound and, after a 429, at a paced rate. */
export class CallLimiter {
  private active = 0;
  private readonly waiting: (() => void)[] = [];
  private readonly pacer = new Pacer();

  constructor(
    private readonly maxConcurrency: number,
    private readonly clock: LimiterClock = realClock,
  ) {}

  /** Runs `task` once a slot is free and its paced start time has come. */
  async run<T>(task: () => Promise<T>): Promise<T> {
    await this.acquire();
    try {
      return await task();
    } finally {
      this.pacer.onCompleted(this.clock.now());
      this.release();
    }
  }

  /**
   * The API refused a call with 429 and the SDK retries it after `retryAfterMs` (the server's Retry-After, which
   * wins for that call). Calls not started yet are paced from now on rather than held for the whole delay.
   */
  rateLimited(retryAfterMs: number): void {
    this.pacer.onRateLimited(this.clock.now(), retryAfterMs);
  }

  /** The paced rate in calls per second, or null while calls are not paced (for logs and tests). */
  pacedRate(): number | null {
    return this.pacer.rateAt(this.clock.now());
  }

  private async acquire(): Promise<void> {
    if (this.active >= this.maxConcurrency) {
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else {
      this.active++;
    }
    // The slot is taken first and the start reserved in slot order, so calls keep their order and starts are
    // spaced evenly rather than released in bunches as slots free up.
    const wait = this.pacer.reserve(this.clock.now());
    if (wait > 0) await this.clock.sleep(wait);
  }

  private release(): void {
    const next = this.waiting.shift();
    // The slot passes straight to the next waiter, so `active` stays counted.
    if (next) next();
    else this.active--;
  }
}
