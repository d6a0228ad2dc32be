/** A token bucket: a burst of one second's worth of requests, refilled continuously at the configured rate. */

/** The verdict on one request. */
export type RateDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/** Limits requests to `requestsPerSecond`, measured on the emulator's clock. */
export class TokenBucket {
  private readonly capacity: number;
  private tokens: number;
  private last: number;

  constructor(
    private readonly requestsPerSecond: number,
    private readonly retryAfterSeconds: number | undefined,
    private readonly now: () => number,
  ) {
    if (!(requestsPerSecond > 0) || !Number.isFinite(requestsPerSecond)) {
      throw new RangeError("rateLimit.requestsPerSecond must be a positive number");
    }
    if (retryAfterSeconds !== undefined && !(Number.isInteger(retryAfterSeconds) && retryAfterSeconds >= 0)) {
      throw new RangeError("rateLimit.retryAfterSeconds must be a non-negative integer");
    }
    this.capacity = Math.max(1, requestsPerSecond);
    this.tokens = this.capacity;
    this.last = now();
  }

  /** Takes a token for one request, or says how long to wait. */
  take(): RateDecision {
    const now = this.now();
    this.tokens = Math.min(this.capacity, this.tokens + ((now - this.last) / 1000) * this.requestsPerSecond);
    this.last = now;
    if (this.tokens >= 1) {
      this.tokens -= 1;
      return { allowed: true };
    }
    const wait = this.retryAfterSeconds ?? Math.max(1, Math.ceil((1 - this.tokens) / this.requestsPerSecond));
    return { allowed: false, retryAfterSeconds: wait };
  }

  /** Refills the bucket. */
  reset(): void {
    this.tokens = this.capacity;
    this.last = this.now();
  }
}
